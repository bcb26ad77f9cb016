/*
 * Helpers for the command-line tests: run vl_parse_args() on an argument
 * list and capture what it printed on stderr (error_report) and stdout
 * (help texts), without leaving the process.
 */
#ifndef TESTS_UNIT_SYSTEM_VL_TEST_H
#define TESTS_UNIT_SYSTEM_VL_TEST_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "system/vl.h"

#include <stdarg.h>

struct vl_run {
    int ret;                /* vl_parse_args() result */
    struct vl_config cfg;   /* valid when ret == 0 */
    char *err;              /* everything error_report() printed */
    char *out;              /* everything printed on stdout */
};

/* Read a temporary file's contents and close it. */
static inline char *vl_test_slurp(FILE *f)
{
    long len;
    char *buf;

    fflush(f);
    len = ftell(f);
    buf = g_malloc0(len + 1);
    rewind(f);
    if (len && fread(buf, 1, len, f) != (size_t)len) {
        g_assert_not_reached();
    }
    fclose(f);
    return buf;
}

/* Parse "qemu-system-x86_64 ARGS..."; the list ends with NULL. */
static inline void vl_run_argv(struct vl_run *r, const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    FILE *err = tmpfile();
    FILE *out = tmpfile();
    int saved_stdout;

    g_ptr_array_add(argv, (gpointer) "qemu-system-x86_64");
    for (int i = 0; args[i]; i++) {
        g_ptr_array_add(argv, (gpointer)args[i]);
    }
    g_ptr_array_add(argv, NULL);
    error_report_set_stream(err);
    fflush(stdout);
    saved_stdout = dup(STDOUT_FILENO);
    dup2(fileno(out), STDOUT_FILENO);
    r->ret = vl_parse_args(argv->len - 1, (char **)argv->pdata, &r->cfg);
    fflush(stdout);
    dup2(saved_stdout, STDOUT_FILENO);
    close(saved_stdout);
    fseek(out, 0, SEEK_END);
    error_report_set_stream(NULL);
    r->err = vl_test_slurp(err);
    r->out = vl_test_slurp(out);
    g_ptr_array_free(argv, TRUE);
}

#define VL_RUN(r, ...)                                                         \
    vl_run_argv((r), (const char *const[]){ __VA_ARGS__, NULL })

static inline void vl_run_free(struct vl_run *r)
{
    /* The config is initialised even when parsing failed. */
    vl_config_free(&r->cfg);
    g_free(r->err);
    g_free(r->out);
}

/* Parse and require success with nothing printed on stderr. */
#define VL_OK(r, ...)                                                          \
    do {                                                                       \
        VL_RUN((r), __VA_ARGS__);                                              \
        if ((r)->ret != 0 || *(r)->err) {                                      \
            g_test_message("unexpected: ret %d, stderr '%s'", (r)->ret,        \
                           (r)->err);                                          \
        }                                                                      \
        g_assert_cmpint((r)->ret, ==, 0);                                      \
        g_assert_cmpstr((r)->err, ==, "");                                     \
    } while (0)

#endif
