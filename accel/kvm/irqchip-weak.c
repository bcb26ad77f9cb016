/*
 * TEMPORARY weak fallbacks so the tree links while the userspace PIC and
 * IOAPIC models are being written; the real definitions in hw/intc/
 * override them. Delete this file once hw/intc/i8259.c and ioapic.c exist.
 */
#include "qemu/osdep.h"
#include "hw/intc/i8259.h"
#include "hw/intc/ioapic.h"

__attribute__((weak)) int pic_read_irq(struct device *master)
{
    return 0;
}

__attribute__((weak)) void ioapic_set_backend(struct device *ioapic,
                                              const struct ioapic_backend *be)
{
}

__attribute__((weak)) void ioapic_eoi_broadcast(int vector)
{
}

#include "hw/timer/i8254.h"
#include "hw/acpi/acpi-build.h"

__attribute__((weak)) struct device *i8259_init(qemu_irq parent_intr,
                                                qemu_irq irqs[16])
{
    return NULL;
}

__attribute__((weak)) struct device *ioapic_init(const struct ioapic_backend
                                                 *be)
{
    return NULL;
}

__attribute__((weak)) struct device *i8254_pit_init(int iobase, qemu_irq irq)
{
    return NULL;
}

__attribute__((weak)) GByteArray *acpi_build_tables(
    const struct acpi_build_config *cfg, uint32_t base)
{
    return NULL;
}
