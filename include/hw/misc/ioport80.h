/*
 * Port 0x80, the POST-code / I/O-delay port ("ioport80", board-internal).
 * Writes are dropped and reads return 0xff, as on QEMU's pc machines.
 */
#ifndef HW_MISC_IOPORT80_H
#define HW_MISC_IOPORT80_H

#include "hw/core/device.h"

#define TYPE_IOPORT80 "ioport80"
#define IOPORT80_ADDR 0x80

/* Create and realize the sink (errors are fatal). */
struct device *ioport80_create(void);

#endif
