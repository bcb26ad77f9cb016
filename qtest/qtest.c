/*
 * The qtest server: -qtest CHARDEV and -qtest-log FILE|none.
 *
 * Requests are lines; each gets one reply line. Level changes of
 * intercepted IRQ lines are sent as "IRQ raise N" / "IRQ lower N" as soon
 * as they happen, i.e. before the reply of the command that caused them.
 * Everything runs on the main-loop thread (chardev input, timers), so a
 * reply is never interleaved with another line.
 *
 * Wire format and log format follow QEMU (docs/system/qtest.md).
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "chardev/char.h"
#include "hw/core/device.h"
#include "sysemu/qtest.h"
#include "qtest-internal.h"

/* ---- session: line framing, replies, log ---- */

void qtest_session_init(struct qtest_session *s,
                        void (*write)(void *, const char *, size_t),
                        void *opaque, FILE *log)
{
    *s = (struct qtest_session){
        .write = write,
        .opaque = opaque,
        .log = log,
        .timer = g_timer_new(),
        .inbuf = g_string_new(NULL),
        .max_deadlines = QTEST_MAX_DEADLINES,
        .max_xfer = QTEST_MAX_XFER,
    };
}

void qtest_session_destroy(struct qtest_session *s)
{
    g_timer_destroy(s->timer);
    g_string_free(s->inbuf, TRUE);
    s->timer = NULL;
    s->inbuf = NULL;
}

void qtest_session_open(struct qtest_session *s)
{
    qtest_irq_reset_levels();
    g_timer_start(s->timer);
    g_string_truncate(s->inbuf, 0);
    s->discarding = false;
    s->opened = true;
    if (s->log) {
        fprintf(s->log, "[I %0.6f] OPENED\n", g_timer_elapsed(s->timer, NULL));
    }
}

void qtest_session_close(struct qtest_session *s)
{
    if (s->opened && s->log) {
        fprintf(s->log, "[I +%0.6f] CLOSED\n",
                g_timer_elapsed(s->timer, NULL));
    }
    s->opened = false;
    g_string_truncate(s->inbuf, 0);
    s->discarding = false;
}

static void session_write(struct qtest_session *s, const char *text,
                          size_t len)
{
    s->write(s->opaque, text, len);
    if (s->log && s->opened) {
        fwrite(text, 1, len, s->log);
    }
}

void qtest_send_raw(struct qtest_session *s, const char *text)
{
    session_write(s, text, strlen(text));
}

void qtest_sendf(struct qtest_session *s, const char *fmt, ...)
{
    va_list ap;
    char *text;

    if (s->log && s->opened) {
        fprintf(s->log, "[S +%0.6f] ", g_timer_elapsed(s->timer, NULL));
    }
    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    session_write(s, text, strlen(text));
    g_free(text);
}

/* An over-long line cannot be a valid request: drop it up to its '\n'. */
static void session_overflow(struct qtest_session *s)
{
    g_string_truncate(s->inbuf, 0);
    s->discarding = true;
    qtest_sendf(s, "FAIL request line longer than %" PRIu64 " bytes\n",
                (uint64_t)QTEST_MAX_LINE);
}

void qtest_session_input(struct qtest_session *s, const uint8_t *buf,
                         size_t len)
{
    while (len) {
        const uint8_t *nl = memchr(buf, '\n', len);
        size_t n = nl ? (size_t)(nl - buf) : len;

        if (!s->discarding) {
            if (s->inbuf->len + n > QTEST_MAX_LINE) {
                session_overflow(s);
            } else {
                g_string_append_len(s->inbuf, (const char *)buf, n);
            }
        }
        if (!nl) {
            return;
        }
        buf += n + 1;
        len -= n + 1;
        if (s->discarding) {
            s->discarding = false;
            continue;
        }
        {
            /* The command may feed back into this session (none does
             * today), so hand it its own copy of the line. */
            char *line = g_strdup(s->inbuf->str);

            g_string_truncate(s->inbuf, 0);
            qtest_execute(s, line);
            g_free(line);
        }
    }
}

/* ---- IRQ interception ---- */

/* What an intercepted line was connected to before. */
struct irq_hook {
    struct irq_state orig;  /* inputs: the device's own handler */
    qemu_irq forward;       /* outputs: the line the slot pointed to */
};

static struct device *intercepted_dev;
static struct qtest_session *irq_session;
/* Last level reported per pin index (QEMU keeps 256 of them). */
static GArray *irq_levels;

void qtest_irq_set_session(struct qtest_session *s)
{
    irq_session = s;
}

void qtest_irq_reset_levels(void)
{
    if (irq_levels) {
        memset(irq_levels->data, 0, irq_levels->len * sizeof(int));
    }
}

static void irq_report(int n, int level)
{
    int *cached;

    if (!irq_levels || n < 0 || (guint)n >= irq_levels->len) {
        return;
    }
    cached = &g_array_index(irq_levels, int, n);
    if (*cached == level) {
        return;
    }
    *cached = level;
    if (irq_session) {
        qtest_sendf(irq_session, "IRQ %s %d\n", level ? "raise" : "lower", n);
    }
}

/* The device's input was driven: deliver as before, then report. */
static int irq_in_hook(void *opaque, int n, int level)
{
    struct irq_hook *h = opaque;
    int ret = IRQ_STATUS_UNKNOWN;

    if (h->orig.status_handler) {
        ret = h->orig.status_handler(h->orig.opaque, h->orig.n, level);
    } else if (h->orig.handler) {
        h->orig.handler(h->orig.opaque, h->orig.n, level);
    }
    irq_report(n, level);
    return ret;
}

/* The device drove its output: pass it on to the old line, then report. */
static int irq_out_hook(void *opaque, int n, int level)
{
    struct irq_hook *h = opaque;
    int ret = qemu_set_irq_status(h->forward, level);

    irq_report(n, level);
    return ret;
}

static void irq_levels_grow(int count)
{
    if (!irq_levels) {
        irq_levels = g_array_new(FALSE, TRUE, sizeof(int));
    }
    if ((guint)count > irq_levels->len) {
        g_array_set_size(irq_levels, count);
    }
}

static void hook_list(struct gpio_list *g)
{
    irq_levels_grow(g->count);
    for (int i = 0; i < g->count; i++) {
        struct irq_hook *h = g_new0(struct irq_hook, 1);

        if (g->is_output) {
            h->forward = *g->out[i];
            *g->out[i] = qemu_allocate_irq_status(irq_out_hook, h, i);
        } else {
            /* Every wire holds this irq_state: patch it in place. */
            h->orig = *g->in[i];
            g->in[i]->handler = NULL;
            g->in[i]->status_handler = irq_in_hook;
            g->in[i]->opaque = h;
            g->in[i]->n = i;
        }
    }
}

const char *qtest_irq_intercept(struct device *dev, bool out,
                                const char *name)
{
    struct gpio_list *g;

    if (intercepted_dev) {
        return intercepted_dev == dev ? NULL
                                      : "IRQ intercept already enabled";
    }
    if (name && !out) {
        return "Interception of named in-GPIOs not yet supported";
    }
    g = device_find_gpio_list(dev, name, out);
    if (!g || !g->count) {
        return "No intercepts installed";
    }
    hook_list(g);
    intercepted_dev = dev;
    return NULL;
}

/* ---- the server on a chardev ---- */

static struct qtest_session server;
static struct chardev *server_chr;

static void server_write(void *opaque, const char *buf, size_t len)
{
    qemu_chr_fe_write(server_chr, (const uint8_t *)buf, len);
}

static void server_receive(void *opaque, const uint8_t *buf, int len)
{
    qtest_session_input(&server, buf, len);
}

static void server_event(void *opaque, enum chr_event event)
{
    if (event == CHR_EVENT_OPENED) {
        qtest_session_open(&server);
    } else {
        qtest_session_close(&server);
    }
}

static FILE *open_log(const char *path, Error **errp)
{
    FILE *f;

    if (!path) {
        return stderr;
    }
    if (!strcmp(path, "none")) {
        return NULL;
    }
    f = fopen(path, "w");
    if (!f) {
        error_setg_errno(errp, errno, "Failed to open qtest log file '%s'",
                         path);
        return NULL;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    return f;
}

int qtest_server_init(const char *spec, const char *log_path, Error **errp)
{
    Error *err = NULL;
    FILE *log;

    if (server_chr) {
        error_setg(errp, "Only one instance of qtest can be created");
        return -EBUSY;
    }
    log = open_log(log_path, &err);
    if (err) {
        error_propagate(errp, err);
        return -EINVAL;
    }
    server_chr = qemu_chr_new("qtest", spec, &err);
    if (!server_chr) {
        if (!err) {
            error_setg(&err, "qtest needs a character device");
        }
        error_propagate(errp, err);
        if (log && log != stderr) {
            fclose(log);
        }
        return -EINVAL;
    }
    qtest_session_init(&server, server_write, NULL, log);
    qtest_irq_set_session(&server);
    if (qemu_chr_fe_set_handlers(server_chr, NULL, server_receive,
                                 server_event, &server) < 0) {
        error_setg(errp, "chardev '%s' is already in use",
                   qemu_chr_id(server_chr));
        server_chr = NULL;
        return -EBUSY;
    }
    return 0;
}
