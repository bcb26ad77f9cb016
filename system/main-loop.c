/*
 * The main loop: GLib's default context plus a timer source and the
 * run-state request check after every iteration.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "sysemu/runstate.h"

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

static gboolean on_host_signal(gpointer data)
{
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_SIGNAL);
    return G_SOURCE_CONTINUE;
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
    g_unix_signal_add(SIGTERM, on_host_signal, NULL);
    g_unix_signal_add(SIGINT, on_host_signal, NULL);
    g_unix_signal_add(SIGHUP, on_host_signal, NULL);
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
