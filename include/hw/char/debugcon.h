/*
 * Bochs-style debug console ("isa-debugcon"): bytes written to its port go
 * to a chardev; reads return the "readback" property.
 *
 * Properties (QEMU's): iobase (0xe9), chardev (required), readback (0xe9).
 * SeaBIOS and OVMF print to port 0x402: -device isa-debugcon,iobase=0x402.
 */
#ifndef HW_CHAR_DEBUGCON_H
#define HW_CHAR_DEBUGCON_H

#include "hw/core/device.h"

#define TYPE_ISA_DEBUGCON "isa-debugcon"
#define DEBUGCON_IOBASE_DEFAULT 0xe9

struct chardev;

/* Create and realize one at iobase (-debugcon uses 0xe9). Errors are fatal. */
struct device *isa_debugcon_create(uint32_t iobase, struct chardev *chr);

#endif
