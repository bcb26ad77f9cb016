/*
 * The device model core.
 *
 * A device type is a static const descriptor (struct device_class):
 * name, instance size, property table, realize/reset/unrealize. Each type
 * registers itself with DEVICE_CLASS_REGISTER(). An instance embeds
 * struct device as its first member.
 *
 * Life cycle: device_new() allocates and fills property defaults, then
 * -global values; the creator sets properties (from -device or the board);
 * device_realize() validates them and maps regions / wires lines; every
 * realized device is reset by devices_reset_all() at machine reset.
 *
 * Devices have QOM-like paths so qtest and QMP can name them:
 *   board devices        /machine/<name> or /machine/unattached/device[N]
 *   -device with id=X    /machine/peripheral/X
 *   -device without id   /machine/peripheral-anon/device[N]
 */
#ifndef HW_CORE_DEVICE_H
#define HW_CORE_DEVICE_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/core/irq.h"

struct device;
struct chardev;

enum prop_type {
    PROP_BOOL,
    PROP_UINT8,
    PROP_UINT16,
    PROP_UINT32,
    PROP_UINT64,
    PROP_INT32,
    PROP_INT64,
    PROP_SIZE,      /* uint64_t with size suffixes */
    PROP_STRING,    /* char *, owned by the device */
    PROP_CHARDEV,   /* struct chardev *, given by chardev id */
    PROP_ENUM,      /* int, index into enum_names */
};

struct property {
    const char *name;
    enum prop_type type;
    size_t offset;              /* of the field in the instance struct */
    union {
        uint64_t u;
        int64_t i;
        bool b;
        const char *s;
    } defval;
    const char *const *enum_names;  /* PROP_ENUM: NULL-terminated */
    const char *desc;
    /*
     * qom-set may change it on a realized device: the device reads the
     * field on every use, under dev->lock. Others are fixed at realize.
     */
    bool live;
};

#define DEFINE_PROP_(n, st, f, t, ctype, ...)                                  \
    { .name = (n), .type = (t),                                                \
      .offset = offsetof(st, f) +                                              \
          0 * sizeof(*(ctype *)0 = ((st *)0)->f), __VA_ARGS__ }
#define DEFINE_PROP_BOOL(n, st, f, d)                                          \
    DEFINE_PROP_(n, st, f, PROP_BOOL, bool, .defval.b = (d))
#define DEFINE_PROP_UINT8(n, st, f, d)                                         \
    DEFINE_PROP_(n, st, f, PROP_UINT8, uint8_t, .defval.u = (d))
#define DEFINE_PROP_UINT16(n, st, f, d)                                        \
    DEFINE_PROP_(n, st, f, PROP_UINT16, uint16_t, .defval.u = (d))
#define DEFINE_PROP_UINT32(n, st, f, d)                                        \
    DEFINE_PROP_(n, st, f, PROP_UINT32, uint32_t, .defval.u = (d))
#define DEFINE_PROP_UINT64(n, st, f, d)                                        \
    DEFINE_PROP_(n, st, f, PROP_UINT64, uint64_t, .defval.u = (d))
#define DEFINE_PROP_INT32(n, st, f, d)                                         \
    DEFINE_PROP_(n, st, f, PROP_INT32, int32_t, .defval.i = (d))
#define DEFINE_PROP_INT64(n, st, f, d)                                         \
    DEFINE_PROP_(n, st, f, PROP_INT64, int64_t, .defval.i = (d))
#define DEFINE_PROP_SIZE(n, st, f, d)                                          \
    DEFINE_PROP_(n, st, f, PROP_SIZE, uint64_t, .defval.u = (d))
#define DEFINE_PROP_STRING(n, st, f)                                           \
    DEFINE_PROP_(n, st, f, PROP_STRING, char *, .defval.s = NULL)
#define DEFINE_PROP_CHR(n, st, f)                                              \
    DEFINE_PROP_(n, st, f, PROP_CHARDEV, struct chardev *, .defval.s = NULL)
#define DEFINE_PROP_ENUM(n, st, f, names, d)                                   \
    { .name = (n), .type = PROP_ENUM,                                          \
      .offset = offsetof(st, f) + 0 * sizeof(*(int *)0 = ((st *)0)->f),        \
      .defval.i = (d), .enum_names = (names) }
#define DEFINE_PROP_END_OF_LIST() { .name = NULL }

struct device_class {
    const char *name;           /* type name, as -device NAME */
    const char *desc;           /* one line for -device help */
    const char *bus;            /* "ISA", "System" ... for -device help */
    const char *category;       /* QEMU's help section, e.g. "Misc devices" */
    size_t instance_size;
    const struct property *props;
    int (*realize)(struct device *dev, Error **errp);
    void (*reset)(struct device *dev);
    void (*unrealize)(struct device *dev);
    bool user_creatable;        /* may be created with -device */
};

/* Named GPIO list: either inputs (lines we own) or outputs (slots). */
struct gpio_list {
    char *name;                 /* NULL = unnamed */
    bool is_output;
    int count;
    qemu_irq *in;               /* inputs: lines others raise */
    qemu_irq **out;             /* outputs: pointers to the device's slots */
    struct gpio_list *next;
};

struct device {
    const struct device_class *class;
    char *id;                   /* -device id=, or NULL */
    char *path;                 /* canonical QOM path */
    bool realized;
    GMutex lock;                /* guards the instance's state */
    struct gpio_list *gpios;
    struct device *next;        /* in creation order */
};

#define DEVICE(obj) (&(obj)->parent)

void device_class_register(const struct device_class *dc);
#define DEVICE_CLASS_REGISTER(dc)                                              \
    static void __attribute__((constructor)) register_##dc(void)               \
    {                                                                          \
        device_class_register(&(dc));                                          \
    }

const struct device_class *device_class_find(const char *name);
/* Sorted by name. */
GPtrArray *device_class_list(void);

/*
 * -global DRIVER.PROP=VALUE defaults. Stored until devices of that type
 * are created; unused ones are reported with warn_report at machine init.
 */
int device_global_add(const char *driver, const char *prop,
                      const char *value, Error **errp);
void device_globals_check_unused(void);
/* Map an alias driver name used by QEMU (e.g. "kvm-pit") to ours. */
void device_global_alias(const char *alias, const char *driver);

/* Allocate an instance with defaults and -global values applied. */
struct device *device_new(const char *type, Error **errp);
int device_set_prop(struct device *dev, const char *name, const char *value,
                    Error **errp);
/* String form of a property value (for qom-get, -device X,help). */
char *device_get_prop(struct device *dev, const char *name, Error **errp);
const struct property *device_find_prop(const struct device_class *dc,
                                        const char *name);
/*
 * Give the device its path: parent "/machine" name "fw_cfg" gives
 * "/machine/fw_cfg"; name NULL gives "/machine/unattached/device[N]".
 */
void device_set_path(struct device *dev, const char *parent,
                     const char *name);
/* A path for a non-device object (a vCPU): the next unattached index. */
char *device_alloc_unattached_path(void);
int device_realize(struct device *dev, Error **errp);
void device_unrealize(struct device *dev);
/* Convenience for boards: new + path + realize, with errors fatal. */
struct device *device_create_simple(const char *type, const char *name);

void devices_reset_all(void);
/* Every realized device, in creation order. */
struct device *device_first(void);
/* Resolve a full path or a QOM partial path ("ioapic", "serial0"). */
struct device *device_find(const char *path);
/* Remove all devices (tests). */
void devices_destroy_all(void);

/* GPIO: inputs are lines owned by the device. */
void device_init_gpio_in_named(struct device *dev, qemu_irq_handler *h,
                               const char *name, int n);
static inline void device_init_gpio_in(struct device *dev,
                                       qemu_irq_handler *h, int n)
{
    device_init_gpio_in_named(dev, h, NULL, n);
}
/* Inputs whose handler reports delivery status (interrupt controllers). */
void device_init_gpio_in_status_named(struct device *dev,
                                      qemu_irq_status_handler *h,
                                      const char *name, int n);
/* Outputs are slots (qemu_irq fields) inside the device. */
void device_init_gpio_out_named(struct device *dev, qemu_irq *slots,
                                const char *name, int n);
static inline void device_init_gpio_out(struct device *dev, qemu_irq *slots,
                                        int n)
{
    device_init_gpio_out_named(dev, slots, NULL, n);
}
qemu_irq device_get_gpio_in_named(struct device *dev, const char *name,
                                  int n);
static inline qemu_irq device_get_gpio_in(struct device *dev, int n)
{
    return device_get_gpio_in_named(dev, NULL, n);
}
void device_connect_gpio_out_named(struct device *dev, const char *name,
                                   int n, qemu_irq line);
static inline void device_connect_gpio_out(struct device *dev, int n,
                                           qemu_irq line)
{
    device_connect_gpio_out_named(dev, NULL, n, line);
}
struct gpio_list *device_find_gpio_list(struct device *dev, const char *name,
                                        bool is_output);

#endif
