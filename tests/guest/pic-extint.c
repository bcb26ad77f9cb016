/*
 * PIC delivery with the LAPIC enabled: every IOAPIC pin masked, the 8259
 * pair unmasked for IRQ 0 only, LVT0 in ExtINT mode. PIT ticks must come
 * through the PIC on its vector; with IF=0 the request waits in the PIC
 * and is taken right after sti (under split the VMM injects it at the
 * interrupt window); masking LVT0 holds PIC interrupts back and unmasking
 * lets them in again; masking IRQ 0 in the IMR stops them.
 */
#include "guest.h"

#define PIC_MASTER_BASE 0x20
#define PIC_SLAVE_BASE  0x28
#define WAIT_MS         200

static volatile int ticks;
static volatile int last_vector = -1;

static void pic_handler(struct ex_regs *r)
{
    ticks++;
    last_vector = (int)r->vector;
    pic_eoi((unsigned)r->vector - PIC_MASTER_BASE);
}

/* Poll the PIC's IRR (IF=0) until IRQ 0 is requested. */
static bool wait_irr0(unsigned ms)
{
    uint64_t deadline = tsc_deadline_ms(ms);

    while (!(pic_irr() & 1)) {
        if (rdtsc() >= deadline) {
            return false;
        }
        cpu_relax();
    }
    return true;
}

int main(void)
{
    struct madt_info madt;
    int n, after_sti;

    intr_setup(&madt);
    ioapic_mask_all();
    for (unsigned v = PIC_MASTER_BASE; v < PIC_MASTER_BASE + 16; v++) {
        set_interrupt_handler(v, pic_handler);
    }
    pic_init(PIC_MASTER_BASE, PIC_SLAVE_BASE, 0xfffe);
    lapic_write(APIC_LVT0, APIC_LVT_DM_EXTINT);
    pit_ch0_periodic(PIT_DIVISOR_1MS);
    irq_enable();

    report(wait_count(&ticks, 5, WAIT_MS),
           "PIT ticks arrive through the PIC (LVT0 ExtINT)");
    report_eq(last_vector, PIC_MASTER_BASE,
              "on the PIC's vector (master base + IRQ 0)");

    /*
     * IF=0: the tick waits in the PIC; sti lets it in at once. The PIT
     * runs at 18.2 Hz here, so a tick within 10 ms of sti is the pending
     * one, not the next (and ticks owed at the old rate are forgotten
     * when it is reprogrammed, by KVM's PIT and splitvm's alike).
     */
    irq_disable();
    pit_ch0_periodic(0);
    n = ticks;
    report(wait_irr0(WAIT_MS), "IRQ 0 pending in the PIC IRR while IF=0");
    delay_ms(3);
    report_eq(ticks - n, 0, "no PIC interrupt while IF=0");
    irq_enable();
    after_sti = wait_count(&ticks, n + 1, 10);
    report(after_sti, "the pending PIC interrupt is taken right after sti");
    pit_ch0_periodic(PIT_DIVISOR_1MS);

    /* LVT0 masked: the LAPIC refuses ExtINT; unmasked: it takes it. */
    lapic_write(APIC_LVT0, APIC_LVT_DM_EXTINT | APIC_LVT_MASKED);
    delay_ms(3);
    n = ticks;
    delay_ms(20);
    report_eq(ticks - n, 0, "LVT0 masked: no PIC interrupts");
    lapic_write(APIC_LVT0, APIC_LVT_DM_EXTINT);
    if (ioapic_version() == 0x11) {
        /*
         * KVM's in-kernel irqchip (whose IOAPIC is the 0x11 one) does not
         * look at a PIC request again when LVT0 is unmasked, so the
         * request that waited stays stuck until the PIC changes.
         */
        report_skip("LVT0 unmasked: in-kernel irqchip re-checks the PIC "
                    "only when the PIC changes");
        pic_set_imr(0xffff);
        pic_set_imr(0xfffe);
    } else {
        report(wait_count(&ticks, n + 3, WAIT_MS),
               "LVT0 unmasked: PIC interrupts resume");
    }

    /* IMR masks IRQ 0. */
    pic_set_imr(0xffff);
    delay_ms(3);
    n = ticks;
    delay_ms(20);
    report_eq(ticks - n, 0, "IRQ 0 masked in the PIC: no interrupts");
    pic_set_imr(0xfffe);
    report(wait_count(&ticks, n + 3, WAIT_MS),
           "IRQ 0 unmasked in the PIC: interrupts resume");

    irq_disable();
    pic_set_imr(0xffff);
    report_eq(stray_count, 0, "no interrupt on any other vector");
    report_info("%d ticks, %d spurious", ticks, spurious_count);
    report_summary();
}
