/*
 * The monitor multiplexer: focus (last attached wins), OPENED from the
 * main loop, Ctrl-a escapes, MUX_IN/MUX_OUT, input held for a full front
 * end, output from every front end. The base is a UNIX client socket; the
 * test holds the server end.
 */
#include "chr-test.h"
#include "sysemu/runstate.h"

struct mux_fe {
    struct test_fe t;
    int mux_in;
    int mux_out;
    GString *log;           /* "O" opened, "C" closed, "I" in, "X" out */
};

static void mux_fe_event(void *opaque, enum chr_event ev)
{
    struct mux_fe *fe = opaque;

    switch (ev) {
    case CHR_EVENT_OPENED:
        fe->t.opened++;
        g_string_append_c(fe->log, 'O');
        break;
    case CHR_EVENT_CLOSED:
        fe->t.closed++;
        g_string_append_c(fe->log, 'C');
        break;
    case CHR_EVENT_MUX_IN:
        fe->mux_in++;
        g_string_append_c(fe->log, 'I');
        break;
    case CHR_EVENT_MUX_OUT:
        fe->mux_out++;
        g_string_append_c(fe->log, 'X');
        break;
    }
}

static void mux_fe_init(struct mux_fe *fe)
{
    test_fe_init(&fe->t);
    fe->mux_in = fe->mux_out = 0;
    fe->log = g_string_new(NULL);
}

static void mux_fe_attach(struct mux_fe *fe, struct chardev *chr)
{
    /* struct test_fe is the first member: the test_fe callbacks work. */
    g_assert_cmpint(qemu_chr_fe_set_handlers(chr, test_fe_can_receive,
                                             test_fe_receive, mux_fe_event,
                                             fe), ==, 0);
}

struct rig {
    char *dir;
    int listener;
    int peer;               /* the terminal side */
    struct chardev *mux;
    struct mux_fe serial, monitor;
};

static void rig_open(struct rig *r)
{
    char *path, *spec;
    Error *err = NULL;

    r->dir = test_mkdtemp();
    path = g_build_filename(r->dir, "s", NULL);
    spec = g_strdup_printf("unix:%s", path);
    r->listener = test_unix_listen(path);
    r->mux = qemu_chr_new_mux("serial0", spec, &err);
    g_assert_null(err);
    g_assert_nonnull(r->mux);
    r->peer = accept(r->listener, NULL, NULL);
    g_assert_cmpint(r->peer, >=, 0);
    mux_fe_init(&r->monitor);
    mux_fe_init(&r->serial);
    /* main.c's order: the monitor first, the serial port later. */
    mux_fe_attach(&r->monitor, r->mux);
    mux_fe_attach(&r->serial, r->mux);
    g_free(spec);
    g_free(path);
}

static void rig_close(struct rig *r)
{
    close(r->peer);
    close(r->listener);
    qemu_chr_cleanup();
    test_fe_free(&r->serial.t);
    test_fe_free(&r->monitor.t);
    g_string_free(r->serial.log, TRUE);
    g_string_free(r->monitor.log, TRUE);
    test_rmdir(r->dir);
}

static bool both_opened(void *opaque)
{
    struct rig *r = opaque;

    return r->serial.t.opened && r->monitor.t.opened;
}

static void test_focus_and_open(void)
{
    struct rig r;

    rig_open(&r);
    /* The monitor had the focus first, then lost it to the serial port. */
    g_assert_cmpstr(r.monitor.log->str, ==, "IX");
    g_assert_cmpstr(r.serial.log->str, ==, "I");
    /* OPENED only from the main loop, to both. */
    g_assert_true(test_iterate_until(both_opened, &r, 2000));
    g_assert_cmpstr(r.monitor.log->str, ==, "IXO");
    g_assert_cmpstr(r.serial.log->str, ==, "IO");
    g_assert_true(qemu_chr_is_connected(r.mux));
    g_assert_true(qemu_chr_has_frontend(r.mux));
    g_assert_cmpstr(qemu_chr_backend_name(r.mux), ==, "mux");
    g_assert_nonnull(qemu_chr_find("serial0-base"));
    rig_close(&r);
}

static void test_input_and_switch(void)
{
    struct rig r;

    rig_open(&r);
    test_iterate_until(both_opened, &r, 2000);
    test_write_all(r.peer, "ab", 2);
    g_assert_true(test_wait_rx(&r.serial.t, 2, 2000));
    /* C-a c: the monitor gets the focus and the next bytes. */
    test_write_all(r.peer, "\x01" "cxy", 4);
    g_assert_true(test_wait_rx(&r.monitor.t, 2, 2000));
    g_assert_cmpmem(r.monitor.t.rx->data, 2, "xy", 2);
    g_assert_cmpuint(r.serial.t.rx->len, ==, 2);
    g_assert_cmpint(r.serial.mux_out, ==, 1);
    g_assert_cmpint(r.monitor.mux_in, ==, 2);
    /* C-a C-a is a literal C-a; an unknown escape is swallowed. */
    test_write_all(r.peer, "\x01\x01" "\x01" "s!", 5);
    g_assert_true(test_wait_rx(&r.monitor.t, 4, 2000));
    g_assert_cmpmem(r.monitor.t.rx->data + 2, 2, "\x01!", 2);
    /* And back, split across writes. */
    test_write_all(r.peer, "\x01", 1);
    test_iterate_for(20);
    test_write_all(r.peer, "cz", 2);
    g_assert_true(test_wait_rx(&r.serial.t, 3, 2000));
    g_assert_cmpint(r.serial.t.rx->data[2], ==, 'z');
    rig_close(&r);
}

static void test_output_and_help(void)
{
    struct rig r;
    char buf[64];
    const char *help_end = "C-a C-a  sends C-a\n\r";
    GString *got = g_string_new(NULL);

    rig_open(&r);
    test_iterate_until(both_opened, &r, 2000);
    g_assert_cmpint(qemu_chr_fe_write(r.mux, (const uint8_t *)"guest", 5),
                    ==, 5);
    g_assert_cmpint(qemu_chr_fe_write(r.mux, (const uint8_t *)"mon", 3),
                    ==, 3);
    test_read_exact(r.peer, buf, 8, 2000);
    g_assert_cmpmem(buf, 8, "guestmon", 8);
    test_write_all(r.peer, "\x01h", 2);
    while (!g_str_has_suffix(got->str, help_end)) {
        test_iterate_for(10);
        struct pollfd pfd = { .fd = r.peer, .events = POLLIN };

        if (poll(&pfd, 1, 0) == 1) {
            ssize_t n = read(r.peer, buf, sizeof(buf));

            g_assert_cmpint(n, >, 0);
            g_string_append_len(got, buf, n);
        }
        g_assert_cmpuint(got->len, <, 1000);
    }
    g_assert_true(g_str_has_prefix(got->str, "\n\rC-a h    print this help"));
    g_assert_nonnull(strstr(got->str, "C-a c    switch between console and "
                            "monitor\n\r"));
    g_assert_cmpuint(r.serial.t.rx->len, ==, 0);
    g_string_free(got, TRUE);
    rig_close(&r);
}

static void test_full_front_end(void)
{
    struct rig r;

    rig_open(&r);
    test_iterate_until(both_opened, &r, 2000);
    /* The serial FIFO is full: bytes wait, C-a c still gets through. */
    g_atomic_int_set(&r.serial.t.room, 0);
    test_write_all(r.peer, "12345", 5);
    test_iterate_for(50);
    g_assert_cmpuint(r.serial.t.rx->len, ==, 0);
    test_write_all(r.peer, "\x01" "cm", 3);
    g_assert_true(test_wait_rx(&r.monitor.t, 1, 2000));
    g_assert_cmpint(r.monitor.t.rx->data[0], ==, 'm');
    /* Back on the serial port with room: the held bytes arrive in order. */
    test_write_all(r.peer, "\x01" "c", 2);
    test_iterate_for(50);
    g_atomic_int_set(&r.serial.t.room, -1);
    qemu_chr_fe_accept_input(r.mux);
    g_assert_true(test_wait_rx(&r.serial.t, 5, 2000));
    g_assert_cmpmem(r.serial.t.rx->data, 5, "12345", 5);
    rig_close(&r);
}

/* The request is taken once; remember that it came. */
static bool shutdown_seen(void *opaque)
{
    bool *seen = opaque;

    *seen |= runstate_process_requests();
    return *seen;
}

static void test_quit_escape(void)
{
    struct rig r;
    char buf[18];
    bool seen = false;

    rig_open(&r);
    test_iterate_until(both_opened, &r, 2000);
    g_assert_false(runstate_process_requests());
    test_write_all(r.peer, "\x01x", 2);
    g_assert_true(test_iterate_until(shutdown_seen, &seen, 2000));
    test_read_exact(r.peer, buf, 18, 2000);
    g_assert_cmpmem(buf, 18, "QEMU: Terminated\n\r", 18);
    rig_close(&r);
}

static void test_peer_gone(void)
{
    struct rig r;

    rig_open(&r);
    test_iterate_until(both_opened, &r, 2000);
    close(r.peer);
    r.peer = open("/dev/null", O_RDONLY);
    g_assert_true(test_iterate_until(test_fe_closed, &r.serial.t, 2000));
    g_assert_true(test_iterate_until(test_fe_closed, &r.monitor.t, 2000));
    g_assert_false(qemu_chr_is_connected(r.mux));
    rig_close(&r);
}

/* -chardev ...,mux=on: the same layering from options. */
static void test_mux_option(void)
{
    struct chardev *chr = test_chr_create("null,id=m,mux=on");
    struct chardev *base = qemu_chr_find("m-base");
    struct mux_fe a, b;

    g_assert_cmpstr(qemu_chr_backend_name(chr), ==, "mux");
    g_assert_nonnull(base);
    g_assert_cmpstr(qemu_chr_backend_name(base), ==, "null");
    mux_fe_init(&a);
    mux_fe_init(&b);
    mux_fe_attach(&a, chr);
    mux_fe_attach(&b, chr);
    g_assert_true(test_iterate_until(test_fe_opened, &b.t, 2000));
    g_assert_cmpstr(a.log->str, ==, "IXO");
    g_assert_cmpint(qemu_chr_fe_write(chr, (const uint8_t *)"x", 1), ==, 1);
    qemu_chr_cleanup();
    test_fe_free(&a.t);
    test_fe_free(&b.t);
    g_string_free(a.log, TRUE);
    g_string_free(b.log, TRUE);
}

static void test_bad_specs(void)
{
    Error *err = NULL;

    g_assert_null(qemu_chr_new_mux("m", "none", &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_null(qemu_chr_new_mux("m", "chardev:x", &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_null(qemu_chr_new_mux("m", "bogus:", &err));
    g_assert_nonnull(err);
    error_free(err);
    qemu_chr_cleanup();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/char/mux/focus-and-open", test_focus_and_open);
    g_test_add_func("/char/mux/input-and-switch", test_input_and_switch);
    g_test_add_func("/char/mux/output-and-help", test_output_and_help);
    g_test_add_func("/char/mux/full-front-end", test_full_front_end);
    g_test_add_func("/char/mux/quit-escape", test_quit_escape);
    g_test_add_func("/char/mux/peer-gone", test_peer_gone);
    g_test_add_func("/char/mux/mux-option", test_mux_option);
    g_test_add_func("/char/mux/bad-specs", test_bad_specs);
    return g_test_run();
}
