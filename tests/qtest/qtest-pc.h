/*
 * What the qtest suites know about the pc machine: where its board-made
 * devices live in the QOM tree. The board creates them in a fixed order
 * (PIC master, PIC slave, PIT, port 0x61, port 0x80, port 0x92, reset
 * control, then serial ports) under /machine/unattached, as QEMU's pc
 * does with its own order; the IOAPIC is /machine/i440fx/ioapic (partial
 * path "ioapic") and fw_cfg /machine/fw_cfg.
 */
#ifndef QTEST_PC_H
#define QTEST_PC_H

#include "libqtest.h"

#define PC_PIC_MASTER "/machine/unattached/device[0]"
#define PC_PIC_SLAVE "/machine/unattached/device[1]"
#define PC_PIT "/machine/unattached/device[2]"
#define PC_IOAPIC "ioapic"

/* Start a pc machine for a device suite (qtest and QMP, as QEMU's). */
static inline QTestState *pc_start(const char *extra_args)
{
    return qtest_init(extra_args);
}

#endif
