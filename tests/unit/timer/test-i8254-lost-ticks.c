/*
 * The userspace PIT's lost-tick accounting against an interrupt controller
 * that reports every tick as coalesced (the guest never takes one): with
 * lost_tick_policy=delay the ticks queue up for re-delivery, with discard
 * they are only counted, and reprogramming channel 0 drops the queue (as
 * KVM's PIT resets its reinjection count) while keeping the count.
 */
#include "../hw/hw-test.h"
#include "hw/timer/i8254.h"

#define MS (1000 * 1000)

static int controller_status;
static int edges;

static int controller(void *opaque, int n, int level)
{
    if (level) {
        edges++;
    }
    return controller_status;
}

static struct device *pit_create(const char *policy)
{
    Error *err = NULL;
    qemu_irq line = qemu_allocate_irq_status(controller, NULL, 0);
    struct device *pit;

    g_assert_cmpint(device_global_add(TYPE_ISA_PIT, "lost_tick_policy",
                                      policy, &err), ==, 0);
    pit = i8254_pit_init(0x40, line);
    g_assert_nonnull(pit);
    controller_status = IRQ_COALESCED;
    edges = 0;
    return pit;
}

/* Channel 0, mode 2, the given divisor (LSB then MSB). */
static void ch0_rate(uint16_t divisor)
{
    outb(0x43, 0x34);
    outb(0x40, divisor & 0xff);
    outb(0x40, divisor >> 8);
}

static void advance_ms(int ms)
{
    qemu_clock_advance_virtual(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                               (int64_t)ms * MS);
}

static void test_delay_backlog_dropped_on_reprogram(void)
{
    struct device *pit = pit_create("delay");
    uint64_t lost;

    ch0_rate(1193);                     /* 1 kHz */
    advance_ms(10);
    lost = pit_lost_ticks(pit);
    g_assert_cmpuint(lost, >=, 9);
    g_assert_cmpuint(pit_pending_ticks(pit), >=, 1);
    /* New count: nothing owed at the old rate any more... */
    ch0_rate(11932);                    /* 100 Hz */
    g_assert_cmpuint(pit_pending_ticks(pit), ==, 0);
    /* ...and the ticks stay counted as lost. */
    g_assert_cmpuint(pit_lost_ticks(pit), >=, lost);
    /* The guest takes ticks again: only the new rate's arrive. */
    controller_status = IRQ_DELIVERED;
    edges = 0;
    advance_ms(50);
    g_assert_cmpint(edges, >=, 4);
    g_assert_cmpint(edges, <=, 6);
}

static void test_delay_redelivers(void)
{
    struct device *pit = pit_create("delay");

    ch0_rate(1193);
    advance_ms(5);
    g_assert_cmpuint(pit_pending_ticks(pit), >=, 1);
    /* Taken again: the backlog drains on top of the regular ticks. */
    controller_status = IRQ_DELIVERED;
    edges = 0;
    advance_ms(20);
    g_assert_cmpint(edges, >, 20);
    g_assert_cmpuint(pit_pending_ticks(pit), ==, 0);
}

/* Owed ticks are bounded (1000); the rest are only counted. */
static void test_delay_backlog_bounded(void)
{
    struct device *pit = pit_create("delay");

    ch0_rate(1193);
    advance_ms(1500);
    g_assert_cmpuint(pit_pending_ticks(pit), ==, 1000);
    g_assert_cmpuint(pit_lost_ticks(pit), >=, 1490);
    /* Nobody takes a tick: one edge per period, no re-delivery pulses. */
    edges = 0;
    advance_ms(10);
    g_assert_cmpint(edges, >=, 9);
    g_assert_cmpint(edges, <=, 11);
}

static void test_discard_only_counts(void)
{
    struct device *pit = pit_create("discard");

    ch0_rate(1193);
    advance_ms(5);
    g_assert_cmpuint(pit_lost_ticks(pit), >=, 4);
    g_assert_cmpuint(pit_pending_ticks(pit), ==, 0);
    controller_status = IRQ_DELIVERED;
    edges = 0;
    advance_ms(20);
    g_assert_cmpint(edges, >=, 19);
    g_assert_cmpint(edges, <=, 21);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    HW_TEST_ADD("/i8254/lost-ticks/delay-redelivers", test_delay_redelivers);
    HW_TEST_ADD("/i8254/lost-ticks/delay-backlog-bounded",
                test_delay_backlog_bounded);
    HW_TEST_ADD("/i8254/lost-ticks/reprogram-drops-backlog",
                test_delay_backlog_dropped_on_reprogram);
    HW_TEST_ADD("/i8254/lost-ticks/discard", test_discard_only_counts);
    return g_test_run();
}
