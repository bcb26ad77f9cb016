/*
 * Names of x86 operations, features and condition codes (decode.h).
 */
#include "target/i386/decode.h"

#include <stdio.h>
#include <string.h>

static const char *const op_names[X86_OP__COUNT] = {
#define X86_OP(name) [X86_OP_##name] = #name,
#include "target/i386/decode-ops.h"
#undef X86_OP
};

static const char *const isa_names[X86_ISA__COUNT] = {
    [X86_ISA_BASE] = "base", [X86_ISA_X87] = "x87", [X86_ISA_CMOV] = "cmov",
    [X86_ISA_MMX] = "mmx", [X86_ISA_SSE] = "sse", [X86_ISA_SSE2] = "sse2",
    [X86_ISA_SSE3] = "sse3", [X86_ISA_SSSE3] = "ssse3",
    [X86_ISA_SSE41] = "sse4.1", [X86_ISA_SSE42] = "sse4.2",
    [X86_ISA_SSE4A] = "sse4a", [X86_ISA_AVX] = "avx", [X86_ISA_AVX2] = "avx2",
    [X86_ISA_FMA] = "fma", [X86_ISA_F16C] = "f16c", [X86_ISA_AES] = "aes",
    [X86_ISA_PCLMUL] = "pclmulqdq", [X86_ISA_SHA] = "sha",
    [X86_ISA_GFNI] = "gfni", [X86_ISA_BMI1] = "bmi1", [X86_ISA_BMI2] = "bmi2",
    [X86_ISA_ADX] = "adx", [X86_ISA_LZCNT] = "abm", [X86_ISA_POPCNT] = "popcnt",
    [X86_ISA_MOVBE] = "movbe", [X86_ISA_CX8] = "cx8", [X86_ISA_CX16] = "cx16",
    [X86_ISA_FXSR] = "fxsr", [X86_ISA_XSAVE] = "xsave",
    [X86_ISA_XSAVEOPT] = "xsaveopt", [X86_ISA_XSAVEC] = "xsavec",
    [X86_ISA_XSAVES] = "xsaves", [X86_ISA_CLFLUSH] = "clflush",
    [X86_ISA_CLFLUSHOPT] = "clflushopt", [X86_ISA_CLWB] = "clwb",
    [X86_ISA_MONITOR] = "monitor", [X86_ISA_RDTSCP] = "rdtscp",
    [X86_ISA_RDRAND] = "rdrand", [X86_ISA_RDSEED] = "rdseed",
    [X86_ISA_RDPID] = "rdpid", [X86_ISA_FSGSBASE] = "fsgsbase",
    [X86_ISA_SMAP] = "smap", [X86_ISA_VMX] = "vmx", [X86_ISA_SVM] = "svm",
    [X86_ISA_SMX] = "smx", [X86_ISA_SGX] = "sgx", [X86_ISA_RTM] = "rtm",
    [X86_ISA_PKU] = "pku", [X86_ISA_LM] = "lm", [X86_ISA_SEP] = "sep",
    [X86_ISA_3DNOW] = "3dnow", [X86_ISA_PREFETCHW] = "3dnowprefetch",
    [X86_ISA_INVPCID] = "invpcid", [X86_ISA_CET] = "cet", [X86_ISA_MPX] = "mpx",
    [X86_ISA_OTHER] = "other", [X86_ISA_AVX512] = "avx512",
    [X86_ISA_SYSCALL] = "syscall",
};

const char *x86_op_name(enum x86_op op)
{
    static char lower[X86_OP__COUNT][X86_NAME_MAX];
    if ((unsigned)op >= X86_OP__COUNT) {
        return "?";
    }
    /* Benign race: every writer stores the same bytes. */
    if (!lower[op][0]) {
        const char *s = op_names[op];
        char tmp[X86_NAME_MAX];
        size_t i;
        for (i = 0; s[i] && i < X86_NAME_MAX - 1; i++) {
            tmp[i] = (s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i];
        }
        tmp[i] = 0;
        memcpy(lower[op], tmp, sizeof(tmp));
    }
    return lower[op];
}

const char *x86_isa_name(enum x86_isa isa)
{
    if ((unsigned)isa >= X86_ISA__COUNT || !isa_names[isa]) {
        return "?";
    }
    return isa_names[isa];
}

static const char *const cond_names[16] = {
    "o", "no", "b", "ae", "e", "ne", "be", "a",
    "s", "ns", "p", "np", "l", "ge", "le", "g",
};

const char *x86_insn_name(const struct x86_insn *insn, char *buf)
{
    const char *base = x86_op_name(insn->op);
    const char *v = "";

    if (insn->vex_of_legacy) {
        v = "v";
    }
    switch (insn->op) {
    case X86_OP_JCC:
        snprintf(buf, X86_NAME_MAX, "j%s", cond_names[insn->cond & 15]);
        break;
    case X86_OP_SETCC:
        snprintf(buf, X86_NAME_MAX, "set%s", cond_names[insn->cond & 15]);
        break;
    case X86_OP_CMOVCC:
        snprintf(buf, X86_NAME_MAX, "cmov%s", cond_names[insn->cond & 15]);
        break;
    default:
        if (*v) {
            snprintf(buf, X86_NAME_MAX, "%s%s", v, base);
        } else {
            size_t len = strnlen(base, X86_NAME_MAX - 1);

            memcpy(buf, base, len);     /* cheaper than snprintf per exit */
            buf[len] = 0;
        }
        break;
    }
    return buf;
}

uint64_t x86_insn_rel_target(const struct x86_insn *insn, uint64_t rip)
{
    uint64_t next = rip + insn->len;
    int i;

    for (i = 0; i < insn->nops; i++) {
        if (insn->ops[i].kind == X86_OPND_REL) {
            next += (uint64_t)insn->ops[i].imm.value;
            break;
        }
    }
    switch (insn->op_size) {
    case 2:
        return next & 0xffff;
    case 4:
        return next & 0xffffffffu;
    default:
        return next;
    }
}

bool x86_insn_fallback(const struct x86_insn *insn, enum x86_op *as)
{
    switch (insn->op) {
    case X86_OP_TZCNT:
        *as = X86_OP_BSF;
        return true;
    case X86_OP_LZCNT:
        *as = X86_OP_BSR;
        return true;
    case X86_OP_WBNOINVD:
        *as = X86_OP_WBINVD;
        return true;
    case X86_OP_ENDBR32: case X86_OP_ENDBR64: case X86_OP_RDSSP:
    case X86_OP_CLDEMOTE: case X86_OP_BNDMK: case X86_OP_BNDCL:
    case X86_OP_BNDCU: case X86_OP_BNDCN: case X86_OP_BNDMOV:
    case X86_OP_BNDLDX: case X86_OP_BNDSTX: case X86_OP_PREFETCHNTA:
    case X86_OP_PREFETCHT0: case X86_OP_PREFETCHT1: case X86_OP_PREFETCHT2:
        *as = X86_OP_NOP;
        return true;
    default:
        return false;
    }
}
