/*
 * x86-specific KVM glue: VM set-up (TSS, in-kernel irqchip, GSI routes),
 * vCPU set-up (CPUID, MSRs), reset state and register dumps.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "sysemu/kvm.h"
#include "sysemu/runstate.h"
#include "target/i386/cpu.h"
#include "target/i386/kvm-regs.h"
#include "accel/kvm/kvm-internal.h"
#include "kvm-x86.h"

#include <sys/ioctl.h>

/* Where QEMU puts KVM's real-mode helpers (reserved in the e820 map). */
#define KVM_IDENTITY_BASE 0xfeffc000
#define KVM_TSS_BASE (KVM_IDENTITY_BASE + 0x1000)

#define MSR_IA32_TSC 0x10
#define MSR_IA32_SYSENTER_CS 0x174
#define MSR_IA32_SYSENTER_ESP 0x175
#define MSR_IA32_SYSENTER_EIP 0x176
#define MSR_IA32_MISC_ENABLE 0x1a0
#define MSR_PAT 0x277
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_FMASK 0xc0000084
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_IA32_MISC_ENABLE_FAST_STRING 1
#define MSR_PAT_POWER_ON 0x0007040600070406ULL

/* Power-on values written at every reset, when KVM knows the MSR. */
static const struct {
    uint32_t index;
    uint64_t value;
} reset_msrs[] = {
    { MSR_IA32_TSC, 0 },
    { MSR_IA32_SYSENTER_CS, 0 },
    { MSR_IA32_SYSENTER_ESP, 0 },
    { MSR_IA32_SYSENTER_EIP, 0 },
    { MSR_IA32_MISC_ENABLE, MSR_IA32_MISC_ENABLE_FAST_STRING },
    { MSR_PAT, MSR_PAT_POWER_ON },
    { MSR_STAR, 0 },
    { MSR_LSTAR, 0 },
    { MSR_CSTAR, 0 },
    { MSR_FMASK, 0 },
    { MSR_KERNEL_GS_BASE, 0 },
};

static struct kvm_msr_list *msr_index_list;

static bool kvm_has_msr(uint32_t index)
{
    for (uint32_t i = 0; msr_index_list && i < msr_index_list->nmsrs; i++) {
        if (msr_index_list->indices[i] == index) {
            return true;
        }
    }
    return false;
}

static int kvm_get_msr_list(void)
{
    struct kvm_msr_list probe = { .nmsrs = 0 };
    int ret = kvm_ioctl(KVM_GET_MSR_INDEX_LIST, &probe);

    if (ret < 0 && ret != -E2BIG) {
        return ret;
    }
    msr_index_list = g_malloc0(sizeof(*msr_index_list) +
                               probe.nmsrs * sizeof(uint32_t));
    msr_index_list->nmsrs = probe.nmsrs;
    return kvm_ioctl(KVM_GET_MSR_INDEX_LIST, msr_index_list);
}

static int kvm_get_supported_cpuid(Error **errp)
{
    int nent = 256;     /* KVM_MAX_CPUID_ENTRIES: one call; E2BIG costs a full pass */

    for (;;) {
        struct kvm_cpuid2 *c = g_malloc0(sizeof(*c) +
                                         nent * sizeof(c->entries[0]));
        int ret;

        c->nent = nent;
        ret = kvm_ioctl(KVM_GET_SUPPORTED_CPUID, c);
        if (ret == 0) {
            kvm_state.supported_cpuid = c;
            return 0;
        }
        g_free(c);
        if (ret != -E2BIG || nent > 4096) {
            error_setg(errp, "KVM_GET_SUPPORTED_CPUID failed: %s",
                       g_strerror(-ret));
            return ret;
        }
        nent *= 2;
    }
}

/*
 * Replace KVM's default GSI table: ISA IRQ 0 (the PIT) reaches IOAPIC pin
 * 2, as the MADT interrupt source override says, and GSI 2 (the cascade)
 * has no route. ISA IRQs 0-15 also reach the PIC.
 */
static int kvm_setup_kernel_irq_routing(Error **errp)
{
    struct kvm_irq_routing *r;
    int n = 0;
    int ret;

    r = g_malloc0(sizeof(*r) + 40 * sizeof(r->entries[0]));
    for (int i = 0; i < 16; i++) {
        if (i == 2) {
            continue;
        }
        r->entries[n].gsi = i;
        r->entries[n].type = KVM_IRQ_ROUTING_IRQCHIP;
        r->entries[n].u.irqchip.irqchip = i < 8 ? KVM_IRQCHIP_PIC_MASTER
                                                : KVM_IRQCHIP_PIC_SLAVE;
        r->entries[n].u.irqchip.pin = i & 7;
        n++;
    }
    for (int i = 0; i < GSI_NUM_PINS; i++) {
        if (i == 2) {
            continue;
        }
        r->entries[n].gsi = i;
        r->entries[n].type = KVM_IRQ_ROUTING_IRQCHIP;
        r->entries[n].u.irqchip.irqchip = KVM_IRQCHIP_IOAPIC;
        r->entries[n].u.irqchip.pin = i == 0 ? 2 : i;
        n++;
    }
    r->nr = n;
    ret = kvm_vm_ioctl(KVM_SET_GSI_ROUTING, r);
    g_free(r);
    if (ret < 0) {
        error_setg(errp, "KVM_SET_GSI_ROUTING failed: %s", g_strerror(-ret));
    }
    return ret;
}

static int kvm_create_kernel_irqchip(struct machine_state *ms, Error **errp)
{
    int ret;

    if (!kvm_check_extension(KVM_CAP_IRQCHIP)) {
        error_setg(errp, "kernel-irqchip=on: this KVM has no in-kernel "
                   "PIC/IOAPIC (KVM_CAP_IRQCHIP)");
        return -ENOSYS;
    }
    ret = kvm_vm_ioctl(KVM_CREATE_IRQCHIP, NULL);
    if (ret < 0) {
        error_setg(errp, "Create kernel irqchip failed: %s",
                   g_strerror(-ret));
        return ret;
    }
    ret = kvm_setup_kernel_irq_routing(errp);
    if (ret < 0) {
        return ret;
    }
    if (ms->cfg.pit != ON_OFF_AUTO_OFF) {
        struct kvm_pit_config pit = { .flags = 0 };

        ret = kvm_vm_ioctl(KVM_CREATE_PIT2, &pit);
        if (ret < 0) {
            error_setg(errp, "Create kernel PIT failed: %s",
                       g_strerror(-ret));
            return ret;
        }
        kvm_state.pit_in_kernel = true;
    }
    return 0;
}

int kvm_arch_init_vm(struct machine_state *ms, Error **errp)
{
    int ret;

    ret = kvm_vm_ioctl(KVM_SET_IDENTITY_MAP_ADDR,
                       &(uint64_t){ KVM_IDENTITY_BASE });
    if (ret < 0 && ret != -ENOTTY) {
        error_setg(errp, "KVM_SET_IDENTITY_MAP_ADDR failed: %s",
                   g_strerror(-ret));
        return ret;
    }
    ret = kvm_vm_ioctl(KVM_SET_TSS_ADDR, (void *)(uintptr_t)KVM_TSS_BASE);
    if (ret < 0) {
        error_setg(errp, "KVM_SET_TSS_ADDR failed: %s", g_strerror(-ret));
        return ret;
    }
    ret = kvm_get_msr_list();
    if (ret < 0) {
        error_setg(errp, "KVM_GET_MSR_INDEX_LIST failed: %s",
                   g_strerror(-ret));
        return ret;
    }
    ret = kvm_get_supported_cpuid(errp);
    if (ret < 0) {
        return ret;
    }
    x86_cpu_config_set_accel_caps(ms->cpu, &(struct x86_accel_caps){
        .irqchip_in_kernel = ms->cfg.irqchip != IRQCHIP_OFF,
        .irqchip_split = ms->cfg.irqchip == IRQCHIP_SPLIT,
        .tsc_deadline = kvm_check_extension(KVM_CAP_TSC_DEADLINE_TIMER) > 0,
    });
    switch (ms->cfg.irqchip) {
    case IRQCHIP_ON:
        ret = kvm_create_kernel_irqchip(ms, errp);
        break;
    case IRQCHIP_SPLIT:
        ret = kvm_split_irqchip_create(errp);
        break;
    case IRQCHIP_OFF:
    default:
        error_setg(errp, "kernel-irqchip=off needs a userspace local APIC, "
                   "which this build does not have yet (use "
                   "kernel-irqchip=split, the default, or on)");
        return -ENOTSUP;
    }
    return ret < 0 ? ret : kvm_emulate_init_vm(errp);
}

static int kvm_set_cpuid(struct kvm_vcpu *vcpu, Error **errp)
{
    const struct x86_cpuid_table *t = &vcpu->arch->cpuid;
    struct kvm_cpuid2 *c = g_malloc0(sizeof(*c) +
                                     t->count * sizeof(c->entries[0]));
    int ret;

    c->nent = t->count;
    for (int i = 0; i < t->count; i++) {
        const struct x86_cpuid_entry *e = &t->entries[i];

        c->entries[i] = (struct kvm_cpuid_entry2){
            .function = e->function,
            .index = e->index,
            .flags = e->flags & X86_CPUID_FLAG_SIGNIFICANT_INDEX
                         ? KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0,
            .eax = e->eax, .ebx = e->ebx, .ecx = e->ecx, .edx = e->edx,
        };
    }
    ret = kvm_vcpu_ioctl(vcpu, KVM_SET_CPUID2, c);
    g_free(c);
    if (ret < 0) {
        error_setg(errp, "KVM_SET_CPUID2 failed: %s", g_strerror(-ret));
    }
    return ret;
}

static void supported_to_table(struct x86_cpuid_table *t)
{
    const struct kvm_cpuid2 *c = kvm_state.supported_cpuid;

    t->count = 0;
    for (uint32_t i = 0; i < c->nent && i < X86_CPUID_MAX_ENTRIES; i++) {
        const struct kvm_cpuid_entry2 *e = &c->entries[i];

        t->entries[t->count++] = (struct x86_cpuid_entry){
            .function = e->function,
            .index = e->index,
            .flags = e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX
                         ? X86_CPUID_FLAG_SIGNIFICANT_INDEX : 0,
            .eax = e->eax, .ebx = e->ebx, .ecx = e->ecx, .edx = e->edx,
        };
    }
}

static int kvm_capture_reset_state(struct kvm_vcpu *vcpu, Error **errp)
{
    struct kvm_vcpu_arch *a = vcpu->arch;
    int ret;

    ret = kvm_vcpu_ioctl(vcpu, KVM_GET_REGS, &a->regs);
    if (ret == 0) {
        ret = kvm_vcpu_ioctl(vcpu, KVM_GET_SREGS, &a->sregs);
    }
    if (ret == 0) {
        ret = kvm_vcpu_ioctl(vcpu, KVM_GET_FPU, &a->fpu);
    }
    if (ret == 0) {
        ret = kvm_vcpu_ioctl(vcpu, KVM_GET_MP_STATE, &a->mp_state);
    }
    if (ret == 0 && kvm_state.irqchip != IRQCHIP_OFF) {
        ret = kvm_vcpu_ioctl(vcpu, KVM_GET_LAPIC, &a->lapic);
    }
    if (ret < 0) {
        error_setg(errp, "reading the initial vCPU state failed: %s",
                   g_strerror(-ret));
        return ret;
    }
    if (kvm_check_extension(KVM_CAP_XCRS)) {
        a->has_xcrs = kvm_vcpu_ioctl(vcpu, KVM_GET_XCRS, &a->xcrs) == 0;
    }
    return 0;
}

int kvm_arch_init_vcpu(struct machine_state *ms, struct kvm_vcpu *vcpu,
                       Error **errp)
{
    struct x86_cpuid_table *supported = g_new0(struct x86_cpuid_table, 1);
    struct x86_topology topo = {
        .sockets = ms->cfg.smp.sockets,
        .dies = ms->cfg.smp.dies,
        .cores = ms->cfg.smp.cores,
        .threads = ms->cfg.smp.threads,
    };
    int ret;

    vcpu->arch = g_new0(struct kvm_vcpu_arch, 1);
    supported_to_table(supported);
    ret = x86_cpu_build_cpuid(ms->cpu, supported, &topo, vcpu->apic_id,
                              vcpu->index == 0, &vcpu->arch->cpuid, errp);
    g_free(supported);
    if (ret < 0) {
        return ret;
    }
    ret = kvm_set_cpuid(vcpu, errp);
    if (ret < 0) {
        return ret;
    }
    return kvm_capture_reset_state(vcpu, errp);
}

static void kvm_put_reset_msrs(struct kvm_vcpu *vcpu)
{
    struct {
        struct kvm_msrs hdr;
        struct kvm_msr_entry e[ARRAY_SIZE(reset_msrs)];
    } m = { 0 };

    for (size_t i = 0; i < ARRAY_SIZE(reset_msrs); i++) {
        if (kvm_has_msr(reset_msrs[i].index)) {
            m.e[m.hdr.nmsrs].index = reset_msrs[i].index;
            m.e[m.hdr.nmsrs].data = reset_msrs[i].value;
            m.hdr.nmsrs++;
        }
    }
    kvm_vcpu_ioctl(vcpu, KVM_SET_MSRS, &m);
}

static void set_flat_segment(struct kvm_segment *s, uint16_t sel, bool code)
{
    *s = (struct kvm_segment){
        .base = 0,
        .limit = 0xffffffff,
        .selector = sel,
        .type = code ? 0xb : 0x3,   /* execute/read or read/write, accessed */
        .present = 1,
        .dpl = 0,
        .db = 1,
        .s = 1,
        .g = 1,
    };
}

/* 32-bit flat protected mode at the boot entry (multiboot, BIOS stub). */
static void apply_boot_regs(const struct x86_boot_regs *b,
                            struct kvm_regs *regs, struct kvm_sregs *sregs)
{
    regs->rax = b->eax;
    regs->rbx = b->ebx;
    regs->rcx = b->ecx;
    regs->rdx = b->edx;
    regs->rsi = b->esi;
    regs->rdi = b->edi;
    regs->rsp = b->esp;
    regs->rbp = b->ebp;
    regs->rip = b->eip;
    regs->rflags = 0x2;
    if (!b->protected_flat) {
        return;
    }
    set_flat_segment(&sregs->cs, 0x08, true);
    set_flat_segment(&sregs->ds, 0x10, false);
    sregs->es = sregs->fs = sregs->gs = sregs->ss = sregs->ds;
    sregs->gdt.base = b->gdt_base;
    sregs->gdt.limit = b->gdt_limit;
    sregs->idt.base = 0;
    sregs->idt.limit = 0x3ff;
    sregs->cr0 = X86_CR0_PE | X86_CR0_ET;
}

/* -d cpu_reset: the state the vCPU had just before this reset, in one
 * log record so lines of several vCPUs do not interleave. */
static void kvm_log_reset_state(struct kvm_vcpu *vcpu)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    if (!f) {
        return;
    }
    kvm_arch_dump_registers_to(f, vcpu);
    fclose(f);
    qemu_log("CPU Reset (CPU %d)\n%s", vcpu->index, text);
    free(text);
}

void kvm_arch_reset_vcpu(struct machine_state *ms, struct kvm_vcpu *vcpu)
{
    struct kvm_vcpu_arch *a = vcpu->arch;
    struct kvm_regs regs = a->regs;
    struct kvm_sregs sregs = a->sregs;
    struct kvm_vcpu_events events = { 0 };
    struct kvm_mp_state mp = a->mp_state;

    if (qemu_loglevel_mask(LOG_CPU_RESET)) {
        kvm_log_reset_state(vcpu);
    }
    if (vcpu->index == 0 && ms->boot_regs.valid) {
        apply_boot_regs(&ms->boot_regs, &regs, &sregs);
    }
    kvm_emulate_reset_vcpu(vcpu);
    kvm_vcpu_ioctl(vcpu, KVM_SET_SREGS, &sregs);
    kvm_vcpu_ioctl(vcpu, KVM_SET_REGS, &regs);
    kvm_vcpu_ioctl(vcpu, KVM_SET_FPU, &a->fpu);
    if (a->has_xcrs) {
        kvm_vcpu_ioctl(vcpu, KVM_SET_XCRS, &a->xcrs);
    }
    kvm_put_reset_msrs(vcpu);
    if (kvm_state.irqchip != IRQCHIP_OFF) {
        kvm_vcpu_ioctl(vcpu, KVM_SET_LAPIC, &a->lapic);
    }
    /* Drop any pending exception, NMI or SIPI from before the reset. */
    events.flags = KVM_VCPUEVENT_VALID_NMI_PENDING |
                   KVM_VCPUEVENT_VALID_SIPI_VECTOR;
    kvm_vcpu_ioctl(vcpu, KVM_SET_VCPU_EVENTS, &events);
    kvm_vcpu_ioctl(vcpu, KVM_SET_MP_STATE, &mp);
}

int kvm_arch_handle_exit(struct kvm_vcpu *vcpu)
{
    error_report("KVM: unhandled exit reason %u", vcpu->run->exit_reason);
    kvm_arch_dump_registers(vcpu);
    qemu_system_vmstop_request(RUN_STATE_INTERNAL_ERROR);
    return -1;
}

void kvm_arch_dump_registers_to(FILE *f, struct kvm_vcpu *vcpu)
{
    struct kvm_regs regs;
    struct kvm_sregs sregs;

    kvm_emulate_flush_regs(vcpu);
    if (kvm_vcpu_ioctl(vcpu, KVM_GET_REGS, &regs) < 0 ||
        kvm_vcpu_ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0) {
        fprintf(f, "(registers unavailable)\n");
        return;
    }
    x86_dump_registers(f, &regs, &sregs);
}

void kvm_arch_dump_registers(struct kvm_vcpu *vcpu)
{
    kvm_arch_dump_registers_to(stderr, vcpu);
}
