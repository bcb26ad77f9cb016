/*
 * QMP input framer: splits a byte stream into JSON texts, one per request.
 *
 * It is the only hand-written JSON piece: it tracks strings, braces and
 * brackets so that objects sent back to back, split across reads or
 * separated by arbitrary whitespace come out one at a time; values are
 * parsed by json-glib afterwards. Like QEMU's JSON streamer it:
 *  - accepts single-quoted strings (the output text uses double quotes);
 *  - reports a lexical error at once (a byte that cannot start a token:
 *    a control character other than whitespace, a non-ASCII byte outside a
 *    string, 0xFE/0xFF or a control character inside a string), then skips
 *    input until a structural character ({}[]) or a control character;
 *  - reports a closing brace or bracket without its opener at once;
 *  - emits a top-level scalar ("3", "'x'", "true") as a text of its own,
 *    which the caller rejects as "not an object";
 *  - turns an integer that QEMU reads as a double (past UINT64_MAX, or
 *    below INT64_MIN) into a number with ".0" appended: json-glib would
 *    wrap it;
 *  - limits one text to QMP_FRAMER_MAX_SIZE bytes and QMP_FRAMER_MAX_DEPTH
 *    nested levels (an error, then the rest of that value is skipped).
 * It also lists the text's number tokens in order (text_numbers, valid
 * while the callback runs), so that the caller can read numbers json-glib
 * cannot hold (2^63..2^64-1, which QEMU keeps as uint64) as QEMU does.
 * Pure: no I/O, no globals, safe to fuzz.
 */
#ifndef MONITOR_QMP_FRAMER_H
#define MONITOR_QMP_FRAMER_H

#include "qemu/osdep.h"

#define QMP_FRAMER_MAX_SIZE (16 * 1024 * 1024)
#define QMP_FRAMER_MAX_DEPTH 1024

/*
 * One complete text (NUL-terminated, len bytes), or an error message
 * (text NULL, error set) with the framer already reset.
 */
typedef void qmp_framer_fn(void *opaque, const char *text, size_t len,
                           const char *error);

enum qmp_framer_state {
    QF_START,        /* between tokens */
    QF_STRING,       /* inside a string */
    QF_STRING_ESC,   /* after a backslash inside a string */
    QF_SCALAR,       /* inside a number or keyword */
    QF_RECOVERY,     /* after a lexical error: skipping */
    QF_SKIP,         /* after a size/depth error: skipping the value */
};

struct qmp_framer {
    enum qmp_framer_state state;
    GString *buf;           /* the text being collected */
    char quote;             /* '"' or '\'' while in a string */
    int braces;             /* open '{' minus '}' */
    int brackets;           /* open '[' minus ']' */
    gssize tok_start;       /* offset of the number/keyword being read */
    int skip_depth;         /* QF_SKIP: nesting still to close */
    bool skip_in_string;    /* QF_SKIP: inside a string */
    char skip_quote;
    bool skip_escape;
    GPtrArray *numbers;     /* number tokens of the text being collected */
    GPtrArray *text_numbers;    /* those of the text passed to cb */
    qmp_framer_fn *cb;
    void *opaque;
};

void qmp_framer_init(struct qmp_framer *f, qmp_framer_fn *cb, void *opaque);
void qmp_framer_destroy(struct qmp_framer *f);
/* Feed bytes; cb runs for every text or error completed by them. */
void qmp_framer_feed(struct qmp_framer *f, const uint8_t *buf, size_t len);
/* Forget a partial text (the peer disconnected). */
void qmp_framer_reset(struct qmp_framer *f);

#endif
