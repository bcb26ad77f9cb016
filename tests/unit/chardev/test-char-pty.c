/*
 * The pty backend: open the slave like a user's terminal program would and
 * exchange bytes; nothing written while nobody listens may show up later.
 */
#include "chr-test.h"
#include "chardev/char-internal.h"

#include <termios.h>

static char *slave_path(struct chardev *chr)
{
    char *name = qemu_chr_filename(chr);
    char *path;

    g_assert_true(g_str_has_prefix(name, "pty:/dev/pts/"));
    path = g_strdup(name + 4);
    g_free(name);
    return path;
}

static void fe_write_str(struct chardev *chr, const char *s)
{
    g_assert_cmpint(qemu_chr_fe_write(chr, (const uint8_t *)s, strlen(s)),
                    ==, (int)strlen(s));
}

struct count_wait {
    int *counter;
    int want;
};

static bool count_reached(void *opaque)
{
    struct count_wait *w = opaque;

    return *w->counter >= w->want;
}

static void wait_count(int *counter, int want)
{
    struct count_wait w = { counter, want };

    g_assert_true(test_iterate_until(count_reached, &w, 5000));
    g_assert_cmpint(*counter, ==, want);
}

static bool readable(int fd)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };

    return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

static void test_pty_exchange(void)
{
    struct chardev *chr = test_chr_create("pty,id=p");
    char *path = slave_path(chr);
    struct test_fe fe;
    char buf[16];
    int slave;

    test_fe_init(&fe);
    test_fe_attach(&fe, chr);
    g_assert_false(qemu_chr_is_connected(chr));
    g_assert_cmpint(fe.opened, ==, 0);
    /* Nobody has the slave open: dropped, not queued for later. */
    fe_write_str(chr, "dropped");

    slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    g_assert_cmpint(slave, >=, 0);
    wait_count(&fe.opened, 1);
    g_assert_true(qemu_chr_is_connected(chr));

    /* Raw: "\n" stays "\n", and nothing earlier is waiting. */
    fe_write_str(chr, "hello\n");
    test_read_exact(slave, buf, 6, 3000);
    g_assert_cmpmem(buf, 6, "hello\n", 6);
    test_write_all(slave, "abc\r", 4);
    g_assert_true(test_wait_rx(&fe, 4, 3000));
    g_assert_cmpmem(fe.rx->data, fe.rx->len, "abc\r", 4);
    /* No echo of the input back to the terminal. */
    test_iterate_for(50);
    g_assert_false(readable(slave));

    close(slave);
    wait_count(&fe.closed, 1);
    g_assert_false(qemu_chr_is_connected(chr));
    fe_write_str(chr, "lost");

    slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    wait_count(&fe.opened, 2);
    fe_write_str(chr, "X");
    test_read_exact(slave, buf, 1, 3000);
    g_assert_cmpint(buf[0], ==, 'X');
    close(slave);

    test_fe_free(&fe);
    qemu_chr_cleanup();
    g_free(path);
}

/* Writes straight after the slave opens go through (no poll delay). */
static void test_pty_write_before_main_loop_notices(void)
{
    Error *err = NULL;
    struct chardev *chr = qemu_chr_new("serial0", "pty", &err);
    char *path = slave_path(chr);
    char buf[5];
    int slave;

    g_assert_null(err);
    slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    fe_write_str(chr, "early");
    test_read_exact(slave, buf, 5, 3000);
    g_assert_cmpmem(buf, 5, "early", 5);
    close(slave);
    qemu_chr_cleanup();
    g_free(path);
}

static void test_pty_symlink(void)
{
    char *dir = test_mkdtemp();
    char *link = g_build_filename(dir, "console", NULL);
    char *str = g_strdup_printf("pty,id=p,path=%s", link);
    struct chardev *chr = test_chr_create(str);
    char *path = slave_path(chr);
    char *target = g_file_read_link(link, NULL);

    g_assert_cmpstr(target, ==, path);
    qemu_chr_cleanup();
    g_assert_false(g_file_test(link, G_FILE_TEST_IS_SYMLINK));
    g_free(target);
    g_free(path);
    g_free(str);
    g_free(link);
    test_rmdir(dir);
}

/*
 * A writer never blocks for long on a slave that is open but never read:
 * after one stall window, bytes are dropped instead of waited for (the
 * kernel moving bytes between its pty buffers may grant a few more).
 */
static void test_pty_unread_slave(void)
{
    struct chardev *chr = test_chr_create("pty,id=p");
    char *path = slave_path(chr);
    int slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    static uint8_t buf[256 * 1024];
    gint64 start;

    chr_set_write_stall_ms(300);
    start = g_get_monotonic_time();
    for (int i = 0; i < 10; i++) {
        g_assert_cmpint(qemu_chr_fe_write(chr, buf, sizeof(buf)), ==,
                        (int)sizeof(buf));
    }
    /* Ten writes that each waited would take 3 s. */
    g_assert_cmpint(g_get_monotonic_time() - start, <, 1500 * 1000);
    chr_set_write_stall_ms(CHR_WRITE_STALL_MS);
    close(slave);
    qemu_chr_cleanup();
    g_free(path);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    /* The pty's notice would land in the TAP stream on stdout. */
    qemu_chr_set_info_stream(stderr);
    g_test_add_func("/chardev/pty/exchange", test_pty_exchange);
    g_test_add_func("/chardev/pty/write-right-after-open",
                    test_pty_write_before_main_loop_notices);
    g_test_add_func("/chardev/pty/symlink", test_pty_symlink);
    g_test_add_func("/chardev/pty/unread-slave", test_pty_unread_slave);
    return g_test_run();
}
