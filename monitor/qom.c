/*
 * The QOM-like object tree that qom-list/qom-get/qom-set and
 * device-list-properties see, built on demand from what exists:
 *   /                      machine, chardevs
 *   /machine               the board; containers unattached, peripheral,
 *                          peripheral-anon; devices named under it
 *   /machine/.../X         devices (struct device paths) and vCPUs
 *   /chardevs/ID           chardevs
 * Any path prefix of an object that is not an object itself is a
 * container, as in QEMU.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "hw/boards.h"
#include "hw/core/device.h"
#include "hw/core/properties.h"
#include "sysemu/accel.h"
#include "target/i386/cpu.h"
#include "monitor-internal.h"

enum qom_kind {
    QOM_NONE,
    QOM_ROOT,
    QOM_MACHINE,
    QOM_CONTAINER,
    QOM_DEVICE,
    QOM_CPU,
    QOM_CHARDEV,
};

struct qom_node {
    enum qom_kind kind;
    char *path;                 /* canonical */
    struct device *dev;         /* QOM_DEVICE */
    struct chardev *chr;        /* QOM_CHARDEV */
};

static const char *const fixed_containers[] = {
    "/machine/unattached", "/machine/peripheral", "/machine/peripheral-anon",
    "/chardevs", NULL,
};

static const char *machine_type_name(void)
{
    const char *t = current_machine ? current_machine->cfg.type : NULL;

    if (!t || !strcmp(t, "none")) {
        return "none-machine";
    }
    return "pc-i440fx-7.2-machine";
}

static char *cpu_type_name(void)
{
    const char *model = current_machine && current_machine->cpu
        ? x86_cpu_config_model(current_machine->cpu) : "qemu64";

    return g_strdup_printf("%s-x86_64-cpu", model);
}

static int cpu_count(void)
{
    const struct accel_ops *ops = current_machine ? current_machine->accel
                                                  : NULL;

    return ops && ops->vcpu_count && ops->vcpu_qom_path ? ops->vcpu_count()
                                                        : 0;
}

static const char *cpu_path(int i)
{
    return current_machine->accel->vcpu_qom_path(i);
}

/* Every object path below /machine, for container and child discovery. */
static GPtrArray *object_paths(void)
{
    GPtrArray *a = g_ptr_array_new();

    for (struct device *d = device_first(); d; d = d->next) {
        if (d->path) {
            g_ptr_array_add(a, d->path);
        }
    }
    for (int i = 0; i < cpu_count(); i++) {
        g_ptr_array_add(a, (gpointer)cpu_path(i));
    }
    for (int i = 0; fixed_containers[i]; i++) {
        g_ptr_array_add(a, (gpointer)fixed_containers[i]);
    }
    return a;
}

static bool is_prefix_dir(const char *prefix, const char *path)
{
    size_t n = strlen(prefix);

    return !strncmp(prefix, path, n) && path[n] == '/';
}

static void resolve(const char *path, struct qom_node *n)
{
    GPtrArray *paths;
    struct device *d;

    memset(n, 0, sizeof(*n));
    if (!*path) {
        return;
    }
    if (!strcmp(path, "/")) {
        n->kind = QOM_ROOT;
    } else if (!strcmp(path, "/machine") || !strcmp(path, "machine")) {
        n->kind = QOM_MACHINE;
        n->path = g_strdup("/machine");
        return;
    } else if (g_str_has_prefix(path, "/chardevs/") &&
               (n->chr = qemu_chr_find(path + strlen("/chardevs/")))) {
        n->kind = QOM_CHARDEV;
    } else if ((d = device_find(path))) {
        n->kind = QOM_DEVICE;
        n->dev = d;
        n->path = g_strdup(d->path);
        return;
    } else if (!strchr(path, '/') && (n->chr = qemu_chr_find(path))) {
        /* A partial path: QEMU 7.2 resolves "serial0" to the chardev. */
        n->kind = QOM_CHARDEV;
        n->path = g_strdup_printf("/chardevs/%s", path);
        return;
    }
    for (int i = 0; !n->kind && i < cpu_count(); i++) {
        if (!strcmp(path, cpu_path(i))) {
            n->kind = QOM_CPU;
        }
    }
    paths = object_paths();
    for (guint i = 0; !n->kind && i < paths->len; i++) {
        const char *p = g_ptr_array_index(paths, i);

        if (!strcmp(p, path) || is_prefix_dir(path, p)) {
            n->kind = QOM_CONTAINER;
        }
    }
    g_ptr_array_free(paths, TRUE);
    if (n->kind) {
        n->path = g_strdup(path);
    }
}

static void add_prop(JsonArray *a, const char *name, const char *type)
{
    JsonObject *o;
    JsonNode *n = qjson_new_object(&o);

    json_object_set_string_member(o, "name", name);
    json_object_set_string_member(o, "type", type);
    json_array_add_element(a, n);
}

static const char *child_type(const char *path, char **tofree)
{
    struct device *d = device_find(path);

    *tofree = NULL;
    if (d && !strcmp(d->path, path)) {
        return d->class->name;
    }
    for (int i = 0; i < cpu_count(); i++) {
        if (!strcmp(path, cpu_path(i))) {
            return *tofree = cpu_type_name();
        }
    }
    return "container";
}

/* The children of a /machine path, named by their next path component. */
static void add_children(JsonArray *a, const char *parent)
{
    GPtrArray *paths = object_paths();
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             NULL);

    for (guint i = 0; i < paths->len; i++) {
        const char *p = g_ptr_array_index(paths, i);
        const char *rest, *slash;
        char *name, *child, *tofree, *type;

        if (!is_prefix_dir(parent, p)) {
            continue;
        }
        rest = p + strlen(parent) + 1;
        slash = strchr(rest, '/');
        name = slash ? g_strndup(rest, slash - rest) : g_strdup(rest);
        if (g_hash_table_contains(seen, name)) {
            g_free(name);
            continue;
        }
        g_hash_table_add(seen, name);
        child = g_strdup_printf("%s/%s", parent, name);
        type = g_strdup_printf("child<%s>", child_type(child, &tofree));
        add_prop(a, name, type);
        g_free(type);
        g_free(tofree);
        g_free(child);
    }
    g_hash_table_destroy(seen);
    g_ptr_array_free(paths, TRUE);
}

static const char *prop_qom_type(const struct property *p)
{
    return p->type == PROP_CHARDEV || p->type == PROP_ENUM
               ? "str" : prop_type_name(p);
}

static void add_chardev_child(struct chardev *chr, void *opaque)
{
    char *type = g_strdup_printf("child<chardev-%s>",
                                 qemu_chr_backend_name(chr));

    add_prop(opaque, qemu_chr_id(chr), type);
    g_free(type);
}

JsonNode *qom_list(const char *path, struct qmp_cmd_ctx *c)
{
    struct qom_node n;
    JsonArray *a;
    JsonNode *ret;
    char *t;

    resolve(path, &n);
    if (!n.kind) {
        qmp_error(c, QMP_ERR_DEVICE_NOT_FOUND, "Device '%s' not found", path);
        return NULL;
    }
    ret = qjson_new_array(&a);
    add_prop(a, "type", "string");
    switch (n.kind) {
    case QOM_ROOT:
        t = g_strdup_printf("child<%s>", machine_type_name());
        add_prop(a, "machine", t);
        add_prop(a, "chardevs", "child<container>");
        g_free(t);
        break;
    case QOM_DEVICE:
        add_prop(a, "realized", "bool");
        for (const struct property *p = n.dev->class->props; p && p->name;
             p++) {
            add_prop(a, p->name, prop_qom_type(p));
        }
        add_children(a, n.path);
        break;
    case QOM_CONTAINER:
        if (!strcmp(n.path, "/chardevs")) {
            qemu_chr_foreach(add_chardev_child, a);
            break;
        }
        add_children(a, n.path);
        break;
    case QOM_MACHINE:
        add_children(a, n.path);
        break;
    case QOM_CPU:
        add_prop(a, "realized", "bool");
        break;
    default:
        break;
    }
    g_free(n.path);
    return ret;
}

/* The canonical path of child prop of n, as a JSON string, or NULL. */
static JsonNode *child_path(struct qom_node *n, const char *prop)
{
    char *path;
    struct qom_node c;
    JsonNode *ret = NULL;

    if (n->kind == QOM_CHARDEV || n->kind == QOM_CPU || strchr(prop, '/')) {
        return NULL;
    }
    path = g_strdup_printf("%s/%s", n->kind == QOM_ROOT ? "" : n->path,
                           prop);
    if (n->kind == QOM_ROOT && strcmp(prop, "machine") &&
        strcmp(prop, "chardevs")) {
        g_free(path);
        return NULL;
    }
    resolve(path, &c);
    if (c.kind && !strcmp(c.path, path)) {
        ret = qjson_new_string(path);
    }
    g_free(c.path);
    g_free(path);
    return ret;
}

static const char *node_type(struct qom_node *n, char **tofree)
{
    *tofree = NULL;
    switch (n->kind) {
    case QOM_MACHINE:
        return machine_type_name();
    case QOM_DEVICE:
        return n->dev->class->name;
    case QOM_CPU:
        return *tofree = cpu_type_name();
    case QOM_CHARDEV:
        return *tofree = g_strdup_printf("chardev-%s",
                                         qemu_chr_backend_name(n->chr));
    default:
        return "container";
    }
}

static JsonNode *device_prop_value(struct device *dev,
                                   const struct property *p)
{
    char *s = device_get_prop(dev, p->name, NULL);
    JsonNode *v;

    switch (p->type) {
    case PROP_BOOL:
        v = qjson_new_bool(!strcmp(s, "true"));
        break;
    case PROP_STRING:
    case PROP_CHARDEV:
    case PROP_ENUM:
        v = qjson_new_string(s);
        break;
    case PROP_UINT64:
    case PROP_SIZE:
        v = qjson_new_int((int64_t)g_ascii_strtoull(s, NULL, 10));
        break;
    default:
        v = qjson_new_int(g_ascii_strtoll(s, NULL, 10));
        break;
    }
    g_free(s);
    return v;
}

JsonNode *qom_get(const char *path, const char *prop, struct qmp_cmd_ctx *c)
{
    struct qom_node n;
    JsonNode *ret = NULL;
    char *tofree;
    const char *type;

    resolve(path, &n);
    if (!n.kind) {
        qmp_error(c, QMP_ERR_DEVICE_NOT_FOUND, "Device '%s' not found", path);
        return NULL;
    }
    type = node_type(&n, &tofree);
    if (!strcmp(prop, "type")) {
        ret = qjson_new_string(type);
    } else if ((n.kind == QOM_DEVICE || n.kind == QOM_CPU) &&
               !strcmp(prop, "realized")) {
        ret = qjson_new_bool(true);
    } else if (n.kind == QOM_DEVICE &&
               device_find_prop(n.dev->class, prop)) {
        g_mutex_lock(&n.dev->lock);
        ret = device_prop_value(n.dev, device_find_prop(n.dev->class, prop));
        g_mutex_unlock(&n.dev->lock);
    } else if ((ret = child_path(&n, prop))) {
        /* A child<> property reads as the child's canonical path. */
    } else {
        qmp_error(c, QMP_ERR_GENERIC, "Property '%s.%s' not found", type,
                  prop);
    }
    g_free(tofree);
    g_free(n.path);
    return ret;
}

/* The JSON value as device_set_prop() text, checking its JSON type. */
static char *value_text(const struct property *p, JsonNode *v,
                        struct qmp_cmd_ctx *c)
{
    GType t = JSON_NODE_HOLDS_VALUE(v) ? json_node_get_value_type(v)
                                       : G_TYPE_INVALID;

    switch (p->type) {
    case PROP_BOOL:
        if (t == G_TYPE_BOOLEAN) {
            return g_strdup(json_node_get_boolean(v) ? "on" : "off");
        }
        qmp_error(c, QMP_ERR_GENERIC, "Invalid parameter type for '%s', "
                  "expected: boolean", p->name);
        return NULL;
    case PROP_STRING:
    case PROP_CHARDEV:
    case PROP_ENUM:
        if (t == G_TYPE_STRING) {
            return g_strdup(json_node_get_string(v));
        }
        qmp_error(c, QMP_ERR_GENERIC, "Invalid parameter type for '%s', "
                  "expected: string", p->name);
        return NULL;
    default:
        if (t == G_TYPE_INT64) {
            if (p->type != PROP_INT32 && p->type != PROP_INT64 &&
                json_node_get_int(v) < 0) {
                qmp_error(c, QMP_ERR_GENERIC, "Parameter '%s' expects %s",
                          p->name, prop_type_name(p));
                return NULL;
            }
            return g_strdup_printf("%" PRId64, json_node_get_int(v));
        }
        qmp_error(c, QMP_ERR_GENERIC, "Invalid parameter type for '%s', "
                  "expected: integer", p->name);
        return NULL;
    }
}

void qom_set(const char *path, const char *prop, JsonNode *value,
             struct qmp_cmd_ctx *c)
{
    struct qom_node n;
    const struct property *p = NULL;
    char *tofree, *text;
    const char *type;
    Error *err = NULL;

    resolve(path, &n);
    if (!n.kind) {
        qmp_error(c, QMP_ERR_DEVICE_NOT_FOUND, "Device '%s' not found", path);
        return;
    }
    type = node_type(&n, &tofree);
    if (n.kind == QOM_DEVICE) {
        p = device_find_prop(n.dev->class, prop);
    }
    if (!p) {
        if (!strcmp(prop, "type") || !strcmp(prop, "realized")) {
            qmp_error(c, QMP_ERR_GENERIC, "Property '%s.%s' is not writable",
                      type, prop);
        } else {
            qmp_error(c, QMP_ERR_GENERIC, "Property '%s.%s' not found", type,
                      prop);
        }
    } else if (!p->live) {
        if (n.dev->id) {
            qmp_error(c, QMP_ERR_GENERIC, "Attempt to set property '%s' on "
                      "device '%s' (type '%s') after it was realized", prop,
                      n.dev->id, type);
        } else {
            qmp_error(c, QMP_ERR_GENERIC, "Attempt to set property '%s' on "
                      "anonymous device (type '%s') after it was realized",
                      prop, type);
        }
    } else if ((text = value_text(p, value, c))) {
        g_mutex_lock(&n.dev->lock);
        if (device_set_prop(n.dev, prop, text, &err) < 0) {
            qmp_error(c, QMP_ERR_GENERIC, "%s", error_get_pretty(err));
            error_free(err);
        }
        g_mutex_unlock(&n.dev->lock);
        g_free(text);
    }
    g_free(tofree);
    g_free(n.path);
}
