/*
 * Multi-slot stack instructions: PUSHA/POPA, PUSHF/POPF, ENTER/LEAVE
 * (SDM Vol. 2 instruction pages; Vol. 3 20.2 for virtual-8086 mode and
 * 20.3 for the CR4.VME flag rules).
 *
 * Every instruction here moves several stack slots. They are gathered
 * into one buffer, every page they touch is translated for writing
 * before the first byte is stored, and registers change only after the
 * memory is written, so a fault leaves the guest untouched. A 16-bit
 * stack pointer wraps at 64 KiB inside the block (SP = 2 and PUSHA).
 */
#include "qemu/osdep.h"
#include "emulate-internal.h"

#define X86_FL_VIF  (1u << 19)
#define X86_FL_VIP  (1u << 20)
#define X86_FL_ID   (1u << 21)
#define X86_CR4_VME (1ull << 0)

/* Every flag software can change (SDM Vol. 1 3.4.3). */
#define FL_WRITABLE (X86_FL_ARITH | X86_FL_TF | X86_FL_IF | X86_FL_DF | \
                     X86_FL_IOPL | X86_FL_NT | X86_FL_RF | X86_FL_VM |    \
                     X86_FL_AC | X86_FL_VIF | X86_FL_VIP | X86_FL_ID)

#define MAX_BLOCK (32 * 8)   /* ENTER with nesting level 31, 64-bit */

static unsigned iopl(const struct x86_cpu_state *cpu)
{
    return (cpu->rflags & X86_FL_IOPL) >> 12;
}

/*
 * The n bytes at SS:off .. off+n-1, stack-pointer width (mask) wrapping:
 * at most two pieces. Returns the number of pieces.
 */
static int stack_pieces(struct x86_emu *emu, uint64_t off, unsigned n,
                        uint64_t start[2], unsigned len[2])
{
    uint64_t mask = size_mask(emu_stack_size(emu));

    off &= mask;
    start[0] = off;
    if (mask != ~0ull && off + n - 1 > mask) {
        len[0] = mask + 1 - off;
        start[1] = 0;
        len[1] = n - len[0];
        return 2;
    }
    len[0] = n;
    return 1;
}

static int stack_read(struct x86_emu *emu, uint64_t off, void *buf,
                      unsigned n)
{
    uint64_t start[2];
    unsigned len[2];
    int pieces = stack_pieces(emu, off, n, start, len);
    uint8_t *p = buf;

    for (int i = 0; i < pieces; i++) {
        int r = emu_read_mem(emu, X86_SEG_SS, start[i], p, len[i],
                             X86_ACC_READ);

        if (r) {
            return r;
        }
        p += len[i];
    }
    return 0;
}

/* Segment and page checks of a write, without writing. */
static int probe_write(struct x86_emu *emu, uint64_t off, unsigned n,
                       unsigned access, uint64_t *la)
{
    uint64_t gpa, addr;
    unsigned done = 0;
    int r = x86_seg_linear(emu, X86_SEG_SS, off, n, X86_ACC_WRITE, la);

    while (r == 0 && done < n) {
        addr = *la + done;
        if (!x86_long_mode(emu->cpu)) {
            addr &= 0xffffffffu;
        }
        r = x86_mmu_translate(emu, addr, access, &gpa);
        if (r < 0) {
            return emu_mem_status(emu, r, addr);
        }
        done += 4096 - (addr & 4095);
    }
    return r;
}

/* Write n bytes at SS:off (wrapping); all checks before any store. */
static int stack_write(struct x86_emu *emu, uint64_t off, const void *buf,
                       unsigned n)
{
    uint64_t start[2], la[2];
    unsigned len[2];
    int pieces = stack_pieces(emu, off, n, start, len);
    const uint8_t *p = buf;

    for (int i = 0; i < pieces; i++) {
        int r = probe_write(emu, start[i], len[i], X86_ACC_WRITE, &la[i]);

        if (r) {
            return r;
        }
    }
    for (int i = 0; i < pieces; i++) {
        int r = x86_write_linear(emu, la[i], p, len[i]);

        if (r) {
            return emu_mem_status(emu, r, la[i]);
        }
        p += len[i];
    }
    return 0;
}

static void set_sp(struct x86_emu *emu, uint64_t sp)
{
    emu_set_gpr(emu, X86_RSP, emu_stack_size(emu), false, sp);
}

/* PUSHA/PUSHAD: AX, CX, DX, BX, original SP, BP, SI, DI (DI lowest). */
static int exec_pusha(struct x86_emu *emu, const struct x86_insn *insn)
{
    unsigned size = insn->op_size;
    uint64_t sp = emu->cpu->gpr[X86_RSP];
    uint8_t buf[8 * 4];
    int r;

    for (int i = 0; i < 8; i++) {
        uint64_t v = emu->cpu->gpr[i];

        memcpy(buf + (7 - i) * size, &v, size);
    }
    r = stack_write(emu, sp - 8 * size, buf, 8 * size);
    if (r) {
        return r;
    }
    set_sp(emu, sp - 8 * size);
    return 0;
}

/* POPA/POPAD: the reverse; the stored SP is skipped. */
static int exec_popa(struct x86_emu *emu, const struct x86_insn *insn)
{
    unsigned size = insn->op_size;
    uint64_t sp = emu->cpu->gpr[X86_RSP];
    uint8_t buf[8 * 4];
    int r = stack_read(emu, sp, buf, 8 * size);

    if (r) {
        return r;
    }
    for (int i = 0; i < 8; i++) {
        uint64_t v = 0;

        if (i == X86_RSP) {
            continue;
        }
        memcpy(&v, buf + (7 - i) * size, size);
        emu_set_gpr(emu, i, size, false, v);
    }
    set_sp(emu, sp + 8 * size);
    return 0;
}

/*
 * PUSHF: the image has RF and VM clear. In virtual-8086 mode with
 * IOPL < 3 only the 16-bit form with CR4.VME runs: IF is replaced by
 * VIF and IOPL reads as 3; otherwise #GP(0).
 */
static int exec_pushf(struct x86_emu *emu, const struct x86_insn *insn)
{
    const struct x86_cpu_state *cpu = emu->cpu;
    unsigned size = insn->op_size;
    uint64_t v = cpu->rflags & ~(uint64_t)(X86_FL_RF | X86_FL_VM);

    if (x86_v86_mode(cpu) && iopl(cpu) < 3) {
        if (!(cpu->cr4 & X86_CR4_VME) || size != 2) {
            return emu_gp0(emu);
        }
        v &= ~(uint64_t)X86_FL_IF;
        v |= (cpu->rflags & X86_FL_VIF) ? X86_FL_IF : 0;
        v |= X86_FL_IOPL;
    }
    return emu_push(emu, v & size_mask(size), size);
}

/*
 * POPF: which flags the popped image may change depends on the mode,
 * CPL and IOPL (SDM POPF). VIP, VIF and VM never change; RF is cleared
 * by the 32- and 64-bit forms; bits 63:22 and the fixed bits stay.
 */
static int popf_mask(struct x86_emu *emu, unsigned size, uint64_t img,
                     uint64_t *mask)
{
    const struct x86_cpu_state *cpu = emu->cpu;
    uint64_t m = FL_WRITABLE & ~(uint64_t)(X86_FL_RF | X86_FL_VIP |
                                           X86_FL_VIF | X86_FL_VM);

    if (size == 2) {
        m &= 0xffff;
    }
    if (x86_v86_mode(cpu)) {
        if (iopl(cpu) < 3) {
            /* CR4.VME, 16-bit only: IF goes to VIF (SDM 20.3.1). */
            if (!(cpu->cr4 & X86_CR4_VME) || size != 2 ||
                (img & X86_FL_TF) ||
                ((img & X86_FL_IF) && (cpu->rflags & X86_FL_VIP))) {
                return emu_gp0(emu);
            }
            m &= ~(uint64_t)X86_FL_IF;
        }
        m &= ~(uint64_t)X86_FL_IOPL;
    } else if (!x86_real_mode(cpu) && x86_cpl(cpu) > 0) {
        m &= ~(uint64_t)X86_FL_IOPL;
        if (x86_cpl(cpu) > iopl(cpu)) {
            m &= ~(uint64_t)X86_FL_IF;
        }
    }
    *mask = m;
    return 0;
}

static int exec_popf(struct x86_emu *emu, const struct x86_insn *insn)
{
    struct x86_cpu_state *cpu = emu->cpu;
    unsigned size = insn->op_size;
    uint64_t img, mask = 0, fl;
    int r = emu_pop_peek(emu, &img, size);

    if (r == 0) {
        r = popf_mask(emu, size, img, &mask);
    }
    if (r) {
        return r;
    }
    fl = (cpu->rflags & ~mask) | (img & mask);
    if (size != 2) {
        fl &= ~(uint64_t)X86_FL_RF;
    }
    if (x86_v86_mode(cpu) && !(mask & X86_FL_IOPL) && iopl(cpu) < 3) {
        fl = (fl & ~(uint64_t)X86_FL_VIF) |
             ((img & X86_FL_IF) ? X86_FL_VIF : 0);
    }
    cpu->rflags = fl | X86_FL_FIXED;
    set_sp(emu, cpu->gpr[X86_RSP] + size);
    return 0;
}

/*
 * Nested ENTER reads the enclosing frame pointers from the stack while
 * it pushes: a read may see a slot this instruction has already pushed
 * (BP close above SP). Those bytes come from the pending block.
 */
static int enter_read(struct x86_emu *emu, uint64_t off, uint8_t *out,
                      unsigned size, uint64_t top, const uint8_t *block,
                      unsigned pushed)
{
    uint64_t mask = size_mask(emu_stack_size(emu));
    int r = stack_read(emu, off, out, size);

    for (unsigned i = 0; r == 0 && i < size; i++) {
        uint64_t below = (top - 1 - (off + i)) & mask;

        if (below < pushed) {
            out[i] = block[MAX_BLOCK - 1 - below];
        }
    }
    return r;
}

/* ENTER imm16, imm8 (SDM ENTER: nesting level taken modulo 32). */
static int exec_enter(struct x86_emu *emu, const struct x86_insn *insn)
{
    struct x86_cpu_state *cpu = emu->cpu;
    unsigned size = insn->op_size, ss = emu_stack_size(emu);
    uint64_t alloc = insn->ops[0].imm.value & 0xffff;
    unsigned level = insn->ops[1].imm.value & 31;
    uint64_t sp = cpu->gpr[X86_RSP], bp = cpu->gpr[X86_RBP];
    uint64_t frame, final_sp, la;
    uint8_t block[MAX_BLOCK];  /* filled from the end (higher addresses) */
    unsigned pushed = size;
    int r;

    memcpy(block + MAX_BLOCK - size, &bp, size);
    frame = (sp - size) & size_mask(ss);
    for (unsigned i = 1; i < level; i++) {
        bp = (bp - size) & size_mask(ss);
        pushed += size;
        r = enter_read(emu, bp, block + MAX_BLOCK - pushed, size, sp, block,
                       pushed - size);
        if (r) {
            return r;
        }
    }
    if (level > 0) {
        pushed += size;
        memcpy(block + MAX_BLOCK - pushed, &frame, size);
    }
    /* The processor touches the final top of stack (as Bochs models). */
    final_sp = (sp - pushed - alloc) & size_mask(ss);
    r = probe_write(emu, final_sp, size, X86_ACC_WRITE | X86_ACC_NO_AD,
                    &la);
    if (r == 0) {
        r = stack_write(emu, sp - pushed, block + MAX_BLOCK - pushed, pushed);
    }
    if (r) {
        return r;
    }
    emu_set_gpr(emu, X86_RBP, size, false, frame);
    set_sp(emu, final_sp);
    return 0;
}

/* LEAVE: SP := BP (stack-pointer width), then POP BP. */
static int exec_leave(struct x86_emu *emu, const struct x86_insn *insn)
{
    unsigned size = insn->op_size, ss = emu_stack_size(emu);
    uint64_t bp = emu->cpu->gpr[X86_RBP] & size_mask(ss);
    uint64_t v = 0;
    int r = stack_read(emu, bp, &v, size);

    if (r) {
        return r;
    }
    set_sp(emu, bp + size);
    emu_set_gpr(emu, X86_RBP, size, false, v);
    return 0;
}

bool emu_stack_handles(unsigned op)
{
    switch (op) {
    case X86_OP_PUSHA: case X86_OP_POPA: case X86_OP_PUSHF:
    case X86_OP_POPF: case X86_OP_ENTER: case X86_OP_LEAVE:
        return true;
    default:
        return false;
    }
}

int emu_exec_stack(struct x86_emu *emu, const struct x86_insn *insn)
{
    switch (insn->op) {
    case X86_OP_PUSHA:
        return exec_pusha(emu, insn);
    case X86_OP_POPA:
        return exec_popa(emu, insn);
    case X86_OP_PUSHF:
        return exec_pushf(emu, insn);
    case X86_OP_POPF:
        return exec_popf(emu, insn);
    case X86_OP_ENTER:
        return exec_enter(emu, insn);
    default:
        return exec_leave(emu, insn);
    }
}
