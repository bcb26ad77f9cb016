/*
 * QMP input framer (see include/monitor/qmp-framer.h for the rules).
 */
#include "qemu/osdep.h"
#include "monitor/qmp-framer.h"

void qmp_framer_init(struct qmp_framer *f, qmp_framer_fn *cb, void *opaque)
{
    memset(f, 0, sizeof(*f));
    f->buf = g_string_new(NULL);
    f->numbers = g_ptr_array_new_with_free_func(g_free);
    f->tok_start = -1;
    f->cb = cb;
    f->opaque = opaque;
}

void qmp_framer_destroy(struct qmp_framer *f)
{
    g_string_free(f->buf, TRUE);
    f->buf = NULL;
    g_ptr_array_free(f->numbers, TRUE);
    f->numbers = NULL;
}

void qmp_framer_reset(struct qmp_framer *f)
{
    g_string_truncate(f->buf, 0);
    g_ptr_array_set_size(f->numbers, 0);
    f->tok_start = -1;
    f->state = QF_START;
    f->braces = 0;
    f->brackets = 0;
}

static bool is_token_char(uint8_t c)
{
    return g_ascii_isalnum(c) || c == '+' || c == '-' || c == '.';
}

static bool is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * A number or keyword ended. An integer QEMU reads as a double (past
 * UINT64_MAX, or below INT64_MIN) gets ".0" so that json-glib reads a
 * double too instead of wrapping it; every number's final text is listed
 * in numbers for the caller (json-glib wraps the uint64 ones).
 */
static void finish_token(struct qmp_framer *f)
{
    gssize start = f->tok_start;
    const char *tok, *p;

    if (start < 0) {
        return;
    }
    f->tok_start = -1;
    tok = f->buf->str + start;
    p = tok + (*tok == '-');
    if (!g_ascii_isdigit(*p) && *tok != '-') {
        return;                 /* a keyword */
    }
    if (strspn(p, "0123456789") == strlen(p) && *p &&
        !g_ascii_string_to_signed(tok, 10, G_MININT64, G_MAXINT64, NULL,
                                  NULL) &&
        (*tok == '-' || !g_ascii_string_to_unsigned(tok, 10, 0, G_MAXUINT64,
                                                    NULL, NULL))) {
        g_string_append(f->buf, ".0");
    }
    g_ptr_array_add(f->numbers, g_strdup(f->buf->str + start));
}

static void emit_text(struct qmp_framer *f)
{
    /* The callback may feed more input re-entrantly; hand it copies. */
    char *text;
    size_t len;
    GPtrArray *numbers = f->numbers;

    finish_token(f);
    text = g_strndup(f->buf->str, f->buf->len);
    len = f->buf->len;
    f->numbers = g_ptr_array_new_with_free_func(g_free);
    qmp_framer_reset(f);
    f->text_numbers = numbers;
    f->cb(f->opaque, text, len, NULL);
    f->text_numbers = NULL;
    g_ptr_array_free(numbers, TRUE);
    g_free(text);
}

static void emit_error(struct qmp_framer *f, enum qmp_framer_state next,
                       const char *fmt, ...) QEMU_PRINTF(3, 4);

static void emit_error(struct qmp_framer *f, enum qmp_framer_state next,
                       const char *fmt, ...)
{
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qmp_framer_reset(f);
    f->state = next;
    f->cb(f->opaque, NULL, 0, msg);
    g_free(msg);
}

/* Too big or too deep: skip what is left of the value being collected. */
static void start_skip(struct qmp_framer *f, const char *why)
{
    int depth = f->braces + f->brackets;

    emit_error(f, depth > 0 ? QF_SKIP : QF_START, "JSON parse error, %s", why);
    f->skip_depth = depth;
    f->skip_in_string = false;
    f->skip_escape = false;
}

static void skip_byte(struct qmp_framer *f, uint8_t c)
{
    if (f->skip_in_string) {
        if (f->skip_escape) {
            f->skip_escape = false;
        } else if (c == '\\') {
            f->skip_escape = true;
        } else if (c == f->skip_quote) {
            f->skip_in_string = false;
        }
        return;
    }
    if (c == '"' || c == '\'') {
        f->skip_in_string = true;
        f->skip_quote = c;
    } else if (c == '{' || c == '[') {
        f->skip_depth++;
    } else if ((c == '}' || c == ']') && --f->skip_depth == 0) {
        f->state = QF_START;
    }
}

static void string_byte(struct qmp_framer *f, uint8_t c)
{
    if (c < 0x20 || c == 0xfe || c == 0xff) {
        emit_error(f, QF_RECOVERY, "JSON parse error, invalid byte 0x%02x "
                   "in string", c);
        return;
    }
    if (f->state == QF_STRING_ESC) {
        /* QEMU accepts \' in both kinds of strings; JSON does not. */
        if (c != '\'') {
            g_string_append_c(f->buf, '\\');
        }
        g_string_append_c(f->buf, c);
        f->state = QF_STRING;
    } else if (c == '\\') {
        f->state = QF_STRING_ESC;
    } else if (c == f->quote) {
        g_string_append_c(f->buf, '"');
        f->state = QF_START;
        if (f->braces == 0 && f->brackets == 0) {
            emit_text(f);           /* a top-level string */
        }
    } else if (c == '"') {
        g_string_append(f->buf, "\\\"");    /* inside '...' */
    } else {
        g_string_append_c(f->buf, c);
    }
}

static void structural_byte(struct qmp_framer *f, uint8_t c)
{
    g_string_append_c(f->buf, c);
    switch (c) {
    case '{':
        f->braces++;
        break;
    case '[':
        f->brackets++;
        break;
    case '}':
        f->braces--;
        break;
    case ']':
        f->brackets--;
        break;
    }
    if (f->braces + f->brackets > QMP_FRAMER_MAX_DEPTH) {
        start_skip(f, "too many nested levels");
        return;
    }
    /* Complete, or unbalanced: either way the parser has the last word. */
    if ((f->braces <= 0 && f->brackets <= 0) || f->braces < 0 ||
        f->brackets < 0) {
        emit_text(f);
    }
}

static void start_byte(struct qmp_framer *f, uint8_t c)
{
    if (!is_token_char(c)) {
        finish_token(f);
    }
    if (is_space(c)) {
        if (f->buf->len) {
            g_string_append_c(f->buf, c);
        }
    } else if (c == '{' || c == '[' || c == '}' || c == ']') {
        structural_byte(f, c);
    } else if (c == '"' || c == '\'') {
        f->quote = c;
        f->state = QF_STRING;
        g_string_append_c(f->buf, '"');
    } else if (c == ':' || c == ',') {
        g_string_append_c(f->buf, c);
        if (f->braces == 0 && f->brackets == 0) {
            emit_text(f);           /* a stray separator: a parse error */
        }
    } else if (is_token_char(c)) {
        if (f->tok_start < 0) {
            f->tok_start = f->buf->len;
        }
        g_string_append_c(f->buf, c);
        if (f->braces == 0 && f->brackets == 0) {
            f->state = QF_SCALAR;
        }
    } else {
        emit_error(f, QF_RECOVERY, "JSON parse error, invalid byte 0x%02x",
                   c);
    }
}

static void feed_byte(struct qmp_framer *f, uint8_t c)
{
    switch (f->state) {
    case QF_SKIP:
        skip_byte(f, c);
        return;
    case QF_RECOVERY:
        /* Resynchronise on a structural or control character. */
        if (c < 0x20 || c == '{' || c == '}' || c == '[' || c == ']' ||
            c == 0xfe || c == 0xff) {
            f->state = QF_START;
            if (c >= 0x20 || c == 0xfe || c == 0xff) {
                start_byte(f, c);
            }
        }
        return;
    case QF_STRING:
    case QF_STRING_ESC:
        string_byte(f, c);
        return;
    case QF_SCALAR:
        if (is_token_char(c)) {
            g_string_append_c(f->buf, c);
            return;
        }
        finish_token(f);
        emit_text(f);               /* a top-level number or keyword */
        start_byte(f, c);
        return;
    case QF_START:
        start_byte(f, c);
        return;
    }
}

void qmp_framer_feed(struct qmp_framer *f, const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        feed_byte(f, buf[i]);
        if (f->buf->len > QMP_FRAMER_MAX_SIZE) {
            start_skip(f, "request too large");
        }
    }
}
