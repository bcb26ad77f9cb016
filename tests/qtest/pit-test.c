/*
 * 8254 PIT through the qtest protocol with the virtual clock: channel 0's
 * OUT is watched on the PIT's own output line (irq_intercept_out, pin 0),
 * channel 2's OUT and GATE through port 0x61. Covered: every mode's OUT
 * waveform and its exact timing, the bare clock_step landing on the next
 * edge, counter latch, read-back of count and status, BCD, the access
 * modes (LSB, MSB, LSB then MSB), gate control via port 0x61, lost
 * ticks under lost_tick_policy=discard (QEMU's kvm-pit spelling) and
 * delay (the default), and the minimum IRQ period.
 *
 * Timing: a change d clocks after the count was loaded happens at the
 * first nanosecond where floor(t * 1193182 / 1e9) >= d, i.e.
 * load + ceil(d * 1e9 / 1193182). OUT levels per mode are QEMU 7.2's
 * hw/timer/i8254.c (modes 1, 2, 4, 5 inverted with respect to the Intel
 * datasheet, see the model's header); the edges and counts are the
 * datasheet's.
 */
#include "qtest-pc.h"

#include <string.h>

#define PIT_FREQ 1193182
#define CH0 0x40
#define CH2 0x42
#define CTRL 0x43
#define PORT61 0x61

#define DISCARD "-machine pc -nodefaults " \
                "-global isa-pit.lost_tick_policy=discard"

static int64_t ns_for(uint64_t clocks)
{
    return (int64_t)((clocks * 1000000000ULL + PIT_FREQ - 1) / PIT_FREQ);
}

static int64_t program(QTestState *s, int ch, uint8_t mode_bits,
                       uint16_t count);

/*
 * Reported levels start at 0 while OUT 0 is high from reset (QEMU
 * behaves the same): bring OUT low first (mode 0, long count) so every
 * later change is reported.
 */
static QTestState *start(void)
{
    QTestState *s = pc_start(DISCARD);

    qtest_irq_intercept_out(s, PC_PIT(s));
    program(s, 0, 0x00, 0xffff);
    return s;
}

static void assert_events(QTestState *s, const char *want)
{
    char *ev = qtest_irq_events(s);

    g_assert_cmpstr(ev, ==, want);
    g_free(ev);
}

/* Program channel ch with a control word and a 16-bit count; returns the
 * virtual time of the load. */
static int64_t program(QTestState *s, int ch, uint8_t mode_bits,
                       uint16_t count)
{
    qtest_outb(s, CTRL, ch << 6 | 0x30 | mode_bits);
    qtest_outb(s, CH0 + ch, count & 0xff);
    qtest_outb(s, CH0 + ch, count >> 8);
    return qtest_clock_step(s, 0);
}

static uint16_t read_count(QTestState *s, int ch)
{
    uint8_t lo = qtest_inb(s, CH0 + ch);

    return lo | qtest_inb(s, CH0 + ch) << 8;
}

static uint16_t latch_count(QTestState *s, int ch)
{
    qtest_outb(s, CTRL, ch << 6);
    return read_count(s, ch);
}

/* From reset: mode 3, count 65536 (QEMU), output on IRQ 0. */
static void test_reset_state(void)
{
    QTestState *s = pc_start(DISCARD);

    qtest_irq_intercept_out(s, PC_PIT(s));
    /* High since reset but never reported: the fall is no change. */
    g_assert_cmpint(qtest_clock_step_next(s), ==, ns_for(32768));
    assert_events(s, "");
    g_assert_cmpint(qtest_clock_step_next(s), ==, ns_for(65536));
    assert_events(s, "IRQ raise 0");
    g_assert_cmpint(qtest_clock_step(s, ns_for(2 * 65536) - ns_for(65536)),
                    ==, ns_for(2 * 65536));
    assert_events(s, "IRQ lower 0\nIRQ raise 0");
    qtest_quit(s);
}

/* Mode 0: OUT low after loading, high at terminal count, stays high. */
static void test_mode0(void)
{
    QTestState *s = start();
    int64_t t0;

    qtest_clock_step(s, 1000);
    t0 = program(s, 0, 0x00, 1000);
    assert_events(s, "");
    qtest_clock_step(s, ns_for(400));
    g_assert_cmpuint(latch_count(s, 0), ==, 600);
    g_assert_cmpint(qtest_clock_step_next(s), ==, t0 + ns_for(1000));
    assert_events(s, "IRQ raise 0");
    /* Nothing else happens: no deadline left. */
    g_assert_cmpint(qtest_clock_step_next(s), ==, t0 + ns_for(1000));
    qtest_clock_step(s, 100000000);
    assert_events(s, "");
    /* The counter wraps and keeps counting down. */
    g_assert_cmpuint(latch_count(s, 0), ==,
                     (uint16_t)(1000 - (qtest_clock_step(s, 0) - t0) *
                                PIT_FREQ / 1000000000));
    qtest_quit(s);
}

/* Mode 2 (QEMU level): one-clock high pulse at the end of each period. */
static void test_mode2(void)
{
    QTestState *s = start();
    int64_t t0 = program(s, 0, 0x04, 100);

    assert_events(s, "");
    for (int k = 1; k <= 3; k++) {
        g_assert_cmpint(qtest_clock_step_next(s), ==, t0 + ns_for(100 * k));
        assert_events(s, "IRQ raise 0");
        g_assert_cmpint(qtest_clock_step_next(s), ==,
                        t0 + ns_for(100 * k + 1));
        assert_events(s, "IRQ lower 0");
    }
    /* Count reloads every period: n - d % n. */
    qtest_clock_set(s, t0 + ns_for(325));
    g_assert_cmpuint(latch_count(s, 0), ==, 75);
    qtest_quit(s);
}

/* Mode 3: high for ceil(n/2) clocks, low for floor(n/2). */
static void test_mode3(void)
{
    QTestState *s = start();
    int64_t t0;

    qtest_clock_step(s, 5000);
    t0 = program(s, 0, 0x06, 1001);
    assert_events(s, "IRQ raise 0");     /* high from the load */
    g_assert_cmpint(qtest_clock_step_next(s), ==, t0 + ns_for(501));
    assert_events(s, "IRQ lower 0");
    g_assert_cmpint(qtest_clock_step_next(s), ==, t0 + ns_for(1001));
    assert_events(s, "IRQ raise 0");
    g_assert_cmpint(qtest_clock_step_next(s), ==, t0 + ns_for(1502));
    assert_events(s, "IRQ lower 0");
    /* Counts down by two (QEMU's formula n - 2d mod n). */
    qtest_clock_set(s, t0 + ns_for(2002 + 100));
    assert_events(s, "IRQ raise 0");
    g_assert_cmpuint(latch_count(s, 0), ==, 1001 - 200);
    /* Ten periods in one clock_step: 20 edges, in order. */
    qtest_clock_step(s, ns_for(10 * 1001) - 1);
    {
        char *ev = qtest_irq_events(s);
        gchar **lines = g_strsplit(ev, "\n", 0);

        g_assert_cmpuint(g_strv_length(lines), ==, 20);
        for (int i = 0; lines[i]; i++) {
            g_assert_cmpstr(lines[i], ==,
                            i % 2 ? "IRQ raise 0" : "IRQ lower 0");
        }
        g_strfreev(lines);
        g_free(ev);
    }
    qtest_quit(s);
}

/* Mode 4 (QEMU level): a one-clock strobe at terminal count. */
static void test_mode4(void)
{
    QTestState *s = start();
    int64_t t0 = program(s, 0, 0x08, 50);

    assert_events(s, "");
    g_assert_cmpint(qtest_clock_step_next(s), ==, t0 + ns_for(50));
    assert_events(s, "IRQ raise 0");
    g_assert_cmpint(qtest_clock_step_next(s), ==, t0 + ns_for(51));
    assert_events(s, "IRQ lower 0");
    qtest_clock_step(s, 10000000);
    assert_events(s, "");
    qtest_quit(s);
}

static bool out2(QTestState *s)
{
    return qtest_inb(s, PORT61) & 0x20;
}

/* Channel 2 through port 0x61: gate (bit 0) and OUT (bit 5). */
static void test_gate_mode1_and_5(void)
{
    QTestState *s = start();
    int64_t t0;

    qtest_outb(s, PORT61, 0x00);
    g_assert_cmphex(qtest_inb(s, PORT61) & 0x03, ==, 0x00);
    /* Mode 1 (QEMU level): high while the one-shot runs, from the
     * gate's rising edge. */
    program(s, 2, 0x02, 200);
    qtest_clock_step(s, 1000000);
    g_assert_false(out2(s));
    qtest_outb(s, PORT61, 0x01);
    t0 = qtest_clock_step(s, 0);
    g_assert_cmphex(qtest_inb(s, PORT61) & 0x01, ==, 0x01);
    g_assert_true(out2(s));
    qtest_clock_set(s, t0 + ns_for(199));
    g_assert_true(out2(s));
    qtest_clock_set(s, t0 + ns_for(200));
    g_assert_false(out2(s));
    /* Retriggered by the next rising edge. */
    qtest_outb(s, PORT61, 0x00);
    qtest_outb(s, PORT61, 0x01);
    g_assert_true(out2(s));

    /* Mode 5: strobe at terminal count after the gate trigger. */
    qtest_outb(s, PORT61, 0x00);
    program(s, 2, 0x0a, 30);
    qtest_clock_step(s, 1000000);
    qtest_outb(s, PORT61, 0x01);
    t0 = qtest_clock_step(s, 0);
    qtest_clock_set(s, t0 + ns_for(30));
    g_assert_true(out2(s));
    qtest_clock_set(s, t0 + ns_for(31));
    g_assert_false(out2(s));
    qtest_quit(s);
}

/* Mode 0 on channel 2: gate low suspends counting (datasheet). */
static void test_gate_pauses_mode0(void)
{
    QTestState *s = start();
    int64_t t0;

    qtest_outb(s, PORT61, 0x01);
    t0 = program(s, 2, 0x00, 1000);
    qtest_clock_set(s, t0 + ns_for(300));
    qtest_outb(s, PORT61, 0x00);
    qtest_clock_step(s, ns_for(5000));
    g_assert_cmpuint(latch_count(s, 2), ==, 700);
    g_assert_false(out2(s));
    qtest_outb(s, PORT61, 0x01);
    t0 = qtest_clock_step(s, 0);
    qtest_clock_set(s, t0 + ns_for(699));
    g_assert_false(out2(s));
    qtest_clock_set(s, t0 + ns_for(700));
    g_assert_true(out2(s));
    /* Bit 4 (refresh) toggles on every read; bit 1 is stored. */
    qtest_outb(s, PORT61, 0x03);
    {
        uint8_t a = qtest_inb(s, PORT61);
        uint8_t b = qtest_inb(s, PORT61);

        g_assert_cmphex((a ^ b) & 0x10, ==, 0x10);
        g_assert_cmphex(a & 0x03, ==, 0x03);
    }
    qtest_quit(s);
}

static void test_latch(void)
{
    QTestState *s = start();
    int64_t t0 = program(s, 0, 0x00, 40000);

    qtest_clock_set(s, t0 + ns_for(1234));
    qtest_outb(s, CTRL, 0x00);
    qtest_clock_step(s, ns_for(5000));
    /* The latched value survives time passing... */
    g_assert_cmpuint(read_count(s, 0), ==, 40000 - 1234);
    /* ...then reads are live again. */
    g_assert_cmpuint(read_count(s, 0), <, 40000 - 6000);
    /* A second latch before reading the first is ignored. */
    qtest_outb(s, CTRL, 0x00);
    qtest_clock_step(s, ns_for(100));
    qtest_outb(s, CTRL, 0x00);
    {
        uint16_t first = read_count(s, 0);

        g_assert_cmpuint(latch_count(s, 0), ==, first - 100);
    }
    qtest_quit(s);
}

static void test_read_back(void)
{
    QTestState *s = start();
    int64_t t0;

    /* Status after a control word: NULL COUNT until the count is
     * written; RW=3, mode 2, binary. */
    qtest_outb(s, CTRL, 0x34);
    qtest_outb(s, CTRL, 0xe2);      /* status only, channel 0 */
    g_assert_cmphex(qtest_inb(s, CH0) & 0x7f, ==, 0x74);
    qtest_outb(s, CH0, 0x10);
    qtest_outb(s, CH0, 0x27);       /* 10000 */
    t0 = qtest_clock_step(s, 0);
    qtest_clock_set(s, t0 + ns_for(2500));
    /* Count and status of channels 0 and 2; status comes first. */
    program(s, 2, 0x01, 0x1234);    /* channel 2: mode 0, BCD */
    qtest_outb(s, CTRL, 0xc2 | 0x08);
    g_assert_cmphex(qtest_inb(s, CH0), ==, 0x34);   /* OUT low, RW 3 */
    g_assert_cmpuint(read_count(s, 0), ==, 10000 - 2500);
    g_assert_cmphex(qtest_inb(s, CH2), ==, 0x31);
    g_assert_cmphex(read_count(s, 2), ==, 0x1234);
    /* OUT high shows in bit 7. */
    qtest_clock_set(s, t0 + ns_for(10000));
    qtest_outb(s, CTRL, 0xe2);
    g_assert_cmphex(qtest_inb(s, CH0), ==, 0xb4);
    qtest_quit(s);
}

static void test_bcd(void)
{
    QTestState *s = start();
    int64_t t0 = program(s, 0, 0x01, 0x1000);   /* BCD 1000 */

    qtest_clock_set(s, t0 + ns_for(1));
    g_assert_cmphex(latch_count(s, 0), ==, 0x0999);
    qtest_clock_set(s, t0 + ns_for(755));
    g_assert_cmphex(latch_count(s, 0), ==, 0x0245);
    g_assert_cmpint(qtest_clock_step_next(s), ==, t0 + ns_for(1000));
    assert_events(s, "IRQ raise 0");
    /* BCD 0 means 10000. */
    t0 = program(s, 0, 0x01, 0x0000);
    qtest_clock_set(s, t0 + ns_for(1));
    g_assert_cmphex(latch_count(s, 0), ==, 0x9999);
    qtest_quit(s);
}

static void test_access_modes(void)
{
    QTestState *s = start();
    int64_t t0;

    /* LSB only. */
    qtest_outb(s, CTRL, 0x10);
    qtest_outb(s, CH0, 200);
    t0 = qtest_clock_step(s, 0);
    g_assert_cmpint(qtest_clock_step_next(s), ==, t0 + ns_for(200));
    qtest_clock_set(s, t0 + ns_for(300));
    qtest_outb(s, CTRL, 0x00);
    g_assert_cmpuint(qtest_inb(s, CH0), ==, (uint8_t)(200 - 300));
    /* MSB only: count 0x0200. */
    qtest_outb(s, CTRL, 0x20);
    qtest_outb(s, CH0, 0x02);
    t0 = qtest_clock_step(s, 0);
    qtest_clock_set(s, t0 + ns_for(0x100));
    g_assert_cmphex(qtest_inb(s, CH0), ==, 0x01);
    g_assert_cmpint(qtest_clock_step_next(s), ==, t0 + ns_for(0x200));
    /* The control port reads 0 (QEMU). */
    g_assert_cmphex(qtest_inb(s, CTRL), ==, 0);
    qtest_quit(s);
}

/*
 * Ticks nobody acknowledges: the PIC keeps IRQ 0 in IRR, so each new
 * tick coalesces. discard drops them; delay re-delivers them once the
 * guest (here: a poll of the PIC) takes the pending one.
 */
static int ticks_taken(const char *args)
{
    QTestState *s = pc_start(args);
    int64_t t0;
    int taken = 0;

    qtest_outb(s, 0x20, 0x11);
    qtest_outb(s, 0x21, 0x08);
    qtest_outb(s, 0x21, 0x04);
    qtest_outb(s, 0x21, 0x01);
    qtest_outb(s, 0x21, 0xfe);
    t0 = program(s, 0, 0x04, 11932);            /* ~10 ms */
    /* 100 ms without acknowledging: ~9 ticks coalesce. */
    qtest_clock_set(s, t0 + 100000000);
    /* Then 200 ms of a guest taking every tick at once. */
    while (qtest_clock_step(s, 0) < t0 + 300000000) {
        qtest_outb(s, 0x20, 0x0c);
        if (qtest_inb(s, 0x20) == 0x80) {
            taken++;
            qtest_outb(s, 0x20, 0x20);
        }
        qtest_clock_step(s, 1000000);
    }
    qtest_quit(s);
    return taken;
}

/*
 * discard through QEMU's spelling (kvm-pit, which must reach the
 * userspace PIT) and delay as the default: if the alias were dropped,
 * both runs would delay.
 */
static void test_lost_ticks(void)
{
    int discard = ticks_taken("-machine pc -nodefaults "
                              "-global kvm-pit.lost_tick_policy=discard");
    int delay = ticks_taken("-machine pc -nodefaults");

    g_test_message("ticks taken: discard %d, delay %d", discard, delay);
    /* discard: the one pending at 100 ms plus one per 10 ms. */
    g_assert_cmpint(discard, >=, 20);
    g_assert_cmpint(discard, <=, 21);
    /* delay: the coalesced ones come back on top. */
    g_assert_cmpint(delay, >=, discard + 8);
    g_assert_cmpint(delay, <=, discard + 9);
}

static int count_raises(const char *events);

/*
 * Default policy (delay), ticks nobody acknowledges (IRQ 0 unmasked in
 * an initialised PIC that is never read): a backlog may build, but the
 * line must not be pulsed over and over for it. QEMU raises once per
 * period; so must delay here, like discard.
 */
static int raises_unacked(const char *args)
{
    QTestState *s = pc_start(args);
    char *ev;
    int raises;

    qtest_outb(s, 0x20, 0x11);
    qtest_outb(s, 0x21, 0x08);
    qtest_outb(s, 0x21, 0x04);
    qtest_outb(s, 0x21, 0x01);
    qtest_outb(s, 0x21, 0xfe);
    qtest_irq_intercept_out(s, PC_PIT(s));
    program(s, 0, 0x04, 100);                   /* 83.8 us */
    g_free(qtest_irq_events(s));
    qtest_clock_step(s, 10000000);
    ev = qtest_irq_events(s);
    raises = count_raises(ev);
    g_free(ev);
    qtest_quit(s);
    return raises;
}

static void test_delay_unacked(void)
{
    int discard = raises_unacked("-machine pc -nodefaults "
                                 "-global isa-pit.lost_tick_policy=discard");
    int delay = raises_unacked("-machine pc -nodefaults");

    g_test_message("raises in 10 ms: discard %d, delay %d", discard, delay);
    /* 10 ms / 83.8 us: 119 periods. */
    g_assert_cmpint(discard, >=, 118);
    g_assert_cmpint(discard, <=, 120);
    g_assert_cmpint(delay, <=, discard + 1);
}

static int count_raises(const char *events)
{
    int n = 0;

    for (const char *p = events; (p = strstr(p, "IRQ raise 0")); p++) {
        n++;
    }
    return n;
}

/*
 * The minimum period (50 us of virtual time): a guest programming
 * divisor 1 in mode 2 (11932 rising edges per 10 ms) or a tiny square
 * wave gets at most one IRQ 0 edge per minimum period, 200 per 10 ms;
 * the rest count as lost.
 */
static void test_min_period(void)
{
    static const struct { uint8_t mode_bits; uint16_t count; } cases[] = {
        { 0x04, 1 },        /* mode 2, divisor 1 */
        { 0x04, 2 },        /* mode 2, divisor 2 */
        { 0x06, 10 },       /* mode 3, 8.4 us period */
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        QTestState *s = start();
        char *ev;
        int raises;

        program(s, 0, cases[i].mode_bits, cases[i].count);
        g_free(qtest_irq_events(s));
        qtest_clock_step(s, 10000000);
        ev = qtest_irq_events(s);
        raises = count_raises(ev);
        g_free(ev);
        g_test_message("mode bits 0x%x count %u: %d raises in 10 ms",
                       cases[i].mode_bits, cases[i].count, raises);
        g_assert_cmpint(raises, >=, 190);
        g_assert_cmpint(raises, <=, 201);
        /* Still ticking at the same bounded rate afterwards. */
        qtest_clock_step(s, 10000000);
        ev = qtest_irq_events(s);
        g_assert_cmpint(count_raises(ev), <=, 201);
        g_free(ev);
        qtest_quit(s);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("i8254/reset-state", test_reset_state);
    qtest_add_func("i8254/mode0", test_mode0);
    qtest_add_func("i8254/mode2", test_mode2);
    qtest_add_func("i8254/mode3", test_mode3);
    qtest_add_func("i8254/mode4", test_mode4);
    qtest_add_func("i8254/gate-mode1-and-5", test_gate_mode1_and_5);
    qtest_add_func("i8254/gate-pauses-mode0", test_gate_pauses_mode0);
    qtest_add_func("i8254/latch", test_latch);
    qtest_add_func("i8254/read-back", test_read_back);
    qtest_add_func("i8254/bcd", test_bcd);
    qtest_add_func("i8254/access-modes", test_access_modes);
    qtest_add_func("i8254/lost-ticks", test_lost_ticks);
    qtest_add_func("i8254/min-period", test_min_period);
    qtest_add_func("i8254/delay-unacked", test_delay_unacked);
    return g_test_run();
}
