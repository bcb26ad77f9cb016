/*
 * 8259A programmable interrupt controller pair (userspace model, used with
 * kernel-irqchip=split/off and under qtest).
 *
 * Two "isa-i8259" devices as on a PC: the master at 0x20 (ELCR 0x4d0), the
 * slave at 0xa0 (ELCR 0x4d1) cascaded on master input 2. Inputs are 8
 * unnamed GPIO lines per chip; the master's INTR is its output line 0.
 */
#ifndef HW_INTC_I8259_H
#define HW_INTC_I8259_H

#include "hw/core/device.h"

#define TYPE_ISA_I8259 "isa-i8259"

/*
 * Create and realize both chips. parent_intr receives the master's INTR
 * level (to the boot CPU). irqs[0..15] receive the 16 ISA input lines
 * (status-reporting: coalesced when the IRR bit was already set). Returns
 * the master.
 */
struct device *i8259_init(qemu_irq parent_intr, qemu_irq irqs[16]);
/* The same, returning NULL and *errp instead of reporting a failure. */
struct device *i8259_create(qemu_irq parent_intr, qemu_irq irqs[16],
                            Error **errp);

/*
 * The CPU's interrupt acknowledge cycle: take the highest-priority request
 * and return its vector (IRQ 7 / 15 spurious vectors when nothing is left,
 * per the datasheet). Called by the accelerator when it can inject.
 */
int pic_read_irq(struct device *master);

/* Current INTR level of the pair. */
bool pic_get_output(struct device *master);

/* HMP "info pic". */
void pic_info(struct device *master, GString *out);
/* HMP "info irq": per-input interrupt counts. */
void pic_irq_counts(struct device *master, uint64_t counts[16]);

#endif
