/*
 * Port 0x61, the PC/AT "system control port B" ("pc-port61"; on QEMU the
 * isa-pcspk device owns it). It gates PIT counter 2 and reads its output
 * back, which is how BIOSes and Linux calibrate the TSC:
 *   bit 0  counter 2 GATE            read/write
 *   bit 1  speaker data enable       read/write (no sound is produced)
 *   bit 4  refresh request           read-only, toggles on every read
 *   bit 5  counter 2 OUT             read-only
 * QEMU flips bit 4 before building the value, so the first read after a
 * reset has it set; the same here.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "exec/memory.h"
#include "hw/core/device.h"
#include "hw/timer/i8254.h"
#include "i8254_regs.h"

#define PIT_SPEAKER_CHANNEL 2

struct port61_state {
    struct device parent;
    uint32_t iobase;          /* "iobase" */
    struct device *pit;       /* whose counter 2 this port drives */
    bool speaker_data;        /* bit 1 as written */
    bool refresh;             /* bit 4, flips on every read */
    struct mem_region io;     /* the one port */
};

static struct port61_state *port61_from_dev(struct device *dev)
{
    return container_of(dev, struct port61_state, parent);
}

static uint64_t port61_read(void *opaque, uint64_t addr, unsigned size)
{
    struct port61_state *s = opaque;
    uint8_t val = 0;

    s->refresh = !s->refresh;
    if (s->pit) {
        val |= pit_get_gate(s->pit, PIT_SPEAKER_CHANNEL) ? PORT61_GATE2 : 0;
        val |= pit_get_out(s->pit, PIT_SPEAKER_CHANNEL) ? PORT61_OUT2 : 0;
    }
    val |= s->speaker_data ? PORT61_SPEAKER : 0;
    val |= s->refresh ? PORT61_REFRESH : 0;
    return val;
}

static void port61_write(void *opaque, uint64_t addr, uint64_t value,
                         unsigned size)
{
    struct port61_state *s = opaque;

    /* Lock order: this port, then the PIT. */
    s->speaker_data = value & PORT61_SPEAKER;
    if (s->pit) {
        pit_set_gate(s->pit, PIT_SPEAKER_CHANNEL, !!(value & PORT61_GATE2));
    }
}

static const struct mem_region_ops port61_ops = {
    .read = port61_read,
    .write = port61_write,
    .valid_min = 1,
    .valid_max = 1,
};

static void port61_reset(struct device *dev)
{
    struct port61_state *s = port61_from_dev(dev);

    g_mutex_lock(&dev->lock);
    s->speaker_data = false;
    s->refresh = false;
    g_mutex_unlock(&dev->lock);
}

static int port61_realize(struct device *dev, Error **errp)
{
    struct port61_state *s = port61_from_dev(dev);

    if (s->iobase > 0xffff) {
        error_setg(errp, "pc-port61: iobase 0x%x is outside the I/O space",
                   s->iobase);
        return -EINVAL;
    }
    memory_region_init_io(&s->io, dev, &port61_ops, s, "pcspk", 1,
                          &dev->lock);
    return address_space_map(&address_space_io, s->iobase, &s->io, errp);
}

static void port61_unrealize(struct device *dev)
{
    struct port61_state *s = port61_from_dev(dev);

    address_space_unmap(&address_space_io, &s->io);
}

static const struct property port61_props[] = {
    DEFINE_PROP_UINT32("iobase", struct port61_state, iobase, PORT61_ADDR),
    DEFINE_PROP_END_OF_LIST(),
};

static const struct device_class port61_class = {
    .name = TYPE_PORT61,
    .desc = "port 0x61: PIT counter 2 gate/output, speaker enable",
    .bus = "ISA",
    .instance_size = sizeof(struct port61_state),
    .props = port61_props,
    .realize = port61_realize,
    .reset = port61_reset,
    .unrealize = port61_unrealize,
    .user_creatable = false,
};
DEVICE_CLASS_REGISTER(port61_class)

struct device *port61_init(struct device *pit)
{
    Error *err = NULL;
    struct device *dev = device_new(TYPE_PORT61, &err);

    if (dev) {
        port61_from_dev(dev)->pit = pit;
        if (device_realize(dev, &err) == 0) {
            return dev;
        }
    }
    error_report_err(err);
    return NULL;
}
