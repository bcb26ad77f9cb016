/*
 * "isa-debug-exit": a write of value V to its ports ends the process with
 * status (V << 1) | 1, so a test guest can report pass/fail with a status
 * that is always odd and never mistaken for the VMM's own clean exit (0).
 *
 * Properties (QEMU's): iobase (0x501), iosize (2). kvm-unit-tests use
 * iobase=0xf4,iosize=0x4.
 */
#ifndef HW_MISC_DEBUGEXIT_H
#define HW_MISC_DEBUGEXIT_H

#include "hw/core/device.h"

#define TYPE_ISA_DEBUG_EXIT "isa-debug-exit"
#define DEBUG_EXIT_IOBASE_DEFAULT 0x501
#define DEBUG_EXIT_IOSIZE_DEFAULT 2

/*
 * What a guest write calls, with the exit status. The default restores the
 * terminal and calls exit() at once, from the vCPU thread, as QEMU does.
 * Tests install their own; NULL restores the default.
 */
typedef void debug_exit_fn(int status);
void debug_exit_set_handler(debug_exit_fn *fn);

/* Create and realize one (errors are fatal). */
struct device *isa_debug_exit_create(uint32_t iobase, uint32_t iosize);

#endif
