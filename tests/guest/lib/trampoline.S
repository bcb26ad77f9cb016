/*
 * AP start-up code. The BSP copies [ap_trampoline_start, ap_trampoline_end)
 * to AP_TRAMPOLINE_ADDR and sends SIPI with vector AP_TRAMPOLINE_ADDR >> 12,
 * so the AP starts here in real mode with CS = AP_TRAMPOLINE_ADDR >> 4,
 * IP = 0. It loads the main GDT (a linear address, fine from real mode),
 * enables protection and far-jumps to the shared 32-bit path in entry.S.
 * Only CS-relative addressing is used, so the copy runs anywhere < 1 MiB.
 */
#include "x86-defs.h"

    .section .rodata.trampoline, "a"
    .code16
    .globl ap_trampoline_start, ap_trampoline_end
ap_trampoline_start:
    cli
    lgdtl %cs:(tramp_gdt_desc - ap_trampoline_start)
    mov %cr0, %eax
    or $CR0_PE, %eax
    mov %eax, %cr0
    ljmpl $SEL_CODE32, $ap_entry32

    .align 8
tramp_gdt_desc:
    .word GDT_ENTRIES * 8 - 1
    .long gdt
ap_trampoline_end:
    .code64
