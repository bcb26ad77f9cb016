/*
 * kernel-irqchip=on: the in-kernel 8254 ("kvm-pit", QEMU's name, so
 * -global kvm-pit.lost_tick_policy=... works) and port 0x61, which KVM
 * leaves to userspace when the PIT is created with flags 0.
 *
 * These are accelerator devices (they issue ioctls), which is why they
 * live here and not under hw/.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "hw/core/device.h"
#include "hw/timer/i8254.h"
#include "sysemu/kvm.h"
#include "kvm-internal.h"

#include <sys/ioctl.h>
#include <time.h>

#define TYPE_KVM_PIT "kvm-pit"
#define PORT61 0x61
#define PORT61_GATE2 0x01        /* channel 2 gate */
#define PORT61_SPEAKER 0x02      /* speaker data enable */
#define PORT61_REFRESH 0x10      /* toggles on every read, as QEMU */
#define PORT61_OUT2 0x20         /* channel 2 output */

static const char *const lost_tick_policy_names[] = {
    "discard", "delay", "slew", NULL,
};

/* The VM's one in-kernel PIT has its device (KVM has one per VM). */
static bool kvm_pit_realized;

struct kvm_pit_dev {
    struct device parent;
    int32_t lost_tick_policy;    /* enum lost_tick_policy */
    struct mem_region port61;
    bool speaker_data;           /* port 0x61 bit 1 */
    bool refresh;                /* port 0x61 bit 4 */
};

/* KVM's count_load_time is ktime_get(): CLOCK_MONOTONIC nanoseconds. */
static int64_t kernel_ktime_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

/*
 * Output of a counter from its mode and the clocks since it was loaded,
 * with the levels KVM's PIT reports in its read-back status (and QEMU's
 * pit_get_out): not the datasheet's for modes 1, 2, 4 and 5, where OUT
 * is high while a one-shot counts, for one clock per period, or at the
 * strobe. KVM stores modes 6 and 7 as 2 and 3.
 */
static int channel_out(const struct kvm_pit_channel_state *c)
{
    uint64_t count = c->count ? c->count : 0x10000;
    int64_t elapsed = kernel_ktime_ns() - c->count_load_time;
    uint64_t d;

    if (elapsed < 0) {
        elapsed = 0;
    }
    d = (uint64_t)((__int128)elapsed * PIT_FREQ / NANOSECONDS_PER_SECOND);
    switch (c->mode) {
    case 1:
        return d < count;
    case 2:
    case 6:
        return d % count == 0 && d != 0;
    case 3:
    case 7:
        return d % count < ((count + 1) >> 1);
    case 4:
    case 5:
        return d == count;
    case 0:
    default:
        return d >= count;
    }
}

static uint64_t port61_read(void *opaque, uint64_t addr, unsigned size)
{
    struct kvm_pit_dev *p = opaque;
    struct kvm_pit_state2 st;
    uint64_t v = 0;

    if (kvm_vm_ioctl(KVM_GET_PIT2, &st) == 0) {
        v |= st.channels[2].gate ? PORT61_GATE2 : 0;
        v |= channel_out(&st.channels[2]) ? PORT61_OUT2 : 0;
    }
    p->refresh = !p->refresh;
    v |= p->speaker_data ? PORT61_SPEAKER : 0;
    v |= p->refresh ? PORT61_REFRESH : 0;
    return v;
}

static void port61_write(void *opaque, uint64_t addr, uint64_t v,
                         unsigned size)
{
    struct kvm_pit_dev *p = opaque;
    struct kvm_pit_state2 st;
    struct kvm_pit_channel_state *c = &st.channels[2];
    bool gate = v & PORT61_GATE2;

    p->speaker_data = v & PORT61_SPEAKER;
    if (kvm_vm_ioctl(KVM_GET_PIT2, &st) < 0 || !!c->gate == gate) {
        return;
    }
    /* A rising gate restarts counting in modes 1, 2, 3 and 5. */
    if (gate && c->mode != 0 && c->mode != 4) {
        c->count_load_time = kernel_ktime_ns();
    }
    c->gate = gate;
    kvm_vm_ioctl(KVM_SET_PIT2, &st);
}

static const struct mem_region_ops port61_ops = {
    .read = port61_read,
    .write = port61_write,
    .valid_min = 1,
    .valid_max = 1,
};

static int kvm_pit_realize(struct device *dev, Error **errp)
{
    struct kvm_pit_dev *p = container_of(dev, struct kvm_pit_dev, parent);
    struct kvm_reinject_control rc = { 0 };
    int ret;

    /*
     * -device kvm-pit: there is no in-kernel PIT to front (split, or
     * pit=off), or the machine made the one there is.
     */
    if (!kvm_state.pit_in_kernel) {
        error_setg(errp, "kvm-pit needs kernel-irqchip=on and pit=on (with "
                   "kernel-irqchip=split the PIT is the userspace isa-pit; "
                   "-global kvm-pit.lost_tick_policy reaches it)");
        return -ENODEV;
    }
    if (kvm_pit_realized) {
        error_setg(errp, "kvm-pit: the machine already has the in-kernel "
                   "PIT; set its properties with -global kvm-pit.<prop>=...");
        return -EBUSY;
    }
    switch (p->lost_tick_policy) {
    case LOST_TICK_POLICY_DELAY:
        rc.pit_reinject = 1;
        break;
    case LOST_TICK_POLICY_DISCARD:
        rc.pit_reinject = 0;
        break;
    default:
        error_setg(errp, "Lost tick policy not supported.");
        return -EINVAL;
    }
    ret = kvm_vm_ioctl(KVM_REINJECT_CONTROL, &rc);
    if (ret < 0) {
        error_setg(errp, "Can't disable in-kernel PIT reinjection: %s",
                   g_strerror(-ret));
        return ret;
    }
    memory_region_init_io(&p->port61, dev, &port61_ops, p, "pcspk", 1,
                          &dev->lock);
    ret = address_space_map(&address_space_io, PORT61, &p->port61, errp);
    kvm_pit_realized = ret == 0;
    return ret;
}

static void kvm_pit_reset(struct device *dev)
{
    struct kvm_pit_dev *p = container_of(dev, struct kvm_pit_dev, parent);

    p->speaker_data = false;
    p->refresh = false;
}

static const struct property kvm_pit_props[] = {
    DEFINE_PROP_ENUM("lost_tick_policy", struct kvm_pit_dev, lost_tick_policy,
                     lost_tick_policy_names, LOST_TICK_POLICY_DELAY),
    DEFINE_PROP_END_OF_LIST(),
};

static const struct device_class kvm_pit_class = {
    .name = TYPE_KVM_PIT,
    .desc = "in-kernel 8254 PIT (kernel-irqchip=on)",
    .bus = "ISA",
    .instance_size = sizeof(struct kvm_pit_dev),
    .props = kvm_pit_props,
    .realize = kvm_pit_realize,
    .reset = kvm_pit_reset,
};
DEVICE_CLASS_REGISTER(kvm_pit_class)

int kvm_create_kernel_devices(struct machine_state *ms, Error **errp)
{
    struct device *dev;

    if (!kvm_state.pit_in_kernel) {
        return 0;
    }
    dev = device_new(TYPE_KVM_PIT, errp);
    if (!dev) {
        return -EINVAL;
    }
    device_set_path(dev, "/machine/unattached", NULL);
    return device_realize(dev, errp);
}
