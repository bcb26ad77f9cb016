/*
 * ACPI tables for direct kernel boot: RSDP, RSDT, XSDT, MADT (and what a
 * guest needs to find the IOAPIC and the IRQ0 override), built into one
 * blob placed in the BIOS area where the RSDP scan (0xE0000-0xFFFFF)
 * finds it. Layout and constants: hw/acpi/acpi-tables.h; the full story:
 * docs/devel/acpi.md.
 */
#ifndef HW_ACPI_ACPI_BUILD_H
#define HW_ACPI_ACPI_BUILD_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"

struct acpi_build_config {
    int nr_cpus;
    const uint32_t *apic_ids;     /* nr_cpus distinct entries */
    bool has_ioapic;
    uint8_t ioapic_id;
    uint32_t ioapic_addr;
    uint32_t ioapic_gsi_base;
    bool has_pic;                 /* MADT PCAT_COMPAT flag */
    int sci_irq;                  /* ISA IRQ 1-15: level, active-high
                                     override; negative: none */
};

/*
 * Build the tables to live at guest-physical `base` (the RSDP first; base
 * must be 16-byte aligned). Returns the blob, in which all table pointers
 * are absolute guest-physical addresses, or NULL with errp set if the
 * configuration cannot be described (no CPUs, duplicate APIC IDs, a bad
 * SCI IRQ, tables that would not fit below 4 GiB).
 */
GByteArray *acpi_build_tables(const struct acpi_build_config *cfg,
                              uint32_t base, Error **errp);

#endif
