/*
 * String instructions (MOVS, STOS, LODS, CMPS, SCAS, INS, OUTS) with
 * REP/REPE/REPNE, and IN/OUT with the I/O permission checks.
 *
 * A REP instruction runs at most emu->max_rep iterations per call; if the
 * count is not exhausted it returns EMU_RETRY with RIP unchanged and the
 * registers updated, so the caller re-enters the guest (which re-executes
 * it) and a pending kick or interrupt is seen in between. Each iteration
 * commits fully before the next one, so an exception in iteration n
 * leaves the state of n-1 completed iterations, as on hardware.
 */
#include "qemu/osdep.h"
#include "emulate-internal.h"

#define DEFAULT_MAX_REP 1024

/* SDM Vol. 1 19.5.2: I/O permission bit map in the TSS. */
int emu_io_allowed(struct x86_emu *emu, uint16_t port, unsigned size)
{
    struct x86_cpu_state *cpu = emu->cpu;
    const struct x86_segment *tr = &cpu->seg[X86_SEG_TR];
    unsigned iopl = (cpu->rflags & X86_FL_IOPL) >> 12;
    uint16_t io_base, bits = 0;
    int r;

    if (x86_real_mode(cpu) ||
        (!x86_v86_mode(cpu) && x86_cpl(cpu) <= iopl)) {
        return 0;
    }
    /* A 32/64-bit TSS (available or busy) at least 104 bytes long. */
    if ((tr->type & 7) != 1 || !(tr->type & 8) || tr->limit < 103) {
        return emu_gp0(emu);
    }
    r = x86_read_linear(emu, tr->base + 102, &io_base, 2,
                        X86_ACC_READ | X86_ACC_IMPLICIT);
    if (r) {
        return emu_mem_status(emu, r, tr->base + 102);
    }
    if ((uint32_t)io_base + port / 8 + 1 > tr->limit) {
        return emu_gp0(emu);
    }
    r = x86_read_linear(emu, tr->base + io_base + port / 8, &bits, 2,
                        X86_ACC_READ | X86_ACC_IMPLICIT);
    if (r) {
        return emu_mem_status(emu, r, tr->base + io_base + port / 8);
    }
    if ((bits >> (port & 7)) & ((1u << size) - 1)) {
        return emu_gp0(emu);
    }
    return 0;
}

static int io_refused(struct x86_emu *emu, uint16_t port)
{
    return emu_unhandled(emu, "I/O port 0x%x belongs to a device emulated "
                         "in the kernel", port);
}

static uint16_t port_of(struct x86_emu *emu, const struct x86_operand *o)
{
    if (o->kind == X86_OPND_IMM) {
        return o->imm.value & 0xff;
    }
    return emu->cpu->gpr[X86_RDX] & 0xffff;
}

int emu_exec_io(struct x86_emu *emu, const struct x86_insn *insn)
{
    bool in = insn->op == X86_OP_IN;
    const struct x86_operand *acc = &insn->ops[in ? 0 : 1];
    uint16_t port = port_of(emu, &insn->ops[in ? 1 : 0]);
    unsigned size = acc->size;
    uint32_t v = 0;
    int r = emu_io_allowed(emu, port, size);

    if (r) {
        return r;
    }
    if (in) {
        r = emu->ops->io_read(emu->opaque, port, size, &v);
        if (r == 0) {
            emu_set_gpr(emu, X86_RAX, size, false, v);
        }
    } else {
        r = emu->ops->io_write(emu->opaque, port, size,
                               emu->cpu->gpr[X86_RAX] & size_mask(size));
    }
    return r ? io_refused(emu, port) : 0;
}

struct str {
    unsigned size;           /* element size */
    unsigned asz;            /* address size */
    unsigned src_seg;
    int64_t step;            /* +size or -size (EFLAGS.DF) */
};

static void advance(struct x86_emu *emu, const struct str *s, unsigned reg)
{
    emu_set_gpr(emu, reg, s->asz, false, emu->cpu->gpr[reg] + s->step);
}

static uint64_t reg_addr(struct x86_emu *emu, const struct str *s,
                         unsigned reg)
{
    return emu->cpu->gpr[reg] & size_mask(s->asz);
}

/* Check that ES:rDI can be written before consuming an input port. */
static int probe_dest(struct x86_emu *emu, const struct str *s)
{
    uint64_t la, gpa;
    int r = x86_seg_linear(emu, X86_SEG_ES, reg_addr(emu, s, X86_RDI),
                           s->size, X86_ACC_WRITE, &la);

    for (unsigned i = 0; r == 0 && i < 2; i++) {
        r = x86_mmu_translate(emu, la + (i ? s->size - 1 : 0),
                              X86_ACC_WRITE | X86_ACC_NO_AD, &gpa);
        if (r < 0) {
            return emu_mem_status(emu, r, la);
        }
    }
    return r;
}

/* One iteration; *zf gets ZF for CMPS/SCAS. */
static int string_step(struct x86_emu *emu, const struct x86_insn *insn,
                       const struct str *s, bool *zf)
{
    uint64_t a = 0, b = 0, flags;
    int r = 0;

    switch (insn->op) {
    case X86_OP_MOVS:
        r = emu_read_mem(emu, s->src_seg, reg_addr(emu, s, X86_RSI), &a,
                         s->size, X86_ACC_READ);
        if (r == 0) {
            r = emu_write_mem(emu, X86_SEG_ES, reg_addr(emu, s, X86_RDI),
                              &a, s->size);
        }
        if (r == 0) {
            advance(emu, s, X86_RSI);
            advance(emu, s, X86_RDI);
        }
        return r;
    case X86_OP_STOS:
        a = emu->cpu->gpr[X86_RAX];
        r = emu_write_mem(emu, X86_SEG_ES, reg_addr(emu, s, X86_RDI), &a,
                          s->size);
        if (r == 0) {
            advance(emu, s, X86_RDI);
        }
        return r;
    case X86_OP_LODS:
        r = emu_read_mem(emu, s->src_seg, reg_addr(emu, s, X86_RSI), &a,
                         s->size, X86_ACC_READ);
        if (r == 0) {
            emu_set_gpr(emu, X86_RAX, s->size, false, a);
            advance(emu, s, X86_RSI);
        }
        return r;
    case X86_OP_CMPS:
    case X86_OP_SCAS:
        if (insn->op == X86_OP_CMPS) {
            r = emu_read_mem(emu, s->src_seg, reg_addr(emu, s, X86_RSI), &a,
                             s->size, X86_ACC_READ);
        } else {
            a = emu->cpu->gpr[X86_RAX] & size_mask(s->size);
        }
        if (r == 0) {
            r = emu_read_mem(emu, X86_SEG_ES, reg_addr(emu, s, X86_RDI),
                             &b, s->size, X86_ACC_READ);
        }
        if (r) {
            return r;
        }
        alu_sub(a, b, 0, s->size, &flags);
        emu_set_flags(emu, flags, X86_FL_ARITH);
        *zf = flags & X86_FL_ZF;
        if (insn->op == X86_OP_CMPS) {
            advance(emu, s, X86_RSI);
        }
        advance(emu, s, X86_RDI);
        return 0;
    case X86_OP_INS: {
        uint16_t port = emu->cpu->gpr[X86_RDX];
        uint32_t v = 0;

        r = emu_io_allowed(emu, port, s->size);
        if (r == 0) {
            r = probe_dest(emu, s);
        }
        if (r) {
            return r;
        }
        if (emu->ops->io_read(emu->opaque, port, s->size, &v)) {
            return io_refused(emu, port);
        }
        a = v;
        r = emu_write_mem(emu, X86_SEG_ES, reg_addr(emu, s, X86_RDI), &a,
                          s->size);
        if (r == 0) {
            advance(emu, s, X86_RDI);
        }
        return r;
    }
    default: { /* OUTS */
        uint16_t port = emu->cpu->gpr[X86_RDX];

        r = emu_io_allowed(emu, port, s->size);
        if (r == 0) {
            r = emu_read_mem(emu, s->src_seg, reg_addr(emu, s, X86_RSI),
                             &a, s->size, X86_ACC_READ);
        }
        if (r) {
            return r;
        }
        if (emu->ops->io_write(emu->opaque, port, s->size, a)) {
            return io_refused(emu, port);
        }
        advance(emu, s, X86_RSI);
        return 0;
    }
    }
}

int emu_exec_string(struct x86_emu *emu, const struct x86_insn *insn)
{
    struct str s = {
        .size = insn->op_size,
        .asz = insn->addr_size,
        .src_seg = insn->prefix.seg != X86_SEG_NONE ? insn->prefix.seg
                                                    : X86_SEG_DS,
    };
    unsigned max = emu->max_rep ? emu->max_rep : DEFAULT_MAX_REP;
    bool rep = insn->prefix.rep != X86_REP_NONE;
    bool cond = insn->op == X86_OP_CMPS || insn->op == X86_OP_SCAS;

    if (insn->op == X86_OP_IN || insn->op == X86_OP_OUT) {
        return emu_exec_io(emu, insn);
    }
    /* The element size is that of the memory operand(s). */
    for (int i = 0; i < insn->nops; i++) {
        if (insn->ops[i].kind == X86_OPND_MEM) {
            s.size = insn->ops[i].size;
            break;
        }
    }
    if ((insn->op == X86_OP_INS || insn->op == X86_OP_OUTS) && s.size > 4) {
        s.size = 4;
    }
    if (s.size == 0 || s.size > 8) {
        return emu_unhandled(emu, "string element of %u bytes", s.size);
    }
    s.step = emu->cpu->rflags & X86_FL_DF ? -(int64_t)s.size : s.size;
    /*
     * REP INS/OUTS check the I/O permission before the count: with
     * rCX = 0 they still raise #GP when the port is not allowed (seen on
     * hardware by the oracle test).
     */
    if (rep && (insn->op == X86_OP_INS || insn->op == X86_OP_OUTS)) {
        int r = emu_io_allowed(emu, emu->cpu->gpr[X86_RDX], s.size);

        if (r) {
            return r;
        }
    }
    if (!rep) {
        bool zf;

        return string_step(emu, insn, &s, &zf);
    }
    for (unsigned i = 0; i < max; i++) {
        bool zf = false;
        int r;

        if ((emu->cpu->gpr[X86_RCX] & size_mask(s.asz)) == 0) {
            return 0;
        }
        r = string_step(emu, insn, &s, &zf);
        if (r) {
            return r;
        }
        emu_set_gpr(emu, X86_RCX, s.asz, false, emu->cpu->gpr[X86_RCX] - 1);
        if (cond && (insn->prefix.rep == X86_REP_REPE ? !zf : zf)) {
            return 0;
        }
    }
    return (emu->cpu->gpr[X86_RCX] & size_mask(s.asz)) ? EMU_RETRY : 0;
}

bool emu_string_handles(unsigned op)
{
    switch (op) {
    case X86_OP_MOVS: case X86_OP_STOS: case X86_OP_LODS:
    case X86_OP_CMPS: case X86_OP_SCAS: case X86_OP_INS: case X86_OP_OUTS:
    case X86_OP_IN: case X86_OP_OUT:
        return true;
    default:
        return false;
    }
}
