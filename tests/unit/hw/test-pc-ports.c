/*
 * The small pc ports: 0x80 (ioport80), 0x92 (port92: A20 and fast reset)
 * and 0xcf9 (PIIX3 reset control), with resets observed through the
 * run-state request queue.
 */
#include "hw-test.h"
#include "hw/misc/ioport80.h"
#include "hw/i386/port92.h"
#include "hw/misc/reset_control.h"

static void test_ioport80(void)
{
    g_assert_nonnull(ioport80_create());
    /* QEMU 7.2 answers 0xff (all ones), not 0. */
    g_assert_cmphex(inb(0x80), ==, 0xff);
    outb(0x80, 0x55);
    g_assert_cmphex(inb(0x80), ==, 0xff);
    g_assert_cmpint(rs_take().resets, ==, 0);
    g_assert_nonnull(address_space_lookup(&address_space_io, 0x80));
    g_assert_null(address_space_lookup(&address_space_io, 0x81));
    g_assert_null(address_space_lookup(&address_space_io, 0x7f));
}

static void test_port92_a20(void)
{
    struct device *dev = port92_create();
    struct irq_rec a20;

    irq_rec_connect(&a20, dev, PORT92_A20_LINE, 0);
    g_assert_cmphex(inb(0x92), ==, 0);
    outb(0x92, PORT92_A20_GATE);
    g_assert_cmpint(a20.level, ==, 1);
    g_assert_cmphex(inb(0x92), ==, PORT92_A20_GATE);
    /* Every bit is stored and read back, as on QEMU. */
    outb(0x92, 0xfc);
    g_assert_cmphex(inb(0x92), ==, 0xfc);
    g_assert_cmpint(a20.level, ==, 0);
    outb(0x92, 0xfe);
    g_assert_cmpint(a20.level, ==, 1);
    g_assert_cmpint(rs_take().resets, ==, 0);
}

static void test_port92_fast_reset(void)
{
    struct rs_events ev;

    port92_create();
    rs_take();
    outb(0x92, PORT92_A20_GATE | PORT92_FAST_RESET);
    ev = rs_take();
    g_assert_cmpint(ev.resets, ==, 1);
    g_assert_cmpint(ev.cause, ==, SHUTDOWN_CAUSE_GUEST_RESET);
    /* Only a 0 -> 1 edge resets: writing 1 again does nothing. */
    g_assert_cmphex(inb(0x92), ==, PORT92_A20_GATE | PORT92_FAST_RESET);
    outb(0x92, PORT92_A20_GATE | PORT92_FAST_RESET);
    g_assert_cmpint(rs_take().resets, ==, 0);
    /* The machine reset clears bit 0 and keeps A20 (QEMU). */
    devices_reset_all();
    g_assert_cmphex(inb(0x92), ==, PORT92_A20_GATE);
    outb(0x92, PORT92_FAST_RESET);
    g_assert_cmpint(rs_take().resets, ==, 1);
    outb(0x92, 0);
    g_assert_cmpint(rs_take().resets, ==, 0);
    outb(0x92, PORT92_FAST_RESET);
    g_assert_cmpint(rs_take().resets, ==, 1);
}

static void test_reset_control(void)
{
    struct rs_events ev;

    reset_control_create();
    rs_take();
    g_assert_cmphex(inb(0xcf9), ==, 0);
    /* Only SYS_RST is kept (QEMU: rcr = val & 2); no reset yet. */
    outb(0xcf9, PIIX_RCR_SYS_RST);
    g_assert_cmphex(inb(0xcf9), ==, PIIX_RCR_SYS_RST);
    outb(0xcf9, 0xfa & ~PIIX_RCR_RST_CPU);
    g_assert_cmphex(inb(0xcf9), ==, PIIX_RCR_SYS_RST);
    g_assert_cmpint(rs_take().resets, ==, 0);
    /* RST_CPU resets (hard or soft alike) and leaves the register. */
    outb(0xcf9, 0);
    outb(0xcf9, PIIX_RCR_RST_CPU);
    ev = rs_take();
    g_assert_cmpint(ev.resets, ==, 1);
    g_assert_cmpint(ev.cause, ==, SHUTDOWN_CAUSE_GUEST_RESET);
    g_assert_cmphex(inb(0xcf9), ==, 0);
    outb(0xcf9, PIIX_RCR_SYS_RST);
    outb(0xcf9, PIIX_RCR_SYS_RST | PIIX_RCR_RST_CPU);
    g_assert_cmpint(rs_take().resets, ==, 1);
    g_assert_cmphex(inb(0xcf9), ==, PIIX_RCR_SYS_RST);
    /* A machine reset clears it. */
    devices_reset_all();
    g_assert_cmphex(inb(0xcf9), ==, 0);
    /*
     * A word write is cut at the one-byte register (QEMU's bus does the
     * same): its low byte still resets. PCI's 0xcf8/0xcfa-0xcfb stay free.
     */
    outw(0xcf9, PIIX_RCR_RST_CPU);
    g_assert_cmpint(rs_take().resets, ==, 1);
    g_assert_null(address_space_lookup(&address_space_io, 0xcf8));
    g_assert_null(address_space_lookup(&address_space_io, 0xcfa));
    g_assert_null(address_space_lookup(&address_space_io, 0xcfb));
}

/* -no-reboot: the same writes become a guest-reset shutdown request. */
static void test_no_reboot(void)
{
    struct rs_events ev;

    reset_control_create();
    rs_take();
    no_reboot = true;
    outb(0xcf9, PIIX_RCR_RST_CPU);
    ev = rs_take();
    no_reboot = false;
    g_assert_cmpint(ev.resets, ==, 0);
    g_assert_cmpint(ev.shutdowns, ==, 1);
    g_assert_cmpint(ev.cause, ==, SHUTDOWN_CAUSE_GUEST_RESET);
}

static void test_not_user_creatable(void)
{
    g_assert_false(device_class_find(TYPE_IOPORT80)->user_creatable);
    g_assert_false(device_class_find(TYPE_PORT92)->user_creatable);
    g_assert_false(
        device_class_find(TYPE_PIIX3_RESET_CONTROL)->user_creatable);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    HW_TEST_ADD("/pc-ports/ioport80", test_ioport80);
    HW_TEST_ADD("/pc-ports/port92-a20", test_port92_a20);
    HW_TEST_ADD("/pc-ports/port92-fast-reset", test_port92_fast_reset);
    HW_TEST_ADD("/pc-ports/reset-control", test_reset_control);
    HW_TEST_ADD("/pc-ports/no-reboot", test_no_reboot);
    HW_TEST_ADD("/pc-ports/not-user-creatable", test_not_user_creatable);
    return g_test_run();
}
