/*
 * vCPU threads: the KVM_RUN loop, exit dispatch, and parking.
 *
 * Each vCPU runs on its own thread and handles its exits there, without a
 * global lock: PIO and MMIO go straight to the address-space tables, whose
 * regions take their device's own lock.
 *
 * Kicking: the main loop sets pause_requested, stores 1 into
 * run->immediate_exit and sends SIG_IPI. The flag covers a vCPU that is
 * about to enter KVM_RUN; the signal interrupts one already inside it. The
 * vCPU clears immediate_exit before it re-checks its flags, so a kick can
 * never be lost between the check and the next KVM_RUN.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "exec/memory.h"
#include "sysemu/kvm.h"
#include "sysemu/runstate.h"
#include "kvm-internal.h"

#include <signal.h>
#include <sys/syscall.h>

#define SIG_IPI SIGUSR1

static void sig_ipi_handler(int sig)
{
    /* Only here to make KVM_RUN return -EINTR. */
}

void kvm_vcpu_kick(struct kvm_vcpu *vcpu)
{
    __atomic_store_n(&vcpu->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
    if (vcpu->thread_started) {
        pthread_kill(vcpu->thread, SIG_IPI);
    }
}

/* Wait while the vCPU must not run; returns false when it must exit. */
static bool kvm_vcpu_wait_runnable(struct kvm_vcpu *vcpu)
{
    bool quit;

    g_mutex_lock(&kvm_state.vcpus_lock);
    while ((vcpu->pause_requested || vcpu->stopped) && !vcpu->quit) {
        if (!vcpu->parked) {
            vcpu->parked = true;
            g_cond_broadcast(&kvm_state.vcpus_cond);
        }
        g_cond_wait(&kvm_state.vcpus_cond, &kvm_state.vcpus_lock);
    }
    vcpu->parked = false;
    quit = vcpu->quit;
    g_mutex_unlock(&kvm_state.vcpus_lock);
    return !quit;
}

void kvm_vcpu_stop_self(struct kvm_vcpu *vcpu)
{
    g_mutex_lock(&kvm_state.vcpus_lock);
    vcpu->stopped = true;
    g_mutex_unlock(&kvm_state.vcpus_lock);
}

static void kvm_handle_io(struct kvm_vcpu *vcpu)
{
    struct kvm_run *run = vcpu->run;
    uint8_t *data = (uint8_t *)run + run->io.data_offset;
    unsigned size = run->io.size;

    for (uint32_t i = 0; i < run->io.count; i++, data += size) {
        uint64_t v = 0;

        if (run->io.direction == KVM_EXIT_IO_OUT) {
            memcpy(&v, data, size);
            kvm_coalescing_note_write(true, run->io.port);
            address_space_write(&address_space_io, run->io.port, v, size);
        } else {
            v = address_space_read(&address_space_io, run->io.port, size);
            memcpy(data, &v, size);
        }
    }
}

static void kvm_handle_mmio(struct kvm_vcpu *vcpu)
{
    struct kvm_run *run = vcpu->run;
    unsigned len = run->mmio.len;
    uint64_t v = 0;

    if (len == 0 || len > 8) {
        return;
    }
    if (run->mmio.is_write) {
        memcpy(&v, run->mmio.data, len);
        kvm_coalescing_note_write(false, run->mmio.phys_addr);
        address_space_write(&address_space_memory, run->mmio.phys_addr, v,
                            len);
    } else {
        v = address_space_read(&address_space_memory, run->mmio.phys_addr,
                               len);
        memcpy(run->mmio.data, &v, len);
    }
}

static int kvm_handle_system_event(struct kvm_vcpu *vcpu)
{
    switch (vcpu->run->system_event.type) {
    case KVM_SYSTEM_EVENT_SHUTDOWN:
        qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
        return -1;
    case KVM_SYSTEM_EVENT_RESET:
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        return -1;
    case KVM_SYSTEM_EVENT_CRASH:
        error_report("Guest crashed");
        qemu_system_vmstop_request(RUN_STATE_GUEST_PANICKED);
        return -1;
    default:
        return kvm_arch_handle_exit(vcpu);
    }
}

static void kvm_report_internal_error(struct kvm_vcpu *vcpu)
{
    struct kvm_run *run = vcpu->run;

    error_report("KVM internal error. Suberror: %d", run->internal.suberror);
    for (uint32_t i = 0; i < run->internal.ndata &&
                         i < ARRAY_SIZE(run->internal.data); i++) {
        fprintf(stderr, "extra data[%u]: 0x%016" PRIx64 "\n", i,
                (uint64_t)run->internal.data[i]);
    }
    if (run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION) {
        fprintf(stderr, "emulation failure\n");
    }
    kvm_arch_dump_registers(vcpu);
}

/* Returns 0 to continue, -1 to park this vCPU. */
static int kvm_handle_exit(struct kvm_vcpu *vcpu)
{
    struct kvm_run *run = vcpu->run;

    switch (run->exit_reason) {
    case KVM_EXIT_IO:
        kvm_handle_io(vcpu);
        return 0;
    case KVM_EXIT_MMIO:
        kvm_handle_mmio(vcpu);
        return 0;
    case KVM_EXIT_IOAPIC_EOI:
        kvm_handle_ioapic_eoi(vcpu);
        return 0;
    case KVM_EXIT_IRQ_WINDOW_OPEN:
        /* The next pre-run injects the PIC interrupt. */
        return 0;
    case KVM_EXIT_INTR:
        return 0;
    case KVM_EXIT_SHUTDOWN:
        /* Triple fault: the CPU state is gone until the machine resets. */
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        return -1;
    case KVM_EXIT_SYSTEM_EVENT:
        return kvm_handle_system_event(vcpu);
    case KVM_EXIT_INTERNAL_ERROR:
        /* The userspace emulator takes instructions KVM's refused. */
        if (run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION) {
            int ret = kvm_arch_handle_emulation_failure(vcpu);

            if (ret <= 0) {
                return ret;
            }
        }
        kvm_report_internal_error(vcpu);
        qemu_system_vmstop_request(RUN_STATE_INTERNAL_ERROR);
        return -1;
    case KVM_EXIT_FAIL_ENTRY:
        error_report("KVM: entry failed, hardware error 0x%" PRIx64,
                     (uint64_t)run->fail_entry.hardware_entry_failure_reason);
        kvm_arch_dump_registers(vcpu);
        qemu_system_vmstop_request(RUN_STATE_INTERNAL_ERROR);
        return -1;
    default:
        return kvm_arch_handle_exit(vcpu);
    }
}

static void *kvm_vcpu_thread(void *opaque)
{
    struct kvm_vcpu *vcpu = opaque;
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, SIG_IPI);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    __atomic_store_n(&vcpu->thread_id, (int)syscall(SYS_gettid),
                     __ATOMIC_RELEASE);

    for (;;) {
        int ret;

        __atomic_store_n(&vcpu->run->immediate_exit, 0, __ATOMIC_SEQ_CST);
        if (!kvm_vcpu_wait_runnable(vcpu)) {
            break;
        }
        kvm_irqchip_pre_run(vcpu);
        ret = kvm_vcpu_ioctl(vcpu, KVM_RUN, NULL);
        /* Writes buffered in ioeventfds land before anything is looked
         * at, an interrupted run's next pre-run injection included. */
        kvm_flush_ioeventfds();
        if (ret == -EINTR || ret == -EAGAIN) {
            continue;
        }
        if (ret < 0) {
            error_report("error: kvm run failed %s", g_strerror(-ret));
            kvm_arch_dump_registers(vcpu);
            kvm_vcpu_stop_self(vcpu);
            qemu_system_vmstop_request(RUN_STATE_INTERNAL_ERROR);
            continue;
        }
        kvm_flush_coalesced();
        if (kvm_handle_exit(vcpu) < 0) {
            kvm_vcpu_stop_self(vcpu);
        }
    }
    return NULL;
}

void kvm_start_vcpus(struct machine_state *ms)
{
    struct sigaction sa = { .sa_handler = sig_ipi_handler };
    sigset_t set;
    sigset_t old;

    kvm_commit_ram_slots();
    sigaction(SIG_IPI, &sa, NULL);
    /* vCPU threads unblock SIG_IPI themselves; nobody else takes it. */
    sigemptyset(&set);
    sigaddset(&set, SIG_IPI);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    for (int i = 0; i < kvm_state.nr_vcpus; i++) {
        struct kvm_vcpu *vcpu = kvm_state.vcpus[i];

        vcpu->pause_requested = true;
        if (pthread_create(&vcpu->thread, NULL, kvm_vcpu_thread, vcpu)) {
            error_report("failed to create vCPU thread %d", i);
            exit(1);
        }
        vcpu->thread_started = true;
    }
}

void kvm_pause_vcpus(void)
{
    g_mutex_lock(&kvm_state.vcpus_lock);
    for (int i = 0; i < kvm_state.nr_vcpus; i++) {
        kvm_state.vcpus[i]->pause_requested = true;
        kvm_vcpu_kick(kvm_state.vcpus[i]);
    }
    for (int i = 0; i < kvm_state.nr_vcpus; i++) {
        struct kvm_vcpu *vcpu = kvm_state.vcpus[i];

        while (vcpu->thread_started && !vcpu->parked) {
            g_cond_wait(&kvm_state.vcpus_cond, &kvm_state.vcpus_lock);
        }
    }
    g_mutex_unlock(&kvm_state.vcpus_lock);
}

void kvm_resume_vcpus(void)
{
    g_mutex_lock(&kvm_state.vcpus_lock);
    for (int i = 0; i < kvm_state.nr_vcpus; i++) {
        kvm_state.vcpus[i]->pause_requested = false;
        kvm_state.vcpus[i]->stopped = false;
    }
    g_cond_broadcast(&kvm_state.vcpus_cond);
    g_mutex_unlock(&kvm_state.vcpus_lock);
}
