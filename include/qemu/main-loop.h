/*
 * The main loop: a GLib GMainContext on the main thread.
 *
 * It dispatches timers, chardev I/O, monitor connections and run-state
 * requests. vCPU threads never run it; they post requests and wake it with
 * main_loop_wakeup().
 */
#ifndef QEMU_MAIN_LOOP_H
#define QEMU_MAIN_LOOP_H

#include "qemu/osdep.h"

void main_loop_init(void);
/*
 * SIGTERM, SIGINT and SIGHUP request a shutdown (exit status 0) with
 * QEMU's "terminating on signal N from pid P (name)" message. The
 * handler writes to a pipe the main loop watches, which a fork keeps
 * (GLib's signal sources rely on a helper thread that -daemonize's fork
 * would lose).
 */
void main_loop_init_signals(void);
/* Runs until a shutdown request is final. */
void main_loop_run(void);
/* Safe from any thread and from signal handlers. */
void main_loop_wakeup(void);
/* One iteration (tests); blocking selects whether it may sleep. */
bool main_loop_iterate(bool blocking);
/* True on the main-loop thread. */
bool qemu_in_main_thread(void);

/* Register a callback run after each iteration (run-state requests). */
void main_loop_add_poll_hook(void (*fn)(void));

#endif
