/*
 * IOAPIC destinations with two CPUs (-smp 2): PIT ticks (edge, fixed)
 * through ISA IRQ 0's pin must reach exactly the CPUs the RTE names:
 * physical destination = one APIC ID, logical (flat model, LDR bit n on
 * CPU n) = the CPUs whose bit is in the destination, both with fixed
 * delivery; lowest priority to both must reach one or the other.
 */
#include "guest.h"

#define VECTOR      0x38
#define SYNC_VECTOR 0x28    /* lower priority class than VECTOR */
#define WAIT_MS     1000
#define QUIET_MS    20

static volatile int hits[2];        /* by CPU index (0 = BSP) */
static volatile uint32_t cpu_ids[2];
static volatile int ap_ready;
static volatile int ap_syncs;

static int cpu_index(void)
{
    return lapic_id() == cpu_ids[1] ? 1 : 0;
}

static void tick_handler(struct ex_regs *r)
{
    atomic_inc(&hits[cpu_index()]);
    lapic_eoi();
}

static void sync_handler(struct ex_regs *r)
{
    ap_syncs++;
    lapic_eoi();
}

static void lapic_setup_logical(int index)
{
    lapic_enable(SPURIOUS_VECTOR);
    lapic_write(APIC_TPR, 0);
    lapic_write(APIC_DFR, APIC_DFR_FLAT);
    lapic_write(APIC_LDR, (1u << index) << APIC_LDR_SHIFT);
}

static void ap_hook(int index)
{
    lapic_setup_logical(index);
    ap_ready = 1;
    for (;;) {
        asm volatile("sti; hlt");
    }
}

/*
 * Mask the pin and make sure no tick sent under the previous entry is
 * still to be handled: the AP takes an IPI of a lower priority class
 * only once its pending ticks are done (a busy host may run the AP late),
 * and then neither CPU may see a tick for QUIET_MS.
 */
static void quiesce(void)
{
    int a, b, rounds = 0;

    ioapic_mask(2, true);
    a = ap_syncs;
    lapic_send_ipi(cpu_ids[1], APIC_ICR_FIXED | SYNC_VECTOR);
    wait_count(&ap_syncs, a + 1, WAIT_MS);
    do {
        a = hits[0];
        b = hits[1];
        delay_ms(QUIET_MS);
    } while ((hits[0] != a || hits[1] != b) && ++rounds < 50);
}

/*
 * Program the RTE, then wait for 3 ticks on each CPU in want (bit i =
 * CPU i; 0: 3 in all). Returns the counts seen meanwhile.
 */
static void run_phase(uint64_t rte, unsigned want, int got[2])
{
    int base[2];
    uint64_t deadline;
    bool done;

    quiesce();
    base[0] = hits[0];
    base[1] = hits[1];
    ioapic_write_rte(2, rte);
    deadline = tsc_deadline_ms(WAIT_MS);
    do {
        done = true;
        for (int i = 0; i < 2; i++) {
            if ((want & (1u << i)) && hits[i] - base[i] < 3) {
                done = false;
            }
        }
        if (!want) {
            done = hits[0] + hits[1] - base[0] - base[1] >= 3;
        }
    } while (!done && rdtsc() < deadline);
    if (want != 3) {
        delay_ms(QUIET_MS);     /* the other CPU had its chance */
    }
    got[0] = hits[0] - base[0];
    got[1] = hits[1] - base[1];
}

int main(void)
{
    struct madt_info madt;
    unsigned pin;
    int got[2];
    uint64_t phys0, phys1;

    intr_setup(&madt);
    pin = madt.isa_gsi[0] - madt.ioapic_gsi_base;
    ioapic_mask_all();
    set_interrupt_handler(VECTOR, tick_handler);
    set_interrupt_handler(SYNC_VECTOR, sync_handler);
    lapic_setup_logical(0);
    smp_ap_hook = ap_hook;
    if (smp_start_aps(2, 1000) < 2) {
        report(false, "second CPU started (run with -smp 2)");
        report_summary();
    }
    cpu_ids[0] = smp_apic_ids[0];
    cpu_ids[1] = smp_apic_ids[1];
    report(wait_count(&ap_ready, 1, WAIT_MS), "AP ready with interrupts on");
    report_info("BSP APIC ID %u, AP APIC ID %u; PIT on pin %u",
                (unsigned)cpu_ids[0], (unsigned)cpu_ids[1], pin);
    phys0 = RTE_DEST(cpu_ids[0]);
    phys1 = RTE_DEST(cpu_ids[1]);
    pit_ch0_periodic(PIT_DIVISOR_1MS);
    irq_enable();

    /* run_phase() programs pin 2; ISA IRQ 0 is there on every PC. */
    if (pin != 2) {
        report(false, "ISA IRQ 0 on pin 2 (MADT says %u)", pin);
        report_summary();
    }
    run_phase(VECTOR | phys1, 2, got);
    report(got[1] >= 3, "physical destination = AP: the AP gets the ticks");
    report_eq(got[0], 0, "physical destination = AP: the BSP gets none");
    run_phase(VECTOR | phys0, 1, got);
    report(got[0] >= 3, "physical destination = BSP: the BSP gets them");
    report_eq(got[1], 0, "physical destination = BSP: the AP gets none");

    run_phase(VECTOR | RTE_DEST_LOGICAL | RTE_DEST(0x02), 2, got);
    report(got[1] >= 3, "logical destination 0x02: the AP gets the ticks");
    report_eq(got[0], 0, "logical destination 0x02: the BSP gets none");
    run_phase(VECTOR | RTE_DEST_LOGICAL | RTE_DEST(0x01), 1, got);
    report(got[0] >= 3, "logical destination 0x01: the BSP gets them");
    report_eq(got[1], 0, "logical destination 0x01: the AP gets none");
    run_phase(VECTOR | RTE_DEST_LOGICAL | RTE_DEST(0x03), 3, got);
    report(got[0] >= 3 && got[1] >= 3,
           "logical destination 0x03, fixed: both CPUs get them");
    run_phase(VECTOR | RTE_DM_LOWEST | RTE_DEST_LOGICAL | RTE_DEST(0x03), 0,
              got);
    report(got[0] + got[1] >= 3,
           "logical destination 0x03, lowest priority: delivered");
    report_info("lowest priority: BSP %d, AP %d", got[0], got[1]);
    run_phase(VECTOR | RTE_DEST_LOGICAL | RTE_DEST(0x04), 0, got);
    report_eq(got[0] + got[1], 0, "logical destination 0x04: nobody");

    ioapic_mask(2, true);
    irq_disable();
    report_eq(stray_count, 0, "no interrupt on any other vector");
    report_summary();
}
