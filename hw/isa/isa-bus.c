/*
 * ISA interrupt lines.
 */
#include "qemu/osdep.h"
#include "qemu/keyval.h"
#include "hw/isa/isa.h"

static qemu_irq *isa_irqs;
static int isa_irq_count;

void isa_bus_set_irqs(qemu_irq *irqs, int count)
{
    isa_irqs = irqs;
    isa_irq_count = count;
}

bool isa_bus_present(void)
{
    return isa_irqs != NULL;
}

qemu_irq isa_get_irq(unsigned n)
{
    return isa_irqs && n < (unsigned)isa_irq_count ? isa_irqs[n] : NULL;
}

int isa_device_plug(struct device *dev, Error **errp)
{
    struct gpio_list *out = device_find_gpio_list(dev, NULL, true);
    char *irq_str;
    uint64_t irq;

    if (!out || !out->count || !device_find_prop(dev->class, "irq")) {
        return 0;
    }
    irq_str = device_get_prop(dev, "irq", NULL);
    if (parse_uint64(irq_str, &irq) < 0 || irq >= (uint64_t)isa_irq_count) {
        g_free(irq_str);
        if (!isa_bus_present()) {
            error_setg(errp, "No 'ISA' bus found for device '%s'",
                       dev->class->name);
            return -ENODEV;
        }
        error_setg(errp, "%s: invalid ISA IRQ", dev->class->name);
        return -EINVAL;
    }
    g_free(irq_str);
    device_connect_gpio_out(dev, 0, isa_get_irq(irq));
    return 0;
}
