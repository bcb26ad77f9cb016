/*
 * x86 address translation for the emulator: segmentation (logical ->
 * linear, with limit and type checks) and paging (linear -> physical,
 * 32-bit, PAE, 4- and 5-level, with the architectural #PF error codes).
 * Page-table entries are read (and A/D bits set) through
 * x86_emu_ops.read_phys/write_phys/cmpxchg_phys.
 */
#ifndef TARGET_I386_MMU_H
#define TARGET_I386_MMU_H

#include "target/i386/emulate.h"

/* Kind of access (one of the first three, plus flags). */
#define X86_ACC_READ       0u
#define X86_ACC_WRITE      1u
#define X86_ACC_FETCH      2u
#define X86_ACC_TYPE_MASK  3u
/* Implicit supervisor access (descriptor tables, TSS): never user,
 * SMAP applies regardless of EFLAGS.AC. */
#define X86_ACC_IMPLICIT   (1u << 2)
/* Translate only: do not set accessed/dirty bits. */
#define X86_ACC_NO_AD      (1u << 3)

/*
 * Translate linear address la. Returns 0 with *gpa set, 1 with exc set
 * (#PF; CR2 = la), or a negative errno when a paging-structure read
 * failed (the caller stops the VM).
 */
int x86_mmu_translate(struct x86_emu *emu, uint64_t la, unsigned access,
                      uint64_t *gpa);

/*
 * Logical (seg:offset, size bytes) -> linear, with 64-bit canonical
 * checks or segment limit/type checks and alignment checking (#AC when
 * CR0.AM, EFLAGS.AC and CPL 3). 0, or 1 with emu->exc set (#GP/#SS/#AC).
 * The offset must already be truncated to the address size.
 */
int x86_seg_linear(struct x86_emu *emu, enum x86_seg seg, uint64_t offset,
                   unsigned size, unsigned access, uint64_t *la);

/*
 * Read or write size (1..64) bytes at a linear address, splitting at page
 * boundaries. Writes translate every page before writing any byte, so a
 * fault leaves memory untouched. 0, 1 (emu->exc set), or -errno /
 * X86_MEM_UNHANDLED from the callbacks.
 */
int x86_read_linear(struct x86_emu *emu, uint64_t la, void *buf,
                    unsigned size, unsigned access);
int x86_write_linear(struct x86_emu *emu, uint64_t la, const void *buf,
                     unsigned size);

/* Is la canonical for the current paging mode (48 or 57 bits)? */
bool x86_is_canonical(const struct x86_cpu_state *cpu, uint64_t la);

#endif
