/*
 * ACPI tables for a PC booted without firmware: RSDP (revision 2), RSDT,
 * XSDT and the MADT, in one blob that the board copies into the BIOS area.
 *
 * Blob layout (each piece 16-byte aligned, addresses absolute):
 *
 *   base + 0      RSDP   -> RSDT (32-bit) and XSDT (64-bit)
 *   base + 0x30   MADT
 *   then          RSDT   -> MADT
 *   then          XSDT   -> MADT
 *
 * MADT contents follow what QEMU's pc machine publishes (checked against a
 * dump of QEMU 7.2's tables; see docs/devel/acpi.md): one Local APIC entry
 * per CPU in CPU-index order (UID = index), the IOAPIC, ISA IRQ 0 -> GSI 2
 * with "conforms" flags, the SCI as a level/active-high override, and an
 * NMI on LINT1 of every processor.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/acpi/acpi-build.h"
#include "hw/acpi/acpi-tables.h"

#define TABLE_ALIGN 16
#define PIT_ISA_IRQ 0
#define PIT_GSI 2               /* where every PC wires the PIT */

/* ---- byte-level writers (ACPI is little-endian) ---- */

static void put_u8(GByteArray *b, uint8_t v)
{
    g_byte_array_append(b, &v, 1);
}

static void put_u16(GByteArray *b, uint16_t v)
{
    uint8_t le[2] = { v, v >> 8 };

    g_byte_array_append(b, le, sizeof(le));
}

static void put_u32(GByteArray *b, uint32_t v)
{
    put_u16(b, v);
    put_u16(b, v >> 16);
}

static void put_u64(GByteArray *b, uint64_t v)
{
    put_u32(b, v);
    put_u32(b, v >> 32);
}

static void put_chars(GByteArray *b, const char *s, size_t n)
{
    g_assert(strlen(s) == n);
    g_byte_array_append(b, (const uint8_t *)s, n);
}

static void patch_u32(GByteArray *b, size_t off, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        b->data[off + i] = v >> (8 * i);
    }
}

static void align_to(GByteArray *b, size_t align)
{
    while (b->len % align) {
        put_u8(b, 0);
    }
}

/* The byte that makes [off, off + len) sum to zero (mod 256). */
static uint8_t checksum_of(const GByteArray *b, size_t off, size_t len)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < len; i++) {
        sum += b->data[off + i];
    }
    return (uint8_t)-sum;
}

/* ---- the common table header ---- */

#define HDR_LENGTH_OFF 4
#define HDR_CHECKSUM_OFF 9

/* Start a table at the current end of b; returns its offset. */
static size_t table_begin(GByteArray *b, const char *sig, uint8_t revision)
{
    size_t start;

    align_to(b, TABLE_ALIGN);
    start = b->len;
    put_chars(b, sig, 4);
    put_u32(b, 0);                          /* length, patched */
    put_u8(b, revision);
    put_u8(b, 0);                           /* checksum, patched */
    put_chars(b, ACPI_OEM_ID, 6);
    put_chars(b, ACPI_OEM_TABLE_ID, 8);
    put_u32(b, ACPI_OEM_REVISION);
    put_chars(b, ACPI_CREATOR_ID, 4);
    put_u32(b, ACPI_CREATOR_REVISION);
    return start;
}

static void table_end(GByteArray *b, size_t start)
{
    patch_u32(b, start + HDR_LENGTH_OFF, b->len - start);
    b->data[start + HDR_CHECKSUM_OFF] = checksum_of(b, start, b->len - start);
}

/* ---- MADT ---- */

static void madt_cpu(GByteArray *b, uint32_t uid, uint32_t apic_id)
{
    if (apic_id <= ACPI_MADT_MAX_XAPIC_ID) {
        put_u8(b, ACPI_MADT_LOCAL_APIC);
        put_u8(b, ACPI_MADT_LOCAL_APIC_LEN);
        put_u8(b, uid);                     /* < 255: apic_id >= uid */
        put_u8(b, apic_id);
        put_u32(b, ACPI_MADT_ENABLED);
    } else {
        put_u8(b, ACPI_MADT_LOCAL_X2APIC);
        put_u8(b, ACPI_MADT_LOCAL_X2APIC_LEN);
        put_u16(b, 0);                      /* reserved */
        put_u32(b, apic_id);
        put_u32(b, ACPI_MADT_ENABLED);
        put_u32(b, uid);
    }
}

static void madt_override(GByteArray *b, uint8_t isa_irq, uint32_t gsi,
                          uint16_t flags)
{
    put_u8(b, ACPI_MADT_INT_SRC_OVERRIDE);
    put_u8(b, ACPI_MADT_INT_SRC_OVERRIDE_LEN);
    put_u8(b, ACPI_ISA_BUS);
    put_u8(b, isa_irq);
    put_u32(b, gsi);
    put_u16(b, flags);
}

static bool needs_x2apic(const struct acpi_build_config *cfg)
{
    for (int i = 0; i < cfg->nr_cpus; i++) {
        if (cfg->apic_ids[i] > ACPI_MADT_MAX_XAPIC_ID) {
            return true;
        }
    }
    return false;
}

static size_t build_madt(GByteArray *b, const struct acpi_build_config *cfg)
{
    bool x2apic = needs_x2apic(cfg);
    size_t start = table_begin(b, "APIC", x2apic ? ACPI_MADT_REVISION_X2APIC
                                                 : ACPI_MADT_REVISION);

    put_u32(b, ACPI_LAPIC_DEFAULT_ADDR);
    put_u32(b, cfg->has_pic ? ACPI_MADT_PCAT_COMPAT : 0);
    for (int i = 0; i < cfg->nr_cpus; i++) {
        madt_cpu(b, i, cfg->apic_ids[i]);
    }
    if (cfg->has_ioapic) {
        put_u8(b, ACPI_MADT_IO_APIC);
        put_u8(b, ACPI_MADT_IO_APIC_LEN);
        put_u8(b, cfg->ioapic_id);
        put_u8(b, 0);                       /* reserved */
        put_u32(b, cfg->ioapic_addr);
        put_u32(b, cfg->ioapic_gsi_base);
        /* The PIT's ISA IRQ 0 is IOAPIC input 2; edge/high as ISA says. */
        madt_override(b, PIT_ISA_IRQ, PIT_GSI,
                      ACPI_MPS_POLARITY_CONFORMS | ACPI_MPS_TRIGGER_CONFORMS);
        if (cfg->sci_irq >= 0) {
            /* The SCI is shareable: level-triggered, active high. */
            madt_override(b, cfg->sci_irq, cfg->sci_irq,
                          ACPI_MPS_POLARITY_HIGH | ACPI_MPS_TRIGGER_LEVEL);
        }
    }
    put_u8(b, ACPI_MADT_LOCAL_APIC_NMI);
    put_u8(b, ACPI_MADT_LOCAL_APIC_NMI_LEN);
    put_u8(b, ACPI_MADT_ALL_PROCESSORS);
    put_u16(b, ACPI_MPS_POLARITY_CONFORMS | ACPI_MPS_TRIGGER_CONFORMS);
    put_u8(b, ACPI_LINT_NMI);
    if (x2apic) {
        /* Processors listed by x2APIC entries need their own NMI entry. */
        put_u8(b, ACPI_MADT_LOCAL_X2APIC_NMI);
        put_u8(b, ACPI_MADT_LOCAL_X2APIC_NMI_LEN);
        put_u16(b, ACPI_MPS_POLARITY_CONFORMS | ACPI_MPS_TRIGGER_CONFORMS);
        put_u32(b, ACPI_MADT_ALL_PROCESSORS_X2APIC);
        put_u8(b, ACPI_LINT_NMI);
        put_u8(b, 0);                       /* reserved */
        put_u16(b, 0);
    }
    table_end(b, start);
    return start;
}

/* ---- root tables and the RSDP ---- */

static size_t build_root(GByteArray *b, const char *sig, uint64_t entry,
                         bool wide)
{
    size_t start = table_begin(b, sig, 1);

    if (wide) {
        put_u64(b, entry);
    } else {
        put_u32(b, entry);
    }
    table_end(b, start);
    return start;
}

/* The RSDP, written over the first 36 bytes of the blob. */
static void build_rsdp(GByteArray *blob, uint32_t rsdt, uint64_t xsdt)
{
    GByteArray *b = g_byte_array_sized_new(ACPI_RSDP_V2_LEN);

    put_chars(b, ACPI_RSDP_SIGNATURE, 8);
    put_u8(b, 0);                           /* checksum, patched */
    put_chars(b, ACPI_OEM_ID, 6);
    put_u8(b, 2);                           /* revision: XSDT present */
    put_u32(b, rsdt);
    put_u32(b, ACPI_RSDP_V2_LEN);
    put_u64(b, xsdt);
    put_u8(b, 0);                           /* extended checksum, patched */
    put_u8(b, 0);
    put_u16(b, 0);                          /* reserved */
    g_assert(b->len == ACPI_RSDP_V2_LEN);
    b->data[offsetof(struct acpi_rsdp, checksum)] =
        checksum_of(b, 0, ACPI_RSDP_V1_LEN);
    b->data[offsetof(struct acpi_rsdp, extended_checksum)] =
        checksum_of(b, 0, ACPI_RSDP_V2_LEN);
    memcpy(blob->data, b->data, ACPI_RSDP_V2_LEN);
    g_byte_array_free(b, TRUE);
}

static int check_config(const struct acpi_build_config *cfg, uint32_t base,
                        Error **errp)
{
    if (base % ACPI_RSDP_ALIGN) {
        error_setg(errp, "ACPI: RSDP address 0x%" PRIx32 " is not 16-byte "
                   "aligned", base);
        return -EINVAL;
    }
    if (cfg->nr_cpus < 1 || !cfg->apic_ids) {
        error_setg(errp, "ACPI: the MADT needs at least one CPU");
        return -EINVAL;
    }
    for (int i = 0; i < cfg->nr_cpus; i++) {
        for (int j = 0; j < i; j++) {
            if (cfg->apic_ids[i] == cfg->apic_ids[j]) {
                error_setg(errp, "ACPI: CPUs %d and %d share APIC ID %" PRIu32,
                           j, i, cfg->apic_ids[i]);
                return -EINVAL;
            }
        }
    }
    if (cfg->sci_irq == 0 || cfg->sci_irq >= ACPI_ISA_NUM_IRQS) {
        error_setg(errp, "ACPI: SCI IRQ %d is not an ISA IRQ 1-15",
                   cfg->sci_irq);
        return -EINVAL;
    }
    return 0;
}

GByteArray *acpi_build_tables(const struct acpi_build_config *cfg,
                              uint32_t base, Error **errp)
{
    GByteArray *b;
    size_t madt, rsdt, xsdt;

    if (check_config(cfg, base, errp) < 0) {
        return NULL;
    }
    b = g_byte_array_new();
    /* The RSDP comes first; its pointers are known only at the end. */
    g_byte_array_set_size(b, ACPI_RSDP_V2_LEN);
    memset(b->data, 0, ACPI_RSDP_V2_LEN);
    madt = build_madt(b, cfg);
    rsdt = build_root(b, "RSDT", base + madt, false);
    xsdt = build_root(b, "XSDT", base + madt, true);
    if ((uint64_t)base + b->len > (uint64_t)UINT32_MAX + 1) {
        error_setg(errp, "ACPI: %u bytes of tables at 0x%" PRIx32 " cross "
                   "4 GiB", b->len, base);
        g_byte_array_free(b, TRUE);
        return NULL;
    }
    build_rsdp(b, base + rsdt, base + xsdt);
    return b;
}
