/*
 * Port 0x80 sink. Linux uses "outb %al, $0x80" as an I/O delay and
 * firmware writes POST codes there; nothing must happen, but the port has
 * to be claimed so those writes are not logged as unassigned. QEMU's pc
 * machine maps a one-byte "ioport80" region whose reads return all ones
 * (checked on QEMU 7.2: inb 0x80 gives 0xff, inw 0x80 0xffff), so reads
 * here return 0xff too, not 0.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "exec/memory.h"
#include "hw/core/device.h"
#include "hw/misc/ioport80.h"

struct ioport80_state {
    struct device parent;
    struct mem_region io;   /* port 0x80; no state, so no region lock */
};

static void ioport80_write(void *opaque, uint64_t addr, uint64_t value,
                           unsigned size)
{
}

static uint64_t ioport80_read(void *opaque, uint64_t addr, unsigned size)
{
    return 0xff;
}

static const struct mem_region_ops ioport80_ops = {
    .read = ioport80_read,
    .write = ioport80_write,
    .valid_min = 1,
    .valid_max = 1,
};

static int ioport80_realize(struct device *dev, Error **errp)
{
    struct ioport80_state *s = container_of(dev, struct ioport80_state,
                                            parent);

    memory_region_init_io(&s->io, dev, &ioport80_ops, s, TYPE_IOPORT80, 1,
                          NULL);
    return address_space_map(&address_space_io, IOPORT80_ADDR, &s->io, errp);
}

static void ioport80_unrealize(struct device *dev)
{
    struct ioport80_state *s = container_of(dev, struct ioport80_state,
                                            parent);

    address_space_unmap(&address_space_io, &s->io);
}

static const struct device_class ioport80_class = {
    .name = TYPE_IOPORT80,
    .desc = "port 0x80 sink (board-internal)",
    .instance_size = sizeof(struct ioport80_state),
    .realize = ioport80_realize,
    .unrealize = ioport80_unrealize,
    .user_creatable = false,
};
DEVICE_CLASS_REGISTER(ioport80_class)

struct device *ioport80_create(void)
{
    return device_create_simple(TYPE_IOPORT80, NULL);
}
