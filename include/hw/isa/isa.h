/*
 * The ISA bus: the 16 legacy interrupt lines and the I/O-port space.
 *
 * The board installs the lines (they fan out to the interrupt controllers
 * or to KVM); ISA devices look them up by number when they are plugged.
 */
#ifndef HW_ISA_ISA_H
#define HW_ISA_ISA_H

#include "hw/core/device.h"

void isa_bus_set_irqs(qemu_irq *irqs, int count);
/* ISA IRQ n, or NULL when the machine has no ISA bus (-machine none). */
qemu_irq isa_get_irq(unsigned n);
bool isa_bus_present(void);
/*
 * Wire an ISA device that was just realized: its first unnamed output line
 * goes to the ISA IRQ named by its "irq" property (if it has both).
 */
int isa_device_plug(struct device *dev, Error **errp);

#endif
