/*
 * Stopping PIT channel 0 while the guest makes no exits. Ticks come every
 * millisecond through the IOAPIC (edge; the handler only counts and sends
 * the LAPIC EOI, neither of which leaves the kernel), then:
 *  - stop=cw: a control word alone (`outb 0x43, 0x30`: mode 0, no count).
 *    In QEMU's userspace PIT the line goes high once and the timer stops;
 *    the datasheet agrees that the counter waits for a count. splitvm
 *    buffers port 0x43 writes (coalesced PIO, once the guest has written
 *    the port 32 times, which it does first), so this checks that the
 *    PIT's own timer applies them instead of waiting for a vCPU exit.
 *    KVM's in-kernel PIT keeps its periodic timer until a count is
 *    written, so kernel-irqchip=on runs skip this (run-guests.py).
 *  - stop=count: the control word and a count of 0xffff in mode 0, what
 *    Linux writes to shut the PIT down: the one-shot's tick comes 55 ms
 *    later, outside the 30 ms window.
 * The window is spun on the TSC, which exits neither.
 */
#include "guest.h"

#define TICK_VECTOR     0x30
#define WAIT_MS         200     /* for ticks due every millisecond */
#define WINDOW_MS       30

static volatile int ticks;

/*
 * splitvm has KVM buffer port 0x43 only from the 32nd write on
 * (docs/system/irqchip.md): latch channel 2 that often first, so that in
 * split mode the stop below really is a buffered write.
 */
static void make_control_port_buffered(void)
{
    for (int i = 0; i < 40; i++) {
        outb(PIT_MODE, 0x80);           /* latch channel 2 */
        inb(PIT_CH2);
        inb(PIT_CH2);
    }
}

static void tick_handler(struct ex_regs *r)
{
    ticks++;
    lapic_eoi();
}

int main(void)
{
    struct madt_info madt;
    bool cw_only = param_ulong("cw", 1);
    unsigned pin;
    int n;

    intr_setup(&madt);
    pin = madt.isa_gsi[0] - madt.ioapic_gsi_base;
    ioapic_mask_all();
    make_control_port_buffered();
    set_interrupt_handler(TICK_VECTOR, tick_handler);
    ioapic_write_rte(pin, TICK_VECTOR | RTE_DM_FIXED | RTE_DEST(lapic_id()));
    pit_ch0_periodic(PIT_DIVISOR_1MS);
    irq_enable();
    report(wait_count(&ticks, 3, WAIT_MS), "PIT ticks arrive");

    n = ticks;
    if (cw_only) {
        outb(PIT_MODE, 0x30);           /* channel 0, LSB+MSB, mode 0 */
    } else {
        pit_ch0_program(0, 0xffff);
    }
    delay_ms(WINDOW_MS);
    n = ticks - n;
    report_info("%d ticks in the %d ms after the stop", n, WINDOW_MS);
    /*
     * A tick already on its way, and the control word's own edge (the
     * userspace PITs compute mode 0's OUT from the old load time: high).
     */
    if (cw_only) {
        report(n <= 2, "control word alone stops channel 0 without an exit");
    } else {
        report(n <= 2, "control word and count stop channel 0");
    }
    irq_disable();
    ioapic_mask(pin, true);
    report_eq(stray_count, 0, "no interrupt on any other vector");
    report_summary();
}
