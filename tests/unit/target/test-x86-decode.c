/*
 * x86 decoder unit tests: the encoding rules that are easy to get wrong,
 * each checked on hand-assembled bytes (cross-checked with objdump/Zydis
 * when written). The bulk comparison is test-x86-decode-zydis.c.
 */
#include "target/i386/decode.h"
#include "target/i386/decode-internal.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* Decode a hex string ("66 0f 6f 04 24"); the buffer is exactly that long. */
static enum x86_decode_status dec(const char *hex, enum x86_cpu_mode mode,
                                  struct x86_insn *insn)
{
    uint8_t b[32];
    size_t n = 0;
    char *p = (char *)hex;

    while (*p && n < sizeof(b)) {
        b[n++] = strtoul(p, &p, 16);
        while (*p == ' ') {
            p++;
        }
    }
    return x86_decode(b, n, mode, insn);
}

static void expect(const char *hex, enum x86_cpu_mode mode, enum x86_op op,
                   unsigned len, struct x86_insn *insn)
{
    enum x86_decode_status st = dec(hex, mode, insn);
    char name[X86_NAME_MAX];

    if (st != X86_DECODE_OK || insn->op != op || insn->len != len) {
        g_test_message("%s: status %d op %s len %u (want %s len %u)", hex, st,
                       x86_insn_name(insn, name), insn->len,
                       x86_op_name(op), len);
    }
    g_assert_cmpint(st, ==, X86_DECODE_OK);
    g_assert_cmpstr(x86_op_name(insn->op), ==, x86_op_name(op));
    g_assert_cmpuint(insn->len, ==, len);
}

static void expect_invalid(const char *hex, enum x86_cpu_mode mode,
                           uint8_t fault)
{
    struct x86_insn insn;

    g_assert_cmpint(dec(hex, mode, &insn), ==, X86_DECODE_INVALID);
    g_assert_cmpuint(insn.fault, ==, fault);
}

static void expect_reg(const struct x86_insn *in, int i, uint8_t cls,
                       uint8_t num, unsigned size)
{
    g_assert_cmpuint(in->nops, >, i);
    g_assert_cmpuint(in->ops[i].kind, ==, X86_OPND_REG);
    g_assert_cmpuint(in->ops[i].reg.cls, ==, cls);
    g_assert_cmpuint(in->ops[i].reg.num, ==, num);
    g_assert_cmpuint(in->ops[i].size, ==, size);
}

static void test_tables(void)
{
    g_assert_cmpint(x86_decode_check_tables(), ==, 0);
}

/* F2/F3: the last one selects; 66 only when neither is present. */
static void test_prefix_order(void)
{
    struct x86_insn in;

    expect("66 f3 0f 6f 00", X86_MODE_PROT32, X86_OP_MOVDQU, 5, &in);
    expect("f3 66 0f 6f 00", X86_MODE_PROT32, X86_OP_MOVDQU, 5, &in);
    expect("f2 f3 0f 10 00", X86_MODE_PROT32, X86_OP_MOVSS, 5, &in);
    expect("f3 f2 0f 10 00", X86_MODE_PROT32, X86_OP_MOVSD, 5, &in);
    g_assert_cmpuint(in.prefix.rep, ==, X86_REP_REPNE);
    expect("66 0f 6f 00", X86_MODE_PROT32, X86_OP_MOVDQA, 4, &in);
    /* 66 with F3 POPCNT stays the operand-size prefix */
    expect("66 f3 0f b8 c1", X86_MODE_PROT32, X86_OP_POPCNT, 5, &in);
    expect_reg(&in, 0, X86_RC_GPR, X86_RAX, 2);
    /* string op: F3 is REP, 66 the operand size */
    expect("f3 66 a5", X86_MODE_PROT32, X86_OP_MOVS, 3, &in);
    g_assert_cmpuint(in.prefix.rep, ==, X86_REP_REPE);
    g_assert_cmpuint(in.op_size, ==, 2);
    g_assert_cmpuint(in.prefix.count, ==, 2);
}

/* A REX followed by a legacy prefix is ignored (SDM vol. 2 §2.2.1). */
static void test_rex_position(void)
{
    struct x86_insn in;

    expect("48 66 89 c0", X86_MODE_LONG64, X86_OP_MOV, 4, &in);
    g_assert_false(in.rex.present);
    expect_reg(&in, 0, X86_RC_GPR, X86_RAX, 2);
    expect("66 48 89 c0", X86_MODE_LONG64, X86_OP_MOV, 4, &in);
    g_assert_true(in.rex.w);
    expect_reg(&in, 0, X86_RC_GPR, X86_RAX, 8);     /* REX.W beats 66 */
    /* two REX: the last one counts */
    expect("41 48 89 c0", X86_MODE_LONG64, X86_OP_MOV, 4, &in);
    expect_reg(&in, 0, X86_RC_GPR, X86_RAX, 8);
    /* 40-4F are INC/DEC outside 64-bit mode */
    expect("48", X86_MODE_PROT32, X86_OP_DEC, 1, &in);
    /* any REX turns AH..BH into SPL..DIL */
    expect("88 e0", X86_MODE_LONG64, X86_OP_MOV, 2, &in);    /* mov al, ah */
    expect_reg(&in, 1, X86_RC_GPR8H, 0, 1);
    expect("40 88 e0", X86_MODE_LONG64, X86_OP_MOV, 3, &in); /* mov al, spl */
    expect_reg(&in, 1, X86_RC_GPR, X86_RSP, 1);
}

/* Immediate sizes: 66 with REX.W, Iz vs Iv, sign extension. */
static void test_immediates(void)
{
    struct x86_insn in;

    expect("66 48 b8 01 02 03 04 05 06 07 08", X86_MODE_LONG64, X86_OP_MOV,
           11, &in);
    g_assert_cmpuint(in.ops[1].imm.value, ==, 0x0807060504030201ull);
    expect("66 b8 01 02", X86_MODE_LONG64, X86_OP_MOV, 4, &in);
    expect("48 05 ff ff ff ff", X86_MODE_LONG64, X86_OP_ADD, 6, &in);
    g_assert_cmpint(in.ops[1].imm.value, ==, -1);   /* imm32 sign-extended */
    g_assert_cmpuint(in.ops[1].size, ==, 8);
    expect("83 c0 80", X86_MODE_PROT32, X86_OP_ADD, 3, &in);
    g_assert_cmpint(in.ops[1].imm.value, ==, -128);
    expect("c8 10 00 02", X86_MODE_PROT32, X86_OP_ENTER, 4, &in);
    g_assert_cmpuint(in.imm_count, ==, 2);
    g_assert_cmpuint(in.ops[0].imm.value, ==, 16);
    g_assert_cmpuint(in.ops[1].imm.value, ==, 2);
    expect("9a 78 56 34 12 00 f0", X86_MODE_PROT32, X86_OP_CALLF, 7, &in);
    g_assert_cmpuint(in.ops[0].kind, ==, X86_OPND_FARPTR);
    g_assert_cmpuint(in.ops[0].imm.sel, ==, 0xf000);
    g_assert_cmpuint(in.ops[0].imm.value, ==, 0x12345678);
}

/* Near branches ignore 66 in 64-bit mode (Intel); not elsewhere. */
static void test_branches(void)
{
    struct x86_insn in;

    expect("66 e8 00 00 00 00", X86_MODE_LONG64, X86_OP_CALL, 6, &in);
    g_assert_cmpuint(in.op_size, ==, 8);
    expect("66 e8 00 00", X86_MODE_PROT32, X86_OP_CALL, 4, &in);
    expect("0f 85 fa ff ff ff", X86_MODE_LONG64, X86_OP_JCC, 6, &in);
    g_assert_cmpuint(in.cond, ==, 5);
    g_assert_cmpuint(in.ops[0].kind, ==, X86_OPND_REL);
    g_assert_cmpint(in.ops[0].imm.value, ==, -6);
    g_assert_cmpuint(x86_insn_rel_target(&in, 0x1000), ==, 0x1000);
    expect("eb fe", X86_MODE_REAL, X86_OP_JMP, 2, &in);
    g_assert_cmpuint(x86_insn_rel_target(&in, 0xfffe), ==, 0xfffe);
}

/* moffs: the offset has the address size (A0-A3). */
static void test_moffs(void)
{
    struct x86_insn in;

    expect("a1 00 00 00 00 00 00 00 80", X86_MODE_LONG64, X86_OP_MOV, 9, &in);
    g_assert_cmpuint(in.ops[1].kind, ==, X86_OPND_MEM);
    g_assert_cmpuint(in.ops[1].mem.disp, ==, 0x8000000000000000ull);
    expect("67 a1 00 00 00 80", X86_MODE_LONG64, X86_OP_MOV, 6, &in);
    g_assert_cmpuint(in.ops[1].mem.disp, ==, 0x80000000ull);
    expect("a3 00 10 00 00", X86_MODE_PROT32, X86_OP_MOV, 5, &in);
    expect("67 a3 00 10", X86_MODE_PROT32, X86_OP_MOV, 4, &in);
    expect("a2 00 10", X86_MODE_REAL, X86_OP_MOV, 3, &in);
    expect("48 a1 01 00 00 00 00 00 00 00", X86_MODE_LONG64, X86_OP_MOV, 10,
           &in);
    g_assert_cmpuint(in.ops[0].size, ==, 8);
}

/* ModRM/SIB forms: RIP-relative, no-base SIB, 16-bit BP default SS. */
static void test_addressing(void)
{
    struct x86_insn in;

    expect("8b 05 10 00 00 00", X86_MODE_LONG64, X86_OP_MOV, 6, &in);
    g_assert_cmpuint(in.ops[1].mem.base, ==, X86_RIP);
    g_assert_cmpuint(in.ops[1].mem.addr_size, ==, 8);
    expect("67 8b 05 10 00 00 00", X86_MODE_LONG64, X86_OP_MOV, 7, &in);
    g_assert_cmpuint(in.ops[1].mem.base, ==, X86_RIP);
    g_assert_cmpuint(in.ops[1].mem.addr_size, ==, 4);
    expect("8b 05 10 00 00 00", X86_MODE_PROT32, X86_OP_MOV, 6, &in);
    g_assert_cmpuint(in.ops[1].mem.base, ==, X86_REG_NONE);
    expect("8b 04 25 10 00 00 00", X86_MODE_LONG64, X86_OP_MOV, 7, &in);
    g_assert_cmpuint(in.ops[1].mem.base, ==, X86_REG_NONE);
    g_assert_cmpuint(in.ops[1].mem.index, ==, X86_REG_NONE);
    expect("42 8b 04 a5 10 00 00 00", X86_MODE_LONG64, X86_OP_MOV, 8, &in);
    g_assert_cmpuint(in.ops[1].mem.index, ==, X86_R12);   /* REX.X: r12 */
    g_assert_cmpuint(in.ops[1].mem.scale, ==, 4);
    expect("8b 44 24 08", X86_MODE_PROT32, X86_OP_MOV, 4, &in);
    g_assert_cmpuint(in.ops[1].mem.seg, ==, X86_SEG_SS);  /* ESP base */
    expect("8b 46 02", X86_MODE_REAL, X86_OP_MOV, 3, &in);
    g_assert_cmpuint(in.ops[1].mem.base, ==, X86_RBP);
    g_assert_cmpuint(in.ops[1].mem.seg, ==, X86_SEG_SS);
    g_assert_cmpint(in.ops[1].mem.disp, ==, 2);
    expect("8b 06 34 12", X86_MODE_REAL, X86_OP_MOV, 4, &in);   /* [1234] */
    g_assert_cmpuint(in.ops[1].mem.base, ==, X86_REG_NONE);
    g_assert_cmpuint(in.ops[1].mem.seg, ==, X86_SEG_DS);
    expect("67 8b 00", X86_MODE_REAL, X86_OP_MOV, 3, &in);     /* [eax] */
    g_assert_cmpuint(in.ops[1].mem.addr_size, ==, 4);
}

/* 64-bit mode ignores ES/CS/SS/DS overrides, also after FS/GS. */
static void test_segments(void)
{
    struct x86_insn in;

    expect("2e 8b 00", X86_MODE_LONG64, X86_OP_MOV, 3, &in);
    g_assert_cmpuint(in.ops[1].mem.seg, ==, X86_SEG_DS);
    expect("64 26 8b 00", X86_MODE_LONG64, X86_OP_MOV, 4, &in);
    g_assert_cmpuint(in.ops[1].mem.seg, ==, X86_SEG_FS);
    expect("26 8b 00", X86_MODE_PROT32, X86_OP_MOV, 3, &in);
    g_assert_cmpuint(in.ops[1].mem.seg, ==, X86_SEG_ES);
    /* string source takes the override, destination is always ES */
    expect("2e a4", X86_MODE_PROT32, X86_OP_MOVS, 2, &in);
    g_assert_cmpuint(in.ops[0].mem.seg, ==, X86_SEG_ES);
    g_assert_cmpuint(in.ops[1].mem.seg, ==, X86_SEG_CS);
    expect("44 8c c0", X86_MODE_LONG64, X86_OP_MOV, 3, &in); /* REX.R: es */
    expect_reg(&in, 1, X86_RC_SEG, X86_SEG_ES, 2);
    expect_invalid("8e c8", X86_MODE_PROT32, X86_EXC_UD);     /* mov cs, ax */
    expect_invalid("8c f0", X86_MODE_PROT32, X86_EXC_UD);     /* Sreg 6 */
}

/* VEX: L selects; prefixes before VEX are #UD; C4/C5 as LES/LDS. */
static void test_vex(void)
{
    struct x86_insn in;

    expect("c5 f8 77", X86_MODE_LONG64, X86_OP_VZEROUPPER, 3, &in);
    expect("c5 fc 77", X86_MODE_LONG64, X86_OP_VZEROALL, 3, &in);
    expect("c5 fd 6f 00", X86_MODE_LONG64, X86_OP_MOVDQA, 4, &in);
    g_assert_cmpuint(in.encoding, ==, X86_ENC_VEX);
    g_assert_cmpuint(in.vec_len, ==, 32);
    expect_reg(&in, 0, X86_RC_YMM, 0, 32);
    g_assert_cmpuint(in.ops[1].size, ==, 32);
    g_assert_cmpuint(in.isa, ==, X86_ISA_AVX);      /* a move: AVX */
    expect("c5 f5 fe 00", X86_MODE_LONG64, X86_OP_PADDD, 4, &in);
    g_assert_cmpuint(in.isa, ==, X86_ISA_AVX2);     /* integer VEX.256 */
    expect("c5 f1 fe 00", X86_MODE_LONG64, X86_OP_PADDD, 4, &in);
    g_assert_cmpuint(in.isa, ==, X86_ISA_AVX);
    expect("c5 fd 6f 00", X86_MODE_LONG64, X86_OP_MOVDQA, 4, &in);
    char name[X86_NAME_MAX];
    g_assert_cmpstr(x86_insn_name(&in, name), ==, "vmovdqa");
    expect("c4 e3 7d 18 c1 01", X86_MODE_LONG64, X86_OP_VINSERTF128, 6, &in);
    expect_invalid("c4 e3 79 18 c1 01", X86_MODE_LONG64, X86_EXC_UD); /* L0 */
    expect_invalid("66 c5 f9 6f 00", X86_MODE_LONG64, X86_EXC_UD);
    expect_invalid("48 c5 f9 6f 00", X86_MODE_LONG64, X86_EXC_UD);
    expect_invalid("f0 c5 f9 6f 00", X86_MODE_LONG64, X86_EXC_UD);
    /* vvvv must be 1111 when unused: vmovdqa has no NDS operand */
    expect_invalid("c5 b9 6f 00", X86_MODE_LONG64, X86_EXC_UD);
    /* three-operand form: vpaddd xmm0, xmm1, [rax] */
    expect("c5 f1 fe 00", X86_MODE_LONG64, X86_OP_PADDD, 4, &in);
    g_assert_cmpuint(in.nops, ==, 3);
    expect_reg(&in, 1, X86_RC_XMM, 1, 16);
    /* outside 64-bit mode mod != 11 makes C4/C5 LES/LDS */
    expect("c5 06 00 10", X86_MODE_PROT16, X86_OP_LDS, 4, &in);
    expect("c4 00", X86_MODE_PROT32, X86_OP_LES, 2, &in);
    expect("c5 f9 6f 00", X86_MODE_PROT32, X86_OP_MOVDQA, 4, &in);
    /* real mode: never VEX */
    expect_invalid("c5 f9", X86_MODE_REAL, X86_EXC_UD);
    /* BMI: VEX-encoded GPR instructions keep their names */
    expect("c4 e2 78 f2 c1", X86_MODE_LONG64, X86_OP_ANDN, 5, &in);
    g_assert_cmpstr(x86_insn_name(&in, name), ==, "andn");
    /* VSIB gather: destination, index and mask must differ */
    expect("c4 e2 71 90 04 90", X86_MODE_LONG64, X86_OP_VPGATHERDD, 6, &in);
    g_assert_cmpuint(in.ops[1].mem.index_cls, ==, X86_RC_XMM);
    expect_invalid("c4 e2 79 90 04 90", X86_MODE_LONG64, X86_EXC_UD);
}

/* LOCK only on read-modify-write instructions with a memory destination. */
static void test_lock(void)
{
    struct x86_insn in;

    expect("f0 01 00", X86_MODE_PROT32, X86_OP_ADD, 3, &in);
    g_assert_true(in.prefix.lock);
    expect("f0 0f c7 0e", X86_MODE_PROT32, X86_OP_CMPXCHG8B, 4, &in);
    expect("f0 48 0f c7 0e", X86_MODE_LONG64, X86_OP_CMPXCHG16B, 5, &in);
    expect_invalid("f0 01 c0", X86_MODE_PROT32, X86_EXC_UD);  /* register */
    expect_invalid("f0 89 00", X86_MODE_PROT32, X86_EXC_UD);  /* MOV */
    expect_invalid("f0 39 00", X86_MODE_PROT32, X86_EXC_UD);  /* CMP */
    expect_invalid("f0 90", X86_MODE_PROT32, X86_EXC_UD);
}

/* Length limit, incomplete input. */
static void test_length(void)
{
    struct x86_insn in;
    uint8_t b[20];

    memset(b, 0x66, sizeof(b));
    b[14] = 0x90;
    g_assert_cmpint(x86_decode(b, sizeof(b), X86_MODE_PROT32, &in), ==,
                    X86_DECODE_OK);
    g_assert_cmpuint(in.len, ==, 15);
    b[14] = 0x66;
    b[15] = 0x90;
    g_assert_cmpint(x86_decode(b, sizeof(b), X86_MODE_PROT32, &in), ==,
                    X86_DECODE_INVALID);
    g_assert_cmpuint(in.fault, ==, X86_EXC_GP);
    /* an instruction that would end past byte 15 */
    expect_invalid("66 66 66 66 66 66 66 66 66 66 48 b8 00 00 00 00 00",
                   X86_MODE_LONG64, X86_EXC_GP);
    g_assert_cmpint(dec("0f", X86_MODE_PROT32, &in), ==,
                    X86_DECODE_NEED_MORE_BYTES);
    g_assert_cmpint(dec("b8 01 02", X86_MODE_PROT32, &in), ==,
                    X86_DECODE_NEED_MORE_BYTES);
    g_assert_cmpint(dec("8b 84 24", X86_MODE_PROT32, &in), ==,
                    X86_DECODE_NEED_MORE_BYTES);
    g_assert_cmpint(dec("", X86_MODE_PROT32, &in), ==,
                    X86_DECODE_NEED_MORE_BYTES);
}

/* Mode-dependent validity. */
static void test_modes(void)
{
    struct x86_insn in;
    static const char *const i64[] = {
        "06", "07", "0e", "16", "17", "1e", "1f", "27", "2f", "37", "3f",
        "60", "61", "9a 00 00 00 00 00 00", "ce", "d4 0a", "d5 0a", "d6",
        "ea 00 00 00 00 00 00", "82 c0 01",
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(i64); i++) {
        expect_invalid(i64[i], X86_MODE_LONG64, X86_EXC_UD);
        g_assert_cmpint(dec(i64[i], X86_MODE_PROT32, &in), ==, X86_DECODE_OK);
    }
    expect("63 c1", X86_MODE_PROT32, X86_OP_ARPL, 2, &in);
    expect("48 63 c1", X86_MODE_LONG64, X86_OP_MOVSXD, 3, &in);
    expect_invalid("63 c1", X86_MODE_REAL, X86_EXC_UD);       /* PM only */
    expect_invalid("0f 00 c0", X86_MODE_REAL, X86_EXC_UD);    /* SLDT */
    expect_invalid("0f 01 f8", X86_MODE_PROT32, X86_EXC_UD);  /* SWAPGS */
    expect("0f 01 f8", X86_MODE_LONG64, X86_OP_SWAPGS, 3, &in);
    /* default operand sizes */
    expect("50", X86_MODE_LONG64, X86_OP_PUSH, 1, &in);
    g_assert_cmpuint(in.op_size, ==, 8);
    expect("66 50", X86_MODE_LONG64, X86_OP_PUSH, 2, &in);
    g_assert_cmpuint(in.op_size, ==, 2);
    expect("50", X86_MODE_REAL, X86_OP_PUSH, 1, &in);
    g_assert_cmpuint(in.op_size, ==, 2);
    expect("66 50", X86_MODE_REAL, X86_OP_PUSH, 2, &in);
    g_assert_cmpuint(in.op_size, ==, 4);
}

/* Groups, x87, 3DNow!, system registers, EVEX length. */
static void test_misc(void)
{
    struct x86_insn in;

    expect("0f ba e0 05", X86_MODE_PROT32, X86_OP_BT, 4, &in);
    expect_invalid("0f ba c0 05", X86_MODE_PROT32, X86_EXC_UD);   /* /0 */
    expect("90", X86_MODE_LONG64, X86_OP_NOP, 1, &in);
    expect("41 90", X86_MODE_LONG64, X86_OP_XCHG, 2, &in);       /* r8 */
    expect_reg(&in, 0, X86_RC_GPR, X86_R8, 4);
    expect("f3 90", X86_MODE_LONG64, X86_OP_PAUSE, 2, &in);
    expect("d9 e8", X86_MODE_PROT32, X86_OP_FLD1, 2, &in);
    expect("dd 04 24", X86_MODE_PROT32, X86_OP_FLD, 3, &in);
    g_assert_cmpuint(in.ops[0].size, ==, 8);
    expect("db 2c 24", X86_MODE_PROT32, X86_OP_FLD, 3, &in);     /* m80 */
    g_assert_cmpuint(in.ops[0].size, ==, 10);
    expect("df e0", X86_MODE_PROT32, X86_OP_FNSTSW, 2, &in);
    expect("0f 0f c1 9e", X86_MODE_PROT32, X86_OP_PFADD, 4, &in);
    g_assert_cmpuint(in.encoding, ==, X86_ENC_3DNOW);
    expect("0f 0f 44 24 08 b4", X86_MODE_PROT32, X86_OP_PFMUL, 6, &in);
    expect_invalid("0f 0f c1 00", X86_MODE_PROT32, X86_EXC_UD);
    expect("0f 20 c0", X86_MODE_LONG64, X86_OP_MOV_CR, 3, &in);
    expect_reg(&in, 1, X86_RC_CR, 0, 8);
    expect("0f 20 00", X86_MODE_PROT32, X86_OP_MOV_CR, 3, &in);  /* mod ign. */
    expect_reg(&in, 0, X86_RC_GPR, X86_RAX, 4);
    expect("44 0f 22 c0", X86_MODE_LONG64, X86_OP_MOV_CR, 4, &in);
    expect_reg(&in, 0, X86_RC_CR, 8, 8);
    expect_invalid("0f 20 c8", X86_MODE_PROT32, X86_EXC_UD);     /* CR1 */
    expect_invalid("0f 38 f0 c0", X86_MODE_PROT32, X86_EXC_UD);  /* MOVBE r */
    expect("62 f1 7c 48 10 44 24 01", X86_MODE_LONG64, X86_OP_EVEX, 8, &in);
    g_assert_cmpuint(in.vec_len, ==, 64);
    expect("62 f3 7d 48 19 c1 01", X86_MODE_LONG64, X86_OP_EVEX, 7, &in);
    expect("62 00", X86_MODE_PROT32, X86_OP_BOUND, 2, &in);
    expect("66 0f 6f 04 24", X86_MODE_PROT32, X86_OP_MOVDQA, 5, &in);
    g_assert_cmpuint(in.ops[1].size, ==, 16);
    g_assert_cmpuint(in.isa, ==, X86_ISA_SSE2);
    expect("f3 0f bc c1", X86_MODE_PROT32, X86_OP_TZCNT, 4, &in);
    g_assert_cmpuint(in.isa, ==, X86_ISA_BMI1);
    enum x86_op as;
    g_assert_true(x86_insn_fallback(&in, &as));
    g_assert_cmpuint(as, ==, X86_OP_BSF);
    expect("f3 0f 1e fa", X86_MODE_LONG64, X86_OP_ENDBR64, 4, &in);
    g_assert_true(x86_insn_fallback(&in, &as));
    g_assert_cmpuint(as, ==, X86_OP_NOP);
    expect("0f 01 d0", X86_MODE_LONG64, X86_OP_XGETBV, 3, &in);
    g_assert_false(x86_insn_fallback(&in, &as));
    g_assert_cmpuint(in.isa, ==, X86_ISA_XSAVE);
    expect("0f 05", X86_MODE_LONG64, X86_OP_SYSCALL, 2, &in);
    g_assert_cmpuint(in.isa, ==, X86_ISA_SYSCALL);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86-decode/tables", test_tables);
    g_test_add_func("/x86-decode/prefix-order", test_prefix_order);
    g_test_add_func("/x86-decode/rex-position", test_rex_position);
    g_test_add_func("/x86-decode/immediates", test_immediates);
    g_test_add_func("/x86-decode/branches", test_branches);
    g_test_add_func("/x86-decode/moffs", test_moffs);
    g_test_add_func("/x86-decode/addressing", test_addressing);
    g_test_add_func("/x86-decode/segments", test_segments);
    g_test_add_func("/x86-decode/vex", test_vex);
    g_test_add_func("/x86-decode/lock", test_lock);
    g_test_add_func("/x86-decode/length", test_length);
    g_test_add_func("/x86-decode/modes", test_modes);
    g_test_add_func("/x86-decode/misc", test_misc);
    return g_test_run();
}
