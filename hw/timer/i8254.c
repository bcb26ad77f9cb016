/*
 * Intel 8254 programmable interval timer ("isa-pit"), register- and
 * timing-compatible with QEMU's userspace model.
 *
 * No state advances per tick: each counter remembers when it was loaded,
 * and its count and OUT level are computed from the virtual clock. Only
 * channel 0 has a timer, armed for the next change of OUT; its output is
 * a level on the IRQ line that follows OUT (QEMU's model), and the edge
 * detectors of the PIC/IOAPIC turn its rising edges into ticks.
 *
 * On top of QEMU's model:
 *  - lost ticks: a rising edge the interrupt controller reports as
 *    coalesced (the previous tick was still pending) is lost. With
 *    lost_tick_policy=delay it is re-delivered later, one owed tick per
 *    period at most: half a period after a tick the controller took (so
 *    the guest is taking ticks again), a retry timer pulses the line once.
 *    A guest that takes nothing sees one edge per period, as with QEMU.
 *    At most PIT_BACKLOG_MAX ticks are owed; with discard they are only
 *    counted;
 *  - a minimum IRQ period: in modes 2 and 3 a counter shorter than
 *    PIT_MIN_PERIOD_NS raises IRQ 0 at most once per PIT_MIN_PERIOD_NS of
 *    virtual time, and the rising edges skipped in between count as lost;
 *  - BCD counting, gate low pausing modes 0 and 4, modes 6/7 as aliases of
 *    2/3, NULL COUNT in the status byte (details in
 *    docs/devel/interrupts.md, "Inside the 8259 and 8254 models").
 *
 * OUT levels per mode are QEMU's (and KVM's), including where they differ
 * from the Intel datasheet: modes 1, 2, 4 and 5 have OUT inverted (high
 * while a one-shot counts, high for one clock per period or at the strobe).
 * Rising edges in modes 0, 2 and 3 are where the datasheet puts them.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "hw/core/device.h"
#include "hw/timer/i8254.h"
#include "i8254_regs.h"

#define PIT_IOBASE_DEFAULT 0x40
#define PIT_LOG_BUDGET 16           /* guest-error lines between resets */
/* Shortest IRQ 0 period in virtual time (KVM clamps its PIT to 200 us). */
#define PIT_MIN_PERIOD_NS 50000
/* Re-delivery of delayed ticks: half a period, within these bounds. */
#define PIT_RETRY_MAX_NS 1000000
/* Delayed ticks kept at most; beyond, they are only counted (discard). */
#define PIT_BACKLOG_MAX 1000

static const char *const lost_tick_policy_names[] = {
    [LOST_TICK_POLICY_DISCARD] = "discard",
    [LOST_TICK_POLICY_DELAY] = "delay",
    [LOST_TICK_POLICY_SLEW] = "slew",
    NULL,
};

struct pit_channel {
    uint32_t count;           /* initial count in clocks, 1..65536 */
    int64_t load_time;        /* virtual ns when counting (re)started */
    bool paused;              /* modes 0/4 with the gate low */
    uint64_t paused_d;        /* clocks counted when it paused */
    uint16_t latched_count;   /* counter latch, as it reads */
    uint8_t count_latched;    /* 0 or the PIT_RW_* order of the latch */
    bool status_latched;      /* read-back status waiting to be read */
    uint8_t status;           /* latched status byte */
    uint8_t read_state;       /* PIT_RW_*: next byte of a live read */
    uint8_t write_state;      /* PIT_RW_*: next byte of a count write */
    uint8_t write_latch;      /* LSB of a two-byte count */
    uint8_t rw_mode;          /* control word RW1-RW0 */
    uint8_t mode;             /* control word M2-M0, as written */
    bool bcd;                 /* control word BCD */
    bool gate;                /* GATE input */
    bool null_count;          /* control word written, count not yet */
};

struct pit_state {
    struct device parent;
    uint32_t iobase;                /* "iobase" */
    int32_t lost_tick_policy;       /* "lost_tick_policy" */
    qemu_irq irq;                   /* output GPIO 0: channel 0 OUT */
    struct mem_region io;           /* counters and control word */
    struct qemu_timer *irq_timer;   /* next OUT change of channel 0 */
    struct qemu_timer *retry_timer; /* re-delivery of delayed ticks */
    int64_t next_event;             /* irq_timer deadline, or -1 */
    bool irq_enabled;               /* input GPIO 0 (HPET legacy mode) */
    int irq_level;                  /* level last driven on irq */
    uint64_t edges_seen;            /* throttled: rising edges accounted */
    uint64_t ticks_coalesced;       /* rising edges reported coalesced */
    uint64_t ticks_throttled;       /* edges skipped by the minimum period */
    uint64_t ticks_redelivered;     /* delayed ticks delivered later */
    uint64_t backlog;               /* delayed ticks still to deliver */
    unsigned log_budget;            /* guest-error lines left */
    struct pit_channel ch[PIT_NUM_CHANNELS]; /* under parent.lock */
};

static struct pit_state *pit_from_dev(struct device *dev)
{
    return container_of(dev, struct pit_state, parent);
}

static void QEMU_PRINTF(2, 3) pit_guest_error(struct pit_state *s,
                                              const char *fmt, ...)
{
    va_list ap;
    char *msg;

    if (!qemu_loglevel_mask(LOG_GUEST_ERROR) || !s->log_budget) {
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_log("i8254: %s%s\n", msg,
             --s->log_budget ? "" : " (further messages suppressed)");
    g_free(msg);
}

static int64_t pit_now(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

/* ---- counting, from the virtual clock ---- */

/* First virtual-time offset at which d whole clocks have elapsed. */
static int64_t pit_clocks_to_ns(uint64_t d)
{
    return ((__int128)d * NANOSECONDS_PER_SECOND + PIT_FREQ - 1) / PIT_FREQ;
}

static int64_t pit_period_ns(uint32_t count)
{
    return (int64_t)count * NANOSECONDS_PER_SECOND / PIT_FREQ;
}

/* Clocks counted since the counter was loaded. */
static uint64_t pit_clocks(const struct pit_channel *c, int64_t now)
{
    if (c->paused) {
        return c->paused_d;
    }
    if (now <= c->load_time) {
        return 0;
    }
    return (__int128)(now - c->load_time) * PIT_FREQ / NANOSECONDS_PER_SECOND;
}

/* Modes 6 and 7 are "don't care" M2 variants of 2 and 3. */
static int pit_mode(const struct pit_channel *c)
{
    return c->mode > PIT_MODE_HW_STROBE ? c->mode - 4 : c->mode;
}

static bool pit_is_periodic(const struct pit_channel *c)
{
    return pit_mode(c) == PIT_MODE_RATE_GEN ||
           pit_mode(c) == PIT_MODE_SQUARE_WAVE;
}

/* OUT after d clocks (QEMU's levels). */
static int pit_out_at(const struct pit_channel *c, uint64_t d)
{
    uint64_t n = c->count;

    switch (pit_mode(c)) {
    case PIT_MODE_INTERRUPT_ON_TC:
        return d >= n;
    case PIT_MODE_ONE_SHOT:
        return d < n;
    case PIT_MODE_RATE_GEN:
        return d % n == 0 && d != 0;
    case PIT_MODE_SQUARE_WAVE:
        return d % n < (n + 1) / 2;
    default:    /* strobes */
        return d == n;
    }
}

/* First clock after d where OUT changes, or UINT64_MAX. */
static uint64_t pit_next_change(const struct pit_channel *c, uint64_t d)
{
    uint64_t n = c->count;
    uint64_t base = d - d % n;

    switch (pit_mode(c)) {
    case PIT_MODE_INTERRUPT_ON_TC:
    case PIT_MODE_ONE_SHOT:
        return d < n ? n : UINT64_MAX;
    case PIT_MODE_RATE_GEN:
        if (n == 1) {
            return d == 0 ? 1 : UINT64_MAX;   /* high from clock 1 on */
        }
        return pit_out_at(c, d) ? d + 1 : base + n;
    case PIT_MODE_SQUARE_WAVE:
        if (n == 1) {
            return UINT64_MAX;                /* always high */
        }
        return d % n < (n + 1) / 2 ? base + (n + 1) / 2 : base + n;
    default:
        return d < n ? n : d == n ? n + 1 : UINT64_MAX;
    }
}

/* Virtual time of the next OUT change after now, or -1. */
static int64_t pit_next_change_time(const struct pit_channel *c, int64_t now)
{
    uint64_t next;

    if (c->paused) {
        return -1;
    }
    next = pit_next_change(c, pit_clocks(c, now));
    return next == UINT64_MAX ? -1 : c->load_time + pit_clocks_to_ns(next);
}

static int pit_out(const struct pit_channel *c, int64_t now)
{
    return pit_out_at(c, pit_clocks(c, now));
}

/* The counting element now, in clocks (QEMU's formulas). */
static uint32_t pit_count_now(const struct pit_channel *c, int64_t now)
{
    uint64_t d = pit_clocks(c, now);
    uint64_t n = c->count;
    uint64_t wrap = c->bcd ? PIT_MAX_COUNT_BCD : PIT_MAX_COUNT_BIN;

    switch (pit_mode(c)) {
    case PIT_MODE_RATE_GEN:
        return n - d % n;
    case PIT_MODE_SQUARE_WAVE:
        /* Counts down by two; QEMU's approximation for odd counts. */
        return n - (2 * d) % n;
    default:
        /* One-shots keep counting down past terminal count and wrap. */
        return (n + wrap - d % wrap) % wrap;
    }
}

/* The count as the guest reads it: 16 bits, binary or 4 BCD digits. */
static uint16_t pit_encode(const struct pit_channel *c, uint32_t v)
{
    uint16_t bcd = 0;

    if (!c->bcd) {
        return v;
    }
    v %= PIT_MAX_COUNT_BCD;
    for (int shift = 0; shift < 16; shift += 4, v /= 10) {
        bcd |= (v % 10) << shift;
    }
    return bcd;
}

/* ---- channel 0 and its IRQ line ---- */

static void pit_irq_update_locked(struct pit_state *s, int64_t now);

/* Minimum period: the IRQ follows OUT only when it is slow enough. */
static bool pit_irq_throttled(const struct pit_channel *c)
{
    return pit_is_periodic(c) && !c->paused &&
           pit_period_ns(c->count) < PIT_MIN_PERIOD_NS;
}

static int64_t pit_retry_ns(const struct pit_state *s)
{
    int64_t half = pit_period_ns(s->ch[0].count) / 2;

    return MIN(MAX(half, PIT_MIN_PERIOD_NS / 2), PIT_RETRY_MAX_NS);
}

/*
 * What happened to a tick: count it lost, maybe queue it for later. A
 * tick the controller took means the guest acknowledged the one before:
 * room for one owed tick, half a period later (before the next tick).
 */
static void pit_tick_result_locked(struct pit_state *s, int status,
                                   int64_t now)
{
    if (status == IRQ_COALESCED) {
        s->ticks_coalesced++;
        if (s->lost_tick_policy == LOST_TICK_POLICY_DELAY &&
            s->backlog < PIT_BACKLOG_MAX) {
            s->backlog++;
        }
        return;
    }
    if (s->backlog && !timer_pending(s->retry_timer)) {
        timer_mod(s->retry_timer, now + pit_retry_ns(s));
    }
}

static void pit_irq_drive_locked(struct pit_state *s, int level,
                                 int64_t now)
{
    if (level == s->irq_level) {
        return;
    }
    s->irq_level = level;
    if (level) {
        pit_tick_result_locked(s, qemu_set_irq_status(s->irq, 1), now);
    } else {
        qemu_set_irq(s->irq, 0);
    }
}

/* One extra rising edge, leaving the line at its level. */
static int pit_irq_pulse_locked(struct pit_state *s)
{
    int status;

    if (s->irq_level) {
        qemu_set_irq(s->irq, 0);
        status = qemu_set_irq_status(s->irq, 1);
    } else {
        status = qemu_set_irq_status(s->irq, 1);
        qemu_set_irq(s->irq, 0);
    }
    return status;
}

/* Throttled: one pulse per minimum period for all edges since the last. */
static void pit_irq_throttled_event_locked(struct pit_state *s, int64_t now)
{
    const struct pit_channel *c = &s->ch[0];
    uint64_t edges = pit_clocks(c, now) / c->count;
    int status;

    if (edges > s->edges_seen) {
        s->ticks_throttled += edges - s->edges_seen - 1;
        s->edges_seen = edges;
        status = pit_irq_pulse_locked(s);
        if (s->irq_level) {
            s->irq_level = 0;
            qemu_set_irq(s->irq, 0);
        }
        pit_tick_result_locked(s, status, now);
    }
    s->next_event = now + PIT_MIN_PERIOD_NS;
    timer_mod(s->irq_timer, s->next_event);
}

/*
 * Channel 0 changed (load, control word, gate) or its timer fired: drive
 * the line to OUT at time now and arm the timer for the next change.
 */
static void pit_irq_update_locked(struct pit_state *s, int64_t now)
{
    const struct pit_channel *c = &s->ch[0];

    if (!s->irq_enabled) {
        return;
    }
    if (pit_irq_throttled(c)) {
        s->edges_seen = pit_clocks(c, now) / c->count;
        s->next_event = now + PIT_MIN_PERIOD_NS;
        timer_mod(s->irq_timer, s->next_event);
        return;
    }
    pit_irq_drive_locked(s, pit_out(c, now), now);
    s->next_event = pit_next_change_time(c, now);
    if (s->next_event >= 0) {
        timer_mod(s->irq_timer, s->next_event);
    } else {
        timer_del(s->irq_timer);
    }
}

static void pit_irq_timer_cb(void *opaque)
{
    struct pit_state *s = opaque;

    /*
     * Control words the guest wrote since its last exit wait in the
     * accelerator's buffer: apply them before acting on the old mode
     * (one may have stopped the channel, and re-armed this timer).
     */
    memory_flush_coalesced();
    g_mutex_lock(&s->parent.lock);
    /* Re-armed by a register write since it fired: that one counts. */
    if (!timer_pending(s->irq_timer) && s->next_event >= 0 &&
        s->irq_enabled) {
        /* Catch up change by change even if the callback runs late. */
        if (pit_irq_throttled(&s->ch[0])) {
            pit_irq_throttled_event_locked(s, s->next_event);
        } else {
            pit_irq_update_locked(s, s->next_event);
        }
    }
    g_mutex_unlock(&s->parent.lock);
}

static void pit_retry_timer_cb(void *opaque)
{
    struct pit_state *s = opaque;

    memory_flush_coalesced();       /* as pit_irq_timer_cb */
    g_mutex_lock(&s->parent.lock);
    if (!timer_pending(s->retry_timer) && s->backlog && s->irq_enabled) {
        /*
         * One pulse; the next waits for a tick the controller takes.
         * Masked (status unknown) counts as taken: nobody will ack it.
         */
        if (pit_irq_pulse_locked(s) != IRQ_COALESCED) {
            s->backlog--;
            s->ticks_redelivered++;
        }
    }
    g_mutex_unlock(&s->parent.lock);
}

/* ---- counters ---- */

/* Gate low suspends counting in modes 0 and 4 (datasheet). */
static void pit_sync_pause(struct pit_channel *c, int64_t now)
{
    int mode = pit_mode(c);
    bool want = !c->gate && (mode == PIT_MODE_INTERRUPT_ON_TC ||
                             mode == PIT_MODE_SW_STROBE);

    if (want && !c->paused) {
        c->paused_d = pit_clocks(c, now);
        c->paused = true;
    } else if (!want && c->paused) {
        c->load_time = now - pit_clocks_to_ns(c->paused_d);
        c->paused = false;
    }
}

static uint32_t pit_decode_count(struct pit_state *s,
                                 const struct pit_channel *c, uint16_t raw)
{
    uint32_t v = 0;

    if (!c->bcd) {
        return raw ? raw : PIT_MAX_COUNT_BIN;
    }
    for (int shift = 12; shift >= 0; shift -= 4) {
        unsigned digit = (raw >> shift) & 0xf;

        if (digit > 9) {
            pit_guest_error(s, "count 0x%04x is not BCD", raw);
        }
        v = v * 10 + digit;
    }
    return v ? v : PIT_MAX_COUNT_BCD;
}

static void pit_load_count_locked(struct pit_state *s, int n, uint16_t raw,
                                  int64_t now)
{
    struct pit_channel *c = &s->ch[n];

    c->count = pit_decode_count(s, c, raw);
    c->load_time = now;
    c->null_count = false;
    c->paused = false;
    pit_sync_pause(c, now);
    if (n == 0) {
        /*
         * A new count starts a new time base: ticks owed at the old rate
         * are dropped (they stay counted as lost), as KVM's PIT resets
         * its reinjection count when the guest reprograms it.
         */
        s->backlog = 0;
        timer_del(s->retry_timer);
        pit_irq_update_locked(s, now);
    }
}

/* A second latch before the first was read is ignored (datasheet). */
static void pit_latch_count_locked(struct pit_channel *c, int64_t now)
{
    if (!c->count_latched) {
        c->latched_count = pit_encode(c, pit_count_now(c, now));
        c->count_latched = c->rw_mode ? c->rw_mode : PIT_RW_LSB;
    }
}

static void pit_latch_status_locked(struct pit_channel *c, int64_t now)
{
    if (c->status_latched) {
        return;
    }
    c->status = (pit_out(c, now) ? PIT_STATUS_OUTPUT : 0) |
                (c->null_count ? PIT_STATUS_NULL_COUNT : 0) |
                (c->rw_mode << PIT_STATUS_RW_SHIFT) |
                (c->mode << PIT_STATUS_MODE_SHIFT) |
                (c->bcd ? PIT_STATUS_BCD : 0);
    c->status_latched = true;
}

static void pit_read_back_locked(struct pit_state *s, uint8_t val,
                                 int64_t now)
{
    if (val & PIT_RB_RESERVED) {
        pit_guest_error(s, "read-back command 0x%02x has bit 0 set", val);
    }
    for (int n = 0; n < PIT_NUM_CHANNELS; n++) {
        if (!(val & PIT_RB_CNT(n))) {
            continue;
        }
        if (!(val & PIT_RB_NOT_COUNT)) {
            pit_latch_count_locked(&s->ch[n], now);
        }
        if (!(val & PIT_RB_NOT_STATUS)) {
            pit_latch_status_locked(&s->ch[n], now);
        }
    }
}

static void pit_write_control_locked(struct pit_state *s, uint8_t val,
                                     int64_t now)
{
    int n = val >> PIT_CW_SC_SHIFT;
    struct pit_channel *c;
    int access = (val >> PIT_CW_RW_SHIFT) & PIT_CW_RW_MASK;

    if (n == PIT_CW_SC_READBACK) {
        pit_read_back_locked(s, val, now);
        return;
    }
    c = &s->ch[n];
    if (access == PIT_RW_LATCH) {
        pit_latch_count_locked(c, now);
        return;
    }
    /*
     * As QEMU, the counter keeps running with its old count until a new
     * one is written; only the mode and byte order change here.
     */
    c->rw_mode = access;
    c->read_state = access;
    c->write_state = access;
    c->mode = (val >> PIT_CW_MODE_SHIFT) & PIT_CW_MODE_MASK;
    c->bcd = val & PIT_CW_BCD;
    c->null_count = true;
    pit_sync_pause(c, now);
    if (n == 0) {
        pit_irq_update_locked(s, now);
    }
}

static void pit_write_counter_locked(struct pit_state *s, int n,
                                     uint8_t val, int64_t now)
{
    struct pit_channel *c = &s->ch[n];

    switch (c->write_state) {
    case PIT_RW_MSB:
        pit_load_count_locked(s, n, val << 8, now);
        break;
    case PIT_RW_WORD0:
        c->write_latch = val;
        c->write_state = PIT_RW_WORD1;
        break;
    case PIT_RW_WORD1:
        c->write_state = PIT_RW_WORD0;
        pit_load_count_locked(s, n, c->write_latch | (val << 8), now);
        break;
    case PIT_RW_LSB:
    default:    /* never programmed since reset: LSB, as QEMU */
        pit_load_count_locked(s, n, val, now);
        break;
    }
}

static void pit_ioport_write(void *opaque, uint64_t addr, uint64_t value,
                             unsigned size)
{
    struct pit_state *s = opaque;

    if (addr == PIT_PORT_CONTROL) {
        pit_write_control_locked(s, value, pit_now());
    } else {
        pit_write_counter_locked(s, addr, value, pit_now());
    }
}

/* Next byte of a live (unlatched) count. */
static uint8_t pit_read_live_locked(struct pit_channel *c, int64_t now)
{
    uint16_t count = pit_encode(c, pit_count_now(c, now));

    switch (c->read_state) {
    case PIT_RW_MSB:
        return count >> 8;
    case PIT_RW_WORD0:
        c->read_state = PIT_RW_WORD1;
        return count;
    case PIT_RW_WORD1:
        c->read_state = PIT_RW_WORD0;
        return count >> 8;
    case PIT_RW_LSB:
    default:
        return count;
    }
}

static uint64_t pit_ioport_read(void *opaque, uint64_t addr, unsigned size)
{
    struct pit_state *s = opaque;
    struct pit_channel *c;
    uint8_t ret;

    if (addr == PIT_PORT_CONTROL) {
        pit_guest_error(s, "read of the write-only control word register");
        return 0;   /* QEMU reads 0 */
    }
    c = &s->ch[addr];
    /* Status first, then a latched count, then the live count. */
    if (c->status_latched) {
        c->status_latched = false;
        return c->status;
    }
    switch (c->count_latched) {
    case 0:
        return pit_read_live_locked(c, pit_now());
    case PIT_RW_MSB:
        ret = c->latched_count >> 8;
        c->count_latched = 0;
        return ret;
    case PIT_RW_WORD0:
        c->count_latched = PIT_RW_MSB;
        return c->latched_count & 0xff;
    default:
        c->count_latched = 0;
        return c->latched_count & 0xff;
    }
}

static const struct mem_region_ops pit_ops = {
    .read = pit_ioport_read,
    .write = pit_ioport_write,
    .valid_min = 1,
    .valid_max = 1,
};

/* ---- board and port 0x61 interface ---- */

static bool pit_channel_ok(int n)
{
    return n >= 0 && n < PIT_NUM_CHANNELS;
}

void pit_set_gate(struct device *pit, int n, int level)
{
    struct pit_state *s = pit_from_dev(pit);
    struct pit_channel *c;
    int64_t now = pit_now();
    int mode;

    if (!pit_channel_ok(n)) {
        return;
    }
    g_mutex_lock(&pit->lock);
    c = &s->ch[n];
    mode = pit_mode(c);
    /* A rising edge restarts modes 1, 2, 3 and 5 (as QEMU). */
    if (level && !c->gate && mode != PIT_MODE_INTERRUPT_ON_TC &&
        mode != PIT_MODE_SW_STROBE) {
        c->load_time = now;
    }
    c->gate = level;
    pit_sync_pause(c, now);
    if (n == 0) {
        pit_irq_update_locked(s, now);
    }
    g_mutex_unlock(&pit->lock);
}

int pit_get_gate(struct device *pit, int n)
{
    int gate;

    if (!pit_channel_ok(n)) {
        return 0;
    }
    g_mutex_lock(&pit->lock);
    gate = pit_from_dev(pit)->ch[n].gate;
    g_mutex_unlock(&pit->lock);
    return gate;
}

int pit_get_out(struct device *pit, int n)
{
    int out;

    if (!pit_channel_ok(n)) {
        return 0;
    }
    g_mutex_lock(&pit->lock);
    out = pit_out(&pit_from_dev(pit)->ch[n], pit_now());
    g_mutex_unlock(&pit->lock);
    return out;
}

uint64_t pit_lost_ticks(struct device *pit)
{
    struct pit_state *s = pit_from_dev(pit);
    uint64_t lost;

    g_mutex_lock(&pit->lock);
    lost = s->ticks_coalesced + s->ticks_throttled - s->ticks_redelivered;
    g_mutex_unlock(&pit->lock);
    return lost;
}

uint64_t pit_pending_ticks(struct device *pit)
{
    uint64_t backlog;

    g_mutex_lock(&pit->lock);
    backlog = pit_from_dev(pit)->backlog;
    g_mutex_unlock(&pit->lock);
    return backlog;
}

/* Input GPIO 0: low silences IRQ 0 (HPET legacy replacement), as QEMU. */
static void pit_irq_control(void *opaque, int n, int enable)
{
    struct pit_state *s = pit_from_dev(opaque);

    g_mutex_lock(&s->parent.lock);
    s->irq_enabled = enable;
    if (enable) {
        pit_irq_update_locked(s, pit_now());
    } else {
        timer_del(s->irq_timer);
        timer_del(s->retry_timer);
    }
    g_mutex_unlock(&s->parent.lock);
}

/* ---- life cycle ---- */

static void pit_reset(struct device *dev)
{
    struct pit_state *s = pit_from_dev(dev);
    int64_t now = pit_now();

    g_mutex_lock(&dev->lock);
    for (int n = 0; n < PIT_NUM_CHANNELS; n++) {
        s->ch[n] = (struct pit_channel){
            .mode = PIT_MODE_SQUARE_WAVE,
            .count = PIT_MAX_COUNT_BIN,
            .gate = n != 2,
            .load_time = now,
        };
    }
    s->backlog = 0;
    s->ticks_coalesced = s->ticks_throttled = s->ticks_redelivered = 0;
    s->log_budget = PIT_LOG_BUDGET;
    timer_del(s->retry_timer);
    /* As QEMU: the line is left alone until OUT next changes. */
    s->next_event = pit_next_change_time(&s->ch[0], now);
    if (s->irq_enabled && s->next_event >= 0) {
        timer_mod(s->irq_timer, s->next_event);
    }
    g_mutex_unlock(&dev->lock);
}

static int pit_realize(struct device *dev, Error **errp)
{
    struct pit_state *s = pit_from_dev(dev);

    if (s->lost_tick_policy != LOST_TICK_POLICY_DISCARD &&
        s->lost_tick_policy != LOST_TICK_POLICY_DELAY) {
        error_setg(errp, "Lost tick policy not supported.");
        return -EINVAL;
    }
    if (s->iobase > 0xffff - (PIT_PORT_COUNT - 1)) {
        error_setg(errp, "isa-pit: iobase 0x%x is outside the I/O space",
                   s->iobase);
        return -EINVAL;
    }
    memory_region_init_io(&s->io, dev, &pit_ops, s, "pit", PIT_PORT_COUNT,
                          &dev->lock);
    /*
     * Control words (latch commands, mode settings) act when a later
     * access looks at the channel: a data read, or a count write, which
     * exit and replay them first; or when channel 0's timers fire, which
     * flush them first. Buffering them saves one exit of the three in
     * "latch, read LSB, read MSB" (docs/devel/benchmarks.md). The cost:
     * a latch samples the count when it is replayed, not when written
     * (docs/system/irqchip.md).
     */
    memory_region_set_coalescing(&s->io, PIT_PORT_CONTROL, 1);
    if (address_space_map(&address_space_io, s->iobase, &s->io, errp) < 0) {
        return -EBUSY;
    }
    s->irq_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, pit_irq_timer_cb, s);
    s->retry_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, pit_retry_timer_cb, s);
    s->irq_enabled = true;
    s->next_event = -1;
    if (!device_find_gpio_list(dev, NULL, true)) {
        device_init_gpio_out(dev, &s->irq, 1);
        device_init_gpio_in(dev, pit_irq_control, 1);
    }
    pit_reset(dev);
    return 0;
}

static void pit_unrealize(struct device *dev)
{
    struct pit_state *s = pit_from_dev(dev);

    address_space_unmap(&address_space_io, &s->io);
    timer_free(s->irq_timer);
    timer_free(s->retry_timer);
    s->irq_timer = s->retry_timer = NULL;
}

static const struct property pit_props[] = {
    DEFINE_PROP_UINT32("iobase", struct pit_state, iobase,
                       PIT_IOBASE_DEFAULT),
    DEFINE_PROP_ENUM("lost_tick_policy", struct pit_state, lost_tick_policy,
                     lost_tick_policy_names, LOST_TICK_POLICY_DELAY),
    DEFINE_PROP_END_OF_LIST(),
};

static const struct device_class pit_class = {
    .name = TYPE_ISA_PIT,
    .desc = "8254 programmable interval timer",
    .bus = "ISA",
    .instance_size = sizeof(struct pit_state),
    .props = pit_props,
    .realize = pit_realize,
    .reset = pit_reset,
    .unrealize = pit_unrealize,
    .user_creatable = false,
};
DEVICE_CLASS_REGISTER(pit_class)

struct device *i8254_pit_create(int iobase, qemu_irq irq, Error **errp)
{
    struct device *dev = device_new(TYPE_ISA_PIT, errp);

    if (!dev) {
        return NULL;
    }
    pit_from_dev(dev)->iobase = iobase;
    if (device_realize(dev, errp) < 0) {
        return NULL;
    }
    device_connect_gpio_out(dev, 0, irq);
    if (!port61_init(dev)) {
        error_setg(errp, "port 0x61 could not be created");
        return NULL;
    }
    return dev;
}

struct device *i8254_pit_init(int iobase, qemu_irq irq)
{
    Error *err = NULL;
    struct device *dev = i8254_pit_create(iobase, irq, &err);

    if (!dev) {
        error_report_err(err);
    }
    return dev;
}
