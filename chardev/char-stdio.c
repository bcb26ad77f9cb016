/*
 * The stdio backend: output to fd 1, input from fd 0.
 *
 *   -chardev stdio,id=x[,signal=on|off]
 *
 * When stdin is a terminal it is put in raw mode (no echo, no line
 * editing, no CR/LF translation on input; output processing kept so "\n"
 * still returns the carriage). signal=on (the default) keeps ^C/^Z/^\
 * generating signals; signal=off passes them to the guest. The original
 * settings come back at exit (atexit), on fatal signals nobody else handles,
 * and whenever the VMM calls qemu_chr_restore_terminal().
 */
#include "qemu/osdep.h"
#include "chardev/char-internal.h"
#include "sysemu/runstate.h"

#include <signal.h>
#include <termios.h>

static bool stdio_in_use;                   /* QEMU allows one user */
static struct termios stdio_saved_tty;      /* stdin before raw mode */
static volatile sig_atomic_t stdio_tty_saved;

/* Async-signal-safe: tcsetattr() is, and nothing here allocates. */
void qemu_chr_restore_terminal(void)
{
    if (stdio_tty_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &stdio_saved_tty);
    }
}

static void stdio_fatal_signal(int sig)
{
    /* SA_RESETHAND made the action SIG_DFL again: restore and re-deliver. */
    qemu_chr_restore_terminal();
    raise(sig);
}

/*
 * Signals that would kill us with the terminal still raw. Only default
 * dispositions are taken over, so the VMM's own handlers (SIGTERM/SIGINT
 * for an orderly shutdown, which then exits through atexit) keep priority.
 */
static void stdio_install_restore_hooks(void)
{
    static const int sigs[] = {
        SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGABRT, SIGSEGV, SIGBUS, SIGFPE,
        SIGILL,
    };
    static bool done;
    struct sigaction sa = {
        .sa_handler = stdio_fatal_signal,
        .sa_flags = SA_RESETHAND,
    };

    if (done) {
        return;
    }
    done = true;
    atexit(qemu_chr_restore_terminal);
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
        struct sigaction old;

        if (sigaction(sigs[i], NULL, &old) == 0 &&
            old.sa_handler == SIG_DFL) {
            sigaction(sigs[i], &sa, NULL);
        }
    }
}

static void stdio_set_raw(bool signals)
{
    struct termios tty;

    if (tcgetattr(STDIN_FILENO, &stdio_saved_tty) < 0) {
        return;
    }
    stdio_tty_saved = 1;
    stdio_install_restore_hooks();
    tty = stdio_saved_tty;
    tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
                     ICRNL | IXON);
    tty.c_oflag |= OPOST;
    tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!signals) {
        tty.c_lflag &= ~ISIG;
    }
    tty.c_cflag &= ~(CSIZE | PARENB);
    tty.c_cflag |= CS8;
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &tty);
}

static int stdio_open(struct chardev *chr, struct kv_opts *opts,
                      Error **errp)
{
    bool signals = true;

    if (kv_get_bool(opts, "signal", &signals, errp) < 0) {
        return -EINVAL;
    }
    if (daemonize_requested) {
        /* QEMU's text; stdio is /dev/null once the daemon detaches. */
        error_setg(errp, "cannot use stdio with -daemonize");
        return -EINVAL;
    }
    if (stdio_in_use) {
        error_setg(errp, "cannot use stdio by multiple character devices");
        return -EBUSY;
    }
    stdio_in_use = true;
    if (isatty(STDIN_FILENO)) {
        stdio_set_raw(signals);
    }
    chr_set_output(chr, STDOUT_FILENO, false);
    chr_set_connected(chr, true);
    chr_set_filename(chr, g_strdup("stdio"));
    chr_input_start(chr, STDIN_FILENO, false);
    return 0;
}

/*
 * stdin reached EOF (or was never readable): stop polling it and tell the
 * front end, as QEMU does (a qtest server logs "CLOSED", QMP restarts
 * negotiation).
 */
static void stdio_input_closed(struct chardev *chr)
{
    chr_input_stop(chr);
    chr_be_event(chr, CHR_EVENT_CLOSED);
}

static void stdio_close(struct chardev *chr)
{
    chr_set_output(chr, -1, false);
    qemu_chr_restore_terminal();
    stdio_tty_saved = 0;
    stdio_in_use = false;
}

static const char *const stdio_opts[] = { "signal", NULL };

const struct chardev_backend chr_backend_stdio = {
    .name = "stdio",
    .instance_size = sizeof(struct chardev),
    .opts = stdio_opts,
    .open = stdio_open,
    .close = stdio_close,
    .input_closed = stdio_input_closed,
};
