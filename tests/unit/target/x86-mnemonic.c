/*
 * Mnemonic spelling differences between splitvm's names and other
 * disassemblers' (Zydis, Go's x86asm) that are naming only.
 */
#include "x86-mnemonic.h"

#include <stdio.h>
#include <string.h>

bool x86_is_string_op(const struct x86_insn *in)
{
    switch (in->op) {
    case X86_OP_MOVS: case X86_OP_CMPS: case X86_OP_STOS: case X86_OP_LODS:
    case X86_OP_SCAS: case X86_OP_INS: case X86_OP_OUTS:
        return true;
    default:
        return false;
    }
}

/*
 * Mnemonic spelling differences that are naming only: Zydis and x86asm
 * spell the operand size into some mnemonics (movsb, cwde, iretq), use
 * jnb/jz where the SDM's first spelling is jae/je, and call far transfers
 * call/jmp/ret with a far attribute.
 */
bool x86_same_mnemonic(const struct x86_insn *in, const char *ours,
                       const char *zy)
{
    static const char *const pairs[][2] = {
        { "cbw", "cwde" }, { "cbw", "cdqe" }, { "cwd", "cdq" },
        { "cwd", "cqo" }, { "pusha", "pushad" }, { "popa", "popad" },
        { "pushf", "pushfd" }, { "pushf", "pushfq" }, { "popf", "popfd" },
        { "popf", "popfq" }, { "iret", "iretd" }, { "iret", "iretq" },
        { "jcxz", "jecxz" }, { "jcxz", "jrcxz" }, { "callf", "call" },
        { "jmpf", "jmp" }, { "retf", "ret" }, { "mov_cr", "mov" },
        { "mov_dr", "mov" }, { "fxsave", "fxsave64" },
        { "fxrstor", "fxrstor64" }, { "xsave", "xsave64" },
        { "xrstor", "xrstor64" }, { "xsaveopt", "xsaveopt64" },
        { "xsavec", "xsavec64" }, { "xsaves", "xsaves64" },
        { "xrstors", "xrstors64" }, { "sysret", "sysretq" },
        { "sysexit", "sysexitq" }, { "sal", "shl" }, { "int1", "int1" },
        { "rdssp", "rdsspd" }, { "rdssp", "rdsspq" }, { "incssp", "incsspd" },
        { "incssp", "incsspq" }, { "wrss", "wrssd" }, { "wrss", "wrssq" },
        { "wruss", "wrussd" }, { "wruss", "wrussq" },
        { "prefetch", "prefetch" }, { "nop", "nop" },
        { "fstp", "fstpnce" }, { "cmpsd", "cmpsd_xmm" }, { "fneni", "feni8087_nop" },
        { "fndisi", "fdisi8087_nop" }, { "fnsetpm", "fsetpm287_nop" },
        { "pfrcpit1", "pfcpit1" }, { "pfrsqrt", "pfsqrt" },
    };
    static const char *const cc_alias[][2] = {
        { "ae", "nb" }, { "e", "z" }, { "ne", "nz" }, { "a", "nbe" },
        { "ge", "nl" }, { "g", "nle" },
    };
    static const char *const cc_prefix[] = { "j", "set", "cmov" };
    size_t i, j;
    char buf[40];

    if (!strcmp(ours, zy)) {
        return true;
    }
    for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        if (!strcmp(ours, pairs[i][0]) && !strcmp(zy, pairs[i][1])) {
            return true;
        }
    }
    for (i = 0; i < 3; i++) {
        for (j = 0; j < sizeof(cc_alias) / sizeof(cc_alias[0]); j++) {
            snprintf(buf, sizeof(buf), "%s%s", cc_prefix[i], cc_alias[j][0]);
            if (!strcmp(ours, buf)) {
                snprintf(buf, sizeof(buf), "%s%s", cc_prefix[i], cc_alias[j][1]);
                if (!strcmp(zy, buf)) {
                    return true;
                }
            }
        }
    }
    /* String instructions: movs + b/w/d/q. */
    return x86_is_string_op(in) && !strncmp(ours, zy, strlen(ours)) &&
           strlen(zy) == strlen(ours) + 1;
}

