/*
 * Integer instructions that exist only outside 64-bit mode (the decoder
 * makes them #UD there): the decimal adjusts DAA, DAS, AAA, AAS, AAM,
 * AAD; SALC; BOUND (SDM Vol. 2). AAM with a zero divisor is #DE.
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

/* SALC (undocumented by Intel, listed by AMD): AL := CF ? FFh : 0. */
static int exec_salc(struct x86_emu *emu)
{
    emu_set_gpr(emu, X86_RAX, 1, false,
                (emu->cpu->rflags & X86_FL_CF) ? 0xff : 0);
    return 0;
}

/* BOUND r, m: #BR unless lower <= r <= upper (signed, operand size). */
static int exec_bound(struct x86_emu *emu, const struct x86_insn *insn)
{
    const struct x86_operand *idx = &insn->ops[0], *m = &insn->ops[1];
    unsigned size = idx->size;
    uint64_t pair[2] = { 0, 0 };
    int64_t v = sext(emu_get_gpr(emu, idx->reg.num, size, false), size);
    int r;

    if (m->kind != X86_OPND_MEM) {
        return emu_ud(emu);
    }
    r = emu_read_mem(emu, m->mem.seg, emu_ea(emu, insn, m), pair, 2 * size,
                     X86_ACC_READ);
    if (r) {
        return r;
    }
    if (size == 2) {
        pair[1] = pair[0] >> 16;
    } else {
        pair[1] = pair[0] >> 32;
    }
    if (v < sext(pair[0], size) || v > sext(pair[1], size)) {
        return emu_raise(emu, X86_EXC_BR, false, 0);
    }
    return 0;
}

bool emu_bcd_handles(unsigned op)
{
    switch (op) {
    case X86_OP_SALC: case X86_OP_BOUND:
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
    case X86_OP_SALC:
        return exec_salc(emu);
    case X86_OP_BOUND:
        return exec_bound(emu, insn);
    default:
        return exec_aad(emu, insn);
    }
}
