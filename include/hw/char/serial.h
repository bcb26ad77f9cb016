/*
 * 16550A UART on the ISA bus ("isa-serial").
 *
 * Properties (QEMU's): index, iobase, irq (all default -1, resolved at
 * realize from the COM1..COM4 table below and written back, so reading
 * "irq" after realize gives the ISA line to wire), chardev, baudbase
 * (115200), wakeup (accepted, no effect).
 *
 * The interrupt is unnamed output GPIO 0; the board connects it to ISA IRQ
 * "irq" (isa_device_plug() does exactly that).
 */
#ifndef HW_CHAR_SERIAL_H
#define HW_CHAR_SERIAL_H

#include "hw/core/device.h"

#define TYPE_ISA_SERIAL "isa-serial"
#define MAX_ISA_SERIAL_PORTS 4

struct chardev;

/*
 * Create and realize an isa-serial with this index (0..3 = COM1..COM4, or
 * -1 for the lowest free one) and backend (NULL: output is dropped, no
 * input). Errors are fatal (board configuration). The caller wires the IRQ.
 */
struct device *serial_isa_create(int index, struct chardev *chr);

/* The ISA IRQ a realized isa-serial uses. */
unsigned serial_isa_irq(struct device *dev);

#endif
