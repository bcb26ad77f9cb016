/*
 * Helpers shared by the device tests: port I/O as a vCPU does it, an
 * interrupt line that records its level, run-state events, chardev
 * creation, a scratch directory and a clean slate between tests.
 */
#ifndef TESTS_UNIT_HW_HW_TEST_H
#define TESTS_UNIT_HW_HW_TEST_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "chardev/char.h"
#include "hw/core/device.h"
#include "sysemu/runstate.h"

/* ---- port I/O ---- */

static inline uint8_t inb(uint16_t port)
{
    return address_space_read(&address_space_io, port, 1);
}

static inline uint16_t inw(uint16_t port)
{
    return address_space_read(&address_space_io, port, 2);
}

static inline uint32_t inl(uint16_t port)
{
    return address_space_read(&address_space_io, port, 4);
}

static inline void outb(uint16_t port, uint8_t v)
{
    address_space_write(&address_space_io, port, v, 1);
}

static inline void outw(uint16_t port, uint16_t v)
{
    address_space_write(&address_space_io, port, v, 2);
}

static inline void outl(uint16_t port, uint32_t v)
{
    address_space_write(&address_space_io, port, v, 4);
}

/* ---- a recording interrupt line ---- */

struct irq_rec {
    int level;      /* last level set */
    int raises;     /* 0 -> 1 transitions */
    int lowers;     /* 1 -> 0 transitions */
};

static inline void irq_rec_handler(void *opaque, int n, int level)
{
    struct irq_rec *r = opaque;

    if (level && !r->level) {
        r->raises++;
    } else if (!level && r->level) {
        r->lowers++;
    }
    r->level = level;
}

/* A line for output GPIO name/n of dev that records into r. */
static inline void irq_rec_connect(struct irq_rec *r, struct device *dev,
                                   const char *name, int n)
{
    static GPtrArray *lines;    /* freed never: tests are short-lived */

    if (!lines) {
        lines = g_ptr_array_new();
    }
    *r = (struct irq_rec){ 0 };
    qemu_irq line = qemu_allocate_irq(irq_rec_handler, r, n);
    g_ptr_array_add(lines, line);
    device_connect_gpio_out_named(dev, name, n, line);
}

/* ---- run-state events ---- */

struct rs_events {
    int resets;                 /* "RESET" events */
    int shutdowns;              /* "SHUTDOWN" events */
    enum shutdown_cause cause;  /* cause of the last one */
};

static struct rs_events rs_events;

static inline void rs_listener(const char *event, bool has_cause,
                               enum shutdown_cause cause, void *opaque)
{
    if (!strcmp(event, "RESET")) {
        rs_events.resets++;
    } else if (!strcmp(event, "SHUTDOWN")) {
        rs_events.shutdowns++;
    }
    if (has_cause) {
        rs_events.cause = cause;
    }
}

/* Carry out pending requests and return what happened since last time. */
static inline struct rs_events rs_take(void)
{
    static bool registered;
    struct rs_events e;

    if (!registered) {
        runstate_add_event_listener(rs_listener, NULL);
        registered = true;
    }
    runstate_process_requests();
    e = rs_events;
    rs_events = (struct rs_events){ 0 };
    return e;
}

/* ---- chardevs and files ---- */

static inline struct chardev *hw_test_chardev(const char *fmt, ...)
    QEMU_PRINTF(1, 2);
static inline struct chardev *hw_test_chardev(const char *fmt, ...)
{
    Error *err = NULL;
    va_list ap;
    char *str;
    struct kv_opts *opts;
    struct chardev *chr;

    va_start(ap, fmt);
    str = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    opts = kv_parse(str, "backend", &err);
    g_assert_null(err);
    chr = qemu_chr_new_from_opts(opts, &err);
    if (err) {
        g_printerr("%s: %s\n", str, error_get_pretty(err));
    }
    g_assert_null(err);
    g_assert_nonnull(chr);
    kv_free(opts);
    g_free(str);
    return chr;
}

static inline char *hw_test_read_file(const char *path)
{
    char *data = NULL;

    g_assert_true(g_file_get_contents(path, &data, NULL, NULL));
    return data;
}

/* Remove a scratch directory and the files in it; frees dir. */
static inline void hw_test_rmdir(char *dir)
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

static inline gboolean hw_test_deadline_cb(gpointer opaque)
{
    *(bool *)opaque = true;
    return G_SOURCE_REMOVE;
}

/* Iterate the main context until cond(opaque) or ms pass. */
static inline bool hw_test_wait(bool (*cond)(void *), void *opaque, int ms)
{
    bool expired = false;
    guint tag = g_timeout_add(ms, hw_test_deadline_cb, &expired);

    while (!cond(opaque) && !expired) {
        g_main_context_iteration(NULL, TRUE);
    }
    if (!expired) {
        g_source_remove(tag);
    }
    return cond(opaque);
}

/* Let pending main-loop work (chardev input) run for a moment. */
static inline void hw_test_settle(int ms)
{
    bool expired = false;

    g_timeout_add(ms, hw_test_deadline_cb, &expired);
    while (!expired) {
        g_main_context_iteration(NULL, TRUE);
    }
}

/* ---- devices ---- */

/* new + set "k=v" pairs + realize; returns NULL and *errp on failure. */
static inline struct device *hw_test_create(const char *type, Error **errp,
                                            ...)
{
    struct device *dev = device_new(type, errp);
    const char *kv;
    va_list ap;

    g_assert_nonnull(dev);
    va_start(ap, errp);
    while ((kv = va_arg(ap, const char *))) {
        char **p = g_strsplit(kv, "=", 2);

        g_assert_cmpint(device_set_prop(dev, p[0], p[1], NULL), ==, 0);
        g_strfreev(p);
    }
    va_end(ap);
    if (device_realize(dev, errp) < 0) {
        return NULL;
    }
    return dev;
}

/* Everything back to nothing: devices, regions, RAM, chardevs, clock. */
static inline void hw_test_clean(void)
{
    devices_destroy_all();
    address_space_clear(&address_space_io);
    address_space_clear(&address_space_memory);
    qemu_chr_cleanup();
    qemu_clock_virtual_set_manual(true);
    rs_take();
}

static inline void hw_test_run(gconstpointer fn)
{
    hw_test_clean();
    ((void (*)(void))fn)();
    hw_test_clean();
}

/* Every test starts and ends with nothing created. */
#define HW_TEST_ADD(path, fn) \
    g_test_add_data_func((path), (gconstpointer)(fn), hw_test_run)

#endif
