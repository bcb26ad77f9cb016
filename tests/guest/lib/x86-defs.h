/* Architectural constants shared by the assembly and C parts. */
#ifndef GUEST_X86_DEFS_H
#define GUEST_X86_DEFS_H

#define MULTIBOOT_HEADER_MAGIC  0x1BADB002
#define MULTIBOOT_BOOT_MAGIC    0x2BADB002

/* Selectors in our GDT (lib/entry.S). */
#define SEL_CODE32  0x08
#define SEL_DATA    0x10
#define SEL_CODE64  0x18
#define SEL_UDATA   0x20    /* DPL 3; used with RPL 3 */
#define SEL_UCODE64 0x28    /* DPL 3; used with RPL 3 */
#define SEL_TSS     0x30    /* 16-byte descriptor, filled at run time */
#define GDT_ENTRIES 8

#define CR0_PE      (1 << 0)
#define CR0_NE      (1 << 5)
#define CR0_NW      (1 << 29)
#define CR0_CD      (1 << 30)
#define CR0_PG      0x80000000
#define CR4_PAE     (1 << 5)
#define MSR_EFER    0xc0000080
#define EFER_LME    (1 << 8)

/* Page table entry bits. */
#define PTE_P       (1 << 0)
#define PTE_RW      (1 << 1)
#define PTE_US      (1 << 2)
#define PTE_PWT     (1 << 3)
#define PTE_PCD     (1 << 4)
#define PTE_PS      (1 << 7)

#define PAGE_SIZE   4096
#define BSP_STACK_SIZE  16384
#define USER_STACK_SIZE 4096    /* each: CPL 3 code, and traps from it */
#define AP_STACK_SIZE   4096
#define MAX_CPUS        8

/* Where the AP real-mode trampoline is copied: SIPI vector 0x07. */
#define AP_TRAMPOLINE_ADDR  0x7000

#endif /* GUEST_X86_DEFS_H */
