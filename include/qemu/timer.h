/*
 * Clocks and timers.
 *
 * Devices only ever look at time through this API (STYLE.md rule 3):
 *   QEMU_CLOCK_VIRTUAL  guest time: stops while the VM is paused; under the
 *                       qtest accelerator it only moves when the test says.
 *   QEMU_CLOCK_HOST     host wall-clock time (CLOCK_REALTIME).
 *   QEMU_CLOCK_REALTIME host monotonic time, always running.
 *
 * Timer callbacks run on the main-loop thread with no lock held; a device
 * callback takes its own lock. timer_mod()/timer_del() may be called from
 * any thread (vCPU threads program timers from register writes).
 */
#ifndef QEMU_TIMER_H
#define QEMU_TIMER_H

#include "qemu/osdep.h"

#define NANOSECONDS_PER_SECOND 1000000000LL

enum qemu_clock_type {
    QEMU_CLOCK_REALTIME,
    QEMU_CLOCK_VIRTUAL,
    QEMU_CLOCK_HOST,
    QEMU_CLOCK_MAX,
};

typedef void qemu_timer_cb(void *opaque);

struct qemu_timer;

int64_t qemu_clock_get_ns(enum qemu_clock_type type);
static inline int64_t qemu_clock_get_ms(enum qemu_clock_type type)
{
    return qemu_clock_get_ns(type) / 1000000;
}

struct qemu_timer *timer_new_ns(enum qemu_clock_type type, qemu_timer_cb *cb,
                                void *opaque);
void timer_free(struct qemu_timer *t);
/* Arm (or re-arm) the timer to fire once at absolute time expire_ns. */
void timer_mod(struct qemu_timer *t, int64_t expire_ns);
void timer_del(struct qemu_timer *t);
bool timer_pending(struct qemu_timer *t);
int64_t timer_expire_time_ns(struct qemu_timer *t);

/*
 * Virtual clock control (runstate and the qtest accelerator).
 * The virtual clock normally follows the host monotonic clock minus the
 * time spent paused. In manual mode (qtest) it reads a counter that only
 * qemu_clock_advance_virtual() moves.
 */
void qemu_clock_virtual_set_manual(bool manual);
bool qemu_clock_virtual_is_manual(void);
void qemu_clock_virtual_stop(void);
void qemu_clock_virtual_resume(void);
/*
 * Manual mode: move the clock to dest (never backwards), firing every timer
 * at its own deadline in deadline order on the way. Returns the new time.
 */
int64_t qemu_clock_advance_virtual(int64_t dest);
/*
 * Manual mode: move the clock to dest (never backwards) without running
 * any timer; those now expired run on the next advance or
 * qemu_clock_run_timers(). qtest uses it while the VM is stopped, when
 * QEMU's virtual clock is disabled. Returns the new time.
 */
int64_t qemu_clock_warp_virtual(int64_t dest);

/* Earliest armed deadline of a clock, or -1 when none is armed. */
int64_t qemu_clock_deadline_ns(enum qemu_clock_type type);
/* Run the expired timers of a clock; true if any ran. */
bool qemu_clock_run_timers(enum qemu_clock_type type);
/*
 * Nanoseconds until the next deadline over all running clocks, -1 if none:
 * the main loop's poll timeout.
 */
int64_t qemu_timers_timeout_ns(void);
/* Called when an earlier deadline was armed (the main loop wakes up). */
void qemu_timers_set_notify(void (*notify)(void));

#endif
