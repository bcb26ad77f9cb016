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
 *   -chardev file,id=x,path=P[,append=on][,input-path=I]
 *   -chardev null,id=x
 *   -chardev pty,id=x[,path=SYMLINK]
 *   -chardev socket,id=x,path=P|host=H,port=N|fd=F[,server=on][,wait=off]
 *            [,reconnect=SECONDS][,to=PORT][,ipv4=on][,ipv6=on][,nodelay=on]
 *   every backend also takes logfile=F[,logappend=on]
 *   and the -serial/-qtest shorthand: stdio, null, none, file:P, pty,
 *   unix:P[,server=on,wait=off], tcp:H:P[,server=on,wait=off], chardev:ID
 *
 * Threads: qemu_chr_fe_write(), qemu_chr_fe_accept_input(), qemu_chr_find()
 * and the query functions are safe from any thread; everything else,
 * including creating chardevs, belongs to the main-loop thread (the one
 * iterating the default GMainContext). docs/devel/chardev.md has more.
 */
#ifndef CHARDEV_CHAR_H
#define CHARDEV_CHAR_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/keyval.h"

enum chr_event {
    CHR_EVENT_OPENED,   /* a peer connected (sockets) or the backend opened */
    CHR_EVENT_CLOSED,   /* the peer went away */
    CHR_EVENT_MUX_IN,   /* mux: this front end now has the input focus */
    CHR_EVENT_MUX_OUT,  /* mux: this front end lost the input focus */
};

typedef int chr_can_receive_fn(void *opaque);
typedef void chr_receive_fn(void *opaque, const uint8_t *buf, int len);
typedef void chr_event_fn(void *opaque, enum chr_event event);

struct chardev;

/*
 * -chardev: opts as kv_parse(arg, "backend", ...) returns them. Unknown
 * keys are errors. A socket server with wait=on blocks here until its
 * first client connects; a socket client connects here.
 */
struct chardev *qemu_chr_new_from_opts(struct kv_opts *opts, Error **errp);
/* "-chardev help": the backends this build implements, QEMU's layout. */
void qemu_chr_print_backends(FILE *f);
/*
 * -serial style spec; label becomes the id ("serial0", "compat_monitor0").
 * "none" returns NULL without an error (no device); "chardev:ID" returns
 * the existing chardev ID; "mon:..." is refused (qemu_chr_new_mux).
 */
struct chardev *qemu_chr_new(const char *label, const char *spec,
                             Error **errp);
/*
 * "mon:SPEC": a multiplexer over the backend SPEC, shared by several front
 * ends (a serial port and an HMP monitor); Ctrl-a c switches between them,
 * as in QEMU. The mux is named label, the backend "label-base". Its front
 * ends get CHR_EVENT_MUX_IN/MUX_OUT when the input focus moves; output
 * from every front end goes to the backend.
 */
struct chardev *qemu_chr_new_mux(const char *label, const char *spec,
                                 Error **errp);
struct chardev *qemu_chr_find(const char *id);
const char *qemu_chr_id(const struct chardev *chr);
/* "stdio", "file", "socket", ...: the -chardev backend name. */
const char *qemu_chr_backend_name(const struct chardev *chr);
/*
 * QEMU's "filename" string for query-chardev, e.g. "unix:/p,server=on",
 * "disconnected:tcp:127.0.0.1:4444,server=on", "pty:/dev/pts/3". g_free it.
 */
char *qemu_chr_filename(const struct chardev *chr);
/* A peer is there: always for stdio/file/null; sockets and pty vary. */
bool qemu_chr_is_connected(const struct chardev *chr);
/* A front end is attached (query-chardev "frontend-open"; main thread). */
bool qemu_chr_has_frontend(const struct chardev *chr);
/* Calls fn for each chardev in creation order. */
void qemu_chr_foreach(void (*fn)(struct chardev *chr, void *opaque),
                      void *opaque);

/*
 * Attach the front end (main thread). Fails (returns -EBUSY) if another
 * one (another opaque) is attached; the same one may change its
 * callbacks. Passing all-NULL callbacks detaches. If the backend is
 * already open, event(CHR_EVENT_OPENED) is called before this returns.
 * A NULL can_receive with a receive callback means "always ready".
 */
int qemu_chr_fe_set_handlers(struct chardev *chr, chr_can_receive_fn *can,
                             chr_receive_fn *recv, chr_event_fn *event,
                             void *opaque);
/*
 * Write all of buf, from any thread; concurrent writes do not interleave.
 * Waits for a slow reader, but bytes written while no peer is connected,
 * after the peer went away, or after it read nothing for a few seconds are
 * dropped (and count as written), as on QEMU. Returns len or -errno (file
 * errors). chr may be NULL ("none"): the bytes are dropped.
 */
int qemu_chr_fe_write(struct chardev *chr, const uint8_t *buf, int len);
/* The front end has room again: resume delivering input (any thread). */
void qemu_chr_fe_accept_input(struct chardev *chr);

/*
 * Destroy every chardev (exit path, tests): main thread, once no other
 * thread writes any more. Server socket files created here are removed.
 */
void qemu_chr_cleanup(void);
/*
 * Restore terminal settings changed by stdio. Async-signal-safe: call it
 * from the VMM's own fatal-signal handlers. It is also registered with
 * atexit() and on fatal signals whose disposition was still the default.
 */
void qemu_chr_restore_terminal(void);
/*
 * Where notices such as the pty's "char device redirected to ..." go:
 * stdout by default, as QEMU 7.2's qemu_printf() without a current
 * monitor. Tests that speak TAP on stdout point it at stderr.
 */
void qemu_chr_set_info_stream(FILE *f);
FILE *qemu_chr_info_stream(void);

#endif
