/*
 * The monitor multiplexer ("mon:SPEC", -nographic): one backend shared by
 * several front ends, typically a serial port and an HMP monitor.
 *
 * Input goes to the front end with the focus; Ctrl-a starts a command as
 * in QEMU: "c" moves the focus to the next front end, "h" prints help,
 * "x" quits, Ctrl-a sends a literal Ctrl-a. Output of every front end goes
 * to the backend, so guest output keeps flowing while the monitor has the
 * focus. The last front end to attach gets the focus (the serial port
 * after the monitor, as on QEMU); OPENED reaches the front ends from the
 * main loop once the machine is built, so the monitor, not focused by
 * then, keeps its banner until the user switches to it.
 * Everything but fe_write runs on the main-loop thread.
 */
#include "qemu/osdep.h"
#include "sysemu/runstate.h"
#include "chardev/char-internal.h"

#define MUX_MAX_FE 4
#define MUX_ESCAPE 0x01         /* Ctrl-a */
#define MUX_BUFFER_SIZE 32      /* input held for a front end that is full */

struct mux_fe {
    chr_can_receive_fn *can_receive;
    chr_receive_fn *receive;
    chr_event_fn *event;
    void *opaque;
    bool opened;                /* OPENED delivered, CLOSED not since */
    uint8_t buf[MUX_BUFFER_SIZE];   /* bytes it could not take yet */
    int len;
};

struct mux_chardev {
    struct chardev parent;
    struct chardev *base;       /* the real backend */
    struct mux_fe fe[MUX_MAX_FE];
    int count;                  /* slots used */
    int focus;                  /* index into fe, -1 before any attach */
    bool got_escape;            /* the last input byte was Ctrl-a */
    bool base_open;             /* the backend reported a peer */
    guint open_idle;            /* pending deliver_opened source */
};

static struct mux_chardev *to_mux(struct chardev *chr)
{
    return container_of(chr, struct mux_chardev, parent);
}

static void fe_event(struct mux_fe *fe, enum chr_event ev)
{
    if (fe->event) {
        fe->event(fe->opaque, ev);
    }
}

static void set_focus(struct mux_chardev *d, int focus)
{
    if (d->focus >= 0 && d->focus != focus) {
        fe_event(&d->fe[d->focus], CHR_EVENT_MUX_OUT);
    }
    d->focus = focus;
    fe_event(&d->fe[focus], CHR_EVENT_MUX_IN);
}

static gboolean deliver_opened(gpointer opaque)
{
    struct mux_chardev *d = opaque;

    d->open_idle = 0;
    for (int i = 0; i < d->count && d->base_open; i++) {
        if (d->fe[i].receive || d->fe[i].event) {
            if (!d->fe[i].opened) {
                d->fe[i].opened = true;
                fe_event(&d->fe[i], CHR_EVENT_OPENED);
            }
        }
    }
    return G_SOURCE_REMOVE;
}

static void schedule_opened(struct mux_chardev *d)
{
    if (d->base_open && !d->open_idle) {
        d->open_idle = g_idle_add(deliver_opened, d);
    }
}

static int mux_set_handlers(struct chardev *chr, chr_can_receive_fn *can,
                            chr_receive_fn *recv, chr_event_fn *event,
                            void *opaque)
{
    struct mux_chardev *d = to_mux(chr);
    int i;

    for (i = 0; i < d->count && d->fe[i].opaque != opaque; i++) {
    }
    if (!can && !recv && !event) {
        if (i < d->count) {
            d->fe[i] = (struct mux_fe){ .opaque = NULL };
        }
        return 0;
    }
    if (i == d->count) {
        if (d->count == MUX_MAX_FE) {
            return -EBUSY;
        }
        d->count++;
    }
    d->fe[i].can_receive = can;
    d->fe[i].receive = recv;
    d->fe[i].event = event;
    d->fe[i].opaque = opaque;
    chr->fe_attached = true;
    set_focus(d, i);
    schedule_opened(d);
    return 0;
}

static int mux_write(struct chardev *chr, const uint8_t *buf, int len)
{
    return qemu_chr_fe_write(to_mux(chr)->base, buf, len);
}

static void mux_print(struct mux_chardev *d, const char *s)
{
    qemu_chr_fe_write(d->base, (const uint8_t *)s, strlen(s));
}

static void mux_help(struct mux_chardev *d)
{
    /* QEMU's text and its "\n\r" line ends (the terminal is raw). */
    mux_print(d, "\n\r"
              "C-a h    print this help\n\r"
              "C-a x    exit emulator\n\r"
              "C-a s    save disk data back to file (if -snapshot)\n\r"
              "C-a t    toggle console timestamps\n\r"
              "C-a b    send break (magic sysrq)\n\r"
              "C-a c    switch between console and monitor\n\r"
              "C-a C-a  sends C-a\n\r");
}

static void next_focus(struct mux_chardev *d)
{
    for (int n = 1; n <= d->count; n++) {
        int i = (d->focus + n) % d->count;

        if (d->fe[i].receive || d->fe[i].event) {
            set_focus(d, i);
            return;
        }
    }
}

/* A byte after Ctrl-a: true if it is data for the focused front end. */
static bool escape_command(struct mux_chardev *d, uint8_t c)
{
    switch (c) {
    case MUX_ESCAPE:
        return true;
    case 'h':
    case '?':
        mux_help(d);
        return false;
    case 'x':
        mux_print(d, "QEMU: Terminated\n\r");
        qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
        return false;
    case 'c':
        next_focus(d);
        return false;
    default:
        /* s, t, b and anything else: nothing to do here. */
        return false;
    }
}

/* Hand buffered input to the focused front end, as far as it takes it. */
static void flush_input(struct mux_chardev *d)
{
    struct mux_fe *fe = d->focus >= 0 ? &d->fe[d->focus] : NULL;
    int n;

    if (!fe || !fe->receive || !fe->len) {
        return;
    }
    n = fe->can_receive ? MIN(fe->can_receive(fe->opaque), fe->len)
                        : fe->len;
    if (n > 0) {
        uint8_t chunk[MUX_BUFFER_SIZE];

        memcpy(chunk, fe->buf, n);
        fe->len -= n;
        memmove(fe->buf, fe->buf + n, fe->len);
        fe->receive(fe->opaque, chunk, n);
    }
}

/*
 * Read while the focused front end's buffer has room, even if the front
 * end itself is full (a paused guest): Ctrl-a c must always get through.
 * Called before every poll, which is also when a front end that called
 * qemu_chr_fe_accept_input() gets its buffered bytes.
 */
static int mux_can_receive(void *opaque)
{
    struct mux_chardev *d = opaque;
    struct mux_fe *fe = d->focus >= 0 ? &d->fe[d->focus] : NULL;

    flush_input(d);
    if (!fe || !fe->receive) {
        return 1;           /* nobody reads: take escapes one at a time */
    }
    return MUX_BUFFER_SIZE - fe->len;
}

static void mux_receive(void *opaque, const uint8_t *buf, int len)
{
    struct mux_chardev *d = opaque;

    for (int i = 0; i < len; i++) {
        uint8_t c = buf[i];
        struct mux_fe *fe;

        if (d->got_escape) {
            d->got_escape = false;
            if (!escape_command(d, c)) {
                continue;
            }
        } else if (c == MUX_ESCAPE) {
            d->got_escape = true;
            continue;
        }
        fe = d->focus >= 0 ? &d->fe[d->focus] : NULL;
        if (fe && fe->receive && fe->len < MUX_BUFFER_SIZE) {
            fe->buf[fe->len++] = c;
        }
    }
    flush_input(d);
}

static void mux_base_event(void *opaque, enum chr_event event)
{
    struct mux_chardev *d = opaque;

    if (event == CHR_EVENT_OPENED) {
        d->base_open = true;
        chr_set_connected(&d->parent, true);
        schedule_opened(d);
    } else if (event == CHR_EVENT_CLOSED) {
        d->base_open = false;
        chr_set_connected(&d->parent, false);
        for (int i = 0; i < d->count; i++) {
            if (d->fe[i].opened) {
                d->fe[i].opened = false;
                fe_event(&d->fe[i], CHR_EVENT_CLOSED);
            }
        }
    }
}

static void mux_close(struct chardev *chr)
{
    struct mux_chardev *d = to_mux(chr);

    if (d->open_idle) {
        g_source_remove(d->open_idle);
    }
    qemu_chr_fe_set_handlers(d->base, NULL, NULL, NULL, d);
}

static int mux_open(struct chardev *chr, struct kv_opts *opts, Error **errp)
{
    g_assert_not_reached();     /* created by qemu_chr_new_mux() only */
}

const struct chardev_backend chr_backend_mux = {
    .name = "mux",
    .instance_size = sizeof(struct mux_chardev),
    .open = mux_open,
    .close = mux_close,
    .fe_set_handlers = mux_set_handlers,
    .fe_write = mux_write,
};

struct chardev *chr_mux_new(const char *label, struct chardev *base,
                            Error **errp)
{
    struct chardev *chr = chr_new_internal(label, &chr_backend_mux, errp);
    struct mux_chardev *d;

    if (!chr) {
        return NULL;
    }
    d = to_mux(chr);
    d->base = base;
    d->focus = -1;
    chr_set_filename(chr, g_strdup("mux"));
    if (qemu_chr_fe_set_handlers(base, mux_can_receive, mux_receive,
                                 mux_base_event, d) < 0) {
        error_setg(errp, "chardev '%s' is already in use", qemu_chr_id(base));
        return NULL;
    }
    return chr;
}

struct chardev *qemu_chr_new_mux(const char *label, const char *spec,
                                 Error **errp)
{
    char *base_label = g_strdup_printf("%s-base", label);
    struct chardev *base;

    if (!strcmp(spec, "none") || g_str_has_prefix(spec, "chardev:") ||
        g_str_has_prefix(spec, "mon:")) {
        error_setg(errp, "'mon:%s': a monitor multiplexer needs a new "
                   "backend", spec);
        g_free(base_label);
        return NULL;
    }
    base = qemu_chr_new(base_label, spec, errp);
    g_free(base_label);
    return base ? chr_mux_new(label, base, errp) : NULL;
}
