/*
 * The PIIX3 Reset Control Register at port 0xcf9 ("piix3-reset-control",
 * board-internal; on QEMU it is part of the PIIX3 device, region name
 * "piix3-reset-control"). Only the byte at 0xcf9 is claimed: 0xcf8 and
 * 0xcfa-0xcfb belong to PCI configuration mechanism #1.
 */
#ifndef HW_MISC_RESET_CONTROL_H
#define HW_MISC_RESET_CONTROL_H

#include "hw/core/device.h"

#define TYPE_PIIX3_RESET_CONTROL "piix3-reset-control"
#define PIIX_RCR_IOPORT 0xcf9

/* RCR bits (82371SB datasheet). */
#define PIIX_RCR_SYS_RST 0x02   /* 1 = hard reset, 0 = soft (CPU only) */
#define PIIX_RCR_RST_CPU 0x04   /* writing 1 starts the reset */

/* Create and realize it (errors are fatal). */
struct device *reset_control_create(void);

#endif
