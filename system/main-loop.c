/*
 * The main loop: GLib's default context plus a timer source and the
 * run-state request check after every iteration.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "sysemu/runstate.h"
#include "sysemu/qtest.h"

#include <fcntl.h>
#include <signal.h>

#include <glib-unix.h>
#include <poll.h>
#include <sys/prctl.h>

static GThread *main_thread;
static GPtrArray *poll_hooks;

static gboolean timer_source_prepare(GSource *src, gint *timeout_ms)
{
    int64_t ns = qemu_timers_timeout_ns();

    if (ns < 0) {
        *timeout_ms = -1;
    } else {
        /* Round up so we never wake just before a deadline. */
        *timeout_ms = (int)MIN((ns + 999999) / 1000000, INT32_MAX);
    }
    return ns == 0;
}

static gboolean timer_source_check(GSource *src)
{
    return qemu_timers_timeout_ns() == 0;
}

static gboolean timer_source_dispatch(GSource *src, GSourceFunc cb,
                                      gpointer data)
{
    qemu_clock_run_timers(QEMU_CLOCK_REALTIME);
    qemu_clock_run_timers(QEMU_CLOCK_HOST);
    if (!qemu_clock_virtual_is_manual() && runstate_is_running()) {
        qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
    }
    return G_SOURCE_CONTINUE;
}

/*
 * GLib hands its poll function a timeout in whole milliseconds, rounded
 * up by timer_source_prepare(), so a timer due in 200 us would fire after
 * 1 ms or more: an emulated PIT programmed for a short one-shot, or any
 * periodic rate above 1 kHz, would be late by up to a millisecond. Sleep
 * with ppoll() until the nearest timer deadline in nanoseconds instead
 * (never longer than GLib asked: other sources may need an earlier wake).
 */
static gint main_loop_poll(GPollFD *fds, guint nfds, gint timeout_ms)
{
    int64_t ns = qemu_timers_timeout_ns();
    struct timespec ts;

    if (timeout_ms >= 0 && (ns < 0 || ns > timeout_ms * 1000000LL)) {
        ns = timeout_ms * 1000000LL;
    }
    ts.tv_sec = ns / 1000000000LL;
    ts.tv_nsec = ns % 1000000000LL;
    /* GPollFD has struct pollfd's layout on Unix (GLib's own g_poll()
     * passes it straight to poll()). */
    return ppoll((struct pollfd *)fds, nfds, ns < 0 ? NULL : &ts, NULL);
}

static GSourceFuncs timer_source_funcs = {
    .prepare = timer_source_prepare,
    .check = timer_source_check,
    .dispatch = timer_source_dispatch,
};

/* Written by the signal handler, read on the main thread. */
static int signal_pipe[2] = { -1, -1 };
static volatile sig_atomic_t last_signal;
static volatile sig_atomic_t last_signal_pid;

static void on_term_signal(int sig, siginfo_t *info, void *ctx)
{
    int saved = errno;
    char c = 0;
    ssize_t n;

    last_signal = sig;
    last_signal_pid = info ? info->si_pid : 0;
    n = write(signal_pipe[1], &c, 1);
    (void)n;    /* a full pipe already wakes the main loop */
    errno = saved;
}

/* QEMU's qemu_kill_report(): who asked us to stop. */
static void report_kill(int sig, pid_t pid)
{
    char *path;
    char *comm = NULL;

    if (qtest_enabled()) {
        return;
    }
    if (!pid) {
        /* ^C at the terminal: no sender worth naming. */
        error_report("terminating on signal %d", sig);
        return;
    }
    /* QEMU names the sender by its argv[0] (/proc/PID/cmdline up to the
     * first NUL), e.g. "bash" or "/usr/bin/python3". */
    path = g_strdup_printf("/proc/%d/cmdline", (int)pid);
    if (g_file_get_contents(path, &comm, NULL, NULL) && !*comm) {
        g_free(comm);
        comm = NULL;
    }
    error_report("terminating on signal %d from pid %d (%s)", sig, (int)pid,
                 comm ? comm : "<unknown process>");
    g_free(comm);
    g_free(path);
}

static gboolean on_host_signal(gint fd, GIOCondition cond, gpointer data)
{
    char buf[64];

    while (read(fd, buf, sizeof(buf)) > 0) {
        /* drain */
    }
    report_kill(last_signal, last_signal_pid);
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_SIGNAL);
    return G_SOURCE_CONTINUE;
}

void main_loop_init_signals(void)
{
    static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
    struct sigaction sa = {
        .sa_sigaction = on_term_signal,
        .sa_flags = SA_SIGINFO | SA_RESTART,
    };

    if (signal_pipe[0] >= 0) {
        return;
    }
    if (!g_unix_open_pipe(signal_pipe, FD_CLOEXEC, NULL)) {
        g_error("cannot create the signal pipe");
    }
    g_unix_set_fd_nonblocking(signal_pipe[0], TRUE, NULL);
    g_unix_set_fd_nonblocking(signal_pipe[1], TRUE, NULL);
    g_unix_fd_add(signal_pipe[0], G_IO_IN, on_host_signal, NULL);
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++) {
        sigaction(sigs[i], &sa, NULL);
    }
}

void main_loop_wakeup(void)
{
    g_main_context_wakeup(NULL);
}

bool qemu_in_main_thread(void)
{
    return g_thread_self() == main_thread;
}

void main_loop_add_poll_hook(void (*fn)(void))
{
    g_ptr_array_add(poll_hooks, (gpointer)fn);
}

void main_loop_init(void)
{
    GSource *src;

    main_thread = g_thread_self();
    poll_hooks = g_ptr_array_new();
    /* The kernel may otherwise defer our wake-ups by 50 us (QEMU: 1 ns). */
    prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0);
    g_main_context_set_poll_func(NULL, main_loop_poll);
    src = g_source_new(&timer_source_funcs, sizeof(GSource));
    g_source_set_name(src, "qemu-timers");
    g_source_attach(src, NULL);
    g_source_unref(src);
    qemu_timers_set_notify(main_loop_wakeup);
}

bool main_loop_iterate(bool blocking)
{
    bool dispatched = g_main_context_iteration(NULL, blocking);

    for (guint i = 0; i < poll_hooks->len; i++) {
        void (*fn)(void) = (void (*)(void))g_ptr_array_index(poll_hooks, i);

        fn();
    }
    return dispatched;
}

void main_loop_run(void)
{
    while (!runstate_process_requests()) {
        main_loop_iterate(true);
    }
}
