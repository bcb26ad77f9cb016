/*
 * Bochs-style debug console ("isa-debugcon"), as QEMU's: one I/O port;
 * every byte written goes to the chardev, reads return "readback" (0xe9 by
 * default, which is how Bochs-aware guests detect the port).
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "exec/memory.h"
#include "chardev/char.h"
#include "hw/core/device.h"
#include "hw/char/debugcon.h"

struct debugcon_state {
    struct device parent;
    uint32_t iobase;        /* "iobase" */
    struct chardev *chr;    /* "chardev": where the bytes go */
    uint32_t readback;      /* "readback": what a read returns */
    struct mem_region io;   /* the single port */
};

static void debugcon_write(void *opaque, uint64_t addr, uint64_t value,
                           unsigned size)
{
    struct debugcon_state *s = opaque;
    uint8_t ch = value;

    qemu_chr_fe_write(s->chr, &ch, 1);
}

static uint64_t debugcon_read(void *opaque, uint64_t addr, unsigned size)
{
    struct debugcon_state *s = opaque;

    return s->readback & 0xff;
}

/* QEMU's region is one byte wide and accepts 1-byte accesses only. */
static const struct mem_region_ops debugcon_ops = {
    .read = debugcon_read,
    .write = debugcon_write,
    .valid_min = 1,
    .valid_max = 1,
};

/* Claims the chardev so nothing else attaches to it; there is no input. */
static void debugcon_event(void *opaque, enum chr_event event)
{
}

static int debugcon_realize(struct device *dev, Error **errp)
{
    struct debugcon_state *s = container_of(dev, struct debugcon_state,
                                            parent);

    if (!s->chr) {
        error_setg(errp, "Can't create debugcon device, empty char device");
        return -EINVAL;
    }
    if (s->iobase > 0xffff) {
        error_setg(errp, "isa-debugcon: iobase 0x%x is outside the I/O space",
                   s->iobase);
        return -EINVAL;
    }
    if (qemu_chr_fe_set_handlers(s->chr, NULL, NULL, debugcon_event, s) < 0) {
        error_setg(errp, "Property 'isa-debugcon.chardev' can't take value "
                   "'%s', it's in use", qemu_chr_id(s->chr));
        return -EBUSY;
    }
    memory_region_init_io(&s->io, dev, &debugcon_ops, s, TYPE_ISA_DEBUGCON, 1,
                          &dev->lock);
    if (address_space_map(&address_space_io, s->iobase, &s->io, errp) < 0) {
        qemu_chr_fe_set_handlers(s->chr, NULL, NULL, NULL, s);
        return -EBUSY;
    }
    return 0;
}

static void debugcon_unrealize(struct device *dev)
{
    struct debugcon_state *s = container_of(dev, struct debugcon_state,
                                            parent);

    address_space_unmap(&address_space_io, &s->io);
    qemu_chr_fe_set_handlers(s->chr, NULL, NULL, NULL, s);
}

static const struct property debugcon_props[] = {
    DEFINE_PROP_UINT32("iobase", struct debugcon_state, iobase,
                       DEBUGCON_IOBASE_DEFAULT),
    { .name = "chardev", .type = PROP_CHARDEV,
      .offset = offsetof(struct debugcon_state, chr),
      .desc = "ID of a chardev to use as a backend" },
    /* Live: qom-set changes what the next read returns. */
    DEFINE_PROP_("readback", struct debugcon_state, readback, PROP_UINT32,
                 uint32_t, .defval.u = 0xe9, .live = true),
    DEFINE_PROP_END_OF_LIST(),
};

static const struct device_class isa_debugcon_class = {
    .name = TYPE_ISA_DEBUGCON,
    .bus = "ISA",
    .category = "Misc devices",
    .instance_size = sizeof(struct debugcon_state),
    .props = debugcon_props,
    .realize = debugcon_realize,
    .unrealize = debugcon_unrealize,
    .user_creatable = true,
};
DEVICE_CLASS_REGISTER(isa_debugcon_class)

struct device *isa_debugcon_create(uint32_t iobase, struct chardev *chr)
{
    Error *err = NULL;
    struct device *dev = device_new(TYPE_ISA_DEBUGCON, &err);
    struct debugcon_state *s;

    if (!dev) {
        error_report_err(err);
        exit(1);
    }
    s = container_of(dev, struct debugcon_state, parent);
    s->iobase = iobase;
    s->chr = chr;
    device_set_path(dev, "/machine/unattached", NULL);
    if (device_realize(dev, &err) < 0) {
        error_report_err(err);
        exit(1);
    }
    return dev;
}
