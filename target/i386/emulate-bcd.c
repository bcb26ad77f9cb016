/*
 * Decimal adjusts: DAA, DAS, AAA, AAS, AAM, AAD (SDM Vol. 2). All are #UD
 * in 64-bit mode (the decoder reports that); AAM with a zero divisor is
 * #DE.
 *
 * The SDM leaves some flags undefined. These follow what an AMD EPYC
 * (the development host) does, measured natively in compatibility mode
 * over every AL/CF/AF input (and 65 k AX/imm8 pairs for AAM/AAD):
 *   DAA/DAS  OF as for the 8-bit ADD/SUB of the adjustment (0, 06h, 60h
 *            or 66h) to AL;
 *   AAA/AAS  OF, SF, ZF as for the 16-bit ADD/SUB of 0106h (or 0) to AX,
 *            PF from the result's low byte before AL is masked;
 *   AAM      OF, AF, CF clear;
 *   AAD      all six flags as for the 8-bit ADD of AL and AH * imm8.
 */
#include "qemu/osdep.h"
#include "emulate-internal.h"

static int exec_daa_das(struct x86_emu *emu, bool sub)
{
    uint64_t fl = emu->cpu->rflags;
    unsigned al = emu->cpu->gpr[X86_RAX] & 0xff;
    unsigned adj = 0;
    uint64_t res, f;
    bool cf = false, af = false;

    if ((al & 0xf) > 9 || (fl & X86_FL_AF)) {
        adj = 6;
        af = true;
        /* DAS: the borrow of AL - 6 sets CF. */
        cf = sub && al < 6;
    }
    if (al > 0x99 || (fl & X86_FL_CF)) {
        adj |= 0x60;
        cf = true;
    }
    res = sub ? alu_sub(al, adj, 0, 1, &f) : alu_add(al, adj, 0, 1, &f);
    f &= ~(uint64_t)(X86_FL_CF | X86_FL_AF);
    f |= (cf ? X86_FL_CF : 0) | (af ? X86_FL_AF : 0);
    emu_set_gpr(emu, X86_RAX, 1, false, res);
    emu_set_flags(emu, f, X86_FL_ARITH);
    return 0;
}

static int exec_aaa_aas(struct x86_emu *emu, bool sub)
{
    uint64_t fl = emu->cpu->rflags;
    unsigned ax = emu->cpu->gpr[X86_RAX] & 0xffff;
    bool adjust = (ax & 0xf) > 9 || (fl & X86_FL_AF);
    unsigned adj = adjust ? 0x106 : 0;
    uint64_t res, f, f8;

    res = sub ? alu_sub(ax, adj, 0, 2, &f) : alu_add(ax, adj, 0, 2, &f);
    /* PF of the low byte (flags_zsp looks at it already). */
    alu_add(res & 0xff, 0, 0, 1, &f8);
    f &= X86_FL_OF | X86_FL_SF | X86_FL_ZF;
    f |= f8 & X86_FL_PF;
    f |= adjust ? X86_FL_CF | X86_FL_AF : 0;
    emu_set_gpr(emu, X86_RAX, 2, false, res & 0xff0f);
    emu_set_flags(emu, f, X86_FL_ARITH);
    return 0;
}

static int exec_aam(struct x86_emu *emu, const struct x86_insn *insn)
{
    unsigned base = insn->ops[0].imm.value & 0xff;
    unsigned al = emu->cpu->gpr[X86_RAX] & 0xff;
    uint64_t f;

    if (base == 0) {
        return emu_raise(emu, X86_EXC_DE, false, 0);
    }
    f = alu_flags_logic(al % base, 1);
    emu_set_gpr(emu, X86_RAX, 2, false, ((al / base) << 8) | (al % base));
    emu_set_flags(emu, f, X86_FL_ARITH);
    return 0;
}

static int exec_aad(struct x86_emu *emu, const struct x86_insn *insn)
{
    unsigned base = insn->ops[0].imm.value & 0xff;
    unsigned ax = emu->cpu->gpr[X86_RAX] & 0xffff;
    uint64_t f;
    uint64_t al = alu_add(ax & 0xff, ((ax >> 8) * base) & 0xff, 0, 1, &f);

    emu_set_gpr(emu, X86_RAX, 2, false, al);
    emu_set_flags(emu, f, X86_FL_ARITH);
    return 0;
}

bool emu_bcd_handles(unsigned op)
{
    switch (op) {
    case X86_OP_DAA: case X86_OP_DAS: case X86_OP_AAA: case X86_OP_AAS:
    case X86_OP_AAM: case X86_OP_AAD:
        return true;
    default:
        return false;
    }
}

int emu_exec_bcd(struct x86_emu *emu, const struct x86_insn *insn)
{
    if (insn->mode == X86_MODE_LONG64) {
        return emu_ud(emu);
    }
    switch (insn->op) {
    case X86_OP_DAA:
    case X86_OP_DAS:
        return exec_daa_das(emu, insn->op == X86_OP_DAS);
    case X86_OP_AAA:
    case X86_OP_AAS:
        return exec_aaa_aas(emu, insn->op == X86_OP_AAS);
    case X86_OP_AAM:
        return exec_aam(emu, insn);
    default:
        return exec_aad(emu, insn);
    }
}
