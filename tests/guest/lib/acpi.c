/* RSDP scan, RSDT/XSDT walk and MADT summary (see acpi.h). */
#include "acpi.h"
#include "libc.h"
#include "report.h"

#define RSDP_SCAN_START 0xe0000UL
#define RSDP_SCAN_END   0x100000UL
#define IOAPIC_DEFAULT_ADDR 0xfec00000U
#define LAPIC_DEFAULT_ADDR  0xfee00000U

struct rsdp {
    char signature[8];          /* "RSD PTR " */
    uint8_t checksum;           /* over the first 20 bytes */
    char oem_id[6];
    uint8_t revision;           /* 0: ACPI 1.0, RSDT only */
    uint32_t rsdt_address;
    uint32_t length;            /* revision >= 2 from here on */
    uint64_t xsdt_address;
    uint8_t extended_checksum;
    uint8_t reserved[3];
} __attribute__((packed));

enum {
    MADT_LAPIC = 0,
    MADT_IOAPIC = 1,
    MADT_ISO = 2,
    MADT_LAPIC_NMI = 4,
};

static bool checksum_ok(const void *p, uint32_t len)
{
    const uint8_t *b = p;
    uint8_t sum = 0;

    for (uint32_t i = 0; i < len; i++) {
        sum += b[i];
    }
    return sum == 0;
}

static const struct rsdp *find_rsdp(void)
{
    /* "RSD PTR " as one little-endian quadword: one compare per step. */
    const uint64_t sig = 0x2052545020445352ULL;

    for (uintptr_t a = RSDP_SCAN_START; a < RSDP_SCAN_END; a += 16) {
        if (*(const volatile uint64_t *)a == sig &&
            checksum_ok((const void *)a, 20)) {
            return (const struct rsdp *)a;
        }
    }
    return NULL;
}

static const struct acpi_header *valid_table(uint64_t addr)
{
    const struct acpi_header *h = (const void *)(uintptr_t)addr;

    /* Only the first 4 GiB are mapped; tables live far below that. */
    if (!addr || addr >= 0x100000000ULL - 0x10000 ||
        h->length < sizeof(*h) || h->length > 0x10000 ||
        !checksum_ok(h, h->length)) {
        return NULL;
    }
    return h;
}

const struct acpi_header *acpi_find_table(const char *sig)
{
    const struct rsdp *rsdp = find_rsdp();
    const struct acpi_header *root;
    bool xsdt = false;
    uint32_t n;

    if (!rsdp) {
        return NULL;
    }
    root = NULL;
    if (rsdp->revision >= 2 && rsdp->xsdt_address) {
        root = valid_table(rsdp->xsdt_address);
        xsdt = root != NULL;
    }
    if (!root) {
        root = valid_table(rsdp->rsdt_address);
    }
    if (!root) {
        return NULL;
    }
    n = (root->length - sizeof(*root)) / (xsdt ? 8 : 4);
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *e = (const uint8_t *)(root + 1) + i * (xsdt ? 8 : 4);
        uint64_t addr = 0;
        const struct acpi_header *t;

        memcpy(&addr, e, xsdt ? 8 : 4);
        t = valid_table(addr);
        if (t && memcmp(t->signature, sig, 4) == 0) {
            return t;
        }
    }
    return NULL;
}

static void madt_defaults(struct madt_info *m)
{
    memset(m, 0, sizeof(*m));
    m->lapic_addr = LAPIC_DEFAULT_ADDR;
    m->ioapic_addr = IOAPIC_DEFAULT_ADDR;
    m->lint_nmi = -1;
    for (int i = 0; i < 16; i++) {
        m->isa_gsi[i] = i;
    }
    /*
     * Every PC VMM wires the PIT to pin 2 and says so with an override;
     * without one (or without ACPI) assume the convention, not pin 0.
     */
    m->isa_gsi[0] = 2;
}

bool madt_parse(struct madt_info *m)
{
    const struct acpi_header *h = acpi_find_table("APIC");
    const uint8_t *p, *end;
    uint32_t lapic_addr;

    madt_defaults(m);
    if (!h || h->length < sizeof(*h) + 8) {
        return false;
    }
    m->found = true;
    p = (const uint8_t *)(h + 1);
    memcpy(&lapic_addr, p, 4);
    m->lapic_addr = lapic_addr;
    end = (const uint8_t *)h + h->length;
    for (p += 8; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1]) {
        uint32_t u32;
        uint16_t u16;

        switch (p[0]) {
        case MADT_LAPIC:
            /* p[2] processor UID, p[3] APIC ID, flags bit 0 enabled */
            memcpy(&u32, p + 4, 4);
            if ((u32 & 1) && m->nr_cpus < MAX_CPUS) {
                m->apic_ids[m->nr_cpus++] = p[3];
            }
            break;
        case MADT_IOAPIC:
            if (m->nr_ioapics++ == 0) {
                m->ioapic_id = p[2];
                memcpy(&m->ioapic_addr, p + 4, 4);
                memcpy(&m->ioapic_gsi_base, p + 8, 4);
            }
            break;
        case MADT_ISO:
            /* p[2] bus (0 = ISA), p[3] source IRQ, GSI, flags */
            if (p[2] == 0 && p[3] < 16) {
                memcpy(&u32, p + 4, 4);
                memcpy(&u16, p + 8, 2);
                m->isa_gsi[p[3]] = u32;
                m->isa_flags[p[3]] = u16;
                m->isa_overridden[p[3]] = true;
            }
            break;
        case MADT_LAPIC_NMI:
            /* p[2] processor UID (0xff = all), flags, p[5] LINT pin */
            m->lint_nmi = p[5];
            break;
        }
    }
    return true;
}

void madt_print(const struct madt_info *m)
{
    if (!m->found) {
        report_info("no MADT: assuming IOAPIC at 0x%x, IRQ 0 on GSI 2",
                    m->ioapic_addr);
        return;
    }
    report_info("MADT: %d CPUs, %d IOAPICs (first: id %u at 0x%x, GSI "
                "base %u), LINT NMI %d", m->nr_cpus, m->nr_ioapics,
                m->ioapic_id, m->ioapic_addr, m->ioapic_gsi_base,
                m->lint_nmi);
    for (int i = 0; i < 16; i++) {
        if (m->isa_overridden[i]) {
            report_info("MADT: ISA IRQ %d -> GSI %u flags 0x%x", i,
                        m->isa_gsi[i], m->isa_flags[i]);
        }
    }
}
