/*
 * The stdio backend, run in forked children whose stdin is a pty (so raw
 * mode can be checked from outside) and whose stdout is a pipe.
 */
#include "chr-test.h"

#include <signal.h>
#include <sys/wait.h>
#include <termios.h>

struct term {
    int master;             /* the test's side */
    char *slave;            /* the child's stdin */
    int out[2];             /* the child's stdout */
};

static void term_open(struct term *t)
{
    char name[64];

    t->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    g_assert_cmpint(t->master, >=, 0);
    g_assert_cmpint(grantpt(t->master), ==, 0);
    g_assert_cmpint(unlockpt(t->master), ==, 0);
    g_assert_cmpint(ptsname_r(t->master, name, sizeof(name)), ==, 0);
    t->slave = g_strdup(name);
    g_assert_cmpint(pipe(t->out), ==, 0);
}

static void term_close(struct term *t)
{
    close(t->master);
    close(t->out[0]);
    g_free(t->slave);
}

/* The slave's current local flags, seen from another open file. */
static tcflag_t term_lflag(struct term *t)
{
    int fd = open(t->slave, O_RDWR | O_NOCTTY | O_CLOEXEC);
    struct termios tty;

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(tcgetattr(fd, &tty), ==, 0);
    close(fd);
    return tty.c_lflag;
}

/* Fork; in the child, stdin is the pty slave and stdout the pipe. */
static pid_t term_fork(struct term *t)
{
    pid_t pid = fork();

    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        int fd = open(t->slave, O_RDWR | O_NOCTTY);

        if (fd < 0 || dup2(fd, 0) < 0 || dup2(t->out[1], 1) < 0) {
            _exit(90);
        }
        close(fd);
        close(t->out[1]);
        return 0;
    }
    close(t->out[1]);
    return pid;
}

static int wait_child(pid_t pid)
{
    int status;

    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    return status;
}

/* Child: raw mode with signals, echo what it reads, exit via atexit. */
static void child_echo(void)
{
    struct chardev *chr = test_chr_create("stdio,id=s");
    struct termios tty;
    struct test_fe fe;

    if (tcgetattr(0, &tty) < 0 || (tty.c_lflag & (ICANON | ECHO)) ||
        !(tty.c_lflag & ISIG) || (tty.c_iflag & ICRNL)) {
        _exit(91);
    }
    test_fe_init(&fe);
    test_fe_attach(&fe, chr);
    qemu_chr_fe_write(chr, (const uint8_t *)"ready\n", 6);
    if (!test_wait_rx(&fe, 3, 5000)) {
        _exit(92);
    }
    qemu_chr_fe_write(chr, (const uint8_t *)"got:", 4);
    qemu_chr_fe_write(chr, fe.rx->data, fe.rx->len);
    exit(0);                /* the atexit hook restores the terminal */
}

static void test_stdio_raw_and_restore(void)
{
    struct term t;
    pid_t pid;
    char buf[16];

    term_open(&t);
    g_assert_true(term_lflag(&t) & ICANON);
    pid = term_fork(&t);
    if (pid == 0) {
        child_echo();
    }
    test_read_exact(t.out[0], buf, 6, 5000);
    g_assert_cmpmem(buf, 6, "ready\n", 6);
    /* Raw now, as seen from outside. */
    g_assert_false(term_lflag(&t) & (ICANON | ECHO));
    /* No line buffering: 3 bytes without a newline arrive. */
    test_write_all(t.master, "k\rx", 3);
    test_read_exact(t.out[0], buf, 7, 5000);
    g_assert_cmpmem(buf, 7, "got:k\rx", 7);
    g_assert_cmpint(wait_child(pid), ==, 0);
    g_assert_true(term_lflag(&t) & ICANON);
    g_assert_true(term_lflag(&t) & ECHO);
    term_close(&t);
}

static void test_stdio_signal_off(void)
{
    struct term t;
    pid_t pid;
    char c;

    term_open(&t);
    pid = term_fork(&t);
    if (pid == 0) {
        struct termios tty;

        test_chr_create("stdio,id=s,signal=off");
        if (tcgetattr(0, &tty) < 0 || (tty.c_lflag & ISIG)) {
            _exit(93);
        }
        if (write(1, "!", 1) != 1) {
            _exit(94);
        }
        pause();            /* until the parent's SIGTERM */
        _exit(95);
    }
    test_read_exact(t.out[0], &c, 1, 5000);
    g_assert_false(term_lflag(&t) & ISIG);
    kill(pid, SIGTERM);
    /* Killed by the signal, and the terminal is back to normal. */
    g_assert_true(WIFSIGNALED(wait_child(pid)));
    g_assert_true(term_lflag(&t) & ISIG);
    g_assert_true(term_lflag(&t) & ICANON);
    term_close(&t);
}

/* Stdin not a terminal: nothing touched; EOF just ends the input. */
static void test_stdio_not_a_tty(void)
{
    int out[2];
    pid_t pid;
    char buf[8];

    g_assert_cmpint(pipe(out), ==, 0);
    pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);
        struct chardev *chr;
        struct test_fe fe;

        dup2(null, 0);
        dup2(out[1], 1);
        chr = test_chr_create("stdio,id=s");
        test_fe_init(&fe);
        test_fe_attach(&fe, chr);
        test_iterate_for(100);
        if (fe.rx->len || fe.opened != 1) {
            _exit(96);
        }
        qemu_chr_fe_write(chr, (const uint8_t *)"still ok", 8);
        qemu_chr_cleanup();
        _exit(0);
    }
    close(out[1]);
    test_read_exact(out[0], buf, 8, 5000);
    g_assert_cmpmem(buf, 8, "still ok", 8);
    g_assert_cmpint(wait_child(pid), ==, 0);
    close(out[0]);
}

static void test_stdio_only_once(void)
{
    pid_t pid = fork();

    if (pid == 0) {
        Error *err = NULL;
        int null = open("/dev/null", O_RDWR);

        dup2(null, 0);
        dup2(null, 1);
        test_chr_create("stdio,id=a");
        if (qemu_chr_new("serial0", "stdio", &err) || !err ||
            strcmp(error_get_pretty(err),
                   "cannot use stdio by multiple character devices")) {
            _exit(97);
        }
        error_free(err);
        /* Free again after cleanup. */
        qemu_chr_cleanup();
        test_chr_create("stdio,id=b");
        _exit(0);
    }
    g_assert_cmpint(wait_child(pid), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/chardev/stdio/raw-and-restore",
                    test_stdio_raw_and_restore);
    g_test_add_func("/chardev/stdio/signal-off-and-restore-on-signal",
                    test_stdio_signal_off);
    g_test_add_func("/chardev/stdio/not-a-tty", test_stdio_not_a_tty);
    g_test_add_func("/chardev/stdio/only-once", test_stdio_only_once);
    return g_test_run();
}
