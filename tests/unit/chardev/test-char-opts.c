/*
 * Option parsing of every chardev backend and of the -serial shorthand,
 * including each error message a user can see.
 */
#include "chr-test.h"

#include <sys/stat.h>

static char *tmpdir;

/* "@" in a test string stands for the scratch directory. */
static char *expand(const char *str)
{
    char **parts = g_strsplit(str, "@", -1);
    char *s = g_strjoinv(tmpdir, parts);

    g_strfreev(parts);
    return s;
}

static struct chardev *create(const char *str, Error **errp)
{
    char *s = expand(str);
    struct kv_opts *opts = kv_parse(s, "backend", errp);
    struct chardev *chr = NULL;

    if (opts) {
        chr = qemu_chr_new_from_opts(opts, errp);
    }
    kv_free(opts);
    g_free(s);
    return chr;
}

struct error_case {
    const char *str;            /* -chardev argument */
    const char *error;          /* expected message, "@" = tmpdir */
};

static const struct error_case chardev_errors[] = {
    { "foo,id=x", "'foo' is not a valid char driver name" },
    { "null", "Parameter 'id' is missing" },
    { "null,id=1a", "Parameter 'id' expects an identifier" },
    { "null,id=a b", "Parameter 'id' expects an identifier" },
    { "id=a", "chardev: \"a\" missing backend" },
    { "null,id=a,bogus=1", "Invalid parameter 'bogus'" },
    { "null,id=a,path=/x", "Invalid parameter 'path'" },
    { "null,id=a,mux=maybe", "Parameter 'mux' expects 'on' or 'off'" },
    { "null,id=a,logfile=/nonexistent/l",
      "Could not create '/nonexistent/l': No such file or directory" },
    { "ringbuf,id=a", "chardev backend 'ringbuf' is not supported by "
      "splitvm" },
    { "stdio,id=a,signal=maybe", "Parameter 'signal' expects 'on' or 'off'" },
    { "file,id=a", "chardev: file: no filename given" },
    { "file,id=a,path=/nonexistent/x",
      "Could not open '/nonexistent/x': No such file or directory" },
    { "file,id=a,path=@/f,append=maybe",
      "Parameter 'append' expects 'on' or 'off'" },
    { "file,id=a,path=@/f,input-path=/nonexistent/i",
      "Could not open '/nonexistent/i': No such file or directory" },
    { "pty,id=a,signal=on", "Invalid parameter 'signal'" },
    { "socket,id=a", "chardev: socket: one of 'path', 'host' or 'fd' is "
      "required" },
    { "socket,id=a,path=@/s,host=h,port=1", "chardev: socket: only one of "
      "'path', 'host' and 'fd' may be given" },
    { "socket,id=a,host=127.0.0.1", "chardev: socket: no port given" },
    { "socket,id=a,path=@/nothing",
      "Failed to connect to '@/nothing': No such file or directory" },
    { "socket,id=a,host=127.0.0.1,port=abc",
      "address resolution failed for 127.0.0.1:abc: " },
    { "socket,id=a,path=@/s,wait=off", "'wait' option is incompatible with "
      "socket in client connect mode" },
    { "socket,id=a,path=@/s,nowait", "'wait' option is incompatible with "
      "socket in client connect mode" },
    { "socket,id=a,path=@/s,server=on,wait=off,reconnect=2", "'reconnect' "
      "option is incompatible with socket in server listen mode" },
    { "socket,id=a,path=@/s,server=maybe",
      "Parameter 'server' expects 'on' or 'off'" },
    { "socket,id=a,path=@/s,reconnect=x",
      "Parameter 'reconnect' expects a number" },
    { "socket,id=a,path=/nonexistent/s,server=on,wait=off",
      "Failed to bind socket to /nonexistent/s: No such file or directory" },
    { "socket,id=a,fd=abc", "Unable to parse FD number abc" },
    { "socket,id=a,path=@/s,server=on,wait=off,telnet=on",
      "chardev: socket: 'telnet' is not supported by splitvm" },
    { "socket,id=a,path=@/s,server=on,wait=off,tls-creds=t",
      "chardev: socket: 'tls-creds' is not supported by splitvm" },
    { "socket,id=a,path=@/s,server=on,bogus=1", "Invalid parameter 'bogus'" },
};

static void test_chardev_errors(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(chardev_errors); i++) {
        const struct error_case *c = &chardev_errors[i];
        char *want = expand(c->error);
        Error *err = NULL;

        g_test_message("-chardev %s", c->str);
        g_assert_null(create(c->str, &err));
        g_assert_nonnull(err);
        if (!g_str_has_prefix(error_get_pretty(err), want)) {
            g_error("'%s': got \"%s\", want \"%s\"", c->str,
                    error_get_pretty(err), want);
        }
        error_free(err);
        g_free(want);
        /* A failed creation leaves nothing registered. */
        g_assert_null(qemu_chr_find("a"));
        qemu_chr_cleanup();
    }
}

/* Nothing was opened: no server socket file is left behind either. */
static void test_failed_server_cleans_up(void)
{
    Error *err = NULL;
    char *path = g_build_filename(tmpdir, "s", NULL);

    g_assert_null(create("socket,id=a,path=@/s,server=on,bogus=1", &err));
    error_free(err);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_free(path);
}

static void test_not_a_socket(void)
{
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    char *str = g_strdup_printf("socket,id=a,fd=%d,server=on,wait=off", fd);
    char *want = g_strdup_printf("File descriptor '%d' is not a socket", fd);
    Error *err = NULL;

    g_assert_null(create(str, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, want);
    error_free(err);
    close(fd);
    g_free(str);
    g_free(want);
}

static void test_duplicate_id(void)
{
    Error *err = NULL;

    g_assert_nonnull(create("null,id=dup", &err));
    g_assert_null(create("file,id=dup,path=@/f", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "attempt to add duplicate "
                    "property 'dup' to object (type 'container')");
    error_free(err);
    err = NULL;
    /* The same label through the shorthand fails the same way. */
    g_assert_null(qemu_chr_new("dup", "null", &err));
    g_assert_nonnull(err);
    error_free(err);
    qemu_chr_cleanup();
    g_assert_null(qemu_chr_find("dup"));
}

struct ok_case {
    const char *str;            /* -chardev argument */
    const char *backend;        /* qemu_chr_backend_name() */
    const char *filename;       /* glob for qemu_chr_filename(), "@" ok */
    bool connected;
};

static const struct ok_case chardev_ok[] = {
    { "null,id=c", "null", "null", true },
    { "null,id=c,mux=off,logfile=@/log,logappend=on", "null", "null", true },
    { "file,id=c,path=@/f", "file", "file", true },
    { "file,id=c,path=@/f,append=on", "file", "file", true },
    { "file,id=c,path=@/f,input-path=/dev/null", "file", "file", true },
    { "pty,id=c", "pty", "pty:/dev/pts/*", false },
    { "socket,id=c,path=@/s,server=on,wait=off", "socket",
      "disconnected:unix:@/s,server=on", false },
    { "socket,id=c,path=@/s,server,nowait", "socket",
      "disconnected:unix:@/s,server=on", false },
    { "socket,id=c,path=@/s,server=on,wait=off,telnet=off,tight=on",
      "socket", "disconnected:unix:@/s,server=on", false },
    { "socket,id=c,host=127.0.0.1,port=0,server=on,wait=off", "socket",
      "disconnected:tcp:127.0.0.1:*,server=on", false },
    { "socket,id=c,host=127.0.0.1,port=0,server=on,wait=off,ipv4=on,"
      "nodelay=on", "socket", "disconnected:tcp:127.0.0.1:*,server=on",
      false },
    { "socket,id=c,path=@/nothing,reconnect=100", "socket",
      "disconnected:unix:@/nothing", false },
};

static void test_chardev_ok(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(chardev_ok); i++) {
        const struct ok_case *c = &chardev_ok[i];
        char *want = expand(c->filename);
        Error *err = NULL;
        struct chardev *chr;
        char *name;

        g_test_message("-chardev %s", c->str);
        chr = create(c->str, &err);
        if (err) {
            g_error("'%s': %s", c->str, error_get_pretty(err));
        }
        g_assert_true(qemu_chr_find("c") == chr);
        g_assert_cmpstr(qemu_chr_id(chr), ==, "c");
        g_assert_cmpstr(qemu_chr_backend_name(chr), ==, c->backend);
        name = qemu_chr_filename(chr);
        if (!g_pattern_match_simple(want, name)) {
            g_error("'%s': filename \"%s\", want \"%s\"", c->str, name, want);
        }
        g_assert_cmpint(qemu_chr_is_connected(chr), ==, c->connected);
        g_free(name);
        g_free(want);
        qemu_chr_cleanup();
        g_assert_null(qemu_chr_find("c"));
    }
}

static void test_server_port_is_real(void)
{
    struct chardev *chr = test_chr_create("socket,id=t,host=127.0.0.1,"
                                          "port=0,server=on,wait=off");
    char *name = qemu_chr_filename(chr);
    unsigned port = 0;

    g_assert_cmpint(sscanf(name, "disconnected:tcp:127.0.0.1:%u", &port),
                    ==, 1);
    g_assert_cmpuint(port, >, 0);
    g_free(name);
    qemu_chr_cleanup();
}

static void test_server_socket_unlinked(void)
{
    char *path = g_build_filename(tmpdir, "srv", NULL);
    char *str = g_strdup_printf("socket,id=u,path=%s,server=on,wait=off",
                                path);

    test_chr_create(str);
    g_assert_true(g_file_test(path, G_FILE_TEST_EXISTS));
    qemu_chr_cleanup();
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_free(str);
    g_free(path);
}

/* -serial/-qtest shorthand: qemu_chr_new(). */
static const struct error_case shorthand_errors[] = {
    { "foo", "'foo' is not a valid char driver" },
    { "mon:stdio", "mon: is only supported with -serial and -monitor" },
    { "chardev:nope", "Chardev 'nope' not found" },
    { "udp:1.2.3.4:5", "'udp:1.2.3.4:5': this chardev is not supported by "
      "splitvm" },
    { "file:", "Could not open '': No such file or directory" },
    { "tcp:127.0.0.1", "'tcp:127.0.0.1': expected tcp:HOST:PORT" },
    { "tcp:127.0.0.1:", "'tcp:127.0.0.1:': expected tcp:HOST:PORT" },
    { "tcp:[::1", "'tcp:[::1': expected tcp:[HOST]:PORT" },
    { "tcp:127.0.0.1:1", "Failed to connect to '127.0.0.1:1': Connection "
      "refused" },
    { "unix:@/nothing", "Failed to connect to '@/nothing': No such file or "
      "directory" },
    { "unix:@/s,server=on,wait=off,bogus=1", "Invalid parameter 'bogus'" },
    { "unix:@/s,wait=off", "'wait' option is incompatible with socket in "
      "client connect mode" },
};

static void test_shorthand_errors(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(shorthand_errors); i++) {
        const struct error_case *c = &shorthand_errors[i];
        char *spec = expand(c->str);
        char *want = expand(c->error);
        Error *err = NULL;

        g_test_message("-serial %s", spec);
        g_assert_null(qemu_chr_new("serial0", spec, &err));
        g_assert_nonnull(err);
        if (strcmp(error_get_pretty(err), want)) {
            g_error("'%s': got \"%s\", want \"%s\"", spec,
                    error_get_pretty(err), want);
        }
        error_free(err);
        g_free(spec);
        g_free(want);
        g_assert_null(qemu_chr_find("serial0"));
    }
}

static const struct ok_case shorthand_ok[] = {
    { "null", "null", "null", true },
    { "pty", "pty", "pty:/dev/pts/*", false },
    { "file:@/out,with,commas", "file", "file", true },
    { "unix:@/s,server=on,wait=off", "socket",
      "disconnected:unix:@/s,server=on", false },
    { "unix:@/s,server,nowait", "socket", "disconnected:unix:@/s,server=on",
      false },
    { "tcp:127.0.0.1:0,server=on,wait=off", "socket",
      "disconnected:tcp:127.0.0.1:*,server=on", false },
    { "tcp:[::1]:0,server=on,wait=off", "socket",
      "disconnected:tcp:[::1]:*,server=on", false },
    { "tcp::0,server=on,wait=off", "socket", "disconnected:tcp:*:*,server=on",
      false },
};

static void test_shorthand_ok(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(shorthand_ok); i++) {
        const struct ok_case *c = &shorthand_ok[i];
        char *spec = expand(c->str);
        char *want = expand(c->filename);
        Error *err = NULL;
        struct chardev *chr;
        char *name;

        g_test_message("-serial %s", spec);
        chr = qemu_chr_new("serial0", spec, &err);
        if (err) {
            if (strstr(spec, "::1") &&
                strstr(error_get_pretty(err), "Cannot assign")) {
                /* No IPv6 loopback on this host. */
                error_free(err);
                g_free(spec);
                g_free(want);
                continue;
            }
            g_error("'%s': %s", spec, error_get_pretty(err));
        }
        g_assert_true(qemu_chr_find("serial0") == chr);
        g_assert_cmpstr(qemu_chr_backend_name(chr), ==, c->backend);
        name = qemu_chr_filename(chr);
        if (!g_pattern_match_simple(want, name)) {
            g_error("'%s': filename \"%s\", want \"%s\"", spec, name, want);
        }
        g_assert_cmpint(qemu_chr_is_connected(chr), ==, c->connected);
        g_free(name);
        g_free(spec);
        g_free(want);
        qemu_chr_cleanup();
    }
}

static void test_shorthand_none_and_chardev(void)
{
    Error *err = NULL;
    struct chardev *chr;
    char *path;

    g_assert_null(qemu_chr_new("serial0", "none", &err));
    g_assert_null(err);
    g_assert_null(qemu_chr_find("serial0"));

    chr = test_chr_create("null,id=mine");
    g_assert_true(qemu_chr_new("serial0", "chardev:mine", &err) == chr);
    g_assert_null(err);
    g_assert_null(qemu_chr_find("serial0"));

    /* file: keeps the whole rest, commas included, as the path. */
    path = expand("file:@/a,b");
    g_assert_nonnull(qemu_chr_new("serial1", path, &err));
    g_assert_null(err);
    g_free(path);
    path = g_build_filename(tmpdir, "a,b", NULL);
    g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
    g_free(path);
    qemu_chr_cleanup();
}

/* foreach visits every chardev, in creation order. */
static void collect(struct chardev *chr, void *opaque)
{
    g_string_append_printf(opaque, "%s:%s ", qemu_chr_id(chr),
                           qemu_chr_backend_name(chr));
}

static void test_foreach(void)
{
    GString *s = g_string_new(NULL);
    Error *err = NULL;

    test_chr_create("null,id=first");
    g_assert_nonnull(qemu_chr_new("serial0", "null", &err));
    test_chr_create("null,id=last");
    qemu_chr_foreach(collect, s);
    g_assert_cmpstr(s->str, ==, "first:null serial0:null last:null ");
    qemu_chr_cleanup();
    g_string_truncate(s, 0);
    qemu_chr_foreach(collect, s);
    g_assert_cmpstr(s->str, ==, "");
    g_string_free(s, TRUE);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    /* The pty's notice would land in the TAP stream on stdout. */
    qemu_chr_set_info_stream(stderr);
    tmpdir = test_mkdtemp();
    g_test_add_func("/chardev/opts/errors", test_chardev_errors);
    g_test_add_func("/chardev/opts/failed-server-cleans-up",
                    test_failed_server_cleans_up);
    g_test_add_func("/chardev/opts/not-a-socket", test_not_a_socket);
    g_test_add_func("/chardev/opts/duplicate-id", test_duplicate_id);
    g_test_add_func("/chardev/opts/ok", test_chardev_ok);
    g_test_add_func("/chardev/opts/server-port-is-real",
                    test_server_port_is_real);
    g_test_add_func("/chardev/opts/server-socket-unlinked",
                    test_server_socket_unlinked);
    g_test_add_func("/chardev/shorthand/errors", test_shorthand_errors);
    g_test_add_func("/chardev/shorthand/ok", test_shorthand_ok);
    g_test_add_func("/chardev/shorthand/none-and-chardev",
                    test_shorthand_none_and_chardev);
    g_test_add_func("/chardev/foreach", test_foreach);
    ret = g_test_run();
    test_rmdir(tmpdir);
    return ret;
}
