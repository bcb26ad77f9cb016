/*
 * ACPI as an OS finds it (-smp N -append cpus=N): the RSDP by scanning
 * 0xE0000-0xFFFFF in 16-byte steps, the RSDT and (ACPI 2.0+) the XSDT,
 * and the MADT: one enabled Local APIC per CPU with the BSP first, the
 * IOAPIC (whose ID register must agree), ISA IRQ 0 -> GSI 2, the SCI on
 * IRQ 9 as level/active-high, an NMI on LINT1 of every CPU, PCAT_COMPAT.
 *
 * With -append acpi=off (run with -machine acpi=off or -no-acpi) it checks
 * instead that no RSDP is there.
 *
 * Parsed here rather than with lib/acpi.c so that the RSDT and XSDT paths
 * are both checked and every entry's length is validated.
 */
#include "guest.h"

#define SCAN_START      0xe0000UL
#define SCAN_END        0x100000UL
#define LAPIC_ADDR      0xfee00000U
#define IOAPIC_ADDR     0xfec00000U
#define SCI_IRQ         9
#define FW_CFG_NB_CPUS  0x05

struct rsdp {
    char signature[8];
    uint8_t checksum;
    char oem_id[6];
    uint8_t revision;
    uint32_t rsdt;
    uint32_t length;
    uint64_t xsdt;
    uint8_t ext_checksum;
    uint8_t reserved[3];
} __attribute__((packed));

static uint8_t sum(const void *p, uint32_t len)
{
    const uint8_t *b = p;
    uint8_t s = 0;

    while (len--) {
        s += *b++;
    }
    return s;
}

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return v;
}

/* Every 16-byte boundary with the signature and a valid checksum. */
static const struct rsdp *scan_rsdp(int *count)
{
    const struct rsdp *found = NULL;

    *count = 0;
    for (uintptr_t a = SCAN_START; a < SCAN_END; a += 16) {
        const struct rsdp *r = (const void *)a;

        if (!memcmp(r->signature, "RSD PTR ", 8) && sum(r, 20) == 0) {
            found = found ? found : r;
            ++*count;
        }
    }
    return found;
}

/* A table at addr with this signature and a valid checksum, or NULL. */
static const struct acpi_header *table_at(uint64_t addr, const char *sig)
{
    const struct acpi_header *h = (const void *)(uintptr_t)addr;

    if (!addr || addr >= 0xfec00000ULL || memcmp(h->signature, sig, 4) ||
        h->length < sizeof(*h) || h->length > 0x10000 ||
        sum(h, h->length) != 0) {
        return NULL;
    }
    return h;
}

/* The MADT's address from a root table (entry size 4 or 8), or 0. */
static uint64_t madt_in_root(const struct acpi_header *root, unsigned size)
{
    unsigned n = (root->length - sizeof(*root)) / size;
    const uint8_t *e = (const uint8_t *)(root + 1);

    for (unsigned i = 0; i < n; i++, e += size) {
        uint64_t addr = 0;

        memcpy(&addr, e, size);
        if (table_at(addr, "APIC")) {
            return addr;
        }
    }
    return 0;
}

struct madt_seen {
    bool lengths_ok;            /* every entry's length fits its type */
    int cpus, ioapics, lapic_nmis;
    uint8_t ids[MAX_CPUS];
    uint8_t ioapic_id;
    uint32_t ioapic_addr, ioapic_gsi_base;
    bool iso[16];
    uint32_t iso_gsi[16];
    uint16_t iso_flags[16];
    uint8_t nmi_uid, nmi_lint;
    uint16_t nmi_flags;
};

static void madt_entry(struct madt_seen *m, const uint8_t *e)
{
    static const uint8_t min_len[] = { 8, 12, 10, 8, 6 };

    if (e[0] < sizeof(min_len) && e[1] < min_len[e[0]]) {
        m->lengths_ok = false;
        return;
    }
    switch (e[0]) {
    case 0:                     /* Processor Local APIC */
        if ((rd32(e + 4) & 1) && m->cpus < MAX_CPUS) {
            m->ids[m->cpus++] = e[3];
        }
        break;
    case 1:                     /* I/O APIC */
        if (m->ioapics++ == 0) {
            m->ioapic_id = e[2];
            m->ioapic_addr = rd32(e + 4);
            m->ioapic_gsi_base = rd32(e + 8);
        }
        break;
    case 2:                     /* Interrupt Source Override */
        if (e[2] == 0 && e[3] < 16) {
            m->iso[e[3]] = true;
            m->iso_gsi[e[3]] = rd32(e + 4);
            memcpy(&m->iso_flags[e[3]], e + 8, 2);
        }
        break;
    case 4:                     /* Local APIC NMI */
        m->lapic_nmis++;
        m->nmi_uid = e[2];
        memcpy(&m->nmi_flags, e + 3, 2);
        m->nmi_lint = e[5];
        break;
    }
}

static void walk_madt(const struct acpi_header *h, struct madt_seen *m)
{
    const uint8_t *p = (const uint8_t *)h + sizeof(*h) + 8;
    const uint8_t *end = (const uint8_t *)h + h->length;

    memset(m, 0, sizeof(*m));
    m->lengths_ok = true;
    while (p < end) {
        if (end - p < 2 || p[1] < 2 || p[1] > end - p) {
            m->lengths_ok = false;
            return;
        }
        madt_entry(m, p);
        p += p[1];
    }
}

static void check_cpus(const struct madt_seen *m)
{
    unsigned want = param_ulong("cpus", 1);
    bool distinct = true;

    report_eq(m->cpus, want, "one enabled Local APIC entry per CPU");
    report_eq(m->cpus, fwcfg_read_u16(FW_CFG_NB_CPUS),
              "as many as fw_cfg NB_CPUS");
    for (int i = 0; i < m->cpus; i++) {
        for (int j = 0; j < i; j++) {
            distinct &= m->ids[i] != m->ids[j];
        }
    }
    report(distinct, "Local APIC IDs are distinct");
    report(m->cpus > 0 && m->ids[0] == lapic_id(),
           "the first Local APIC entry is the BSP");
}

static void check_ioapic(const struct madt_seen *m)
{
    report_eq(m->ioapics, 1, "one I/O APIC entry");
    report_eq(m->ioapic_addr, IOAPIC_ADDR, "I/O APIC at 0xfec00000");
    report_eq(m->ioapic_gsi_base, 0, "I/O APIC GSI base 0");
    ioapic_set_base(m->ioapic_addr);
    report_eq(m->ioapic_id, (ioapic_read(IOAPIC_REG_ID) >> 24) & 0xf,
              "I/O APIC ID matches its ID register");
}

static void check_overrides(const struct madt_seen *m)
{
    bool others = false;

    report(m->iso[0] && m->iso_gsi[0] == 2, "ISA IRQ 0 overridden to GSI 2");
    report_eq(m->iso_flags[0], 0, "IRQ 0 override flags: conforms");
    report(m->iso[SCI_IRQ] && m->iso_gsi[SCI_IRQ] == SCI_IRQ,
           "SCI IRQ 9 override to GSI 9");
    report_eq(m->iso_flags[SCI_IRQ], 0xd,
              "SCI override: level-triggered, active high");
    /* QEMU adds 5, 10, 11 for PCI; no one overrides the ISA devices'. */
    for (int irq = 1; irq < 16; irq++) {
        if (irq != 5 && irq != SCI_IRQ && irq != 10 && irq != 11) {
            others |= m->iso[irq];
        }
    }
    report(!others, "no override for ISA IRQs 1-4, 6-8, 12-15");
}

static void check_madt(const struct acpi_header *h)
{
    struct madt_seen m;
    const uint8_t *fixed = (const uint8_t *)(h + 1);

    report_info("MADT revision %u, %u bytes, OEM %.6s", h->revision,
                h->length, h->oem_id);
    report_eq(rd32(fixed), LAPIC_ADDR, "MADT Local APIC address");
    report_eq(rd32(fixed + 4) & 1, 1, "MADT PCAT_COMPAT flag (8259s present)");
    walk_madt(h, &m);
    report(m.lengths_ok, "every MADT entry has a valid length");
    check_cpus(&m);
    check_ioapic(&m);
    check_overrides(&m);
    report_eq(m.lapic_nmis, 1, "one Local APIC NMI entry");
    report_eq(m.nmi_uid, 0xff, "NMI entry covers all processors");
    report_eq(m.nmi_lint, 1, "NMI on LINT1");
    report_eq(m.nmi_flags, 0, "NMI entry flags: conforms");
}

int main(void)
{
    int count;
    const struct rsdp *r = scan_rsdp(&count);
    const struct acpi_header *rsdt, *xsdt;
    uint64_t madt = 0, xmadt;
    char acpi[8] = "on";

    param_get("acpi", acpi, sizeof(acpi));
    if (!strcmp(acpi, "off")) {
        /* -machine acpi=off or -no-acpi: no tables at all. */
        report(r == NULL, "no RSDP with ACPI off");
        report_summary();
    }
    report(r != NULL, "RSDP found by scanning 0xE0000-0xFFFFF");
    if (!r) {
        report_summary();
    }
    report_info("RSDP at 0x%lx, revision %u, OEM %.6s", (uintptr_t)r,
                r->revision, r->oem_id);
    report_eq(count, 1, "exactly one valid RSDP in the area");
    rsdt = table_at(r->rsdt, "RSDT");
    report(rsdt != NULL, "RSDT valid (signature, checksum)");
    if (rsdt) {
        madt = madt_in_root(rsdt, 4);
        report(madt != 0, "RSDT lists a valid MADT");
    }
    if (r->revision < 2) {
        report_skip("XSDT: RSDP revision %u (ACPI 1.0)", r->revision);
    } else {
        report_eq(r->length, 36, "RSDP length 36");
        report_eq(sum(r, 36), 0, "RSDP extended checksum");
        xsdt = table_at(r->xsdt, "XSDT");
        report(xsdt != NULL, "XSDT valid (signature, checksum)");
        xmadt = xsdt ? madt_in_root(xsdt, 8) : 0;
        report(xmadt != 0 && xmadt == madt, "XSDT lists the same MADT");
    }
    if (madt) {
        check_madt(table_at(madt, "APIC"));
    }
    report_summary();
}
