/*
 * QEMU's pc-testdev (-device pc-testdev): a 32-bit scratch register at
 * I/O 0xe0, and IRQ-line ports 0x2000+n where a byte v sets ISA/GSI line
 * n to !!v through the board's normal fan-out (line 0 reaches IOAPIC pin
 * 2 and PIC input 0; lines 0-15 also reach the PIC).
 */
#ifndef GUEST_PC_TESTDEV_H
#define GUEST_PC_TESTDEV_H

#include <stdbool.h>
#include <stdint.h>

#include "io.h"

#define TESTDEV_SCRATCH     0xe0
#define TESTDEV_IRQ_BASE    0x2000

static inline void testdev_set_irq(unsigned line, bool level)
{
    outb(TESTDEV_IRQ_BASE + line, level);
}

/* The scratch register reads back what was written: the device exists. */
static inline bool testdev_present(void)
{
    outl(TESTDEV_SCRATCH, 0x5a17e57d);
    return inl(TESTDEV_SCRATCH) == 0x5a17e57d;
}

#endif /* GUEST_PC_TESTDEV_H */
