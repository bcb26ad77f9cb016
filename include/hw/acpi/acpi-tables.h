/*
 * ACPI table layouts and constants used by the table builder and its
 * tests (ACPI 6.5 §5.2.5 RSDP, §5.2.6 header, §5.2.7 RSDT, §5.2.8 XSDT,
 * §5.2.12 MADT). Everything is little-endian and byte-packed.
 */
#ifndef HW_ACPI_ACPI_TABLES_H
#define HW_ACPI_ACPI_TABLES_H

#include "qemu/osdep.h"

#define ACPI_RSDP_SIGNATURE "RSD PTR "      /* 8 bytes, no NUL */
#define ACPI_RSDP_V1_LEN 20                 /* covered by "checksum" */
#define ACPI_RSDP_V2_LEN 36                 /* covered by the extended one */
#define ACPI_RSDP_ALIGN 16                  /* OSPM scans in 16-byte steps */
#define ACPI_RSDP_SCAN_START 0xe0000        /* BIOS read-only area */
#define ACPI_RSDP_SCAN_END 0x100000

#define ACPI_HEADER_LEN 36

/* OEM identification, as QEMU's pc machine reports it by default. */
#define ACPI_OEM_ID "BOCHS "                /* 6 bytes */
#define ACPI_OEM_TABLE_ID "BXPC    "        /* 8 bytes */
#define ACPI_OEM_REVISION 1
#define ACPI_CREATOR_ID "SPVM"              /* the tool that made them */
#define ACPI_CREATOR_REVISION 1

struct acpi_rsdp {
    char signature[8];
    uint8_t checksum;           /* first 20 bytes sum to 0 */
    char oem_id[6];
    uint8_t revision;           /* 2: ACPI 2.0+, the XSDT fields exist */
    uint32_t rsdt_address;
    uint32_t length;            /* of the whole RSDP: 36 */
    uint64_t xsdt_address;
    uint8_t extended_checksum;  /* all 36 bytes sum to 0 */
    uint8_t reserved[3];
} __attribute__((packed));

struct acpi_table_header {
    char signature[4];
    uint32_t length;            /* of the table, header included */
    uint8_t revision;
    uint8_t checksum;           /* the whole table sums to 0 */
    char oem_id[6];
    char oem_table_id[8];
    uint32_t oem_revision;
    char creator_id[4];
    uint32_t creator_revision;
} __attribute__((packed));

/* MADT: header, then these two fields, then variable-length entries. */
#define ACPI_MADT_FIXED_LEN (ACPI_HEADER_LEN + 8)
#define ACPI_MADT_PCAT_COMPAT (1u << 0)     /* dual 8259s are present */
#define ACPI_MADT_REVISION 1                /* ACPI 1.0b layout */
#define ACPI_MADT_REVISION_X2APIC 3         /* x2APIC entries: ACPI 4.0 */

enum acpi_madt_type {
    ACPI_MADT_LOCAL_APIC = 0,
    ACPI_MADT_IO_APIC = 1,
    ACPI_MADT_INT_SRC_OVERRIDE = 2,
    ACPI_MADT_LOCAL_APIC_NMI = 4,
    ACPI_MADT_LOCAL_X2APIC = 9,
    ACPI_MADT_LOCAL_X2APIC_NMI = 10,
};

#define ACPI_MADT_LOCAL_APIC_LEN 8
#define ACPI_MADT_IO_APIC_LEN 12
#define ACPI_MADT_INT_SRC_OVERRIDE_LEN 10
#define ACPI_MADT_LOCAL_APIC_NMI_LEN 6
#define ACPI_MADT_LOCAL_X2APIC_LEN 16
#define ACPI_MADT_LOCAL_X2APIC_NMI_LEN 12

/* Local (x2)APIC flags. */
#define ACPI_MADT_ENABLED (1u << 0)
/* Processor UID meaning "every processor" in NMI entries. */
#define ACPI_MADT_ALL_PROCESSORS 0xff
#define ACPI_MADT_ALL_PROCESSORS_X2APIC 0xffffffffu
/* The xAPIC ID 0xff is the broadcast ID: larger IDs need x2APIC entries. */
#define ACPI_MADT_MAX_XAPIC_ID 0xfe

/* MPS INTI flags (interrupt source overrides, NMI entries). */
#define ACPI_MPS_POLARITY_CONFORMS 0x0
#define ACPI_MPS_POLARITY_HIGH 0x1
#define ACPI_MPS_POLARITY_LOW 0x3
#define ACPI_MPS_TRIGGER_CONFORMS (0x0 << 2)
#define ACPI_MPS_TRIGGER_EDGE (0x1 << 2)
#define ACPI_MPS_TRIGGER_LEVEL (0x3 << 2)

#define ACPI_ISA_BUS 0
#define ACPI_ISA_NUM_IRQS 16
#define ACPI_LAPIC_DEFAULT_ADDR 0xfee00000u
#define ACPI_LINT_NMI 1                     /* LINT1 carries NMI on a PC */

#endif
