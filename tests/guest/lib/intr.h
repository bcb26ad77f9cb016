/*
 * Common set-up for interrupt-controller tests: MADT, IOAPIC base, LAPIC
 * software-enabled, and a catch-all for vectors no test claimed.
 */
#ifndef GUEST_INTR_H
#define GUEST_INTR_H

#include "acpi.h"

#define SPURIOUS_VECTOR 0xff

/* Interrupts on vectors 32-254 that had no handler; the last one. */
extern volatile int stray_count;
extern volatile int stray_vector;
/* LAPIC spurious interrupts (vector SPURIOUS_VECTOR). */
extern volatile int spurious_count;

/*
 * Parse and print the MADT into *m, point the IOAPIC helpers at its
 * IOAPIC, install the stray and spurious handlers (set_interrupt_handler
 * afterwards claims a vector) and software-enable this CPU's LAPIC.
 * Interrupts stay disabled.
 */
void intr_setup(struct madt_info *m);

/* Mask every IOAPIC pin. */
void ioapic_mask_all(void);

#endif /* GUEST_INTR_H */
