/*
 * System instructions a kernel's emulator may hand over: CPUID,
 * RDMSR/WRMSR, RDTSC(P), RDPID, XGETBV/XSETBV, INVD/WBINVD, CLFLUSH(OPT),
 * CLI/STI, SWAPGS, fences, hints (NOP, PAUSE, PREFETCH*).
 */
#include "qemu/osdep.h"
#include "emulate-internal.h"

#define MSR_IA32_TSC      0x10
#define MSR_TSC_AUX       0xc0000103
#define MSR_KERNEL_GS_BASE 0xc0000102
#define X86_CR4_VME       (1ull << 0)
#define X86_CR4_PVI       (1ull << 1)
#define X86_CR4_TSD       (1ull << 2)
#define FL_VIF            (1u << 19)
#define FL_VIP            (1u << 20)

static int exec_cpuid(struct x86_emu *emu)
{
    struct x86_cpu_state *cpu = emu->cpu;
    uint32_t r[4];

    emu->ops->cpuid(emu->opaque, cpu->gpr[X86_RAX], cpu->gpr[X86_RCX], r);
    emu_set_gpr(emu, X86_RAX, 4, false, r[0]);
    emu_set_gpr(emu, X86_RBX, 4, false, r[1]);
    emu_set_gpr(emu, X86_RCX, 4, false, r[2]);
    emu_set_gpr(emu, X86_RDX, 4, false, r[3]);
    return 0;
}

static void set_edx_eax(struct x86_emu *emu, uint64_t v)
{
    emu_set_gpr(emu, X86_RAX, 4, false, (uint32_t)v);
    emu_set_gpr(emu, X86_RDX, 4, false, v >> 32);
}

static uint64_t get_edx_eax(struct x86_emu *emu)
{
    return (emu->cpu->gpr[X86_RDX] << 32) | (uint32_t)emu->cpu->gpr[X86_RAX];
}

static int exec_msr(struct x86_emu *emu, bool write)
{
    uint32_t index = emu->cpu->gpr[X86_RCX];
    uint64_t v;
    int r;

    if (x86_cpl(emu->cpu) != 0) {
        return emu_gp0(emu);
    }
    if (write) {
        r = emu->ops->wrmsr(emu->opaque, index, get_edx_eax(emu));
        return r < 0 ? emu_gp0(emu) : 0;
    }
    r = emu->ops->rdmsr(emu->opaque, index, &v);
    if (r < 0) {
        return emu_gp0(emu);
    }
    set_edx_eax(emu, v);
    return 0;
}

static int exec_rdtsc(struct x86_emu *emu, bool rdtscp)
{
    uint64_t tsc, aux = 0;

    if ((emu->cpu->cr4 & X86_CR4_TSD) && x86_cpl(emu->cpu) != 0) {
        return emu_gp0(emu);
    }
    if (emu->ops->rdmsr(emu->opaque, MSR_IA32_TSC, &tsc) < 0) {
        return emu_unhandled(emu, "the TSC cannot be read");
    }
    if (rdtscp && emu->ops->rdmsr(emu->opaque, MSR_TSC_AUX, &aux) < 0) {
        aux = 0;
    }
    set_edx_eax(emu, tsc);
    if (rdtscp) {
        emu_set_gpr(emu, X86_RCX, 4, false, (uint32_t)aux);
    }
    return 0;
}

/* SDM Vol. 2 XGETBV/XSETBV; Vol. 1 13.3 for the XCR0 rules. */
static int exec_xcr(struct x86_emu *emu, bool write)
{
    struct x86_cpu_state *cpu = emu->cpu;
    uint32_t index = cpu->gpr[X86_RCX];
    uint64_t supported = emu->features->xsave_eax;
    uint64_t v;

    if (!(cpu->cr4 & X86_CR4_OSXSAVE)) {
        return emu_ud(emu);
    }
    if (x86_emu_need_xcr(emu)) {
        return EMU_UNHANDLED;
    }
    if (!write) {
        if (index != 0) {
            return emu_gp0(emu);
        }
        set_edx_eax(emu, cpu->xcr0);
        return 0;
    }
    v = get_edx_eax(emu);
    if (x86_cpl(cpu) != 0 || index != 0 || !(v & X86_XCR0_X87) ||
        ((v & X86_XCR0_AVX) && !(v & X86_XCR0_SSE)) || (v & ~supported)) {
        return emu_gp0(emu);
    }
    cpu->xcr0 = v;
    cpu->dirty |= X86_DIRTY_XCR;
    return 0;
}

/* RDPID: IA32_TSC_AUX into a register (64 bits in 64-bit mode). */
static int exec_rdpid(struct x86_emu *emu, const struct x86_insn *insn)
{
    const struct x86_operand *o = &insn->ops[0];
    uint64_t aux;

    if (emu->ops->rdmsr(emu->opaque, MSR_TSC_AUX, &aux) < 0) {
        return emu_unhandled(emu, "IA32_TSC_AUX cannot be read");
    }
    emu_set_gpr(emu, o->reg.num, o->size, false, (uint32_t)aux);
    return 0;
}

/* SWAPGS (64-bit mode, CPL 0): GS.base <-> IA32_KERNEL_GS_BASE. */
static int exec_swapgs(struct x86_emu *emu)
{
    struct x86_cpu_state *cpu = emu->cpu;
    uint64_t kernel_gs;

    if (x86_cpl(cpu) != 0) {
        return emu_gp0(emu);
    }
    if (emu->ops->rdmsr(emu->opaque, MSR_KERNEL_GS_BASE, &kernel_gs) < 0 ||
        emu->ops->wrmsr(emu->opaque, MSR_KERNEL_GS_BASE,
                        cpu->seg[X86_SEG_GS].base) < 0) {
        return emu_unhandled(emu, "IA32_KERNEL_GS_BASE cannot be accessed");
    }
    cpu->seg[X86_SEG_GS].base = kernel_gs;
    cpu->dirty |= X86_DIRTY_SREGS;
    return 0;
}

/*
 * CLI/STI (SDM CLI, STI; Vol. 3 20.3 and 20.4 for VME and PVI): IF when
 * IOPL allows, else VIF under CR4.VME (virtual-8086 mode) or CR4.PVI
 * (CPL 3), else #GP(0). STI that sets IF inhibits interrupts until the
 * next instruction completes.
 */
static int exec_cli_sti(struct x86_emu *emu, bool set)
{
    struct x86_cpu_state *cpu = emu->cpu;
    unsigned iopl = (cpu->rflags & X86_FL_IOPL) >> 12;
    bool vm = x86_v86_mode(cpu);
    uint64_t flag = X86_FL_IF;

    if (!x86_real_mode(cpu) && iopl < (vm ? 3 : x86_cpl(cpu))) {
        bool virt = vm ? (cpu->cr4 & X86_CR4_VME)
                       : (x86_cpl(cpu) == 3 && (cpu->cr4 & X86_CR4_PVI));

        if (!virt || (set && (cpu->rflags & FL_VIP))) {
            return emu_gp0(emu);
        }
        flag = FL_VIF;
    }
    if (set && flag == X86_FL_IF && !(cpu->rflags & X86_FL_IF)) {
        emu->sti_shadow = true;
    }
    emu_set_flags(emu, set ? flag : 0, flag);
    return 0;
}

/* CLFLUSH faults like a byte load; the flush itself is a no-op here. */
static int exec_clflush(struct x86_emu *emu, const struct x86_insn *insn)
{
    const struct x86_operand *o = &insn->ops[0];
    uint64_t la, gpa;
    int r;

    if (o->kind != X86_OPND_MEM) {
        return emu_ud(emu);
    }
    r = x86_seg_linear(emu, o->mem.seg, emu_ea(emu, insn, o), 1,
                       X86_ACC_READ, &la);
    if (r == 0) {
        r = x86_mmu_translate(emu, la, X86_ACC_READ, &gpa);
    }
    return r < 0 ? emu_mem_status(emu, r, la) : r;
}

bool emu_sys_handles(unsigned op)
{
    switch (op) {
    case X86_OP_CPUID: case X86_OP_RDMSR: case X86_OP_WRMSR:
    case X86_OP_RDTSC: case X86_OP_RDTSCP: case X86_OP_XGETBV:
    case X86_OP_XSETBV: case X86_OP_INVD: case X86_OP_WBINVD:
    case X86_OP_CLFLUSH: case X86_OP_CLFLUSHOPT: case X86_OP_LFENCE:
    case X86_OP_MFENCE: case X86_OP_SFENCE: case X86_OP_NOP:
    case X86_OP_NOP_HINT: case X86_OP_PAUSE: case X86_OP_PREFETCH:
    case X86_OP_PREFETCHW: case X86_OP_PREFETCHNTA:
    case X86_OP_PREFETCHT0: case X86_OP_PREFETCHT1:
    case X86_OP_PREFETCHT2: case X86_OP_RDPID: case X86_OP_SWAPGS:
    case X86_OP_CLI: case X86_OP_STI:
        return true;
    default:
        return false;
    }
}

int emu_exec_sys(struct x86_emu *emu, const struct x86_insn *insn)
{
    switch (insn->op) {
    case X86_OP_CPUID:
        return exec_cpuid(emu);
    case X86_OP_RDMSR:
    case X86_OP_WRMSR:
        return exec_msr(emu, insn->op == X86_OP_WRMSR);
    case X86_OP_RDTSC:
    case X86_OP_RDTSCP:
        return exec_rdtsc(emu, insn->op == X86_OP_RDTSCP);
    case X86_OP_XGETBV:
    case X86_OP_XSETBV:
        return exec_xcr(emu, insn->op == X86_OP_XSETBV);
    case X86_OP_INVD:
    case X86_OP_WBINVD:
        /* Caches are coherent for the guest: only the privilege check. */
        return x86_cpl(emu->cpu) != 0 ? emu_gp0(emu) : 0;
    case X86_OP_CLFLUSH:
    case X86_OP_CLFLUSHOPT:
        return exec_clflush(emu, insn);
    case X86_OP_RDPID:
        return exec_rdpid(emu, insn);
    case X86_OP_SWAPGS:
        return exec_swapgs(emu);
    case X86_OP_CLI:
    case X86_OP_STI:
        return exec_cli_sti(emu, insn->op == X86_OP_STI);
    case X86_OP_LFENCE:
    case X86_OP_MFENCE:
    case X86_OP_SFENCE:
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        return 0;
    default:
        /* NOP, PAUSE, prefetch hints: no architectural effect. */
        return 0;
    }
}
