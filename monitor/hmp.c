/*
 * Readline monitors (-monitor, -mon mode=readline, mon:stdio): a banner,
 * the "(qemu) " prompt and a small line editor (printable characters,
 * backspace, Ctrl-U; escape sequences such as arrow keys are ignored).
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "monitor/monitor.h"
#include "monitor-internal.h"
#include "config-host.h"

#define HMP_PROMPT "(qemu) "

/* Output kept while a mux shows the other front end (QEMU keeps it too). */
#define HMP_HELD_MAX 65536

struct hmp_monitor {
    struct chardev *chr;
    struct hmp_editor ed;
    bool mux_out;               /* a mux gave the focus to someone else */
    bool reset_seen;            /* OPENED has been handled */
    GString *held;              /* output while mux_out */
};

char *hmp_editor_byte(struct hmp_editor *e, uint8_t c, GString *echo)
{
    bool was_cr = e->last_cr;

    e->last_cr = false;
    if (e->esc) {
        /* ESC [ params final: the final byte is 0x40..0x7e. */
        if ((e->esc > 1 && c >= 0x40 && c <= 0x7e) ||
            (e->esc == 1 && c != '[' && c != 'O') || e->esc > 16) {
            e->esc = 0;
        } else {
            e->esc++;
        }
        return NULL;
    }
    switch (c) {
    case 0x1b:
        e->esc = 1;
        return NULL;
    case '\n':
        if (was_cr) {
            return NULL;
        }
        /* fall through */
    case '\r':
        e->last_cr = c == '\r';
        g_string_append(echo, "\r\n");
        return g_strdup(e->line->str);
    case 0x7f:
    case '\b':
        if (e->line->len) {
            g_string_truncate(e->line, e->line->len - 1);
            g_string_append(echo, "\b \b");
        }
        return NULL;
    case 0x15:                  /* Ctrl-U: kill the line */
        while (e->line->len) {
            g_string_truncate(e->line, e->line->len - 1);
            g_string_append(echo, "\b \b");
        }
        return NULL;
    default:
        if (c >= 0x20 && e->line->len < HMP_LINE_MAX) {
            g_string_append_c(e->line, c);
            g_string_append_c(echo, c);
        }
        return NULL;
    }
}

static void hmp_write(struct hmp_monitor *m, const char *s)
{
    if (m->mux_out) {
        if (m->held->len + strlen(s) <= HMP_HELD_MAX) {
            g_string_append(m->held, s);
        }
        return;
    }
    qemu_chr_fe_write(m->chr, (const uint8_t *)s, strlen(s));
}

static void hmp_receive(void *opaque, const uint8_t *buf, int len)
{
    struct hmp_monitor *m = opaque;

    for (int i = 0; i < len; i++) {
        GString *echo = g_string_new(NULL);
        char *line = hmp_editor_byte(&m->ed, buf[i], echo);

        hmp_write(m, echo->str);
        g_string_free(echo, TRUE);
        if (line) {
            char *out;

            g_string_truncate(m->ed.line, 0);
            out = hmp_run_command(line);
            hmp_write(m, out);
            hmp_write(m, HMP_PROMPT);
            g_free(out);
            g_free(line);
        }
    }
}

static void hmp_event(void *opaque, enum chr_event event)
{
    struct hmp_monitor *m = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        g_string_truncate(m->ed.line, 0);
        m->ed.esc = 0;
        hmp_write(m, "QEMU " QEMU_COMPAT_VERSION " monitor - type 'help' "
                  "for more information\r\n");
        if (!m->mux_out) {
            hmp_write(m, HMP_PROMPT);
        }
        m->reset_seen = true;
        break;
    case CHR_EVENT_CLOSED:
        g_string_truncate(m->ed.line, 0);
        m->ed.esc = 0;
        break;
    case CHR_EVENT_MUX_IN:
        m->mux_out = false;
        hmp_write(m, m->held->str);
        g_string_truncate(m->held, 0);
        if (m->reset_seen) {
            hmp_write(m, HMP_PROMPT);
            hmp_write(m, m->ed.line->str);
        }
        break;
    case CHR_EVENT_MUX_OUT:
        if (m->reset_seen) {
            hmp_write(m, "\r\n");
        }
        m->mux_out = true;
        break;
    }
}

int monitor_init_hmp(struct chardev *chr, Error **errp)
{
    struct hmp_monitor *m = g_new0(struct hmp_monitor, 1);

    m->chr = chr;
    m->ed.line = g_string_new(NULL);
    m->held = g_string_new(NULL);
    if (qemu_chr_fe_set_handlers(chr, NULL, hmp_receive, hmp_event, m) < 0) {
        error_setg(errp, "chardev '%s' is already in use", qemu_chr_id(chr));
        g_string_free(m->ed.line, TRUE);
        g_string_free(m->held, TRUE);
        g_free(m);
        return -EBUSY;
    }
    return 0;
}
