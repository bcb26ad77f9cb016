/*
 * The file and null backends, logfile=, and writers racing on one chardev.
 */
#include "chr-test.h"

static char *tmpdir;

static char *read_file(const char *name)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    char *data = NULL;

    g_assert_true(g_file_get_contents(path, &data, NULL, NULL));
    g_free(path);
    return data;
}

static void write_file(const char *name, const char *data)
{
    char *path = g_build_filename(tmpdir, name, NULL);

    g_assert_true(g_file_set_contents(path, data, -1, NULL));
    g_free(path);
}

static struct chardev *create_fmt(const char *fmt, const char *name)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    char *str = g_strdup_printf(fmt, path);
    struct chardev *chr = test_chr_create(str);

    g_free(str);
    g_free(path);
    return chr;
}

static void fe_write_str(struct chardev *chr, const char *s)
{
    g_assert_cmpint(qemu_chr_fe_write(chr, (const uint8_t *)s, strlen(s)),
                    ==, (int)strlen(s));
}

static void test_file_writes(void)
{
    struct chardev *chr;
    char *data;

    write_file("out", "old contents that must go\n");
    chr = create_fmt("file,id=f,path=%s", "out");
    g_assert_true(qemu_chr_is_connected(chr));
    fe_write_str(chr, "hello ");
    fe_write_str(chr, "world\n");
    data = read_file("out");
    g_assert_cmpstr(data, ==, "hello world\n");
    g_free(data);
    qemu_chr_cleanup();
}

static void test_file_append(void)
{
    struct chardev *chr;
    char *data;

    write_file("app", "line1\n");
    chr = create_fmt("file,id=f,path=%s,append=on", "app");
    fe_write_str(chr, "line2\n");
    qemu_chr_cleanup();
    data = read_file("app");
    g_assert_cmpstr(data, ==, "line1\nline2\n");
    g_free(data);

    /* append=off truncates again. */
    chr = create_fmt("file,id=f,path=%s,append=off", "app");
    fe_write_str(chr, "fresh\n");
    qemu_chr_cleanup();
    data = read_file("app");
    g_assert_cmpstr(data, ==, "fresh\n");
    g_free(data);
}

static void test_file_via_shorthand(void)
{
    char *path = g_build_filename(tmpdir, "serial.log", NULL);
    char *spec = g_strdup_printf("file:%s", path);
    Error *err = NULL;
    struct chardev *chr = qemu_chr_new("serial0", spec, &err);
    char *data;

    g_assert_null(err);
    fe_write_str(chr, "boot\r\n");
    data = read_file("serial.log");
    g_assert_cmpstr(data, ==, "boot\r\n");
    g_free(data);
    qemu_chr_cleanup();
    g_free(spec);
    g_free(path);
}

/* input-path: the front end gets the file's bytes, respecting its room. */
static void test_file_input_path(void)
{
    char *in = g_build_filename(tmpdir, "in", NULL);
    char *out = g_build_filename(tmpdir, "out2", NULL);
    char *str = g_strdup_printf("file,id=f,path=%s,input-path=%s", out, in);
    struct chardev *chr;
    struct test_fe fe;

    write_file("in", "typed input");
    chr = test_chr_create(str);
    test_fe_init(&fe);
    fe.room = 5;
    test_fe_attach(&fe, chr);
    g_assert_cmpint(fe.opened, ==, 1);
    g_assert_true(test_wait_rx(&fe, 5, 2000));
    test_iterate_for(50);
    g_assert_cmpuint(fe.rx->len, ==, 5);        /* full: nothing more */
    g_atomic_int_set(&fe.room, 100);
    qemu_chr_fe_accept_input(chr);
    g_assert_true(test_wait_rx(&fe, 11, 2000));
    g_assert_cmpmem(fe.rx->data, fe.rx->len, "typed input", 11);
    test_fe_free(&fe);
    qemu_chr_cleanup();
    g_free(str);
    g_free(in);
    g_free(out);
}

static void test_null(void)
{
    struct chardev *chr = test_chr_create("null,id=n");
    struct test_fe fe;
    char *name = qemu_chr_filename(chr);

    g_assert_cmpstr(name, ==, "null");
    g_free(name);
    test_fe_init(&fe);
    test_fe_attach(&fe, chr);
    g_assert_cmpint(fe.opened, ==, 1);
    fe_write_str(chr, "into the void");
    test_iterate_for(20);
    g_assert_cmpuint(fe.rx->len, ==, 0);
    test_fe_free(&fe);
    qemu_chr_cleanup();
}

/* "none" gives no chardev; writing to no chardev is a no-op. */
static void test_write_to_nothing(void)
{
    g_assert_cmpint(qemu_chr_fe_write(NULL, (const uint8_t *)"x", 1), ==, 1);
    g_assert_cmpint(qemu_chr_fe_set_handlers(NULL, NULL, NULL, NULL, NULL),
                    ==, -EINVAL);
}

static void test_logfile(void)
{
    struct chardev *chr;
    char *data;

    chr = create_fmt("null,id=n,logfile=%s", "null.log");
    fe_write_str(chr, "logged even though dropped\n");
    qemu_chr_cleanup();
    data = read_file("null.log");
    g_assert_cmpstr(data, ==, "logged even though dropped\n");
    g_free(data);

    chr = create_fmt("null,id=n,logfile=%s,logappend=on", "null.log");
    fe_write_str(chr, "more\n");
    qemu_chr_cleanup();
    data = read_file("null.log");
    g_assert_cmpstr(data, ==, "logged even though dropped\nmore\n");
    g_free(data);
}

#define RECORDS 2000
#define RECORD_LEN 100

struct writer {
    struct chardev *chr;
    char tag;
};

/* Each record: RECORD_LEN-1 copies of the tag, then '\n'. */
static gpointer writer_thread(gpointer opaque)
{
    struct writer *w = opaque;
    uint8_t rec[RECORD_LEN];

    memset(rec, w->tag, RECORD_LEN - 1);
    rec[RECORD_LEN - 1] = '\n';
    for (int i = 0; i < RECORDS; i++) {
        g_assert_cmpint(qemu_chr_fe_write(w->chr, rec, RECORD_LEN), ==,
                        RECORD_LEN);
    }
    return NULL;
}

/* Check records are whole: no writer's bytes inside another's record. */
static void check_records(const char *data, size_t len, int *count_a,
                          int *count_b)
{
    g_assert_cmpuint(len % RECORD_LEN, ==, 0);
    *count_a = *count_b = 0;
    for (size_t off = 0; off < len; off += RECORD_LEN) {
        char tag = data[off];

        g_assert_true(tag == 'A' || tag == 'B');
        for (int i = 1; i < RECORD_LEN - 1; i++) {
            g_assert_cmpint(data[off + i], ==, tag);
        }
        g_assert_cmpint(data[off + RECORD_LEN - 1], ==, '\n');
        *(tag == 'A' ? count_a : count_b) += 1;
    }
}

static void test_concurrent_writers_file(void)
{
    struct chardev *chr = create_fmt("file,id=f,path=%s", "race");
    struct writer a = { chr, 'A' }, b = { chr, 'B' };
    GThread *ta = g_thread_new("a", writer_thread, &a);
    GThread *tb = g_thread_new("b", writer_thread, &b);
    int na, nb;
    gsize len;
    char *path = g_build_filename(tmpdir, "race", NULL);
    char *data;

    g_thread_join(ta);
    g_thread_join(tb);
    qemu_chr_cleanup();
    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    g_assert_cmpuint(len, ==, 2 * RECORDS * RECORD_LEN);
    check_records(data, len, &na, &nb);
    g_assert_cmpint(na, ==, RECORDS);
    g_assert_cmpint(nb, ==, RECORDS);
    g_free(data);
    g_free(path);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    tmpdir = test_mkdtemp();
    g_test_add_func("/chardev/file/writes", test_file_writes);
    g_test_add_func("/chardev/file/append", test_file_append);
    g_test_add_func("/chardev/file/shorthand", test_file_via_shorthand);
    g_test_add_func("/chardev/file/input-path", test_file_input_path);
    g_test_add_func("/chardev/file/concurrent-writers",
                    test_concurrent_writers_file);
    g_test_add_func("/chardev/null/drops", test_null);
    g_test_add_func("/chardev/null/no-chardev", test_write_to_nothing);
    g_test_add_func("/chardev/logfile", test_logfile);
    ret = g_test_run();
    test_rmdir(tmpdir);
    return ret;
}
