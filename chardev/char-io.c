/*
 * Character devices: the byte paths shared by every fd-based backend.
 *
 * Output: qemu_chr_fe_write() runs on any thread (vCPUs, main loop) and
 * holds chr->lock for the whole buffer, so concurrent writers never
 * interleave inside one call. It loops over partial writes and EAGAIN,
 * waiting with poll(); a peer that is gone (EPIPE, ECONNRESET, HUP) makes
 * it drop the rest, and a peer that reads nothing for
 * CHR_WRITE_STALL_MS makes it drop the rest and stop waiting until the
 * peer drains something again.
 *
 * Input: a GSource on the default main context asks the front end's
 * can_receive before every poll; while it says 0 the fd is not polled for
 * input at all, so the bytes stay in the kernel (backpressure up to the
 * peer). qemu_chr_fe_accept_input() only has to wake the main loop.
 */
#include "qemu/osdep.h"
#include "chardev/char-internal.h"

#include <poll.h>
#include <sys/socket.h>

#define CHR_READ_CHUNK 4096

static int chr_write_stall_ms = CHR_WRITE_STALL_MS;

void chr_set_write_stall_ms(int ms)
{
    g_atomic_int_set(&chr_write_stall_ms, ms);
}

/* ------------------------------------------------------------------ */
/* Output                                                             */

int chr_write_full_fd(int fd, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };

            poll(&pfd, 1, -1);
            continue;
        }
        if (n <= 0) {
            return n < 0 ? -errno : -EIO;
        }
        p += n;
        len -= n;
    }
    return 0;
}

static void chr_mark_peer_gone_locked(struct chardev *chr)
{
    chr->peer_gone = true;
    /* The input source sees the HUP too; make sure it runs soon. */
    g_main_context_wakeup(NULL);
}

/*
 * Wait until out_fd is writable. *deadline is the end of the current
 * no-progress window (0: not started). Returns false to drop the rest.
 */
static bool chr_wait_writable_locked(struct chardev *chr, gint64 *deadline)
{
    struct pollfd pfd = { .fd = chr->out_fd, .events = POLLOUT };
    gint64 now = g_get_monotonic_time();

    if (chr->out_stalled) {
        return false;
    }
    if (!*deadline) {
        *deadline = now + g_atomic_int_get(&chr_write_stall_ms) * 1000LL;
    }
    for (;;) {
        int timeout = (int)((*deadline - now + 999) / 1000);
        int r;

        if (timeout <= 0) {
            chr->out_stalled = true;
            return false;
        }
        r = poll(&pfd, 1, timeout);
        if (r < 0 && errno == EINTR) {
            now = g_get_monotonic_time();
            continue;
        }
        if (r == 0) {
            chr->out_stalled = true;
            return false;
        }
        if (r > 0 && (pfd.revents & POLLOUT)) {
            return true;
        }
        /* HUP, ERR or NVAL without POLLOUT: nobody will ever read it. */
        chr_mark_peer_gone_locked(chr);
        return false;
    }
}

static bool chr_errno_means_peer_gone(int err)
{
    return err == EPIPE || err == ECONNRESET || err == ENOTCONN ||
           err == EIO;
}

static int chr_write_locked(struct chardev *chr, const uint8_t *buf, int len)
{
    gint64 deadline = 0;
    int done = 0;

    if (chr->out_fd < 0) {
        return len;
    }
    if (chr->be->can_write_locked) {
        if (!chr->be->can_write_locked(chr)) {
            return len;
        }
    } else if (!g_atomic_int_get(&chr->connected) || chr->peer_gone) {
        return len;
    }
    while (done < len) {
        ssize_t n;

        if (chr->out_is_socket) {
            n = send(chr->out_fd, buf + done, len - done, MSG_NOSIGNAL);
        } else {
            n = write(chr->out_fd, buf + done, len - done);
        }
        if (n > 0) {
            done += n;
            chr->out_stalled = false;
            deadline = 0;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n == 0 || errno == EAGAIN || errno == EWOULDBLOCK) {
            if (!chr_wait_writable_locked(chr, &deadline)) {
                break;
            }
            continue;
        }
        if (chr_errno_means_peer_gone(errno)) {
            chr_mark_peer_gone_locked(chr);
            break;
        }
        return -errno;
    }
    return len;
}

int qemu_chr_fe_write(struct chardev *chr, const uint8_t *buf, int len)
{
    int ret;

    if (len < 0) {
        return -EINVAL;
    }
    if (!chr || len == 0) {
        return len;
    }
    if (chr->be->fe_write) {
        return chr->be->fe_write(chr, buf, len);
    }
    g_mutex_lock(&chr->lock);
    if (chr->log_fd >= 0) {
        /* QEMU logs what the front end writes, peer or not. */
        chr_write_full_fd(chr->log_fd, buf, len);
    }
    ret = chr_write_locked(chr, buf, len);
    g_mutex_unlock(&chr->lock);
    return ret;
}

/* ------------------------------------------------------------------ */
/* Input                                                              */

struct chr_input {
    GSource source;
    struct chardev *chr;
    int fd;
    gpointer tag;           /* NULL while the fd is not polled */
    gushort events;         /* what tag polls for */
    bool watch_hup;         /* poll HUP/ERR even while not reading */
};

/* How many bytes the front end takes now (main thread). */
static int chr_can_receive(struct chardev *chr)
{
    if (!chr->fe_attached || !chr->fe_receive) {
        return 0;
    }
    if (!chr->fe_can_receive) {
        return CHR_READ_CHUNK;
    }
    return chr->fe_can_receive(chr->fe_opaque);
}

static void chr_input_poll(struct chr_input *in, gushort want)
{
    if (!want) {
        if (in->tag) {
            g_source_remove_unix_fd(&in->source, in->tag);
            in->tag = NULL;
        }
    } else if (!in->tag) {
        in->tag = g_source_add_unix_fd(&in->source, in->fd, want);
    } else if (in->events != want) {
        g_source_modify_unix_fd(&in->source, in->tag, want);
    }
    in->events = want;
}

static gboolean chr_input_prepare(GSource *source, gint *timeout)
{
    struct chr_input *in = (struct chr_input *)source;
    gushort want = 0;

    *timeout = -1;
    if (chr_can_receive(in->chr) > 0) {
        want = G_IO_IN | G_IO_HUP | G_IO_ERR;
    } else if (in->watch_hup) {
        want = G_IO_HUP | G_IO_ERR;
    }
    chr_input_poll(in, want);
    return FALSE;
}

static gboolean chr_input_dispatch(GSource *source, GSourceFunc cb,
                                   gpointer data)
{
    struct chr_input *in = (struct chr_input *)source;
    struct chardev *chr = in->chr;
    uint8_t buf[CHR_READ_CHUNK];
    GIOCondition revents;
    int room;
    ssize_t n;

    if (!in->tag) {
        return G_SOURCE_CONTINUE;
    }
    revents = g_source_query_unix_fd(source, in->tag);
    if (!(revents & G_IO_IN)) {
        if (revents & (G_IO_HUP | G_IO_ERR | G_IO_NVAL)) {
            chr->be->input_closed(chr);
        }
        return G_SOURCE_CONTINUE;
    }
    room = chr_can_receive(chr);
    if (room <= 0) {
        return G_SOURCE_CONTINUE;
    }
    n = read(in->fd, buf, MIN(room, (int)sizeof(buf)));
    if (n > 0) {
        chr->fe_receive(chr->fe_opaque, buf, n);
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        chr->be->input_closed(chr);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs chr_input_funcs = {
    .prepare = chr_input_prepare,
    .dispatch = chr_input_dispatch,
};

void chr_input_start(struct chardev *chr, int fd, bool watch_hup)
{
    struct chr_input *in;

    chr_input_stop(chr);
    in = (struct chr_input *)g_source_new(&chr_input_funcs, sizeof(*in));
    in->chr = chr;
    in->fd = fd;
    in->watch_hup = watch_hup;
    g_source_set_name(&in->source, "chardev-input");
    g_source_attach(&in->source, NULL);
    chr->input = in;
}

void chr_input_stop(struct chardev *chr)
{
    struct chr_input *in = chr->input;

    if (in) {
        chr->input = NULL;
        g_source_destroy(&in->source);
        g_source_unref(&in->source);
    }
}
