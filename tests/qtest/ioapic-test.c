/*
 * I/O APIC through the qtest protocol (MMIO at 0xfec00000, inputs driven
 * with set_irq_in). Without a CPU the messages go nowhere, so what is
 * observable is what the IOAPIC itself shows, as with QEMU's qtest:
 * register semantics, read-only bits, and Remote IRR, which says a
 * level-triggered message was sent and not yet EOI'd. Covered: ID/VER/ARB,
 * IOREGSEL and the 256-byte decode, RTE reset values and read-only bits,
 * masking, Remote IRR with EOI through the EOI register, re-delivery
 * while the line is still asserted, edge vs level, the version 0x11
 * model without an EOI register, the ISA IRQ 0 -> pin 2 override, and
 * HMP "info ioapic".
 *
 * Reference: 82093AA datasheet, ICH9 datasheet (EOI register, version
 * 0x20), QEMU 7.2 hw/intc/ioapic.c (reset values, version property).
 */
#include "qtest-pc.h"

#include <string.h>

#define BASE 0xfec00000ULL
#define IOREGSEL 0x00
#define IOWIN 0x10
#define EOIR 0x40

#define RTE_MASKED (1u << 16)
#define RTE_LEVEL (1u << 15)
#define RTE_REMOTE_IRR (1u << 14)
#define RTE_POLARITY (1u << 13)
#define RTE_DELIVS (1u << 12)
#define RTE_LOGICAL (1u << 11)

#define ARGS "-machine pc -nodefaults"

static uint32_t ioapic_read(QTestState *s, uint8_t reg)
{
    qtest_writel(s, BASE + IOREGSEL, reg);
    return qtest_readl(s, BASE + IOWIN);
}

static void ioapic_write(QTestState *s, uint8_t reg, uint32_t val)
{
    qtest_writel(s, BASE + IOREGSEL, reg);
    qtest_writel(s, BASE + IOWIN, val);
}

static uint32_t rte_lo(QTestState *s, int pin)
{
    return ioapic_read(s, 0x10 + 2 * pin);
}

static void set_rte(QTestState *s, int pin, uint32_t lo, uint32_t hi)
{
    ioapic_write(s, 0x11 + 2 * pin, hi);
    ioapic_write(s, 0x10 + 2 * pin, lo);
}

static void input(QTestState *s, int n, int level)
{
    qtest_set_irq_in(s, PC_IOAPIC, NULL, n, level);
}

static bool remote_irr(QTestState *s, int pin)
{
    return rte_lo(s, pin) & RTE_REMOTE_IRR;
}

static void eoi(QTestState *s, uint8_t vector)
{
    qtest_writel(s, BASE + EOIR, vector);
}

static void test_id_ver_arb(void)
{
    QTestState *s = pc_start(ARGS);

    g_assert_cmphex(ioapic_read(s, 0x00), ==, 0);
    /* Version 0x20, 24 pins (maximum redirection entry 23). */
    g_assert_cmphex(ioapic_read(s, 0x01), ==, 0x00170020);
    /* The ID is bits 27:24; other bits are not kept. */
    ioapic_write(s, 0x00, 0xffffffff);
    g_assert_cmphex(ioapic_read(s, 0x00), ==, 0x0f000000);
    /* ARB follows ID; VER and ARB ignore writes. */
    g_assert_cmphex(ioapic_read(s, 0x02), ==, 0x0f000000);
    ioapic_write(s, 0x01, 0);
    ioapic_write(s, 0x02, 0);
    g_assert_cmphex(ioapic_read(s, 0x01), ==, 0x00170020);
    g_assert_cmphex(ioapic_read(s, 0x02), ==, 0x0f000000);
    /* IOREGSEL reads back; undefined registers read 0. */
    qtest_writel(s, BASE + IOREGSEL, 0x3f);
    g_assert_cmphex(qtest_readl(s, BASE + IOREGSEL), ==, 0x3f);
    g_assert_cmphex(qtest_readl(s, BASE + IOWIN), ==, 0);
    g_assert_cmphex(ioapic_read(s, 0x40), ==, 0);
    g_assert_cmphex(ioapic_read(s, 0xff), ==, 0);
    /* The 256-byte window repeats across the 4 KiB page. */
    qtest_writel(s, BASE + 0x300 + IOREGSEL, 0x01);
    g_assert_cmphex(qtest_readl(s, BASE + 0x700 + IOWIN), ==, 0x00170020);
    qtest_quit(s);
}

static void test_rte_reset_and_ro_bits(void)
{
    QTestState *s = pc_start(ARGS);

    for (int pin = 0; pin < 24; pin++) {
        g_assert_cmphex(rte_lo(s, pin), ==, RTE_MASKED);
        g_assert_cmphex(ioapic_read(s, 0x11 + 2 * pin), ==, 0);
    }
    /* Every writable bit sticks; delivery status and Remote IRR do not. */
    set_rte(s, 5, 0xffffffff, 0xff000000);
    g_assert_cmphex(rte_lo(s, 5), ==,
                    0xffffffff & ~(RTE_DELIVS | RTE_REMOTE_IRR));
    g_assert_cmphex(ioapic_read(s, 0x11 + 2 * 5), ==, 0xff000000);
    /* The high half keeps all its bits (extended destination 55:48). */
    ioapic_write(s, 0x11 + 2 * 6, 0xffff0000);
    g_assert_cmphex(ioapic_read(s, 0x11 + 2 * 6), ==, 0xffff0000);
    /* A system reset brings the table back. */
    qtest_system_reset(s);
    g_assert_cmphex(rte_lo(s, 5), ==, RTE_MASKED);
    g_assert_cmphex(ioapic_read(s, 0x11 + 2 * 5), ==, 0);
    qtest_quit(s);
}

/* Level pin: Remote IRR from delivery to EOI; re-delivery if still high. */
static void test_level_remote_irr(void)
{
    QTestState *s = pc_start(ARGS);

    set_rte(s, 10, RTE_LEVEL | 0x41, 0);
    g_assert_false(remote_irr(s, 10));
    input(s, 10, 1);
    g_assert_true(remote_irr(s, 10));
    /* An EOI for another vector changes nothing. */
    eoi(s, 0x42);
    g_assert_true(remote_irr(s, 10));
    /* EOI while the line is still high: delivered again at once. */
    eoi(s, 0x41);
    g_assert_true(remote_irr(s, 10));
    /* Line low, then EOI: done. */
    input(s, 10, 0);
    g_assert_true(remote_irr(s, 10));
    eoi(s, 0x41);
    g_assert_false(remote_irr(s, 10));
    /* One EOI serves every level pin with that vector. */
    set_rte(s, 11, RTE_LEVEL | 0x41, 0);
    input(s, 10, 1);
    input(s, 11, 1);
    g_assert_true(remote_irr(s, 10) && remote_irr(s, 11));
    input(s, 10, 0);
    input(s, 11, 0);
    eoi(s, 0x41);
    g_assert_false(remote_irr(s, 10) || remote_irr(s, 11));
    qtest_quit(s);
}

static void test_masking(void)
{
    QTestState *s = pc_start(ARGS);

    set_rte(s, 16, RTE_MASKED | RTE_LEVEL | RTE_POLARITY | 0x50, 0);
    input(s, 16, 1);
    /* Masked: nothing sent. */
    g_assert_false(remote_irr(s, 16));
    /* Unmasking an asserted level pin delivers it. */
    set_rte(s, 16, RTE_LEVEL | RTE_POLARITY | 0x50, 0);
    g_assert_true(remote_irr(s, 16));
    /* Masking does not clear Remote IRR; the EOI still does. */
    set_rte(s, 16, RTE_MASKED | RTE_LEVEL | RTE_POLARITY | 0x50, 0);
    g_assert_true(remote_irr(s, 16));
    eoi(s, 0x50);
    g_assert_false(remote_irr(s, 16));
    /* And while masked no re-delivery happens after that EOI. */
    g_assert_false(remote_irr(s, 16));
    input(s, 16, 0);
    qtest_quit(s);
}

static void test_edge_vs_level(void)
{
    QTestState *s = pc_start(ARGS);

    /* Edge pins never use Remote IRR. */
    set_rte(s, 12, 0x60, 0);
    input(s, 12, 1);
    g_assert_false(remote_irr(s, 12));
    input(s, 12, 0);
    /* Level pin pending, then switched to edge: Remote IRR is dropped
     * (the trick Linux uses to EOI a version 0x11 IOAPIC). */
    set_rte(s, 12, RTE_LEVEL | 0x60, 0);
    input(s, 12, 1);
    g_assert_true(remote_irr(s, 12));
    set_rte(s, 12, 0x60, 0);
    g_assert_false(remote_irr(s, 12));
    /* Back to level with the line still high: delivered again. */
    set_rte(s, 12, RTE_LEVEL | 0x60, 0);
    g_assert_true(remote_irr(s, 12));
    /* NMI delivery is edge whatever the trigger bit says. */
    input(s, 12, 0);
    eoi(s, 0x60);
    set_rte(s, 13, RTE_LEVEL | 4 << 8 | 0x61, 0);
    input(s, 13, 1);
    g_assert_false(remote_irr(s, 13));
    qtest_quit(s);
}

/* ISA IRQ 0 (input 0) is pin 2; pin 0 is never driven. */
static void test_irq0_override(void)
{
    QTestState *s = pc_start(ARGS);

    set_rte(s, 0, RTE_LEVEL | 0x30, 0);
    set_rte(s, 2, RTE_LEVEL | 0x32, 0);
    input(s, 0, 1);
    g_assert_false(remote_irr(s, 0));
    g_assert_true(remote_irr(s, 2));
    input(s, 0, 0);
    eoi(s, 0x32);
    g_assert_false(remote_irr(s, 2));
    qtest_quit(s);
}

/* version=0x11 (82093AA): no EOI register at 0x40. */
static void test_version_11(void)
{
    QTestState *s = pc_start(ARGS " -global ioapic.version=0x11");

    g_assert_cmphex(ioapic_read(s, 0x01), ==, 0x00170011);
    set_rte(s, 10, RTE_LEVEL | 0x41, 0);
    input(s, 10, 1);
    input(s, 10, 0);
    eoi(s, 0x41);
    g_assert_true(remote_irr(s, 10));
    /* The edge-switch trick is how a guest gets rid of it here. */
    set_rte(s, 10, 0x41, 0);
    set_rte(s, 10, RTE_LEVEL | 0x41, 0);
    g_assert_false(remote_irr(s, 10));
    qtest_quit(s);
}

static void test_info_ioapic(void)
{
    QTestState *s = pc_start(ARGS);
    char *out;

    set_rte(s, 20, RTE_LEVEL | 0x77, 0x03000000);
    input(s, 20, 1);
    out = qtest_hmp(s, "info ioapic");
    g_assert_nonnull(strstr(out, "pin 20"));
    g_assert_nonnull(strstr(out, "vec=119"));
    g_assert_nonnull(strstr(out, "Remote IRR"));
    g_free(out);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("ioapic/id-ver-arb", test_id_ver_arb);
    qtest_add_func("ioapic/rte-reset-and-ro-bits", test_rte_reset_and_ro_bits);
    qtest_add_func("ioapic/level-remote-irr", test_level_remote_irr);
    qtest_add_func("ioapic/masking", test_masking);
    qtest_add_func("ioapic/edge-vs-level", test_edge_vs_level);
    qtest_add_func("ioapic/irq0-override", test_irq0_override);
    qtest_add_func("ioapic/version-11", test_version_11);
    qtest_add_func("ioapic/info-ioapic", test_info_ioapic);
    return g_test_run();
}
