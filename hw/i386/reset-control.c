/*
 * PIIX3 Reset Control Register (port 0xcf9), as QEMU's PIIX3 implements
 * it: a write with RST_CPU set requests a guest reset (hard and soft are
 * the same to us) and leaves the register alone; any other write keeps
 * only SYS_RST. Reads return the kept bit; a system reset clears it.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "exec/memory.h"
#include "hw/core/device.h"
#include "hw/misc/reset_control.h"
#include "sysemu/runstate.h"

struct rcr_state {
    struct device parent;
    uint8_t rcr;            /* SYS_RST as last written */
    struct mem_region io;   /* port 0xcf9 */
};

static void rcr_write(void *opaque, uint64_t addr, uint64_t value,
                      unsigned size)
{
    struct rcr_state *s = opaque;

    if (value & PIIX_RCR_RST_CPU) {
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        return;
    }
    s->rcr = value & PIIX_RCR_SYS_RST;
}

static uint64_t rcr_read(void *opaque, uint64_t addr, unsigned size)
{
    struct rcr_state *s = opaque;

    return s->rcr;
}

static const struct mem_region_ops rcr_ops = {
    .read = rcr_read,
    .write = rcr_write,
    .valid_min = 1,
    .valid_max = 1,
};

static void rcr_reset(struct device *dev)
{
    struct rcr_state *s = container_of(dev, struct rcr_state, parent);

    g_mutex_lock(&dev->lock);
    s->rcr = 0;
    g_mutex_unlock(&dev->lock);
}

static int rcr_realize(struct device *dev, Error **errp)
{
    struct rcr_state *s = container_of(dev, struct rcr_state, parent);

    memory_region_init_io(&s->io, dev, &rcr_ops, s, TYPE_PIIX3_RESET_CONTROL,
                          1, &dev->lock);
    return address_space_map(&address_space_io, PIIX_RCR_IOPORT, &s->io,
                             errp);
}

static void rcr_unrealize(struct device *dev)
{
    struct rcr_state *s = container_of(dev, struct rcr_state, parent);

    address_space_unmap(&address_space_io, &s->io);
}

static const struct device_class rcr_class = {
    .name = TYPE_PIIX3_RESET_CONTROL,
    .desc = "PIIX3 reset control register (board-internal)",
    .instance_size = sizeof(struct rcr_state),
    .realize = rcr_realize,
    .reset = rcr_reset,
    .unrealize = rcr_unrealize,
    .user_creatable = false,
};
DEVICE_CLASS_REGISTER(rcr_class)

struct device *reset_control_create(void)
{
    return device_create_simple(TYPE_PIIX3_RESET_CONTROL, NULL);
}
