/*
 * Segment-register loads: MOV Sreg, POP Sreg, LDS/LES/LFS/LGS/LSS
 * (SDM Vol. 2 MOV, POP, LDS/LES/LFS/LGS/LSS operation sections; Vol. 3
 * 3.4 for selectors and descriptors, 5.5-5.7 for the privilege checks).
 *
 * Real mode: only selector and base (selector * 16) change. Virtual-8086
 * mode: also a 64 KiB read/write data segment at DPL 3. Protected mode:
 * the descriptor is read from the GDT or LDT as an implicit supervisor
 * access, checked, its accessed bit set, and cached. Errors carry the
 * selector with RPL cleared (TI kept, EXT clear).
 *
 * Null selectors: DS/ES/FS/GS take them (the register becomes unusable;
 * its base reads 0); SS takes one only in 64-bit mode at CPL < 3 with
 * RPL = CPL, and then stays a usable flat segment whose DPL is the CPL
 * (KVM derives the CPL from SS.DPL on VMX, as its own emulator does).
 */
#include "qemu/osdep.h"
#include "emulate-internal.h"

#define DESC_TYPE_ACCESSED  1u
#define DESC_TYPE_WRITABLE  2u      /* data: writable; code: readable */
#define DESC_TYPE_CONFORM   4u      /* code: conforming */
#define DESC_TYPE_CODE      8u
#define SEL_TI              4u
#define SEL_RPL             3u

static int sel_fault(struct x86_emu *emu, uint8_t vector, uint16_t sel)
{
    return emu_raise(emu, vector, true, sel & 0xfffc);
}

int emu_read_descriptor(struct x86_emu *emu, uint16_t sel, uint8_t desc[8],
                        uint64_t *la)
{
    const struct x86_cpu_state *cpu = emu->cpu;
    uint64_t base;
    uint32_t limit;
    int r;

    if (sel & SEL_TI) {
        const struct x86_segment *ldt = &cpu->seg[X86_SEG_LDTR];

        if (ldt->unusable || !ldt->present || !(ldt->selector & 0xfffc)) {
            return sel_fault(emu, X86_EXC_GP, sel);
        }
        base = ldt->base;
        limit = ldt->limit;
    } else {
        base = cpu->gdt.base;
        limit = cpu->gdt.limit;
    }
    if ((sel | 7u) > limit) {
        return sel_fault(emu, X86_EXC_GP, sel);
    }
    *la = base + (sel & ~7u);
    if (!x86_long_mode(cpu)) {
        *la &= 0xffffffffu;
    }
    r = x86_read_linear(emu, *la, desc, 8, X86_ACC_READ | X86_ACC_IMPLICIT);
    return r < 0 ? emu_mem_status(emu, r, *la) : r;
}

void emu_desc_to_seg(const uint8_t d[8], uint16_t sel,
                     struct x86_segment *s)
{
    uint32_t limit = d[0] | d[1] << 8 | (d[6] & 0xf) << 16;

    *s = (struct x86_segment){
        .selector = sel,
        .base = d[2] | d[3] << 8 | d[4] << 16 | (uint32_t)d[7] << 24,
        .type = d[5] & 0xf, .s = (d[5] >> 4) & 1, .dpl = (d[5] >> 5) & 3,
        .present = d[5] >> 7, .avl = (d[6] >> 4) & 1,
        .l = (d[6] >> 5) & 1, .db = (d[6] >> 6) & 1, .g = d[6] >> 7,
    };
    s->limit = s->g ? (limit << 12) | 0xfff : limit;
}

/* The SDM's checks for SS (sreg = X86_SEG_SS) or DS/ES/FS/GS. */
static int check_descriptor(struct x86_emu *emu, unsigned sreg,
                            uint16_t sel, const struct x86_segment *d)
{
    unsigned cpl = x86_cpl(emu->cpu), rpl = sel & SEL_RPL;
    bool code = d->type & DESC_TYPE_CODE;

    if (sreg == X86_SEG_SS) {
        if (rpl != cpl || !d->s || code || !(d->type & DESC_TYPE_WRITABLE) ||
            d->dpl != cpl) {
            return sel_fault(emu, X86_EXC_GP, sel);
        }
        return d->present ? 0 : sel_fault(emu, X86_EXC_SS, sel);
    }
    if (!d->s || (code && !(d->type & DESC_TYPE_WRITABLE))) {
        return sel_fault(emu, X86_EXC_GP, sel);
    }
    if ((!code || !(d->type & DESC_TYPE_CONFORM)) &&
        (rpl > d->dpl || cpl > d->dpl)) {
        return sel_fault(emu, X86_EXC_GP, sel);
    }
    return d->present ? 0 : sel_fault(emu, X86_EXC_NP, sel);
}

int emu_desc_set_type_bits(struct x86_emu *emu, uint64_t la,
                           uint8_t type_byte, uint8_t bits)
{
    uint64_t gpa;
    uint8_t old = type_byte, new = type_byte | bits;
    int r = x86_mmu_translate(emu, la + 5, X86_ACC_WRITE | X86_ACC_IMPLICIT,
                              &gpa);

    if (r) {
        return r < 0 ? emu_mem_status(emu, r, la + 5) : r;
    }
    if (emu->ops->cmpxchg_phys) {
        r = emu->ops->cmpxchg_phys(emu->opaque, gpa, &old, &new, 1);
    } else {
        r = emu->ops->write_phys(emu->opaque, gpa, &new, 1);
    }
    return r < 0 ? emu_mem_status(emu, r, gpa) : 0;
}

/* Protected-mode load of sel into sreg: *out is what to cache. */
static int prot_load(struct x86_emu *emu, unsigned sreg, uint16_t sel,
                     struct x86_segment *out)
{
    unsigned cpl = x86_cpl(emu->cpu);
    uint8_t desc[8];
    uint64_t la = 0;
    int r;

    if (!(sel & 0xfffc)) {
        if (sreg != X86_SEG_SS) {
            *out = (struct x86_segment){ .selector = sel, .unusable = 1 };
            return 0;
        }
        if (!x86_64bit_mode(emu->cpu) || cpl == 3 ||
            (sel & SEL_RPL) != cpl) {
            return emu_gp0(emu);
        }
        *out = (struct x86_segment){
            .selector = sel, .type = 3, .s = 1, .dpl = cpl, .present = 1,
            .db = 1, .g = 1, .limit = 0xffffffff,
        };
        return 0;
    }
    r = emu_read_descriptor(emu, sel, desc, &la);
    if (r) {
        return r;
    }
    emu_desc_to_seg(desc, sel, out);
    r = check_descriptor(emu, sreg, sel, out);
    if (r == 0 && !(out->type & DESC_TYPE_ACCESSED)) {
        r = emu_desc_set_type_bits(emu, la, desc[5], DESC_TYPE_ACCESSED);
        out->type |= DESC_TYPE_ACCESSED;
    }
    return r;
}

/*
 * Check and fetch what loading sel into sreg caches, without changing
 * the register (the caller commits with commit_seg() once nothing else
 * can fault).
 */
static int prepare_seg(struct x86_emu *emu, unsigned sreg, uint16_t sel,
                       struct x86_segment *out)
{
    const struct x86_cpu_state *cpu = emu->cpu;

    if (sreg == X86_SEG_CS || sreg >= X86_SEG_LDTR) {
        return emu_ud(emu);
    }
    if (x86_v86_mode(cpu)) {
        *out = (struct x86_segment){
            .selector = sel, .base = (uint32_t)sel << 4, .limit = 0xffff,
            .type = 3, .s = 1, .dpl = 3, .present = 1,
        };
        return 0;
    }
    if (x86_real_mode(cpu)) {
        /* Limit and attributes stay as they are ("unreal" mode). */
        *out = cpu->seg[sreg];
        out->selector = sel;
        out->base = (uint32_t)sel << 4;
        return 0;
    }
    return prot_load(emu, sreg, sel, out);
}

static void commit_seg(struct x86_emu *emu, unsigned sreg,
                       const struct x86_segment *s)
{
    emu->cpu->seg[sreg] = *s;
    emu->cpu->dirty |= X86_DIRTY_SREGS;
    if (sreg == X86_SEG_SS) {
        /* Interrupts wait until after the next instruction (SDM MOV). */
        emu->mov_ss_shadow = true;
    }
}

int emu_mov_to_sreg(struct x86_emu *emu, const struct x86_insn *insn)
{
    struct x86_segment s;
    uint64_t v;
    int r = emu_read_op(emu, insn, &insn->ops[1], &v);

    if (r == 0) {
        r = prepare_seg(emu, insn->ops[0].reg.num, v, &s);
    }
    if (r == 0) {
        commit_seg(emu, insn->ops[0].reg.num, &s);
    }
    return r;
}

/* POP Sreg: ES, SS, DS (not in 64-bit mode), FS, GS. */
int emu_pop_sreg(struct x86_emu *emu, const struct x86_insn *insn)
{
    unsigned sreg = insn->ops[0].reg.num, size = insn->op_size;
    struct x86_segment s;
    uint64_t v;
    int r = emu_pop_peek(emu, &v, size);

    if (r == 0) {
        r = prepare_seg(emu, sreg, v, &s);
    }
    if (r) {
        return r;
    }
    /* The pop completes before SS changes: RSP uses the old SS.B. */
    emu_set_gpr(emu, X86_RSP, emu_stack_size(emu), false,
                emu->cpu->gpr[X86_RSP] + size);
    commit_seg(emu, sreg, &s);
    return 0;
}

/* LDS/LES/LFS/LGS/LSS r, m16:16/32/64: offset first, then selector. */
static int exec_load_far(struct x86_emu *emu, const struct x86_insn *insn)
{
    static const uint8_t sreg_of[X86_OP__COUNT] = {
        [X86_OP_LES] = X86_SEG_ES, [X86_OP_LDS] = X86_SEG_DS,
        [X86_OP_LSS] = X86_SEG_SS, [X86_OP_LFS] = X86_SEG_FS,
        [X86_OP_LGS] = X86_SEG_GS,
    };
    const struct x86_operand *dst = &insn->ops[0], *src = &insn->ops[1];
    unsigned size = dst->size;
    uint8_t ptr[10];
    uint64_t off = 0;
    uint16_t sel;
    struct x86_segment s;
    int r;

    if (src->kind != X86_OPND_MEM) {
        return emu_ud(emu);
    }
    /*
     * AMD processors have no m16:64 form: REX.W is ignored and the
     * pointer is m16:32 (an EPYC host, seen by the oracle test; the SDM's
     * REX.W form is Intel's).
     */
    if (size == 8 && emu->features && emu->features->vendor_amd) {
        size = 4;
    }
    r = emu_read_mem(emu, src->mem.seg, emu_ea(emu, insn, src), ptr,
                     size + 2, X86_ACC_READ);
    if (r) {
        return r;
    }
    memcpy(&off, ptr, size);
    memcpy(&sel, ptr + size, 2);
    r = prepare_seg(emu, sreg_of[insn->op], sel, &s);
    if (r) {
        return r;
    }
    commit_seg(emu, sreg_of[insn->op], &s);
    emu_set_gpr(emu, dst->reg.num, size, false, off);
    return 0;
}

bool emu_seg_handles(unsigned op)
{
    switch (op) {
    case X86_OP_LDS: case X86_OP_LES: case X86_OP_LFS: case X86_OP_LGS:
    case X86_OP_LSS:
        return true;
    default:
        return false;
    }
}

int emu_exec_seg(struct x86_emu *emu, const struct x86_insn *insn)
{
    return exec_load_far(emu, insn);
}
