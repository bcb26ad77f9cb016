/*
 * ACPI tables for direct kernel boot: RSDP, RSDT, XSDT, MADT (and what a
 * guest needs to find the IOAPIC and the IRQ0 override), built into one
 * blob placed in the BIOS area where the RSDP scan (0xE0000-0xFFFFF)
 * finds it.
 */
#ifndef HW_ACPI_ACPI_BUILD_H
#define HW_ACPI_ACPI_BUILD_H

#include "qemu/osdep.h"

struct acpi_build_config {
    int nr_cpus;
    const uint32_t *apic_ids;     /* nr_cpus entries */
    bool has_ioapic;
    uint8_t ioapic_id;
    uint32_t ioapic_addr;
    uint32_t ioapic_gsi_base;
    bool has_pic;                 /* MADT PCAT_COMPAT flag */
    int sci_irq;                  /* level, active-high override */
};

/*
 * Build the tables to live at guest-physical `base` (the RSDP first, 16-byte
 * aligned). Returns the blob; all table pointers inside are absolute.
 */
GByteArray *acpi_build_tables(const struct acpi_build_config *cfg,
                              uint32_t base);

#endif
