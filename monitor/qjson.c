/*
 * JSON output in QEMU's layout: ", " and ": " separators on one line, or
 * four-space indentation for pretty monitors; only ASCII leaves (other
 * characters are \uXXXX escapes, surrogate pairs above U+FFFF).
 */
#include "qemu/osdep.h"
#include "monitor-internal.h"

#include <float.h>

static void indent(GString *out, bool pretty, int level)
{
    if (pretty) {
        g_string_append_c(out, '\n');
        for (int i = 0; i < level; i++) {
            g_string_append(out, "    ");
        }
    }
}

static void append_string(GString *out, const char *s)
{
    const char *p = s;

    g_string_append_c(out, '"');
    while (*p) {
        gunichar cp = g_utf8_get_char_validated(p, -1);

        if (cp == (gunichar)-1 || cp == (gunichar)-2) {
            cp = 0xfffd;            /* json-glib validated input; be safe */
            p++;
        } else {
            p = g_utf8_next_char(p);
        }
        switch (cp) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\b':
            g_string_append(out, "\\b");
            break;
        case '\f':
            g_string_append(out, "\\f");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        default:
            if (cp >= 0x20 && cp < 0x7f) {
                g_string_append_c(out, cp);
            } else if (cp >= 0x10000) {
                cp -= 0x10000;
                g_string_append_printf(out, "\\u%04X\\u%04X",
                                       0xd800 | (cp >> 10),
                                       0xdc00 | (cp & 0x3ff));
            } else {
                g_string_append_printf(out, "\\u%04X", cp);
            }
        }
    }
    g_string_append_c(out, '"');
}

static void append_node(GString *out, JsonNode *n, bool pretty, int level);

static void append_object(GString *out, JsonObject *o, bool pretty,
                          int level)
{
    JsonObjectIter it;
    const char *key;
    JsonNode *val;
    bool first = true;

    g_string_append_c(out, '{');
    json_object_iter_init_ordered(&it, o);
    while (json_object_iter_next_ordered(&it, &key, &val)) {
        if (!first) {
            g_string_append_c(out, ',');
            if (!pretty) {
                g_string_append_c(out, ' ');
            }
        }
        first = false;
        indent(out, pretty, level + 1);
        append_string(out, key);
        g_string_append(out, ": ");
        append_node(out, val, pretty, level + 1);
    }
    indent(out, pretty, level);
    g_string_append_c(out, '}');
}

static void append_array(GString *out, JsonArray *a, bool pretty, int level)
{
    guint n = json_array_get_length(a);

    g_string_append_c(out, '[');
    for (guint i = 0; i < n; i++) {
        if (i) {
            g_string_append_c(out, ',');
            if (!pretty) {
                g_string_append_c(out, ' ');
            }
        }
        indent(out, pretty, level + 1);
        append_node(out, json_array_get_element(a, i), pretty, level + 1);
    }
    indent(out, pretty, level);
    g_string_append_c(out, ']');
}

static void append_value(GString *out, JsonNode *n)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    switch (json_node_get_value_type(n)) {
    case G_TYPE_INT64:
        g_string_append_printf(out, "%" PRId64, json_node_get_int(n));
        break;
    case G_TYPE_DOUBLE:
        /* 1e400 parses as infinity; "inf" is no JSON: say the limit. */
        g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.17g",
                                             CLAMP(json_node_get_double(n),
                                                   -DBL_MAX, DBL_MAX)));
        break;
    case G_TYPE_BOOLEAN:
        g_string_append(out, json_node_get_boolean(n) ? "true" : "false");
        break;
    case G_TYPE_STRING:
        append_string(out, json_node_get_string(n));
        break;
    default:
        g_string_append(out, "null");
        break;
    }
}

static void append_node(GString *out, JsonNode *n, bool pretty, int level)
{
    switch (json_node_get_node_type(n)) {
    case JSON_NODE_OBJECT:
        append_object(out, json_node_get_object(n), pretty, level);
        break;
    case JSON_NODE_ARRAY:
        append_array(out, json_node_get_array(n), pretty, level);
        break;
    case JSON_NODE_VALUE:
        append_value(out, n);
        break;
    case JSON_NODE_NULL:
        g_string_append(out, "null");
        break;
    }
}

char *qjson_to_string(JsonNode *node, bool pretty)
{
    GString *out = g_string_new(NULL);

    append_node(out, node, pretty, 0);
    return g_string_free(out, FALSE);
}

JsonNode *qjson_new_object(JsonObject **obj)
{
    JsonNode *n = json_node_new(JSON_NODE_OBJECT);
    JsonObject *o = json_object_new();

    json_node_take_object(n, o);
    if (obj) {
        *obj = o;
    }
    return n;
}

JsonNode *qjson_new_array(JsonArray **arr)
{
    JsonNode *n = json_node_new(JSON_NODE_ARRAY);
    JsonArray *a = json_array_new();

    json_node_take_array(n, a);
    if (arr) {
        *arr = a;
    }
    return n;
}

JsonNode *qjson_new_string(const char *s)
{
    JsonNode *n = json_node_new(JSON_NODE_VALUE);

    json_node_set_string(n, s);
    return n;
}

JsonNode *qjson_new_int(int64_t v)
{
    JsonNode *n = json_node_new(JSON_NODE_VALUE);

    json_node_set_int(n, v);
    return n;
}

JsonNode *qjson_new_bool(bool b)
{
    JsonNode *n = json_node_new(JSON_NODE_VALUE);

    json_node_set_boolean(n, b);
    return n;
}
