/*
 * The pty backend: a pseudo-terminal whose slave side the user opens.
 *
 *   -chardev pty,id=x[,path=LINK]
 *
 * As QEMU 7.2, it prints "char device redirected to /dev/pts/N (label x)" on
 * stdout (libvirt shows that line in its log; it takes the path itself from
 * query-chardev's "pty:/dev/pts/N"). path= (newer QEMU) adds a symlink to
 * the slave, removed again at exit.
 *
 * Connected means some process has the slave open: the master polls HUP
 * otherwise. While connected, HUP is watched on the main loop; while not,
 * a timer looks again every PTY_POLL_MS (QEMU polls once a second). Bytes
 * written while nobody has the slave open are dropped, not buffered.
 */
#include "qemu/osdep.h"
#include "chardev/char-internal.h"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>

#define PTY_POLL_MS 500

struct pty_chardev {
    struct chardev chr;
    int master;                 /* our side, non-blocking */
    char *slave_path;           /* /dev/pts/N */
    char *link_path;            /* path=, or NULL */
    guint timer;                /* reconnection poll, 0 while connected */
    bool connected;             /* main thread's view */
};

/* Nobody has the slave open iff the master reports HUP. */
static bool pty_slave_open(int master)
{
    struct pollfd pfd = { .fd = master, .events = POLLOUT };

    return poll(&pfd, 1, 0) >= 0 && !(pfd.revents & (POLLHUP | POLLNVAL));
}

static gboolean pty_poll_timer(gpointer opaque);

static void pty_set_state(struct pty_chardev *p, bool connected)
{
    struct chardev *chr = &p->chr;

    if (connected) {
        if (p->timer) {
            g_source_remove(p->timer);
            p->timer = 0;
        }
        chr_input_start(chr, p->master, true);
    } else {
        chr_input_stop(chr);
        if (!p->timer) {
            p->timer = g_timeout_add(PTY_POLL_MS, pty_poll_timer, p);
        }
    }
    if (connected == p->connected) {
        return;
    }
    p->connected = connected;
    chr_set_connected(chr, connected);
    chr_be_event(chr, connected ? CHR_EVENT_OPENED : CHR_EVENT_CLOSED);
}

static gboolean pty_poll_timer(gpointer opaque)
{
    struct pty_chardev *p = opaque;

    if (pty_slave_open(p->master)) {
        p->timer = 0;
        pty_set_state(p, true);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static void pty_input_closed(struct chardev *chr)
{
    pty_set_state(container_of(chr, struct pty_chardev, chr), false);
}

/* Writers ask the kernel directly: the main thread may not know yet. */
static bool pty_can_write_locked(struct chardev *chr)
{
    struct pty_chardev *p = container_of(chr, struct pty_chardev, chr);

    if (!pty_slave_open(p->master)) {
        return false;
    }
    chr->peer_gone = false;
    return true;
}

/* A master whose slave side is raw (no echo, no CR/LF games). */
static int pty_create(struct pty_chardev *p, Error **errp)
{
    struct termios tty;
    char name[64];
    int slave;

    p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (p->master < 0) {
        error_setg_errno(errp, errno, "Failed to create PTY");
        return -errno;
    }
    if (grantpt(p->master) < 0 || unlockpt(p->master) < 0 ||
        ptsname_r(p->master, name, sizeof(name)) != 0) {
        error_setg_errno(errp, errno, "Failed to create PTY");
        goto fail;
    }
    slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) {
        error_setg_errno(errp, errno, "Failed to open PTY slave '%s'", name);
        goto fail;
    }
    if (tcgetattr(slave, &tty) == 0) {
        cfmakeraw(&tty);
        tcsetattr(slave, TCSAFLUSH, &tty);
    }
    /* Closing it makes the master poll HUP until someone opens it. */
    close(slave);
    fcntl(p->master, F_SETFL, fcntl(p->master, F_GETFL) | O_NONBLOCK);
    p->slave_path = g_strdup(name);
    return 0;

fail:
    close(p->master);
    return -EIO;
}

static int pty_open(struct chardev *chr, struct kv_opts *opts, Error **errp)
{
    struct pty_chardev *p = container_of(chr, struct pty_chardev, chr);
    const char *link = kv_get(opts, "path");

    if (pty_create(p, errp) < 0) {
        return -EIO;
    }
    if (link) {
        unlink(link);
        if (symlink(p->slave_path, link) < 0) {
            error_setg_errno(errp, errno, "Failed to create PTY symlink "
                             "'%s'", link);
            close(p->master);
            g_free(p->slave_path);
            return -EIO;
        }
        p->link_path = g_strdup(link);
    }
    /* QEMU 7.2 uses qemu_printf(): stdout when no monitor is current. */
    fprintf(qemu_chr_info_stream(), "char device redirected to %s (label "
            "%s)\n", p->slave_path, chr->id);
    fflush(qemu_chr_info_stream());
    chr_set_filename(chr, g_strdup_printf("pty:%s", p->slave_path));
    chr_set_output(chr, p->master, false);
    pty_set_state(p, pty_slave_open(p->master));
    return 0;
}

static void pty_close(struct chardev *chr)
{
    struct pty_chardev *p = container_of(chr, struct pty_chardev, chr);

    if (p->timer) {
        g_source_remove(p->timer);
    }
    chr_set_output(chr, -1, false);
    close(p->master);
    if (p->link_path) {
        unlink(p->link_path);
        g_free(p->link_path);
    }
    g_free(p->slave_path);
}

static const char *const pty_opts[] = { "path", NULL };

const struct chardev_backend chr_backend_pty = {
    .name = "pty",
    .instance_size = sizeof(struct pty_chardev),
    .opts = pty_opts,
    .open = pty_open,
    .close = pty_close,
    .input_closed = pty_input_closed,
    .can_write_locked = pty_can_write_locked,
};
