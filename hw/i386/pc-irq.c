/*
 * Interrupt wiring of the pc machine.
 *
 * kernel-irqchip=on: the accelerator owns PIC, IOAPIC and PIT; GSI lines go
 * straight to it. Otherwise (split, qtest) the board creates the userspace
 * models and fans every GSI out as QEMU's pc does: GSI 0-15 reach PIC
 * input n and IOAPIC input n, GSI 16-23 the IOAPIC only. The ISA IRQ 0 ->
 * pin 2 override happens inside the IOAPIC model, so that qtest sees the
 * PIT on IOAPIC input 0 exactly as with QEMU (and the MADT says so).
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/boards.h"
#include "hw/core/device.h"
#include "hw/intc/i8259.h"
#include "hw/intc/ioapic.h"
#include "hw/timer/i8254.h"
#include "hw/isa/isa.h"
#include "sysemu/accel.h"
#include "pc-internal.h"

#define PIT_IOBASE 0x40

struct gsi_fanout {
    qemu_irq pic[ISA_NUM_IRQS];      /* PIC inputs, NULL without a PIC */
    qemu_irq ioapic[GSI_NUM_PINS];   /* IOAPIC inputs */
};

/*
 * The status the timer sees is the IOAPIC's when that pin is in use, else
 * the PIC's: a controller reports IRQ_STATUS_UNKNOWN for a masked input.
 */
static int gsi_fanout_set(void *opaque, int n, int level)
{
    struct gsi_fanout *g = opaque;
    int pic = IRQ_STATUS_UNKNOWN;
    int io = IRQ_STATUS_UNKNOWN;

    if (n < ISA_NUM_IRQS && g->pic[n]) {
        pic = qemu_set_irq_status(g->pic[n], level);
    }
    if (g->ioapic[n]) {
        io = qemu_set_irq_status(g->ioapic[n], level);
    }
    return io != IRQ_STATUS_UNKNOWN ? io : pic;
}

/*
 * kernel-irqchip=on: the PICs and the IOAPIC live in the kernel. QEMU still
 * has QOM objects for them (kvm-i8259 x2 unattached, kvm-ioapic at
 * /machine/i440fx/ioapic, so "ioapic" resolves); these placeholders give
 * qom-get/qom-list/info qtree the same names. They own no state and no
 * lines: the accelerator keeps the real chips.
 */
static const struct device_class kvm_i8259_class = {
    .name = "kvm-i8259",
    .desc = "in-kernel 8259 PIC (kernel-irqchip=on)",
    .bus = "ISA",
    .instance_size = sizeof(struct device),
};
DEVICE_CLASS_REGISTER(kvm_i8259_class)

static const struct device_class kvm_ioapic_class = {
    .name = "kvm-ioapic",
    .desc = "in-kernel IOAPIC (kernel-irqchip=on)",
    .bus = "System",
    .instance_size = sizeof(struct device),
};
DEVICE_CLASS_REGISTER(kvm_ioapic_class)

static int kernel_irqchip_placeholder(const char *type, const char *parent,
                                      const char *name, Error **errp)
{
    struct device *dev = device_new(type, errp);

    if (!dev) {
        return -EINVAL;
    }
    device_set_path(dev, parent, name);
    return device_realize(dev, errp);
}

static int pc_init_kernel_irqchip(struct machine_state *ms, Error **errp)
{
    if (ms->cfg.pic == ON_OFF_AUTO_OFF) {
        error_setg(errp, "pic=off needs the userspace PIC: use "
                   "kernel-irqchip=split");
        return -EINVAL;
    }
    if (kernel_irqchip_placeholder("kvm-ioapic", "/machine/i440fx", "ioapic",
                                   errp) < 0 ||
        kernel_irqchip_placeholder("kvm-i8259", "/machine/unattached", NULL,
                                   errp) < 0 ||
        kernel_irqchip_placeholder("kvm-i8259", "/machine/unattached", NULL,
                                   errp) < 0) {
        return -EINVAL;
    }
    for (int i = 0; i < GSI_NUM_PINS; i++) {
        ms->gsi[i] = qemu_allocate_irq_status(ms->accel->set_gsi, ms, i);
    }
    if (ms->accel->create_kernel_devices) {
        return ms->accel->create_kernel_devices(ms, errp);
    }
    return 0;
}

static int pc_init_userspace_irqchip(struct machine_state *ms, Error **errp)
{
    const struct accel_ops *accel = ms->accel;
    struct gsi_fanout *g = g_new0(struct gsi_fanout, 1);
    struct device *ioapic = ioapic_create(NULL, errp);

    if (!ioapic) {
        return -EINVAL;
    }
    if (accel->attach_ioapic) {
        accel->attach_ioapic(ms, ioapic);
    }
    for (int i = 0; i < GSI_NUM_PINS; i++) {
        g->ioapic[i] = device_get_gpio_in(ioapic, i);
    }
    if (ms->cfg.pic != ON_OFF_AUTO_OFF) {
        qemu_irq intr = accel->pic_intr_line ? accel->pic_intr_line(ms)
                                             : NULL;
        struct device *master = i8259_create(intr, g->pic, errp);

        if (!master) {
            return -EINVAL;
        }
        if (accel->attach_pic) {
            accel->attach_pic(ms, master);
        }
    }
    for (int i = 0; i < GSI_NUM_PINS; i++) {
        ms->gsi[i] = qemu_allocate_irq_status(gsi_fanout_set, g, i);
    }
    if (ms->cfg.pit != ON_OFF_AUTO_OFF) {
        /* QEMU users tune the PIT as kvm-pit; here it is isa-pit. */
        device_global_alias("kvm-pit", TYPE_ISA_PIT);
        if (!i8254_pit_create(PIT_IOBASE, ms->gsi[0], errp)) {
            return -EINVAL;
        }
    }
    return 0;
}

int pc_init_irqchip(struct machine_state *ms, Error **errp)
{
    int ret;

    if (ms->accel->irqchip_in_kernel && ms->accel->irqchip_in_kernel(ms)) {
        ret = pc_init_kernel_irqchip(ms, errp);
    } else {
        ret = pc_init_userspace_irqchip(ms, errp);
    }
    /* pc-testdev drives GSIs 16-23 too: the ISA bus carries all 24. */
    isa_bus_set_irqs(ms->gsi, GSI_NUM_PINS);
    return ret;
}
