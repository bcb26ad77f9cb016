/*
 * Descriptor tables and descriptor queries: LGDT, LIDT, SGDT, SIDT,
 * LLDT, LTR, SLDT, STR, LAR, LSL, VERR, VERW, ARPL (SDM Vol. 2; Vol. 3
 * 3.5 for system descriptors, 7.2.2-7.2.3 for TSS descriptors and their
 * busy bit, 8.2.3 for the 16-byte descriptors of 64-bit mode).
 */
#include "qemu/osdep.h"
#include "emulate-internal.h"

#define CR4_UMIP         (1ull << 11)
#define SYS_TSS16_AVAIL  1
#define SYS_LDT          2
#define SYS_TSS16_BUSY   3
#define SYS_CALL16       4
#define SYS_TASK_GATE    5
#define SYS_TSS_AVAIL    9
#define SYS_TSS_BUSY     0xb
#define SYS_CALL_GATE    0xc
#define TSS_BUSY_BIT     2

static int need_cpl0(struct x86_emu *emu)
{
    return x86_cpl(emu->cpu) != 0 ? emu_gp0(emu) : 0;
}

/* SGDT/SIDT/SLDT/STR/SMSW at CPL > 0 with CR4.UMIP: #GP(0). */
static int umip_check(struct x86_emu *emu)
{
    return (emu->cpu->cr4 & CR4_UMIP) && x86_cpl(emu->cpu) > 0
               ? emu_gp0(emu) : 0;
}

/* LGDT/LIDT m16&32 (16-bit operand: 24-bit base) or m16&64. */
static int exec_load_dtr(struct x86_emu *emu, const struct x86_insn *insn)
{
    const struct x86_operand *o = &insn->ops[0];
    bool m64 = insn->mode == X86_MODE_LONG64;
    uint8_t buf[10];
    uint64_t base = 0;
    uint16_t limit;
    int r = need_cpl0(emu);

    if (r == 0) {
        r = emu_read_mem(emu, o->mem.seg, emu_ea(emu, insn, o), buf,
                         m64 ? 10 : 6, X86_ACC_READ);
    }
    if (r) {
        return r;
    }
    memcpy(&limit, buf, 2);
    memcpy(&base, buf + 2, m64 ? 8 : 4);
    if (!m64 && insn->op_size == 2) {
        base &= 0xffffff;
    }
    if (m64 && !x86_is_canonical(emu->cpu, base)) {
        return emu_gp0(emu);
    }
    *(insn->op == X86_OP_LGDT ? &emu->cpu->gdt : &emu->cpu->idt) =
        (struct x86_dtable){ .base = base, .limit = limit };
    emu->cpu->dirty |= X86_DIRTY_SREGS;
    return 0;
}

/* SGDT/SIDT: limit, then the base (32 bits outside 64-bit mode). */
static int exec_store_dtr(struct x86_emu *emu, const struct x86_insn *insn)
{
    const struct x86_operand *o = &insn->ops[0];
    const struct x86_dtable *t =
        insn->op == X86_OP_SGDT ? &emu->cpu->gdt : &emu->cpu->idt;
    bool m64 = insn->mode == X86_MODE_LONG64;
    uint8_t buf[10];
    uint64_t base = m64 ? t->base : (uint32_t)t->base;
    int r = umip_check(emu);

    if (r) {
        return r;
    }
    memcpy(buf, &t->limit, 2);
    memcpy(buf + 2, &base, 8);
    return emu_write_mem(emu, o->mem.seg, emu_ea(emu, insn, o), buf,
                         m64 ? 10 : 6);
}

/* SLDT/STR: the selector; a register destination is zero-extended. */
static int exec_store_sel(struct x86_emu *emu, const struct x86_insn *insn)
{
    unsigned seg = insn->op == X86_OP_SLDT ? X86_SEG_LDTR : X86_SEG_TR;
    int r = umip_check(emu);

    return r ? r : emu_write_op(emu, insn, &insn->ops[0],
                                emu->cpu->seg[seg].selector);
}

/*
 * The GDT descriptor of an LDT or TSS: 16 bytes in IA-32e mode, whose
 * upper half holds base 63:32 and a type field that must be 0.
 */
static int read_system_desc(struct x86_emu *emu, uint16_t sel,
                            struct x86_segment *s, uint8_t desc[8],
                            uint64_t *la)
{
    uint8_t hi[8];
    uint32_t base_hi;
    int r;

    if (sel & 4) {
        return emu_raise(emu, X86_EXC_GP, true, sel & 0xfffc);
    }
    r = emu_read_descriptor(emu, sel, desc, la);
    if (r) {
        return r;
    }
    emu_desc_to_seg(desc, sel, s);
    if (!x86_long_mode(emu->cpu)) {
        return 0;
    }
    if ((sel | 7u) + 8 > emu->cpu->gdt.limit) {
        return emu_raise(emu, X86_EXC_GP, true, sel & 0xfffc);
    }
    r = x86_read_linear(emu, *la + 8, hi, 8,
                        X86_ACC_READ | X86_ACC_IMPLICIT);
    if (r) {
        return r < 0 ? emu_mem_status(emu, r, *la + 8) : r;
    }
    memcpy(&base_hi, hi, 4);
    s->base |= (uint64_t)base_hi << 32;
    if ((hi[5] & 0x1f) || !x86_is_canonical(emu->cpu, s->base)) {
        return emu_raise(emu, X86_EXC_GP, true, sel & 0xfffc);
    }
    return 0;
}

/* LLDT: a null selector leaves LDTR unusable. */
static int exec_lldt(struct x86_emu *emu, const struct x86_insn *insn)
{
    struct x86_segment s;
    uint8_t desc[8];
    uint64_t v, la;
    int r = need_cpl0(emu);

    if (r == 0) {
        r = emu_read_op(emu, insn, &insn->ops[0], &v);
    }
    if (r) {
        return r;
    }
    if (!(v & 0xfffc)) {
        s = (struct x86_segment){ .selector = v, .unusable = 1 };
    } else {
        r = read_system_desc(emu, v, &s, desc, &la);
        if (r == 0 && (s.s || s.type != SYS_LDT)) {
            r = emu_raise(emu, X86_EXC_GP, true, v & 0xfffc);
        }
        if (r == 0 && !s.present) {
            r = emu_raise(emu, X86_EXC_NP, true, v & 0xfffc);
        }
        if (r) {
            return r;
        }
    }
    emu->cpu->seg[X86_SEG_LDTR] = s;
    emu->cpu->dirty |= X86_DIRTY_SREGS;
    return 0;
}

/* LTR: an available TSS, marked busy in the GDT. */
static int exec_ltr(struct x86_emu *emu, const struct x86_insn *insn)
{
    struct x86_segment s;
    uint8_t desc[8];
    uint64_t v, la;
    bool ok;
    int r = need_cpl0(emu);

    if (r == 0) {
        r = emu_read_op(emu, insn, &insn->ops[0], &v);
    }
    if (r == 0 && !(v & 0xfffc)) {
        r = emu_gp0(emu);
    }
    if (r == 0) {
        r = read_system_desc(emu, v, &s, desc, &la);
    }
    if (r) {
        return r;
    }
    ok = !s.s && (s.type == SYS_TSS_AVAIL ||
                  (s.type == SYS_TSS16_AVAIL && !x86_long_mode(emu->cpu)));
    if (!ok) {
        return emu_raise(emu, X86_EXC_GP, true, v & 0xfffc);
    }
    if (!s.present) {
        return emu_raise(emu, X86_EXC_NP, true, v & 0xfffc);
    }
    r = emu_desc_set_type_bits(emu, la, desc[5], TSS_BUSY_BIT);
    if (r) {
        return r;
    }
    s.type |= TSS_BUSY_BIT;
    emu->cpu->seg[X86_SEG_TR] = s;
    emu->cpu->dirty |= X86_DIRTY_SREGS;
    return 0;
}

/*
 * LAR/LSL/VERR/VERW: read the descriptor without faulting on the
 * selector (a bad one clears ZF); page faults still fault. Returns 0
 * with *valid set, or an EMU_* status.
 */
static int query_desc(struct x86_emu *emu, uint16_t sel,
                      struct x86_segment *s, uint8_t desc[8], bool *valid)
{
    const struct x86_cpu_state *cpu = emu->cpu;
    const struct x86_segment *ldt = &cpu->seg[X86_SEG_LDTR];
    uint64_t la;
    int r;

    *valid = false;
    if (!(sel & 0xfffc)) {
        return 0;
    }
    if (sel & 4 ? ldt->unusable || (sel | 7u) > ldt->limit
                : (sel | 7u) > cpu->gdt.limit) {
        return 0;
    }
    r = emu_read_descriptor(emu, sel, desc, &la);
    if (r) {
        return r;
    }
    emu_desc_to_seg(desc, sel, s);
    *valid = true;
    return 0;
}

/* Privilege of a query: conforming code is exempt (SDM LAR). */
static bool query_priv_ok(const struct x86_emu *emu, uint16_t sel,
                          const struct x86_segment *s)
{
    unsigned cpl = x86_cpl(emu->cpu);

    if (s->s && (s->type & 0xc) == 0xc) {
        return true;
    }
    return s->dpl >= cpl && s->dpl >= (sel & 3);
}

static bool lar_lsl_type_ok(const struct x86_emu *emu, bool lar,
                            const struct x86_segment *s)
{
    bool m64 = x86_long_mode(emu->cpu);

    if (s->s) {
        return true;
    }
    switch (s->type) {
    case SYS_LDT: case SYS_TSS_AVAIL: case SYS_TSS_BUSY:
        return true;
    case SYS_CALL_GATE:
        return lar;
    case SYS_TSS16_AVAIL: case SYS_TSS16_BUSY:
        return !m64;
    case SYS_CALL16: case SYS_TASK_GATE:
        return lar && !m64;
    default:
        return false;
    }
}

static int exec_query(struct x86_emu *emu, const struct x86_insn *insn)
{
    bool verify = insn->op == X86_OP_VERR || insn->op == X86_OP_VERW;
    const struct x86_operand *src = &insn->ops[verify ? 0 : 1];
    struct x86_segment s;
    uint8_t desc[8];
    uint64_t v, res = 0;
    bool ok;
    int r = emu_read_op(emu, insn, src, &v);

    if (r == 0) {
        r = query_desc(emu, v, &s, desc, &ok);
    }
    if (r) {
        return r;
    }
    ok = ok && query_priv_ok(emu, v, &s);
    switch (insn->op) {
    case X86_OP_VERR:           /* data, or readable code */
        ok = ok && s.s && (!(s.type & 8) || (s.type & 2));
        break;
    case X86_OP_VERW:           /* writable data */
        ok = ok && s.s && !(s.type & 8) && (s.type & 2);
        break;
    case X86_OP_LAR: {
        uint32_t hi;

        memcpy(&hi, desc + 4, 4);
        ok = ok && lar_lsl_type_ok(emu, true, &s);
        /* Bits 19:16 (SDM: undefined) are the limit's, as on the host. */
        res = hi & (insn->ops[0].size == 2 ? 0xff00 : 0x00ffff00);
        break;
    }
    default:                    /* LSL */
        ok = ok && lar_lsl_type_ok(emu, false, &s);
        res = s.limit;
        break;
    }
    if (ok && !verify) {
        r = emu_write_op(emu, insn, &insn->ops[0], res);
        if (r) {
            return r;
        }
    }
    emu_set_flags(emu, ok ? X86_FL_ZF : 0, X86_FL_ZF);
    return 0;
}

/*
 * ARPL r/m16, r16: raise the destination's RPL to the source's. A memory
 * destination is written (and checked for writing) only when it changes,
 * as the host does (the oracle's CS-override forms fault only then).
 */
static int exec_arpl(struct x86_emu *emu, const struct x86_insn *insn)
{
    uint64_t dst, src;
    int r = emu_read_op(emu, insn, &insn->ops[0], &dst);

    if (r == 0) {
        r = emu_read_op(emu, insn, &insn->ops[1], &src);
    }
    if (r) {
        return r;
    }
    if ((dst & 3) < (src & 3)) {
        r = emu_write_op(emu, insn, &insn->ops[0], (dst & ~3ull) | (src & 3));
        if (r) {
            return r;
        }
        emu_set_flags(emu, X86_FL_ZF, X86_FL_ZF);
        return 0;
    }
    emu_set_flags(emu, 0, X86_FL_ZF);
    return 0;
}

bool emu_dt_handles(unsigned op)
{
    switch (op) {
    case X86_OP_LGDT: case X86_OP_LIDT: case X86_OP_SGDT: case X86_OP_SIDT:
    case X86_OP_LLDT: case X86_OP_LTR: case X86_OP_SLDT: case X86_OP_STR:
    case X86_OP_LAR: case X86_OP_LSL: case X86_OP_VERR: case X86_OP_VERW:
    case X86_OP_ARPL:
        return true;
    default:
        return false;
    }
}

int emu_exec_dt(struct x86_emu *emu, const struct x86_insn *insn)
{
    switch (insn->op) {
    case X86_OP_LGDT:
    case X86_OP_LIDT:
        return exec_load_dtr(emu, insn);
    case X86_OP_SGDT:
    case X86_OP_SIDT:
        return exec_store_dtr(emu, insn);
    case X86_OP_SLDT:
    case X86_OP_STR:
        return exec_store_sel(emu, insn);
    case X86_OP_LLDT:
        return exec_lldt(emu, insn);
    case X86_OP_LTR:
        return exec_ltr(emu, insn);
    case X86_OP_ARPL:
        return exec_arpl(emu, insn);
    default:
        return exec_query(emu, insn);
    }
}
