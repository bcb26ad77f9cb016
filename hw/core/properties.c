/*
 * Typed device properties: defaults, parsing from strings (-device,
 * -global, qom-set) and formatting (qom-get, help).
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/keyval.h"
#include "hw/core/device.h"
#include "hw/core/properties.h"
#include "hw/core/properties-internal.h"
#include "chardev/char.h"

static void *field(struct device *dev, const struct property *p)
{
    return (char *)dev + p->offset;
}

const struct property *device_find_prop(const struct device_class *dc,
                                        const char *name)
{
    for (const struct property *p = dc->props; p && p->name; p++) {
        if (!strcmp(p->name, name)) {
            return p;
        }
    }
    return NULL;
}

void props_set_defaults(struct device *dev)
{
    for (const struct property *p = dev->class->props; p && p->name; p++) {
        void *f = field(dev, p);

        switch (p->type) {
        case PROP_BOOL:
            *(bool *)f = p->defval.b;
            break;
        case PROP_UINT8:
            *(uint8_t *)f = p->defval.u;
            break;
        case PROP_UINT16:
            *(uint16_t *)f = p->defval.u;
            break;
        case PROP_UINT32:
            *(uint32_t *)f = p->defval.u;
            break;
        case PROP_UINT64:
        case PROP_SIZE:
            *(uint64_t *)f = p->defval.u;
            break;
        case PROP_INT32:
        case PROP_ENUM:
            *(int32_t *)f = p->defval.i;
            break;
        case PROP_INT64:
            *(int64_t *)f = p->defval.i;
            break;
        case PROP_STRING:
            *(char **)f = g_strdup(p->defval.s);
            break;
        case PROP_CHARDEV:
            *(struct chardev **)f = NULL;
            break;
        }
    }
}

void props_free(struct device *dev)
{
    for (const struct property *p = dev->class->props; p && p->name; p++) {
        if (p->type == PROP_STRING) {
            g_free(*(char **)field(dev, p));
            *(char **)field(dev, p) = NULL;
        }
    }
}

/*
 * QEMU's visitor messages: text that is no integer "expects integer", an
 * integer outside the type's range "expects uint32_t" (or int32_t ...).
 */
static bool is_integer(const char *value)
{
    char *end;

    errno = 0;
    strtoll(value, &end, 0);
    return *value && !*end && !g_ascii_isspace(*value);
}

static int set_unsigned(const struct property *p, void *f, const char *value,
                        uint64_t max, Error **errp)
{
    uint64_t v;
    int r = parse_uint64(value, &v);

    if (r < 0 && r != -ERANGE && !is_integer(value)) {
        error_setg(errp, "Parameter '%s' expects integer", p->name);
        return -EINVAL;
    }
    if (r < 0 || v > max) {
        error_setg(errp, "Parameter '%s' expects %s_t", p->name,
                   prop_type_name(p));
        return -ERANGE;
    }
    switch (p->type) {
    case PROP_UINT8:
        *(uint8_t *)f = v;
        break;
    case PROP_UINT16:
        *(uint16_t *)f = v;
        break;
    case PROP_UINT32:
        *(uint32_t *)f = v;
        break;
    default:
        *(uint64_t *)f = v;
        break;
    }
    return 0;
}

static int set_signed(const struct property *p, void *f, const char *value,
                      Error **errp)
{
    char *end;
    long long v;

    errno = 0;
    v = strtoll(value, &end, 0);
    if (!*value || *end || g_ascii_isspace(*value)) {
        error_setg(errp, "Parameter '%s' expects integer", p->name);
        return -EINVAL;
    }
    if (errno ||
        (p->type == PROP_INT32 && (v < INT32_MIN || v > INT32_MAX))) {
        error_setg(errp, "Parameter '%s' expects %s_t", p->name,
                   prop_type_name(p));
        return -ERANGE;
    }
    if (p->type == PROP_INT32) {
        *(int32_t *)f = v;
    } else {
        *(int64_t *)f = v;
    }
    return 0;
}

static int set_enum(const struct property *p, void *f, const char *value,
                    Error **errp)
{
    for (int i = 0; p->enum_names[i]; i++) {
        if (!strcmp(p->enum_names[i], value)) {
            *(int32_t *)f = i;
            return 0;
        }
    }
    error_setg(errp, "Parameter '%s' does not accept value '%s'", p->name,
               value);
    return -EINVAL;
}

int device_set_prop(struct device *dev, const char *name, const char *value,
                    Error **errp)
{
    const struct property *p = device_find_prop(dev->class, name);
    void *f;
    struct chardev *chr;

    if (!p) {
        error_setg(errp, "Property '%s.%s' not found", dev->class->name,
                   name);
        return -ENOENT;
    }
    f = field(dev, p);
    switch (p->type) {
    case PROP_BOOL:
        return parse_bool(name, value, (bool *)f, errp);
    case PROP_UINT8:
        return set_unsigned(p, f, value, UINT8_MAX, errp);
    case PROP_UINT16:
        return set_unsigned(p, f, value, UINT16_MAX, errp);
    case PROP_UINT32:
        return set_unsigned(p, f, value, UINT32_MAX, errp);
    case PROP_UINT64:
        return set_unsigned(p, f, value, UINT64_MAX, errp);
    case PROP_SIZE:
        if (parse_size(value, 'B', (uint64_t *)f) < 0) {
            error_setg(errp, "Parameter '%s' expects a size", name);
            return -EINVAL;
        }
        return 0;
    case PROP_INT32:
    case PROP_INT64:
        return set_signed(p, f, value, errp);
    case PROP_ENUM:
        return set_enum(p, f, value, errp);
    case PROP_STRING:
        g_free(*(char **)f);
        *(char **)f = g_strdup(value);
        return 0;
    case PROP_CHARDEV:
        chr = qemu_chr_find(value);
        if (!chr) {
            error_setg(errp, "Property '%s.%s' can't find value '%s'",
                       dev->class->name, name, value);
            return -ENOENT;
        }
        *(struct chardev **)f = chr;
        return 0;
    }
    return -EINVAL;
}

char *device_get_prop(struct device *dev, const char *name, Error **errp)
{
    const struct property *p = device_find_prop(dev->class, name);
    void *f;

    if (!p) {
        error_setg(errp, "Property '%s.%s' not found", dev->class->name,
                   name);
        return NULL;
    }
    f = field(dev, p);
    switch (p->type) {
    case PROP_BOOL:
        return g_strdup(*(bool *)f ? "true" : "false");
    case PROP_UINT8:
        return g_strdup_printf("%u", *(uint8_t *)f);
    case PROP_UINT16:
        return g_strdup_printf("%u", *(uint16_t *)f);
    case PROP_UINT32:
        return g_strdup_printf("%u", *(uint32_t *)f);
    case PROP_UINT64:
    case PROP_SIZE:
        return g_strdup_printf("%" PRIu64, *(uint64_t *)f);
    case PROP_INT32:
        return g_strdup_printf("%d", *(int32_t *)f);
    case PROP_INT64:
        return g_strdup_printf("%" PRId64, *(int64_t *)f);
    case PROP_ENUM:
        return g_strdup(p->enum_names[*(int32_t *)f]);
    case PROP_STRING:
        return g_strdup(*(char **)f ? *(char **)f : "");
    case PROP_CHARDEV:
        return g_strdup(*(struct chardev **)f
                            ? qemu_chr_id(*(struct chardev **)f) : "");
    }
    return NULL;
}

const char *prop_type_name(const struct property *p)
{
    switch (p->type) {
    case PROP_BOOL:
        return "bool";
    case PROP_UINT8:
        return "uint8";
    case PROP_UINT16:
        return "uint16";
    case PROP_UINT32:
        return "uint32";
    case PROP_UINT64:
        return "uint64";
    case PROP_SIZE:
        return "size";
    case PROP_INT32:
        return "int32";
    case PROP_INT64:
        return "int64";
    case PROP_ENUM:
        return "enum";
    case PROP_STRING:
    case PROP_CHARDEV:
        return "str";
    }
    return "unknown";
}

char *prop_default_string(const struct property *p)
{
    switch (p->type) {
    case PROP_BOOL:
        return g_strdup(p->defval.b ? "true" : "false");
    case PROP_UINT8:
    case PROP_UINT16:
    case PROP_UINT32:
    case PROP_UINT64:
    case PROP_SIZE:
        return g_strdup_printf("%" PRIu64, p->defval.u);
    case PROP_INT32:
    case PROP_INT64:
        return g_strdup_printf("%" PRId64, p->defval.i);
    case PROP_ENUM:
        return g_strdup_printf("\"%s\"", p->enum_names[p->defval.i]);
    case PROP_STRING:
        return p->defval.s ? g_strdup_printf("\"%s\"", p->defval.s) : NULL;
    case PROP_CHARDEV:
        return NULL;
    }
    return NULL;
}

void device_class_print_props(FILE *f, const struct device_class *dc)
{
    GPtrArray *sorted = g_ptr_array_new();

    for (const struct property *p = dc->props; p && p->name; p++) {
        g_ptr_array_add(sorted, (gpointer)p);
    }
    /* QEMU lists properties alphabetically. */
    for (guint i = 1; i < sorted->len; i++) {
        for (guint j = i; j > 0; j--) {
            const struct property *a = g_ptr_array_index(sorted, j - 1);
            const struct property *b = g_ptr_array_index(sorted, j);

            if (strcmp(a->name, b->name) <= 0) {
                break;
            }
            sorted->pdata[j - 1] = (gpointer)b;
            sorted->pdata[j] = (gpointer)a;
        }
    }
    if (sorted->len == 0) {
        fprintf(f, "There are no options for %s.\n", dc->name);
    } else {
        fprintf(f, "%s options:\n", dc->name);
    }
    for (guint i = 0; i < sorted->len; i++) {
        const struct property *p = g_ptr_array_index(sorted, i);
        char *lhs = g_strdup_printf("%s=<%s>", p->name, prop_type_name(p));
        char *def = prop_default_string(p);

        fprintf(f, "  %-22s -%s%s", lhs, p->desc ? " " : " ",
                p->desc ? p->desc : "");
        if (def) {
            fprintf(f, " (default: %s)", def);
        }
        fputc('\n', f);
        g_free(lhs);
        g_free(def);
    }
    g_ptr_array_free(sorted, TRUE);
}
