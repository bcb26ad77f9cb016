/*
 * HMP: the readline editor and the command table, without a machine.
 */
#include "qemu/osdep.h"
#include "monitor/monitor.h"
#include "monitor/monitor-internal.h"
#include "sysemu/runstate.h"

/* Feed bytes; return the completed lines joined by '|', and the echo. */
static char *type(const char *in, size_t len, char **echo_out)
{
    struct hmp_editor e = { .line = g_string_new(NULL) };
    GString *echo = g_string_new(NULL);
    GString *lines = g_string_new(NULL);

    for (size_t i = 0; i < len; i++) {
        char *line = hmp_editor_byte(&e, in[i], echo);

        if (line) {
            g_string_append_printf(lines, "%s|", line);
            g_string_truncate(e.line, 0);
            g_free(line);
        }
    }
    g_string_free(e.line, TRUE);
    if (echo_out) {
        *echo_out = g_string_free(echo, FALSE);
    } else {
        g_string_free(echo, TRUE);
    }
    return g_string_free(lines, FALSE);
}

#define TYPE(lit, echo) type(lit, sizeof(lit) - 1, echo)

static void test_editor(void)
{
    char *echo, *got;

    got = TYPE("info status\r", &echo);
    g_assert_cmpstr(got, ==, "info status|");
    g_assert_cmpstr(echo, ==, "info status\r\n");
    g_free(got);
    g_free(echo);
    /* CR LF is one Enter; a bare LF is one too. */
    got = TYPE("a\r\nb\nc\r", NULL);
    g_assert_cmpstr(got, ==, "a|b|c|");
    g_free(got);
    /* Backspace and DEL erase; Ctrl-U kills the line. */
    got = TYPE("inff\x7fo\bo\r", &echo);
    g_assert_cmpstr(got, ==, "info|");
    g_assert_cmpstr(echo, ==, "inff\b \bo\b \bo\r\n");
    g_free(got);
    g_free(echo);
    got = TYPE("info st\x15help\r", NULL);
    g_assert_cmpstr(got, ==, "help|");
    g_free(got);
    /* Arrow keys (ESC [ A) and other escapes are swallowed. */
    got = TYPE("he\x1b[Al\x1bOBp\r", NULL);
    g_assert_cmpstr(got, ==, "help|");
    g_free(got);
    /* Control characters are not inserted. */
    got = TYPE("q\x01\x02uit\r", NULL);
    g_assert_cmpstr(got, ==, "quit|");
    g_free(got);
}

static void test_editor_line_limit(void)
{
    GString *in = g_string_new(NULL);
    char *got;

    for (int i = 0; i < HMP_LINE_MAX + 100; i++) {
        g_string_append_c(in, 'x');
    }
    g_string_append_c(in, '\r');
    got = type(in->str, in->len, NULL);
    g_assert_cmpuint(strlen(got), ==, HMP_LINE_MAX + 1);
    g_free(got);
    g_string_free(in, TRUE);
}

static void expect(const char *cmd, const char *out)
{
    char *got = hmp_run_command(cmd);

    g_assert_cmpstr(got, ==, out);
    g_free(got);
}

static void test_commands(void)
{
    char *got;

    expect("bogus", "unknown command: 'bogus'\r\n");
    expect("info bogus", "unknown command: 'info bogus'\r\n");
    expect("", "");
    expect("   ", "");
    expect("info registers", "No CPU available\r\n");
    expect("help system_reset", "system_reset  -- reset the system\r\n");
    expect("stop now", "stop|s: extraneous characters at the end of line\r\n"
           "Try \"help stop\" for more information\r\n");
    expect("s", "");
    expect("info status x", "status: extraneous characters at the end of "
           "line\r\nTry \"help info status\" for more information\r\n");
    /* No machine: no ISA bus either. */
    expect("info qtree", "bus: main-system-bus\r\n  type System\r\n");
    got = hmp_run_command("info status");
    g_assert_true(g_str_has_prefix(got, "VM status: "));
    g_free(got);
    got = hmp_run_command("help");
    g_assert_nonnull(strstr(got, "info [subcommand] -- show various"));
    g_assert_nonnull(strstr(got, "\r\nquit|q  -- quit the emulator\r\n"));
    g_free(got);
    got = hmp_run_command("info");
    g_assert_nonnull(strstr(got, "info status  -- show the current VM "
                            "status (running|paused)\r\n"));
    g_free(got);
    got = hmp_run_command("info mtree");
    g_assert_true(g_str_has_prefix(got, "address-space: memory\r\n"));
    g_assert_nonnull(strstr(got, "\r\naddress-space: I/O\r\n  "
                            "0000000000000000-000000000000ffff (prio 0, "
                            "i/o): io\r\n"));
    g_free(got);
    got = hmp_run_command("info pic");
    g_assert_true(g_str_has_prefix(got, "No userspace 8259 PIC"));
    g_free(got);
    got = hmp_run_command("info ioapic");
    g_assert_true(g_str_has_prefix(got, "No userspace IOAPIC"));
    g_free(got);
}

static void test_stop_cont(void)
{
    char *got;

    expect("cont", "");
    expect("info status", "VM status: running\r\n");
    expect("stop", "");
    expect("info status", "VM status: paused\r\n");
    expect("c", "");
    got = hmp_run_command("info status");
    g_assert_cmpstr(got, ==, "VM status: running\r\n");
    g_free(got);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hmp/editor", test_editor);
    g_test_add_func("/hmp/editor-line-limit", test_editor_line_limit);
    g_test_add_func("/hmp/commands", test_commands);
    g_test_add_func("/hmp/stop-cont", test_stop_cont);
    return g_test_run();
}
