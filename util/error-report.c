/*
 * Error objects and QEMU-style messages ("prog: -opt arg: text").
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"

const char *qemu_prog_name = "qemu-system-x86_64";

static FILE *report_stream;
static char *loc_opt;
static char *loc_arg;

void error_report_set_stream(FILE *f)
{
    report_stream = f;
}

static FILE *stream(void)
{
    return report_stream ? report_stream : stderr;
}

void loc_set_cmdline(const char *opt, const char *arg)
{
    g_free(loc_opt);
    g_free(loc_arg);
    loc_opt = g_strdup(opt);
    loc_arg = g_strdup(arg);
}

void loc_clear(void)
{
    loc_set_cmdline(NULL, NULL);
}

static void vreport(const char *kind, const char *fmt, va_list ap)
{
    FILE *f = stream();
    GString *s = g_string_new(qemu_prog_name);

    g_string_append(s, ": ");
    if (loc_opt) {
        g_string_append(s, loc_opt);
        if (loc_arg) {
            g_string_append_printf(s, " %s", loc_arg);
        }
        g_string_append(s, ": ");
    }
    if (kind) {
        g_string_append(s, kind);
    }
    g_string_append_vprintf(s, fmt, ap);
    g_string_append_c(s, '\n');
    /* One write so messages from different threads do not interleave. */
    fputs(s->str, f);
    fflush(f);
    g_string_free(s, TRUE);
}

void error_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(NULL, fmt, ap);
    va_end(ap);
}

void warn_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("warning: ", fmt, ap);
    va_end(ap);
}

void info_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("info: ", fmt, ap);
    va_end(ap);
}

void error_printf(const char *fmt, ...)
{
    va_list ap;
    FILE *f = stream();

    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fflush(f);
}

static void error_setv(Error **errp, const char *suffix, const char *fmt,
                       va_list ap)
{
    Error *err;

    if (!errp || *errp) {
        return;
    }
    err = g_new0(Error, 1);
    err->msg = g_strdup_vprintf(fmt, ap);
    if (suffix) {
        char *full = g_strdup_printf("%s: %s", err->msg, suffix);

        g_free(err->msg);
        err->msg = full;
    }
    *errp = err;
}

void error_setg(Error **errp, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(errp, NULL, fmt, ap);
    va_end(ap);
}

void error_setg_errno(Error **errp, int err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(errp, g_strerror(err), fmt, ap);
    va_end(ap);
}

void error_prepend(Error **errp, const char *fmt, ...)
{
    va_list ap;
    char *prefix;
    char *full;

    if (!errp || !*errp) {
        return;
    }
    va_start(ap, fmt);
    prefix = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    full = g_strconcat(prefix, (*errp)->msg, NULL);
    g_free(prefix);
    g_free((*errp)->msg);
    (*errp)->msg = full;
}

void error_propagate(Error **dst, Error *err)
{
    if (!err) {
        return;
    }
    if (dst && !*dst) {
        *dst = err;
    } else {
        error_free(err);
    }
}

void error_free(Error *err)
{
    if (err) {
        g_free(err->msg);
        g_free(err);
    }
}

const char *error_get_pretty(const Error *err)
{
    return err->msg;
}

void error_set_prog(Error **errp, const char *prog)
{
    if (errp && *errp) {
        (*errp)->prog = prog;
    }
}

void error_report_err(Error *err)
{
    if (err->prog) {
        FILE *f = stream();

        fprintf(f, "%s: %s\n", err->prog, err->msg);
        fflush(f);
    } else {
        error_report("%s", err->msg);
    }
    error_free(err);
}
