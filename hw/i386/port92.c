/*
 * Port 0x92 (System Control Port A), as QEMU's "port92":
 * - the whole byte written is stored and read back;
 * - bit 1 drives the "a20" output line;
 * - a 0 -> 1 transition of bit 0 requests a guest reset (the bit stays set
 *   until the reset, which clears bit 0 only: the A20 bit survives, as on
 *   QEMU).
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "exec/memory.h"
#include "hw/core/device.h"
#include "hw/i386/port92.h"
#include "sysemu/runstate.h"

struct port92_state {
    struct device parent;
    uint8_t outport;        /* last value written */
    qemu_irq a20_out;       /* output GPIO "a20" */
    struct mem_region io;   /* port 0x92 */
};

static void port92_write(void *opaque, uint64_t addr, uint64_t value,
                         unsigned size)
{
    struct port92_state *s = opaque;
    uint8_t old = s->outport;

    s->outport = value;
    qemu_set_irq(s->a20_out, !!(s->outport & PORT92_A20_GATE));
    if ((s->outport & PORT92_FAST_RESET) && !(old & PORT92_FAST_RESET)) {
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

static uint64_t port92_read(void *opaque, uint64_t addr, unsigned size)
{
    struct port92_state *s = opaque;

    return s->outport;
}

static const struct mem_region_ops port92_ops = {
    .read = port92_read,
    .write = port92_write,
    .valid_min = 1,
    .valid_max = 1,
};

static void port92_reset(struct device *dev)
{
    struct port92_state *s = container_of(dev, struct port92_state, parent);

    /* Only the reset bit: QEMU keeps the A20 bit across a system reset. */
    g_mutex_lock(&dev->lock);
    s->outport &= ~PORT92_FAST_RESET;
    g_mutex_unlock(&dev->lock);
}

static int port92_realize(struct device *dev, Error **errp)
{
    struct port92_state *s = container_of(dev, struct port92_state, parent);

    if (!device_find_gpio_list(dev, PORT92_A20_LINE, true)) {
        device_init_gpio_out_named(dev, &s->a20_out, PORT92_A20_LINE, 1);
    }
    memory_region_init_io(&s->io, dev, &port92_ops, s, TYPE_PORT92, 1,
                          &dev->lock);
    return address_space_map(&address_space_io, PORT92_ADDR, &s->io, errp);
}

static void port92_unrealize(struct device *dev)
{
    struct port92_state *s = container_of(dev, struct port92_state, parent);

    address_space_unmap(&address_space_io, &s->io);
}

static const struct device_class port92_class = {
    .name = TYPE_PORT92,
    .desc = "System Control Port A (board-internal)",
    .instance_size = sizeof(struct port92_state),
    .realize = port92_realize,
    .reset = port92_reset,
    .unrealize = port92_unrealize,
    .user_creatable = false,
};
DEVICE_CLASS_REGISTER(port92_class)

struct device *port92_create(void)
{
    return device_create_simple(TYPE_PORT92, NULL);
}
