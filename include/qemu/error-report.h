/*
 * Error objects and user-facing messages.
 *
 * Messages look like QEMU's: "qemu-system-x86_64: -opt arg: text". The
 * "-opt arg: " part comes from the current command-line location, set while
 * an option is being processed.
 *
 * Error objects are for configuration and realize paths only (where a person
 * reads the message); guest-reachable paths never produce them.
 */
#ifndef QEMU_ERROR_REPORT_H
#define QEMU_ERROR_REPORT_H

#include "qemu/osdep.h"

typedef struct Error Error;

struct Error {
    char *msg;
    /*
     * Printed instead of "qemu-system-x86_64: -opt arg: " when set: a few
     * QEMU messages that scripts match start with "qemu: " (e.g. a
     * missing -kernel file). Set with error_set_prog().
     */
    const char *prog;
};

/* Record an error in *errp (if errp is non-NULL and *errp still empty). */
void error_setg(Error **errp, const char *fmt, ...) QEMU_PRINTF(2, 3);
/* As error_setg, appending ": strerror(err)". */
void error_setg_errno(Error **errp, int err, const char *fmt, ...)
    QEMU_PRINTF(3, 4);
/* Prefix an already set error with more context. */
void error_prepend(Error **errp, const char *fmt, ...) QEMU_PRINTF(2, 3);
void error_propagate(Error **dst, Error *err);
void error_free(Error *err);
const char *error_get_pretty(const Error *err);
/* Give an already set error QEMU's bare "prog: " prefix (see above). */
void error_set_prog(Error **errp, const char *prog);
/* Print the error (with location prefix) and free it. */
void error_report_err(Error *err);

void error_report(const char *fmt, ...) QEMU_PRINTF(1, 2);
void warn_report(const char *fmt, ...) QEMU_PRINTF(1, 2);
void info_report(const char *fmt, ...) QEMU_PRINTF(1, 2);
/* Continuation text (hints) on the same stream, without a prefix. */
void error_printf(const char *fmt, ...) QEMU_PRINTF(1, 2);

/*
 * Command-line location for the message prefix: while set, messages read
 * "prog: -opt arg: ...". Pass NULL to clear.
 */
void loc_set_cmdline(const char *opt, const char *arg);
void loc_clear(void);

/* Redirect messages (tests capture them); NULL restores stderr. */
void error_report_set_stream(FILE *f);

#endif
