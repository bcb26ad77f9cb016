/*
 * PC memory maps (hw/i386/e820.c): how -m is split around the hole below
 * 4 GiB, fw_cfg's etc/e820 in QEMU 7.2's order, and the BIOS map a
 * multiboot kernel gets. The expected tables are what the fwcfg and hello
 * guests printed under the reference QEMU 7.2 (-accel kvm -cpu qemu64),
 * except where noted: splitvm keeps its ACPI tables at 0xE0000, so its
 * BIOS map reserves from there, where SeaBIOS reserves from 0xF0000 and
 * the last 128 KiB below the top of low RAM.
 */
#include "qemu/osdep.h"
#include "hw/i386/e820.h"

#define GIB(n) ((uint64_t)(n) << 30)

static void check(const struct e820_table *t, const struct e820_entry *want,
                  int n)
{
    for (int i = 0; i < t->count; i++) {
        g_test_message("  [%d] 0x%010" PRIx64 "-0x%010" PRIx64 " type %u",
                       i, t->entries[i].addr,
                       t->entries[i].addr + t->entries[i].len - 1,
                       t->entries[i].type);
    }
    g_assert_cmpint(t->count, ==, n);
    for (int i = 0; i < n; i++) {
        g_assert_cmphex(t->entries[i].addr, ==, want[i].addr);
        g_assert_cmphex(t->entries[i].len, ==, want[i].len);
        g_assert_cmpuint(t->entries[i].type, ==, want[i].type);
    }
}

static void test_split(void)
{
    static const struct {
        uint64_t ram, below, above;
    } cases[] = {
        { 128 * MiB, 128 * MiB, 0 },
        { GIB(3), GIB(3), 0 },
        /* Up to 3.5 GiB everything stays below 4 GiB... */
        { GIB(3) + 256 * MiB, GIB(3) + 256 * MiB, 0 },
        { 0xe0000000ULL - 8 * KiB, 0xe0000000ULL - 8 * KiB, 0 },
        /* ...from 3.5 GiB, 3 GiB below and the rest from 4 GiB. */
        { 0xe0000000ULL, GIB(3), 512 * MiB },
        { GIB(4), GIB(3), GIB(1) },
        { GIB(5), GIB(3), GIB(2) },
        { GIB(64), GIB(3), GIB(61) },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        uint64_t below, above;

        e820_split_ram(cases[i].ram, &below, &above);
        g_assert_cmphex(below, ==, cases[i].below);
        g_assert_cmphex(above, ==, cases[i].above);
        g_assert_cmphex(below + above, ==, cases[i].ram);
    }
}

/* QEMU 7.2, -m 256, -cpu qemu64 (AMD, 40 physical bits). */
static void test_fw_cfg_small(void)
{
    static const struct e820_entry want[] = {
        { 0xfeffc000, 0x4000, E820_RESERVED },
        { 0xfd00000000ULL, 0x300000000ULL, E820_RESERVED },
        { 0, 256 * MiB, E820_RAM },
    };
    struct e820_table t;

    e820_build_fw_cfg(&t, 256 * MiB, 0, true);
    check(&t, want, G_N_ELEMENTS(want));
    g_assert_cmpuint(e820_total(&t, E820_RAM), ==, 256 * MiB);
    g_assert_cmpuint(e820_total(&t, E820_RESERVED), ==,
                     0x4000 + 0x300000000ULL);
}

/* QEMU 7.2, -m 5G: 3 GiB below, 2 GiB from 4 GiB. An Intel model or
 * one with fewer physical bits has no HyperTransport entry. */
static void test_fw_cfg_large(void)
{
    static const struct e820_entry want[] = {
        { 0xfeffc000, 0x4000, E820_RESERVED },
        { 0, GIB(3), E820_RAM },
        { GIB(4), GIB(2), E820_RAM },
    };
    struct e820_table t;

    e820_build_fw_cfg(&t, GIB(3), GIB(2), false);
    check(&t, want, G_N_ELEMENTS(want));
    g_assert_cmpuint(e820_total(&t, E820_RAM), ==, GIB(5));
    /* The wire format is 20 bytes per entry, as fw_cfg gives it. */
    g_assert_cmpuint(sizeof(t.entries[0]), ==, 20);
}

/* The map a multiboot kernel sees, -m 128 (QEMU + SeaBIOS: RAM to
 * 0x9fbff, EBDA reserved, RAM from 1 MiB, KVM pages and BIOS ROM). */
static void test_bios_map_small(void)
{
    static const struct e820_entry want[] = {
        { 0, 0x9fc00, E820_RAM },
        { 0x9fc00, 0x400, E820_RESERVED },
        { 0xe0000, 0x20000, E820_RESERVED },     /* SeaBIOS: 0xf0000 */
        { 0x100000, 127 * MiB, E820_RAM },
        { 0xfeffc000, 0x4000, E820_RESERVED },
        { 0xfffc0000, 0x40000, E820_RESERVED },
        { 0xfd00000000ULL, 0x300000000ULL, E820_RESERVED },
    };
    struct e820_table t;

    e820_build_bios_map(&t, 128 * MiB, 0, true);
    check(&t, want, G_N_ELEMENTS(want));
}

/* -m 5G: the hole between 3 GiB and 4 GiB has only the reserved
 * KVM pages and BIOS ROM; the rest of RAM starts at 4 GiB. */
static void test_bios_map_large(void)
{
    static const struct e820_entry want[] = {
        { 0, 0x9fc00, E820_RAM },
        { 0x9fc00, 0x400, E820_RESERVED },
        { 0xe0000, 0x20000, E820_RESERVED },
        { 0x100000, GIB(3) - MiB, E820_RAM },
        { 0xfeffc000, 0x4000, E820_RESERVED },
        { 0xfffc0000, 0x40000, E820_RESERVED },
        { GIB(4), GIB(2), E820_RAM },
    };
    struct e820_table t;
    uint64_t below, above;

    e820_split_ram(GIB(5), &below, &above);
    e820_build_bios_map(&t, below, above, false);
    check(&t, want, G_N_ELEMENTS(want));
    /* Sorted and non-overlapping. */
    for (int i = 1; i < t.count; i++) {
        g_assert_cmphex(t.entries[i - 1].addr + t.entries[i - 1].len, <=,
                        t.entries[i].addr);
    }
    /* All of RAM except the EBDA's KiB, which the BIOS keeps. */
    g_assert_cmpuint(e820_total(&t, E820_RAM), ==,
                     GIB(5) - 0x400 - 0x60000);
}

/* Tiny RAM: no entry past the end of RAM, no zero-length entries. */
static void test_bios_map_tiny(void)
{
    static const struct e820_entry want[] = {
        { 0, 0x80000, E820_RAM },
        { 0xe0000, 0x20000, E820_RESERVED },
        { 0xfeffc000, 0x4000, E820_RESERVED },
        { 0xfffc0000, 0x40000, E820_RESERVED },
    };
    struct e820_table t;

    e820_build_bios_map(&t, 512 * KiB, 0, false);
    check(&t, want, G_N_ELEMENTS(want));
}

static void test_add_full(void)
{
    struct e820_table t = { 0 };

    g_assert_cmpint(e820_add(&t, 0, 0, E820_RAM), ==, 0);
    g_assert_cmpint(t.count, ==, 0);
    for (int i = 0; i < E820_MAX_ENTRIES; i++) {
        g_assert_cmpint(e820_add(&t, i * 4096, 4096, E820_RAM), ==, 0);
    }
    g_assert_cmpint(e820_add(&t, 0x100000, 4096, E820_RAM), ==, -ENOSPC);
    g_assert_cmpint(t.count, ==, E820_MAX_ENTRIES);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/e820/split", test_split);
    g_test_add_func("/e820/fw-cfg-small", test_fw_cfg_small);
    g_test_add_func("/e820/fw-cfg-large", test_fw_cfg_large);
    g_test_add_func("/e820/bios-map-small", test_bios_map_small);
    g_test_add_func("/e820/bios-map-large", test_bios_map_large);
    g_test_add_func("/e820/bios-map-tiny", test_bios_map_tiny);
    g_test_add_func("/e820/add-full", test_add_full);
    return g_test_run();
}
