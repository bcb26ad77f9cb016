/*
 * x86 decoder: effective addresses, immediates and the operand list
 * (steps 5-7 of x86_decode(), see decode.c).
 */
#include "target/i386/decode-internal.h"

#include <string.h>

/* Bytes of a size code for this instruction (0: not fixed). */
static unsigned size_of(const struct dstate *s, unsigned code)
{
    const struct x86_insn *insn = s->insn;
    bool l = insn->vex.l;
    bool m64 = s->mode == X86_MODE_LONG64;

    switch (code) {
    case SZ_b: return 1;
    case SZ_w: return 2;
    case SZ_d: return 4;
    case SZ_q: return 8;
    case SZ_dq: return 16;
    case SZ_qq: return 32;
    case SZ_v: return insn->op_size;
    case SZ_z: return insn->op_size == 2 ? 2 : 4;
    case SZ_y: return s->w64 ? 8 : 4;
    case SZ_x: return l ? 32 : 16;
    case SZ_p: return 2 + insn->op_size;
    case SZ_s: return m64 ? 10 : 6;
    case SZ_a: return 2 * insn->op_size;
    case SZ_t: return 10;
    case SZ_h: return l ? 16 : 8;
    case SZ_qt: return l ? 8 : 4;
    case SZ_oc: return l ? 4 : 2;
    case SZ_env: return insn->op_size == 2 ? 14 : 28;
    case SZ_fsv: return insn->op_size == 2 ? 94 : 108;
    case SZ_512: return 512;
    case SZ_c: return m64 ? 8 : 4;
    case SZ_ad: return insn->addr_size;
    case SZ_64: return 64;
    case SZ_dup: return l ? 32 : 8;
    case SZ_bnd: return m64 ? 16 : 8;
    default: return 0;
    }
}

/* 16-bit ModRM addressing (SDM vol. 2 table 2-1). */
static enum x86_decode_status decode_ea16(struct dstate *s)
{
    static const uint8_t base16[8] = {
        X86_RBX, X86_RBX, X86_RBP, X86_RBP, X86_RSI, X86_RDI, X86_RBP, X86_RBX,
    };
    static const uint8_t index16[8] = {
        X86_RSI, X86_RDI, X86_RSI, X86_RDI, X86_REG_NONE, X86_REG_NONE,
        X86_REG_NONE, X86_REG_NONE,
    };
    struct x86_insn *insn = s->insn;
    uint8_t mod = insn->modrm.mod, rm = insn->modrm.rm;
    uint64_t v;

    s->ea_base = base16[rm];
    s->ea_index = index16[rm];
    if (mod == 0 && rm == 6) {
        s->ea_base = X86_REG_NONE;
        insn->disp_size = 2;
    } else {
        insn->disp_size = mod == 1 ? 1 : mod == 2 ? 2 : 0;
    }
    insn->disp_offset = s->pos;
    TRY(fetch(s, insn->disp_size, &v));
    insn->disp = insn->disp_size == 1 ? (int8_t)v : (int16_t)v;
    return X86_DECODE_OK;
}

/* 32/64-bit ModRM + SIB addressing (SDM vol. 2 tables 2-2, 2-3). */
static enum x86_decode_status decode_ea32(struct dstate *s)
{
    struct x86_insn *insn = s->insn;
    uint8_t mod = insn->modrm.mod, rm = insn->modrm.rm;
    bool rx = insn->rex.x || insn->vex.x, rb = insn->rex.b || insn->vex.b;
    uint64_t v;

    s->ea_index = X86_REG_NONE;
    s->ea_base = rm | (rb << 3);
    if (rm == 4) {
        TRY(need(s, 1));
        insn->sib.present = true;
        insn->sib.raw = s->b[s->pos++];
        insn->sib.scale = insn->sib.raw >> 6;
        insn->sib.index = (insn->sib.raw >> 3) & 7;
        insn->sib.base = insn->sib.raw & 7;
        s->ea_base = insn->sib.base | (rb << 3);
        s->ea_index = insn->sib.index | (rx << 3);
        if (s->ea_index == X86_RSP) {
            s->ea_index = X86_REG_NONE;    /* VSIB: see insn->sib */
        }
        if (insn->sib.base == 5 && mod == 0) {
            s->ea_base = X86_REG_NONE;
        }
    } else if (rm == 5 && mod == 0) {
        s->ea_base = s->mode == X86_MODE_LONG64 ? X86_RIP : X86_REG_NONE;
    }
    insn->disp_size = mod == 1 ? 1 : mod == 2 ? 4 : 0;
    if (mod == 0 && (s->ea_base == X86_REG_NONE || s->ea_base == X86_RIP)) {
        insn->disp_size = 4;
    }
    insn->disp_offset = s->pos;
    TRY(fetch(s, insn->disp_size, &v));
    insn->disp = insn->disp_size == 1 ? (int8_t)v : (int32_t)v;
    return X86_DECODE_OK;
}

enum x86_decode_status x86_decode_modrm_ea(struct dstate *s)
{
    struct x86_insn *insn = s->insn;

    if (insn->modrm.mod == 3 || (s->row->flags & F_MODIGN)) {
        return X86_DECODE_OK;
    }
    return insn->addr_size == 2 ? decode_ea16(s) : decode_ea32(s);
}

/* Immediate of one operand spec, in encoding order. */
enum x86_decode_status x86_decode_imm(struct dstate *s, uint32_t spec)
{
    struct x86_insn *insn = s->insn;
    unsigned am = OPND_AM(spec), n;
    uint64_t v;

    switch (am) {
    case AM_I: case AM_IS: case AM_J: case AM_L:
        /* Iv is the only 8-byte immediate; z/J sizes stop at 4. */
        n = am == AM_L ? 1 : size_of(s, OPND_RS(spec));
        break;
    case AM_A:
        n = insn->op_size == 2 ? 2 : 4;
        break;
    case AM_O:
        insn->disp_offset = s->pos;
        insn->disp_size = insn->addr_size;
        TRY(fetch(s, insn->addr_size, &v));
        insn->disp = (int64_t)v;
        return X86_DECODE_OK;
    default:
        return X86_DECODE_OK;
    }
    if (!s->nimm) {
        insn->imm_offset = s->pos;
    }
    TRY(fetch(s, n, &v));
    insn->imm_raw[s->nimm] = v;
    insn->imm_size[s->nimm++] = n;
    if (am == AM_A) {                   /* ptr16:16 / ptr16:32 */
        TRY(fetch(s, 2, &v));
        insn->imm_raw[s->nimm] = v;
        insn->imm_size[s->nimm++] = 2;
    }
    insn->imm_count = s->nimm;
    return X86_DECODE_OK;
}

static struct x86_operand *new_operand(struct x86_insn *insn, uint8_t kind,
                                       unsigned size, bool implicit)
{
    struct x86_operand *o = &insn->ops[insn->nops++];

    o->kind = kind;
    o->size = size;
    o->implicit = implicit;
    return o;
}

static void set_reg(struct x86_operand *o, uint8_t cls, uint8_t num)
{
    o->reg.cls = cls;
    o->reg.num = num;
}

/* A general-purpose register: AH..BH only without any REX. */
static void set_gpr(const struct dstate *s, struct x86_operand *o,
                    unsigned num)
{
    if (o->size == 1 && num >= 4 && num < 8 && !s->insn->rex.present) {
        set_reg(o, X86_RC_GPR8H, num - 4);
    } else {
        set_reg(o, X86_RC_GPR, num);
    }
}

/* XMM / YMM class of a vector size code. */
static uint8_t vec_class(const struct dstate *s, unsigned code)
{
    if (code == SZ_qq || (code == SZ_x && s->insn->vex.l)) {
        return X86_RC_YMM;
    }
    return X86_RC_XMM;
}

/* Effective segment of a memory operand (SDM vol. 1 §3.7.4, §3.3.7.1). */
static uint8_t mem_segment(const struct dstate *s, uint8_t base)
{
    uint8_t ovr = s->insn->prefix.seg;
    uint8_t dflt = X86_SEG_DS;

    if (s->insn->addr_size == 2) {
        /* BP-based forms: rm 2, 3 and (mod != 0) 6 */
        if (base == X86_RBP) {
            dflt = X86_SEG_SS;
        }
    } else if (base == X86_RSP || base == X86_RBP) {
        dflt = X86_SEG_SS;
    }
    if (ovr == X86_SEG_NONE) {
        return dflt;
    }
    if (s->mode == X86_MODE_LONG64 && ovr != X86_SEG_FS && ovr != X86_SEG_GS) {
        return dflt;    /* ES/CS/SS/DS overrides are ignored */
    }
    return ovr;
}

/* The ModRM memory operand. */
static struct x86_operand *add_modrm_mem(struct dstate *s, unsigned size)
{
    struct x86_insn *insn = s->insn;
    struct x86_operand *o = new_operand(insn, X86_OPND_MEM, size, false);

    o->mem.base = s->ea_base;
    o->mem.index = s->ea_index;
    o->mem.index_cls = X86_RC_GPR;
    o->mem.scale = s->ea_index == X86_REG_NONE ? 1 : 1 << insn->sib.scale;
    o->mem.addr_size = insn->addr_size;
    o->mem.disp = insn->disp;
    o->mem.seg = mem_segment(s, s->ea_base);
    return o;
}

/* String operand DS:rSI (overridable) or ES:rDI. */
static void add_string_mem(struct dstate *s, bool dest, unsigned size)
{
    struct x86_insn *insn = s->insn;
    struct x86_operand *o = new_operand(insn, X86_OPND_MEM, size, true);

    o->mem.base = dest ? X86_RDI : X86_RSI;
    o->mem.index = X86_REG_NONE;
    o->mem.index_cls = X86_RC_GPR;
    o->mem.scale = 1;
    o->mem.addr_size = insn->addr_size;
    o->mem.seg = dest ? X86_SEG_ES : mem_segment(s, X86_REG_NONE);
}

static void add_imm(struct dstate *s, uint8_t kind, int64_t value,
                    unsigned size, bool implicit)
{
    new_operand(s->insn, kind, size, implicit)->imm.value = value;
}

/* Sign-extend the k-th immediate from its encoded size. */
static int64_t imm_signed(const struct x86_insn *insn, int k)
{
    unsigned bits = insn->imm_size[k] * 8;
    uint64_t v = insn->imm_raw[k];

    if (bits >= 64) {
        return (int64_t)v;
    }
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* ModRM r/m as a register of class cls, or as memory. */
static enum x86_decode_status add_rm(struct dstate *s, uint32_t spec,
                                     uint8_t cls, bool mem_ok, bool reg_ok)
{
    struct x86_insn *insn = s->insn;
    unsigned rs = size_of(s, OPND_RS(spec));
    unsigned ms = OPND_MS(spec) ? size_of(s, OPND_MS(spec)) : rs;
    bool is_reg = insn->modrm.mod == 3 || (s->row->flags & F_MODIGN);
    uint8_t num = insn->modrm.rm | ((insn->rex.b || insn->vex.b) << 3);
    struct x86_operand *o;

    if (is_reg ? !reg_ok : !mem_ok) {
        return fail(s, X86_EXC_UD);
    }
    if (!is_reg) {
        add_modrm_mem(s, ms);
        return X86_DECODE_OK;
    }
    if (cls == X86_RC_TMM && num > 7) {
        return fail(s, X86_EXC_UD);
    }
    if (cls == X86_RC_MMX || cls == X86_RC_K) {
        num &= 7;                           /* REX.B / VEX.B ignored */
    }
    if (cls == X86_RC_BND && num > 3) {
        return fail(s, X86_EXC_UD);         /* BND4-BND7 do not exist */
    }
    o = new_operand(insn, X86_OPND_REG, rs, false);
    if (cls == X86_RC_GPR) {
        set_gpr(s, o, num);
    } else {
        set_reg(o, cls, num);
    }
    return X86_DECODE_OK;
}

/* VSIB memory: SIB required, index is a vector register. */
static enum x86_decode_status add_vsib(struct dstate *s, uint32_t spec)
{
    struct x86_insn *insn = s->insn;
    struct x86_operand *o;

    if (insn->modrm.mod == 3 || !insn->sib.present) {
        return fail(s, X86_EXC_UD);
    }
    o = add_modrm_mem(s, size_of(s, OPND_MS(spec)));
    o->mem.index = insn->sib.index | ((insn->rex.x || insn->vex.x) << 3);
    /* Gathers: destination, index and mask must be three different
     * registers, else #UD (SDM vol. 2C VPGATHERDD "#UD"). */
    {
        uint8_t dst = insn->modrm.reg | (insn->vex.r << 3);
        if (dst == o->mem.index || dst == insn->vex.vvvv ||
            o->mem.index == insn->vex.vvvv) {
            return fail(s, X86_EXC_UD);
        }
    }
    o->mem.index_cls = vec_class(s, OPND_RS(spec));
    o->mem.scale = 1 << insn->sib.scale;
    return X86_DECODE_OK;
}

/* Control/debug register in ModRM.reg; only architected ones decode. */
static enum x86_decode_status add_crdr(struct dstate *s, bool dr)
{
    struct x86_insn *insn = s->insn;
    unsigned num = insn->modrm.reg | (insn->rex.r << 3);
    struct x86_operand *o;

    if (dr ? num > 7 : !(num == 0 || (num >= 2 && num <= 4) || num == 8)) {
        return fail(s, X86_EXC_UD);
    }
    o = new_operand(insn, X86_OPND_REG, size_of(s, SZ_c), false);
    set_reg(o, dr ? X86_RC_DR : X86_RC_CR, num);
    return X86_DECODE_OK;
}

static enum x86_decode_status add_immediate_operand(struct dstate *s,
                                                    uint32_t spec, int *k)
{
    struct x86_insn *insn = s->insn;
    unsigned am = OPND_AM(spec), size = size_of(s, OPND_RS(spec));
    int64_t v;

    switch (am) {
    case AM_I:
        /* z/d/v immediates are sign-extended to the operand size; byte
         * and word ones (ports, vectors, shift counts) are not. */
        if (OPND_RS(spec) == SZ_z) {
            size = insn->op_size;
        }
        v = size <= 2 ? (int64_t)insn->imm_raw[*k] : imm_signed(insn, *k);
        add_imm(s, X86_OPND_IMM, v, size, false);
        break;
    case AM_IS:
        add_imm(s, X86_OPND_IMM, imm_signed(insn, *k), insn->op_size, false);
        break;
    case AM_J:
        add_imm(s, X86_OPND_REL, imm_signed(insn, *k), insn->imm_size[*k],
                false);
        break;
    case AM_A: {
        struct x86_operand *o = new_operand(insn, X86_OPND_FARPTR,
                                            2 + insn->imm_size[*k], false);
        o->imm.value = insn->imm_raw[*k];
        o->imm.sel = insn->imm_raw[*k + 1];
        ++*k;
        break;
    }
    case AM_L: {
        struct x86_operand *o = new_operand(insn, X86_OPND_REG, size, false);
        unsigned num = insn->imm_raw[*k] >> 4;
        set_reg(o, vec_class(s, OPND_RS(spec)),
                s->mode == X86_MODE_LONG64 ? num : num & 7);
        break;
    }
    }
    ++*k;
    return X86_DECODE_OK;
}

/* ModRM r/m operand forms: register class and what mod allows. */
#define RC_VEC 0xff                     /* XMM/YMM by the size code */
static const struct {
    uint8_t am, cls;
    bool mem_ok, reg_ok;
} rm_forms[] = {
    { AM_E, X86_RC_GPR, true, true },   { AM_M, X86_RC_GPR, true, false },
    { AM_R, X86_RC_GPR, false, true },  { AM_W, RC_VEC, true, true },
    { AM_U, RC_VEC, false, true },      { AM_Q, X86_RC_MMX, true, true },
    { AM_N, X86_RC_MMX, false, true },  { AM_BNDE, X86_RC_BND, true, true },
    { AM_KE, X86_RC_K, true, true },    { AM_KU, X86_RC_K, false, true },
    { AM_TU, X86_RC_TMM, false, true }, { AM_MIB, X86_RC_GPR, true, false },
};

/* Operands named by ModRM.reg (and the opmask/tile vvvv forms). */
static enum x86_decode_status add_reg_field(struct dstate *s, uint32_t spec)
{
    struct x86_insn *insn = s->insn;
    unsigned am = OPND_AM(spec), rs = size_of(s, OPND_RS(spec));
    uint8_t reg = insn->modrm.reg | ((insn->rex.r || insn->vex.r) << 3);
    uint8_t cls, num = reg;

    switch (am) {
    case AM_G: case AM_GA:
        set_gpr(s, new_operand(insn, X86_OPND_REG, rs, false), reg);
        return X86_DECODE_OK;
    case AM_V:
        cls = vec_class(s, OPND_RS(spec));
        break;
    case AM_P:
        cls = X86_RC_MMX;
        num = insn->modrm.reg;              /* REX.R ignored */
        break;
    case AM_BNDR:
        cls = X86_RC_BND;
        break;
    case AM_S:
        cls = X86_RC_SEG;
        num = insn->modrm.reg;              /* REX.R ignored */
        break;
    case AM_KG: case AM_KH: case AM_TG: case AM_TH:
        /* k0-k7 / tmm0-tmm7 only: VEX.R or vvvv[3] set is #UD (SDM vol.
         * 2 table 2-48, exception types K20/K21); VEX.B is ignored. */
        if (am == AM_KG || am == AM_TG ? insn->vex.r : insn->vex.vvvv > 7) {
            return fail(s, X86_EXC_UD);
        }
        cls = am == AM_KG || am == AM_KH ? X86_RC_K : X86_RC_TMM;
        num = am == AM_KG || am == AM_TG ? insn->modrm.reg : insn->vex.vvvv;
        break;
    default:
        return add_crdr(s, am == AM_D);     /* AM_C, AM_D */
    }
    if ((cls == X86_RC_BND && num > 3) || (cls == X86_RC_SEG && num > 5)) {
        return fail(s, X86_EXC_UD);         /* no bnd4+, no segment 6/7 */
    }
    set_reg(new_operand(insn, X86_OPND_REG, rs, false), cls, num);
    return X86_DECODE_OK;
}

/* Operands fixed by the opcode or named by VEX.vvvv. */
static void add_fixed(struct dstate *s, uint32_t spec)
{
    struct x86_insn *insn = s->insn;
    unsigned am = OPND_AM(spec), rs = size_of(s, OPND_RS(spec));
    struct x86_operand *o;

    switch (am) {
    case AM_H:
        if (insn->encoding != X86_ENC_LEGACY) {   /* legacy SSE: no NDS */
            set_reg(new_operand(insn, X86_OPND_REG, rs, false),
                    vec_class(s, OPND_RS(spec)), insn->vex.vvvv);
        }
        break;
    case AM_B:
        set_gpr(s, new_operand(insn, X86_OPND_REG, rs, false), insn->vex.vvvv);
        break;
    case AM_Z:
        set_gpr(s, new_operand(insn, X86_OPND_REG, rs, false),
                (insn->opcode & 7) | (insn->rex.b << 3));
        break;
    case AM_GPR:
    case AM_SEG:
    case AM_XMM0:
        set_reg(new_operand(insn, X86_OPND_REG, rs, true),
                am == AM_GPR ? X86_RC_GPR : am == AM_SEG ? X86_RC_SEG
                                                         : X86_RC_XMM,
                OPND_NUM(spec));
        break;
    case AM_ST:
    case AM_ST0:
        o = new_operand(insn, X86_OPND_REG, rs, am == AM_ST0);
        set_reg(o, X86_RC_ST, am == AM_ST ? insn->modrm.rm : 0);
        break;
    case AM_ONE:
        add_imm(s, X86_OPND_IMM, 1, 1, true);
        break;
    case AM_X:
    case AM_Y:
        add_string_mem(s, am == AM_Y, rs);
        break;
    case AM_O:
        o = new_operand(insn, X86_OPND_MEM, rs, false);
        o->mem.base = o->mem.index = X86_REG_NONE;
        o->mem.index_cls = X86_RC_GPR;
        o->mem.scale = 1;
        o->mem.addr_size = insn->addr_size;
        o->mem.disp = insn->disp;
        o->mem.seg = mem_segment(s, X86_REG_NONE);
        break;
    }
}

/* Append the operand described by spec; *k counts immediates used. */
enum x86_decode_status x86_decode_add_operand(struct dstate *s, uint32_t spec,
                                              int *k)
{
    unsigned am = OPND_AM(spec);
    size_t i;

    for (i = 0; i < sizeof(rm_forms) / sizeof(rm_forms[0]); i++) {
        if (rm_forms[i].am == am) {
            uint8_t cls = rm_forms[i].cls == RC_VEC ?
                          vec_class(s, OPND_RS(spec)) : rm_forms[i].cls;
            return add_rm(s, spec, cls, rm_forms[i].mem_ok,
                          rm_forms[i].reg_ok);
        }
    }
    switch (am) {
    case AM_MV:
        return add_vsib(s, spec);
    case AM_G: case AM_GA: case AM_V: case AM_P: case AM_BNDR: case AM_S:
    case AM_C: case AM_D: case AM_KG: case AM_KH: case AM_TG: case AM_TH:
        return add_reg_field(s, spec);
    case AM_I: case AM_IS: case AM_J: case AM_A: case AM_L:
        return add_immediate_operand(s, spec, k);
    default:
        add_fixed(s, spec);
        return X86_DECODE_OK;
    }
}
