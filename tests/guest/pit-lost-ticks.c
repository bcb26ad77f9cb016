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
 *    discard could ever give.
 *
 * Delay needs a guest that runs: an owed tick comes only after the vCPU
 * took the period's tick in time, so a vCPU the host keeps off its CPU
 * gets about one tick each time it runs, as with discard. The burst loop
 * measures what the host took: TSC gaps between two reads of the spin
 * loop beyond GAP_ALLOW_US (plus GAP_ALLOW_US per tick in the gap; a
 * tick costs 0.1-0.3 ms here) are time not run, and running longer than
 * a period plus LATE_ALLOW_MS without a tick means splitvm's timer
 * thread ran late. An attempt that fell short with more than
 * STOLEN_MAX_MS of both is repeated (reloading the count clears what is
 * owed), at most DELAY_ATTEMPTS times, then reported as a skip with the
 * numbers if ticks still arrive; one that fell short having run fails.
 * No attempt of a policy that drops ticks can reach the bound, so the
 * retries cannot hide one.
 *
 * Measured on the 2-core PVM host (ticks in a burst, ms not run in it):
 *  - splitvm split, no load of ours (other builds: load 2-4), 20 runs:
 *    delay 54-61 on the first attempt (0-96 ms not run), discard 30-31;
 *    delay with owed ticks dropped in i8254.c: 30-32 ticks, 14 runs fail
 *    (at load 2 all 10), 6 skip after 4 starved attempts;
 *  - two guest suites alongside (load 5-6), 10 runs: delay 9 pass
 *    (39-61 ticks, 57-381 ms not run), 1 skip; dropped owed ticks 4 fail,
 *    6 skip; discard 20-31;
 *  - 4 busy loops (load 3-7), 20 runs: delay 11 pass, 9 skip (7-52
 *    ticks, 123-720 ms not run); dropped owed ticks 20 skip (6-32);
 *    discard 11-32;
 *  - KVM's PIT (splitvm kernel-irqchip=on, QEMU 7.2's default): delay
 *    80-81 idle and with 4 busy loops (139-167 ms not run), 20 of 20
 *    pass for splitvm; QEMU 7.2: 80-89, 39 pass and 1 skip of 40;
 *    reinjection off (discard) while the guest expects delay: 31, fails;
 *    discard 31.
 * No run failed the real delay or broke discard's bound.
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
#define GAP_ALLOW_US    500
#define LATE_ALLOW_MS   5
#define STOLEN_MAX_MS   30
#define DELAY_ATTEMPTS  4

static volatile int ticks;

struct burst {
    int ticks;              /* ticks taken in the BURST_MS after sti */
    unsigned stolen_ms;     /* time the host did not run the vCPU */
    unsigned late_ms;       /* time it ran without a tick beyond a period */
};

static void pic_handler(struct ex_regs *r)
{
    ticks++;
    pic_eoi(0);
}

/* Reload the count, hold IF=0 for HOLD_MS, count the ticks after sti. */
static struct burst hold_and_burst(uint64_t tsc_per_ms)
{
    uint64_t allow = tsc_per_ms * GAP_ALLOW_US / 1000;
    uint64_t late_after = tsc_per_ms * (PERIOD_MS + LATE_ALLOW_MS);
    uint64_t stolen = 0, late = 0, ran = 0, prev, now, end;
    int first, seen;

    pit_ch0_periodic(DIVISOR_10MS);
    irq_enable();
    wait_count(&ticks, ticks + 2, 200);
    irq_disable();
    pit_delay_ms(tsc_per_ms, HOLD_MS);
    first = seen = ticks;
    prev = rdtsc();
    end = prev + BURST_MS * tsc_per_ms;
    irq_enable();
    for (;;) {
        int n = ticks;
        uint64_t limit = allow * (1 + n - seen);

        now = rdtsc();
        if (now - prev > limit) {
            stolen += now - prev - limit;
            ran += limit;
        } else {
            ran += now - prev;
        }
        prev = now;
        /* Running, the guest takes a tick at least once a period. */
        if (n != seen || now >= end) {
            if (ran > late_after) {
                late += ran - late_after;
            }
            ran = 0;
            seen = n;
        }
        if (now >= end) {
            break;
        }
    }
    irq_disable();
    return (struct burst){ ticks - first, stolen / tsc_per_ms,
                           late / tsc_per_ms };
}

static void report_burst(const char *policy, struct burst b)
{
    report_info("policy %s: %d ticks in the %d ms after a %d ms hold, "
                "%u ms not run, %u ms of late ticks (discard: at most %d)",
                policy, b.ticks, BURST_MS, HOLD_MS, b.stolen_ms, b.late_ms,
                DISCARD_MAX);
}

static void check_delay(uint64_t tsc_per_ms)
{
    unsigned least = ~0u, most = 0;
    int best = 0;

    for (int i = 0; i < DELAY_ATTEMPTS; i++) {
        struct burst b = hold_and_burst(tsc_per_ms);
        unsigned starved = b.stolen_ms + b.late_ms;

        report_burst("delay", b);
        if (b.ticks >= DISCARD_MAX + DELAY_MIN_EXTRA) {
            report(true, "delay: lost ticks are delivered late");
            return;
        }
        if (starved <= STOLEN_MAX_MS) {
            report(false, "delay: lost ticks are delivered late");
            return;
        }
        least = starved < least ? starved : least;
        most = starved > most ? starved : most;
        best = b.ticks > best ? b.ticks : best;
    }
    /* Late ticks are the host's only if the PIT still ticks. */
    irq_enable();
    if (!wait_count(&ticks, ticks + 3, 500)) {
        irq_disable();
        report(false, "delay: PIT ticks arrive after the bursts");
        return;
    }
    irq_disable();
    report_skip("delay: lost ticks are delivered late (host too busy: "
                "%u-%u ms of each %d ms burst not run or late in %d "
                "attempts, best %d ticks)", least, most, BURST_MS,
                DELAY_ATTEMPTS, best);
}

int main(void)
{
    struct madt_info madt;
    char policy[16] = "";
    uint64_t tsc_per_ms;

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

    if (!strcmp(policy, "delay")) {
        check_delay(tsc_per_ms);
    } else if (!strcmp(policy, "discard")) {
        struct burst b = hold_and_burst(tsc_per_ms);

        report_burst("discard", b);
        report(b.ticks <= DISCARD_MAX, "discard: lost ticks are dropped");
    } else {
        report(false, "policy=delay or policy=discard on the command line");
    }
    pic_set_imr(0xffff);
    report_summary();
}
