/*
 * Port 0x92, "System Control Port A" of PS/2-era chipsets ("port92",
 * board-internal): bit 1 gates A20, bit 0 is the fast reset.
 */
#ifndef HW_I386_PORT92_H
#define HW_I386_PORT92_H

#include "hw/core/device.h"

#define TYPE_PORT92 "port92"
#define PORT92_ADDR 0x92
/* Output GPIO carrying the A20 gate level (QEMU's name). */
#define PORT92_A20_LINE "a20"

#define PORT92_FAST_RESET 0x01  /* 0 -> 1 resets the system */
#define PORT92_A20_GATE 0x02    /* 1 = A20 enabled */

/* Create and realize it (errors are fatal); wire "a20" afterwards. */
struct device *port92_create(void);

#endif
