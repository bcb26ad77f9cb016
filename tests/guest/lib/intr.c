/* See intr.h. */
#include "exceptions.h"
#include "intr.h"
#include "ioapic.h"
#include "lapic.h"

volatile int stray_count;
volatile int stray_vector = -1;
volatile int spurious_count;

static void stray_handler(struct ex_regs *r)
{
    stray_count++;
    stray_vector = (int)r->vector;
    /* An unknown source may still hold a LAPIC ISR bit: retire it. */
    lapic_eoi();
}

static void spurious_handler(struct ex_regs *r)
{
    /* No EOI: a spurious interrupt sets no ISR bit. */
    spurious_count++;
}

void intr_setup(struct madt_info *m)
{
    madt_parse(m);
    madt_print(m);
    ioapic_set_base(m->ioapic_addr);
    for (unsigned v = 32; v < SPURIOUS_VECTOR; v++) {
        set_interrupt_handler(v, stray_handler);
    }
    set_interrupt_handler(SPURIOUS_VECTOR, spurious_handler);
    lapic_enable(SPURIOUS_VECTOR);
    lapic_write(APIC_TPR, 0);
}

void ioapic_mask_all(void)
{
    unsigned n = ioapic_nr_pins();

    for (unsigned pin = 0; pin < n && pin < 64; pin++) {
        ioapic_mask(pin, true);
    }
}
