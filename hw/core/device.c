/*
 * Device type registry, instances, QOM-like paths, -global defaults and
 * GPIO lists.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/core/device.h"
#include "hw/core/properties-internal.h"

static GHashTable *classes;         /* name -> const struct device_class * */
static struct device *devices_head; /* realized devices, creation order */
static struct device **devices_tail = &devices_head;
static unsigned unattached_count;
static unsigned peripheral_anon_count;

struct global_prop {
    char *driver;
    char *prop;
    char *value;
    bool used;
};
static GPtrArray *globals;
static GHashTable *global_aliases;  /* QEMU driver name -> ours */

void device_class_register(const struct device_class *dc)
{
    if (!classes) {
        classes = g_hash_table_new(g_str_hash, g_str_equal);
    }
    g_hash_table_insert(classes, (gpointer)dc->name, (gpointer)dc);
}

const struct device_class *device_class_find(const char *name)
{
    return classes ? g_hash_table_lookup(classes, name) : NULL;
}

static gint compare_class_names(gconstpointer a, gconstpointer b)
{
    const struct device_class *x = *(const struct device_class *const *)a;
    const struct device_class *y = *(const struct device_class *const *)b;

    return strcmp(x->name, y->name);
}

GPtrArray *device_class_list(void)
{
    GPtrArray *list = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;

    if (classes) {
        g_hash_table_iter_init(&it, classes);
        while (g_hash_table_iter_next(&it, NULL, &value)) {
            g_ptr_array_add(list, value);
        }
    }
    g_ptr_array_sort(list, compare_class_names);
    return list;
}

void device_global_alias(const char *alias, const char *driver)
{
    if (!global_aliases) {
        global_aliases = g_hash_table_new(g_str_hash, g_str_equal);
    }
    g_hash_table_insert(global_aliases, (gpointer)alias, (gpointer)driver);
}

static const char *resolve_alias(const char *driver)
{
    const char *real = global_aliases
                           ? g_hash_table_lookup(global_aliases, driver)
                           : NULL;

    return real ? real : driver;
}

int device_global_add(const char *driver, const char *prop,
                      const char *value, Error **errp)
{
    struct global_prop *g;

    if (!*driver || !*prop) {
        error_setg(errp, "Invalid -global: expected DRIVER.PROPERTY=VALUE");
        return -EINVAL;
    }
    if (!globals) {
        globals = g_ptr_array_new();
    }
    g = g_new0(struct global_prop, 1);
    g->driver = g_strdup(driver);
    g->prop = g_strdup(prop);
    g->value = g_strdup(value);
    g_ptr_array_add(globals, g);
    return 0;
}

void device_globals_check_unused(void)
{
    for (guint i = 0; globals && i < globals->len; i++) {
        struct global_prop *g = g_ptr_array_index(globals, i);

        if (g->used) {
            continue;
        }
        if (device_class_find(resolve_alias(g->driver))) {
            /* A real driver that this machine did not instantiate. */
            warn_report("global %s.%s=%s not used", g->driver, g->prop,
                        g->value);
        } else {
            warn_report("global %s.%s has invalid class name", g->driver,
                        g->prop);
        }
    }
}

static int apply_globals(struct device *dev, Error **errp)
{
    for (guint i = 0; globals && i < globals->len; i++) {
        struct global_prop *g = g_ptr_array_index(globals, i);
        Error *err = NULL;

        if (strcmp(resolve_alias(g->driver), dev->class->name)) {
            continue;
        }
        g->used = true;
        if (device_set_prop(dev, g->prop, g->value, &err) < 0) {
            error_setg(errp, "can't apply global %s.%s=%s: %s", g->driver,
                       g->prop, g->value, error_get_pretty(err));
            error_free(err);
            return -EINVAL;
        }
    }
    return 0;
}

struct device *device_new(const char *type, Error **errp)
{
    const struct device_class *dc = device_class_find(type);
    struct device *dev;

    if (!dc) {
        error_setg(errp, "'%s' is not a valid device model name", type);
        return NULL;
    }
    assert(dc->instance_size >= sizeof(struct device));
    dev = g_malloc0(dc->instance_size);
    dev->class = dc;
    g_mutex_init(&dev->lock);
    props_set_defaults(dev);
    if (apply_globals(dev, errp) < 0) {
        props_free(dev);
        g_free(dev);
        return NULL;
    }
    return dev;
}

void device_set_path(struct device *dev, const char *parent, const char *name)
{
    g_free(dev->path);
    if (name) {
        dev->path = g_strdup_printf("%s/%s", parent, name);
    } else if (!strcmp(parent, "/machine/peripheral-anon")) {
        dev->path = g_strdup_printf("%s/device[%u]", parent,
                                    peripheral_anon_count++);
    } else {
        dev->path = g_strdup_printf("/machine/unattached/device[%u]",
                                    unattached_count++);
    }
}

char *device_alloc_unattached_path(void)
{
    return g_strdup_printf("/machine/unattached/device[%u]",
                           unattached_count++);
}

int device_realize(struct device *dev, Error **errp)
{
    if (!dev->path) {
        device_set_path(dev, "/machine/unattached", NULL);
    }
    if (dev->class->realize && dev->class->realize(dev, errp) < 0) {
        return -EINVAL;
    }
    dev->realized = true;
    *devices_tail = dev;
    devices_tail = &dev->next;
    return 0;
}

void device_unrealize(struct device *dev)
{
    struct device **pp = &devices_head;

    if (!dev->realized) {
        return;
    }
    if (dev->class->unrealize) {
        dev->class->unrealize(dev);
    }
    dev->realized = false;
    while (*pp && *pp != dev) {
        pp = &(*pp)->next;
    }
    if (*pp) {
        *pp = dev->next;
    }
    devices_tail = &devices_head;
    while (*devices_tail) {
        devices_tail = &(*devices_tail)->next;
    }
    dev->next = NULL;
}

struct device *device_create_simple(const char *type, const char *name)
{
    Error *err = NULL;
    struct device *dev = device_new(type, &err);

    if (dev) {
        device_set_path(dev, "/machine", name);
        if (!name) {
            device_set_path(dev, "/machine/unattached", NULL);
        }
        if (device_realize(dev, &err) == 0) {
            return dev;
        }
    }
    error_report_err(err);
    exit(1);
}

void devices_reset_all(void)
{
    for (struct device *d = devices_head; d; d = d->next) {
        if (d->class->reset) {
            d->class->reset(d);
        }
    }
}

struct device *device_first(void)
{
    return devices_head;
}

static bool path_ends_with(const char *path, const char *suffix)
{
    size_t pl = strlen(path);
    size_t sl = strlen(suffix);

    return pl > sl && path[pl - sl - 1] == '/' &&
           !strcmp(path + pl - sl, suffix);
}

struct device *device_find(const char *path)
{
    struct device *found = NULL;

    if (!path || !*path) {
        return NULL;
    }
    for (struct device *d = devices_head; d; d = d->next) {
        if (d->path && !strcmp(d->path, path)) {
            return d;
        }
    }
    if (path[0] == '/') {
        return NULL;
    }
    /* QOM partial path: the suffix must name exactly one device. */
    for (struct device *d = devices_head; d; d = d->next) {
        if (d->path && path_ends_with(d->path, path)) {
            if (found) {
                return NULL;
            }
            found = d;
        }
    }
    return found;
}

static void gpio_lists_free(struct device *dev)
{
    while (dev->gpios) {
        struct gpio_list *g = dev->gpios;

        dev->gpios = g->next;
        if (g->in) {
            for (int i = 0; i < g->count; i++) {
                qemu_free_irq(g->in[i]);
            }
            g_free(g->in);
        }
        g_free(g->out);
        g_free(g->name);
        g_free(g);
    }
}

void devices_destroy_all(void)
{
    while (devices_head) {
        struct device *d = devices_head;

        device_unrealize(d);
        gpio_lists_free(d);
        props_free(d);
        g_free(d->path);
        g_free(d->id);
        g_mutex_clear(&d->lock);
        g_free(d);
    }
    unattached_count = 0;
    peripheral_anon_count = 0;
}

struct gpio_list *device_find_gpio_list(struct device *dev, const char *name,
                                        bool is_output)
{
    for (struct gpio_list *g = dev->gpios; g; g = g->next) {
        if (g->is_output == is_output && g_strcmp0(g->name, name) == 0) {
            return g;
        }
    }
    return NULL;
}

static struct gpio_list *gpio_list_get(struct device *dev, const char *name,
                                       bool is_output)
{
    struct gpio_list *g = device_find_gpio_list(dev, name, is_output);

    if (!g) {
        g = g_new0(struct gpio_list, 1);
        g->name = g_strdup(name);
        g->is_output = is_output;
        g->next = dev->gpios;
        dev->gpios = g;
    }
    return g;
}

void device_init_gpio_in_named(struct device *dev, qemu_irq_handler *h,
                               const char *name, int n)
{
    struct gpio_list *g = gpio_list_get(dev, name, false);

    g->in = g_renew(qemu_irq, g->in, g->count + n);
    for (int i = 0; i < n; i++) {
        g->in[g->count + i] = qemu_allocate_irq(h, dev, g->count + i);
    }
    g->count += n;
}

void device_init_gpio_in_status_named(struct device *dev,
                                      qemu_irq_status_handler *h,
                                      const char *name, int n)
{
    struct gpio_list *g = gpio_list_get(dev, name, false);

    g->in = g_renew(qemu_irq, g->in, g->count + n);
    for (int i = 0; i < n; i++) {
        g->in[g->count + i] = qemu_allocate_irq_status(h, dev, g->count + i);
    }
    g->count += n;
}

void device_init_gpio_out_named(struct device *dev, qemu_irq *slots,
                                const char *name, int n)
{
    struct gpio_list *g = gpio_list_get(dev, name, true);

    g->out = g_renew(qemu_irq *, g->out, g->count + n);
    for (int i = 0; i < n; i++) {
        g->out[g->count + i] = &slots[i];
    }
    g->count += n;
}

qemu_irq device_get_gpio_in_named(struct device *dev, const char *name, int n)
{
    struct gpio_list *g = device_find_gpio_list(dev, name, false);

    assert(g && n >= 0 && n < g->count);
    return g->in[n];
}

void device_connect_gpio_out_named(struct device *dev, const char *name,
                                   int n, qemu_irq line)
{
    struct gpio_list *g = device_find_gpio_list(dev, name, true);

    assert(g && n >= 0 && n < g->count);
    *g->out[n] = line;
}
