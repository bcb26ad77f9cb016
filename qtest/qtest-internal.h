/*
 * The qtest line protocol, split from its transport so that the server
 * (a chardev) and the fuzzer (a byte buffer) drive the same code.
 *
 * A session is one client connection: an input buffer that is cut into
 * lines, a reply writer, and an optional log in QEMU's format
 * ("[R +t] words", "[S +t] reply", "[I t] OPENED/CLOSED").
 */
#ifndef QTEST_INTERNAL_H
#define QTEST_INTERNAL_H

#include "qemu/osdep.h"

/* Largest read/write/memset a client may ask for in one command. */
#define QTEST_MAX_XFER (64 * MiB)
/* Longest request line (a "write" of QTEST_MAX_XFER bytes in hex). */
#define QTEST_MAX_LINE (2 * QTEST_MAX_XFER + 4096)
/*
 * Timer deadlines one clock command may go through before it gives up
 * with FAIL (a guard against "clock_step 1e18" with a periodic timer
 * armed: the process must stay responsive).
 */
#define QTEST_MAX_DEADLINES 4000000
/* The virtual clock never goes past this (device arithmetic stays sane). */
#define QTEST_CLOCK_MAX (INT64_C(1) << 62)

struct qtest_session {
    /* Send bytes to the client. */
    void (*write)(void *opaque, const char *buf, size_t len);
    void *opaque;
    FILE *log;              /* NULL: no log */
    bool opened;            /* a client is connected */
    GTimer *timer;          /* log timestamps, from OPENED */
    GString *inbuf;         /* bytes of an incomplete line */
    bool discarding;        /* dropping the rest of an over-long line */
    uint64_t max_deadlines; /* clock commands' timer budget */
    uint64_t max_xfer;      /* read/write/b64 size limit */
};

void qtest_session_init(struct qtest_session *s,
                        void (*write)(void *, const char *, size_t),
                        void *opaque, FILE *log);
void qtest_session_destroy(struct qtest_session *s);
/* A client connected / went away. */
void qtest_session_open(struct qtest_session *s);
void qtest_session_close(struct qtest_session *s);
/* Bytes from the client: every complete line is executed in order. */
void qtest_session_input(struct qtest_session *s, const uint8_t *buf,
                         size_t len);
/* Execute one request line (no newline; modified in place). */
void qtest_execute(struct qtest_session *s, char *line);

/* Reply with the log prefix ("[S +t] "), as every normal reply. */
void qtest_sendf(struct qtest_session *s, const char *fmt, ...)
    QEMU_PRINTF(2, 3);
/* Send without the log prefix (QEMU's "ERR ..." lines). */
void qtest_send_raw(struct qtest_session *s, const char *text);

/*
 * IRQ interception, one device per process as in QEMU. Level changes are
 * reported as "IRQ raise N"/"IRQ lower N" to the session set here.
 */
void qtest_irq_set_session(struct qtest_session *s);
/* Forget the reported levels (a new client starts from all-low). */
void qtest_irq_reset_levels(void);
/*
 * Hook the device's inputs (out false) or outputs (out true) of the list
 * name (NULL: unnamed). Returns NULL on success or the FAIL text.
 */
const char *qtest_irq_intercept(struct device *dev, bool out,
                                const char *name);

#endif
