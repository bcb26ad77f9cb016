/*
 * The socket backend with real connections: UNIX and TCP, server and
 * client, reconnection, inherited fds, dead and stalled peers, and two
 * writer threads sharing one connection.
 */
#include "chr-test.h"
#include "chardev/char-internal.h"

#include <netinet/in.h>
#include <arpa/inet.h>

static char *tmpdir;

static char *tmp_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}

static void fe_write_str(struct chardev *chr, const char *s)
{
    g_assert_cmpint(qemu_chr_fe_write(chr, (const uint8_t *)s, strlen(s)),
                    ==, (int)strlen(s));
}

static void expect_filename(struct chardev *chr, const char *want)
{
    char *name = qemu_chr_filename(chr);

    g_assert_cmpstr(name, ==, want);
    g_free(name);
}

/* Bytes both ways between the chardev's front end and the peer fd. */
static void exchange(struct chardev *chr, struct test_fe *fe, int peer,
                     const char *to_chr, const char *to_peer)
{
    guint before = fe->rx->len;
    size_t n = strlen(to_peer);
    char buf[256];

    test_write_all(peer, to_chr, strlen(to_chr));
    g_assert_true(test_wait_rx(fe, before + strlen(to_chr), 3000));
    g_assert_cmpmem(fe->rx->data + before, fe->rx->len - before, to_chr,
                    strlen(to_chr));
    fe_write_str(chr, to_peer);
    test_read_exact(peer, buf, n, 3000);
    g_assert_cmpmem(buf, n, to_peer, n);
}

struct count_wait {
    int *counter;
    int want;
};

static bool count_reached(void *opaque)
{
    struct count_wait *w = opaque;

    return *w->counter >= w->want;
}

static void wait_count(int *counter, int want)
{
    struct count_wait w = { counter, want };

    g_assert_true(test_iterate_until(count_reached, &w, 5000));
    g_assert_cmpint(*counter, ==, want);
}

static void test_unix_server(void)
{
    char *path = tmp_path("srv");
    char *str = g_strdup_printf("socket,id=s,path=%s,server=on,wait=off",
                                path);
    char *connected = g_strdup_printf("unix:%s,server=on", path);
    char *disconnected = g_strdup_printf("disconnected:%s", connected);
    struct chardev *chr = test_chr_create(str);
    struct test_fe fe;
    int c;

    test_fe_init(&fe);
    test_fe_attach(&fe, chr);
    g_assert_cmpint(fe.opened, ==, 0);
    g_assert_false(qemu_chr_is_connected(chr));
    expect_filename(chr, disconnected);
    /* Nobody there: bytes are dropped, the writer does not block. */
    fe_write_str(chr, "lost");

    c = test_unix_connect(path);
    wait_count(&fe.opened, 1);
    g_assert_true(qemu_chr_is_connected(chr));
    expect_filename(chr, connected);
    exchange(chr, &fe, c, "ping", "pong");

    close(c);
    wait_count(&fe.closed, 1);
    g_assert_false(qemu_chr_is_connected(chr));
    expect_filename(chr, disconnected);
    fe_write_str(chr, "lost again");

    /* The server takes the next client. */
    c = test_unix_connect(path);
    wait_count(&fe.opened, 2);
    exchange(chr, &fe, c, "second", "reply");
    g_assert_cmpmem(fe.rx->data, fe.rx->len, "pingsecond", 10);
    close(c);
    wait_count(&fe.closed, 2);

    test_fe_free(&fe);
    qemu_chr_cleanup();
    g_free(disconnected);
    g_free(connected);
    g_free(str);
    g_free(path);
}

/* One client at a time; the next one is accepted when the first leaves. */
static void test_unix_server_queue(void)
{
    char *path = tmp_path("queue");
    char *spec = g_strdup_printf("unix:%s,server=on,wait=off", path);
    Error *err = NULL;
    struct chardev *chr = qemu_chr_new("serial0", spec, &err);
    struct test_fe fe;
    int c1, c2;

    g_assert_null(err);
    test_fe_init(&fe);
    test_fe_attach(&fe, chr);
    c1 = test_unix_connect(path);
    wait_count(&fe.opened, 1);
    c2 = test_unix_connect(path);
    test_write_all(c2, "from2", 5);
    exchange(chr, &fe, c1, "from1", "to1");
    test_iterate_for(100);
    g_assert_cmpuint(fe.rx->len, ==, 5);       /* c2 not accepted yet */
    close(c1);
    wait_count(&fe.closed, 1);
    wait_count(&fe.opened, 2);
    g_assert_true(test_wait_rx(&fe, 10, 3000));
    g_assert_cmpmem(fe.rx->data, fe.rx->len, "from1from2", 10);
    exchange(chr, &fe, c2, "", "to2");
    close(c2);
    test_fe_free(&fe);
    qemu_chr_cleanup();
    g_free(spec);
    g_free(path);
}

struct waiter_client {
    char *path;
    char got[4];
};

/* Connect as soon as the server socket exists, say hi, await "bye". */
static gpointer waiter_client_thread(gpointer opaque)
{
    struct waiter_client *w = opaque;
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_strlcpy(un.sun_path, w->path, sizeof(un.sun_path));
    while (connect(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
        g_usleep(5000);
    }
    test_write_all(fd, "hi", 2);
    test_read_exact(fd, w->got, 3, 5000);
    close(fd);
    return NULL;
}

static void test_unix_server_wait(void)
{
    struct waiter_client w = { .path = tmp_path("wait") };
    char *str = g_strdup_printf("socket,id=w,path=%s,server=on", w.path);
    char *msg = g_strdup_printf("info: QEMU waiting for connection on: "
                                "disconnected:unix:%s,server=on\n", w.path);
    char *log = NULL;
    size_t log_len = 0;
    FILE *f = open_memstream(&log, &log_len);
    GThread *t = g_thread_new("client", waiter_client_thread, &w);
    struct chardev *chr;
    struct test_fe fe;

    error_report_set_stream(f);
    chr = test_chr_create(str);         /* returns once the client is in */
    error_report_set_stream(NULL);
    fclose(f);
    g_assert_nonnull(strstr(log, msg));
    g_assert_true(qemu_chr_is_connected(chr));

    /* Attaching to an open backend reports OPENED at once. */
    test_fe_init(&fe);
    test_fe_attach(&fe, chr);
    g_assert_cmpint(fe.opened, ==, 1);
    g_assert_true(test_wait_rx(&fe, 2, 3000));
    g_assert_cmpmem(fe.rx->data, 2, "hi", 2);
    fe_write_str(chr, "bye");
    g_thread_join(t);
    g_assert_cmpmem(w.got, 3, "bye", 3);
    wait_count(&fe.closed, 1);

    test_fe_free(&fe);
    qemu_chr_cleanup();
    free(log);
    g_free(msg);
    g_free(str);
    g_free(w.path);
}

static void test_unix_client(void)
{
    char *path = tmp_path("cli");
    char *spec = g_strdup_printf("unix:%s", path);
    char *disconnected = g_strdup_printf("disconnected:unix:%s", path);
    int l = test_unix_listen(path);
    Error *err = NULL;
    struct chardev *chr = qemu_chr_new("qtest", spec, &err);
    struct test_fe fe;
    int c;

    g_assert_null(err);
    g_assert_true(qemu_chr_is_connected(chr));
    /* As QEMU, which names the (unnamed) local end of a client. */
    expect_filename(chr, "unix:");
    c = accept(l, NULL, NULL);
    g_assert_cmpint(c, >=, 0);
    test_fe_init(&fe);
    test_fe_attach(&fe, chr);
    g_assert_cmpint(fe.opened, ==, 1);
    exchange(chr, &fe, c, "request", "reply");

    close(c);
    wait_count(&fe.closed, 1);
    expect_filename(chr, disconnected);
    fe_write_str(chr, "dropped");
    /* Without reconnect= a client stays disconnected. */
    test_iterate_for(100);
    g_assert_cmpint(fe.opened, ==, 1);

    test_fe_free(&fe);
    qemu_chr_cleanup();
    close(l);
    g_free(disconnected);
    g_free(spec);
    g_free(path);
}

static void test_unix_client_reconnect(void)
{
    char *path = tmp_path("recon");
    char *str = g_strdup_printf("socket,id=r,path=%s,reconnect=1", path);
    char *log = NULL;
    size_t log_len = 0;
    FILE *f = open_memstream(&log, &log_len);
    struct chardev *chr;
    struct test_fe fe;
    int l, c;

    /* Nothing listens yet: reported, but not fatal. */
    error_report_set_stream(f);
    chr = test_chr_create(str);
    error_report_set_stream(NULL);
    fclose(f);
    g_assert_nonnull(strstr(log, "Unable to connect character device r: "
                            "Failed to connect to '"));
    g_assert_false(qemu_chr_is_connected(chr));
    test_fe_init(&fe);
    test_fe_attach(&fe, chr);

    l = test_unix_listen(path);
    wait_count(&fe.opened, 1);
    c = accept(l, NULL, NULL);
    exchange(chr, &fe, c, "up", "down");
    close(c);
    wait_count(&fe.closed, 1);
    wait_count(&fe.opened, 2);          /* retried after a second */
    c = accept(l, NULL, NULL);
    exchange(chr, &fe, c, "again", "yes");
    close(c);

    test_fe_free(&fe);
    qemu_chr_cleanup();
    close(l);
    free(log);
    g_free(str);
    g_free(path);
}

static unsigned port_of_fd(int fd, bool peer)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);

    if (peer) {
        g_assert_cmpint(getpeername(fd, (struct sockaddr *)&sin, &len), ==, 0);
    } else {
        g_assert_cmpint(getsockname(fd, (struct sockaddr *)&sin, &len), ==, 0);
    }
    return ntohs(sin.sin_port);
}

static int tcp_connect(unsigned port)
{
    struct sockaddr_in sin = {
        .sin_family = AF_INET,
        .sin_port = htons(port),
        .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
    };
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    return fd;
}

static void test_tcp_server(void)
{
    struct chardev *chr = test_chr_create("socket,id=t,host=127.0.0.1,"
                                          "port=0,server=on,wait=off,"
                                          "nodelay=on");
    char *name = qemu_chr_filename(chr);
    char *want;
    unsigned port = 0;
    struct test_fe fe;
    int c;

    g_assert_cmpint(sscanf(name, "disconnected:tcp:127.0.0.1:%u,server=on",
                           &port), ==, 1);
    g_free(name);
    test_fe_init(&fe);
    test_fe_attach(&fe, chr);
    c = tcp_connect(port);
    wait_count(&fe.opened, 1);
    want = g_strdup_printf("tcp:127.0.0.1:%u,server=on <-> 127.0.0.1:%u",
                           port, port_of_fd(c, false));
    expect_filename(chr, want);
    exchange(chr, &fe, c, "tcp in", "tcp out");
    close(c);
    wait_count(&fe.closed, 1);
    g_free(want);
    want = g_strdup_printf("disconnected:tcp:127.0.0.1:%u,server=on", port);
    expect_filename(chr, want);

    c = tcp_connect(port);
    wait_count(&fe.opened, 2);
    exchange(chr, &fe, c, "2nd", "ok");
    close(c);

    test_fe_free(&fe);
    qemu_chr_cleanup();
    g_free(want);
}

static void test_tcp_client(void)
{
    struct sockaddr_in sin = {
        .sin_family = AF_INET,
        .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
    };
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    Error *err = NULL;
    struct chardev *chr;
    struct test_fe fe;
    char *spec, *want;
    unsigned port;
    int c;

    g_assert_cmpint(bind(l, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    g_assert_cmpint(listen(l, 1), ==, 0);
    port = port_of_fd(l, false);
    spec = g_strdup_printf("tcp:127.0.0.1:%u", port);
    chr = qemu_chr_new("serial0", spec, &err);
    g_assert_null(err);
    c = accept(l, NULL, NULL);
    g_assert_cmpint(c, >=, 0);
    want = g_strdup_printf("tcp:127.0.0.1:%u <-> 127.0.0.1:%u",
                           port_of_fd(c, true), port);
    expect_filename(chr, want);
    test_fe_init(&fe);
    test_fe_attach(&fe, chr);
    g_assert_cmpint(fe.opened, ==, 1);
    exchange(chr, &fe, c, "from server", "from client");
    close(c);
    wait_count(&fe.closed, 1);
    g_free(want);
    want = g_strdup_printf("disconnected:tcp:127.0.0.1:%u", port);
    expect_filename(chr, want);

    test_fe_free(&fe);
    qemu_chr_cleanup();
    close(l);
    g_free(want);
    g_free(spec);
}

static int tcp_listen(unsigned port)
{
    struct sockaddr_in sin = {
        .sin_family = AF_INET,
        .sin_port = htons(port),
        .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
    };
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;

    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    g_assert_cmpint(bind(l, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    g_assert_cmpint(listen(l, 1), ==, 0);
    return l;
}

static int count_substr(const char *hay, const char *needle)
{
    int n = 0;

    for (const char *p = hay; (p = strstr(p, needle)); p++) {
        n++;
    }
    return n;
}

/* Retries run from the main loop without blocking it (async connect). */
static void test_tcp_client_reconnect(void)
{
    int l = tcp_listen(0);
    unsigned port = port_of_fd(l, false);
    char *str = g_strdup_printf("socket,id=r,host=127.0.0.1,port=%u,"
                                "reconnect=1", port);
    char *log = NULL;
    size_t log_len = 0;
    FILE *f;
    struct chardev *chr = test_chr_create(str);
    struct test_fe fe;
    int c;

    test_fe_init(&fe);
    test_fe_attach(&fe, chr);
    g_assert_cmpint(fe.opened, ==, 1);
    c = accept(l, NULL, NULL);
    exchange(chr, &fe, c, "one", "two");

    /* Server gone: retries fail, reported once, the loop keeps going. */
    f = open_memstream(&log, &log_len);
    error_report_set_stream(f);
    close(l);
    close(c);
    wait_count(&fe.closed, 1);
    test_iterate_for(2500);
    error_report_set_stream(NULL);
    fclose(f);
    g_assert_cmpint(count_substr(log, "Unable to connect character device "
                                 "r: Failed to connect to '127.0.0.1:"), ==,
                    1);
    g_assert_cmpint(fe.opened, ==, 1);

    l = tcp_listen(port);
    wait_count(&fe.opened, 2);
    c = accept(l, NULL, NULL);
    exchange(chr, &fe, c, "back", "again");
    close(c);
    close(l);
    test_fe_free(&fe);
    qemu_chr_cleanup();
    free(log);
    g_free(str);
}

/* libvirt: -chardev socket,id=charmonitor,fd=N,server=on,wait=off */
static void test_inherited_listen_fd(void)
{
    char *path = tmp_path("monitor.sock");
    int l = test_unix_listen(path);
    char *str = g_strdup_printf("socket,id=m,fd=%d,server=on,wait=off", l);
    char *want = g_strdup_printf("disconnected:unix:%s,server=on", path);
    struct chardev *chr = test_chr_create(str);
    struct test_fe fe;
    int c;

    expect_filename(chr, want);
    test_fe_init(&fe);
    test_fe_attach(&fe, chr);
    c = test_unix_connect(path);
    wait_count(&fe.opened, 1);
    exchange(chr, &fe, c, "{\"execute\"}", "{\"return\"}");
    close(c);
    test_fe_free(&fe);
    qemu_chr_cleanup();
    /* Closed, but the file is libvirt's: it stays. */
    g_assert_cmpint(fcntl(l, F_GETFD), ==, -1);
    g_assert_true(g_file_test(path, G_FILE_TEST_EXISTS));
    g_free(want);
    g_free(str);
    g_free(path);
}

static void test_inherited_connected_fd(void)
{
    int sv[2];
    char *str;
    struct chardev *chr;
    struct test_fe fe;

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
                    ==, 0);
    str = g_strdup_printf("socket,id=p,fd=%d", sv[0]);
    chr = test_chr_create(str);
    g_assert_true(qemu_chr_is_connected(chr));
    test_fe_init(&fe);
    test_fe_attach(&fe, chr);
    exchange(chr, &fe, sv[1], "x", "y");
    close(sv[1]);
    wait_count(&fe.closed, 1);
    test_fe_free(&fe);
    qemu_chr_cleanup();
    g_free(str);
}

/* A server chardev with one connected peer fd, front end attached. */
static struct chardev *connected_pair(const char *name, struct test_fe *fe,
                                      int *peer)
{
    char *path = tmp_path(name);
    char *spec = g_strdup_printf("unix:%s,server=on,wait=off", path);
    Error *err = NULL;
    struct chardev *chr = qemu_chr_new(name, spec, &err);

    g_assert_null(err);
    test_fe_init(fe);
    test_fe_attach(fe, chr);
    *peer = test_unix_connect(path);
    wait_count(&fe->opened, 1);
    g_free(spec);
    g_free(path);
    return chr;
}

struct flood {
    struct chardev *chr;
    int stop;
    int writes;
};

static gpointer flood_thread(gpointer opaque)
{
    struct flood *fl = opaque;
    static uint8_t buf[64 * 1024];

    while (!g_atomic_int_get(&fl->stop)) {
        g_assert_cmpint(qemu_chr_fe_write(fl->chr, buf, sizeof(buf)), ==,
                        (int)sizeof(buf));
        g_atomic_int_inc(&fl->writes);
    }
    return NULL;
}

/* A writer blocked on a full socket is released when the peer dies. */
static void test_peer_gone_releases_writer(void)
{
    struct test_fe fe;
    int peer;
    struct chardev *chr = connected_pair("gone", &fe, &peer);
    struct flood fl = { .chr = chr };
    GThread *t;
    gint64 start;

    chr_set_write_stall_ms(60000);      /* only the HUP can free it */
    t = g_thread_new("flood", flood_thread, &fl);
    g_usleep(200 * 1000);               /* the socket buffer is full now */
    start = g_get_monotonic_time();
    close(peer);                        /* no SIGPIPE may kill us */
    g_atomic_int_set(&fl.stop, 1);
    g_thread_join(t);
    g_assert_cmpint(g_get_monotonic_time() - start, <, 5 * G_USEC_PER_SEC);
    wait_count(&fe.closed, 1);
    /* Disconnected now: writes return at once. */
    fe_write_str(chr, "nobody");
    chr_set_write_stall_ms(CHR_WRITE_STALL_MS);
    test_fe_free(&fe);
    qemu_chr_cleanup();
}

/* A live peer that reads nothing costs one stall, then bytes are dropped. */
static void test_stalled_peer(void)
{
    struct test_fe fe;
    int peer;
    struct chardev *chr = connected_pair("stall", &fe, &peer);
    size_t big = 8 * 1024 * 1024;
    uint8_t *buf = g_malloc0(big);
    gint64 t0, t1, t2;
    char tail[4];
    ssize_t n;

    chr_set_write_stall_ms(300);
    t0 = g_get_monotonic_time();
    g_assert_cmpint(qemu_chr_fe_write(chr, buf, big), ==, (int)big);
    t1 = g_get_monotonic_time();
    g_assert_cmpint(t1 - t0, >=, 250 * 1000);
    g_assert_cmpint(t1 - t0, <, 3 * G_USEC_PER_SEC);
    g_assert_cmpint(qemu_chr_fe_write(chr, buf, big), ==, (int)big);
    t2 = g_get_monotonic_time();
    g_assert_cmpint(t2 - t1, <, 200 * 1000);     /* no second wait */

    /* Once the peer drains, output flows again. */
    fcntl(peer, F_SETFL, O_NONBLOCK);
    while ((n = read(peer, buf, big)) > 0) {
        continue;
    }
    fe_write_str(chr, "END");
    test_read_exact(peer, tail, 3, 3000);
    g_assert_cmpmem(tail, 3, "END", 3);

    chr_set_write_stall_ms(CHR_WRITE_STALL_MS);
    close(peer);
    g_free(buf);
    test_fe_free(&fe);
    qemu_chr_cleanup();
}

/* Records larger than the socket buffer, so each write is partial. */
#define RECORDS 100
#define RECORD_LEN 100013

struct writer {
    struct chardev *chr;
    char tag;
};

static gpointer writer_thread(gpointer opaque)
{
    struct writer *w = opaque;
    uint8_t *rec = g_malloc(RECORD_LEN);

    memset(rec, w->tag, RECORD_LEN - 1);
    rec[RECORD_LEN - 1] = '\n';
    for (int i = 0; i < RECORDS; i++) {
        g_assert_cmpint(qemu_chr_fe_write(w->chr, rec, RECORD_LEN), ==,
                        RECORD_LEN);
    }
    g_free(rec);
    return NULL;
}

/* 20 MB from two threads through a socket: whole records, none lost. */
static void test_concurrent_writers(void)
{
    struct test_fe fe;
    int peer;
    struct chardev *chr = connected_pair("race", &fe, &peer);
    struct writer a = { chr, 'A' }, b = { chr, 'B' };
    size_t total = 2 * RECORDS * RECORD_LEN;
    char *data = g_malloc(total);
    char *rec_a = g_malloc(RECORD_LEN), *rec_b = g_malloc(RECORD_LEN);
    GThread *ta, *tb;
    int na = 0, nb = 0;

    memset(rec_a, 'A', RECORD_LEN - 1);
    memset(rec_b, 'B', RECORD_LEN - 1);
    rec_a[RECORD_LEN - 1] = rec_b[RECORD_LEN - 1] = '\n';

    ta = g_thread_new("a", writer_thread, &a);
    tb = g_thread_new("b", writer_thread, &b);
    test_read_exact(peer, data, total, 30000);
    g_thread_join(ta);
    g_thread_join(tb);
    for (size_t off = 0; off < total; off += RECORD_LEN) {
        char tag = data[off];

        g_assert_true(tag == 'A' || tag == 'B');
        g_assert_true(memcmp(data + off, tag == 'A' ? rec_a : rec_b,
                             RECORD_LEN) == 0);
        *(tag == 'A' ? &na : &nb) += 1;
    }
    g_assert_cmpint(na, ==, RECORDS);
    g_assert_cmpint(nb, ==, RECORDS);
    close(peer);
    g_free(rec_a);
    g_free(rec_b);
    g_free(data);
    test_fe_free(&fe);
    qemu_chr_cleanup();
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    tmpdir = test_mkdtemp();
    g_test_add_func("/chardev/socket/unix-server", test_unix_server);
    g_test_add_func("/chardev/socket/unix-server-queue",
                    test_unix_server_queue);
    g_test_add_func("/chardev/socket/unix-server-wait",
                    test_unix_server_wait);
    g_test_add_func("/chardev/socket/unix-client", test_unix_client);
    g_test_add_func("/chardev/socket/unix-client-reconnect",
                    test_unix_client_reconnect);
    g_test_add_func("/chardev/socket/tcp-server", test_tcp_server);
    g_test_add_func("/chardev/socket/tcp-client", test_tcp_client);
    g_test_add_func("/chardev/socket/tcp-client-reconnect",
                    test_tcp_client_reconnect);
    g_test_add_func("/chardev/socket/inherited-listen-fd",
                    test_inherited_listen_fd);
    g_test_add_func("/chardev/socket/inherited-connected-fd",
                    test_inherited_connected_fd);
    g_test_add_func("/chardev/socket/peer-gone-releases-writer",
                    test_peer_gone_releases_writer);
    g_test_add_func("/chardev/socket/stalled-peer", test_stalled_peer);
    g_test_add_func("/chardev/socket/concurrent-writers",
                    test_concurrent_writers);
    ret = g_test_run();
    test_rmdir(tmpdir);
    return ret;
}
