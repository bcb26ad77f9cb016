/*
 * Character devices: the host side of serial ports, monitors and qtest.
 *
 * A chardev is a backend (stdio, file, null, pty, socket, ...) with at most
 * one front end attached (a UART, a monitor, the qtest server). The front
 * end writes bytes with qemu_chr_fe_write(), from any thread; incoming
 * bytes are delivered on the main-loop thread through the front end's
 * can_receive/receive callbacks, so a front end that is full simply
 * returns 0 from can_receive and calls qemu_chr_fe_accept_input() later.
 *
 * Option syntax follows QEMU:
 *   -chardev stdio,id=x[,signal=on|off]
 *   -chardev file,id=x,path=P[,append=on]
 *   -chardev null,id=x
 *   -chardev pty,id=x
 *   -chardev socket,id=x,path=P|host=H,port=N[,server=on][,wait=off]
 *   and the -serial/-qtest shorthand: stdio, null, none, file:P, pty,
 *   unix:P[,server=on,wait=off], tcp:H:P[,server=on,wait=off], chardev:ID
 */
#ifndef CHARDEV_CHAR_H
#define CHARDEV_CHAR_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/keyval.h"

enum chr_event {
    CHR_EVENT_OPENED,   /* a peer connected (sockets) or the backend opened */
    CHR_EVENT_CLOSED,   /* the peer went away */
};

typedef int chr_can_receive_fn(void *opaque);
typedef void chr_receive_fn(void *opaque, const uint8_t *buf, int len);
typedef void chr_event_fn(void *opaque, enum chr_event event);

struct chardev;

struct chardev *qemu_chr_new_from_opts(struct kv_opts *opts, Error **errp);
/* -serial style spec; label becomes the id ("serial0", "compat_monitor0"). */
struct chardev *qemu_chr_new(const char *label, const char *spec,
                             Error **errp);
struct chardev *qemu_chr_find(const char *id);
const char *qemu_chr_id(const struct chardev *chr);
/* "stdio", "file", "socket", ... as QMP query-chardev reports. */
const char *qemu_chr_backend_name(const struct chardev *chr);
/* QEMU's "filename" string for query-chardev, e.g. "unix:/p,server=on". */
char *qemu_chr_filename(const struct chardev *chr);
bool qemu_chr_is_connected(const struct chardev *chr);
void qemu_chr_foreach(void (*fn)(struct chardev *chr, void *opaque),
                      void *opaque);

/*
 * Attach the front end. Fails (returns -EBUSY) if another is attached.
 * Passing all-NULL callbacks detaches.
 */
int qemu_chr_fe_set_handlers(struct chardev *chr, chr_can_receive_fn *can,
                             chr_receive_fn *recv, chr_event_fn *event,
                             void *opaque);
/*
 * Write all of buf (blocking briefly on a slow reader). Bytes written while
 * no peer is connected are dropped, as on QEMU. Returns len or -errno.
 */
int qemu_chr_fe_write(struct chardev *chr, const uint8_t *buf, int len);
/* The front end has room again: resume delivering input. */
void qemu_chr_fe_accept_input(struct chardev *chr);

/* Destroy every chardev (exit path, tests). */
void qemu_chr_cleanup(void);
/* Restore terminal settings changed by stdio (atexit and signal paths). */
void qemu_chr_restore_terminal(void);

#endif
