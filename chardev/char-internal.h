/*
 * Character devices: what the backends share with the core (chardev/char.c).
 *
 * Threads: a writer (any thread) holds chr->lock for a whole
 * qemu_chr_fe_write(); it guards the out_* fields and peer_gone. A backend
 * changes the output fd only through chr_set_output(), so a writer never
 * sees a closed fd; before that it wakes a writer stuck on a dead peer
 * (shutdown(), HUP). "connected" is atomic and the filename has its own
 * short lock, so asking either never waits for a slow writer. Everything
 * else belongs to the main-loop thread.
 */
#ifndef CHARDEV_CHAR_INTERNAL_H
#define CHARDEV_CHAR_INTERNAL_H

#include "chardev/char.h"

struct chr_input;

struct chardev_backend {
    const char *name;           /* the -chardev backend name */
    size_t instance_size;       /* a struct embedding struct chardev first */
    const char *const *opts;    /* option names it takes, NULL-terminated */
    /* Consume every option the backend knows, then open it (main thread). */
    int (*open)(struct chardev *chr, struct kv_opts *opts, Error **errp);
    /* Release the backend's resources; input and output are gone already. */
    void (*close)(struct chardev *chr);
    /* The input fd reached EOF, HUP or an error (main thread). */
    void (*input_closed)(struct chardev *chr);
    /* Optional, chr->lock held: may bytes go out now, or be dropped? */
    bool (*can_write_locked)(struct chardev *chr);
    /*
     * Optional, for chardevs layered on another one (mux): they replace
     * the core's front-end attach and write paths entirely.
     */
    int (*fe_set_handlers)(struct chardev *chr, chr_can_receive_fn *can,
                           chr_receive_fn *recv, chr_event_fn *event,
                           void *opaque);
    int (*fe_write)(struct chardev *chr, const uint8_t *buf, int len);
};

struct chardev {
    char *id;                           /* the label */
    const struct chardev_backend *be;

    GMutex lock;                        /* writers; out_*, peer_gone */
    int out_fd;                         /* writes go here; -1 drops them */
    bool out_is_socket;                 /* send(MSG_NOSIGNAL), not write() */
    bool out_stalled;                   /* last write timed out: don't wait */
    bool peer_gone;                     /* a writer saw EPIPE/ECONNRESET */
    int log_fd;                         /* logfile=, or -1 */

    int connected;                      /* atomic: a peer is there */
    GMutex filename_lock;               /* guards filename */
    char *filename;                     /* query-chardev "filename" */

    /* Main-loop thread only. */
    struct chr_input *input;            /* the fd being read, or NULL */
    chr_can_receive_fn *fe_can_receive; /* the attached front end ... */
    chr_receive_fn *fe_receive;
    chr_event_fn *fe_event;
    void *fe_opaque;
    bool fe_attached;
};

extern const struct chardev_backend chr_backend_stdio;
extern const struct chardev_backend chr_backend_file;
extern const struct chardev_backend chr_backend_null;
extern const struct chardev_backend chr_backend_pty;
extern const struct chardev_backend chr_backend_socket;
extern const struct chardev_backend chr_backend_mux;

/* A mux named label over base, which it attaches to (char-mux.c). */
struct chardev *chr_mux_new(const char *label, struct chardev *base,
                            Error **errp);

/*
 * Register a chardev that no -chardev option created (the mux): allocate
 * be->instance_size bytes, name it id, add it to the list. NULL (with
 * errp) if the id is taken.
 */
struct chardev *chr_new_internal(const char *id,
                                 const struct chardev_backend *be,
                                 Error **errp);

/* Replace the output fd (-1: drop writes); waits for a running writer. */
void chr_set_output(struct chardev *chr, int fd, bool is_socket);
/* A peer came or went (what qemu_chr_is_connected() reports). */
void chr_set_connected(struct chardev *chr, bool connected);
/* Replace the query-chardev filename; takes ownership of filename. */
void chr_set_filename(struct chardev *chr, char *filename);

/*
 * Start reading fd on the main loop (replacing any previous input). With
 * watch_hup, HUP/ERR are noticed even while the front end is full or absent
 * (sockets); otherwise the fd is not polled at all then.
 */
void chr_input_start(struct chardev *chr, int fd, bool watch_hup);
void chr_input_stop(struct chardev *chr);

/* Send an event to the front end, if one is attached (main thread). */
void chr_be_event(struct chardev *chr, enum chr_event event);

/* Write all of buf to a blocking or non-blocking fd; 0 or -errno. */
int chr_write_full_fd(int fd, const void *buf, size_t len);

/*
 * Tests: how long a writer waits for a peer that reads nothing before it
 * starts dropping bytes (default CHR_WRITE_STALL_MS).
 */
#define CHR_WRITE_STALL_MS 5000
void chr_set_write_stall_ms(int ms);

#endif
