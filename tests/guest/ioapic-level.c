/*
 * A level-triggered IOAPIC pin driven by pc-testdev (-device pc-testdev;
 * -append line=N picks the ISA line, default 10: QEMU 7.2's pc-testdev
 * aborts on lines above 15).
 *
 * Most checks run with IF=0 and look at IOAPIC and LAPIC state, because
 * how a handler sees level interrupts depends on the host: on PVM hosts
 * KVM's LAPIC retires the vector as it injects it (no ISR bit; the EOI
 * exit comes at once), so handler counts say more about the host than
 * about the IOAPIC. With IF=0 nothing is injected, and what the IOAPIC
 * did is visible in its Remote IRR and the LAPIC's IRR:
 *  - asserting an unmasked pin sends the message: Remote IRR and the
 *    LAPIC IRR bit set, TMR set (level);
 *  - a masked pin sends nothing while asserted, and unmasking it sends
 *    the message at once;
 *  - while Remote IRR is set, the line going low and high again sends
 *    nothing new;
 *  - an EOI while the line is high (the version 0x20 EOI register, or
 *    for 0x11 the edge/level flip Linux uses) clears Remote IRR and sends
 *    again at once; after deasserting, the EOI leaves it clear;
 *  - writes to the line keep their order: high-low-high while masked
 *    leaves it high, high-low leaves it low (in split mode a deassert
 *    waits in an eventfd and the next exit applies it first).
 * Then, with IF=1, the handler (deassert, EOI) takes it and everything
 * settles with Remote IRR clear and no further interrupts.
 */
#include "guest.h"

#define LEVEL_VECTOR    0x40
#define WAIT_MS         50

static unsigned line, pin;
static uint8_t version;
static volatile int calls;

static void level_handler(struct ex_regs *r)
{
    calls++;
    testdev_set_irq(line, 0);
    lapic_eoi();
}

static uint64_t level_rte(bool masked)
{
    return LEVEL_VECTOR | RTE_DM_FIXED | RTE_LEVEL | RTE_DEST(lapic_id()) |
           (masked ? RTE_MASKED : 0);
}

static bool lapic_pending(void)
{
    return lapic_vector_bit(APIC_IRR, LEVEL_VECTOR);
}

/* Clear Remote IRR without a CPU: EOI register, or the 0x11 edge flip. */
static void ioapic_side_eoi(void)
{
    if (version >= 0x20) {
        ioapic_eoi(LEVEL_VECTOR);
    } else {
        ioapic_write_rte(pin, (level_rte(true) & ~RTE_LEVEL));
        ioapic_write_rte(pin, level_rte(false));
    }
}

/* Let the CPU take what is pending and wait until nothing more comes. */
static void drain(const char *what)
{
    int n, rounds = 0;

    irq_enable();
    delay_ms(5);
    do {
        n = calls;
        delay_ms(5);
    } while (calls != n && ++rounds < 20);
    irq_disable();
    report(!ioapic_remote_irr(pin), "%s: Remote IRR clear once handled",
           what);
}

int main(void)
{
    struct madt_info madt;

    intr_setup(&madt);
    line = param_ulong("line", 10);
    pin = line == 0 ? 2 : line;
    report(testdev_present(), "pc-testdev present (run with -device pc-testdev)");
    version = ioapic_version();
    report_info("IOAPIC version 0x%x; line %u -> pin %u", version, line, pin);
    ioapic_mask_all();
    testdev_set_irq(line, 0);
    set_interrupt_handler(LEVEL_VECTOR, level_handler);

    /* Unmasked pin: asserting sends the message. */
    ioapic_write_rte(pin, level_rte(false));
    report(!ioapic_remote_irr(pin), "Remote IRR clear before the interrupt");
    testdev_set_irq(line, 1);
    report(ioapic_remote_irr(pin), "asserted: Remote IRR set");
    report(lapic_pending(), "asserted: vector pending in the LAPIC IRR");
    report(lapic_vector_bit(APIC_TMR, LEVEL_VECTOR),
           "LAPIC TMR bit set for the level vector");
    testdev_set_irq(line, 0);
    drain("first assertion");
    report(calls >= 1, "the handler ran");

    /* Masked while asserted: nothing; unmasking sends at once. */
    ioapic_write_rte(pin, level_rte(true));
    testdev_set_irq(line, 1);
    delay_ms(2);
    report(!ioapic_remote_irr(pin), "masked and asserted: Remote IRR clear");
    report(!lapic_pending(), "masked and asserted: nothing sent to the LAPIC");
    ioapic_mask(pin, false);
    report(ioapic_remote_irr(pin), "unmasked while asserted: Remote IRR set");
    report(lapic_pending(), "unmasked while asserted: vector sent at once");

    /* Remote IRR set: a new rising edge sends nothing new. */
    testdev_set_irq(line, 0);
    testdev_set_irq(line, 1);
    report(ioapic_remote_irr(pin), "line toggled: Remote IRR still set");

    /* EOI while asserted: cleared and sent again at once. */
    ioapic_side_eoi();
    report(ioapic_remote_irr(pin),
           "%s while asserted: sent again (Remote IRR set again)",
           version >= 0x20 ? "EOI register" : "edge/level flip");
    /* Deasserted, then EOI: stays clear. */
    testdev_set_irq(line, 0);
    ioapic_side_eoi();
    report(!ioapic_remote_irr(pin), "%s after deassert: Remote IRR clear",
           version >= 0x20 ? "EOI register" : "edge/level flip");
    drain("after the EOIs");

    /*
     * Writes in a row keep their order. (With kernel-irqchip=split a
     * deassert does not exit: it waits in an eventfd until the next exit,
     * and an assert right behind it must still land after it.) Masked,
     * high-low-high leaves the line high, high-low leaves it low; the
     * unmask then shows which.
     */
    ioapic_mask(pin, true);
    testdev_set_irq(line, 1);
    testdev_set_irq(line, 0);
    testdev_set_irq(line, 1);
    ioapic_mask(pin, false);
    report(ioapic_remote_irr(pin), "high, low, high while masked: "
           "unmasking sends (the line is high)");
    testdev_set_irq(line, 0);
    ioapic_side_eoi();
    report(!ioapic_remote_irr(pin), "then low and EOI: Remote IRR clear");
    ioapic_mask(pin, true);
    testdev_set_irq(line, 1);
    testdev_set_irq(line, 0);
    ioapic_mask(pin, false);
    report(!ioapic_remote_irr(pin), "high, low while masked: unmasking "
           "sends nothing (the line is low)");
    drain("after the ordering checks");

    /* With the CPU in the loop: assert, the handler deasserts and EOIs. */
    calls = 0;
    testdev_set_irq(line, 1);
    drain("assert with IF=1");
    report(calls >= 1, "IF=1: the handler ran");
    calls = 0;
    delay_ms(20);
    report_eq(calls, 0, "no interrupt once the line is low");

    ioapic_mask(pin, true);
    testdev_set_irq(line, 0);
    report_eq(stray_count, 0, "no interrupt on any other vector");
    report_summary();
}
