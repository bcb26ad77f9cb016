/*
 * "isa-debug-exit", as QEMU's: any write ends the VMM with status
 * (value << 1) | 1 immediately, without going through a shutdown request.
 * Reads return 0.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "exec/memory.h"
#include "chardev/char.h"
#include "hw/core/device.h"
#include "hw/misc/debugexit.h"

struct debug_exit_state {
    struct device parent;
    uint32_t iobase;        /* "iobase" */
    uint32_t iosize;        /* "iosize": ports claimed from iobase */
    struct mem_region io;   /* the claimed ports */
};

static void debug_exit_default(int status)
{
    qemu_chr_restore_terminal();
    exit(status);
}

static debug_exit_fn *debug_exit_handler = debug_exit_default;

void debug_exit_set_handler(debug_exit_fn *fn)
{
    g_atomic_pointer_set(&debug_exit_handler,
                         fn ? fn : debug_exit_default);
}

static void debug_exit_write(void *opaque, uint64_t addr, uint64_t value,
                             unsigned size)
{
    debug_exit_fn *fn = g_atomic_pointer_get(&debug_exit_handler);

    /* Any port of the range; the value is the whole access, any width. */
    fn((int)((value << 1) | 1));
}

static uint64_t debug_exit_read(void *opaque, uint64_t addr, unsigned size)
{
    return 0;
}

static const struct mem_region_ops debug_exit_ops = {
    .read = debug_exit_read,
    .write = debug_exit_write,
    .valid_min = 1,
    .valid_max = 4,
};

static int debug_exit_realize(struct device *dev, Error **errp)
{
    struct debug_exit_state *s = container_of(dev, struct debug_exit_state,
                                              parent);

    if (s->iosize == 0 || s->iobase > 0xffff ||
        s->iosize > 0x10000 - s->iobase) {
        error_setg(errp, "isa-debug-exit: ports 0x%x+0x%x are not in the "
                   "I/O space", s->iobase, s->iosize);
        return -EINVAL;
    }
    memory_region_init_io(&s->io, dev, &debug_exit_ops, s,
                          TYPE_ISA_DEBUG_EXIT, s->iosize, &dev->lock);
    return address_space_map(&address_space_io, s->iobase, &s->io, errp);
}

static void debug_exit_unrealize(struct device *dev)
{
    struct debug_exit_state *s = container_of(dev, struct debug_exit_state,
                                              parent);

    address_space_unmap(&address_space_io, &s->io);
}

static const struct property debug_exit_props[] = {
    DEFINE_PROP_UINT32("iobase", struct debug_exit_state, iobase,
                       DEBUG_EXIT_IOBASE_DEFAULT),
    DEFINE_PROP_UINT32("iosize", struct debug_exit_state, iosize,
                       DEBUG_EXIT_IOSIZE_DEFAULT),
    DEFINE_PROP_END_OF_LIST(),
};

static const struct device_class isa_debug_exit_class = {
    .name = TYPE_ISA_DEBUG_EXIT,
    .bus = "ISA",
    .category = "Misc devices",
    .instance_size = sizeof(struct debug_exit_state),
    .props = debug_exit_props,
    .realize = debug_exit_realize,
    .unrealize = debug_exit_unrealize,
    .user_creatable = true,
};
DEVICE_CLASS_REGISTER(isa_debug_exit_class)

struct device *isa_debug_exit_create(uint32_t iobase, uint32_t iosize)
{
    Error *err = NULL;
    struct device *dev = device_new(TYPE_ISA_DEBUG_EXIT, &err);
    struct debug_exit_state *s;

    if (!dev) {
        error_report_err(err);
        exit(1);
    }
    s = container_of(dev, struct debug_exit_state, parent);
    s->iobase = iobase;
    s->iosize = iosize;
    device_set_path(dev, "/machine/unattached", NULL);
    if (device_realize(dev, &err) < 0) {
        error_report_err(err);
        exit(1);
    }
    return dev;
}
