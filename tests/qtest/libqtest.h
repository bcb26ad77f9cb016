/*
 * libqtest: drive qemu-system-x86_64 (splitvm or QEMU) from a GLib test.
 *
 * The binary named by QTEST_QEMU_BINARY is started the way QEMU's own
 * libqtest starts it:
 *   exec $QTEST_QEMU_BINARY -qtest unix:SOCK -qtest-log /dev/null|/dev/fd/2
 *        -chardev socket,path=QMPSOCK,id=char0 -mon chardev=char0,mode=control
 *        -display none -audio none EXTRA_ARGS -accel qtest
 * through /bin/sh (so EXTRA_ARGS is word-split), with both sockets
 * listening here before the child starts. QTEST_LOG=1 sends the qtest log
 * to stderr. The function names and semantics follow QEMU's libqtest so a
 * test reads the same; QMP values are json-glib objects instead of QDicts.
 *
 * Every helper asserts on protocol errors (a FAIL reply, a dead process),
 * which fails the running test case. qtest_raw() is the exception: it
 * returns the reply, for tests of the protocol itself.
 */
#ifndef LIBQTEST_H
#define LIBQTEST_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct QTestState QTestState;

/* Start the VMM, connect qtest and QMP, negotiate QMP capabilities. */
QTestState *qtest_init(const char *extra_args);
QTestState *qtest_initf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Same launch, but the QMP greeting is left unread (QMP tests). */
QTestState *qtest_init_without_qmp_handshake(const char *extra_args);
/*
 * splitvm extension: no -chardev/-mon at all, for tests of the qtest
 * protocol that must not depend on the monitor.
 */
QTestState *qtest_init_without_qmp(const char *extra_args);
/* SIGTERM, wait, and check the exit status (0 unless told otherwise). */
void qtest_quit(QTestState *s);
void qtest_set_expected_status(QTestState *s, int status);
/*
 * Wait (up to timeout_ms) for the VMM to exit by itself; returns its
 * wait status, or -1 on timeout. qtest_quit afterwards only cleans up.
 */
int qtest_wait_exit(QTestState *s, int timeout_ms);
/* The VMM's process id. */
int qtest_pid(QTestState *s);

/* "x86_64": text after the last '-' of QTEST_QEMU_BINARY. */
const char *qtest_get_arch(void);
/* g_test_add_func under "/<arch>/<path>". */
void qtest_add_func(const char *path, void (*fn)(void));
void qtest_add_data_func(const char *path, const void *data,
                         void (*fn)(const void *));

/* ---- qtest protocol ---- */
void qtest_outb(QTestState *s, uint16_t addr, uint8_t value);
void qtest_outw(QTestState *s, uint16_t addr, uint16_t value);
void qtest_outl(QTestState *s, uint16_t addr, uint32_t value);
uint8_t qtest_inb(QTestState *s, uint16_t addr);
uint16_t qtest_inw(QTestState *s, uint16_t addr);
uint32_t qtest_inl(QTestState *s, uint16_t addr);
void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value);
void qtest_writew(QTestState *s, uint64_t addr, uint16_t value);
void qtest_writel(QTestState *s, uint64_t addr, uint32_t value);
void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value);
uint8_t qtest_readb(QTestState *s, uint64_t addr);
uint16_t qtest_readw(QTestState *s, uint64_t addr);
uint32_t qtest_readl(QTestState *s, uint64_t addr);
uint64_t qtest_readq(QTestState *s, uint64_t addr);
/* "read"/"write": hex encoded. */
void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_memwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size);
/* "b64read"/"b64write": base64 encoded. */
void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size);
void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern,
                  size_t size);

/* Virtual clock; each returns the new time in ns. */
int64_t qtest_clock_step_next(QTestState *s);
int64_t qtest_clock_step(QTestState *s, int64_t step);
int64_t qtest_clock_set(QTestState *s, int64_t val);

/* IRQ lines of one device (QOM path or partial path). */
void qtest_irq_intercept_in(QTestState *s, const char *path);
void qtest_irq_intercept_out(QTestState *s, const char *path);
void qtest_irq_intercept_out_named(QTestState *s, const char *path,
                                   const char *name);
/* Level of pin num as last reported (flushes pending reports first). */
bool qtest_get_irq(QTestState *s, int num);
void qtest_set_irq_in(QTestState *s, const char *path, const char *name,
                      int num, int level);
/*
 * splitvm extension: the "IRQ raise N"/"IRQ lower N" lines received since
 * the last call, in order, as one string joined by '\n' ("" if none).
 * g_free it.
 */
char *qtest_irq_events(QTestState *s);

/*
 * Send one request line and return its reply line (without '\n'), any
 * "IRQ" lines before it being consumed as usual. g_free it.
 */
char *qtest_raw(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Send raw bytes on the qtest socket (may be partial lines). */
void qtest_send_bytes(QTestState *s, const void *buf, size_t len);
/* Read one reply line as qtest_raw does. g_free it. */
char *qtest_recv_line(QTestState *s);

/* ---- QMP ---- */
/*
 * Send a command (printf format, QEMU-style single quotes allowed) and
 * return the reply object; events met on the way are queued.
 * json_object_unref the result.
 */
JsonObject *qtest_qmp(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* Send without waiting; collect the reply with qtest_qmp_receive. */
void qtest_qmp_send(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Send raw bytes on the QMP socket. */
void qtest_qmp_send_raw(QTestState *s, const char *text);
/* Next non-event message. */
JsonObject *qtest_qmp_receive(QTestState *s);
/* Next message of any kind (events included), in arrival order. */
JsonObject *qtest_qmp_receive_any(QTestState *s);
/* Wait for an event by name (queued ones first); returns it. */
JsonObject *qtest_qmp_eventwait_ref(QTestState *s, const char *event);
void qtest_qmp_eventwait(QTestState *s, const char *event);
/* A queued event of that name, or NULL (does not read). */
JsonObject *qtest_qmp_event_ref(QTestState *s, const char *event);
/* The command must succeed; returns nothing. */
void qtest_qmp_assert_success(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* human-monitor-command; returns the output. g_free it. */
char *qtest_hmp(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* system_reset and wait for RESET. */
void qtest_system_reset(QTestState *s);

#endif
