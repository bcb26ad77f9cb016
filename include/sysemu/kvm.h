/*
 * KVM accelerator internals shared by the generic part (accel/kvm) and the
 * x86 part (target/i386/kvm.c). Nothing under hw/ includes this.
 */
#ifndef SYSEMU_KVM_H
#define SYSEMU_KVM_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/boards.h"
#include "target/i386/cpu.h"

#include <linux/kvm.h>
#include <pthread.h>

struct kvm_vcpu_arch;

struct kvm_vcpu {
    int index;                   /* 0 = boot CPU */
    uint32_t apic_id;
    int fd;
    struct kvm_run *run;
    pthread_t thread;
    bool thread_started;
    /* Under kvm_state.vcpus_lock: */
    bool pause_requested;        /* main loop wants it parked */
    bool stopped;                /* parked itself (triple fault, error) */
    bool parked;                 /* currently waiting, not in KVM_RUN */
    bool quit;
    struct kvm_vcpu_arch *arch;  /* target/i386/kvm.c state */
    int thread_id;               /* host TID once the thread runs */
    char *qom_path;              /* /machine/unattached/device[N] */
};

struct kvm_state {
    int fd;                      /* /dev/kvm */
    int vm_fd;
    int vcpu_mmap_size;
    enum irqchip_mode irqchip;
    bool pit_in_kernel;
    int nr_slots_used;
    bool ram_slots_committed;   /* see kvm_commit_ram_slots() */
    int max_vcpus;
    struct kvm_vcpu **vcpus;
    int nr_vcpus;
    GMutex vcpus_lock;
    GCond vcpus_cond;
    struct kvm_cpuid2 *supported_cpuid;
};

extern struct kvm_state kvm_state;

int kvm_ioctl(int req, ...);
int kvm_vm_ioctl(int req, ...);
int kvm_vcpu_ioctl(struct kvm_vcpu *vcpu, int req, ...);
/* KVM_CHECK_EXTENSION on the VM fd (0 when unsupported). */
int kvm_check_extension(int cap);

/* Park the calling vCPU thread until the main loop resumes it. */
void kvm_vcpu_stop_self(struct kvm_vcpu *vcpu);

/* target/i386/kvm.c */
int kvm_arch_init_vm(struct machine_state *ms, Error **errp);
int kvm_arch_init_vcpu(struct machine_state *ms, struct kvm_vcpu *vcpu,
                       Error **errp);
void kvm_arch_reset_vcpu(struct machine_state *ms, struct kvm_vcpu *vcpu);
/* Print QEMU's register dump of a vCPU to stderr. */
void kvm_arch_dump_registers(struct kvm_vcpu *vcpu);
/* The same dump to f (info registers; the vCPU must not be running). */
void kvm_arch_dump_registers_to(FILE *f, struct kvm_vcpu *vcpu);
/*
 * Handle an exit the generic loop does not know. Returns 0 to keep
 * running, or -1 to stop the vCPU (message already printed).
 */
int kvm_arch_handle_exit(struct kvm_vcpu *vcpu);
/*
 * KVM_EXIT_INTERNAL_ERROR / KVM_INTERNAL_ERROR_EMULATION: emulate the
 * instruction in userspace. 0: done, resume; -1: the VM was stopped
 * (message printed); 1: not taken (KVM_CAP_EXIT_ON_EMULATION_FAILURE is
 * off, so KVM already queued #UD): report it as an internal error.
 */
int kvm_arch_handle_emulation_failure(struct kvm_vcpu *vcpu);
int kvm_arch_set_gsi(void *opaque, int gsi, int level);

#endif
