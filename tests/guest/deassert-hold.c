/*
 * A deassert nobody's exit applies (tests/functional/test_irqchip.py):
 * with kernel-irqchip=split a pc-testdev line write of 0 signals an
 * ioeventfd instead of exiting, and without a later vCPU exit only the
 * main loop applies it. The guest masks IOAPIC pin <line> (level), raises
 * the line, prints ASSERTED, lowers it again unless hold=1, prints nothing
 * more and spins with IF=0 (no exits, no interrupts) until killed; the
 * host then reads the pin's line state with "info pic".
 */
#include "guest.h"

int main(void)
{
    unsigned line = param_ulong("line", 10);
    bool hold = param_ulong("hold", 0);
    struct madt_info madt;

    intr_setup(&madt);
    ioapic_mask_all();
    ioapic_write_rte(line, 0x40 | RTE_DM_FIXED | RTE_LEVEL | RTE_MASKED |
                           RTE_DEST(lapic_id()));
    testdev_set_irq(line, 1);
    printf("ASSERTED\n");
    if (!hold) {
        testdev_set_irq(line, 0);
    }
    for (;;) {
        __asm__ volatile("" ::: "memory");
    }
}
