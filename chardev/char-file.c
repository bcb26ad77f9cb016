/*
 * The file and null backends.
 *
 *   -chardev file,id=x,path=P[,append=on][,input-path=I]
 *   -chardev null,id=x
 *
 * file writes to P (truncated unless append=on, created 0666 as QEMU
 * does) and, with input-path, feeds the front end the contents of I once.
 */
#include "qemu/osdep.h"
#include "chardev/char-internal.h"

#include <fcntl.h>

struct file_chardev {
    struct chardev chr;
    int out_fd;             /* path= */
    int in_fd;              /* input-path=, or -1 */
};

static int file_open_fd(const char *path, int flags, Error **errp)
{
    int fd = open(path, flags | O_CLOEXEC, 0666);

    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", path);
    }
    return fd;
}

static int file_open(struct chardev *chr, struct kv_opts *opts, Error **errp)
{
    struct file_chardev *f = container_of(chr, struct file_chardev, chr);
    const char *path = kv_get(opts, "path");
    const char *in_path = kv_get(opts, "input-path");
    bool append = false;

    if (kv_get_bool(opts, "append", &append, errp) < 0) {
        return -EINVAL;
    }
    if (!path) {
        error_setg(errp, "chardev: file: no filename given");
        return -EINVAL;
    }
    f->in_fd = -1;
    f->out_fd = file_open_fd(path, O_WRONLY | O_CREAT |
                             (append ? O_APPEND : O_TRUNC), errp);
    if (f->out_fd < 0) {
        return -EIO;
    }
    if (in_path) {
        f->in_fd = file_open_fd(in_path, O_RDONLY | O_NONBLOCK, errp);
        if (f->in_fd < 0) {
            close(f->out_fd);
            return -EIO;
        }
    }
    chr_set_output(chr, f->out_fd, false);
    chr_set_connected(chr, true);
    chr_set_filename(chr, g_strdup("file"));
    if (f->in_fd >= 0) {
        chr_input_start(chr, f->in_fd, false);
    }
    return 0;
}

/* End of input-path: nothing more will come. */
static void file_input_closed(struct chardev *chr)
{
    chr_input_stop(chr);
}

static void file_close(struct chardev *chr)
{
    struct file_chardev *f = container_of(chr, struct file_chardev, chr);

    chr_set_output(chr, -1, false);
    close(f->out_fd);
    if (f->in_fd >= 0) {
        close(f->in_fd);
    }
}

static const char *const file_opts[] = {
    "path", "append", "input-path", NULL,
};

const struct chardev_backend chr_backend_file = {
    .name = "file",
    .instance_size = sizeof(struct file_chardev),
    .opts = file_opts,
    .open = file_open,
    .close = file_close,
    .input_closed = file_input_closed,
};

/* null: always "connected", every byte dropped, never any input. */
static int null_open(struct chardev *chr, struct kv_opts *opts, Error **errp)
{
    chr_set_connected(chr, true);
    chr_set_filename(chr, g_strdup("null"));
    return 0;
}

const struct chardev_backend chr_backend_null = {
    .name = "null",
    .instance_size = sizeof(struct chardev),
    .open = null_open,
};
