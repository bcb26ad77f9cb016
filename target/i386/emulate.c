/*
 * x86 emulator core: fetch, decode, validity checks against the guest's
 * CPUID, operand access, dispatch to the instruction groups, counters
 * and -d emulate logging. See include/target/i386/emulate.h for the
 * contract and docs/devel/x86-emulator.md for the coverage.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "emulate-internal.h"

#include <stdarg.h>

/* Executed instructions per operation, and outcomes; all atomic. */
static uint64_t op_counters[X86_OP__COUNT];
static uint64_t result_counters[4];

int emu_raise(struct x86_emu *emu, uint8_t vector, bool has_err,
              uint32_t err)
{
    emu->exc = (struct x86_exception){
        .vector = vector, .has_error_code = has_err, .error_code = err,
    };
    return EMU_EXC;
}

int emu_gp0(struct x86_emu *emu)
{
    return emu_raise(emu, X86_EXC_GP, true, 0);
}

int emu_ud(struct x86_emu *emu)
{
    return emu_raise(emu, X86_EXC_UD, false, 0);
}

int emu_unhandled(struct x86_emu *emu, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(emu->message, sizeof(emu->message), fmt, ap);
    va_end(ap);
    return EMU_UNHANDLED;
}

int emu_mem_status(struct x86_emu *emu, int r, uint64_t addr)
{
    if (r >= 0) {
        return r;
    }
    if (r == X86_MEM_UNHANDLED) {
        return emu_unhandled(emu, "access to 0x%" PRIx64 " belongs to a "
                             "device emulated in the kernel", addr);
    }
    return emu_unhandled(emu, "memory access at 0x%" PRIx64 " failed: %s",
                         addr, g_strerror(-r));
}

uint64_t emu_get_gpr(struct x86_emu *emu, unsigned num, unsigned size,
                     bool high8)
{
    uint64_t v = emu->cpu->gpr[num & 15];

    if (high8) {
        return (v >> 8) & 0xff;
    }
    return v & size_mask(size);
}

void emu_set_gpr(struct x86_emu *emu, unsigned num, unsigned size,
                 bool high8, uint64_t v)
{
    uint64_t *r = &emu->cpu->gpr[num & 15];

    if (high8) {
        *r = (*r & ~0xff00ull) | ((v & 0xff) << 8);
    } else if (size == 4) {
        *r = (uint32_t)v;       /* 32-bit writes zero-extend */
    } else if (size >= 8) {
        *r = v;
    } else {
        *r = (*r & ~size_mask(size)) | (v & size_mask(size));
    }
    emu->cpu->dirty |= X86_DIRTY_GPRS;
}

uint64_t emu_ea(struct x86_emu *emu, const struct x86_insn *insn,
                const struct x86_operand *op)
{
    uint64_t ea = op->mem.disp;

    if (op->mem.base == X86_RIP) {
        ea += emu->cpu->rip + insn->len;
    } else if (op->mem.base != X86_REG_NONE) {
        ea += emu->cpu->gpr[op->mem.base & 15];
    }
    if (op->mem.index != X86_REG_NONE && op->mem.index_cls == X86_RC_GPR) {
        ea += emu->cpu->gpr[op->mem.index & 15] * op->mem.scale;
    }
    return ea & size_mask(op->mem.addr_size);
}

int emu_read_mem(struct x86_emu *emu, unsigned seg, uint64_t off,
                 void *buf, unsigned size, unsigned access)
{
    uint64_t la;
    int r = x86_seg_linear(emu, seg, off, size, access, &la);

    if (r) {
        return r;
    }
    r = x86_read_linear(emu, la, buf, size, access);
    return emu_mem_status(emu, r, la);
}

int emu_write_mem(struct x86_emu *emu, unsigned seg, uint64_t off,
                  const void *buf, unsigned size)
{
    uint64_t la;
    int r = x86_seg_linear(emu, seg, off, size, X86_ACC_WRITE, &la);

    if (r) {
        return r;
    }
    r = x86_write_linear(emu, la, buf, size);
    return emu_mem_status(emu, r, la);
}

static int read_op_access(struct x86_emu *emu, const struct x86_insn *insn,
                          const struct x86_operand *op, uint64_t *v,
                          unsigned access)
{
    *v = 0;
    switch (op->kind) {
    case X86_OPND_REG:
        if (op->reg.cls == X86_RC_GPR || op->reg.cls == X86_RC_GPR8H) {
            *v = emu_get_gpr(emu, op->reg.num, op->size,
                             op->reg.cls == X86_RC_GPR8H);
            return 0;
        }
        if (op->reg.cls == X86_RC_SEG) {
            *v = emu->cpu->seg[op->reg.num % 6].selector;
            return 0;
        }
        return emu_unhandled(emu, "register class %u as integer operand",
                             op->reg.cls);
    case X86_OPND_MEM:
        if (op->size > 8) {
            return emu_unhandled(emu, "%u-byte integer operand", op->size);
        }
        return emu_read_mem(emu, op->mem.seg, emu_ea(emu, insn, op), v,
                            op->size, access);
    case X86_OPND_IMM:
        *v = (uint64_t)op->imm.value & size_mask(op->size ? op->size : 8);
        return 0;
    default:
        return emu_unhandled(emu, "operand kind %u", op->kind);
    }
}

int emu_read_op(struct x86_emu *emu, const struct x86_insn *insn,
                const struct x86_operand *op, uint64_t *v)
{
    return read_op_access(emu, insn, op, v, X86_ACC_READ);
}

int emu_read_op_rmw(struct x86_emu *emu, const struct x86_insn *insn,
                    const struct x86_operand *op, uint64_t *v)
{
    if (op->kind == X86_OPND_MEM) {
        uint64_t la;
        int r = x86_seg_linear(emu, op->mem.seg, emu_ea(emu, insn, op),
                               op->size, X86_ACC_WRITE, &la);

        if (r) {
            return r;
        }
    }
    return read_op_access(emu, insn, op, v, X86_ACC_WRITE);
}

int emu_write_op(struct x86_emu *emu, const struct x86_insn *insn,
                 const struct x86_operand *op, uint64_t v)
{
    switch (op->kind) {
    case X86_OPND_REG:
        if (op->reg.cls == X86_RC_GPR || op->reg.cls == X86_RC_GPR8H) {
            emu_set_gpr(emu, op->reg.num, op->size,
                        op->reg.cls == X86_RC_GPR8H, v);
            return 0;
        }
        return emu_unhandled(emu, "write to register class %u",
                             op->reg.cls);
    case X86_OPND_MEM:
        return emu_write_mem(emu, op->mem.seg, emu_ea(emu, insn, op), &v,
                             op->size);
    default:
        return emu_unhandled(emu, "write to operand kind %u", op->kind);
    }
}

unsigned emu_stack_size(struct x86_emu *emu)
{
    if (x86_64bit_mode(emu->cpu)) {
        return 8;
    }
    return emu->cpu->seg[X86_SEG_SS].db ? 4 : 2;
}

int emu_push(struct x86_emu *emu, uint64_t v, unsigned size)
{
    unsigned ss = emu_stack_size(emu);
    uint64_t sp = (emu->cpu->gpr[X86_RSP] - size) & size_mask(ss);
    int r = emu_write_mem(emu, X86_SEG_SS, sp, &v, size);

    if (r) {
        return r;
    }
    emu_set_gpr(emu, X86_RSP, ss, false, sp);
    return 0;
}

int emu_pop_peek(struct x86_emu *emu, uint64_t *v, unsigned size)
{
    unsigned ss = emu_stack_size(emu);

    *v = 0;
    return emu_read_mem(emu, X86_SEG_SS,
                        emu->cpu->gpr[X86_RSP] & size_mask(ss), v, size,
                        X86_ACC_READ);
}

static enum x86_cpu_mode cpu_mode(const struct x86_cpu_state *cpu)
{
    if (x86_64bit_mode(cpu)) {
        return X86_MODE_LONG64;
    }
    if (x86_real_mode(cpu) || x86_v86_mode(cpu)) {
        return X86_MODE_REAL;
    }
    return cpu->seg[X86_SEG_CS].db ? X86_MODE_PROT32 : X86_MODE_PROT16;
}

void x86_emu_features_from_cpuid(struct x86_emu_features *f,
                                 const struct x86_emu_ops *ops,
                                 void *opaque)
{
    uint32_t r[4];
    uint32_t max, max_ext;

    memset(f, 0, sizeof(*f));
    f->maxphyaddr = 36;
    ops->cpuid(opaque, 0, 0, r);
    max = r[0];
    /* "AuthenticAMD" / "HygonGenuine" in EBX, EDX, ECX. */
    f->vendor_amd = (r[1] == 0x68747541 && r[3] == 0x69746e65 &&
                     r[2] == 0x444d4163) ||
                    (r[1] == 0x6f677948 && r[3] == 0x6e65476e &&
                     r[2] == 0x656e6975);
    ops->cpuid(opaque, 0x80000000, 0, r);
    max_ext = r[0];
    if (max >= 1) {
        ops->cpuid(opaque, 1, 0, r);
        f->leaf1_ecx = r[2];
        f->leaf1_edx = r[3];
    }
    if (max >= 7) {
        ops->cpuid(opaque, 7, 0, r);
        f->leaf7_ebx = r[1];
        f->leaf7_ecx = r[2];
        f->leaf7_edx = r[3];
    }
    if (max >= 0xd) {
        ops->cpuid(opaque, 0xd, 0, r);
        f->xsave_eax = r[0];
    }
    if (max_ext >= 0x80000001 && max_ext <= 0x8000ffff) {
        ops->cpuid(opaque, 0x80000001, 0, r);
        f->ext1_ecx = r[2];
        f->ext1_edx = r[3];
    }
    if (max_ext >= 0x80000008 && max_ext <= 0x8000ffff) {
        ops->cpuid(opaque, 0x80000008, 0, r);
        f->maxphyaddr = r[0] & 0xff;
    }
}

int x86_emu_need_xcr(struct x86_emu *emu)
{
    struct x86_cpu_state *cpu = emu->cpu;

    if (cpu->valid & X86_VALID_XCR) {
        return 0;
    }
    if (!emu->ops->load_xcr) {
        cpu->xcr0 = X86_XCR0_X87 | X86_XCR0_SSE;
    } else if (emu->ops->load_xcr(emu->opaque, cpu)) {
        emu_unhandled(emu, "XCR0 of the vCPU is not available");
        return -1;
    }
    cpu->valid |= X86_VALID_XCR;
    return 0;
}

bool x86_emu_isa_offered(const struct x86_emu_features *f, unsigned isa)
{
    switch (isa) {
    case X86_ISA_BASE:
        return true;
    case X86_ISA_X87:
        return f->leaf1_edx & X86_F1_EDX_FPU;
    case X86_ISA_CMOV:
        return f->leaf1_edx & X86_F1_EDX_CMOV;
    case X86_ISA_MMX:
        return f->leaf1_edx & X86_F1_EDX_MMX;
    case X86_ISA_SSE:
        return f->leaf1_edx & X86_F1_EDX_SSE;
    case X86_ISA_SSE2:
        return f->leaf1_edx & X86_F1_EDX_SSE2;
    case X86_ISA_SSE3:
        return f->leaf1_ecx & X86_F1_ECX_SSE3;
    case X86_ISA_SSSE3:
        return f->leaf1_ecx & X86_F1_ECX_SSSE3;
    case X86_ISA_SSE41:
        return f->leaf1_ecx & X86_F1_ECX_SSE41;
    case X86_ISA_SSE42:
        return f->leaf1_ecx & X86_F1_ECX_SSE42;
    case X86_ISA_AVX:
        return f->leaf1_ecx & X86_F1_ECX_AVX;
    case X86_ISA_AVX2:
        return f->leaf7_ebx & X86_F7_EBX_AVX2;
    case X86_ISA_BMI1:
        return f->leaf7_ebx & X86_F7_EBX_BMI1;
    case X86_ISA_BMI2:
        return f->leaf7_ebx & X86_F7_EBX_BMI2;
    case X86_ISA_LZCNT:
        return f->ext1_ecx & X86_FE1_ECX_ABM;
    case X86_ISA_POPCNT:
        return f->leaf1_ecx & X86_F1_ECX_POPCNT;
    case X86_ISA_MOVBE:
        return f->leaf1_ecx & X86_F1_ECX_MOVBE;
    case X86_ISA_CX8:
        return f->leaf1_edx & X86_F1_EDX_CX8;
    case X86_ISA_CX16:
        return f->leaf1_ecx & X86_F1_ECX_CX16;
    case X86_ISA_FXSR:
        return f->leaf1_edx & X86_F1_EDX_FXSR;
    case X86_ISA_XSAVE:
        return f->leaf1_ecx & X86_F1_ECX_XSAVE;
    case X86_ISA_CLFLUSH:
        return f->leaf1_edx & X86_F1_EDX_CLFSH;
    case X86_ISA_CLFLUSHOPT:
        return f->leaf7_ebx & X86_F7_EBX_CLFLUSHOPT;
    case X86_ISA_RDTSCP:
        return f->ext1_edx & X86_FE1_EDX_RDTSCP;
    case X86_ISA_RDPID:
        return f->leaf7_ecx & X86_F7_ECX_RDPID;
    case X86_ISA_LM:
        return f->ext1_edx & (1u << 29);
    case X86_ISA_SYSCALL:
        return f->ext1_edx & (1u << 11);
    default:
        /* Features the emulator never executes: not offered to it. */
        return false;
    }
}

/* Which instructions this emulator executes (the rest: unhandled). */
bool x86_emu_implements(const struct x86_insn *insn)
{
    return emu_int_handles(insn->op) || emu_string_handles(insn->op) ||
           emu_sys_handles(insn->op) || emu_stack_handles(insn->op) ||
           emu_bcd_handles(insn->op) || emu_cr_handles(insn->op) ||
           emu_seg_handles(insn->op) || emu_dt_handles(insn->op) ||
           emu_intr_handles(insn->op) ||
           emu_fpu_handles(insn);
}

static int dispatch(struct x86_emu *emu, const struct x86_insn *insn)
{
    if (emu_int_handles(insn->op)) {
        return emu_exec_int(emu, insn);
    }
    if (emu_string_handles(insn->op)) {
        return emu_exec_string(emu, insn);
    }
    if (emu_sys_handles(insn->op)) {
        return emu_exec_sys(emu, insn);
    }
    if (emu_stack_handles(insn->op)) {
        return emu_exec_stack(emu, insn);
    }
    if (emu_bcd_handles(insn->op)) {
        return emu_exec_bcd(emu, insn);
    }
    if (emu_cr_handles(insn->op)) {
        return emu_exec_cr(emu, insn);
    }
    if (emu_seg_handles(insn->op)) {
        return emu_exec_seg(emu, insn);
    }
    if (emu_dt_handles(insn->op)) {
        return emu_exec_dt(emu, insn);
    }
    if (emu_intr_handles(insn->op)) {
        return emu_exec_intr(emu, insn);
    }
    if (emu_fpu_handles(insn)) {
        return emu_exec_fpu(emu, insn);
    }
    return emu_unhandled(emu, "instruction '%s' is not implemented by the "
                         "emulator", emu->mnemonic);
}

static enum x86_emu_result finish(struct x86_emu *emu, int r,
                                  const struct x86_insn *insn)
{
    enum x86_emu_result res;

    switch (r) {
    case 0:
        res = X86_EMU_OK;
        break;
    case EMU_EXC:
        res = X86_EMU_EXCEPTION;
        break;
    case EMU_RETRY:
        res = X86_EMU_RETRY;
        break;
    default:
        res = X86_EMU_UNHANDLED;
        break;
    }
    __atomic_add_fetch(&result_counters[res], 1, __ATOMIC_RELAXED);
    if (insn && insn->op < X86_OP__COUNT && res != X86_EMU_UNHANDLED) {
        __atomic_add_fetch(&op_counters[insn->op], 1, __ATOMIC_RELAXED);
    }
    return res;
}

enum x86_emu_result x86_emulate_insn(struct x86_emu *emu,
                                     const struct x86_insn *insn)
{
    uint64_t next_rip;
    unsigned max_rep = emu->max_rep;
    bool tf;
    int r;

    struct x86_insn as_older;
    enum x86_op fallback;

    emu->mnemonic = x86_insn_name(insn, emu->name_buf);
    emu->mov_ss_shadow = false;
    emu->sti_shadow = false;
    emu->single_step = false;
    emu->int_delivered = false;
    if (!x86_emu_isa_offered(emu->features, insn->isa)) {
        /* TZCNT runs as BSF, hint-space encodings as NOP, ... */
        if (!x86_insn_fallback(insn, &fallback)) {
            return finish(emu, emu_ud(emu), insn);
        }
        as_older = *insn;
        as_older.op = fallback;
        as_older.isa = X86_ISA_BASE;
        insn = &as_older;
        emu->mnemonic = x86_op_name(fallback);
    }
    next_rip = emu->cpu->rip + insn->len;
    if (insn->mode != X86_MODE_LONG64) {
        next_rip &= insn->mode == X86_MODE_PROT32 ? 0xffffffffu : 0xffffu;
    }
    emu->next_rip = next_rip;
    /*
     * Single-step (SDM Vol. 3 17.3.1.4): TF as it is at the start decides
     * (POPF/IRET setting it trap only after the next instruction); a REP
     * instruction traps after each iteration. DR6 is loaded before
     * anything changes, so the trap cannot fail afterwards.
     */
    tf = emu->cpu->rflags & X86_FL_TF;
    if (tf) {
        r = emu_need_dr(emu);
        if (r) {
            return finish(emu, r, insn);
        }
        emu->max_rep = 1;
    }
    r = dispatch(emu, insn);
    emu->max_rep = max_rep;
    if (r == 0) {
        emu->cpu->rip = emu->next_rip;
        emu->cpu->dirty |= X86_DIRTY_RIP;
    }
    /* MOV SS / POP SS suppress it (LSS, which also loads SS, does not). */
    if (tf && (r == 0 || r == EMU_RETRY) && !emu->int_delivered &&
        !(emu->mov_ss_shadow &&
          (insn->op == X86_OP_MOV || insn->op == X86_OP_POP))) {
        emu_set_dr6_bs(emu);
        emu->single_step = true;
    }
    return finish(emu, r, insn);
}

/* Fetch up to 15 bytes at CS:RIP, stopping at the first fault. */
static int fetch(struct x86_emu *emu, uint8_t *buf, unsigned have,
                 unsigned *got)
{
    const struct x86_cpu_state *cpu = emu->cpu;
    unsigned n = have;

    while (n < X86_MAX_INSN_LEN) {
        uint64_t la = 0;
        unsigned chunk = 0;
        int r = x86_seg_linear(emu, X86_SEG_CS, cpu->rip + n, 1,
                               X86_ACC_FETCH, &la);

        if (r == 0) {
            chunk = MIN(X86_MAX_INSN_LEN - n, 4096 - (la & 4095));
            r = x86_read_linear(emu, la, buf + n, chunk, X86_ACC_FETCH);
        }
        if (r) {
            *got = n;
            return r < 0 ? emu_mem_status(emu, r, la) : r;
        }
        n += chunk;
    }
    *got = n;
    return 0;
}

enum x86_emu_result x86_emulate(struct x86_emu *emu, const uint8_t *bytes,
                                unsigned len)
{
    uint8_t buf[X86_MAX_INSN_LEN];
    struct x86_insn insn;
    enum x86_decode_status st;
    unsigned have = MIN(len, X86_MAX_INSN_LEN);
    int fetch_status = -1;

    memcpy(buf, bytes, have);
    emu->mnemonic = "(undecoded)";
    for (;;) {
        st = x86_decode(buf, have, cpu_mode(emu->cpu), &insn);
        if (st != X86_DECODE_NEED_MORE_BYTES || fetch_status >= 0) {
            break;
        }
        fetch_status = fetch(emu, buf, have, &have);
    }
    if (st == X86_DECODE_NEED_MORE_BYTES) {
        /* The bytes that exist end at a fault: deliver it. */
        return finish(emu, fetch_status > 0 ? fetch_status : emu_gp0(emu),
                      NULL);
    }
    if (st == X86_DECODE_INVALID) {
        emu->mnemonic = "(invalid)";
        return finish(emu, emu_raise(emu, insn.fault,
                                     insn.fault == X86_EXC_GP, 0), NULL);
    }
    return x86_emulate_insn(emu, &insn);
}

void x86_emu_counters_foreach(void (*fn)(const char *name, uint64_t count,
                                         void *opaque),
                              void *opaque)
{
    for (unsigned i = 0; i < X86_OP__COUNT; i++) {
        uint64_t n = __atomic_load_n(&op_counters[i], __ATOMIC_RELAXED);

        if (n) {
            fn(x86_op_name(i), n, opaque);
        }
    }
}

void x86_emu_info(GString *out)
{
    static const char *const names[] = {
        [X86_EMU_OK] = "executed", [X86_EMU_EXCEPTION] = "exception",
        [X86_EMU_RETRY] = "REP interrupted", [X86_EMU_UNHANDLED] = "stopped",
    };
    uint64_t r[4];

    x86_emu_result_counts(r);
    g_string_append_printf(out, "instructions emulated in userspace: %"
                           PRIu64 "\n", r[0] + r[1] + r[2] + r[3]);
    for (int i = 0; i < 4; i++) {
        g_string_append_printf(out, "  %-16s %" PRIu64 "\n", names[i], r[i]);
    }
    if (r[0] + r[1] + r[2] == 0) {
        return;
    }
    g_string_append(out, "by operation:\n");
    for (unsigned i = 0; i < X86_OP__COUNT; i++) {
        uint64_t n = x86_emu_counter(i);

        if (n) {
            g_string_append_printf(out, "  %-16s %" PRIu64 "\n",
                                   x86_op_name(i), n);
        }
    }
}

uint64_t x86_emu_counter(unsigned op)
{
    return op < X86_OP__COUNT
               ? __atomic_load_n(&op_counters[op], __ATOMIC_RELAXED) : 0;
}

void x86_emu_result_counts(uint64_t out[4])
{
    for (int i = 0; i < 4; i++) {
        out[i] = __atomic_load_n(&result_counters[i], __ATOMIC_RELAXED);
    }
}
