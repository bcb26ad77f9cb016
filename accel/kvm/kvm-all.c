/*
 * KVM: the VM file descriptor, memory slots and vCPU creation.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "exec/memory.h"
#include "hw/core/device.h"
#include "sysemu/accel.h"
#include "sysemu/kvm.h"
#include "kvm-internal.h"

#include <fcntl.h>
#include <glib-unix.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

struct kvm_state kvm_state = { .fd = -1, .vm_fd = -1 };

static int vioctl(int fd, int req, va_list ap)
{
    void *arg = va_arg(ap, void *);
    int ret = ioctl(fd, req, arg);

    return ret < 0 ? -errno : ret;
}

int kvm_ioctl(int req, ...)
{
    va_list ap;
    int ret;

    va_start(ap, req);
    ret = vioctl(kvm_state.fd, req, ap);
    va_end(ap);
    return ret;
}

int kvm_vm_ioctl(int req, ...)
{
    va_list ap;
    int ret;

    va_start(ap, req);
    ret = vioctl(kvm_state.vm_fd, req, ap);
    va_end(ap);
    return ret;
}

int kvm_vcpu_ioctl(struct kvm_vcpu *vcpu, int req, ...)
{
    va_list ap;
    int ret;

    va_start(ap, req);
    ret = vioctl(vcpu->fd, req, ap);
    va_end(ap);
    return ret;
}

int kvm_check_extension(int cap)
{
    int ret = ioctl(kvm_state.vm_fd >= 0 ? kvm_state.vm_fd : kvm_state.fd,
                    KVM_CHECK_EXTENSION, cap);

    return ret < 0 ? 0 : ret;
}

/* Mirror one RAM block into a KVM memory slot. */
static void kvm_register_ram_slot(const struct ram_block *rb)
{
    struct kvm_userspace_memory_region region = {
        .slot = kvm_state.nr_slots_used,
        .flags = rb->readonly ? KVM_MEM_READONLY : 0,
        .guest_phys_addr = rb->gpa,
        .memory_size = rb->size,
        .userspace_addr = (uintptr_t)rb->host,
    };
    int ret = kvm_vm_ioctl(KVM_SET_USER_MEMORY_REGION, &region);

    if (ret < 0) {
        /* Board set-up only: a person reads this, and nothing can run. */
        error_report("kvm_set_user_memory_region: KVM_SET_USER_MEMORY_REGION"
                     " failed, slot=%d, start=0x%" PRIx64 ", size=0x%" PRIx64
                     ": %s", region.slot, rb->gpa, rb->size,
                     g_strerror(-ret));
        exit(1);
    }
    kvm_state.nr_slots_used++;
}

/*
 * Board set-up only records RAM; the slots are registered just before the
 * vCPUs start, after the board's I/O-bus registrations (ioeventfds,
 * in-kernel devices). Why: since Linux 6.18 each of those frees the old
 * I/O bus through an SRCU callback after a normal grace period (about a
 * scheduler tick each), and destroying the VM waits for all of them
 * (srcu_barrier in kvm_destroy_vm). Made while no vCPU runs, they are
 * retired by the expedited grace period of the first slot registration,
 * within a tick, instead of adding ~7 ms each to process exit
 * (docs/devel/benchmarks.md). Nothing reads guest RAM through KVM before
 * a vCPU runs: images are loaded through the host mapping.
 */
static void kvm_ram_added(const struct ram_block *rb)
{
    if (kvm_state.ram_slots_committed) {
        kvm_register_ram_slot(rb);
    }
}

void kvm_commit_ram_slots(void)
{
    const struct ram_block *blocks;
    size_t count;

    if (kvm_state.ram_slots_committed) {
        return;
    }
    blocks = memory_ram_blocks(&count);
    for (size_t i = 0; i < count; i++) {
        kvm_register_ram_slot(&blocks[i]);
    }
    kvm_state.ram_slots_committed = true;
}

/* ---- ioeventfds: idempotent writes that signal instead of exiting ---- */

struct kvm_ioeventfd_entry {
    int fd;
    bool pio;
    uint64_t addr;
    unsigned size;
    uint64_t value;
};

static GPtrArray *ioeventfds;       /* struct kvm_ioeventfd_entry * */
static int ioeventfd_epoll = -1;    /* all of them: one syscall to poll */
static int ioeventfd_count;         /* read without the lock */
static GMutex ioeventfd_lock;       /* serialises draining and changes */

static void ioeventfd_apply(struct kvm_ioeventfd_entry *e)
{
    uint64_t n;

    if (read(e->fd, &n, sizeof(n)) == sizeof(n)) {
        address_space_write(e->pio ? &address_space_io
                                   : &address_space_memory,
                            e->addr, e->value, e->size);
    }
}

static void ioeventfd_drain_locked(void)
{
    struct epoll_event ev[16];
    int n;

    do {
        n = epoll_wait(ioeventfd_epoll, ev, G_N_ELEMENTS(ev), 0);
        for (int i = 0; i < n; i++) {
            ioeventfd_apply(ev[i].data.ptr);
        }
    } while (n == G_N_ELEMENTS(ev));
}

/*
 * Apply the writes guests made through ioeventfds. Called, like
 * kvm_flush_coalesced(), by every vCPU before it handles an exit (so an
 * EOI or a later write to the same register comes after them) and by the
 * main loop when one is signalled. The lock makes a vCPU wait for a drain
 * the main loop has begun: the write is applied before the exit is.
 */
void kvm_flush_ioeventfds(void)
{
    if (!__atomic_load_n(&ioeventfd_count, __ATOMIC_ACQUIRE)) {
        return;
    }
    g_mutex_lock(&ioeventfd_lock);
    ioeventfd_drain_locked();
    g_mutex_unlock(&ioeventfd_lock);
}

/*
 * The main loop's share: whatever no vCPU exit has applied within
 * IOEVENTFD_DEFER_MS of the signal. Waking the main thread at every signal
 * would cost the vCPU more than the exit saved (on a busy host the woken
 * thread preempts it, then holds the lock the vCPU's next exit needs), so
 * a signal only arms a timer, and the fd is watched again after it.
 */
#define IOEVENTFD_DEFER_MS 1

static gboolean ioeventfd_ready(gint fd, GIOCondition cond, gpointer opaque);

static gboolean ioeventfd_deferred(gpointer opaque)
{
    kvm_flush_ioeventfds();
    g_unix_fd_add(ioeventfd_epoll, G_IO_IN, ioeventfd_ready, NULL);
    return G_SOURCE_REMOVE;
}

static gboolean ioeventfd_ready(gint fd, GIOCondition cond, gpointer opaque)
{
    g_timeout_add(IOEVENTFD_DEFER_MS, ioeventfd_deferred, NULL);
    return G_SOURCE_REMOVE;
}

static int ioeventfd_ioctl(struct kvm_ioeventfd_entry *e, bool add)
{
    struct kvm_ioeventfd req = {
        .datamatch = e->value,
        .addr = e->addr,
        .len = e->size,
        .fd = e->fd,
        .flags = KVM_IOEVENTFD_FLAG_DATAMATCH |
                 (e->pio ? KVM_IOEVENTFD_FLAG_PIO : 0) |
                 (add ? 0 : KVM_IOEVENTFD_FLAG_DEASSIGN),
    };

    return kvm_vm_ioctl(KVM_IOEVENTFD, &req);
}

static void ioeventfd_add(bool pio, uint64_t addr, unsigned size,
                          uint64_t value)
{
    struct kvm_ioeventfd_entry *e;
    struct epoll_event ev = { .events = EPOLLIN };

    if (!kvm_check_extension(KVM_CAP_IOEVENTFD)) {
        return;     /* the writes simply exit */
    }
    if (ioeventfd_epoll < 0) {
        ioeventfd_epoll = epoll_create1(EPOLL_CLOEXEC);
        if (ioeventfd_epoll < 0) {
            return;
        }
        ioeventfds = g_ptr_array_new_with_free_func(g_free);
        g_unix_fd_add(ioeventfd_epoll, G_IO_IN, ioeventfd_ready, NULL);
    }
    e = g_new0(struct kvm_ioeventfd_entry, 1);
    *e = (struct kvm_ioeventfd_entry){
        .fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC),
        .pio = pio, .addr = addr, .size = size, .value = value,
    };
    ev.data.ptr = e;
    if (e->fd < 0 || epoll_ctl(ioeventfd_epoll, EPOLL_CTL_ADD, e->fd,
                               &ev) < 0) {
        goto fail;
    }
    if (ioeventfd_ioctl(e, true) < 0) {
        epoll_ctl(ioeventfd_epoll, EPOLL_CTL_DEL, e->fd, NULL);
        goto fail;
    }
    g_mutex_lock(&ioeventfd_lock);
    g_ptr_array_add(ioeventfds, e);
    __atomic_store_n(&ioeventfd_count, ioeventfds->len, __ATOMIC_RELEASE);
    g_mutex_unlock(&ioeventfd_lock);
    return;
fail:
    if (e->fd >= 0) {
        close(e->fd);
    }
    g_free(e);
}

static void ioeventfd_del(bool pio, uint64_t addr, unsigned size,
                          uint64_t value)
{
    g_mutex_lock(&ioeventfd_lock);
    for (guint i = 0; ioeventfds && i < ioeventfds->len; i++) {
        struct kvm_ioeventfd_entry *e = g_ptr_array_index(ioeventfds, i);

        if (e->pio == pio && e->addr == addr && e->size == size &&
            e->value == value) {
            ioeventfd_ioctl(e, false);
            ioeventfd_drain_locked();     /* a last write still buffered */
            epoll_ctl(ioeventfd_epoll, EPOLL_CTL_DEL, e->fd, NULL);
            close(e->fd);
            g_ptr_array_remove_index(ioeventfds, i);
            __atomic_store_n(&ioeventfd_count, ioeventfds->len,
                             __ATOMIC_RELEASE);
            break;
        }
    }
    g_mutex_unlock(&ioeventfd_lock);
}

static void kvm_ioeventfd_changed(bool pio, uint64_t addr, unsigned size,
                                  uint64_t value, bool add)
{
    if (add) {
        ioeventfd_add(pio, addr, size, value);
    } else {
        ioeventfd_del(pio, addr, size, value);
    }
}

static int kvm_open(Error **errp)
{
    int ret;

    kvm_state.fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm_state.fd < 0) {
        int err = errno;

        /* QEMU prints this line without its program-name prefix. */
        error_printf("Could not access KVM kernel module: %s\n",
                     g_strerror(err));
        error_setg(errp, "failed to initialize kvm: %s", g_strerror(err));
        return -err;
    }
    ret = kvm_ioctl(KVM_GET_API_VERSION, NULL);
    if (ret != KVM_API_VERSION) {
        error_setg(errp, "kvm version not supported (%d, expected %d)", ret,
                   KVM_API_VERSION);
        return -EINVAL;
    }
    do {
        ret = kvm_ioctl(KVM_CREATE_VM, 0);
    } while (ret == -EINTR);
    if (ret < 0) {
        error_setg(errp, "ioctl(KVM_CREATE_VM) failed: %s", g_strerror(-ret));
        return ret;
    }
    kvm_state.vm_fd = ret;
    fcntl(kvm_state.vm_fd, F_SETFD, FD_CLOEXEC);
    kvm_state.vcpu_mmap_size = kvm_ioctl(KVM_GET_VCPU_MMAP_SIZE, 0);
    if (kvm_state.vcpu_mmap_size < (int)sizeof(struct kvm_run)) {
        error_setg(errp, "KVM_GET_VCPU_MMAP_SIZE failed");
        return -EINVAL;
    }
    kvm_state.max_vcpus = kvm_check_extension(KVM_CAP_MAX_VCPUS);
    if (!kvm_state.max_vcpus) {
        kvm_state.max_vcpus = kvm_check_extension(KVM_CAP_NR_VCPUS);
    }
    if (!kvm_check_extension(KVM_CAP_IMMEDIATE_EXIT)) {
        error_setg(errp, "KVM lacks KVM_CAP_IMMEDIATE_EXIT (Linux >= 4.11)");
        return -ENOSYS;
    }
    return 0;
}

static int kvm_init_machine(struct machine_state *ms, Error **errp)
{
    int ret = kvm_open(errp);

    if (ret < 0) {
        return ret;
    }
    if (ms->cfg.smp.max_cpus > (unsigned)kvm_state.max_vcpus) {
        error_setg(errp, "Number of SMP cpus requested (%u) exceeds the "
                   "maximum cpus supported by KVM (%d)", ms->cfg.smp.max_cpus,
                   kvm_state.max_vcpus);
        return -EINVAL;
    }
    kvm_state.irqchip = ms->cfg.irqchip;
    memory_set_ram_listener(kvm_ram_added);
    memory_set_coalescing_listener(kvm_coalescing_added);
    memory_set_ioeventfd_listener(kvm_ioeventfd_changed);
    memory_set_coalesced_flusher(kvm_flush_coalesced);
    return kvm_arch_init_vm(ms, errp);
}

static int kvm_create_vcpu(struct machine_state *ms, int index, Error **errp)
{
    struct kvm_vcpu *vcpu = g_new0(struct kvm_vcpu, 1);
    struct x86_topology topo = {
        .sockets = ms->cfg.smp.sockets,
        .dies = ms->cfg.smp.dies,
        .cores = ms->cfg.smp.cores,
        .threads = ms->cfg.smp.threads,
    };
    int ret;

    vcpu->index = index;
    vcpu->qom_path = g_strdup(ms->cpu_qom_paths[index]);
    vcpu->apic_id = x86_apic_id_from_index(&topo, index);
    ret = kvm_vm_ioctl(KVM_CREATE_VCPU, (void *)(uintptr_t)vcpu->apic_id);
    if (ret < 0) {
        error_setg(errp, "kvm_init_vcpu: kvm_get_vcpu failed (%u): %s",
                   vcpu->apic_id, g_strerror(-ret));
        g_free(vcpu);
        return ret;
    }
    vcpu->fd = ret;
    fcntl(vcpu->fd, F_SETFD, FD_CLOEXEC);
    vcpu->run = mmap(NULL, kvm_state.vcpu_mmap_size, PROT_READ | PROT_WRITE,
                     MAP_SHARED, vcpu->fd, 0);
    if (vcpu->run == MAP_FAILED) {
        error_setg_errno(errp, errno, "mmap'ing vcpu state failed");
        close(vcpu->fd);
        g_free(vcpu);
        return -ENOMEM;
    }
    kvm_state.vcpus[index] = vcpu;
    if (index == 0 && kvm_check_extension(KVM_CAP_COALESCED_MMIO)) {
        /* The ring is shared by the VM; vCPU 0's mapping is enough. */
        kvm_coalesced_set_ring((uint8_t *)vcpu->run +
                               KVM_COALESCED_MMIO_PAGE_OFFSET *
                               sysconf(_SC_PAGESIZE));
    }
    return kvm_arch_init_vcpu(ms, vcpu, errp);
}

static int kvm_init_vcpus(struct machine_state *ms, Error **errp)
{
    kvm_state.nr_vcpus = ms->cfg.smp.cpus;
    kvm_state.vcpus = g_new0(struct kvm_vcpu *, kvm_state.nr_vcpus);
    for (int i = 0; i < kvm_state.nr_vcpus; i++) {
        int ret = kvm_create_vcpu(ms, i, errp);

        if (ret < 0) {
            return ret;
        }
    }
    return 0;
}

static void kvm_reset_vcpus(struct machine_state *ms)
{
    for (int i = 0; i < kvm_state.nr_vcpus; i++) {
        kvm_arch_reset_vcpu(ms, kvm_state.vcpus[i]);
    }
}

static bool kvm_irqchip_in_kernel(struct machine_state *ms)
{
    return kvm_state.irqchip == IRQCHIP_ON;
}

static int kvm_vcpu_count(void)
{
    return kvm_state.nr_vcpus;
}

static int kvm_vcpu_thread_id(int index)
{
    struct kvm_vcpu *vcpu = kvm_state.vcpus[index];
    int tid;

    /* A thread just created publishes its TID first thing; wait for it. */
    for (int tries = 0; tries < 1000; tries++) {
        tid = __atomic_load_n(&vcpu->thread_id, __ATOMIC_ACQUIRE);
        if (tid || !vcpu->thread_started) {
            break;
        }
        g_usleep(100);
    }
    return tid;
}

static const char *kvm_vcpu_qom_path(int index)
{
    return kvm_state.vcpus[index]->qom_path;
}

static char *kvm_vcpu_dump_registers(int index)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    kvm_arch_dump_registers_to(f, kvm_state.vcpus[index]);
    fclose(f);
    return text;
}

static const struct accel_ops kvm_accel_ops = {
    .name = "kvm",
    .init_machine = kvm_init_machine,
    .init_vcpus = kvm_init_vcpus,
    .start_vcpus = kvm_start_vcpus,
    .pause_vcpus = kvm_pause_vcpus,
    .resume_vcpus = kvm_resume_vcpus,
    .reset_vcpus = kvm_reset_vcpus,
    .irqchip_in_kernel = kvm_irqchip_in_kernel,
    .set_gsi = kvm_arch_set_gsi,
    .pic_intr_line = kvm_pic_intr_line,
    .attach_pic = kvm_attach_pic,
    .attach_ioapic = kvm_attach_ioapic,
    .create_kernel_devices = kvm_create_kernel_devices,
    .vcpu_count = kvm_vcpu_count,
    .vcpu_thread_id = kvm_vcpu_thread_id,
    .vcpu_qom_path = kvm_vcpu_qom_path,
    .vcpu_dump_registers = kvm_vcpu_dump_registers,
};

static void __attribute__((constructor)) kvm_accel_register(void)
{
    accel_register(&kvm_accel_ops);
}
