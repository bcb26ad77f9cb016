/*
 * x86 instruction decoder: bytes in, decoded instruction out.
 *
 * Contract
 *   - Pure: x86_decode() reads only bytes[0 .. avail) and writes only *insn.
 *     No guest memory, no CPU state beyond the mode passed in, no globals
 *     that change after the first call (tables are const). Thread-safe.
 *   - Result: X86_DECODE_OK with insn fully filled in;
 *     X86_DECODE_NEED_MORE_BYTES when the instruction continues past
 *     avail (avail < 15): fetch more and call again;
 *     X86_DECODE_INVALID when the processor would fault while decoding:
 *     insn->fault is X86_EXC_UD (undefined or reserved encoding, LOCK
 *     where not allowed, opcode invalid in this mode, ...) or X86_EXC_GP
 *     (instruction longer than 15 bytes, SDM vol. 2 §2.3.11).
 *   - The decoder does not look at CPUID: insn->isa names the feature an
 *     instruction needs and the caller decides (#UD if not offered, or
 *     what x86_insn_fallback() says). Decoding itself never depends on
 *     features (e.g. F3 0F BC is X86_OP_TZCNT; without BMI1 the processor
 *     executes it as BSF).
 *
 * Steps (target/i386/decode.c, decode-operands.c): legacy prefixes, REX,
 * VEX/EVEX, opcode (map + byte), table row, ModRM, SIB, displacement,
 * immediates, operands, validity checks. Tables: target/i386/decode-tables.c, one row per SDM
 * opcode-map entry; see docs/devel/x86-emulator.md.
 */
#ifndef TARGET_I386_DECODE_H
#define TARGET_I386_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define X86_MAX_INSN_LEN    15
#define X86_MAX_OPERANDS    5

/* Operations: X86_OP_ADD, ... (list in decode-ops.h). */
enum x86_op {
#define X86_OP(name) X86_OP_##name,
#include "target/i386/decode-ops.h"
#undef X86_OP
    X86_OP__COUNT
};

/*
 * Processor mode as far as decoding is concerned.
 *   REAL    real-address and virtual-8086 mode: 16-bit defaults, VEX/EVEX
 *           not recognised (C4/C5/62 are LES/LDS/BOUND), protected-mode
 *           only instructions (LAR, ARPL, SLDT, ...) are #UD.
 *   PROT16  protected or compatibility mode, CS.D = 0.
 *   PROT32  protected or compatibility mode, CS.D = 1.
 *   LONG64  64-bit mode (EFER.LMA = 1, CS.L = 1).
 */
enum x86_cpu_mode {
    X86_MODE_REAL,
    X86_MODE_PROT16,
    X86_MODE_PROT32,
    X86_MODE_LONG64,
};

enum x86_decode_status {
    X86_DECODE_OK = 0,
    X86_DECODE_NEED_MORE_BYTES,
    X86_DECODE_INVALID,
};

/* Exception vectors the decoder can report in insn->fault. */
#define X86_EXC_UD  6
#define X86_EXC_GP  13

/* How the opcode was encoded. */
enum x86_encoding {
    X86_ENC_LEGACY,     /* optional legacy prefixes and REX */
    X86_ENC_VEX,        /* C5 (2-byte) or C4 (3-byte) VEX */
    X86_ENC_EVEX,       /* 62 EVEX (AVX-512): length and fields only */
    X86_ENC_3DNOW,      /* 0F 0F modrm [sib] [disp] suffix */
};

/* Opcode maps (SDM vol. 2 appendix A); VEX.mmmmm / EVEX.mmm values. */
enum x86_opcode_map {
    X86_MAP_PRIMARY = 0,    /* one-byte opcodes */
    X86_MAP_0F = 1,
    X86_MAP_0F38 = 2,
    X86_MAP_0F3A = 3,
    X86_MAP_EVEX5 = 5,      /* EVEX maps 5 and 6 (AVX512-FP16) */
    X86_MAP_EVEX6 = 6,
};

/* Segment registers, numbered as in the ModRM.reg of MOV Sreg. */
enum x86_seg {
    X86_SEG_ES = 0,
    X86_SEG_CS,
    X86_SEG_SS,
    X86_SEG_DS,
    X86_SEG_FS,
    X86_SEG_GS,
    X86_SEG_NONE = 0xff,
};

/* REP prefix in effect (the last of F2/F3 when both are present). */
enum x86_rep {
    X86_REP_NONE,
    X86_REP_REPE,       /* F3: REP / REPE / REPZ */
    X86_REP_REPNE,      /* F2: REPNE / REPNZ */
};

/* Mandatory prefix selecting an SSE form (legacy) or VEX/EVEX.pp. */
enum x86_mandatory_prefix {
    X86_PFX_NONE,
    X86_PFX_66,
    X86_PFX_F3,
    X86_PFX_F2,
};

/* Register classes of register operands. */
enum x86_reg_class {
    X86_RC_NONE,
    X86_RC_GPR,         /* num 0-15 = RAX..R15; size says which part */
    X86_RC_GPR8H,       /* AH, CH, DH, BH: num 0-3 = high byte of RAX..RBX */
    X86_RC_SEG,         /* enum x86_seg */
    X86_RC_CR,          /* CR0-CR15 */
    X86_RC_DR,          /* DR0-DR15 */
    X86_RC_MMX,         /* MM0-MM7 */
    X86_RC_XMM,         /* XMM0-XMM31 */
    X86_RC_YMM,         /* YMM0-YMM31 */
    X86_RC_ZMM,         /* ZMM0-ZMM31 */
    X86_RC_ST,          /* x87 ST(0)-ST(7), relative to TOP */
    X86_RC_K,           /* AVX-512 opmask k0-k7 */
    X86_RC_BND,         /* MPX bnd0-bnd3 */
    X86_RC_TMM,         /* AMX tile registers tmm0-tmm7 */
};

/* General-purpose register numbers. */
enum x86_gpr {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
};

/* Memory base: X86_RIP means RIP-relative (disp is from the next insn). */
#define X86_REG_NONE    0xff
#define X86_RIP         16

enum x86_operand_kind {
    X86_OPND_NONE,
    X86_OPND_REG,       /* register: reg.cls, reg.num */
    X86_OPND_MEM,       /* memory: mem.* (no access made by LEA, NOP Ev) */
    X86_OPND_IMM,       /* immediate: imm.value (already sign/zero-extended) */
    X86_OPND_REL,       /* branch displacement: imm.value, from next insn */
    X86_OPND_FARPTR,    /* direct far pointer (9A, EA): imm.sel:imm.value */
};

struct x86_operand {
    uint8_t kind;       /* enum x86_operand_kind */
    /*
     * Implicit operand: fixed by the opcode rather than encoded in ModRM,
     * VEX.vvvv or an immediate (AL in 04 ib, DX in EC, CL in D2, the
     * constant 1 in D0, ES:[rDI] of STOS, XMM0 of BLENDVPS).
     */
    bool implicit;
    /*
     * Size in bytes: the part of a register used (AX = 2, XMM = 16) or the
     * bytes a memory operand accesses (m32fp = 4, m80 = 10, FXSAVE 512,
     * far pointer m16:32 = 6). 0 for memory whose size is not fixed by the
     * encoding (XSAVE area, LEA's address, prefetch hints). LGDT/SGDT
     * pseudo-descriptors are 6 bytes (10 in 64-bit mode).
     */
    uint16_t size;
    union {
        struct {
            uint8_t cls;        /* enum x86_reg_class */
            uint8_t num;
        } reg;
        struct {
            uint8_t seg;        /* effective segment (override applied) */
            uint8_t base;       /* GPR number, X86_RIP or X86_REG_NONE */
            uint8_t index;      /* GPR/vector number or X86_REG_NONE */
            uint8_t index_cls;  /* X86_RC_GPR, or XMM/YMM/ZMM for VSIB */
            uint8_t scale;      /* 1, 2, 4, 8 */
            uint8_t addr_size;  /* 2, 4, 8 bytes */
            int64_t disp;       /* sign-extended (moffs: zero-extended) */
        } mem;
        /*
         * IMM: z/d/v-sized immediates and the sign-extended imm8 of 6A,
         * 6B, 83 are sign-extended to the operand size; byte and word
         * immediates used as such (ports, vectors, shift counts, SSE imm8,
         * ENTER, RET imm16) are zero-extended. REL: signed offset from
         * the next instruction. FARPTR: offset in value, selector in sel.
         */
        struct {
            int64_t value;
            uint16_t sel;       /* FARPTR only */
        } imm;
    };
};

struct x86_insn {
    /* Result. */
    uint8_t len;            /* bytes consumed, 1..15 */
    uint8_t fault;          /* X86_EXC_UD / X86_EXC_GP when INVALID */
    uint16_t op;            /* enum x86_op */
    uint8_t mode;           /* enum x86_cpu_mode decoded for */
    uint8_t encoding;       /* enum x86_encoding */
    uint8_t map;            /* enum x86_opcode_map */
    uint8_t opcode;         /* opcode byte within the map (3DNow!: suffix) */
    uint8_t cond;           /* condition code 0-15 of Jcc/SETcc/CMOVcc */
    uint8_t isa;            /* enum x86_isa: feature the insn needs */

    /* Effective sizes in bytes. */
    uint8_t op_size;        /* operand-size attribute: 2, 4, 8 */
    uint8_t addr_size;      /* 2, 4, 8 */
    uint8_t vec_len;        /* 16 or 32 (VEX.L), 64 (EVEX L'L=2), 16 for
                             * legacy SSE on XMM; 0 if n/a */

    /* Legacy prefixes (all that were present, in any order). */
    struct {
        uint8_t count;      /* legacy prefix bytes, REX not included */
        uint8_t seg;        /* last segment override or X86_SEG_NONE; in
                             * 64-bit mode ES/CS/SS/DS overrides are
                             * ignored and not recorded */
        bool lock;          /* F0 */
        uint8_t rep;        /* enum x86_rep (last of F2/F3) */
        bool opsize;        /* 66 */
        bool addrsize;      /* 67 */
        uint8_t mandatory;  /* enum x86_mandatory_prefix used by the row */
    } prefix;

    /* REX (64-bit mode; a REX followed by another prefix is ignored). */
    struct {
        bool present;
        uint8_t raw;        /* 0x40-0x4f */
        bool w, r, x, b;
    } rex;

    /* VEX / EVEX fields, decoded and un-inverted. */
    struct {
        uint8_t size;       /* 2 (C5), 3 (C4), 4 (EVEX 62) */
        bool w;
        bool r, x, b;       /* extension bits as REX.R/X/B */
        uint8_t vvvv;       /* NDS register 0-15 (EVEX: V' is in v2) */
        uint8_t l;          /* VEX.L 0/1; EVEX L'L 0-2 */
        uint8_t pp;         /* enum x86_mandatory_prefix */
        uint8_t mmmmm;      /* map */
        /* EVEX only */
        bool r2;            /* R' */
        bool v2;            /* V' */
        uint8_t aaa;        /* opmask register */
        bool z;             /* zeroing */
        bool bcst;          /* EVEX.b: broadcast / rounding / SAE */
    } vex;

    struct {
        bool present;
        uint8_t raw;
        uint8_t mod, reg, rm;   /* reg and rm without REX/VEX extensions */
    } modrm;

    struct {
        bool present;
        uint8_t raw;
        uint8_t scale, index, base;     /* raw 2/3/3-bit fields */
    } sib;

    int64_t disp;           /* sign-extended displacement or moffs */
    uint8_t disp_size;      /* bytes: 0, 1, 2, 4, 8 (moffs) */
    uint8_t disp_offset;    /* offset of the displacement in the bytes */

    uint8_t imm_count;      /* 0, 1 or 2 (ENTER, EXTRQ/INSERTQ, far ptr) */
    uint8_t imm_size[2];    /* bytes of each immediate */
    uint8_t imm_offset;     /* offset of the first immediate */
    uint64_t imm_raw[2];    /* immediates as encoded (zero-extended) */

    uint8_t nops;           /* operands in ops[] */
    struct x86_operand ops[X86_MAX_OPERANDS];

    /* VEX form of a legacy SSE instruction: the SDM name takes a "v"
     * (op X86_OP_MOVDQU + vex_of_legacy = VMOVDQU). */
    bool vex_of_legacy;
};

/* CPUID features that gate instructions (the caller maps them to bits). */
enum x86_isa {
    X86_ISA_BASE,       /* 8086..x86-64 baseline */
    X86_ISA_X87,
    X86_ISA_CMOV,
    X86_ISA_MMX,
    X86_ISA_SSE,
    X86_ISA_SSE2,
    X86_ISA_SSE3,
    X86_ISA_SSSE3,
    X86_ISA_SSE41,
    X86_ISA_SSE42,
    X86_ISA_SSE4A,
    X86_ISA_AVX,
    X86_ISA_AVX2,
    X86_ISA_FMA,
    X86_ISA_F16C,
    X86_ISA_AES,
    X86_ISA_PCLMUL,
    X86_ISA_SHA,
    X86_ISA_GFNI,
    X86_ISA_BMI1,
    X86_ISA_BMI2,
    X86_ISA_ADX,
    X86_ISA_LZCNT,
    X86_ISA_POPCNT,
    X86_ISA_MOVBE,
    X86_ISA_CX8,
    X86_ISA_CX16,
    X86_ISA_FXSR,
    X86_ISA_XSAVE,
    X86_ISA_XSAVEOPT,
    X86_ISA_XSAVEC,
    X86_ISA_XSAVES,
    X86_ISA_CLFLUSH,
    X86_ISA_CLFLUSHOPT,
    X86_ISA_CLWB,
    X86_ISA_MONITOR,
    X86_ISA_RDTSCP,
    X86_ISA_RDRAND,
    X86_ISA_RDSEED,
    X86_ISA_RDPID,
    X86_ISA_FSGSBASE,
    X86_ISA_SMAP,
    X86_ISA_VMX,
    X86_ISA_SVM,
    X86_ISA_SMX,
    X86_ISA_SGX,
    X86_ISA_RTM,
    X86_ISA_PKU,
    X86_ISA_LM,         /* SWAPGS */
    X86_ISA_SEP,        /* SYSENTER/SYSEXIT */
    X86_ISA_3DNOW,
    X86_ISA_PREFETCHW,
    X86_ISA_INVPCID,
    X86_ISA_CET,
    X86_ISA_MPX,
    X86_ISA_OTHER,      /* rarely-used extensions: treat as not offered */
    X86_ISA_AVX512,     /* any EVEX encoding */
    X86_ISA_SYSCALL,    /* SYSCALL/SYSRET: CPUID.80000001H:EDX[11] */
    X86_ISA__COUNT
};

/*
 * Decode one instruction from bytes[0 .. avail) for the given mode.
 * insn is always written (zeroed first).
 */
enum x86_decode_status x86_decode(const uint8_t *bytes, size_t avail,
                                  enum x86_cpu_mode mode,
                                  struct x86_insn *insn);

/*
 * Encodings that older processors run as something else: without
 * insn->isa, TZCNT (F3 0F BC) executes as BSF, LZCNT (F3 0F BD) as BSR,
 * WBNOINVD (F3 0F 09) as WBINVD, and the hint-space instructions ENDBR32/
 * ENDBR64/RDSSP (0F 1E), CLDEMOTE (0F 1C), the MPX BND* (0F 1A/1B) and the
 * PREFETCHh hints (0F 18) as NOP. Returns true and sets *as in those
 * cases; false means "no such fallback: #UD without the feature".
 */
bool x86_insn_fallback(const struct x86_insn *insn, enum x86_op *as);

/* "add", "jcc", ...: lower-case name of an operation. */
const char *x86_op_name(enum x86_op op);

/*
 * Mnemonic as the SDM writes it for this instance: VEX/EVEX forms get their
 * "v" ("vmovdqu"), Jcc/SETcc/CMOVcc their condition ("jne"). buf must hold
 * X86_NAME_MAX bytes; returns buf.
 */
#define X86_NAME_MAX 24
const char *x86_insn_name(const struct x86_insn *insn, char *buf);

/* Name of an enum x86_isa value ("sse2"). */
const char *x86_isa_name(enum x86_isa isa);

/* Branch target of a X86_OPND_REL operand, truncated to op_size. */
uint64_t x86_insn_rel_target(const struct x86_insn *insn, uint64_t rip);

#endif
