/*
 * A level-triggered IOAPIC pin driven by pc-testdev (-device pc-testdev;
 * -append line=N picks the ISA line, default 10: QEMU 7.2's pc-testdev
 * aborts on lines above 15). Checks Remote IRR (set while the interrupt
 * is in service, cleared by the LAPIC EOI), the LAPIC TMR bit,
 * re-delivery when the EOI comes while the line is still asserted, that
 * Remote IRR holds back further messages, and (IOAPIC version 0x20 only)
 * the IOAPIC EOI register.
 *
 * Counting: a delivery from the IOAPIC finds Remote IRR set when its
 * handler starts. On PVM hosts KVM's LAPIC leaves the vector in the IRR
 * while the handler runs (and never sets the ISR), so the handler can
 * run once more after it returns; that extra call finds Remote IRR clear
 * (the first call's EOI cleared it) and is counted apart, as a "replay".
 */
#include "guest.h"

#define LEVEL_VECTOR    0x40
#define WAIT_MS         50
#define SETTLE_MS       5

enum handler_mode {
    DEASSERT_EOI,       /* deassert the line, then LAPIC EOI */
    EOI_ASSERTED_ONCE,  /* 1st: LAPIC EOI only; then deassert + EOI */
    NO_EOI,             /* leave it in service */
    IOAPIC_EOI_REG,     /* deassert, IOAPIC EOI register, LAPIC EOI */
    IOAPIC_EOI_ASSERTED,/* 1st: IOAPIC EOI, deassert, LAPIC EOI */
};

static unsigned line, pin;
static volatile enum handler_mode mode;
static volatile int deliveries;     /* calls that found Remote IRR set */
static volatile int replays;        /* calls that found it clear */
static volatile bool tmr_seen, rirr_after_eoi, irr_after_eoi;

static void level_handler(struct ex_regs *r)
{
    int n;

    if (!ioapic_remote_irr(pin)) {
        replays++;
        lapic_eoi();
        return;
    }
    n = deliveries++;
    if (n == 0) {
        tmr_seen = lapic_vector_bit(APIC_TMR, LEVEL_VECTOR);
    }
    switch (mode) {
    case DEASSERT_EOI:
        testdev_set_irq(line, 0);
        lapic_eoi();
        break;
    case EOI_ASSERTED_ONCE:
        if (n == 0) {
            lapic_eoi();
            /* The line is high: the IOAPIC sent it again already. */
            rirr_after_eoi = ioapic_remote_irr(pin);
        } else {
            testdev_set_irq(line, 0);
            lapic_eoi();
        }
        break;
    case NO_EOI:
        break;
    case IOAPIC_EOI_REG:
        testdev_set_irq(line, 0);
        ioapic_eoi(LEVEL_VECTOR);
        rirr_after_eoi = ioapic_remote_irr(pin);
        lapic_eoi();
        break;
    case IOAPIC_EOI_ASSERTED:
        if (n == 0) {
            ioapic_eoi(LEVEL_VECTOR);
            rirr_after_eoi = ioapic_remote_irr(pin);
            irr_after_eoi = lapic_vector_bit(APIC_IRR, LEVEL_VECTOR);
            testdev_set_irq(line, 0);
        }
        lapic_eoi();
        break;
    }
}

/* Start a case: handler mode set, counts and observations reset. */
static void arm(enum handler_mode m)
{
    mode = m;
    deliveries = replays = 0;
    tmr_seen = rirr_after_eoi = irr_after_eoi = false;
}

static int settled_deliveries(const char *what)
{
    delay_ms(SETTLE_MS);
    if (replays) {
        report_info("%s: %d deliveries, %d replays", what, deliveries,
                    replays);
    }
    return deliveries;
}

int main(void)
{
    struct madt_info madt;
    uint8_t version;

    intr_setup(&madt);
    line = param_ulong("line", 10);
    pin = line == 0 ? 2 : line;
    report(testdev_present(), "pc-testdev present (run with -device pc-testdev)");
    version = ioapic_version();
    report_info("IOAPIC version 0x%x; line %u -> pin %u", version, line, pin);
    ioapic_mask_all();
    testdev_set_irq(line, 0);
    set_interrupt_handler(LEVEL_VECTOR, level_handler);
    ioapic_write_rte(pin, LEVEL_VECTOR | RTE_DM_FIXED | RTE_LEVEL |
                          RTE_DEST(lapic_id()));
    irq_enable();

    /* Assert; the handler deasserts and EOIs. */
    arm(DEASSERT_EOI);
    report(!ioapic_remote_irr(pin), "Remote IRR clear before the interrupt");
    testdev_set_irq(line, 1);
    report(wait_count(&deliveries, 1, WAIT_MS),
           "level interrupt delivered with Remote IRR set");
    report(tmr_seen, "LAPIC TMR bit set for the level vector");
    report_eq(settled_deliveries("deassert + EOI"), 1,
              "deassert + EOI: delivered once");
    report(!ioapic_remote_irr(pin), "Remote IRR clear after the LAPIC EOI");

    /* EOI while the line is still high: delivered again. */
    arm(EOI_ASSERTED_ONCE);
    testdev_set_irq(line, 1);
    report(wait_count(&deliveries, 2, WAIT_MS),
           "EOI while asserted re-delivers the interrupt");
    report(rirr_after_eoi, "Remote IRR set again right after that EOI");
    report_eq(settled_deliveries("EOI while asserted"), 2,
              "EOI while asserted: delivered exactly twice");
    report(!ioapic_remote_irr(pin), "Remote IRR clear at the end");

    /* While Remote IRR is set the pin sends nothing, even on a new edge. */
    arm(NO_EOI);
    testdev_set_irq(line, 1);
    report(wait_count(&deliveries, 1, WAIT_MS),
           "delivered (handler sends no EOI)");
    settled_deliveries("no EOI");
    deliveries = replays = 0;
    testdev_set_irq(line, 0);
    testdev_set_irq(line, 1);
    report_eq(settled_deliveries("line toggled, Remote IRR set"), 0,
              "no new message while Remote IRR is set");
    report(ioapic_remote_irr(pin), "Remote IRR stays set without EOI");
    mode = DEASSERT_EOI;
    lapic_eoi();            /* line still high: delivered again at once */
    report(wait_count(&deliveries, 1, WAIT_MS),
           "late EOI with the line high re-delivers");
    report_eq(settled_deliveries("late EOI"), 1, "and only once");
    report(!ioapic_remote_irr(pin), "Remote IRR clear after deassert + EOI");

    /* The version 0x20 EOI register. */
    if (version < 0x20) {
        report_skip("IOAPIC EOI register: version 0x%x has none", version);
    } else {
        arm(IOAPIC_EOI_REG);
        testdev_set_irq(line, 1);
        report(wait_count(&deliveries, 1, WAIT_MS),
               "level interrupt (IOAPIC EOI case)");
        report(!rirr_after_eoi, "IOAPIC EOI register clears Remote IRR");
        report_eq(settled_deliveries("IOAPIC EOI"), 1,
                  "IOAPIC EOI after deassert: no re-delivery");

        arm(IOAPIC_EOI_ASSERTED);
        testdev_set_irq(line, 1);
        report(wait_count(&deliveries, 2, WAIT_MS),
               "IOAPIC EOI while asserted re-delivers");
        report(rirr_after_eoi, "Remote IRR set again at once by the re-delivery");
        report(irr_after_eoi, "re-delivered vector pending in the LAPIC IRR");
        report_eq(settled_deliveries("IOAPIC EOI while asserted"), 2,
                  "IOAPIC EOI while asserted: twice in all");
        report(!ioapic_remote_irr(pin), "Remote IRR clear at the end (IOAPIC EOI)");
    }

    ioapic_mask(pin, true);
    testdev_set_irq(line, 0);
    irq_disable();
    report_eq(stray_count, 0, "no interrupt on any other vector");
    report_summary();
}
