/*
 * The qtest line protocol itself: reply formats, error handling, framing,
 * the log, and the virtual clock, on a machine with no devices
 * (-machine none) and no monitor. Device-backed parts (guest RAM, IRQ
 * interception) are in qtest-machine-test.c.
 *
 * Reference: QEMU 7.2 softmmu/qtest.c (reply formats, OK <now> from a bare
 * clock_step with nothing pending). Where QEMU aborts on malformed input,
 * splitvm answers FAIL and carries on; these tests pin that down.
 */
#include "libqtest.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static QTestState *start(void)
{
    return qtest_init_without_qmp("-machine none");
}

static void assert_reply(QTestState *s, const char *cmd, const char *want)
{
    char *r = qtest_raw(s, "%s", cmd);

    g_assert_cmpstr(r, ==, want);
    g_free(r);
}

static void assert_fail(QTestState *s, const char *cmd)
{
    char *r = qtest_raw(s, "%s", cmd);

    if (!g_str_has_prefix(r, "FAIL")) {
        g_error("'%s' replied '%s', expected FAIL", cmd, r);
    }
    g_free(r);
}

static void test_unknown_command(void)
{
    QTestState *s = start();

    assert_reply(s, "frobnicate 1 2", "FAIL Unknown command 'frobnicate'");
    assert_reply(s, "", "FAIL Unknown command ''");
    /* Commands are case sensitive, as in QEMU. */
    assert_reply(s, "INB 0x80", "FAIL Unknown command 'INB'");
    /* The connection is still usable. */
    assert_reply(s, "endianness", "OK little");
    qtest_quit(s);
}

static void test_malformed_arguments(void)
{
    static const char *const bad[] = {
        "inb", "outb 0x80", "outb zz 1", "outb 0x80 1x", "inb 0x10000",
        "outw 0x1ffff 1", "readl", "readl 0xg", "writeq 0x1000",
        "read 0x1000", "read 0x1000 0", "read 0x1000 nope",
        "read 0xfffffffffffffff0 0x20", "b64read 0 0x7fffffffffffffff",
        "write 0x1000 4", "memset 0x1000 4", "memset 1 2 x",
        "clock_set", "clock_set soon", "clock_step 1.5",
        "set_irq_in", "set_irq_in a b c", "irq_intercept_in",
        "irq_intercept_in nosuchdevice", "irq_intercept_out /machine/x",
        "set_irq_in nosuchdevice unnamed-gpio-in 0 1",
        "outb 0x80 99999999999999999999999",
        "write 0x1000 4 0xzzzzzzzz",
    };

    QTestState *s = start();

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        assert_fail(s, bad[i]);
    }
    assert_reply(s, "endianness", "OK little");
    qtest_quit(s);
}

static void test_exact_failures(void)
{
    QTestState *s = start();

    /* QEMU's texts for these. */
    assert_reply(s, "irq_intercept_in ioapic", "FAIL Unknown device");
    assert_reply(s, "module_load accel- qtest", "FAIL");
    /* Too short a data word: QEMU's un-prefixed ERR line. */
    assert_reply(s, "write 0x1000 4 0x", "ERR invalid argument size");
    assert_reply(s, "b64write 0x1000 4 ab", "ERR invalid argument size");
    qtest_quit(s);
}

/* Without devices every port and address is unassigned: all-ones. */
static void test_unassigned(void)
{
    QTestState *s = start();

    g_assert_cmphex(qtest_inb(s, 0x80), ==, 0xff);
    g_assert_cmphex(qtest_inw(s, 0x1234), ==, 0xffff);
    g_assert_cmphex(qtest_inl(s, 0xcfc), ==, 0xffffffff);
    assert_reply(s, "inb 0x60", "OK 0x00ff");
    assert_reply(s, "readb 0x1000", "OK 0x00000000000000ff");
    assert_reply(s, "readq 0x1000", "OK 0xffffffffffffffff");
    assert_reply(s, "read 0x1000 3", "OK 0xffffff");
    assert_reply(s, "b64read 0x1000 4", "OK /////w==");
    assert_reply(s, "b64read 0x1000 0", "OK ");
    /* Writes to nothing are dropped, and a huge fill over a hole is
     * cheap. */
    qtest_outb(s, 0x80, 1);
    qtest_writel(s, 0x1000, 0x12345678);
    qtest_memset(s, 0, 0x5a, 0x40000000);
    assert_reply(s, "memset 0 0 0", "OK");
    g_assert_cmphex(qtest_readl(s, 0x1000), ==, 0xffffffff);
    /* The very top of the address space (found by the fuzzer). */
    assert_reply(s, "readw -2", "OK 0x000000000000ffff");
    assert_reply(s, "read 0xffffffffffffffff 1", "OK 0xff");
    assert_reply(s, "memset 0xffffffffffffff00 0x100 0", "OK");
    qtest_quit(s);
}

/* -machine none -m SIZE: RAM at 0 and nothing else (QEMU's "none"). */
static void test_none_with_ram(void)
{
    QTestState *s = qtest_init_without_qmp("-machine none -m 1M");

    qtest_writeq(s, 0x1000, 0x0123456789abcdefULL);
    assert_reply(s, "read 0x1000 8", "OK 0xefcdab8967452301");
    qtest_memset(s, 0xffff0, 0x77, 16);
    assert_reply(s, "read 0xffffe 4", "OK 0x7777ffff");
    g_assert_cmphex(qtest_inb(s, 0x80), ==, 0xff);
    qtest_quit(s);
}

/* QEMU 7.2: the clock only moves forward, a bare clock_step with no
 * timer pending replies OK <now>. */
static void test_clock(void)
{
    QTestState *s = start();

    g_assert_cmpint(qtest_clock_step_next(s), ==, 0);
    g_assert_cmpint(qtest_clock_step(s, 1000), ==, 1000);
    g_assert_cmpint(qtest_clock_step(s, 0), ==, 1000);
    g_assert_cmpint(qtest_clock_step(s, -500), ==, 1000);
    g_assert_cmpint(qtest_clock_set(s, 500), ==, 1000);
    g_assert_cmpint(qtest_clock_set(s, 123456789), ==, 123456789);
    g_assert_cmpint(qtest_clock_step(s, 0x10), ==, 123456805);
    g_assert_cmpint(qtest_clock_step_next(s), ==, 123456805);
    /* Octal, as base 0 parsing gives. */
    g_assert_cmpint(qtest_clock_step(s, 010), ==, 123456813);
    /* Far future: clamped (splitvm), never wraps negative. */
    assert_reply(s, "clock_set 9223372036854775807",
                 "OK 4611686018427387904");
    assert_reply(s, "clock_step 9223372036854775807",
                 "OK 4611686018427387904");
    qtest_quit(s);
}

/* Requests may arrive in pieces or many at once. */
static void test_framing(void)
{
    static const char burst[] = "inb 0x80\nendianness\nfoo\nclock_step 5\n";
    QTestState *s = start();
    char *r;

    qtest_send_bytes(s, "endi", 4);
    g_usleep(20000);
    qtest_send_bytes(s, "anness\n", 7);
    r = qtest_recv_line(s);
    g_assert_cmpstr(r, ==, "OK little");
    g_free(r);

    qtest_send_bytes(s, burst, strlen(burst));
    r = qtest_recv_line(s);
    g_assert_cmpstr(r, ==, "OK 0x00ff");
    g_free(r);
    r = qtest_recv_line(s);
    g_assert_cmpstr(r, ==, "OK little");
    g_free(r);
    r = qtest_recv_line(s);
    g_assert_cmpstr(r, ==, "FAIL Unknown command 'foo'");
    g_free(r);
    r = qtest_recv_line(s);
    g_assert_cmpstr(r, ==, "OK 5");
    g_free(r);

    /* CRLF line ends are accepted. */
    qtest_send_bytes(s, "endianness\r\n", 12);
    r = qtest_recv_line(s);
    g_assert_cmpstr(r, ==, "OK little");
    g_free(r);
    /* Splitting on single spaces: a double space is an empty word. */
    assert_fail(s, "inb  0x80");
    qtest_quit(s);
}

/* Binary garbage and an endless line: FAIL, then business as usual. */
static void test_garbage(void)
{
    QTestState *s = start();
    char junk[4096];
    char *r;

    for (size_t i = 0; i < sizeof(junk); i++) {
        junk[i] = (char)(i * 7 + 1) == '\n' ? 'x' : (char)(i * 7 + 1);
    }
    qtest_send_bytes(s, junk, sizeof(junk));
    qtest_send_bytes(s, "\n", 1);
    r = qtest_recv_line(s);
    g_assert(g_str_has_prefix(r, "FAIL"));
    g_free(r);
    /* NUL bytes inside a line end the command word. */
    qtest_send_bytes(s, "inb\0 0x80\n", 10);
    r = qtest_recv_line(s);
    g_assert(g_str_has_prefix(r, "FAIL"));
    g_free(r);
    assert_reply(s, "endianness", "OK little");
    qtest_quit(s);
}

/* -qtest-log FILE: QEMU's format. */
static void test_log(void)
{
    char *dir = g_dir_make_tmp("qtest-log-XXXXXX", NULL);
    char *path = g_build_filename(dir, "log", NULL);
    char *args = g_strdup_printf("-machine none -qtest-log %s", path);
    QTestState *s = qtest_init_without_qmp(args);
    char *text;
    gchar **lines;

    assert_reply(s, "inb 0x80", "OK 0x00ff");
    assert_reply(s, "nope a", "FAIL Unknown command 'nope'");
    qtest_quit(s);
    g_assert(g_file_get_contents(path, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", 0);
    g_assert(g_regex_match_simple("^\\[I 0\\.0000\\d\\d\\] OPENED$", lines[0],
                                  0, 0));
    g_assert(g_regex_match_simple("^\\[R \\+\\d+\\.\\d{6}\\] endianness$",
                                  lines[1], 0, 0));
    g_assert(g_regex_match_simple("^\\[S \\+\\d+\\.\\d{6}\\] OK little$",
                                  lines[2], 0, 0));
    g_assert(g_regex_match_simple("^\\[R \\+\\d+\\.\\d{6}\\] inb 0x80$",
                                  lines[3], 0, 0));
    g_assert(g_regex_match_simple("^\\[S \\+\\d+\\.\\d{6}\\] OK 0x00ff$",
                                  lines[4], 0, 0));
    g_assert(g_regex_match_simple("^\\[R \\+\\d+\\.\\d{6}\\] nope a$",
                                  lines[5], 0, 0));
    g_assert(g_regex_match_simple(
        "^\\[S \\+\\d+\\.\\d{6}\\] FAIL Unknown command 'nope'$", lines[6],
        0, 0));
    g_strfreev(lines);
    g_free(text);
    unlink(path);
    rmdir(dir);
    g_free(args);
    g_free(path);
    g_free(dir);
}

/* Run the binary with its own arguments (not libqtest's launch). */
static GSubprocess *spawn_vmm(GSubprocessFlags flags, const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    GError *err = NULL;
    GSubprocess *p;

    g_ptr_array_add(argv, (gpointer)getenv("QTEST_QEMU_BINARY"));
    for (int i = 0; args[i]; i++) {
        g_ptr_array_add(argv, (gpointer)args[i]);
    }
    g_ptr_array_add(argv, NULL);
    p = g_subprocess_newv((const char *const *)argv->pdata, flags, &err);
    g_assert_no_error(err);
    g_ptr_array_free(argv, TRUE);
    return p;
}

static char *read_line(GDataInputStream *in)
{
    GError *err = NULL;
    char *line = g_data_input_stream_read_line(in, NULL, NULL, &err);

    g_assert_no_error(err);
    return line;
}

static void stop_vmm(GSubprocess *p)
{
    GError *err = NULL;

    g_subprocess_send_signal(p, SIGTERM);
    g_subprocess_wait(p, NULL, &err);
    g_assert_no_error(err);
    g_assert_true(g_subprocess_get_if_exited(p));
    g_assert_cmpint(g_subprocess_get_exit_status(p), ==, 0);
    g_object_unref(p);
}

/* -qtest stdio; with no -qtest-log the log goes to stderr (QEMU). */
static void test_stdio_and_default_log(void)
{
    static const char *const args[] = {
        "-machine", "none", "-accel", "qtest", "-qtest", "stdio",
        "-display", "none", NULL,
    };
    GSubprocess *p = spawn_vmm(G_SUBPROCESS_FLAGS_STDIN_PIPE |
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, args);
    GOutputStream *out = g_subprocess_get_stdin_pipe(p);
    GDataInputStream *in =
        g_data_input_stream_new(g_subprocess_get_stdout_pipe(p));
    GDataInputStream *log =
        g_data_input_stream_new(g_subprocess_get_stderr_pipe(p));
    char *line;

    g_assert(g_output_stream_write_all(out, "endianness\nclock_step 7\n",
                                       25, NULL, NULL, NULL));
    line = read_line(in);
    g_assert_cmpstr(line, ==, "OK little");
    g_free(line);
    line = read_line(in);
    g_assert_cmpstr(line, ==, "OK 7");
    g_free(line);
    line = read_line(log);
    g_assert(g_str_has_prefix(line, "[I 0.0000"));
    g_assert(g_str_has_suffix(line, "] OPENED"));
    g_free(line);
    line = read_line(log);
    g_assert(g_regex_match_simple("^\\[R \\+[0-9.]+\\] endianness$", line,
                                  0, 0));
    g_free(line);
    g_object_unref(in);
    g_object_unref(log);
    stop_vmm(p);
}

/* -qtest chardev:ID on a listening socket of our own choosing. */
static void test_chardev_server(void)
{
    char *dir = g_dir_make_tmp("qtest-chr-XXXXXX", NULL);
    char *path = g_build_filename(dir, "sock", NULL);
    char *chr = g_strdup_printf("socket,id=qt,path=%s,server=on,wait=off",
                                path);
    const char *args[] = {
        "-machine", "none", "-accel", "qtest", "-chardev", chr,
        "-qtest", "chardev:qt", "-qtest-log", "none", "-display", "none",
        NULL,
    };
    GSubprocess *p = spawn_vmm(G_SUBPROCESS_FLAGS_NONE, args);
    GSocketClient *client = g_socket_client_new();
    GSocketAddress *addr = g_unix_socket_address_new(path);
    GSocketConnection *conn = NULL;
    GDataInputStream *in;
    char *line;

    for (int i = 0; i < 500 && !conn; i++) {
        conn = g_socket_client_connect(client, G_SOCKET_CONNECTABLE(addr),
                                       NULL, NULL);
        if (!conn) {
            g_usleep(10000);
        }
    }
    g_assert_nonnull(conn);
    g_assert(g_output_stream_write_all(
        g_io_stream_get_output_stream(G_IO_STREAM(conn)), "inb 0x80\n", 9,
        NULL, NULL, NULL));
    in = g_data_input_stream_new(
        g_io_stream_get_input_stream(G_IO_STREAM(conn)));
    line = read_line(in);
    g_assert_cmpstr(line, ==, "OK 0x00ff");
    g_free(line);
    g_object_unref(in);
    g_object_unref(conn);
    g_object_unref(addr);
    g_object_unref(client);
    stop_vmm(p);
    unlink(path);
    rmdir(dir);
    g_free(chr);
    g_free(path);
    g_free(dir);
}

static GSocketConnection *connect_unix(const char *path)
{
    GSocketClient *client = g_socket_client_new();
    GSocketAddress *addr = g_unix_socket_address_new(path);
    GSocketConnection *conn = NULL;

    for (int i = 0; i < 500 && !conn; i++) {
        conn = g_socket_client_connect(client, G_SOCKET_CONNECTABLE(addr),
                                       NULL, NULL);
        if (!conn) {
            g_usleep(10000);
        }
    }
    g_assert_nonnull(conn);
    g_object_unref(addr);
    g_object_unref(client);
    return conn;
}

/* Send lines, return everything received up to the n-th "OK"/"FAIL". */
static char *converse(GSocketConnection *conn, GDataInputStream *in,
                      const char *lines, int replies)
{
    GString *got = g_string_new(NULL);

    g_assert(g_output_stream_write_all(
        g_io_stream_get_output_stream(G_IO_STREAM(conn)), lines,
        strlen(lines), NULL, NULL, NULL));
    while (replies) {
        char *line = read_line(in);

        g_assert_nonnull(line);
        g_string_append_printf(got, "%s%s", got->len ? "|" : "", line);
        replies -= !g_str_has_prefix(line, "IRQ ");
        g_free(line);
    }
    return g_string_free(got, FALSE);
}

/*
 * A client that reconnects starts from all-low reported levels (QEMU
 * resets them on OPENED); the intercept itself stays; the log shows
 * CLOSED and a new OPENED.
 */
static void test_reconnect(void)
{
    char *dir = g_dir_make_tmp("qtest-re-XXXXXX", NULL);
    char *path = g_build_filename(dir, "sock", NULL);
    char *log = g_build_filename(dir, "log", NULL);
    char *chr = g_strdup_printf("socket,id=qt,path=%s,server=on,wait=off",
                                path);
    const char *args[] = {
        "-machine", "pc", "-nodefaults", "-accel", "qtest", "-chardev", chr,
        "-qtest", "chardev:qt", "-qtest-log", log, "-display", "none", NULL,
    };
    GSubprocess *p = spawn_vmm(G_SUBPROCESS_FLAGS_NONE, args);
    GSocketConnection *conn = connect_unix(path);
    GDataInputStream *in = g_data_input_stream_new(
        g_io_stream_get_input_stream(G_IO_STREAM(conn)));
    char *got;

    got = converse(conn, in, "irq_intercept_in ioapic\n"
                   "set_irq_in ioapic unnamed-gpio-in 5 1\n", 2);
    g_assert_cmpstr(got, ==, "OK|IRQ raise 5|OK");
    g_free(got);
    g_object_unref(in);
    g_object_unref(conn);

    conn = connect_unix(path);
    in = g_data_input_stream_new(
        g_io_stream_get_input_stream(G_IO_STREAM(conn)));
    got = converse(conn, in, "irq_intercept_in ioapic\n"
                   "set_irq_in ioapic unnamed-gpio-in 5 1\n"
                   "irq_intercept_in /machine/fw_cfg\n", 3);
    g_assert_cmpstr(got, ==, "OK|IRQ raise 5|OK|"
                    "FAIL IRQ intercept already enabled");
    g_free(got);
    g_object_unref(in);
    g_object_unref(conn);
    stop_vmm(p);

    g_assert(g_file_get_contents(log, &got, NULL, NULL));
    g_assert(g_regex_match_simple("OPENED\n(.*\n)*\\[I \\+[0-9.]+\\] "
                                  "CLOSED\n\\[I 0\\.[0-9]+\\] OPENED\n",
                                  got, G_REGEX_MULTILINE, 0));
    g_free(got);
    unlink(log);
    unlink(path);
    rmdir(dir);
    g_free(chr);
    g_free(log);
    g_free(path);
    g_free(dir);
}

/* -qtest tcp:HOST:PORT,server=on,wait=off, then we connect. */
static void test_tcp_server(void)
{
    GSocketListener *probe = g_socket_listener_new();
    guint16 port = g_socket_listener_add_any_inet_port(probe, NULL, NULL);
    char *spec;
    GSubprocess *p;
    GSocketClient *client = g_socket_client_new();
    GSocketConnection *conn = NULL;
    GDataInputStream *in;
    char *line;

    /* A port that was free a moment ago. */
    g_socket_listener_close(probe);
    g_object_unref(probe);
    spec = g_strdup_printf("tcp:127.0.0.1:%u,server=on,wait=off", port);
    {
        const char *args[] = {
            "-machine", "none", "-accel", "qtest", "-qtest", spec,
            "-qtest-log", "none", "-display", "none", NULL,
        };

        p = spawn_vmm(G_SUBPROCESS_FLAGS_NONE, args);
    }
    for (int i = 0; i < 500 && !conn; i++) {
        conn = g_socket_client_connect_to_host(client, "127.0.0.1", port,
                                               NULL, NULL);
        if (!conn) {
            g_usleep(10000);
        }
    }
    g_assert_nonnull(conn);
    g_assert(g_output_stream_write_all(
        g_io_stream_get_output_stream(G_IO_STREAM(conn)),
        "clock_step 42\n", 14, NULL, NULL, NULL));
    in = g_data_input_stream_new(
        g_io_stream_get_input_stream(G_IO_STREAM(conn)));
    line = read_line(in);
    g_assert_cmpstr(line, ==, "OK 42");
    g_free(line);
    g_object_unref(in);
    g_object_unref(conn);
    g_object_unref(client);
    stop_vmm(p);
    g_free(spec);
}

/* Bad -qtest / -qtest-log arguments are errors at start-up. */
static void test_bad_options(void)
{
    static const char *const bad_log[] = {
        "-machine", "none", "-accel", "qtest", "-qtest", "stdio",
        "-qtest-log", "/nonexistent/dir/log", "-display", "none", NULL,
    };
    static const char *const bad_chr[] = {
        "-machine", "none", "-accel", "qtest", "-qtest", "chardev:nope",
        "-display", "none", NULL,
    };
    const char *const *cases[] = { bad_log, bad_chr };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        GSubprocess *p = spawn_vmm(G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                   G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                   cases[i]);

        g_assert(g_subprocess_wait(p, NULL, NULL));
        g_assert_true(g_subprocess_get_if_exited(p));
        g_assert_cmpint(g_subprocess_get_exit_status(p), ==, 1);
        g_object_unref(p);
    }
}

/* libqtest's full launch (with QMP) on -machine none. */
static void test_machine_none_with_qmp(void)
{
    QTestState *s = qtest_init("-machine none");
    JsonObject *r = qtest_qmp(s, "{'execute': 'query-status'}");

    g_assert(json_object_has_member(r, "return"));
    json_object_unref(r);
    g_assert_cmpint(qtest_clock_step(s, 10), ==, 10);
    qtest_quit(s);
}

/* Under KVM (QEMU allows -qtest with it) the clock is not the test's. */
static void test_clock_needs_qtest_accel(void)
{
    QTestState *s;
    char *r;

    if (access("/dev/kvm", R_OK | W_OK)) {
        g_test_skip("no /dev/kvm");
        return;
    }
    /* -accel kvm comes first; libqtest's -accel qtest is the fallback. */
    s = qtest_init_without_qmp("-machine none -accel kvm");
    r = qtest_raw(s, "clock_step 10");
    g_assert_cmpstr(r, ==, "FAIL Unknown command 'clock_step'");
    g_free(r);
    r = qtest_raw(s, "clock_set 10");
    g_assert_cmpstr(r, ==, "FAIL Unknown command 'clock_set'");
    g_free(r);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("qtest/unknown-command", test_unknown_command);
    qtest_add_func("qtest/malformed-arguments", test_malformed_arguments);
    qtest_add_func("qtest/exact-failures", test_exact_failures);
    qtest_add_func("qtest/unassigned", test_unassigned);
    qtest_add_func("qtest/clock", test_clock);
    qtest_add_func("qtest/none-with-ram", test_none_with_ram);
    qtest_add_func("qtest/framing", test_framing);
    qtest_add_func("qtest/garbage", test_garbage);
    qtest_add_func("qtest/log", test_log);
    qtest_add_func("qtest/stdio-and-default-log", test_stdio_and_default_log);
    qtest_add_func("qtest/chardev-server", test_chardev_server);
    qtest_add_func("qtest/tcp-server", test_tcp_server);
    qtest_add_func("qtest/reconnect", test_reconnect);
    qtest_add_func("qtest/bad-options", test_bad_options);
    qtest_add_func("qtest/machine-none-with-qmp", test_machine_none_with_qmp);
    qtest_add_func("qtest/clock-needs-qtest-accel",
                   test_clock_needs_qtest_accel);
    return g_test_run();
}
