/*
 * QEMU option strings (util/keyval.c): implied first key, ",," escaping,
 * bare keys, duplicates, the unused-key check, and the value parsers
 * (bool, uint64, sizes with suffixes) shared by options and properties.
 */
#include "qemu/osdep.h"
#include "qemu/keyval.h"
#include "qemu/log.h"

/* "k1=v1|k2=v2|..." in order, marking nothing used. */
static char *dump(const struct kv_opts *o)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < o->pairs->len; i++) {
        const struct kv_pair *kv = g_ptr_array_index(o->pairs, i);

        g_string_append_printf(s, "%s%s=%s%s", i ? "|" : "", kv->key,
                               kv->value, kv->bare ? "(bare)" : "");
    }
    return g_string_free(s, FALSE);
}

static void check_parse(const char *str, const char *implied,
                        const char *want)
{
    Error *err = NULL;
    struct kv_opts *o = kv_parse(str, implied, &err);
    char *got;

    g_assert_null(err);
    g_assert_nonnull(o);
    got = dump(o);
    g_test_message("'%s' -> '%s'", str, got);
    g_assert_cmpstr(got, ==, want);
    g_free(got);
    kv_free(o);
}

static void test_parse_forms(void)
{
    check_parse("pc", "type", "type=pc");
    check_parse("pc,accel=kvm", "type", "type=pc|accel=kvm");
    check_parse("type=pc,accel=kvm", "type", "type=pc|accel=kvm");
    /* The implied key applies only to a first element without '='. */
    check_parse("accel=kvm,pc", "type", "accel=kvm|pc=on(bare)");
    check_parse("pc", NULL, "pc=on(bare)");
    /* ",," is a literal comma, in the implied value and in values. */
    check_parse("a,,b", "path", "path=a,b");
    check_parse("file,path=x,,y,,,,z", "backend",
                "backend=file|path=x,y,,z");
    check_parse("x=,,", NULL, "x=,");
    check_parse("k=a=b", NULL, "k=a=b");
    /* Empty values, empty elements, the empty string. */
    check_parse("k=", NULL, "k=");
    check_parse("pc,,", "type", "type=pc,");
    check_parse("pc,,,x=1", "type", "type=pc,|x=1");
    check_parse("pc,", "type", "type=pc");
    check_parse(",x=1", "type", "x=1");
    check_parse("", "type", "");
    check_parse(",", "type", "");
    /* Duplicates are kept in order; the getter returns the last. */
    check_parse("x=1,x=2", NULL, "x=1|x=2");
}

static void test_parse_errors(void)
{
    Error *err = NULL;

    g_assert_null(kv_parse("a,=1", "type", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter ''");
    error_free(err);
    err = NULL;
    g_assert_null(kv_parse("=x", NULL, &err));
    g_assert_nonnull(err);
    error_free(err);
}

static void test_get_and_unused(void)
{
    Error *err = NULL;
    struct kv_opts *o = kv_parse("pc,x=1,x=2,y=3,flag", "type", &err);
    bool b = false;
    uint64_t u = 0;

    g_assert_cmpstr(kv_get(o, "x"), ==, "2");
    g_assert_null(kv_get(o, "missing"));
    g_assert_true(kv_has(o, "y"));
    g_assert_false(kv_has(o, "missing"));
    /* kv_has does not consume: y is still unused. */
    g_assert_cmpint(kv_check_unused(o, &err), ==, -EINVAL);
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'type'");
    error_free(err);
    err = NULL;
    kv_get(o, "type");
    g_assert_cmpint(kv_check_unused(o, &err), ==, -EINVAL);
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'y'");
    error_free(err);
    err = NULL;
    g_assert_cmpint(kv_get_u64(o, "y", &u, &err), ==, 0);
    g_assert_cmpuint(u, ==, 3);
    g_assert_cmpint(kv_get_bool(o, "flag", &b, &err), ==, 0);
    g_assert_true(b);
    g_assert_cmpint(kv_check_unused(o, &err), ==, 0);
    /* Absent keys leave the output alone and succeed. */
    u = 77;
    g_assert_cmpint(kv_get_u64(o, "nope", &u, &err), ==, 0);
    g_assert_cmpuint(u, ==, 77);
    g_assert_cmpint(kv_get_size(o, "nope", &u, &err), ==, 0);
    kv_free(o);

    o = kv_parse("n=abc,s=1Q,b=maybe", NULL, &err);
    g_assert_cmpint(kv_get_u64(o, "n", &u, &err), ==, -EINVAL);
    g_assert_cmpstr(error_get_pretty(err), ==, "Parameter 'n' expects a number");
    error_free(err);
    err = NULL;
    g_assert_cmpint(kv_get_size(o, "s", &u, &err), ==, -EINVAL);
    g_assert_cmpstr(error_get_pretty(err), ==, "Parameter 's' expects a size");
    error_free(err);
    err = NULL;
    g_assert_cmpint(kv_get_bool(o, "b", &b, &err), ==, -EINVAL);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'b' expects 'on' or 'off'");
    error_free(err);
    kv_free(o);
}

static void test_merge_set(void)
{
    struct kv_opts *a = kv_parse("x=1,y=2", NULL, NULL);
    struct kv_opts *b = kv_parse("y=3,z=4", NULL, NULL);
    char *s;

    kv_merge(a, b);
    kv_set(a, "w", "5");
    s = dump(a);
    g_assert_cmpstr(s, ==, "x=1|y=2|y=3|z=4|w=5");
    g_assert_cmpstr(kv_get(a, "y"), ==, "3");
    g_free(s);
    kv_free(a);
    kv_free(b);
    kv_free(NULL);
}

static void test_parse_bool(void)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };
    static const char *const bad[] = { "", "1", "0", "ON", "onn", "maybe" };
    bool b;

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        b = false;
        g_assert_cmpint(parse_bool("p", yes[i], &b, NULL), ==, 0);
        g_assert_true(b);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(no); i++) {
        b = true;
        g_assert_cmpint(parse_bool("p", no[i], &b, NULL), ==, 0);
        g_assert_false(b);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_assert_cmpint(parse_bool("p", bad[i], &b, NULL), ==, -EINVAL);
    }
}

static void test_parse_uint64(void)
{
    uint64_t v;

    g_assert_cmpint(parse_uint64("0", &v), ==, 0);
    g_assert_cmpuint(v, ==, 0);
    g_assert_cmpint(parse_uint64("0x501", &v), ==, 0);
    g_assert_cmpuint(v, ==, 0x501);
    g_assert_cmpint(parse_uint64("010", &v), ==, 0);
    g_assert_cmpuint(v, ==, 8);   /* base 0: octal, as strtoull */
    g_assert_cmpint(parse_uint64("18446744073709551615", &v), ==, 0);
    g_assert_cmpuint(v, ==, UINT64_MAX);
    g_assert_cmpint(parse_uint64("18446744073709551616", &v), ==, -ERANGE);
    g_assert_cmpint(parse_uint64("-1", &v), ==, -EINVAL);
    g_assert_cmpint(parse_uint64(" 1", &v), ==, -EINVAL);
    g_assert_cmpint(parse_uint64("1 ", &v), ==, -EINVAL);
    g_assert_cmpint(parse_uint64("", &v), ==, -EINVAL);
    g_assert_cmpint(parse_uint64(NULL, &v), ==, -EINVAL);
    g_assert_cmpint(parse_uint64("12k", &v), ==, -EINVAL);
}

static void test_parse_size(void)
{
    static const struct {
        const char *str;
        char def;
        int ret;
        uint64_t v;
    } cases[] = {
        { "0", 'B', 0, 0 },
        { "4096", 'B', 0, 4096 },
        { "4096", 'M', 0, 4096 * MiB },
        { "1b", 'M', 0, 1 },
        { "1B", 'M', 0, 1 },
        { "2k", 'B', 0, 2048 },
        { "2K", 'B', 0, 2048 },
        { "3m", 'B', 0, 3 * MiB },
        { "1G", 'B', 0, GiB },
        { "2t", 'B', 0, 2 * 1024 * GiB },
        { "1P", 'B', 0, UINT64_C(1) << 50 },
        { "1E", 'B', 0, UINT64_C(1) << 60 },
        { "15E", 'B', 0, UINT64_C(15) << 60 },
        { "16E", 'B', -ERANGE, 0 },
        { "0.5k", 'B', 0, 512 },
        { "1.5G", 'B', 0, 1536 * MiB },
        { "1.5", 'M', 0, 1536 * KiB },
        { "18446744073709551615", 'B', 0, UINT64_MAX },
        { "18446744073709551616", 'B', -ERANGE, 0 },
        { "17179869184G", 'B', -ERANGE, 0 },    /* 2^64 */
        { "17179869183G", 'B', 0, UINT64_C(17179869183) << 30 },
        { "", 'B', -EINVAL, 0 },
        { "k", 'B', -EINVAL, 0 },
        { "-1", 'B', -EINVAL, 0 },
        { " 1", 'B', -EINVAL, 0 },
        { "1X", 'B', -EINVAL, 0 },
        { "1kk", 'B', -EINVAL, 0 },
        { "1 k", 'B', -EINVAL, 0 },
        { "0x10", 'B', 0, 16 },
        { "0x10", 'M', 0, 16 * MiB },
        { "0X1000", 'B', 0, 4096 },
        { "0x", 'B', -EINVAL, 0 },
        { "0x1.8", 'B', -EINVAL, 0 },
        { "0xg", 'B', -EINVAL, 0 },
        { "0x10000000000000000", 'B', -ERANGE, 0 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        uint64_t v = 0;
        int ret = parse_size(cases[i].str, cases[i].def, &v);

        g_test_message("parse_size('%s', %c) = %d, %" PRIu64, cases[i].str,
                       cases[i].def, ret, v);
        g_assert_cmpint(ret, ==, cases[i].ret);
        if (ret == 0) {
            g_assert_cmpuint(v, ==, cases[i].v);
        }
    }
}

/* A suffix on a hex size works but warns (QEMU 7.2's text). */
static void test_parse_size_hex_suffix(void)
{
    FILE *f = tmpfile();
    char buf[256] = "";
    uint64_t v = 0;

    error_report_set_stream(f);
    g_assert_cmpint(parse_size("0x10M", 'B', &v), ==, 0);
    error_report_set_stream(NULL);
    g_assert_cmpuint(v, ==, 16 * MiB);
    rewind(f);
    g_assert_nonnull(fgets(buf, sizeof(buf), f));
    g_assert_cmpstr(buf, ==, "qemu-system-x86_64: warning: Using a multiplier "
                             "suffix on hex numbers is deprecated: 0x10M\n");
    fclose(f);
}

/* -d items (util/log.c). */
static void test_log_items(void)
{
    unsigned mask;
    bool help;

    g_assert_cmpint(qemu_log_parse_items("guest_errors,unimp", &mask, &help),
                    ==, 0);
    g_assert_cmpuint(mask, ==, LOG_GUEST_ERROR | LOG_UNIMP);
    g_assert_false(help);
    g_assert_cmpint(qemu_log_parse_items("int,cpu_reset,emulate", &mask,
                                         &help), ==, 0);
    g_assert_cmpuint(mask, ==, LOG_INT | LOG_CPU_RESET | LOG_EMULATE);
    g_assert_cmpint(qemu_log_parse_items("help", &mask, &help), ==, 0);
    g_assert_true(help);
    g_assert_cmpint(qemu_log_parse_items("?", &mask, &help), ==, 0);
    g_assert_true(help);
    g_assert_cmpint(qemu_log_parse_items("unimp,bogus", &mask, &help), ==,
                    -EINVAL);
    g_assert_cmpint(qemu_log_parse_items("in_asm", &mask, &help), ==,
                    -EINVAL);
}

/* -D: log lines go to the file; a bad path is an error. */
static void test_log_file(void)
{
    char *dir = g_dir_make_tmp("test-keyval-XXXXXX", NULL);
    char *path = g_build_filename(dir, "log", NULL);
    char *bad = g_build_filename(dir, "nosuchdir", "log", NULL);
    char *contents = NULL;

    g_assert_cmpint(qemu_log_set_file(bad), ==, -ENOENT);
    g_assert_cmpint(qemu_log_set_file(path), ==, 0);
    qemu_loglevel = LOG_UNIMP;
    qemu_log_mask(LOG_UNIMP, "unimp %d\n", 1);
    qemu_log_mask(LOG_GUEST_ERROR, "not logged\n");
    qemu_loglevel = 0;
    qemu_log_mask(LOG_UNIMP, "not logged either\n");
    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    g_assert_cmpstr(contents, ==, "unimp 1\n");
    g_free(contents);
    unlink(path);
    rmdir(dir);
    g_free(bad);
    g_free(path);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/keyval/parse-forms", test_parse_forms);
    g_test_add_func("/keyval/parse-errors", test_parse_errors);
    g_test_add_func("/keyval/get-and-unused", test_get_and_unused);
    g_test_add_func("/keyval/merge-set", test_merge_set);
    g_test_add_func("/keyval/parse-bool", test_parse_bool);
    g_test_add_func("/keyval/parse-uint64", test_parse_uint64);
    g_test_add_func("/keyval/parse-size", test_parse_size);
    g_test_add_func("/keyval/parse-size-hex-suffix",
                    test_parse_size_hex_suffix);
    g_test_add_func("/log/items", test_log_items);
    g_test_add_func("/log/file", test_log_file);
    return g_test_run();
}
