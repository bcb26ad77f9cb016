/*
 * Identity map of the first 4 GiB with 2 MiB pages, emitted as data so
 * that boot costs no instructions (the benchmark guests time start to
 * exit). The top GiB (IOAPIC 0xfec00000, LAPIC 0xfee00000, test MMIO
 * 0xff000000) is mapped uncached. Everything above 4 GiB is not present,
 * which the exceptions guest uses to provoke #PF. Every entry allows user
 * access so that usermode.c can run code at CPL 3 anywhere; CPL 0 is not
 * affected because SMEP and SMAP stay off.
 */
#include "x86-defs.h"

#define PDE_FLAGS   (PTE_P + PTE_RW + PTE_US)

    .section .data.pagetables, "aw"
    .align PAGE_SIZE
    .globl pml4
pml4:
    .quad pdpt + PDE_FLAGS
    .fill 511, 8, 0

pdpt:
    .quad pd + 0 * PAGE_SIZE + PDE_FLAGS
    .quad pd + 1 * PAGE_SIZE + PDE_FLAGS
    .quad pd + 2 * PAGE_SIZE + PDE_FLAGS
    .quad pd + 3 * PAGE_SIZE + PDE_FLAGS
    .fill 508, 8, 0

    /* Four page directories back to back: 2048 entries of 2 MiB. */
pd:
    .set i, 0
    .rept 2048
    .if i < 1536
    .quad (i << 21) + PDE_FLAGS + PTE_PS
    .else
    .quad (i << 21) + PDE_FLAGS + PTE_PS + PTE_PCD + PTE_PWT
    .endif
    .set i, i + 1
    .endr
