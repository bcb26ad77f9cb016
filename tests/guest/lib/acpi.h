/*
 * Just enough ACPI for interrupt tests: find the RSDP (scanning
 * 0xE0000-0xFFFFF), follow the RSDT/XSDT to a table by signature, and
 * summarise the MADT (CPUs, IOAPIC, ISA interrupt source overrides,
 * LAPIC NMI pins). Checksums are verified; a bad table counts as absent.
 */
#ifndef GUEST_ACPI_H
#define GUEST_ACPI_H

#include <stdbool.h>
#include <stdint.h>

#include "x86-defs.h"

struct acpi_header {
    char signature[4];
    uint32_t length;
    uint8_t revision;
    uint8_t checksum;
    char oem_id[6];
    char oem_table_id[8];
    uint32_t oem_revision;
    uint32_t creator_id;
    uint32_t creator_revision;
} __attribute__((packed));

/* MPS INTI flags of an interrupt source override. */
#define MADT_POLARITY_MASK      0x3
#define MADT_POLARITY_LOW       0x3
#define MADT_TRIGGER_MASK       0xc
#define MADT_TRIGGER_LEVEL      0xc

struct madt_info {
    bool found;                 /* false: defaults below, no ACPI seen */
    uint32_t lapic_addr;
    int nr_cpus;                /* enabled LAPIC entries */
    uint8_t apic_ids[MAX_CPUS];
    int nr_ioapics;
    uint8_t ioapic_id;          /* of the first IOAPIC */
    uint32_t ioapic_addr;       /* default 0xfec00000 */
    uint32_t ioapic_gsi_base;
    uint32_t isa_gsi[16];       /* ISA IRQ -> GSI: overrides, else identity
                                   except IRQ 0 -> GSI 2 */
    uint16_t isa_flags[16];     /* MPS INTI flags; 0 = bus default */
    bool isa_overridden[16];
    int lint_nmi;               /* LINT pin of a LAPIC NMI entry, or -1 */
};

/* The table with this signature (e.g. "APIC"), or NULL. */
const struct acpi_header *acpi_find_table(const char *sig);

/*
 * Fill *m from the MADT. Without ACPI the result still holds the PC
 * defaults (IOAPIC at 0xfec00000, IRQ 0 -> GSI 2) and found is false.
 */
bool madt_parse(struct madt_info *m);

/* Print what madt_parse found as INFO lines. */
void madt_print(const struct madt_info *m);

#endif /* GUEST_ACPI_H */
