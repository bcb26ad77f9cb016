/*
 * Multiboot v1 entry: the loader leaves us in 32-bit protected mode without
 * paging, EAX = 0x2BADB002, EBX = physical address of the multiboot info.
 * We load our own GDT, zero .bss and enter long mode with the prebuilt page
 * tables of pagetables.S. APs come here from trampoline.S (ap_entry32) and
 * take the same path without touching .bss.
 */
#include "x86-defs.h"

    .section .multiboot, "a"
    .align 4
    /* flags 0: the loader places us using the ELF program headers. */
    .long MULTIBOOT_HEADER_MAGIC
    .long 0
    .long -MULTIBOOT_HEADER_MAGIC

    .data
    .align 16
    .globl gdt, gdt_desc, gdt_end
gdt:
    .quad 0
    .quad 0x00cf9a000000ffff        /* SEL_CODE32: flat 32-bit code */
    .quad 0x00cf92000000ffff        /* SEL_DATA: flat data */
    .quad 0x00af9a000000ffff        /* SEL_CODE64: 64-bit code */
    .quad 0x00cff2000000ffff        /* SEL_UDATA: flat data, DPL 3 */
    .quad 0x00affa000000ffff        /* SEL_UCODE64: 64-bit code, DPL 3 */
    .quad 0, 0                      /* SEL_TSS, see usermode.c */
gdt_end:
    .align 8
    /* 10 bytes so lgdt works from 32-bit and 64-bit code alike. */
gdt_desc:
    .word GDT_ENTRIES * 8 - 1
    .quad gdt

    /* The loader's registers, kept for C (in .data: .bss gets zeroed). */
    .globl mb_magic, mb_info_addr
mb_magic:
    .long 0
mb_info_addr:
    .long 0
    /* Next free AP stack slot; APs take one each with lock xadd. */
ap_stack_next:
    .long 0

/* Enable PAE, load CR3, set EFER.LME, turn on paging, jump to \target. */
.macro ENTER_LONG_MODE target
    mov %cr4, %eax
    or $CR4_PAE, %eax
    mov %eax, %cr4
    mov $pml4, %eax
    mov %eax, %cr3
    mov $MSR_EFER, %ecx
    rdmsr
    or $EFER_LME, %eax
    wrmsr
    mov %cr0, %eax
    and $~(CR0_CD | CR0_NW), %eax   /* INIT leaves an AP's caches off */
    or $(CR0_PG | CR0_PE | CR0_NE), %eax
    mov %eax, %cr0
    ljmp $SEL_CODE64, $\target
.endm

.macro LOAD_DATA_SEGMENTS
    mov $SEL_DATA, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
.endm

    .section .text.entry, "ax"
    .code32
    .globl _start
_start:
    cli
    mov %eax, mb_magic
    mov %ebx, mb_info_addr
    lgdt gdt_desc
    ljmp $SEL_CODE32, $1f
1:  LOAD_DATA_SEGMENTS
    mov $bsp_stack_top, %esp
    cld
    mov $__bss_start, %edi
    mov $__bss_end, %ecx
    sub %edi, %ecx
    xor %eax, %eax
    rep stosb
    ENTER_LONG_MODE bsp_start64

    .globl ap_entry32
ap_entry32:
    LOAD_DATA_SEGMENTS
    ENTER_LONG_MODE ap_start64

    .code64
bsp_start64:
    mov $bsp_stack_top, %rsp
    call guest_start                /* never returns */
    jmp halt_forever

ap_start64:
    mov $1, %eax
    lock xadd %eax, ap_stack_next
    cmp $MAX_CPUS, %eax             /* no stack left: stay parked */
    jae halt_forever
    inc %eax                        /* stacks grow down: use the slot's end */
    imul $AP_STACK_SIZE, %eax, %eax
    lea ap_stacks(%rax), %rsp
    call ap_start                   /* never returns */

    .globl halt_forever
halt_forever:
    cli
    hlt
    jmp halt_forever

    /*
     * Stacks need no zeroing, so they live after __bss_end (see
     * linker.ld): the entry code's rep stosb stays short.
     */
    .section .stack, "aw", @nobits
    .align 4096
    .space BSP_STACK_SIZE
bsp_stack_top:
    .globl ap_stacks
ap_stacks:
    .space AP_STACK_SIZE * MAX_CPUS
