/*
 * x86 decoder tables: row format shared by decode.c and decode-tables.c.
 *
 * One row per SDM opcode-map entry. An operand is written with the SDM's
 * appendix A notation: an addressing method letter and a size code
 * (Ev = ModRM r/m, GPR or memory, operand-size; Vx = ModRM.reg XMM/YMM by
 * VEX.L; Ib = 8-bit immediate). decode-tables.c defines those names.
 */
#ifndef TARGET_I386_DECODE_INTERNAL_H
#define TARGET_I386_DECODE_INTERNAL_H

#include "target/i386/decode.h"

/* Addressing methods (SDM vol. 2 A.2.1), plus fixed operands. */
enum x86_amode {
    AM_NONE,
    AM_A,       /* direct far pointer in the instruction */
    AM_B,       /* VEX.vvvv selects a GPR */
    AM_C,       /* ModRM.reg selects a control register */
    AM_D,       /* ModRM.reg selects a debug register */
    AM_E,       /* ModRM r/m: GPR or memory */
    AM_G,       /* ModRM.reg: GPR */
    AM_H,       /* VEX.vvvv: XMM/YMM (dropped in the legacy SSE form) */
    AM_I,       /* immediate (zero-extended unless size is s-coded) */
    AM_IS,      /* immediate byte sign-extended to the operand size */
    AM_J,       /* relative branch offset */
    AM_L,       /* imm8[7:4] selects an XMM/YMM (VEX is4) */
    AM_M,       /* ModRM r/m: memory only */
    AM_N,       /* ModRM r/m: MMX register only */
    AM_O,       /* moffs: offset of address size, no ModRM */
    AM_P,       /* ModRM.reg: MMX register */
    AM_Q,       /* ModRM r/m: MMX register or memory */
    AM_R,       /* ModRM r/m: GPR only */
    AM_S,       /* ModRM.reg: segment register */
    AM_U,       /* ModRM r/m: XMM/YMM register only */
    AM_V,       /* ModRM.reg: XMM/YMM */
    AM_W,       /* ModRM r/m: XMM/YMM or memory */
    AM_X,       /* DS:rSI string source (segment overridable) */
    AM_Y,       /* ES:rDI string destination */
    AM_Z,       /* opcode bits 2:0 (+REX.B): GPR */
    AM_GPR,     /* fixed GPR, number in the spec */
    AM_SEG,     /* fixed segment register */
    AM_ONE,     /* the constant 1 (D0-D3 shifts) */
    AM_ST,      /* x87 ST(i), i = ModRM.rm */
    AM_ST0,     /* x87 ST(0) */
    AM_XMM0,    /* implicit XMM0 (legacy BLENDVPS, SHA256RNDS2) */
    AM_BNDR,    /* ModRM.reg: MPX bound register */
    AM_BNDE,    /* ModRM r/m: MPX bound register or memory */
    AM_MV,      /* VSIB memory: index is a vector register */
    AM_MIB,     /* memory, SIB index not scaled (MPX BNDLDX/BNDSTX) */
    AM_GA,      /* ModRM.reg as a GPR of address size (MOVDIR64B) */
    AM_KG,      /* ModRM.reg: opmask register k0-k7 */
    AM_KE,      /* ModRM r/m: opmask register or memory */
    AM_KU,      /* ModRM r/m: opmask register only */
    AM_KH,      /* VEX.vvvv: opmask register */
    AM_TG,      /* ModRM.reg: AMX tile register */
    AM_TU,      /* ModRM r/m: AMX tile register only */
    AM_TH,      /* VEX.vvvv: AMX tile register */
};

/* Size codes (SDM A.2.2) resolved in decode.c. */
enum x86_szcode {
    SZ_NONE,
    SZ_b,       /* byte */
    SZ_w,       /* word */
    SZ_d,       /* doubleword */
    SZ_q,       /* quadword */
    SZ_dq,      /* 16 bytes (XMM) */
    SZ_qq,      /* 32 bytes (YMM) */
    SZ_v,       /* operand size: 2, 4, 8 */
    SZ_z,       /* 2 with 16-bit operand size, else 4 */
    SZ_y,       /* 8 with REX.W/VEX.W in 64-bit mode, else 4 */
    SZ_x,       /* 16 or 32 by VEX.L */
    SZ_p,       /* far pointer: 2 + operand size */
    SZ_s,       /* pseudo-descriptor: 6, or 10 in 64-bit mode */
    SZ_a,       /* BOUND pair: 2 x operand size */
    SZ_t,       /* 10 bytes (m80) */
    SZ_h,       /* half of x: 8 or 16 */
    SZ_qt,      /* quarter of x: 4 or 8 */
    SZ_oc,      /* eighth of x: 2 or 4 */
    SZ_u,       /* unsized memory (LEA, prefetch, XSAVE area): 0 */
    SZ_env,     /* x87 environment: 14 or 28 by operand size */
    SZ_fsv,     /* x87 state: 94 or 108 by operand size */
    SZ_512,     /* FXSAVE area */
    SZ_c,       /* CR/DR moves: 8 in 64-bit mode, else 4 */
    SZ_ad,      /* address size: 2, 4, 8 */
    SZ_64,      /* 64 bytes (MOVDIR64B, ENQCMD) */
    SZ_dup,     /* MOVDDUP source: 8 with VEX.L = 0, else 32 */
    SZ_bnd,     /* MPX bound pair in memory: 16 in 64-bit mode, else 8 */
};

/*
 * Operand spec: method | reg size << 8 | memory size << 13 | number << 18.
 * memory size 0 means "same as the register size".
 */
#define OPND(am, rs, ms, n) \
    ((uint32_t)(am) | (uint32_t)(rs) << 8 | (uint32_t)(ms) << 13 | \
     (uint32_t)(n) << 18)
#define OPND_AM(s)      ((s) & 0xff)
#define OPND_RS(s)      (((s) >> 8) & 0x1f)
#define OPND_MS(s)      (((s) >> 13) & 0x1f)
#define OPND_NUM(s)     (((s) >> 18) & 0x1f)

/* Mandatory-prefix constraint of a row. */
enum {
    P_ANY,      /* prefixes do not select (66 = operand size, F3 = REP) */
    P_NP,       /* no 66/F2/F3 */
    P_66,       /* 66 (and no F2/F3) */
    P_F3,       /* F3 last of F2/F3; 66 keeps its operand-size meaning */
    P_F2,       /* F2 last of F2/F3; 66 keeps its operand-size meaning */
    P_NF,       /* no F2/F3; 66 is the operand-size prefix */
};

#define ANY 8   /* reg / rm constraint: not constrained */

/* Row flags. */
#define F_LOCK      (1u << 0)   /* LOCK allowed (memory destination) */
#define F_I64       (1u << 1)   /* invalid in 64-bit mode */
#define F_O64       (1u << 2)   /* valid in 64-bit mode only */
#define F_D64       (1u << 3)   /* 64-bit mode: default operand size 64 */
#define F_F64       (1u << 4)   /* 64-bit mode: operand size forced to 64 */
#define F_MEM       (1u << 5)   /* ModRM.mod != 11 only */
#define F_REG       (1u << 6)   /* ModRM.mod == 11 only */
#define F_V         (1u << 7)   /* also a VEX form ("v" in the SDM map) */
#define F_VEX       (1u << 8)   /* VEX form only */
#define F_L0        (1u << 9)   /* VEX.L must be 0 */
#define F_L1        (1u << 10)  /* VEX.L must be 1 */
#define F_W0        (1u << 11)  /* VEX.W / REX.W must be 0 */
#define F_W1        (1u << 12)  /* VEX.W / REX.W must be 1 */
#define F_PM        (1u << 13)  /* #UD in real and virtual-8086 mode */
#define F_COND      (1u << 14)  /* opcode bits 3:0 are the condition */
#define F_MODIGN    (1u << 15)  /* ModRM.mod ignored, always a register */
#define F_VI        (1u << 16)  /* F_V integer row: VEX.256 needs AVX2 */
#define F_MODRM     (1u << 17)  /* has ModRM even with no ModRM operand */
#define F_3DNOW     (1u << 18)  /* 0F 0F: suffix byte is the opcode */
#define F_LIG       (1u << 19)  /* VEX.L ignored (scalar) */
#define F_V128      (1u << 20)  /* VEX form is 128-bit only (L0) */
#define F_VW0       (1u << 21)  /* VEX form requires W0 */
#define F_VW1       (1u << 22)  /* VEX form requires W1 */
#define F_OPSZ64    (1u << 23)  /* W1 in 64-bit mode selects this row */
#define F_REXB      (1u << 24)  /* only with REX.B (90 = XCHG r8, rAX) */
#define F_NORIP     (1u << 25)  /* RIP-relative memory is #UD (MPX) */
#define F_SIBMEM    (1u << 26)  /* memory operand must use a SIB byte */
#define F_AS64      (1u << 27)  /* 64-bit mode: address size 64, 67 ignored */
#define F_VNAME     (1u << 28)  /* VEX-only row of a legacy SSE name ("v") */
#define F_NOA16     (1u << 29)  /* 16-bit addressing is #UD (MPX) */

struct x86_row {
    uint8_t opc;        /* opcode byte */
    uint8_t pfx;        /* P_* */
    uint8_t reg;        /* ModRM.reg or ANY */
    uint8_t rm;         /* ModRM.rm (with mod == 11) or ANY */
    uint16_t op;        /* enum x86_op */
    uint8_t isa;        /* enum x86_isa of the legacy (or only) form */
    uint8_t visa;       /* enum x86_isa of the VEX form (F_V rows) */
    uint32_t flags;     /* F_* */
    uint32_t o[4];      /* operand specs, OPND(...) */
};

struct x86_map_table {
    const struct x86_row *rows;
    size_t count;
};

#include <stddef.h>

/* Working state of one x86_decode() call. */
struct dstate {
    const uint8_t *b;
    size_t avail;
    size_t pos;
    enum x86_cpu_mode mode;
    struct x86_insn *insn;
    const struct x86_row *row;
    uint8_t mp;             /* mandatory prefix in effect (X86_PFX_*) */
    bool w64;               /* REX.W / VEX.W in 64-bit mode */
    uint8_t nimm;           /* immediates consumed so far */
    uint8_t ea_base;        /* memory operand: base, X86_RIP or NONE */
    uint8_t ea_index;       /* memory operand: index GPR or NONE */
    uint8_t vvvv_raw;       /* VEX.vvvv before masking to 3 bits */
};

static inline enum x86_decode_status fail(struct dstate *s, uint8_t vector)
{
    s->insn->fault = vector;
    return X86_DECODE_INVALID;
}

/* Make sure n more bytes are available from s->pos. */
static inline enum x86_decode_status need(struct dstate *s, size_t n)
{
    if (s->pos + n > X86_MAX_INSN_LEN) {
        return fail(s, X86_EXC_GP);
    }
    if (s->pos + n > s->avail) {
        return X86_DECODE_NEED_MORE_BYTES;
    }
    return X86_DECODE_OK;
}

#define TRY(expr) do { \
        enum x86_decode_status r_ = (expr); \
        if (r_ != X86_DECODE_OK) { \
            return r_; \
        } \
    } while (0)

/* Read an n-byte little-endian field at s->pos and advance. */
static inline enum x86_decode_status fetch(struct dstate *s, size_t n, uint64_t *v)
{
    size_t i;

    TRY(need(s, n));
    *v = 0;
    for (i = 0; i < n; i++) {
        *v |= (uint64_t)s->b[s->pos + i] << (8 * i);
    }
    s->pos += n;
    return X86_DECODE_OK;
}

/* decode-operands.c */
enum x86_decode_status x86_decode_modrm_ea(struct dstate *s);
enum x86_decode_status x86_decode_imm(struct dstate *s, uint32_t spec);
enum x86_decode_status x86_decode_add_operand(struct dstate *s, uint32_t spec,
                                              int *k);

/* decode.c: table sanity for the unit tests (0 = fine). */
int x86_decode_check_tables(void);

/* decode-tables.c */
extern const struct x86_map_table x86_decode_maps[4];
extern const uint16_t x86_3dnow_ops[256];

#endif
