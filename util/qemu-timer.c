/*
 * Clocks and timer lists.
 *
 * One sorted list per clock, all guarded by one mutex: timers are armed
 * from vCPU threads (register writes) and fired on the main thread. A
 * callback runs with the mutex dropped, so it may re-arm its own timer.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"

#include <time.h>

struct qemu_timer {
    enum qemu_clock_type type;
    qemu_timer_cb *cb;
    void *opaque;
    int64_t expire;         /* absolute ns on its clock; -1 = not armed */
    struct qemu_timer *next;
};

static GMutex timers_lock;
static struct qemu_timer *active[QEMU_CLOCK_MAX];
static void (*timers_notify)(void);

/* Virtual clock state, under timers_lock. */
static bool vclock_manual;
static bool vclock_stopped = true;
static int64_t vclock_offset;     /* virtual = monotonic - offset */
static int64_t vclock_frozen;     /* value while stopped or manual */

static int64_t monotonic_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

static int64_t realtime_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

static int64_t vclock_read_locked(void)
{
    if (vclock_manual || vclock_stopped) {
        return vclock_frozen;
    }
    return monotonic_ns() - vclock_offset;
}

int64_t qemu_clock_get_ns(enum qemu_clock_type type)
{
    int64_t v;

    switch (type) {
    case QEMU_CLOCK_VIRTUAL:
        g_mutex_lock(&timers_lock);
        v = vclock_read_locked();
        g_mutex_unlock(&timers_lock);
        return v;
    case QEMU_CLOCK_HOST:
        return realtime_ns();
    case QEMU_CLOCK_REALTIME:
    default:
        return monotonic_ns();
    }
}

void qemu_clock_virtual_set_manual(bool manual)
{
    g_mutex_lock(&timers_lock);
    vclock_frozen = vclock_read_locked();
    vclock_manual = manual;
    g_mutex_unlock(&timers_lock);
}

bool qemu_clock_virtual_is_manual(void)
{
    return vclock_manual;
}

void qemu_clock_virtual_stop(void)
{
    g_mutex_lock(&timers_lock);
    if (!vclock_stopped) {
        vclock_frozen = vclock_read_locked();
        vclock_stopped = true;
    }
    g_mutex_unlock(&timers_lock);
}

void qemu_clock_virtual_resume(void)
{
    g_mutex_lock(&timers_lock);
    if (vclock_stopped) {
        vclock_offset = monotonic_ns() - vclock_frozen;
        vclock_stopped = false;
    }
    g_mutex_unlock(&timers_lock);
    if (timers_notify) {
        timers_notify();
    }
}

struct qemu_timer *timer_new_ns(enum qemu_clock_type type, qemu_timer_cb *cb,
                                void *opaque)
{
    struct qemu_timer *t = g_new0(struct qemu_timer, 1);

    t->type = type;
    t->cb = cb;
    t->opaque = opaque;
    t->expire = -1;
    return t;
}

static void timer_unlink_locked(struct qemu_timer *t)
{
    struct qemu_timer **pp = &active[t->type];

    while (*pp) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
        pp = &(*pp)->next;
    }
    t->next = NULL;
    t->expire = -1;
}

void timer_del(struct qemu_timer *t)
{
    g_mutex_lock(&timers_lock);
    if (t->expire >= 0) {
        timer_unlink_locked(t);
    }
    g_mutex_unlock(&timers_lock);
}

void timer_free(struct qemu_timer *t)
{
    if (t) {
        timer_del(t);
        g_free(t);
    }
}

void timer_mod(struct qemu_timer *t, int64_t expire_ns)
{
    struct qemu_timer **pp;
    bool first;

    if (expire_ns < 0) {
        expire_ns = 0;
    }
    g_mutex_lock(&timers_lock);
    if (t->expire >= 0) {
        timer_unlink_locked(t);
    }
    /* Insert after timers with the same deadline: they fire in arm order. */
    pp = &active[t->type];
    while (*pp && (*pp)->expire <= expire_ns) {
        pp = &(*pp)->next;
    }
    t->expire = expire_ns;
    t->next = *pp;
    *pp = t;
    first = active[t->type] == t;
    g_mutex_unlock(&timers_lock);
    if (first && timers_notify) {
        timers_notify();
    }
}

bool timer_pending(struct qemu_timer *t)
{
    return t->expire >= 0;
}

int64_t timer_expire_time_ns(struct qemu_timer *t)
{
    return t->expire;
}

int64_t qemu_clock_deadline_ns(enum qemu_clock_type type)
{
    int64_t d;

    g_mutex_lock(&timers_lock);
    d = active[type] ? active[type]->expire : -1;
    g_mutex_unlock(&timers_lock);
    return d;
}

bool qemu_clock_run_timers(enum qemu_clock_type type)
{
    bool ran = false;

    for (;;) {
        struct qemu_timer *t;
        int64_t now;

        g_mutex_lock(&timers_lock);
        if (type == QEMU_CLOCK_VIRTUAL) {
            now = vclock_read_locked();
        } else {
            now = type == QEMU_CLOCK_HOST ? realtime_ns() : monotonic_ns();
        }
        t = active[type];
        if (!t || t->expire > now) {
            g_mutex_unlock(&timers_lock);
            return ran;
        }
        timer_unlink_locked(t);
        g_mutex_unlock(&timers_lock);
        t->cb(t->opaque);
        ran = true;
    }
}

int64_t qemu_clock_advance_virtual(int64_t dest)
{
    for (;;) {
        int64_t deadline;
        int64_t now;

        g_mutex_lock(&timers_lock);
        now = vclock_frozen;
        deadline = active[QEMU_CLOCK_VIRTUAL]
                       ? active[QEMU_CLOCK_VIRTUAL]->expire : -1;
        if (deadline >= 0 && deadline <= dest) {
            /* Stop at each deadline so timers see their own time. */
            if (deadline > now) {
                vclock_frozen = deadline;
            }
            g_mutex_unlock(&timers_lock);
            qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
            continue;
        }
        if (dest > now) {
            vclock_frozen = dest;
        }
        now = vclock_frozen;
        g_mutex_unlock(&timers_lock);
        return now;
    }
}

int64_t qemu_clock_warp_virtual(int64_t dest)
{
    int64_t now;

    g_mutex_lock(&timers_lock);
    if (dest > vclock_frozen) {
        vclock_frozen = dest;
    }
    now = vclock_frozen;
    g_mutex_unlock(&timers_lock);
    return now;
}

int64_t qemu_timers_timeout_ns(void)
{
    int64_t best = -1;

    for (int type = 0; type < QEMU_CLOCK_MAX; type++) {
        int64_t deadline;
        int64_t now;

        if (type == QEMU_CLOCK_VIRTUAL &&
            (vclock_manual || vclock_stopped)) {
            continue;
        }
        deadline = qemu_clock_deadline_ns(type);
        if (deadline < 0) {
            continue;
        }
        now = qemu_clock_get_ns(type);
        deadline = deadline > now ? deadline - now : 0;
        if (best < 0 || deadline < best) {
            best = deadline;
        }
    }
    return best;
}

void qemu_timers_set_notify(void (*notify)(void))
{
    timers_notify = notify;
}
