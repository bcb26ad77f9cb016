/*
 * The ACPI table builder: the blob is parsed the way an OS does (scan for
 * the RSDP, follow RSDT and XSDT) and every checksum, length and MADT field
 * is checked against the ACPI layout and QEMU's pc machine; acpica's
 * disassembler (`iasl -d`) must accept RSDT, XSDT and MADT without
 * complaint.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/acpi/acpi-build.h"
#include "hw/acpi/acpi-tables.h"

#include <sys/wait.h>

#define BIOS_AREA_LEN (ACPI_RSDP_SCAN_END - ACPI_RSDP_SCAN_START)
#define IOAPIC_ADDR 0xfec00000u

static const uint32_t ids_1[] = { 0 };
static const uint32_t ids_2[] = { 0, 1 };
/* -smp 4,sockets=2,cores=1,threads=2 style holes are fine too. */
static const uint32_t ids_4[] = { 0, 1, 4, 5 };

static struct acpi_build_config pc_config(int n, const uint32_t *ids)
{
    return (struct acpi_build_config){
        .nr_cpus = n,
        .apic_ids = ids,
        .has_ioapic = true,
        .ioapic_id = 0,
        .ioapic_addr = IOAPIC_ADDR,
        .ioapic_gsi_base = 0,
        .has_pic = true,
        .sci_irq = 9,
    };
}

/* ---- a guest-physical view of the blob ---- */

struct image {
    GByteArray *blob;
    uint32_t base;
};

static struct image build(const struct acpi_build_config *cfg, uint32_t base)
{
    Error *err = NULL;
    struct image im = { acpi_build_tables(cfg, base, &err), base };

    if (err) {
        g_printerr("%s\n", error_get_pretty(err));
    }
    g_assert_null(err);
    g_assert_nonnull(im.blob);
    return im;
}

/* Host pointer for [gpa, gpa + len), which must lie inside the blob. */
static const uint8_t *at(const struct image *im, uint64_t gpa, size_t len)
{
    g_assert_cmpuint(gpa, >=, im->base);
    g_assert_cmpuint(gpa + len, <=, (uint64_t)im->base + im->blob->len);
    return im->blob->data + (gpa - im->base);
}

static uint8_t sum(const uint8_t *p, size_t len)
{
    uint8_t s = 0;

    while (len--) {
        s += *p++;
    }
    return s;
}

static uint16_t rd16(const uint8_t *p)
{
    return p[0] | p[1] << 8;
}

static uint32_t rd32(const uint8_t *p)
{
    return rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static uint64_t rd64(const uint8_t *p)
{
    return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* Check a table header; returns the table's length. */
static uint32_t check_header(const struct image *im, uint64_t gpa,
                             const char *sig, uint8_t revision)
{
    const struct acpi_table_header *h =
        (const void *)at(im, gpa, ACPI_HEADER_LEN);
    uint32_t len = h->length;

    g_assert_cmpmem(h->signature, 4, sig, 4);
    g_assert_cmpuint(len, >=, ACPI_HEADER_LEN);
    g_assert_cmpuint(h->revision, ==, revision);
    g_assert_cmpuint(sum(at(im, gpa, len), len), ==, 0);
    g_assert_cmpmem(h->oem_id, 6, ACPI_OEM_ID, 6);
    g_assert_cmpmem(h->oem_table_id, 8, ACPI_OEM_TABLE_ID, 8);
    g_assert_cmpuint(h->oem_revision, ==, ACPI_OEM_REVISION);
    g_assert_cmpmem(h->creator_id, 4, ACPI_CREATOR_ID, 4);
    g_assert_cmpuint(h->creator_revision, ==, ACPI_CREATOR_REVISION);
    return len;
}

static const struct acpi_rsdp *rsdp_of(const struct image *im)
{
    return (const void *)at(im, im->base, ACPI_RSDP_V2_LEN);
}

/* The MADT's address, found through the RSDT and checked in the XSDT. */
static uint64_t madt_addr(const struct image *im)
{
    const struct acpi_rsdp *r = rsdp_of(im);
    uint32_t rsdt_len = check_header(im, r->rsdt_address, "RSDT", 1);
    uint32_t xsdt_len = check_header(im, r->xsdt_address, "XSDT", 1);
    uint32_t from_rsdt;
    uint64_t from_xsdt;

    g_assert_cmpuint(rsdt_len, ==, ACPI_HEADER_LEN + 4);
    g_assert_cmpuint(xsdt_len, ==, ACPI_HEADER_LEN + 8);
    from_rsdt = rd32(at(im, r->rsdt_address + ACPI_HEADER_LEN, 4));
    from_xsdt = rd64(at(im, r->xsdt_address + ACPI_HEADER_LEN, 8));
    g_assert_cmphex(from_rsdt, ==, from_xsdt);
    return from_rsdt;
}

/* ---- RSDP ---- */

static void test_rsdp(void)
{
    struct acpi_build_config cfg = pc_config(2, ids_2);
    struct image im = build(&cfg, 0xe0000);
    const struct acpi_rsdp *r = rsdp_of(&im);
    const uint8_t *raw = (const uint8_t *)r;

    g_assert_cmpmem(r->signature, 8, ACPI_RSDP_SIGNATURE, 8);
    g_assert_cmpuint(sum(raw, ACPI_RSDP_V1_LEN), ==, 0);
    g_assert_cmpuint(sum(raw, ACPI_RSDP_V2_LEN), ==, 0);
    g_assert_cmpuint(r->revision, ==, 2);
    g_assert_cmpuint(r->length, ==, ACPI_RSDP_V2_LEN);
    g_assert_cmpmem(r->oem_id, 6, ACPI_OEM_ID, 6);
    g_assert_cmpmem(r->reserved, 3, "\0\0\0", 3);
    /* Both roots lie inside the blob, after the RSDP, 16-byte aligned. */
    g_assert_cmpuint(r->rsdt_address, >=, im.base + ACPI_RSDP_V2_LEN);
    g_assert_cmpuint(r->xsdt_address, >=, im.base + ACPI_RSDP_V2_LEN);
    g_assert_cmpuint(r->rsdt_address % 16, ==, 0);
    g_assert_cmpuint(r->xsdt_address % 16, ==, 0);
    g_assert_cmpuint(r->xsdt_address, !=, r->rsdt_address);
    /* The whole blob is the RSDP and three tables, nothing dangling. */
    g_assert_cmpuint(r->xsdt_address + ACPI_HEADER_LEN + 8, ==,
                     im.base + im.blob->len);
    madt_addr(&im);
    g_byte_array_free(im.blob, TRUE);
}

/*
 * An OS scans 0xE0000-0xFFFFF in 16-byte steps for the signature with a
 * valid checksum. Put the blob in a simulated BIOS area, with a decoy
 * signature whose checksum is wrong in front of it.
 */
static uint32_t scan(const uint8_t *area)
{
    for (uint32_t off = 0; off < BIOS_AREA_LEN; off += ACPI_RSDP_ALIGN) {
        if (!memcmp(area + off, ACPI_RSDP_SIGNATURE, 8) &&
            sum(area + off, ACPI_RSDP_V1_LEN) == 0) {
            return ACPI_RSDP_SCAN_START + off;
        }
    }
    return 0;
}

static void test_rsdp_scan(void)
{
    static const uint32_t bases[] = { 0xe0000, 0xe1230, 0xffe00 };
    struct acpi_build_config cfg = pc_config(2, ids_2);

    for (size_t i = 0; i < G_N_ELEMENTS(bases); i++) {
        g_autofree uint8_t *area = g_malloc(BIOS_AREA_LEN);
        struct image im = build(&cfg, bases[i]);
        uint32_t off = bases[i] - ACPI_RSDP_SCAN_START;

        memset(area, 0xff, BIOS_AREA_LEN);
        if (off >= 0x100) {
            memcpy(area + off - 0x100, ACPI_RSDP_SIGNATURE, 8);
        }
        g_assert_cmpuint(off + im.blob->len, <=, BIOS_AREA_LEN);
        memcpy(area + off, im.blob->data, im.blob->len);
        g_assert_cmphex(scan(area), ==, bases[i]);
        g_byte_array_free(im.blob, TRUE);
    }
}

/* ---- MADT ---- */

struct madt_expect {
    bool pic, ioapic;
    int sci;                    /* -1: none */
    int nr_cpus;
    const uint32_t *ids;
};

/* One entry: its type and length must agree, and fit in the table. */
static const uint8_t *next_entry(const uint8_t **p, const uint8_t *end,
                                 uint8_t type, uint8_t len)
{
    const uint8_t *e = *p;

    g_assert_cmpuint(end - e, >=, 2);
    g_assert_cmpuint(e[0], ==, type);
    g_assert_cmpuint(e[1], ==, len);
    g_assert_cmpuint(end - e, >=, len);
    *p = e + len;
    return e;
}

static void check_override(const uint8_t **p, const uint8_t *end,
                           uint8_t irq, uint32_t gsi, uint16_t flags)
{
    const uint8_t *e = next_entry(p, end, ACPI_MADT_INT_SRC_OVERRIDE,
                                  ACPI_MADT_INT_SRC_OVERRIDE_LEN);

    g_assert_cmpuint(e[2], ==, ACPI_ISA_BUS);
    g_assert_cmpuint(e[3], ==, irq);
    g_assert_cmpuint(rd32(e + 4), ==, gsi);
    g_assert_cmphex(rd16(e + 8), ==, flags);
}

static void check_madt(const struct image *im, const struct madt_expect *x)
{
    uint64_t gpa = madt_addr(im);
    bool x2apic = false;
    uint32_t len;
    const uint8_t *t, *p, *end, *e;

    for (int i = 0; i < x->nr_cpus; i++) {
        x2apic |= x->ids[i] > ACPI_MADT_MAX_XAPIC_ID;
    }
    len = check_header(im, gpa, "APIC", x2apic ? 3 : 1);
    t = at(im, gpa, len);
    end = t + len;
    g_assert_cmphex(rd32(t + ACPI_HEADER_LEN), ==, 0xfee00000);
    g_assert_cmphex(rd32(t + ACPI_HEADER_LEN + 4), ==, x->pic ? 1 : 0);
    p = t + ACPI_MADT_FIXED_LEN;
    for (int i = 0; i < x->nr_cpus; i++) {
        if (x->ids[i] <= ACPI_MADT_MAX_XAPIC_ID) {
            e = next_entry(&p, end, ACPI_MADT_LOCAL_APIC, 8);
            g_assert_cmpuint(e[2], ==, i);              /* UID = index */
            g_assert_cmpuint(e[3], ==, x->ids[i]);
            g_assert_cmphex(rd32(e + 4), ==, ACPI_MADT_ENABLED);
        } else {
            e = next_entry(&p, end, ACPI_MADT_LOCAL_X2APIC, 16);
            g_assert_cmpuint(rd16(e + 2), ==, 0);
            g_assert_cmpuint(rd32(e + 4), ==, x->ids[i]);
            g_assert_cmphex(rd32(e + 8), ==, ACPI_MADT_ENABLED);
            g_assert_cmpuint(rd32(e + 12), ==, i);
        }
    }
    if (x->ioapic) {
        e = next_entry(&p, end, ACPI_MADT_IO_APIC, 12);
        g_assert_cmpuint(e[2], ==, 0);                  /* IOAPIC ID */
        g_assert_cmpuint(e[3], ==, 0);
        g_assert_cmphex(rd32(e + 4), ==, IOAPIC_ADDR);
        g_assert_cmpuint(rd32(e + 8), ==, 0);           /* GSI base */
        check_override(&p, end, 0, 2, 0x0);             /* conforms */
        if (x->sci >= 0) {
            check_override(&p, end, x->sci, x->sci, 0xd);   /* level/high */
        }
    }
    e = next_entry(&p, end, ACPI_MADT_LOCAL_APIC_NMI, 6);
    g_assert_cmphex(e[2], ==, 0xff);                    /* all CPUs */
    g_assert_cmphex(rd16(e + 3), ==, 0);
    g_assert_cmpuint(e[5], ==, 1);                      /* LINT1 */
    if (x2apic) {
        e = next_entry(&p, end, ACPI_MADT_LOCAL_X2APIC_NMI, 12);
        g_assert_cmphex(rd16(e + 2), ==, 0);
        g_assert_cmphex(rd32(e + 4), ==, 0xffffffff);
        g_assert_cmpuint(e[8], ==, 1);
    }
    g_assert_true(p == end);
}

static void test_madt_pc(void)
{
    static const struct { int n; const uint32_t *ids; } cases[] = {
        { 1, ids_1 }, { 2, ids_2 }, { 4, ids_4 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        struct acpi_build_config cfg = pc_config(cases[i].n, cases[i].ids);
        struct image im = build(&cfg, 0xe0000);
        struct madt_expect x = { true, true, 9, cases[i].n, cases[i].ids };
        const struct acpi_table_header *h;

        check_madt(&im, &x);
        /* Exactly QEMU's size for the same CPUs without the PCI IRQs. */
        h = (const void *)at(&im, madt_addr(&im), ACPI_HEADER_LEN);
        g_assert_cmpuint(h->length, ==, 44 + 8 * cases[i].n + 12 + 2 * 10
                                        + 6);
        g_byte_array_free(im.blob, TRUE);
    }
}

static void test_madt_variants(void)
{
    struct acpi_build_config cfg = pc_config(2, ids_2);
    struct madt_expect x = { false, true, 9, 2, ids_2 };
    struct image im;

    cfg.has_pic = false;                /* pic=off: no PCAT_COMPAT */
    im = build(&cfg, 0xe0000);
    check_madt(&im, &x);
    g_byte_array_free(im.blob, TRUE);

    cfg.sci_irq = -1;                   /* no SCI override */
    x.sci = -1;
    im = build(&cfg, 0xe0000);
    check_madt(&im, &x);
    g_byte_array_free(im.blob, TRUE);

    cfg = pc_config(2, ids_2);
    cfg.has_ioapic = false;             /* no IOAPIC, no overrides */
    x = (struct madt_expect){ true, false, 9, 2, ids_2 };
    im = build(&cfg, 0xe0000);
    check_madt(&im, &x);
    g_byte_array_free(im.blob, TRUE);

    /* Another IOAPIC ID, address and GSI base are published as given. */
    cfg = pc_config(1, ids_1);
    cfg.ioapic_id = 3;
    cfg.ioapic_addr = 0xfec01000;
    cfg.ioapic_gsi_base = 24;
    im = build(&cfg, 0xe0000);
    {
        const uint8_t *e = at(&im, madt_addr(&im) + ACPI_MADT_FIXED_LEN + 8,
                              12);

        g_assert_cmpuint(e[0], ==, ACPI_MADT_IO_APIC);
        g_assert_cmpuint(e[2], ==, 3);
        g_assert_cmphex(rd32(e + 4), ==, 0xfec01000);
        g_assert_cmpuint(rd32(e + 8), ==, 24);
    }
    g_byte_array_free(im.blob, TRUE);
}

/* APIC IDs above 254 need Local x2APIC entries (and an x2APIC NMI). */
static void test_madt_x2apic(void)
{
    static const uint32_t ids[] = { 0, 1, 254, 255, 300 };
    struct acpi_build_config cfg = pc_config(5, ids);
    struct madt_expect x = { true, true, 9, 5, ids };
    struct image im = build(&cfg, 0xe0000);

    check_madt(&im, &x);
    g_byte_array_free(im.blob, TRUE);
}

static void expect_error(const struct acpi_build_config *cfg, uint32_t base,
                         const char *what)
{
    Error *err = NULL;

    g_assert_null(acpi_build_tables(cfg, base, &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), what));
    error_free(err);
}

static void test_errors(void)
{
    static const uint32_t dup[] = { 0, 1, 1 };
    struct acpi_build_config cfg = pc_config(0, ids_1);

    expect_error(&cfg, 0xe0000, "at least one CPU");
    cfg = pc_config(3, dup);
    expect_error(&cfg, 0xe0000, "share APIC ID 1");
    cfg = pc_config(1, ids_1);
    expect_error(&cfg, 0xe0008, "not 16-byte aligned");
    cfg.sci_irq = 0;
    expect_error(&cfg, 0xe0000, "SCI IRQ 0");
    cfg.sci_irq = 16;
    expect_error(&cfg, 0xe0000, "SCI IRQ 16");
    cfg.sci_irq = 9;
    expect_error(&cfg, 0xffffffc0, "cross 4 GiB");
}

/* ---- acpica's disassembler ---- */

static char *run_iasl(const char *dir, const char *file)
{
    char *argv[] = { (char *)"iasl", (char *)"-d", (char *)file, NULL };
    char *out = NULL, *err = NULL;
    int status = -1;

    g_assert_true(g_spawn_sync(dir, argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                               NULL, &out, &err, &status, NULL));
    if (!g_spawn_check_wait_status(status, NULL)) {
        g_printerr("iasl -d %s failed:\n%s%s\n", file, out, err);
    }
    g_assert_true(g_spawn_check_wait_status(status, NULL));
    /* A bad checksum, length or subtable is reported, not fatal. */
    g_assert_null(strstr(out, "Warning"));
    g_assert_null(strstr(out, "Error"));
    g_assert_null(strstr(out, "****"));
    g_assert_null(strstr(err, "Warning"));
    g_assert_null(strstr(err, "****"));
    g_free(err);
    return out;
}

static char *disassemble(const char *dir, const char *name, const void *data,
                         size_t len)
{
    g_autofree char *dat = g_strdup_printf("%s/%s.dat", dir, name);
    g_autofree char *dsl = g_strdup_printf("%s/%s.dsl", dir, name);
    g_autofree char *dat_name = g_strdup_printf("%s.dat", name);
    char *text = NULL;

    g_assert_true(g_file_set_contents(dat, data, len, NULL));
    g_free(run_iasl(dir, dat_name));
    g_assert_true(g_file_get_contents(dsl, &text, NULL, NULL));
    /* e.g. "Incorrect checksum, should be 76" beside the field */
    g_assert_null(strstr(text, "Incorrect"));
    unlink(dat);
    unlink(dsl);
    return text;
}

static void assert_contains(const char *text, const char *needle)
{
    if (!strstr(text, needle)) {
        g_printerr("missing \"%s\" in:\n%s\n", needle, text);
    }
    g_assert_nonnull(strstr(text, needle));
}

static void test_iasl(void)
{
    static const uint32_t ids[] = { 0, 1, 300 };
    struct acpi_build_config cfg = pc_config(3, ids);
    g_autofree char *iasl = g_find_program_in_path("iasl");
    g_autofree char *dir = NULL;
    struct image im;
    const struct acpi_rsdp *r;
    uint64_t madt;
    char *text;

    if (!iasl) {
        g_test_skip("iasl (acpica-tools) not installed");
        return;
    }
    dir = g_dir_make_tmp("acpi-test-XXXXXX", NULL);
    g_assert_nonnull(dir);
    im = build(&cfg, 0xe0000);
    r = rsdp_of(&im);
    madt = madt_addr(&im);

    /* iasl 2020 does not take an RSDP alone ("not a valid ACPI table"). */
    text = disassemble(dir, "rsdt", at(&im, r->rsdt_address, 40), 40);
    assert_contains(text, "ACPI Table Address   0 : 000E0030");
    g_free(text);
    text = disassemble(dir, "xsdt", at(&im, r->xsdt_address, 44), 44);
    assert_contains(text, "ACPI Table Address   0 : 00000000000E0030");
    g_free(text);
    text = disassemble(dir, "apic", at(&im, madt, 8),
                       rd32(at(&im, madt + 4, 4)));
    assert_contains(text, "Local Apic Address : FEE00000");
    assert_contains(text, "PC-AT Compatibility : 1");
    assert_contains(text, "[Processor Local APIC]");
    assert_contains(text, "[Processor Local x2APIC]");
    assert_contains(text, "Processor x2Apic ID : 0000012C");
    assert_contains(text, "[I/O APIC]");
    assert_contains(text, "Address : FEC00000");
    assert_contains(text, "[Interrupt Source Override]");
    assert_contains(text, "Trigger Mode : 3");
    assert_contains(text, "[Local APIC NMI]");
    assert_contains(text, "[Local x2APIC NMI]");
    g_free(text);
    g_byte_array_free(im.blob, TRUE);
    g_assert_cmpint(rmdir(dir), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/acpi/rsdp", test_rsdp);
    g_test_add_func("/acpi/rsdp-scan", test_rsdp_scan);
    g_test_add_func("/acpi/madt/pc", test_madt_pc);
    g_test_add_func("/acpi/madt/variants", test_madt_variants);
    g_test_add_func("/acpi/madt/x2apic", test_madt_x2apic);
    g_test_add_func("/acpi/errors", test_errors);
    g_test_add_func("/acpi/iasl", test_iasl);
    return g_test_run();
}
