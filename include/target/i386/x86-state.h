/*
 * The architectural state of one x86 vCPU as the emulator sees it.
 *
 * Filled by an accelerator (KVM after an emulation exit, the software CPU
 * always) and read and written by target/i386/emulate*.c and mmu.c. Large
 * or rarely needed parts (x87/SSE/AVX) are loaded on demand through
 * x86_emu_ops.load_fpu; every write marks a X86_DIRTY_* bit so the
 * accelerator writes back only what changed.
 */
#ifndef TARGET_I386_X86_STATE_H
#define TARGET_I386_X86_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "target/i386/decode.h"

/*
 * enum x86_gpr (X86_RAX..X86_R15) and enum x86_seg (X86_SEG_ES..GS, in
 * Sreg encoding order) come from the decoder; the state adds the system
 * segments after them.
 */
#define X86_NR_GPRS     16
#define X86_SEG_LDTR    6
#define X86_SEG_TR      7
#define X86_NR_SEGS     8

/* A segment register with its hidden (cached) descriptor part. */
struct x86_segment {
    uint64_t base;
    uint32_t limit;          /* in bytes (granularity already applied) */
    uint16_t selector;
    uint8_t type;            /* descriptor type field, bits 3:0 */
    uint8_t s;               /* 1 = code/data, 0 = system */
    uint8_t dpl;
    uint8_t present;
    uint8_t db;              /* default operation size / big */
    uint8_t l;               /* 64-bit code segment */
    uint8_t g;
    uint8_t avl;
    uint8_t unusable;        /* null selector loaded (protected mode) */
};

struct x86_dtable {
    uint64_t base;
    uint16_t limit;
};

/*
 * FXSAVE image (Intel SDM Vol. 1 Table 10-2): x87 environment, MXCSR,
 * ST0-7 as 16-byte slots and XMM0-15. Kept in this layout so FXRSTOR can
 * load it directly for host-assisted x87/SSE execution.
 */
struct x86_fxsave {
    uint16_t fcw;
    uint16_t fsw;
    uint8_t ftw;             /* abridged tag: bit i = physical reg i valid */
    uint8_t rsvd1;
    uint16_t fop;
    uint64_t fip;            /* 64-bit format (REX.W FXSAVE) */
    uint64_t fdp;
    uint32_t mxcsr;
    uint32_t mxcsr_mask;
    uint8_t st[8][16];       /* ST(i) in i order (not physical order) */
    uint8_t xmm[16][16];
    uint8_t rsvd2[96];
} __attribute__((aligned(16)));

_Static_assert(sizeof(struct x86_fxsave) == 512, "FXSAVE area is 512 bytes");

/* Which parts of the state were changed by the emulator. */
#define X86_DIRTY_GPRS   (1u << 0)   /* gpr[], rflags */
#define X86_DIRTY_RIP    (1u << 1)
#define X86_DIRTY_SREGS  (1u << 2)   /* seg[], CRs, EFER, descriptor tables */
#define X86_DIRTY_FPU    (1u << 3)   /* fx, ymmh */
#define X86_DIRTY_XCR    (1u << 4)
#define X86_DIRTY_DR     (1u << 5)   /* dr[] */

/* Parts that are valid (the accelerator fetched them). */
#define X86_VALID_FPU    (1u << 0)
#define X86_VALID_XCR    (1u << 1)
#define X86_VALID_DR     (1u << 2)

/* RFLAGS bits. */
#define X86_FL_CF   (1u << 0)
#define X86_FL_FIXED (1u << 1)
#define X86_FL_PF   (1u << 2)
#define X86_FL_AF   (1u << 4)
#define X86_FL_ZF   (1u << 6)
#define X86_FL_SF   (1u << 7)
#define X86_FL_TF   (1u << 8)
#define X86_FL_IF   (1u << 9)
#define X86_FL_DF   (1u << 10)
#define X86_FL_OF   (1u << 11)
#define X86_FL_IOPL (3u << 12)
#define X86_FL_NT   (1u << 14)
#define X86_FL_RF   (1u << 16)
#define X86_FL_VM   (1u << 17)
#define X86_FL_AC   (1u << 18)
#define X86_FL_ARITH (X86_FL_CF | X86_FL_PF | X86_FL_AF | X86_FL_ZF | \
                      X86_FL_SF | X86_FL_OF)

/* Control-register bits the emulator looks at. */
#define X86_CR0_PE_BIT  (1ull << 0)
#define X86_CR0_MP_BIT  (1ull << 1)
#define X86_CR0_EM_BIT  (1ull << 2)
#define X86_CR0_TS_BIT  (1ull << 3)
#define X86_CR0_ET_BIT  (1ull << 4)
#define X86_CR0_NE_BIT  (1ull << 5)
#define X86_CR0_WP_BIT  (1ull << 16)
#define X86_CR0_AM_BIT  (1ull << 18)
#define X86_CR0_NW_BIT  (1ull << 29)
#define X86_CR0_CD_BIT  (1ull << 30)
#define X86_CR0_PG_BIT  (1ull << 31)
#define X86_CR4_PSE     (1ull << 4)
#define X86_CR4_PAE     (1ull << 5)
#define X86_CR4_OSFXSR  (1ull << 9)
#define X86_CR4_OSXMMEXCPT (1ull << 10)
#define X86_CR4_LA57    (1ull << 12)
#define X86_CR4_OSXSAVE (1ull << 18)
#define X86_CR4_SMEP    (1ull << 20)
#define X86_CR4_SMAP    (1ull << 21)
#define X86_EFER_SCE    (1ull << 0)
#define X86_EFER_LME    (1ull << 8)
#define X86_EFER_LMA_BIT (1ull << 10)
#define X86_EFER_NXE    (1ull << 11)

/* XCR0 components. */
#define X86_XCR0_X87    (1ull << 0)
#define X86_XCR0_SSE    (1ull << 1)
#define X86_XCR0_AVX    (1ull << 2)

struct x86_cpu_state {
    uint64_t gpr[X86_NR_GPRS];
    uint64_t rip;
    uint64_t rflags;
    struct x86_segment seg[X86_NR_SEGS];
    struct x86_dtable gdt, idt;
    uint64_t cr0, cr2, cr3, cr4, cr8;
    uint64_t efer;
    uint64_t apic_base;
    uint64_t xcr0;
    uint64_t dr[8];          /* DR0-3, DR6, DR7 (4, 5 unused); on demand */
    struct x86_fxsave fx;    /* x87, MXCSR, XMM low halves */
    uint8_t ymmh[16][16];    /* YMM upper halves (XSAVE component 2) */
    unsigned valid;          /* X86_VALID_* */
    unsigned dirty;          /* X86_DIRTY_* */
};

/* Current privilege level: CS.DPL outside real and virtual-8086 mode. */
static inline unsigned x86_cpl(const struct x86_cpu_state *s)
{
    if (!(s->cr0 & X86_CR0_PE_BIT)) {
        return 0;
    }
    if (s->rflags & X86_FL_VM) {
        return 3;
    }
    return s->seg[X86_SEG_CS].dpl;
}

static inline bool x86_long_mode(const struct x86_cpu_state *s)
{
    return (s->efer & X86_EFER_LMA_BIT) != 0;
}

/* 64-bit mode: long mode with a 64-bit code segment. */
static inline bool x86_64bit_mode(const struct x86_cpu_state *s)
{
    return x86_long_mode(s) && s->seg[X86_SEG_CS].l;
}

static inline bool x86_real_mode(const struct x86_cpu_state *s)
{
    return !(s->cr0 & X86_CR0_PE_BIT);
}

static inline bool x86_v86_mode(const struct x86_cpu_state *s)
{
    return (s->cr0 & X86_CR0_PE_BIT) && (s->rflags & X86_FL_VM);
}

#endif
