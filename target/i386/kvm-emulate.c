/*
 * KVM emulation-failure exits handled by the userspace x86 emulator.
 *
 * With KVM_CAP_EXIT_ON_EMULATION_FAILURE enabled, KVM exits with
 * KVM_EXIT_INTERNAL_ERROR / KVM_INTERNAL_ERROR_EMULATION (and, when flag
 * bit 0 is set, the instruction bytes it fetched) instead of injecting #UD.
 * We build the emulator's CPU state from the exit (registers through
 * KVM_CAP_SYNC_REGS once a vCPU has seen such an exit, otherwise
 * KVM_GET_REGS/SREGS; x87/SSE/AVX and XCR0 only when the instruction needs
 * them), run target/i386/emulate*.c with guest memory, MMIO and port I/O
 * going through our address spaces, write back only what changed, and
 * resume the guest. What the emulator cannot do stops the VM with a
 * message naming the instruction and a QMP event.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "exec/memory.h"
#include "monitor/monitor.h"
#include "sysemu/runstate.h"
#include "target/i386/emulate.h"
#include "target/i386/kvm-regs.h"
#include "accel/kvm/kvm-internal.h"
#include "kvm-x86.h"

#define LAPIC_SIZE 0x1000
#define IOAPIC_BASE 0xfec00000ull
#define IOAPIC_SIZE 0x1000
#define XSAVE_HDR_OFFSET 512
#define XSAVE_YMM_OFFSET 576

/* Per-vCPU emulator context, created at the first emulation exit. */
struct kvm_emu_vcpu {
    struct kvm_vcpu *vcpu;
    struct x86_cpu_state cpu;
    struct x86_emu_features features;
    struct kvm_regs regs;        /* as read, to write back */
    struct kvm_sregs sregs;
    struct kvm_xsave *xsave;     /* kvm_state_xsave_size bytes */
    struct kvm_fpu fpu;
    /* x87/SSE/AVX state as KVM holds it, read at this exit (fpu_loaded). */
    struct x86_fxsave fx_loaded;
    uint8_t ymmh_loaded[16][16];
    bool fpu_loaded;
    bool use_sync_regs;
    bool use_xsave;              /* else KVM_GET/SET_FPU (no AVX state) */
};

static bool exit_on_failure;     /* KVM_CAP_EXIT_ON_EMULATION_FAILURE on */
static int xsave_size;           /* 0: no KVM_GET_XSAVE */
static bool has_xcrs;            /* KVM_CAP_XCRS */

int kvm_emulate_init_vm(Error **errp)
{
    struct kvm_enable_cap cap = {
        .cap = KVM_CAP_EXIT_ON_EMULATION_FAILURE, .args = { 1 },
    };
    int xsave2;

    has_xcrs = kvm_check_extension(KVM_CAP_XCRS) > 0;
    if (kvm_check_extension(KVM_CAP_XSAVE)) {
        xsave2 = kvm_check_extension(KVM_CAP_XSAVE2);
        xsave_size = MAX(xsave2, (int)sizeof(struct kvm_xsave));
    }
    if (!kvm_check_extension(KVM_CAP_EXIT_ON_EMULATION_FAILURE)) {
        /* Old kernels: failures stop the VM, as in QEMU. */
        return 0;
    }
    if (kvm_vm_ioctl(KVM_ENABLE_CAP, &cap) < 0) {
        return 0;
    }
    exit_on_failure = true;
    return 0;
}

void kvm_emulate_reset_vcpu(struct kvm_vcpu *vcpu)
{
    /* Registers set by the reset must not be replaced by stale ones. */
    vcpu->run->kvm_dirty_regs = 0;
}

void kvm_emulate_flush_regs(struct kvm_vcpu *vcpu)
{
    struct kvm_run *run = vcpu->run;

    /* Emulated results still waiting in run->s.regs for the next KVM_RUN. */
    if (run->kvm_dirty_regs & KVM_SYNC_X86_SREGS) {
        kvm_vcpu_ioctl(vcpu, KVM_SET_SREGS, &run->s.regs.sregs);
    }
    if (run->kvm_dirty_regs & KVM_SYNC_X86_REGS) {
        kvm_vcpu_ioctl(vcpu, KVM_SET_REGS, &run->s.regs.regs);
    }
    run->kvm_dirty_regs = 0;
}

static void seg_from_kvm(struct x86_segment *d, const struct kvm_segment *s)
{
    *d = (struct x86_segment){
        .base = s->base, .limit = s->limit, .selector = s->selector,
        .type = s->type, .s = s->s, .dpl = s->dpl, .present = s->present,
        .db = s->db, .l = s->l, .g = s->g, .avl = s->avl,
        .unusable = s->unusable,
    };
}

static void seg_to_kvm(struct kvm_segment *d, const struct x86_segment *s)
{
    d->base = s->base;
    d->limit = s->limit;
    d->selector = s->selector;
    d->type = s->type;
    d->s = s->s;
    d->dpl = s->dpl;
    d->present = s->present;
    d->db = s->db;
    d->l = s->l;
    d->g = s->g;
    d->avl = s->avl;
    d->unusable = s->unusable;
}

static void state_from_kvm(struct kvm_emu_vcpu *e)
{
    struct x86_cpu_state *c = &e->cpu;
    const struct kvm_regs *r = &e->regs;
    const struct kvm_sregs *s = &e->sregs;
    const struct kvm_segment *segs[X86_NR_SEGS] = {
        &s->es, &s->cs, &s->ss, &s->ds, &s->fs, &s->gs, &s->ldt, &s->tr,
    };
    const uint64_t gprs[X86_NR_GPRS] = {
        r->rax, r->rcx, r->rdx, r->rbx, r->rsp, r->rbp, r->rsi, r->rdi,
        r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15,
    };

    memset(c, 0, sizeof(*c));
    memcpy(c->gpr, gprs, sizeof(gprs));
    c->rip = r->rip;
    c->rflags = r->rflags;
    for (int i = 0; i < X86_NR_SEGS; i++) {
        seg_from_kvm(&c->seg[i], segs[i]);
    }
    c->gdt = (struct x86_dtable){ s->gdt.base, s->gdt.limit };
    c->idt = (struct x86_dtable){ s->idt.base, s->idt.limit };
    c->cr0 = s->cr0;
    c->cr2 = s->cr2;
    c->cr3 = s->cr3;
    c->cr4 = s->cr4;
    c->cr8 = s->cr8;
    c->efer = s->efer;
    c->apic_base = s->apic_base;
}

static void regs_to_kvm(const struct x86_cpu_state *c, struct kvm_regs *r)
{
    __u64 *gprs[X86_NR_GPRS] = {
        &r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi,
        &r->rdi, &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13,
        &r->r14, &r->r15,
    };

    for (int i = 0; i < X86_NR_GPRS; i++) {
        *gprs[i] = c->gpr[i];
    }
    r->rip = c->rip;
    r->rflags = c->rflags;
}

static void sregs_to_kvm(const struct x86_cpu_state *c, struct kvm_sregs *s)
{
    struct kvm_segment *segs[X86_NR_SEGS] = {
        &s->es, &s->cs, &s->ss, &s->ds, &s->fs, &s->gs, &s->ldt, &s->tr,
    };

    for (int i = 0; i < X86_NR_SEGS; i++) {
        seg_to_kvm(segs[i], &c->seg[i]);
    }
    s->gdt.base = c->gdt.base;
    s->gdt.limit = c->gdt.limit;
    s->idt.base = c->idt.base;
    s->idt.limit = c->idt.limit;
    s->cr0 = c->cr0;
    s->cr2 = c->cr2;
    s->cr3 = c->cr3;
    s->cr4 = c->cr4;
    s->cr8 = c->cr8;
    s->efer = c->efer;
}

/* Accesses to devices KVM emulates in the kernel cannot be forwarded. */
static bool kernel_device(struct kvm_emu_vcpu *e, uint64_t gpa, unsigned len)
{
    uint64_t lapic = e->cpu.apic_base & ~0xfffull;

    if (kvm_state.irqchip != IRQCHIP_OFF &&
        gpa < lapic + LAPIC_SIZE && gpa + len > lapic) {
        return true;
    }
    return kvm_state.irqchip == IRQCHIP_ON &&
           gpa < IOAPIC_BASE + IOAPIC_SIZE && gpa + len > IOAPIC_BASE;
}

static int k_read_phys(void *opaque, uint64_t gpa, void *buf, unsigned len)
{
    if (kernel_device(opaque, gpa, len)) {
        return X86_MEM_UNHANDLED;
    }
    /* Unassigned addresses read as all-ones (logged under -d unimp). */
    address_space_rw(&address_space_memory, gpa, buf, len, false);
    return 0;
}

static int k_write_phys(void *opaque, uint64_t gpa, const void *buf,
                        unsigned len)
{
    if (kernel_device(opaque, gpa, len)) {
        return X86_MEM_UNHANDLED;
    }
    address_space_rw(&address_space_memory, gpa, (void *)buf, len, true);
    return 0;
}

static bool cmpxchg16(void *p, void *old, const void *new)
{
    uint64_t o[2], n[2];
    bool ok;

    memcpy(o, old, 16);
    memcpy(n, new, 16);
    __asm__ volatile("lock cmpxchg16b %1"
                     : "=@ccz"(ok), "+m"(*(__int128 *)p), "+a"(o[0]),
                       "+d"(o[1])
                     : "b"(n[0]), "c"(n[1])
                     : "memory");
    memcpy(old, o, 16);
    return ok;
}

/* LOCKed operations on RAM are atomic against other vCPUs. */
static int k_cmpxchg_phys(void *opaque, uint64_t gpa, void *old,
                          const void *new, unsigned len)
{
    uint8_t *p = guest_ram_ptr(gpa, len);
    uint8_t cur[16];
    bool ok;

    if (p && ((len == 16 && !((uintptr_t)p & 15)) || len == 1 || len == 2 ||
              len == 4 || len == 8)) {
        switch (len) {
        case 1:
            ok = __atomic_compare_exchange_n(p, (uint8_t *)old,
                                             *(const uint8_t *)new, false,
                                             __ATOMIC_SEQ_CST,
                                             __ATOMIC_SEQ_CST);
            break;
        case 2:
            ok = __atomic_compare_exchange_n((uint16_t *)p, (uint16_t *)old,
                                             *(const uint16_t *)new, false,
                                             __ATOMIC_SEQ_CST,
                                             __ATOMIC_SEQ_CST);
            break;
        case 4:
            ok = __atomic_compare_exchange_n((uint32_t *)p, (uint32_t *)old,
                                             *(const uint32_t *)new, false,
                                             __ATOMIC_SEQ_CST,
                                             __ATOMIC_SEQ_CST);
            break;
        case 8:
            ok = __atomic_compare_exchange_n((uint64_t *)p, (uint64_t *)old,
                                             *(const uint64_t *)new, false,
                                             __ATOMIC_SEQ_CST,
                                             __ATOMIC_SEQ_CST);
            break;
        default:
            ok = cmpxchg16(p, old, new);
            break;
        }
        return ok;
    }
    /* MMIO (a device sees a read, then a write of either value). */
    if (k_read_phys(opaque, gpa, cur, len)) {
        return X86_MEM_UNHANDLED;
    }
    ok = !memcmp(cur, old, len);
    if (k_write_phys(opaque, gpa, ok ? new : cur, len)) {
        return X86_MEM_UNHANDLED;
    }
    if (!ok) {
        memcpy(old, cur, len);
    }
    return ok;
}

/* Ports of the in-kernel PIC, ELCR and PIT (kernel-irqchip=on). */
static bool kernel_port(uint16_t port, unsigned size)
{
    static const struct {
        uint16_t base, len;
        bool pit;
    } ports[] = {
        { 0x20, 2, false }, { 0xa0, 2, false }, { 0x4d0, 2, false },
        { 0x40, 4, true },
    };

    if (kvm_state.irqchip != IRQCHIP_ON) {
        return false;
    }
    for (size_t i = 0; i < ARRAY_SIZE(ports); i++) {
        if (ports[i].pit && !kvm_state.pit_in_kernel) {
            continue;
        }
        if (port < ports[i].base + ports[i].len &&
            port + size > ports[i].base) {
            return true;
        }
    }
    return false;
}

static int k_io_read(void *opaque, uint16_t port, unsigned size,
                     uint32_t *val)
{
    if (kernel_port(port, size)) {
        return X86_MEM_UNHANDLED;
    }
    *val = address_space_read(&address_space_io, port, size);
    return 0;
}

static int k_io_write(void *opaque, uint16_t port, unsigned size,
                      uint32_t val)
{
    if (kernel_port(port, size)) {
        return X86_MEM_UNHANDLED;
    }
    address_space_write(&address_space_io, port, val, size);
    return 0;
}

static int k_rdmsr(void *opaque, uint32_t index, uint64_t *val)
{
    struct kvm_emu_vcpu *e = opaque;
    struct {
        struct kvm_msrs hdr;
        struct kvm_msr_entry e;
    } m = { .hdr.nmsrs = 1, .e.index = index };

    if (kvm_vcpu_ioctl(e->vcpu, KVM_GET_MSRS, &m) != 1) {
        return -EINVAL;
    }
    *val = m.e.data;
    return 0;
}

static int k_wrmsr(void *opaque, uint32_t index, uint64_t val)
{
    struct kvm_emu_vcpu *e = opaque;
    struct {
        struct kvm_msrs hdr;
        struct kvm_msr_entry e;
    } m = { .hdr.nmsrs = 1, .e.index = index, .e.data = val };

    return kvm_vcpu_ioctl(e->vcpu, KVM_SET_MSRS, &m) == 1 ? 0 : -EINVAL;
}

/*
 * CPUID from the table given to KVM_SET_CPUID2, with the dynamic bits
 * (OSXSAVE) and QEMU's rule for leaves above the maximum.
 */
static void k_cpuid(void *opaque, uint32_t leaf, uint32_t sub,
                    uint32_t regs[4])
{
    struct kvm_emu_vcpu *e = opaque;
    const struct x86_cpuid_table *t = &e->vcpu->arch->cpuid;
    const struct x86_cpuid_entry *max = x86_cpuid_find(t, 0, 0);
    const struct x86_cpuid_entry *ext = x86_cpuid_find(t, 0x80000000, 0);
    const struct x86_cpuid_entry *ent;
    uint32_t basic_max = max ? max->eax : 0;

    if ((leaf < 0x40000000 && leaf > basic_max) ||
        (leaf >= 0x80000000 && leaf < 0xc0000000 &&
         (!ext || leaf > ext->eax))) {
        leaf = basic_max;
    }
    ent = x86_cpuid_find(t, leaf, sub);
    if (!ent) {
        memset(regs, 0, 4 * sizeof(uint32_t));
        return;
    }
    regs[0] = ent->eax;
    regs[1] = ent->ebx;
    regs[2] = ent->ecx;
    regs[3] = ent->edx;
    if (leaf == 1 && (regs[2] & X86_F1_ECX_XSAVE)) {
        regs[2] &= ~(1u << 27);
        regs[2] |= e->cpu.cr4 & X86_CR4_OSXSAVE ? 1u << 27 : 0;
    }
}

static void fx_from_kvm_fpu(struct x86_fxsave *fx, const struct kvm_fpu *f)
{
    memset(fx, 0, sizeof(*fx));
    fx->fcw = f->fcw;
    fx->fsw = f->fsw;
    fx->ftw = f->ftwx;
    fx->fop = f->last_opcode;
    fx->fip = f->last_ip;
    fx->fdp = f->last_dp;
    fx->mxcsr = f->mxcsr;
    fx->mxcsr_mask = 0xffff;
    memcpy(fx->st, f->fpr, sizeof(fx->st));
    memcpy(fx->xmm, f->xmm, sizeof(fx->xmm));
}

static void fx_to_kvm_fpu(struct kvm_fpu *f, const struct x86_fxsave *fx)
{
    f->fcw = fx->fcw;
    f->fsw = fx->fsw;
    f->ftwx = fx->ftw;
    f->last_opcode = fx->fop;
    f->last_ip = fx->fip;
    f->last_dp = fx->fdp;
    f->mxcsr = fx->mxcsr;
    memcpy(f->fpr, fx->st, sizeof(fx->st));
    memcpy(f->xmm, fx->xmm, sizeof(f->xmm));
}

static int k_load_fpu(void *opaque, struct x86_cpu_state *cpu)
{
    struct kvm_emu_vcpu *e = opaque;

    if (e->use_xsave) {
        uint8_t *x = (uint8_t *)e->xsave->region;
        uint64_t bv;
        int req = xsave_size > (int)sizeof(struct kvm_xsave)
                      ? KVM_GET_XSAVE2 : KVM_GET_XSAVE;

        if (kvm_vcpu_ioctl(e->vcpu, req, e->xsave) < 0) {
            return -EIO;
        }
        memcpy(&cpu->fx, x, sizeof(cpu->fx));
        memcpy(&bv, x + XSAVE_HDR_OFFSET, 8);
        if (!(bv & 1)) {
            memset(&cpu->fx, 0, 160);
            cpu->fx.fcw = 0x37f;
            cpu->fx.mxcsr = ((uint32_t *)x)[6];
        }
        if (!(bv & 2)) {
            memset(cpu->fx.xmm, 0, sizeof(cpu->fx.xmm));
        }
        if (bv & 4) {
            memcpy(cpu->ymmh, x + XSAVE_YMM_OFFSET, sizeof(cpu->ymmh));
        }
    } else {
        if (kvm_vcpu_ioctl(e->vcpu, KVM_GET_FPU, &e->fpu) < 0) {
            return -EIO;
        }
        fx_from_kvm_fpu(&cpu->fx, &e->fpu);
    }
    e->fx_loaded = cpu->fx;
    memcpy(e->ymmh_loaded, cpu->ymmh, sizeof(e->ymmh_loaded));
    e->fpu_loaded = true;
    return 0;
}

static int k_load_xcr(void *opaque, struct x86_cpu_state *cpu)
{
    struct kvm_emu_vcpu *e = opaque;
    struct kvm_xcrs xcrs = { 0 };

    cpu->xcr0 = X86_XCR0_X87;
    if (has_xcrs && kvm_vcpu_ioctl(e->vcpu, KVM_GET_XCRS, &xcrs) == 0) {
        for (uint32_t i = 0; i < xcrs.nr_xcrs; i++) {
            if (xcrs.xcrs[i].xcr == 0) {
                cpu->xcr0 = xcrs.xcrs[i].value;
            }
        }
    }
    return 0;
}

/* MOV DR: the debug registers, read only by the instructions using them. */
static int k_load_dr(void *opaque, struct x86_cpu_state *cpu)
{
    struct kvm_emu_vcpu *e = opaque;
    struct kvm_debugregs d;

    if (kvm_vcpu_ioctl(e->vcpu, KVM_GET_DEBUGREGS, &d) < 0) {
        return -EIO;
    }
    memcpy(cpu->dr, d.db, sizeof(d.db));
    cpu->dr[6] = d.dr6;
    cpu->dr[7] = d.dr7;
    return 0;
}

static const struct x86_emu_ops kvm_emu_ops = {
    .read_phys = k_read_phys,
    .write_phys = k_write_phys,
    .cmpxchg_phys = k_cmpxchg_phys,
    .io_read = k_io_read,
    .io_write = k_io_write,
    .rdmsr = k_rdmsr,
    .wrmsr = k_wrmsr,
    .cpuid = k_cpuid,
    .load_fpu = k_load_fpu,
    .load_xcr = k_load_xcr,
    .load_dr = k_load_dr,
};

static struct kvm_emu_vcpu *emu_vcpu(struct kvm_vcpu *vcpu)
{
    struct kvm_emu_vcpu *e = vcpu->arch->emu;

    if (!e) {
        e = g_new0(struct kvm_emu_vcpu, 1);
        e->vcpu = vcpu;
        if (xsave_size) {
            e->xsave = g_malloc0(xsave_size);
        }
        vcpu->arch->emu = e;
        x86_emu_features_from_cpuid(&e->features, &kvm_emu_ops, e);
        /*
         * KVM_GET_XSAVE whenever the kernel has it: on this project's PVM
         * development host KVM_GET_FPU reports MXCSR as 0.
         */
        e->use_xsave = xsave_size != 0;
    }
    return e;
}

static int get_state(struct kvm_emu_vcpu *e)
{
    struct kvm_run *run = e->vcpu->run;

    if (e->use_sync_regs &&
        (run->kvm_valid_regs & (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS)) ==
            (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS)) {
        e->regs = run->s.regs.regs;
        e->sregs = run->s.regs.sregs;
    } else if (kvm_vcpu_ioctl(e->vcpu, KVM_GET_REGS, &e->regs) < 0 ||
               kvm_vcpu_ioctl(e->vcpu, KVM_GET_SREGS, &e->sregs) < 0) {
        return -EIO;
    }
    /* From now on let KVM hand the registers over with every exit. */
    if (!e->use_sync_regs && kvm_check_extension(KVM_CAP_SYNC_REGS)) {
        run->kvm_valid_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
        e->use_sync_regs = true;
    }
    state_from_kvm(e);
    e->cpu.valid = 0;
    e->cpu.dirty = 0;
    e->fpu_loaded = false;
    return 0;
}

static int put_fpu(struct kvm_emu_vcpu *e)
{
    const struct x86_cpu_state *c = &e->cpu;

    /*
     * The state read at this exit is what KVM holds (the vCPU has not run
     * since): if the instruction left it exactly as it was (a store, a
     * compare, a conversion to a general register, a repeated FST), the
     * write-back is skipped; on PVM hosts it costs half an MMIO exit.
     */
    if (e->fpu_loaded && !memcmp(&c->fx, &e->fx_loaded, sizeof(c->fx)) &&
        !memcmp(c->ymmh, e->ymmh_loaded, sizeof(c->ymmh))) {
        return 0;
    }
    if (e->use_xsave) {
        uint8_t *x = (uint8_t *)e->xsave->region;
        uint64_t bv;
        bool ymm = false;

        memcpy(x, &c->fx, 160);                  /* x87 and MXCSR */
        memcpy(x + 160, c->fx.xmm, sizeof(c->fx.xmm));
        memcpy(&bv, x + XSAVE_HDR_OFFSET, 8);
        for (size_t i = 0; i < sizeof(c->ymmh); i++) {
            ymm |= ((const uint8_t *)c->ymmh)[i] != 0;
        }
        bv |= X86_XCR0_X87 | X86_XCR0_SSE;
        if (ymm && (e->features.xsave_eax & X86_XCR0_AVX)) {
            bv |= X86_XCR0_AVX;
            memcpy(x + XSAVE_YMM_OFFSET, c->ymmh, sizeof(c->ymmh));
        } else if (bv & X86_XCR0_AVX) {
            memset(x + XSAVE_YMM_OFFSET, 0, sizeof(c->ymmh));
        }
        memcpy(x + XSAVE_HDR_OFFSET, &bv, 8);
        return kvm_vcpu_ioctl(e->vcpu, KVM_SET_XSAVE, e->xsave);
    }
    fx_to_kvm_fpu(&e->fpu, &c->fx);
    return kvm_vcpu_ioctl(e->vcpu, KVM_SET_FPU, &e->fpu);
}

/* Write back what the emulator changed. */
static int put_state(struct kvm_emu_vcpu *e)
{
    struct kvm_run *run = e->vcpu->run;
    unsigned d = e->cpu.dirty;
    int ret = 0;

    if (d & (X86_DIRTY_GPRS | X86_DIRTY_RIP)) {
        regs_to_kvm(&e->cpu, &e->regs);
        if (e->use_sync_regs) {
            run->s.regs.regs = e->regs;
            run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
        } else {
            ret = kvm_vcpu_ioctl(e->vcpu, KVM_SET_REGS, &e->regs);
        }
    }
    if (ret == 0 && (d & X86_DIRTY_SREGS)) {
        sregs_to_kvm(&e->cpu, &e->sregs);
        if (e->use_sync_regs) {
            run->s.regs.sregs = e->sregs;
            run->kvm_dirty_regs |= KVM_SYNC_X86_SREGS;
        } else {
            ret = kvm_vcpu_ioctl(e->vcpu, KVM_SET_SREGS, &e->sregs);
        }
    }
    if (ret == 0 && (d & X86_DIRTY_FPU)) {
        ret = put_fpu(e);
    }
    if (ret == 0 && (d & X86_DIRTY_XCR)) {
        struct kvm_xcrs xcrs = {
            .nr_xcrs = 1, .xcrs[0] = { .xcr = 0, .value = e->cpu.xcr0 },
        };

        ret = kvm_vcpu_ioctl(e->vcpu, KVM_SET_XCRS, &xcrs);
    }
    if (ret == 0 && (d & X86_DIRTY_DR)) {
        struct kvm_debugregs dr = {
            .dr6 = e->cpu.dr[6], .dr7 = e->cpu.dr[7],
        };

        memcpy(dr.db, e->cpu.dr, sizeof(dr.db));
        ret = kvm_vcpu_ioctl(e->vcpu, KVM_SET_DEBUGREGS, &dr);
    }
    return ret;
}

static int inject_exception(struct kvm_emu_vcpu *e,
                            const struct x86_exception *exc)
{
    struct kvm_vcpu_events ev;
    int ret;

    if (exc->vector == X86_EXC_PF) {
        e->cpu.cr2 = exc->cr2;
        e->cpu.dirty |= X86_DIRTY_SREGS;
    }
    ret = put_state(e);
    if (ret < 0) {
        return ret;
    }
    /* CR2 and registers in KVM before the event, not at the next entry. */
    kvm_emulate_flush_regs(e->vcpu);
    ret = kvm_vcpu_ioctl(e->vcpu, KVM_GET_VCPU_EVENTS, &ev);
    if (ret < 0) {
        return ret;
    }
    ev.exception.injected = 1;
    ev.exception.pending = 0;
    ev.exception.nr = exc->vector;
    ev.exception.has_error_code = exc->has_error_code;
    ev.exception.error_code = exc->error_code;
    ev.flags = 0;
    return kvm_vcpu_ioctl(e->vcpu, KVM_SET_VCPU_EVENTS, &ev);
}

/* After MOV SS / POP SS or STI: no interrupt before the next instruction. */
static int set_int_shadow(struct kvm_emu_vcpu *e, uint8_t shadow)
{
    struct kvm_vcpu_events ev;

    kvm_emulate_flush_regs(e->vcpu);
    if (kvm_vcpu_ioctl(e->vcpu, KVM_GET_VCPU_EVENTS, &ev) < 0) {
        return -1;
    }
    ev.interrupt.shadow = shadow;
    ev.flags = KVM_VCPUEVENT_VALID_SHADOW;
    return kvm_vcpu_ioctl(e->vcpu, KVM_SET_VCPU_EVENTS, &ev) < 0 ? -1 : 0;
}

static const char *result_name(enum x86_emu_result r)
{
    static const char *const names[] = {
        [X86_EMU_OK] = "ok", [X86_EMU_EXCEPTION] = "exception",
        [X86_EMU_RETRY] = "retry", [X86_EMU_UNHANDLED] = "unhandled",
    };

    return names[r];
}

static void hex_bytes(char *out, size_t size, const uint8_t *b, unsigned n)
{
    size_t len = 0;

    out[0] = 0;
    for (unsigned i = 0; i < n && len + 4 <= size; i++) {
        len += snprintf(out + len, size - len, "%s%02x", i ? " " : "", b[i]);
    }
}

static void stop_unhandled(struct kvm_emu_vcpu *e, struct x86_emu *emu,
                           const char *bytes)
{
    char *data;

    error_report("KVM emulation failure on CPU %d at RIP 0x%" PRIx64
                 " (bytes: %s): %s", e->vcpu->index, e->cpu.rip,
                 bytes[0] ? bytes : "none", emu->message);
    kvm_arch_dump_registers(e->vcpu);
    data = g_strdup_printf("{\"cpu-index\": %d, \"rip\": %" PRIu64 ", "
                           "\"bytes\": \"%s\", \"instruction\": \"%s\", "
                           "\"reason\": \"%s\"}", e->vcpu->index,
                           e->cpu.rip, bytes, emu->mnemonic, emu->message);
    /* Not a QEMU event: QEMU has none for this. */
    qmp_event_emit("X-EMULATION-FAILURE", data);
    g_free(data);
    qemu_system_vmstop_request(RUN_STATE_INTERNAL_ERROR);
}

int kvm_arch_handle_emulation_failure(struct kvm_vcpu *vcpu)
{
    struct kvm_run *run = vcpu->run;
    struct kvm_emu_vcpu *e;
    struct x86_emu emu;
    enum x86_emu_result res;
    const uint8_t *bytes = NULL;
    unsigned n = 0;
    uint8_t shadow;
    char hex[64];

    if (!exit_on_failure ||
        run->internal.suberror != KVM_INTERNAL_ERROR_EMULATION) {
        return 1;
    }
    e = emu_vcpu(vcpu);
    if (run->emulation_failure.ndata >= 3 &&
        (run->emulation_failure.flags &
         KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES)) {
        bytes = run->emulation_failure.insn_bytes;
        n = MIN(run->emulation_failure.insn_size, 15);
    }
    if (get_state(e) < 0) {
        error_report("KVM emulation failure: cannot read the registers");
        qemu_system_vmstop_request(RUN_STATE_INTERNAL_ERROR);
        return -1;
    }
    emu = (struct x86_emu){
        .cpu = &e->cpu, .ops = &kvm_emu_ops, .opaque = e,
        .features = &e->features,
    };
    res = x86_emulate(&emu, bytes, n);
    /* Formatted only when printed: it costs ~5% of an emulated access. */
    if (res == X86_EMU_UNHANDLED || qemu_loglevel_mask(LOG_EMULATE)) {
        hex_bytes(hex, sizeof(hex), bytes ? bytes : (const uint8_t *)"", n);
        qemu_log_mask(LOG_EMULATE, "emulate: cpu %d rip 0x%" PRIx64
                      " [%s] %s -> %s%s%s\n", vcpu->index, e->cpu.rip, hex,
                      emu.mnemonic, result_name(res),
                      res == X86_EMU_UNHANDLED ? ": " : "",
                      res == X86_EMU_UNHANDLED ? emu.message : "");
    }
    switch (res) {
    case X86_EMU_OK:
    case X86_EMU_RETRY:
        if (emu.single_step) {
            /*
             * A trap at the advanced RIP (or at the REP instruction after
             * one iteration); put_state() hands DR6.BS over through
             * KVM_SET_DEBUGREGS first. The #DB is injected as an event,
             * KVM's own single-step (guest debug) is not involved.
             */
            static const struct x86_exception db = { .vector = X86_EXC_DB };

            qemu_log_mask(LOG_EMULATE | LOG_INT, "emulate: cpu %d "
                          "single-step trap at 0x%" PRIx64 "\n",
                          vcpu->index, e->cpu.rip);
            if (inject_exception(e, &db) < 0) {
                error_report("KVM emulation: injecting the single-step "
                             "trap failed");
                qemu_system_vmstop_request(RUN_STATE_INTERNAL_ERROR);
                return -1;
            }
            return 0;
        }
        shadow = (emu.mov_ss_shadow ? KVM_X86_SHADOW_INT_MOV_SS : 0) |
                 (emu.sti_shadow ? KVM_X86_SHADOW_INT_STI : 0);
        if (put_state(e) < 0 || (shadow && set_int_shadow(e, shadow) < 0)) {
            error_report("KVM emulation: writing the registers back "
                         "failed");
            qemu_system_vmstop_request(RUN_STATE_INTERNAL_ERROR);
            return -1;
        }
        return 0;
    case X86_EMU_EXCEPTION:
        qemu_log_mask(LOG_EMULATE | LOG_INT, "emulate: cpu %d injects "
                      "vector %u error 0x%x\n", vcpu->index, emu.exc.vector,
                      emu.exc.error_code);
        if (inject_exception(e, &emu.exc) < 0) {
            error_report("KVM emulation: injecting exception %u failed",
                         emu.exc.vector);
            qemu_system_vmstop_request(RUN_STATE_INTERNAL_ERROR);
            return -1;
        }
        return 0;
    default:
        stop_unhandled(e, &emu, hex);
        return -1;
    }
}
