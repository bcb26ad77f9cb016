/*
 * Type introspection (qom-list-types, device-list-properties) and
 * "info qtree".
 *
 * Device types come from the device registry; around them sits a small
 * fixed hierarchy with QEMU's names so "implements" filters work as
 * clients expect (qtest_has_device asks for implements=device).
 */
#include "qemu/osdep.h"
#include "hw/core/device.h"
#include "hw/core/properties.h"
#include "monitor-internal.h"

struct qom_type {
    const char *name;
    const char *parent;
    bool abstract;
};

static const struct qom_type fixed_types[] = {
    { "object", NULL, true },
    { "device", "object", true },
    { "sys-bus-device", "device", true },
    { "isa-device", "device", true },
    { "cpu", "device", true },
    { "x86_64-cpu", "cpu", true },
    { "qemu64-x86_64-cpu", "x86_64-cpu", false },
    { "host-x86_64-cpu", "x86_64-cpu", false },
    { "max-x86_64-cpu", "x86_64-cpu", false },
    { "machine", "object", true },
    { "x86-machine", "machine", true },
    { "generic-pc-machine", "x86-machine", true },
    { "pc-i440fx-7.2-machine", "generic-pc-machine", false },
    { "none-machine", "machine", false },
    { "accel", "object", true },
    { "kvm-accel", "accel", false },
    { "container", "object", false },
    { "chardev", "object", true },
    { "chardev-fd", "chardev", true },
    { "chardev-stdio", "chardev-fd", false },
    { "chardev-file", "chardev-fd", false },
    { "chardev-null", "chardev", false },
    { "chardev-pty", "chardev", false },
    { "chardev-socket", "chardev", false },
    { "chardev-mux", "chardev", false },
    { NULL },
};

static const char *device_parent(const struct device_class *dc)
{
    return dc->bus && !strcmp(dc->bus, "ISA") ? "isa-device"
                                              : "sys-bus-device";
}

static const char *type_parent(const char *name)
{
    const struct device_class *dc = device_class_find(name);

    if (dc) {
        return device_parent(dc);
    }
    for (const struct qom_type *t = fixed_types; t->name; t++) {
        if (!strcmp(t->name, name)) {
            return t->parent;
        }
    }
    return NULL;
}

static bool type_implements(const char *name, const char *iface)
{
    for (const char *t = name; t; t = type_parent(t)) {
        if (!strcmp(t, iface)) {
            return true;
        }
    }
    return false;
}

static void add_type(JsonArray *a, const char *name, const char *parent,
                     bool abstract, const char *impl, bool with_abstract)
{
    JsonObject *o;
    JsonNode *n;

    if ((abstract && !with_abstract) ||
        (impl && !type_implements(name, impl))) {
        return;
    }
    n = qjson_new_object(&o);
    json_object_set_string_member(o, "name", name);
    if (abstract) {
        json_object_set_boolean_member(o, "abstract", true);
    }
    if (parent) {
        json_object_set_string_member(o, "parent", parent);
    }
    json_array_add_element(a, n);
}

JsonNode *qom_list_types(const char *implements, bool has_abstract,
                         bool abstract)
{
    JsonArray *a;
    JsonNode *ret = qjson_new_array(&a);
    GPtrArray *classes = device_class_list();

    for (guint i = 0; i < classes->len; i++) {
        const struct device_class *dc = g_ptr_array_index(classes, i);

        add_type(a, dc->name, device_parent(dc), false, implements,
                 abstract);
    }
    for (const struct qom_type *t = fixed_types; t->name; t++) {
        add_type(a, t->name, t->parent, t->abstract, implements, abstract);
    }
    g_ptr_array_free(classes, TRUE);
    return ret;
}

static JsonNode *default_value(const struct property *p)
{
    switch (p->type) {
    case PROP_BOOL:
        return qjson_new_bool(p->defval.b);
    case PROP_UINT8:
    case PROP_UINT16:
    case PROP_UINT32:
    case PROP_UINT64:
    case PROP_SIZE:
        return qjson_new_int((int64_t)p->defval.u);
    case PROP_INT32:
    case PROP_INT64:
        return qjson_new_int(p->defval.i);
    case PROP_ENUM:
        return qjson_new_string(p->enum_names[p->defval.i]);
    case PROP_STRING:
        return p->defval.s ? qjson_new_string(p->defval.s) : NULL;
    case PROP_CHARDEV:
        break;
    }
    return NULL;
}

JsonNode *qom_device_list_properties(const char *type,
                                     struct qmp_cmd_ctx *c)
{
    const struct device_class *dc = device_class_find(type);
    JsonArray *a;
    JsonNode *ret;

    if (!dc) {
        if (type_parent(type) || !strcmp(type, "object")) {
            qmp_error(c, QMP_ERR_GENERIC, "Parameter 'typename' expects a "
                      "non-abstract device type");
        } else {
            qmp_error(c, QMP_ERR_DEVICE_NOT_FOUND, "Device '%s' not found",
                      type);
        }
        return NULL;
    }
    ret = qjson_new_array(&a);
    for (const struct property *p = dc->props; p && p->name; p++) {
        JsonObject *o;
        JsonNode *n = qjson_new_object(&o);
        JsonNode *def = default_value(p);

        json_object_set_string_member(o, "name", p->name);
        json_object_set_string_member(o, "type", p->type == PROP_CHARDEV
                                                     ? "str"
                                                     : prop_type_name(p));
        if (p->desc) {
            json_object_set_string_member(o, "description", p->desc);
        }
        if (def) {
            json_object_set_member(o, "default-value", def);
        }
        json_array_add_element(a, n);
    }
    return ret;
}

/* QEMU's qtree property lines: integers also in hex, strings quoted. */
static void print_props(GString *out, struct device *d)
{
    for (const struct property *p = d->class->props; p && p->name; p++) {
        char *v = device_get_prop(d, p->name, NULL);

        switch (p->type) {
        case PROP_UINT8:
        case PROP_UINT16:
        case PROP_UINT32:
        case PROP_UINT64:
        case PROP_SIZE:
            g_string_append_printf(out, "    %s = %s (0x%" PRIx64 ")\n",
                                   p->name, v, g_ascii_strtoull(v, NULL, 10));
            break;
        case PROP_STRING:
        case PROP_CHARDEV:
        case PROP_ENUM:
            g_string_append_printf(out, "    %s = \"%s\"\n", p->name, v);
            break;
        default:
            g_string_append_printf(out, "    %s = %s\n", p->name, v);
            break;
        }
        g_free(v);
    }
}

static bool is_isa(struct device *d)
{
    return d->class->bus && !strcmp(d->class->bus, "ISA");
}

static void print_bus(GString *out, const char *bus, const char *type,
                      bool isa)
{
    g_string_append_printf(out, "bus: %s\n  type %s\n", bus, type);
    for (struct device *d = device_first(); d; d = d->next) {
        if (is_isa(d) != isa) {
            continue;
        }
        g_string_append_printf(out, "  dev: %s, id \"%s\"\n", d->class->name,
                               d->id ? d->id : "");
        g_mutex_lock(&d->lock);
        print_props(out, d);
        g_mutex_unlock(&d->lock);
    }
}

/* The ISA bus exists only where ISA devices do (not on -machine none). */
void qom_print_qtree(GString *out)
{
    print_bus(out, "main-system-bus", "System", false);
    for (struct device *d = device_first(); d; d = d->next) {
        if (is_isa(d)) {
            print_bus(out, "isa.0", "ISA", true);
            break;
        }
    }
}
