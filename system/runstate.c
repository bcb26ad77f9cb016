/*
 * Run states and the request queue that changes them.
 *
 * Requests may come from any thread (a vCPU that hit a triple fault, a
 * device port, a signal); they are recorded atomically and carried out on
 * the main thread by runstate_process_requests().
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "sysemu/runstate.h"

bool no_reboot;
bool no_shutdown;
bool daemonize_requested;

static enum run_state current_state = RUN_STATE_PRELAUNCH;
static struct runstate_hooks hooks;

/* Pending requests: 0 = none, otherwise cause (or state) + 1. */
static gint reset_requested;
static gint shutdown_requested;
static gint powerdown_requested;
static gint vmstop_requested;
static gint exit_requested;
static int exit_status;

struct event_listener {
    runstate_event_fn *fn;
    void *opaque;
};
static GArray *listeners;

static const char *const state_names[RUN_STATE_MAX] = {
    [RUN_STATE_PRELAUNCH] = "prelaunch",
    [RUN_STATE_RUNNING] = "running",
    [RUN_STATE_PAUSED] = "paused",
    [RUN_STATE_SHUTDOWN] = "shutdown",
    [RUN_STATE_INTERNAL_ERROR] = "internal-error",
    [RUN_STATE_GUEST_PANICKED] = "guest-panicked",
    [RUN_STATE_IO_ERROR] = "io-error",
};

static const char *const cause_names[SHUTDOWN_CAUSE_MAX] = {
    [SHUTDOWN_CAUSE_NONE] = "none",
    [SHUTDOWN_CAUSE_HOST_ERROR] = "host-error",
    [SHUTDOWN_CAUSE_HOST_QMP_QUIT] = "host-qmp-quit",
    [SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET] = "host-qmp-system-reset",
    [SHUTDOWN_CAUSE_HOST_SIGNAL] = "host-signal",
    [SHUTDOWN_CAUSE_HOST_UI] = "host-ui",
    [SHUTDOWN_CAUSE_GUEST_SHUTDOWN] = "guest-shutdown",
    [SHUTDOWN_CAUSE_GUEST_RESET] = "guest-reset",
    [SHUTDOWN_CAUSE_GUEST_PANIC] = "guest-panic",
    [SHUTDOWN_CAUSE_SUBSYSTEM_RESET] = "subsystem-reset",
};

const char *run_state_name(enum run_state s)
{
    return s < RUN_STATE_MAX ? state_names[s] : "unknown";
}

const char *shutdown_cause_name(enum shutdown_cause c)
{
    return c < SHUTDOWN_CAUSE_MAX ? cause_names[c] : "unknown";
}

bool shutdown_cause_is_guest(enum shutdown_cause c)
{
    return c == SHUTDOWN_CAUSE_GUEST_SHUTDOWN ||
           c == SHUTDOWN_CAUSE_GUEST_RESET ||
           c == SHUTDOWN_CAUSE_GUEST_PANIC;
}

enum run_state runstate_get(void)
{
    return g_atomic_int_get((gint *)&current_state);
}

bool runstate_is_running(void)
{
    return runstate_get() == RUN_STATE_RUNNING;
}

void runstate_set_hooks(const struct runstate_hooks *h)
{
    hooks = *h;
}

void runstate_add_event_listener(runstate_event_fn *fn, void *opaque)
{
    struct event_listener l = { fn, opaque };

    if (!listeners) {
        listeners = g_array_new(FALSE, FALSE, sizeof(l));
    }
    g_array_append_val(listeners, l);
}

static void emit(const char *event, bool has_cause, enum shutdown_cause c)
{
    if (!listeners) {
        return;
    }
    for (guint i = 0; i < listeners->len; i++) {
        struct event_listener *l =
            &g_array_index(listeners, struct event_listener, i);

        l->fn(event, has_cause, c, l->opaque);
    }
}

static void request(gint *slot, int value)
{
    g_atomic_int_set(slot, value + 1);
    main_loop_wakeup();
}

static int take(gint *slot)
{
    return g_atomic_int_exchange(slot, 0) - 1;
}

void qemu_system_reset_request(enum shutdown_cause cause)
{
    /* -no-reboot turns every reset except a subsystem one into a shutdown. */
    if (no_reboot && cause != SHUTDOWN_CAUSE_SUBSYSTEM_RESET) {
        request(&shutdown_requested, cause);
    } else {
        request(&reset_requested, cause);
    }
}

void qemu_system_shutdown_request(enum shutdown_cause cause)
{
    request(&shutdown_requested, cause);
}

void qemu_system_powerdown_request(void)
{
    request(&powerdown_requested, 0);
}

void qemu_system_vmstop_request(enum run_state state)
{
    request(&vmstop_requested, state);
}

void qemu_system_exit_request(int status)
{
    exit_status = status;
    request(&exit_requested, 0);
}

int runstate_exit_status(void)
{
    return exit_status;
}

static void set_state(enum run_state s)
{
    g_atomic_int_set((gint *)&current_state, s);
}

void vm_stop(enum run_state state)
{
    if (current_state == RUN_STATE_RUNNING) {
        if (hooks.pause_vcpus) {
            hooks.pause_vcpus();
        }
        qemu_clock_virtual_stop();
        set_state(state);
        emit("STOP", false, SHUTDOWN_CAUSE_NONE);
    } else if (state != RUN_STATE_PAUSED) {
        /* Errors and shutdown are recorded even while stopped. */
        set_state(state);
    }
}

void vm_start(void)
{
    if (current_state == RUN_STATE_RUNNING) {
        return;
    }
    set_state(RUN_STATE_RUNNING);
    qemu_clock_virtual_resume();
    if (hooks.resume_vcpus) {
        hooks.resume_vcpus();
    }
    emit("RESUME", false, SHUTDOWN_CAUSE_NONE);
}

static void do_reset(enum shutdown_cause cause)
{
    bool was_running = current_state == RUN_STATE_RUNNING;

    if (was_running && hooks.pause_vcpus) {
        hooks.pause_vcpus();
    }
    if (hooks.system_reset) {
        hooks.system_reset(cause);
    }
    emit("RESET", true, cause);
    /* A reset out of a guest shutdown (with -no-shutdown) restarts. */
    if (current_state == RUN_STATE_SHUTDOWN ||
        current_state == RUN_STATE_INTERNAL_ERROR) {
        set_state(RUN_STATE_PAUSED);
        vm_start();
    } else if (was_running && hooks.resume_vcpus) {
        hooks.resume_vcpus();
    }
}

bool runstate_process_requests(void)
{
    int v;

    if (take(&exit_requested) >= 0) {
        return true;
    }
    v = take(&shutdown_requested);
    if (v >= 0) {
        emit("SHUTDOWN", true, v);
        /*
         * -no-shutdown pauses on every shutdown except the ones QEMU
         * forces to power off: quit, a signal, closing the UI (this is
         * how a QMP system_reset under -no-reboot pauses too).
         */
        if (no_shutdown && v != SHUTDOWN_CAUSE_HOST_QMP_QUIT &&
            v != SHUTDOWN_CAUSE_HOST_SIGNAL && v != SHUTDOWN_CAUSE_HOST_UI) {
            vm_stop(RUN_STATE_SHUTDOWN);
        } else {
            return true;
        }
    }
    v = take(&reset_requested);
    if (v >= 0) {
        do_reset(v);
    }
    if (take(&powerdown_requested) >= 0) {
        emit("POWERDOWN", false, SHUTDOWN_CAUSE_NONE);
    }
    v = take(&vmstop_requested);
    if (v >= 0) {
        vm_stop(v);
    }
    return false;
}
