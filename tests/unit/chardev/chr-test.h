/*
 * Helpers shared by the chardev tests: a recording front end, main-loop
 * iteration with a deadline, and a scratch directory.
 */
#ifndef TESTS_UNIT_CHARDEV_CHR_TEST_H
#define TESTS_UNIT_CHARDEV_CHR_TEST_H

#include "qemu/osdep.h"
#include "chardev/char.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

/* A front end that records what it receives. */
struct test_fe {
    GByteArray *rx;         /* bytes received */
    int room;               /* what can_receive answers; <0: 4096 */
    int max_chunk;          /* largest single receive() seen */
    int opened;             /* CHR_EVENT_OPENED count */
    int closed;             /* CHR_EVENT_CLOSED count */
    int can_calls;          /* can_receive() calls */
};

static inline int test_fe_can_receive(void *opaque)
{
    struct test_fe *fe = opaque;

    fe->can_calls++;
    return g_atomic_int_get(&fe->room) < 0 ? 4096
                                           : g_atomic_int_get(&fe->room);
}

static inline void test_fe_receive(void *opaque, const uint8_t *buf, int len)
{
    struct test_fe *fe = opaque;
    int room = g_atomic_int_get(&fe->room);

    g_assert_cmpint(len, >, 0);
    if (room >= 0) {
        g_assert_cmpint(len, <=, room);
        g_atomic_int_add(&fe->room, -len);
    }
    fe->max_chunk = MAX(fe->max_chunk, len);
    g_byte_array_append(fe->rx, buf, len);
}

static inline void test_fe_event(void *opaque, enum chr_event event)
{
    struct test_fe *fe = opaque;

    if (event == CHR_EVENT_OPENED) {
        fe->opened++;
    } else {
        fe->closed++;
    }
}

static inline void test_fe_init(struct test_fe *fe)
{
    memset(fe, 0, sizeof(*fe));
    fe->rx = g_byte_array_new();
    fe->room = -1;
}

static inline void test_fe_attach(struct test_fe *fe, struct chardev *chr)
{
    g_assert_cmpint(qemu_chr_fe_set_handlers(chr, test_fe_can_receive,
                                             test_fe_receive, test_fe_event,
                                             fe), ==, 0);
}

static inline void test_fe_free(struct test_fe *fe)
{
    g_byte_array_free(fe->rx, TRUE);
}

static inline gboolean test_deadline_cb(gpointer opaque)
{
    *(bool *)opaque = true;
    return G_SOURCE_REMOVE;
}

/*
 * Iterate the default main context until cond(opaque) holds or ms pass.
 * Returns the final value of cond.
 */
static inline bool test_iterate_until(bool (*cond)(void *), void *opaque,
                                      int ms)
{
    bool expired = false;
    guint tag = g_timeout_add(ms, test_deadline_cb, &expired);

    while (!cond(opaque) && !expired) {
        g_main_context_iteration(NULL, TRUE);
    }
    if (!expired) {
        g_source_remove(tag);
    }
    return cond(opaque);
}

/* Run the main loop for ms, whatever happens. */
static inline void test_iterate_for(int ms)
{
    bool expired = false;

    g_timeout_add(ms, test_deadline_cb, &expired);
    while (!expired) {
        g_main_context_iteration(NULL, TRUE);
    }
}

struct test_rx_wait {
    struct test_fe *fe;
    guint len;
};

static inline bool test_rx_has(void *opaque)
{
    struct test_rx_wait *w = opaque;

    return w->fe->rx->len >= w->len;
}

/* Wait until fe has received at least len bytes in total. */
static inline bool test_wait_rx(struct test_fe *fe, guint len, int ms)
{
    struct test_rx_wait w = { fe, len };

    return test_iterate_until(test_rx_has, &w, ms);
}

static inline bool test_fe_opened(void *opaque)
{
    return ((struct test_fe *)opaque)->opened > 0;
}

static inline bool test_fe_closed(void *opaque)
{
    return ((struct test_fe *)opaque)->closed > 0;
}

/* read() exactly len bytes from a (possibly non-blocking) fd, or fail. */
static inline void test_read_exact(int fd, void *buf, size_t len, int ms)
{
    uint8_t *p = buf;
    gint64 end = g_get_monotonic_time() + ms * 1000LL;

    while (len > 0) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        ssize_t n;

        g_assert_cmpint(g_get_monotonic_time(), <, end);
        if (poll(&pfd, 1, 100) <= 0) {
            continue;
        }
        n = read(fd, p, len);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            continue;
        }
        g_assert_cmpint(n, >, 0);
        p += n;
        len -= n;
    }
}

static inline void test_write_all(int fd, const void *buf, size_t len)
{
    g_assert_cmpint(write(fd, buf, len), ==, (ssize_t)len);
}

/* A fresh directory under $TMPDIR; remove it with test_rmdir(). */
static inline char *test_mkdtemp(void)
{
    char *dir = g_dir_make_tmp("chardev-test-XXXXXX", NULL);

    g_assert_nonnull(dir);
    return dir;
}

static inline void test_rmdir(char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, name, NULL);

        unlink(p);
        g_free(p);
    }
    if (d) {
        g_dir_close(d);
    }
    rmdir(dir);
    g_free(dir);
}

/* Create a chardev from a -chardev string; must succeed. */
static inline struct chardev *test_chr_create(const char *str)
{
    Error *err = NULL;
    struct kv_opts *opts = kv_parse(str, "backend", &err);
    struct chardev *chr;

    g_assert_null(err);
    chr = qemu_chr_new_from_opts(opts, &err);
    if (err) {
        g_printerr("%s: %s\n", str, error_get_pretty(err));
    }
    g_assert_null(err);
    g_assert_nonnull(chr);
    kv_free(opts);
    return chr;
}

/* A non-blocking UNIX client connect (queues in the listen backlog). */
static inline int test_unix_connect(const char *path)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    g_strlcpy(un.sun_path, path, sizeof(un.sun_path));
    g_assert_cmpint(connect(fd, (struct sockaddr *)&un, sizeof(un)), ==, 0);
    return fd;
}

static inline int test_unix_listen(const char *path)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    g_strlcpy(un.sun_path, path, sizeof(un.sun_path));
    g_assert_cmpint(bind(fd, (struct sockaddr *)&un, sizeof(un)), ==, 0);
    g_assert_cmpint(listen(fd, 4), ==, 0);
    return fd;
}

#endif
