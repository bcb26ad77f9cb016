/*
 * State shared by the files of the x86 KVM glue (kvm.c, kvm-emulate.c).
 */
#ifndef TARGET_I386_KVM_X86_H
#define TARGET_I386_KVM_X86_H

#include "sysemu/kvm.h"
#include "target/i386/cpu.h"

struct kvm_emu_vcpu;

/* State captured right after creation, restored at every reset. */
struct kvm_vcpu_arch {
    struct kvm_regs regs;
    struct kvm_sregs sregs;
    struct kvm_fpu fpu;
    struct kvm_lapic_state lapic;
    struct kvm_mp_state mp_state;
    struct kvm_xcrs xcrs;
    bool has_xcrs;
    struct x86_cpuid_table cpuid;
    struct kvm_emu_vcpu *emu;   /* kvm-emulate.c, created on first use */
};

/* kvm-emulate.c */
/* VM-wide set-up: KVM_CAP_EXIT_ON_EMULATION_FAILURE. */
int kvm_emulate_init_vm(Error **errp);
/*
 * Write registers the emulator left in run->s.regs (KVM_CAP_SYNC_REGS)
 * into KVM now, for readers that use KVM_GET_REGS before the next
 * KVM_RUN. The vCPU must not be running.
 */
void kvm_emulate_flush_regs(struct kvm_vcpu *vcpu);
/* Drop emulator state tied to the vCPU's registers (reset). */
void kvm_emulate_reset_vcpu(struct kvm_vcpu *vcpu);

#endif
