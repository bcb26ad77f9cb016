/*
 * PIT lost ticks under each lost_tick_policy (-append policy=delay or
 * policy=discard, matching -global kvm-pit.lost_tick_policy=...). Ticks
 * go through the 8259 (IOAPIC masked, LVT0 ExtINT), whose IRR tells the
 * PIT that a tick merged with one still pending. At 100 Hz the guest
 * runs with IF=0 for HOLD_MS (about 50 ticks lost), then counts the
 * ticks of the first BURST_MS after sti. Times are TSC cycles measured
 * against PIT channel 2, so the window's length is known:
 *  - discard: at most the ticks that fit in the window (one per period,
 *    plus the one pending in IRR since the hold), whatever the host's
 *    load (a busy host can only lose more);
 *  - delay: the lost ticks come on top (KVM's PIT reinjects one per
 *    acknowledge; splitvm owes at most one per period, delivered after a
 *    tick the controller took), at least DELAY_MIN_EXTRA more than
 *    discard could ever give: in a quiet run 60 ticks (24-30 more than
 *    discard's 30-36), on a host busy with two compilers 47.
 */
#include "guest.h"

#define PIC_MASTER_BASE 0x20
#define DIVISOR_10MS    11932
#define PERIOD_MS       10
#define HOLD_MS         500
#define BURST_MS        300
/*
 * One tick per period and the one pending since the hold, with 15% for
 * a TSC measurement that a preempted vCPU made too long.
 */
#define DISCARD_MAX     (BURST_MS * 115 / 100 / PERIOD_MS + 2)
#define DELAY_MIN_EXTRA 8

static volatile int ticks;

static void pic_handler(struct ex_regs *r)
{
    ticks++;
    pic_eoi(0);
}

int main(void)
{
    struct madt_info madt;
    char policy[16] = "";
    uint64_t tsc_per_ms;
    int n, burst;

    param_get("policy", policy, sizeof(policy));
    intr_setup(&madt);
    ioapic_mask_all();
    tsc_per_ms = pit_tsc_per_ms(10);
    report(tsc_per_ms != 0, "TSC timed against PIT channel 2");
    if (!tsc_per_ms) {
        report_summary();
    }
    report_info("TSC: %llu cycles per ms", (unsigned long long)tsc_per_ms);
    set_interrupt_handler(PIC_MASTER_BASE, pic_handler);
    pic_init(PIC_MASTER_BASE, PIC_MASTER_BASE + 8, 0xfffe);
    lapic_write(APIC_LVT0, APIC_LVT_DM_EXTINT);
    pit_ch0_periodic(DIVISOR_10MS);
    irq_enable();
    report(wait_count(&ticks, 3, 200), "PIT ticks arrive through the PIC");

    irq_disable();
    pit_delay_ms(tsc_per_ms, HOLD_MS);
    n = ticks;
    irq_enable();
    pit_delay_ms(tsc_per_ms, BURST_MS);
    burst = ticks - n;
    irq_disable();
    report_info("policy %s: %d ticks in the %d ms after a %d ms hold "
                "(discard: at most %d)", policy, burst, BURST_MS, HOLD_MS,
                DISCARD_MAX);
    if (!strcmp(policy, "delay")) {
        report(burst >= DISCARD_MAX + DELAY_MIN_EXTRA,
               "delay: lost ticks are delivered late");
    } else if (!strcmp(policy, "discard")) {
        report(burst <= DISCARD_MAX, "discard: lost ticks are dropped");
    } else {
        report(false, "policy=delay or policy=discard on the command line");
    }
    pic_set_imr(0xffff);
    report_summary();
}
