/*
 * The front-end contract: can_receive backpressure, accept_input from
 * another thread, OPENED/CLOSED events and exclusive attachment. The
 * chardev is a socket on one end of a socketpair (fd=), the test holds
 * the other end.
 */
#include "chr-test.h"

#include <sys/ioctl.h>

struct pair {
    struct chardev *chr;
    int chr_fd;             /* the end the chardev owns */
    int peer;               /* the test's end */
};

static void pair_open(struct pair *p)
{
    int sv[2];
    char *str;

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
                    ==, 0);
    p->chr_fd = sv[0];
    p->peer = sv[1];
    str = g_strdup_printf("socket,id=fe,fd=%d", sv[0]);
    p->chr = test_chr_create(str);
    g_free(str);
}

static void pair_close(struct pair *p)
{
    close(p->peer);
    qemu_chr_cleanup();
}

/* Bytes still in the kernel on the chardev's side. */
static int pending(struct pair *p)
{
    int n = -1;

    g_assert_cmpint(ioctl(p->chr_fd, FIONREAD, &n), ==, 0);
    return n;
}

static void test_backpressure(void)
{
    struct pair p;
    struct test_fe fe;

    pair_open(&p);
    test_fe_init(&fe);
    fe.room = 0;
    test_fe_attach(&fe, p.chr);
    test_write_all(p.peer, "0123456789abcdefghij", 20);
    test_iterate_for(100);
    g_assert_cmpuint(fe.rx->len, ==, 0);
    /* Asked, but the loop sleeps instead of spinning on a readable fd. */
    g_assert_cmpint(fe.can_calls, >, 0);
    g_assert_cmpint(fe.can_calls, <, 20);
    g_assert_cmpint(pending(&p), ==, 20);      /* left in the socket */

    /* Room for 7: exactly 7 arrive, in chunks no larger than the room. */
    g_atomic_int_set(&fe.room, 7);
    qemu_chr_fe_accept_input(p.chr);
    g_assert_true(test_wait_rx(&fe, 7, 2000));
    test_iterate_for(50);
    g_assert_cmpuint(fe.rx->len, ==, 7);
    g_assert_cmpint(pending(&p), ==, 13);

    /* Room given back one byte at a time. */
    for (int i = 0; i < 3; i++) {
        g_atomic_int_set(&fe.room, 1);
        qemu_chr_fe_accept_input(p.chr);
        g_assert_true(test_wait_rx(&fe, 8 + i, 2000));
    }
    g_assert_cmpint(fe.max_chunk, <=, 7);
    g_atomic_int_set(&fe.room, -1);
    qemu_chr_fe_accept_input(p.chr);
    g_assert_true(test_wait_rx(&fe, 20, 2000));
    g_assert_cmpmem(fe.rx->data, fe.rx->len, "0123456789abcdefghij", 20);
    test_fe_free(&fe);
    pair_close(&p);
}

struct resumer {
    struct chardev *chr;
    struct test_fe *fe;
};

static gpointer resumer_thread(gpointer opaque)
{
    struct resumer *r = opaque;

    g_usleep(100 * 1000);
    g_atomic_int_set(&r->fe->room, 100);
    qemu_chr_fe_accept_input(r->chr);
    return NULL;
}

/*
 * The main loop sleeps in poll() without the fd; a vCPU-like thread makes
 * room and calls accept_input: the main loop must wake up and read.
 */
static void test_accept_input_from_thread(void)
{
    struct pair p;
    struct test_fe fe;
    struct resumer r = { .fe = &fe };
    GThread *t;

    pair_open(&p);
    r.chr = p.chr;
    test_fe_init(&fe);
    fe.room = 0;
    test_fe_attach(&fe, p.chr);
    test_write_all(p.peer, "wake", 4);
    test_iterate_for(50);
    g_assert_cmpuint(fe.rx->len, ==, 0);
    t = g_thread_new("resumer", resumer_thread, &r);
    /* The 1.5 s deadline fails the test if nothing wakes the loop. */
    g_assert_true(test_wait_rx(&fe, 4, 1500));
    g_thread_join(t);
    test_fe_free(&fe);
    pair_close(&p);
}

static void test_events(void)
{
    struct pair p;
    struct test_fe fe;

    pair_open(&p);
    g_assert_true(qemu_chr_is_connected(p.chr));
    test_fe_init(&fe);
    test_fe_attach(&fe, p.chr);
    g_assert_cmpint(fe.opened, ==, 1);         /* already open */
    /* Re-setting handlers of the same front end is no new OPENED. */
    test_fe_attach(&fe, p.chr);
    g_assert_cmpint(fe.opened, ==, 1);
    /* The peer leaves while the front end is full: still noticed. */
    g_atomic_int_set(&fe.room, 0);
    close(p.peer);
    p.peer = -1;
    g_assert_true(test_iterate_until(test_fe_closed, &fe, 2000));
    g_assert_cmpint(fe.closed, ==, 1);
    g_assert_false(qemu_chr_is_connected(p.chr));
    test_fe_free(&fe);
    qemu_chr_cleanup();
}

static void test_exclusive(void)
{
    struct pair p;
    struct test_fe one, two;

    pair_open(&p);
    test_fe_init(&one);
    test_fe_init(&two);
    test_fe_attach(&one, p.chr);
    g_assert_cmpint(qemu_chr_fe_set_handlers(p.chr, test_fe_can_receive,
                                             test_fe_receive, test_fe_event,
                                             &two), ==, -EBUSY);
    /* Detached: input is no longer read for anyone. */
    g_assert_cmpint(qemu_chr_fe_set_handlers(p.chr, NULL, NULL, NULL, NULL),
                    ==, 0);
    test_write_all(p.peer, "for two", 7);
    test_iterate_for(50);
    g_assert_cmpuint(one.rx->len, ==, 0);
    test_fe_attach(&two, p.chr);
    g_assert_cmpint(two.opened, ==, 1);
    g_assert_true(test_wait_rx(&two, 7, 2000));
    g_assert_cmpuint(one.rx->len, ==, 0);
    test_fe_free(&one);
    test_fe_free(&two);
    pair_close(&p);
}

static GByteArray *plain_rx;

static void plain_receive(void *opaque, const uint8_t *buf, int len)
{
    g_byte_array_append(plain_rx, buf, len);
}

static bool plain_has_all(void *opaque)
{
    return plain_rx->len >= 5;
}

/* A front end without can_receive takes whatever comes. */
static void test_no_can_receive(void)
{
    struct pair p;

    pair_open(&p);
    plain_rx = g_byte_array_new();
    g_assert_cmpint(qemu_chr_fe_set_handlers(p.chr, NULL, plain_receive,
                                             NULL, NULL), ==, 0);
    test_write_all(p.peer, "plain", 5);
    g_assert_true(test_iterate_until(plain_has_all, NULL, 2000));
    g_assert_cmpmem(plain_rx->data, plain_rx->len, "plain", 5);
    g_byte_array_free(plain_rx, TRUE);
    pair_close(&p);
}

/* A front end may write from its receive callback (echo, replies). */
static struct chardev *echo_chr;

static void echo_receive(void *opaque, const uint8_t *buf, int len)
{
    g_assert_cmpint(qemu_chr_fe_write(echo_chr, buf, len), ==, len);
}

static void test_write_from_receive(void)
{
    struct pair p;
    char buf[4];

    pair_open(&p);
    echo_chr = p.chr;
    g_assert_cmpint(qemu_chr_fe_set_handlers(p.chr, NULL, echo_receive,
                                             NULL, NULL), ==, 0);
    test_write_all(p.peer, "echo", 4);
    for (int i = 0; i < 20; i++) {
        g_main_context_iteration(NULL, FALSE);
        g_usleep(5000);
    }
    test_read_exact(p.peer, buf, 4, 2000);
    g_assert_cmpmem(buf, 4, "echo", 4);
    pair_close(&p);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/chardev/frontend/backpressure", test_backpressure);
    g_test_add_func("/chardev/frontend/accept-input-from-thread",
                    test_accept_input_from_thread);
    g_test_add_func("/chardev/frontend/events", test_events);
    g_test_add_func("/chardev/frontend/exclusive", test_exclusive);
    g_test_add_func("/chardev/frontend/no-can-receive", test_no_can_receive);
    g_test_add_func("/chardev/frontend/write-from-receive",
                    test_write_from_receive);
    return g_test_run();
}
