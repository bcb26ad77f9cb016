/*
 * Start-to-exit benchmark guest (tests/bench/run-bench.py): the least a
 * multiboot kernel can do. It does not use the runtime in lib/ (no .bss
 * zeroing, no long mode, no serial set-up): the first instructions after
 * the loader hands over write BENCH_EXIT_CODE to isa-debug-exit (port
 * 0xf4, see lib/report.h), so the measured time is the VMM's own start-up,
 * loading and tear-down, not guest work. The code is not 0 so that the
 * VMM's exit status, (0x2a << 1) | 1 = 85, proves the guest ran: a VMM
 * that fails at start-up exits with 1, the status of code 0.
 */
#include "x86-defs.h"

#define BENCH_EXIT_CODE 0x2a

#define STR_(x) #x
#define STR(x) STR_(x)

asm(".section .multiboot, \"a\"\n"
    ".align 4\n"
    /* flags 0: the loader places us using the ELF program headers. */
    ".long " STR(MULTIBOOT_HEADER_MAGIC) "\n"
    ".long 0\n"
    ".long -" STR(MULTIBOOT_HEADER_MAGIC) "\n"

    ".section .text.entry, \"ax\"\n"
    ".code32\n"
    ".globl _start\n"
    "_start:\n"
    "    mov $" STR(BENCH_EXIT_CODE) ", %eax\n"
    "    mov $0xf4, %dx\n"          /* DEBUG_EXIT_PORT */
    "    outl %eax, %dx\n"
    /* No isa-debug-exit device: stop; the runner's timeout reports. */
    "1:  cli\n"
    "    hlt\n"
    "    jmp 1b\n"
    ".code64\n");
