/*
 * pc-testdev through the qtest protocol on the pc machine: its IRQ-line
 * ports reach the interrupt controllers through the board's GSI fan-out
 * (observed with irq_intercept_in on the IOAPIC and on the PIC master),
 * the scratch register and the I/O RAM read back, and the ports are gone
 * without the device.
 */
#include "qtest-pc.h"

#define ARGS "-machine pc -nodefaults -device pc-testdev"
#define IRQ_BASE 0x2000
#define NLINES 24
#define IORAM 0xff000000ULL

/* Every line n reaches IOAPIC input n; line 0 too (the pin 2 remap is
 * the IOAPIC's own, as on QEMU). */
static void test_lines_to_ioapic(void)
{
    QTestState *s = pc_start(ARGS);

    qtest_irq_intercept_in(s, PC_IOAPIC);
    for (int n = 0; n < NLINES; n++) {
        g_assert_false(qtest_get_irq(s, n));
        qtest_outb(s, IRQ_BASE + n, 1);
        g_assert_true(qtest_get_irq(s, n));
        for (int m = 0; m < NLINES; m++) {
            g_assert_cmpint(qtest_get_irq(s, m), ==, m == n);
        }
        qtest_outb(s, IRQ_BASE + n, 0);
        g_assert_false(qtest_get_irq(s, n));
    }
    /* A word write drives two lines. */
    qtest_outw(s, IRQ_BASE + 10, 0x0100);
    g_assert_false(qtest_get_irq(s, 10));
    g_assert_true(qtest_get_irq(s, 11));
    qtest_outw(s, IRQ_BASE + 10, 0);
    g_assert_false(qtest_get_irq(s, 11));
    qtest_quit(s);
}

/* ISA lines 0-7 also reach the master PIC's inputs. */
static void test_lines_to_pic(void)
{
    QTestState *s = pc_start(ARGS);

    qtest_irq_intercept_in(s, PC_PIC_MASTER(s));
    for (int n = 0; n < 8; n++) {
        qtest_outb(s, IRQ_BASE + n, 0x80);
        g_assert_true(qtest_get_irq(s, n));
        qtest_outb(s, IRQ_BASE + n, 0);
        g_assert_false(qtest_get_irq(s, n));
    }
    qtest_quit(s);
}

static void test_scratch_and_ioram(void)
{
    QTestState *s = pc_start(ARGS);

    qtest_outl(s, 0xe0, 0x12345678);
    g_assert_cmphex(qtest_inb(s, 0xe3), ==, 0x12);
    qtest_outb(s, 0xe9, 0xab);
    g_assert_cmphex(qtest_inl(s, 0xe0), ==, 0x1234ab78);
    g_assert_cmphex(qtest_inb(s, IRQ_BASE), ==, 0);
    qtest_writeq(s, IORAM + 0x10, 0x0102030405060708ULL);
    g_assert_cmphex(qtest_readq(s, IORAM + 0x10), ==,
                    0x0102030405060708ULL);
    g_assert_cmphex(qtest_readw(s, IORAM + 0x13), ==, 0x0405);
    g_assert_cmphex(qtest_readb(s, IORAM + 0xffff), ==, 0);
    qtest_quit(s);
}

/* Without -device pc-testdev nothing answers there. */
static void test_absent(void)
{
    QTestState *s = pc_start("-machine pc -nodefaults");

    qtest_irq_intercept_in(s, PC_IOAPIC);
    qtest_outb(s, IRQ_BASE + 10, 1);
    g_assert_false(qtest_get_irq(s, 10));
    qtest_outl(s, 0xe0, 0x12345678);
    g_assert_cmphex(qtest_inl(s, 0xe0), ==, 0xffffffff);
    g_assert_cmphex(qtest_readl(s, IORAM), ==, 0xffffffff);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("pc-testdev/lines-to-ioapic", test_lines_to_ioapic);
    qtest_add_func("pc-testdev/lines-to-pic", test_lines_to_pic);
    qtest_add_func("pc-testdev/scratch-and-ioram", test_scratch_and_ioram);
    qtest_add_func("pc-testdev/absent", test_absent);
    return g_test_run();
}
