/*
 * Pieces of the pc machine shared between its files.
 */
#ifndef HW_I386_PC_INTERNAL_H
#define HW_I386_PC_INTERNAL_H

#include "hw/boards.h"

/* Board-internal device types (not user-creatable). */
#define PC_TYPE_IOPORT80 "ioport80"
#define PC_TYPE_PORT92 "port92"
#define PC_TYPE_RESET_CONTROL "piix3-reset-control"

/* PIC/IOAPIC/PIT per kernel-irqchip mode, and the GSI lines. */
int pc_init_irqchip(struct machine_state *ms, Error **errp);
/* ACPI tables in the BIOS area, where the RSDP scan finds them. */
int pc_init_acpi(struct machine_state *ms, Error **errp);
/* -kernel/-initrd/-append: load, fill fw_cfg, set the boot entry. */
int pc_load_kernel(struct machine_state *ms, Error **errp);
void pc_create_serial(int index, struct chardev *chr);
void pc_create_debugcon(struct chardev *chr);
/* Create a user device from -device options (after the board). */
struct device *pc_plug_user_device(struct device *dev, Error **errp);

#endif
