/*
 * isa-debugcon and isa-debug-exit through the qtest protocol.
 *
 * debugcon (QEMU hw/char/debugcon.c): every byte written to the port
 * reaches the chardev, reads return the "readback" value (0xe9 by
 * default, the Bochs "port e9 hack" check).
 * isa-debug-exit (QEMU hw/misc/debugexit.c): a write of V ends the
 * process with exit status (V << 1) | 1 at once; defaults iobase 0x501,
 * iosize 2.
 */
#include "qtest-pc.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct tmpfile {
    char *dir;
    char *path;
};

static struct tmpfile tmp_new(void)
{
    struct tmpfile t;

    t.dir = g_dir_make_tmp("debugcon-test-XXXXXX", NULL);
    t.path = g_build_filename(t.dir, "out", NULL);
    return t;
}

static char *tmp_take(struct tmpfile *t)
{
    char *text = NULL;

    g_assert(g_file_get_contents(t->path, &text, NULL, NULL));
    unlink(t->path);
    rmdir(t->dir);
    g_free(t->path);
    g_free(t->dir);
    return text;
}

static void test_debugcon_option(void)
{
    struct tmpfile t = tmp_new();
    char *args = g_strdup_printf("-machine pc -nodefaults -debugcon file:%s",
                                 t.path);
    QTestState *s = pc_start(args);
    char *text;

    for (const char *p = "hello, e9\n"; *p; p++) {
        qtest_outb(s, 0xe9, *p);
    }
    g_assert_cmphex(qtest_inb(s, 0xe9), ==, 0xe9);
    qtest_quit(s);
    text = tmp_take(&t);
    g_assert_cmpstr(text, ==, "hello, e9\n");
    g_free(text);
    g_free(args);
}

static void test_debugcon_device(void)
{
    struct tmpfile t = tmp_new();
    char *args = g_strdup_printf("-machine pc -nodefaults "
                                 "-chardev file,id=d0,path=%s "
                                 "-device isa-debugcon,chardev=d0,"
                                 "iobase=0x402,readback=0x5a", t.path);
    QTestState *s = pc_start(args);
    char *text;

    qtest_outb(s, 0x402, 'A');
    qtest_outb(s, 0x402, 'B');
    /* Nothing at the default port. */
    qtest_outb(s, 0xe9, 'X');
    g_assert_cmphex(qtest_inb(s, 0xe9), ==, 0xff);
    g_assert_cmphex(qtest_inb(s, 0x402), ==, 0x5a);
    qtest_quit(s);
    text = tmp_take(&t);
    g_assert_cmpstr(text, ==, "AB");
    g_free(text);
    g_free(args);
}

/* The write ends the VMM; the reply never comes. */
static void exit_with(const char *args, const char *cmd, int status)
{
    QTestState *s = pc_start(args);
    int ws;

    qtest_send_bytes(s, cmd, strlen(cmd));
    ws = qtest_wait_exit(s, 10000);
    g_assert_cmpint(ws, !=, -1);
    g_assert_true(WIFEXITED(ws));
    g_assert_cmpint(WEXITSTATUS(ws), ==, status);
    qtest_set_expected_status(s, status);
    qtest_quit(s);
}

static void test_debug_exit(void)
{
    exit_with("-machine pc -nodefaults -device isa-debug-exit",
              "outb 0x501 0x05\n", 11);
    /* Second port of the default pair, 16-bit value. */
    exit_with("-machine pc -nodefaults -device isa-debug-exit",
              "outw 0x502 0x21\n", 0x43);
    exit_with("-machine pc -nodefaults "
              "-device isa-debug-exit,iobase=0xf4,iosize=0x04",
              "outb 0xf4 0\n", 1);
    /* Only the low 8 bits of (V << 1) | 1 reach the parent. */
    exit_with("-machine pc -nodefaults "
              "-device isa-debug-exit,iobase=0xf4,iosize=0x04",
              "outl 0xf7 0x80\n", 1);
}

static void test_debug_exit_reads(void)
{
    QTestState *s = pc_start("-machine pc -nodefaults "
                             "-device isa-debug-exit,iobase=0xf4,iosize=4");

    g_assert_cmphex(qtest_inb(s, 0xf4), ==, 0);
    g_assert_cmphex(qtest_inl(s, 0xf4), ==, 0);
    g_assert_cmphex(qtest_inb(s, 0xf8), ==, 0xff);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("debugcon/option", test_debugcon_option);
    qtest_add_func("debugcon/device", test_debugcon_device);
    qtest_add_func("debug-exit/status", test_debug_exit);
    qtest_add_func("debug-exit/reads", test_debug_exit_reads);
    return g_test_run();
}
