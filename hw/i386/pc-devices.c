/*
 * Board-created ISA devices of the pc machine.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/core/device.h"
#include "hw/isa/isa.h"
#include "chardev/char.h"
#include "pc-internal.h"

static void fatal(Error *err)
{
    error_report_err(err);
    exit(1);
}

void pc_create_serial(int index, struct chardev *chr)
{
    Error *err = NULL;
    struct device *dev = device_new("isa-serial", &err);
    char *idx = g_strdup_printf("%d", index);

    if (!dev || device_set_prop(dev, "index", idx, &err) < 0 ||
        (chr && device_set_prop(dev, "chardev", qemu_chr_id(chr), &err) < 0)) {
        fatal(err);
    }
    g_free(idx);
    device_set_path(dev, "/machine/unattached", NULL);
    if (device_realize(dev, &err) < 0 || isa_device_plug(dev, &err) < 0) {
        fatal(err);
    }
}

void pc_create_debugcon(struct chardev *chr)
{
    Error *err = NULL;
    struct device *dev = device_new("isa-debugcon", &err);

    if (!dev || device_set_prop(dev, "chardev", qemu_chr_id(chr), &err) < 0) {
        fatal(err);
    }
    device_set_path(dev, "/machine/unattached", NULL);
    if (device_realize(dev, &err) < 0) {
        fatal(err);
    }
}

struct device *pc_plug_user_device(struct device *dev, Error **errp)
{
    if (device_realize(dev, errp) < 0) {
        return NULL;
    }
    if (isa_device_plug(dev, errp) < 0) {
        device_unrealize(dev);
        return NULL;
    }
    return dev;
}
