/*
 * VM run states and the requests that move between them.
 *
 * Any thread may post a request (reset, shutdown, powerdown, stop); the
 * main loop carries it out, so a vCPU thread never tears down the machine
 * it is running on.
 */
#ifndef SYSEMU_RUNSTATE_H
#define SYSEMU_RUNSTATE_H

#include "qemu/osdep.h"

enum run_state {
    RUN_STATE_PRELAUNCH,
    RUN_STATE_RUNNING,
    RUN_STATE_PAUSED,
    RUN_STATE_SHUTDOWN,
    RUN_STATE_INTERNAL_ERROR,
    RUN_STATE_GUEST_PANICKED,
    RUN_STATE_IO_ERROR,
    RUN_STATE_MAX,
};

/* Why a shutdown or reset happened; names as in QEMU's QAPI ShutdownCause. */
enum shutdown_cause {
    SHUTDOWN_CAUSE_NONE,
    SHUTDOWN_CAUSE_HOST_ERROR,
    SHUTDOWN_CAUSE_HOST_QMP_QUIT,
    SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET,
    SHUTDOWN_CAUSE_HOST_SIGNAL,
    SHUTDOWN_CAUSE_HOST_UI,
    SHUTDOWN_CAUSE_GUEST_SHUTDOWN,
    SHUTDOWN_CAUSE_GUEST_RESET,
    SHUTDOWN_CAUSE_GUEST_PANIC,
    SHUTDOWN_CAUSE_SUBSYSTEM_RESET,
    SHUTDOWN_CAUSE_MAX,
};

const char *run_state_name(enum run_state s);
const char *shutdown_cause_name(enum shutdown_cause c);
bool shutdown_cause_is_guest(enum shutdown_cause c);

enum run_state runstate_get(void);
bool runstate_is_running(void);

/* -no-reboot: a reset request becomes a shutdown. */
extern bool no_reboot;
/*
 * -no-shutdown: a shutdown stops the VM instead of exiting, except for quit,
 * host signals and the UI (QEMU forces those to power off).
 */
extern bool no_shutdown;
/* -daemonize was given: stdio backends refuse, as QEMU's is_daemonized(). */
extern bool daemonize_requested;

void qemu_system_reset_request(enum shutdown_cause cause);
void qemu_system_shutdown_request(enum shutdown_cause cause);
void qemu_system_powerdown_request(void);
/* Stop the VM from any thread (e.g. an unrecoverable vCPU error). */
void qemu_system_vmstop_request(enum run_state state);
/* Leave the main loop with this process exit status once it is safe. */
void qemu_system_exit_request(int status);

/* Main-loop side (system/runstate.c). */
void vm_start(void);
void vm_stop(enum run_state state);
/* Handle pending requests; returns true when the main loop must exit. */
bool runstate_process_requests(void);
int runstate_exit_status(void);

/*
 * Event listeners (QMP): called on the main thread with an event name
 * ("STOP", "RESUME", "RESET", "SHUTDOWN", "POWERDOWN") and, for RESET and
 * SHUTDOWN, the cause.
 */
typedef void runstate_event_fn(const char *event, bool has_cause,
                               enum shutdown_cause cause, void *opaque);
void runstate_add_event_listener(runstate_event_fn *fn, void *opaque);

/*
 * Machine hooks installed by the board and accelerator: reset every device
 * and vCPU, pause and resume vCPUs.
 */
struct runstate_hooks {
    void (*system_reset)(enum shutdown_cause cause);
    void (*pause_vcpus)(void);
    void (*resume_vcpus)(void);
};
void runstate_set_hooks(const struct runstate_hooks *hooks);

#endif
