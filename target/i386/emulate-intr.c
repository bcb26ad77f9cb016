/*
 * Software interrupts: INT n, INT3, INTO, INT1, delivered through the IDT
 * (SDM Vol. 2 "INT n/INTO/INT3/INT1"; Vol. 3 6.14 for IA-32e mode, 20.1.4
 * for real-address mode). On a PVM host KVM hands over every kernel-mode
 * INT3/INT n, and a KVM exception injection cannot express "trap after
 * the instruction" portably, so the emulator delivers them itself.
 *
 * Implemented: real-address mode (IVT), legacy protected mode (8-byte
 * 16/32-bit interrupt and trap gates, inner-privilege stacks from a
 * 16/32-bit TSS) and IA-32e mode (16-byte gates, IST and CPL-change
 * stack switches through the 64-bit TSS). Task gates and virtual-8086
 * mode stop the VM with a message.
 */
#include "qemu/osdep.h"
#include "emulate-internal.h"

#define GATE_INTR64     0xe
#define GATE_TRAP64     0xf
#define IDT_ERR(v)      ((uint32_t)(v) * 8 + 2)     /* IDT bit, EXT clear */
#define FL_DELIVERY_CLEAR (X86_FL_TF | X86_FL_NT | X86_FL_RF)

/* Write n bytes at a linear address as the supervisor (all pages first). */
static int sup_write(struct x86_emu *emu, uint64_t la, const void *buf,
                     unsigned n)
{
    uint64_t gpa[2];
    unsigned len[2], pieces = 1;
    const uint8_t *p = buf;

    len[0] = MIN(n, 4096 - (la & 4095));
    len[1] = n - len[0];
    pieces += len[1] != 0;
    for (unsigned i = 0; i < pieces; i++) {
        uint64_t a = i ? la + len[0] : la;
        int r = x86_mmu_translate(emu, a, X86_ACC_WRITE | X86_ACC_IMPLICIT,
                                  &gpa[i]);

        if (r) {
            return r < 0 ? emu_mem_status(emu, r, a) : r;
        }
    }
    for (unsigned i = 0; i < pieces; i++) {
        int r = emu->ops->write_phys(emu->opaque, gpa[i], p, len[i]);

        if (r < 0) {
            return emu_mem_status(emu, r, gpa[i]);
        }
        p += len[i];
    }
    return 0;
}

static int sup_read(struct x86_emu *emu, uint64_t la, void *buf, unsigned n)
{
    int r = x86_read_linear(emu, la, buf, n, X86_ACC_READ | X86_ACC_IMPLICIT);

    return r < 0 ? emu_mem_status(emu, r, la) : r;
}

/* Real-address mode: FLAGS, CS, IP pushed; IF, TF, AC cleared. */
static int deliver_real(struct x86_emu *emu, uint8_t vector)
{
    struct x86_cpu_state *cpu = emu->cpu;
    uint16_t ivt[2], frame[3];
    uint64_t sp = cpu->gpr[X86_RSP];
    unsigned ss = emu_stack_size(emu);
    int r;

    if (vector * 4u + 3 > cpu->idt.limit) {
        return emu_gp0(emu);
    }
    r = sup_read(emu, (cpu->idt.base + vector * 4) & 0xffffffffu, ivt, 4);
    if (r) {
        return r;
    }
    frame[0] = emu->next_rip;
    frame[1] = cpu->seg[X86_SEG_CS].selector;
    frame[2] = cpu->rflags;
    sp = (sp - 6) & size_mask(ss);
    r = emu_write_mem(emu, X86_SEG_SS, sp, frame, 6);
    if (r) {
        return r;
    }
    emu_set_gpr(emu, X86_RSP, ss, false, sp);
    cpu->rflags &= ~(uint64_t)(X86_FL_IF | X86_FL_TF | X86_FL_AC);
    cpu->seg[X86_SEG_CS].selector = ivt[1];
    cpu->seg[X86_SEG_CS].base = (uint32_t)ivt[1] << 4;
    cpu->dirty |= X86_DIRTY_SREGS;
    emu->next_rip = ivt[0];
    return 0;
}

/* The target code segment of a 64-bit gate; *new_cpl is its CPL. */
static int gate_code_segment(struct x86_emu *emu, uint16_t sel,
                             struct x86_segment *cs, unsigned *new_cpl)
{
    unsigned cpl = x86_cpl(emu->cpu);
    uint8_t desc[8];
    uint64_t la;
    int r;

    if (!(sel & 0xfffc)) {
        return emu_gp0(emu);
    }
    r = emu_read_descriptor(emu, sel, desc, &la);
    if (r) {
        return r;
    }
    emu_desc_to_seg(desc, sel, cs);
    if (!cs->s || !(cs->type & 8) || !cs->l || cs->db || cs->dpl > cpl) {
        return emu_raise(emu, X86_EXC_GP, true, sel & 0xfffc);
    }
    if (!cs->present) {
        return emu_raise(emu, X86_EXC_NP, true, sel & 0xfffc);
    }
    *new_cpl = (cs->type & 4) ? cpl : cs->dpl;    /* conforming keeps CPL */
    cs->selector = (sel & 0xfffc) | *new_cpl;
    return 0;
}

/* RSPn or ISTn from the 64-bit TSS (#TS(TR) past its limit). */
static int tss_stack(struct x86_emu *emu, unsigned off, uint64_t *rsp)
{
    const struct x86_segment *tr = &emu->cpu->seg[X86_SEG_TR];

    if (tr->unusable || off + 7 > tr->limit) {
        return emu_raise(emu, X86_EXC_TS, true, tr->selector & 0xfffc);
    }
    return sup_read(emu, tr->base + off, rsp, 8);
}

/* IA-32e mode: 16-byte gates, 64-bit frames, RSP aligned to 16. */
static int deliver_long(struct x86_emu *emu, uint8_t vector, bool soft)
{
    struct x86_cpu_state *cpu = emu->cpu;
    unsigned cpl = x86_cpl(cpu), new_cpl = cpl, ist;
    uint8_t g[16];
    uint64_t target, rsp = cpu->gpr[X86_RSP], frame[5];
    struct x86_segment cs;
    int r;

    if (vector * 16u + 15 > cpu->idt.limit) {
        return emu_raise(emu, X86_EXC_GP, true, IDT_ERR(vector));
    }
    r = sup_read(emu, cpu->idt.base + vector * 16, g, 16);
    if (r) {
        return r;
    }
    if ((g[5] & 0x1f) != GATE_INTR64 && (g[5] & 0x1f) != GATE_TRAP64) {
        return emu_raise(emu, X86_EXC_GP, true, IDT_ERR(vector));
    }
    if (soft && ((g[5] >> 5) & 3) < cpl) {
        return emu_raise(emu, X86_EXC_GP, true, IDT_ERR(vector));
    }
    if (!(g[5] & 0x80)) {
        return emu_raise(emu, X86_EXC_NP, true, IDT_ERR(vector));
    }
    r = gate_code_segment(emu, g[2] | g[3] << 8, &cs, &new_cpl);
    if (r) {
        return r;
    }
    target = g[0] | g[1] << 8 | (uint64_t)(g[6] | g[7] << 8) << 16 |
             (uint64_t)(g[8] | g[9] << 8 | g[10] << 16 |
                        (uint32_t)g[11] << 24) << 32;
    if (!x86_is_canonical(cpu, target)) {
        return emu_gp0(emu);
    }
    ist = g[4] & 7;
    if (ist) {
        r = tss_stack(emu, 0x24 + 8 * (ist - 1), &rsp);
    } else if (new_cpl < cpl) {
        r = tss_stack(emu, 4 + 8 * new_cpl, &rsp);
    }
    if (r) {
        return r;
    }
    rsp &= ~15ull;
    frame[0] = emu->next_rip;
    frame[1] = cpu->seg[X86_SEG_CS].selector;
    frame[2] = cpu->rflags;
    frame[3] = cpu->gpr[X86_RSP];
    frame[4] = cpu->seg[X86_SEG_SS].selector;
    if (!x86_is_canonical(cpu, rsp - 40)) {
        return emu_raise(emu, X86_EXC_SS, true, 0);
    }
    r = sup_write(emu, rsp - 40, frame, 40);
    if (r) {
        return r;
    }
    if (new_cpl < cpl) {
        /* A null SS with RPL = new CPL (SDM 6.14.4). */
        cpu->seg[X86_SEG_SS] = (struct x86_segment){
            .selector = new_cpl, .unusable = 1, .dpl = new_cpl,
        };
    }
    cpu->seg[X86_SEG_CS] = cs;
    cpu->gpr[X86_RSP] = rsp - 40;
    cpu->rflags &= ~(uint64_t)FL_DELIVERY_CLEAR;
    if ((g[5] & 0x1f) == GATE_INTR64) {
        cpu->rflags &= ~(uint64_t)X86_FL_IF;
    }
    cpu->dirty |= X86_DIRTY_SREGS | X86_DIRTY_GPRS;
    emu->next_rip = target;
    return 0;
}

/* The inner stack of a legacy-mode privilege change (SDM 6.12.1). */
static int tss_inner_stack(struct x86_emu *emu, unsigned new_cpl,
                           struct x86_segment *ss, uint64_t *sp)
{
    const struct x86_segment *tr = &emu->cpu->seg[X86_SEG_TR];
    bool tss32 = tr->type & 8;
    unsigned off = tss32 ? 4 + 8 * new_cpl : 2 + 4 * new_cpl;
    uint16_t sel = 0;
    uint8_t desc[8];
    uint64_t la;
    int r;

    *sp = 0;
    if (tr->unusable || off + (tss32 ? 5 : 3) > tr->limit) {
        return emu_raise(emu, X86_EXC_TS, true, tr->selector & 0xfffc);
    }
    r = sup_read(emu, tr->base + off, sp, tss32 ? 4 : 2);
    if (r == 0) {
        r = sup_read(emu, tr->base + off + (tss32 ? 4 : 2), &sel, 2);
    }
    if (r) {
        return r;
    }
    if (!(sel & 0xfffc) || (sel & 3) != new_cpl) {
        return emu_raise(emu, X86_EXC_TS, true, sel & 0xfffc);
    }
    r = emu_read_descriptor(emu, sel, desc, &la);
    if (r == EMU_EXC && emu->exc.vector == X86_EXC_GP) {
        emu->exc.vector = X86_EXC_TS;     /* outside the table: #TS */
    }
    if (r) {
        return r;
    }
    emu_desc_to_seg(desc, sel, ss);
    if (!ss->s || (ss->type & 8) || !(ss->type & 2) || ss->dpl != new_cpl) {
        return emu_raise(emu, X86_EXC_TS, true, sel & 0xfffc);
    }
    if (!ss->present) {
        return emu_raise(emu, X86_EXC_SS, true, sel & 0xfffc);
    }
    return 0;
}

/*
 * Push the n-byte frame on ss at sp (checked against ss, written as the
 * privilege level new_cpl does). *new_sp: where the frame starts.
 */
static int push_frame(struct x86_emu *emu, const struct x86_segment *ss,
                      uint64_t sp, const void *frame, unsigned n,
                      unsigned new_cpl, uint64_t *new_sp)
{
    struct x86_cpu_state *cpu = emu->cpu;
    struct x86_segment saved = cpu->seg[X86_SEG_SS];
    uint64_t la;
    int r;

    *new_sp = (sp - n) & (ss->db ? 0xffffffffull : 0xffffull);
    cpu->seg[X86_SEG_SS] = *ss;
    r = x86_seg_linear(emu, X86_SEG_SS, *new_sp, n, X86_ACC_WRITE, &la);
    cpu->seg[X86_SEG_SS] = saved;
    if (r) {
        return r;
    }
    if (new_cpl == 3) {
        r = x86_write_linear(emu, la, frame, n);
        return r < 0 ? emu_mem_status(emu, r, la) : r;
    }
    return sup_write(emu, la, frame, n);
}

/* Legacy protected mode: 8-byte 16/32-bit interrupt and trap gates. */
static int deliver_prot(struct x86_emu *emu, uint8_t vector, bool soft)
{
    struct x86_cpu_state *cpu = emu->cpu;
    unsigned cpl = x86_cpl(cpu), new_cpl, type, size, n = 0;
    struct x86_segment cs, ss = cpu->seg[X86_SEG_SS];
    uint64_t sp = cpu->gpr[X86_RSP], new_sp, la;
    uint32_t frame[5];
    uint16_t frame16[5];
    uint8_t g[8], desc[8];
    uint16_t sel;
    int r;

    if (vector * 8u + 7 > cpu->idt.limit) {
        return emu_raise(emu, X86_EXC_GP, true, IDT_ERR(vector));
    }
    r = sup_read(emu, (cpu->idt.base + vector * 8) & 0xffffffffu, g, 8);
    if (r) {
        return r;
    }
    type = g[5] & 0x1f;
    if (type == 5) {
        return emu_unhandled(emu, "task gate in the IDT (vector %u)", vector);
    }
    if (type != 6 && type != 7 && type != 0xe && type != 0xf) {
        return emu_raise(emu, X86_EXC_GP, true, IDT_ERR(vector));
    }
    if (soft && ((g[5] >> 5) & 3) < cpl) {
        return emu_raise(emu, X86_EXC_GP, true, IDT_ERR(vector));
    }
    if (!(g[5] & 0x80)) {
        return emu_raise(emu, X86_EXC_NP, true, IDT_ERR(vector));
    }
    sel = g[2] | g[3] << 8;
    if (!(sel & 0xfffc)) {
        return emu_gp0(emu);
    }
    r = emu_read_descriptor(emu, sel, desc, &la);
    if (r) {
        return r;
    }
    emu_desc_to_seg(desc, sel, &cs);
    if (!cs.s || !(cs.type & 8) || cs.dpl > cpl) {
        return emu_raise(emu, X86_EXC_GP, true, sel & 0xfffc);
    }
    if (!cs.present) {
        return emu_raise(emu, X86_EXC_NP, true, sel & 0xfffc);
    }
    new_cpl = (cs.type & 4) ? cpl : cs.dpl;
    size = type & 8 ? 4 : 2;
    if (new_cpl < cpl) {
        r = tss_inner_stack(emu, new_cpl, &ss, &sp);
        if (r) {
            return r;
        }
        frame[4] = cpu->seg[X86_SEG_SS].selector;
        frame[3] = cpu->gpr[X86_RSP];
        n = 2;
    }
    frame[2] = cpu->rflags;
    frame[1] = cpu->seg[X86_SEG_CS].selector;
    frame[0] = emu->next_rip;
    n += 3;
    for (unsigned i = 0; i < n; i++) {
        frame16[i] = frame[i];
    }
    cs.selector = (sel & 0xfffc) | new_cpl;
    r = push_frame(emu, &ss, sp, size == 4 ? (void *)frame : frame16,
                   n * size, new_cpl, &new_sp);
    if (r == 0 && !(cs.type & 1)) {
        r = emu_desc_set_type_bits(emu, la, desc[5], 1);
        cs.type |= 1;
    }
    if (r) {
        return r;
    }
    cpu->seg[X86_SEG_SS] = ss;
    cpu->seg[X86_SEG_CS] = cs;
    emu_set_gpr(emu, X86_RSP, ss.db ? 4 : 2, false, new_sp);
    cpu->rflags &= ~(uint64_t)(FL_DELIVERY_CLEAR | X86_FL_VM);
    if (!(type & 1)) {
        cpu->rflags &= ~(uint64_t)X86_FL_IF;
    }
    cpu->dirty |= X86_DIRTY_SREGS | X86_DIRTY_GPRS;
    emu->next_rip = (uint32_t)(g[0] | g[1] << 8 |
                               (size == 4 ? g[6] << 16 | g[7] << 24 : 0));
    return 0;
}

static int exec_int(struct x86_emu *emu, const struct x86_insn *insn)
{
    const struct x86_cpu_state *cpu = emu->cpu;
    uint8_t vector;
    bool soft = true;           /* INT1 skips the gate-DPL check */

    switch (insn->op) {
    case X86_OP_INT:
        vector = insn->ops[0].imm.value;
        break;
    case X86_OP_INT3:
        vector = X86_EXC_BP;
        break;
    case X86_OP_INTO:
        if (!(cpu->rflags & X86_FL_OF)) {
            return 0;
        }
        vector = 4;
        break;
    default:
        vector = X86_EXC_DB;
        soft = false;
        break;
    }
    if (x86_real_mode(cpu)) {
        return deliver_real(emu, vector);
    }
    if (x86_long_mode(cpu)) {
        return deliver_long(emu, vector, soft);
    }
    if (!x86_v86_mode(cpu)) {
        return deliver_prot(emu, vector, soft);
    }
    return emu_unhandled(emu, "'%s' in virtual-8086 mode is not "
                         "implemented by the emulator", emu->mnemonic);
}

bool emu_intr_handles(unsigned op)
{
    return op == X86_OP_INT || op == X86_OP_INT3 || op == X86_OP_INTO ||
           op == X86_OP_INT1;
}

int emu_exec_intr(struct x86_emu *emu, const struct x86_insn *insn)
{
    bool into_skipped = insn->op == X86_OP_INTO &&
                        !(emu->cpu->rflags & X86_FL_OF);
    int r = exec_int(emu, insn);

    /* Delivery clears TF in the handler: no single-step trap follows. */
    emu->int_delivered = r == 0 && !into_skipped;
    return r;
}
