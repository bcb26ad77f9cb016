/*
 * Clocks and timers (util/qemu-timer.c): deadline order, arm order for
 * equal deadlines, re-arming and deleting (also from a callback), the
 * manual virtual clock qtest uses (each timer sees its own deadline as
 * "now"), stopping/resuming the virtual clock, deadlines for the main
 * loop's poll timeout, and the wake-up notification.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"

#define MAX_FIRES 32

struct fire_log {
    int n;
    int ids[MAX_FIRES];
    int64_t at[MAX_FIRES];  /* QEMU_CLOCK_VIRTUAL when it fired */
};

static struct fire_log fired;

struct test_timer {
    int id;
    struct qemu_timer *t;
    int64_t period;         /* re-arm by this much when > 0 */
    int remaining;          /* re-arms left */
    struct qemu_timer *del; /* timer to delete when this one fires */
};

static void on_fire(void *opaque)
{
    struct test_timer *tt = opaque;

    g_assert_cmpint(fired.n, <, MAX_FIRES);
    fired.ids[fired.n] = tt->id;
    fired.at[fired.n] = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    fired.n++;
    if (tt->del) {
        timer_del(tt->del);
    }
    if (tt->period > 0 && tt->remaining-- > 0) {
        timer_mod(tt->t, timer_expire_time_ns(tt->t) < 0
                             ? qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                                   tt->period
                             : timer_expire_time_ns(tt->t));
    }
}

static struct test_timer *tt_new(int id)
{
    struct test_timer *tt = g_new0(struct test_timer, 1);

    tt->id = id;
    tt->t = timer_new_ns(QEMU_CLOCK_VIRTUAL, on_fire, tt);
    return tt;
}

static void tt_free(struct test_timer *tt)
{
    timer_free(tt->t);
    g_free(tt);
}

/* Manual virtual clock, starting at the current value, log cleared. */
static int64_t manual_start(void)
{
    qemu_clock_virtual_set_manual(true);
    memset(&fired, 0, sizeof(fired));
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void test_deadline_order(void)
{
    int64_t t0 = manual_start();
    struct test_timer *a = tt_new(1), *b = tt_new(2), *c = tt_new(3);
    struct test_timer *d = tt_new(4);

    g_assert_false(timer_pending(a->t));
    g_assert_cmpint(timer_expire_time_ns(a->t), ==, -1);
    timer_mod(a->t, t0 + 300);
    timer_mod(b->t, t0 + 100);
    timer_mod(c->t, t0 + 200);
    timer_mod(d->t, t0 + 200);   /* same deadline as c: after c */
    g_assert_true(timer_pending(a->t));
    g_assert_cmpint(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), ==,
                    t0 + 100);
    /* Advancing to just before the first deadline fires nothing. */
    g_assert_cmpint(qemu_clock_advance_virtual(t0 + 99), ==, t0 + 99);
    g_assert_cmpint(fired.n, ==, 0);
    g_assert_cmpint(qemu_clock_advance_virtual(t0 + 1000), ==, t0 + 1000);
    g_assert_cmpint(fired.n, ==, 4);
    g_assert_cmpint(fired.ids[0], ==, 2);
    g_assert_cmpint(fired.ids[1], ==, 3);
    g_assert_cmpint(fired.ids[2], ==, 4);
    g_assert_cmpint(fired.ids[3], ==, 1);
    /* Each callback saw its own deadline as the time. */
    g_assert_cmpint(fired.at[0], ==, t0 + 100);
    g_assert_cmpint(fired.at[1], ==, t0 + 200);
    g_assert_cmpint(fired.at[3], ==, t0 + 300);
    g_assert_false(timer_pending(a->t));
    g_assert_cmpint(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), ==, -1);
    tt_free(a);
    tt_free(b);
    tt_free(c);
    tt_free(d);
}

static void test_mod_del(void)
{
    int64_t t0 = manual_start();
    struct test_timer *a = tt_new(1), *b = tt_new(2);

    timer_mod(a->t, t0 + 100);
    timer_mod(b->t, t0 + 200);
    timer_mod(a->t, t0 + 300);   /* re-arm moves it, no second copy */
    timer_del(b->t);
    timer_del(b->t);             /* deleting twice is harmless */
    g_assert_false(timer_pending(b->t));
    g_assert_cmpint(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), ==,
                    t0 + 300);
    qemu_clock_advance_virtual(t0 + 500);
    g_assert_cmpint(fired.n, ==, 1);
    g_assert_cmpint(fired.ids[0], ==, 1);
    g_assert_cmpint(fired.at[0], ==, t0 + 300);
    /* A deadline in the past fires at the next run. */
    timer_mod(a->t, t0 + 10);
    g_assert_true(qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL));
    g_assert_cmpint(fired.n, ==, 2);
    g_assert_false(qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL));
    /* Negative deadlines are clamped to 0 (fire at once). */
    timer_mod(a->t, -5);
    g_assert_cmpint(timer_expire_time_ns(a->t), ==, 0);
    timer_del(a->t);
    tt_free(a);
    tt_free(b);
}

/* A periodic timer re-arming itself from its callback fires at every
 * period while the clock is advanced over several periods at once. */
static void test_periodic_rearm(void)
{
    int64_t t0 = manual_start();
    struct test_timer *p = tt_new(7);

    p->period = 1000;
    p->remaining = 4;
    timer_mod(p->t, t0 + 1000);
    qemu_clock_advance_virtual(t0 + 3500);
    g_assert_cmpint(fired.n, ==, 3);
    for (int i = 0; i < 3; i++) {
        g_assert_cmpint(fired.at[i], ==, t0 + 1000 * (i + 1));
    }
    g_assert_cmpint(timer_expire_time_ns(p->t), ==, t0 + 4000);
    qemu_clock_advance_virtual(t0 + 10000);
    g_assert_cmpint(fired.n, ==, 5);   /* 4 re-arms + the first */
    g_assert_false(timer_pending(p->t));
    tt_free(p);
}

/* A callback may delete another armed timer that is due. */
static void test_delete_from_callback(void)
{
    int64_t t0 = manual_start();
    struct test_timer *a = tt_new(1), *b = tt_new(2);

    a->del = b->t;
    timer_mod(a->t, t0 + 10);
    timer_mod(b->t, t0 + 20);
    qemu_clock_advance_virtual(t0 + 100);
    g_assert_cmpint(fired.n, ==, 1);
    g_assert_cmpint(fired.ids[0], ==, 1);
    tt_free(a);
    tt_free(b);
}

/* The manual clock never goes backwards; free disarms. */
static void test_no_backwards(void)
{
    int64_t t0 = manual_start();
    struct test_timer *a = tt_new(1);

    g_assert_cmpint(qemu_clock_advance_virtual(t0 + 50), ==, t0 + 50);
    g_assert_cmpint(qemu_clock_advance_virtual(t0 + 10), ==, t0 + 50);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, t0 + 50);
    timer_mod(a->t, t0 + 60);
    tt_free(a);
    g_assert_cmpint(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), ==, -1);
    qemu_clock_advance_virtual(t0 + 100);
    g_assert_cmpint(fired.n, ==, 0);
}

/* Out of manual mode the virtual clock follows the host clock, but not
 * while stopped (a paused VM), and resumes where it stopped. */
static void test_stop_resume(void)
{
    int64_t a, b, c;

    qemu_clock_virtual_set_manual(false);
    qemu_clock_virtual_resume();
    a = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_usleep(20000);
    b = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_assert_cmpint(b - a, >=, 20 * 1000 * 1000);
    qemu_clock_virtual_stop();
    b = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_usleep(20000);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, b);
    /* A stopped clock gives no poll timeout for virtual timers. */
    {
        struct test_timer *t = tt_new(1);

        timer_mod(t->t, b + 1);
        g_assert_cmpint(qemu_timers_timeout_ns(), ==, -1);
        qemu_clock_virtual_resume();
        c = qemu_timers_timeout_ns();
        g_assert_cmpint(c, >=, 0);
        g_assert_cmpint(c, <=, 1);
        tt_free(t);
    }
    c = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    /* No jump over the stopped time. */
    g_assert_cmpint(c - b, <, 15 * 1000 * 1000);
    g_assert_cmpint(c, >=, b);
    qemu_clock_virtual_stop();
}

static int notified;

static void on_notify(void)
{
    notified++;
}

/* Arming a new earliest deadline wakes the main loop; a later one does
 * not. Host-side clocks run their timers too. */
static void test_notify_and_realtime(void)
{
    struct qemu_timer *t1 = timer_new_ns(QEMU_CLOCK_REALTIME, on_fire,
                                         &(struct test_timer){ .id = 9 });
    struct qemu_timer *t2 = timer_new_ns(QEMU_CLOCK_REALTIME, on_fire,
                                         &(struct test_timer){ .id = 10 });
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
    int64_t timeout;

    memset(&fired, 0, sizeof(fired));
    qemu_timers_set_notify(on_notify);
    notified = 0;
    timer_mod(t1, now + 50 * 1000 * 1000);
    g_assert_cmpint(notified, ==, 1);
    timer_mod(t2, now + 100 * 1000 * 1000);
    g_assert_cmpint(notified, ==, 1);
    timeout = qemu_timers_timeout_ns();
    g_assert_cmpint(timeout, >, 0);
    g_assert_cmpint(timeout, <=, 50 * 1000 * 1000);
    g_assert_false(qemu_clock_run_timers(QEMU_CLOCK_REALTIME));
    timer_mod(t2, now);
    g_assert_cmpint(notified, ==, 2);
    g_assert_true(qemu_clock_run_timers(QEMU_CLOCK_REALTIME));
    g_assert_cmpint(fired.n, ==, 1);
    g_assert_cmpint(fired.ids[0], ==, 10);
    qemu_timers_set_notify(NULL);
    timer_free(t1);
    timer_free(t2);
    /* QEMU_CLOCK_HOST is wall-clock time. */
    g_assert_cmpint(llabs(qemu_clock_get_ns(QEMU_CLOCK_HOST) / 1000 -
                          g_get_real_time()), <, 1000 * 1000);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/timer/deadline-order", test_deadline_order);
    g_test_add_func("/timer/mod-del", test_mod_del);
    g_test_add_func("/timer/periodic-rearm", test_periodic_rearm);
    g_test_add_func("/timer/delete-from-callback", test_delete_from_callback);
    g_test_add_func("/timer/no-backwards", test_no_backwards);
    g_test_add_func("/timer/stop-resume", test_stop_resume);
    g_test_add_func("/timer/notify-realtime", test_notify_and_realtime);
    return g_test_run();
}
