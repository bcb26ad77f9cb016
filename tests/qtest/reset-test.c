/*
 * Reset ports seen from QMP: PIIX3 reset control (0xcf9) and the fast
 * reset bit of port 0x92 raise QEMU's RESET event (guest: true,
 * reason: guest-reset) and reset the devices; with -no-reboot the same
 * write shuts down (SHUTDOWN event, exit status 0). system_reset from
 * QMP for comparison (guest: false, reason: host-qmp-system-reset).
 *
 * Reference: QEMU 7.2 hw/isa/piix3.c (RCR), hw/i386/port92.c,
 * softmmu/runstate.c event data; observed in the project reference §4.5.
 */
#include "qtest-pc.h"

#include <sys/wait.h>

#define ARGS "-machine pc -nodefaults -device isa-serial,id=ser0"
#define SCR 0x3ff

static void check_reset_event(QTestState *s, bool guest, const char *reason)
{
    JsonObject *ev = qtest_qmp_eventwait_ref(s, "RESET");
    JsonObject *data = json_object_get_object_member(ev, "data");

    g_assert_nonnull(data);
    g_assert_cmpint(json_object_get_boolean_member(data, "guest"), ==, guest);
    g_assert_cmpstr(json_object_get_string_member(data, "reason"), ==,
                    reason);
    g_assert(json_object_has_member(ev, "timestamp"));
    json_object_unref(ev);
}

static void test_cf9(void)
{
    QTestState *s = pc_start(ARGS);

    qtest_outb(s, SCR, 0x55);
    /* SYS_RST alone is stored and read back. */
    qtest_outb(s, 0xcf9, 0x02);
    g_assert_cmphex(qtest_inb(s, 0xcf9), ==, 0x02);
    /* RST_CPU resets the machine. */
    qtest_outb(s, 0xcf9, 0x06);
    check_reset_event(s, true, "guest-reset");
    g_assert_cmphex(qtest_inb(s, SCR), ==, 0x00);
    g_assert_cmphex(qtest_inb(s, 0xcf9), ==, 0x00);
    qtest_quit(s);
}

static void test_port92(void)
{
    QTestState *s = pc_start(ARGS);

    qtest_outb(s, SCR, 0x55);
    qtest_outb(s, 0x92, 0x02);              /* A20 only: no reset */
    g_assert_cmphex(qtest_inb(s, 0x92) & 0x03, ==, 0x02);
    g_assert_cmphex(qtest_inb(s, SCR), ==, 0x55);
    qtest_outb(s, 0x92, 0x03);              /* fast reset */
    check_reset_event(s, true, "guest-reset");
    g_assert_cmphex(qtest_inb(s, SCR), ==, 0x00);
    /* The reset clears bit 0 and keeps A20. */
    g_assert_cmphex(qtest_inb(s, 0x92) & 0x03, ==, 0x02);
    qtest_quit(s);
}

static void test_qmp_system_reset(void)
{
    QTestState *s = pc_start(ARGS);
    JsonObject *r;

    r = qtest_qmp(s, "{'execute': 'query-status'}");
    g_assert_cmpstr(json_object_get_string_member(
                        json_object_get_object_member(r, "return"), "status"),
                    ==, "running");
    json_object_unref(r);
    qtest_outb(s, SCR, 0x55);
    qtest_qmp_assert_success(s, "{'execute': 'system_reset'}");
    check_reset_event(s, false, "host-qmp-system-reset");
    g_assert_cmphex(qtest_inb(s, SCR), ==, 0x00);
    qtest_quit(s);
}

static void test_no_reboot(void)
{
    QTestState *s = pc_start(ARGS " -no-reboot");
    JsonObject *ev;
    int ws;

    qtest_outb(s, 0xcf9, 0x06);
    ev = qtest_qmp_eventwait_ref(s, "SHUTDOWN");
    g_assert_cmpstr(json_object_get_string_member(
                        json_object_get_object_member(ev, "data"), "reason"),
                    ==, "guest-reset");
    json_object_unref(ev);
    ws = qtest_wait_exit(s, 10000);
    g_assert_cmpint(ws, !=, -1);
    g_assert_true(WIFEXITED(ws));
    g_assert_cmpint(WEXITSTATUS(ws), ==, 0);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("reset/cf9", test_cf9);
    qtest_add_func("reset/port92", test_port92);
    qtest_add_func("reset/qmp-system-reset", test_qmp_system_reset);
    qtest_add_func("reset/no-reboot", test_no_reboot);
    return g_test_run();
}
