/*
 * Abuse of the interrupt controllers (-device pc-testdev): what a broken
 * or hostile guest may do must neither crash the VMM nor stop it (the
 * runner also times QMP query-status while this runs). Each phase ends
 * by checking that the controllers still work normally.
 *  1. wild IOAPIC register indices, odd access widths and offsets, EOI
 *     register writes for every vector: the ID, VER, ARB and the whole
 *     redirection table stay as they were;
 *  2. garbage redirection entries (random vector, delivery mode, trigger,
 *     polarity, mask; destination an APIC ID nobody has) while the PIT
 *     and pc-testdev lines fire;
 *  3. (-append pit1=1, alone) PIT divisor 1 (1.19 MHz) with the tick
 *     unmasked and IF=1, for HOLD_MS;
 *  4. a level line asserted forever, the handler EOIing without quieting
 *     it, for HOLD_MS: a storm of re-deliveries. The main program must
 *     still get to run now and then (QEMU and KVM pause 10 ms after 10000
 *     re-deliveries in a row, and so does splitvm's IOAPIC): on hosts
 *     whose LAPIC EOIs at injection (PVM) a VMM that re-delivered without
 *     that pause would never let the guest past the storm.
 * Phases 3 and 4 print "INFO: qmp-phase begin|end NAME" around the abuse:
 * the runner checks the QMP answers timed between those lines on their
 * own (a minimum count, and their latency). HOLD_MS is timed with the
 * TSC measured against PIT channel 2, so each phase lasts at least that.
 */
#include "guest.h"

#define TICK_VECTOR     0x30
#define STORM_VECTOR    0x32
#define STORM_LINE      10
#define HOLD_MS         1000
#define NOBODY          0x0e    /* an APIC ID no CPU has (-smp 1) */
#define WAIT_MS         200

static volatile int ticks;
static volatile int storm_calls;
static volatile uint64_t storm_last_tsc, storm_max_gap;
static unsigned pit_pin;
static uint64_t tsc_per_ms;

static void tick_handler(struct ex_regs *r)
{
    ticks++;
    lapic_eoi();
}

static void storm_handler(struct ex_regs *r)
{
    uint64_t now = rdtsc();
    ++storm_calls;
    if (storm_last_tsc && now - storm_last_tsc > storm_max_gap) {
        storm_max_gap = now - storm_last_tsc;
    }
    storm_last_tsc = now;
    lapic_eoi();
}

static uint32_t rng = 0x2545f491;

static uint32_t random32(void)
{
    rng = rng * 1664525 + 1013904223;
    return rng ^ (rng >> 15);
}

/* PIT ticks arrive on TICK_VECTOR through the PIT's pin again. */
static bool ticks_work(void)
{
    int n;

    ioapic_write_rte(pit_pin, TICK_VECTOR | RTE_DEST(lapic_id()));
    pit_ch0_periodic(PIT_DIVISOR_1MS);
    irq_enable();
    delay_ms(3);
    n = ticks;
    return wait_count(&ticks, n + 3, WAIT_MS);
}

static void phase_wild_registers(void)
{
    unsigned pins = ioapic_nr_pins();
    uint32_t ver = ioapic_read(IOAPIC_REG_VER);
    uint32_t id = ioapic_read(IOAPIC_REG_ID);
    uintptr_t base = IOAPIC_DEFAULT_BASE;
    uint64_t rte[24];
    bool same = true;

    report_info("phase 1: wild register indices");
    for (unsigned pin = 0; pin < pins && pin < 24; pin++) {
        ioapic_write_rte(pin, RTE_MASKED | (0x40 + pin) | RTE_DEST(pin));
        rte[pin] = ioapic_read_rte(pin);
    }
    /* Every index that is not ID or a table entry. */
    for (unsigned reg = 1; reg < 0x100; reg++) {
        if (reg >= 0x10 && reg < 0x10 + 2 * pins) {
            continue;
        }
        ioapic_write((uint8_t)reg, random32());
        (void)ioapic_read((uint8_t)reg);
    }
    /* Odd widths, with IOREGSEL on an index nothing has. */
    mmio_write8(base + IOAPIC_REGSEL, 0xff);
    mmio_write8(base + IOAPIC_WINDOW, 0x5a);
    mmio_write8(base + IOAPIC_WINDOW + 3, 0xa5);
    (void)mmio_read8(base + IOAPIC_WINDOW + 1);
    (void)mmio_read64(base + IOAPIC_REGSEL);
    mmio_write32(base + IOAPIC_REGSEL, 0xff);
    mmio_write64(base + IOAPIC_WINDOW, 0xffffffffffffffffULL);
    /* The rest of the 4 KiB window, and EOIs nobody is waiting for. */
    for (unsigned off = 0x20; off < 0x1000; off += 0x1c) {
        if ((off & 0xff) == 0x00 || (off & 0xff) == 0x10) {
            continue;
        }
        mmio_write32(base + off, random32());
        (void)mmio_read32(base + off);
    }
    for (unsigned v = 0; v < 256; v++) {
        mmio_write32(base + IOAPIC_EOI, v);
    }
    report_eq(ioapic_read(IOAPIC_REG_VER), ver, "wild indices: VER unchanged");
    report_eq(ioapic_read(IOAPIC_REG_ID), id, "wild indices: ID unchanged");
    report_eq(ioapic_read(IOAPIC_REG_ARB), id,
              "wild indices: ARB unchanged");
    for (unsigned pin = 0; pin < pins && pin < 24; pin++) {
        same &= ioapic_read_rte(pin) == rte[pin];
    }
    report(same, "wild indices: redirection table unchanged");
    report_info("wild indices: checked");
    report(ticks_work(), "wild indices: PIT ticks still delivered");
    irq_disable();
}

static void phase_garbage_rtes(void)
{
    unsigned pins = ioapic_nr_pins();
    int n;

    report_info("phase 2: garbage redirection entries");
    pit_ch0_periodic(PIT_DIVISOR_1MS);
    for (int round = 0; round < 4; round++) {
        for (unsigned pin = 0; pin < pins && pin < 24; pin++) {
            uint64_t g = (uint64_t)random32() << 32 | random32();

            /* Anything, except a destination that exists. */
            g &= ~(0xffULL << 56);
            ioapic_write_rte(pin, g | RTE_DEST(NOBODY));
        }
        irq_enable();
        for (unsigned line = 1; line < 16; line++) {
            testdev_set_irq(line, 1);
            testdev_set_irq(line, random32() & 1);
        }
        delay_ms(5);
        irq_disable();
    }
    for (unsigned line = 1; line < 16; line++) {
        testdev_set_irq(line, 0);
    }
    /* Masked edge entries: also clears any Remote IRR left set. */
    for (unsigned pin = 0; pin < pins && pin < 24; pin++) {
        ioapic_write_rte(pin, RTE_MASKED);
    }
    n = stray_count;
    report(ticks_work(), "garbage RTEs: PIT ticks still delivered after");
    irq_disable();
    report_eq(stray_count - n, 0, "garbage RTEs: nothing stray afterwards");
}

static void phase_pit_divisor_1(void)
{
    int n = ticks;

    report_info("phase 3: PIT divisor 1");
    ioapic_write_rte(pit_pin, TICK_VECTOR | RTE_DEST(lapic_id()));
    report_info("qmp-phase begin pit1");
    pit_ch0_periodic(1);
    irq_enable();
    pit_delay_ms(tsc_per_ms, HOLD_MS);
    irq_disable();
    pit_ch0_periodic(PIT_DIVISOR_1MS);
    report_info("qmp-phase end pit1");
    report(ticks > n, "PIT divisor 1: ticks arrive, the guest still runs");
    report_info("PIT divisor 1: %d ticks in %d ms", ticks - n, HOLD_MS);
    report(ticks_work(), "PIT divisor 1: normal ticks after reprogramming");
    irq_disable();
    ioapic_mask(pit_pin, true);
}

static void phase_level_storm(void)
{
    report_info("phase 4: level line held high");
    ioapic_write_rte(STORM_LINE, STORM_VECTOR | RTE_LEVEL |
                                 RTE_DEST(lapic_id()));
    report_info("qmp-phase begin storm");
    testdev_set_irq(STORM_LINE, 1);
    irq_enable();
    pit_delay_ms(tsc_per_ms, HOLD_MS);
    irq_disable();
    ioapic_mask(STORM_LINE, true);
    testdev_set_irq(STORM_LINE, 0);
    report_info("qmp-phase end storm");
    report(storm_calls > 1, "level line held high, EOI only: re-delivered");
    report_info("storm: %d handler calls", storm_calls);
    report_info("storm: longest gap between calls %llu TSC cycles "
                "(about %llu ms)", (unsigned long long)storm_max_gap,
                (unsigned long long)(storm_max_gap / tsc_per_ms));
    report(ticks_work(), "after the storm: PIT ticks still delivered");
    irq_disable();
}

int main(void)
{
    struct madt_info madt;

    intr_setup(&madt);
    pit_pin = madt.isa_gsi[0] - madt.ioapic_gsi_base;
    ioapic_mask_all();
    set_interrupt_handler(TICK_VECTOR, tick_handler);
    set_interrupt_handler(STORM_VECTOR, storm_handler);
    tsc_per_ms = pit_tsc_per_ms(10);
    report(tsc_per_ms != 0, "TSC timed against PIT channel 2");
    if (!tsc_per_ms) {
        tsc_per_ms = TSC_PER_MS_GUESS;
    }
    report_info("TSC: %llu cycles per ms", (unsigned long long)tsc_per_ms);

    /* -append pit1=1: only phase 3 (QEMU 7.2 split cannot run it). */
    if (param_ulong("pit1", 0)) {
        phase_pit_divisor_1();
    } else {
        report(testdev_present(),
               "pc-testdev present (run with -device pc-testdev)");
        phase_wild_registers();
        phase_garbage_rtes();
        phase_level_storm();
    }

    ioapic_mask_all();
    report_info("%d ticks, %d stray (last 0x%x), %d spurious", ticks,
                stray_count, stray_vector, spurious_count);
    report_summary();
}
