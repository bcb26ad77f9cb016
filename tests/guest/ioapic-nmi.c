/*
 * NMI delivery through the IOAPIC: ISA IRQ 0's pin (the PIT) programmed
 * with delivery mode NMI, physical destination = this CPU. NMIs must
 * arrive on vector 2 even with IF=0, stop while the RTE is masked and
 * resume when it is unmasked; the RTE's vector field plays no part, and
 * no other vector sees anything.
 *
 * Run with -global kvm-pit.lost_tick_policy=discard: in reinject mode
 * KVM's PIT sends the next tick only once the last one was EOI'd, and an
 * NMI is never EOI'd.
 */
#include "guest.h"

#define WAIT_MS 200

static volatile int nmis;
static volatile int last_vector = -1;

static void nmi_handler(struct ex_regs *r)
{
    nmis++;
    last_vector = (int)r->vector;
}

int main(void)
{
    struct madt_info madt;
    unsigned pin;
    int n;

    intr_setup(&madt);
    pin = madt.isa_gsi[0] - madt.ioapic_gsi_base;
    ioapic_mask_all();
    set_interrupt_handler(NMI_VECTOR, nmi_handler);
    irq_disable();

    /* The vector field is ignored for NMI: 0x33 must not be used. */
    ioapic_write_rte(pin, 0x33 | RTE_DM_NMI | RTE_DEST(lapic_id()));
    pit_ch0_periodic(PIT_DIVISOR_1MS);
    report(wait_count(&nmis, 3, WAIT_MS), "NMIs arrive through the IOAPIC "
           "with IF=0");
    report_eq(last_vector, NMI_VECTOR, "on vector 2");
    report(!ioapic_remote_irr(pin), "edge NMI pin: Remote IRR clear");

    ioapic_mask(pin, true);
    delay_ms(5);
    n = nmis;
    delay_ms(20);
    report_eq(nmis - n, 0, "masked RTE: no NMIs");
    ioapic_mask(pin, false);
    report(wait_count(&nmis, n + 3, WAIT_MS), "unmasked RTE: NMIs resume");

    /* A destination that is not this CPU: nothing arrives here. */
    ioapic_write_rte(pin, RTE_DM_NMI | RTE_DEST(lapic_id() + 1));
    delay_ms(5);
    n = nmis;
    delay_ms(20);
    report_eq(nmis - n, 0, "NMI to another APIC ID: none here");

    ioapic_mask(pin, true);
    report_eq(stray_count, 0, "no interrupt on any other vector");
    report_info("%d NMIs", nmis);
    report_summary();
}
