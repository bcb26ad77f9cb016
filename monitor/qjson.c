/*
 * JSON text in QEMU's layout from json-glib nodes.
 *
 * json-glib's JsonGenerator writes every scalar (numbers, strings, true,
 * false, null). What stays here is the walk over objects and arrays that
 * puts QEMU's separators around them, because JsonGenerator 1.6 cannot:
 * compact output has no spaces (`{"a":1}`, QEMU writes `{"a": 1}`), and
 * pretty output writes `"a" : 1` and `{    }`. Three scalar details are
 * fixed after the generator (see docs/system/qmp.md):
 *  - it appends ".0" to a double ("1.0", "1e+20.0", "inf.0"); QEMU prints
 *    "%.17g" ("1", "1e+20", "inf");
 *  - it writes non-ASCII characters raw and \u escapes in lower case;
 *    QEMU writes ASCII only, \uXXXX upper case, surrogate pairs above
 *    U+FFFF;
 *  - json-glib has no unsigned 64-bit numbers: values in the request's
 *    u64 table (integers of 2^63..2^64-1 as QEMU reads them) print from it.
 * One difference from QEMU is deliberate: an infinite double (1e400) is
 * written as +-DBL_MAX, because QEMU's "inf" is not JSON.
 */
#include "qemu/osdep.h"
#include "monitor-internal.h"

#include <float.h>
#include <math.h>

struct layout {
    GString *out;
    bool pretty;
    JsonGenerator *gen;         /* writes one scalar at a time */
    GHashTable *u64;            /* JsonNode * -> guint64 *, or NULL */
};

static void indent(struct layout *l, int level)
{
    if (l->pretty) {
        g_string_append_c(l->out, '\n');
        for (int i = 0; i < level; i++) {
            g_string_append(l->out, "    ");
        }
    }
}

/* A generator string literal, re-escaped to QEMU's ASCII-only form. */
static void append_ascii(GString *out, const char *s)
{
    while (*s) {
        gunichar cp;

        if (s[0] == '\\' && s[1] == 'u') {
            g_string_append(out, "\\u");
            for (s += 2; g_ascii_isxdigit(*s); s++) {
                g_string_append_c(out, g_ascii_toupper(*s));
            }
            continue;
        }
        if ((unsigned char)*s < 0x7f) {
            g_string_append_c(out, *s++);
            continue;
        }
        cp = g_utf8_get_char_validated(s, -1);
        if (cp == (gunichar)-1 || cp == (gunichar)-2) {
            cp = 0xfffd;
            s++;
        } else {
            s = g_utf8_next_char(s);
        }
        if (cp >= 0x10000) {
            cp -= 0x10000;
            g_string_append_printf(out, "\\u%04X\\u%04X", 0xd800 | (cp >> 10),
                                   0xdc00 | (cp & 0x3ff));
        } else {
            g_string_append_printf(out, "\\u%04X", cp);
        }
    }
}

static void append_scalar(struct layout *l, JsonNode *n)
{
    guint64 *u = l->u64 ? g_hash_table_lookup(l->u64, n) : NULL;
    char *text;
    size_t len;

    if (u) {
        g_string_append_printf(l->out, "%" G_GUINT64_FORMAT, *u);
        return;
    }
    if (JSON_NODE_HOLDS_VALUE(n) &&
        json_node_get_value_type(n) == G_TYPE_DOUBLE &&
        isinf(json_node_get_double(n))) {
        JsonNode *lim = json_node_init_double(
            json_node_alloc(), copysign(DBL_MAX, json_node_get_double(n)));

        json_generator_set_root(l->gen, lim);
        json_node_unref(lim);
    } else {
        json_generator_set_root(l->gen, n);
    }
    text = json_generator_to_data(l->gen, &len);
    if (JSON_NODE_HOLDS_VALUE(n) &&
        json_node_get_value_type(n) == G_TYPE_STRING) {
        append_ascii(l->out, text);
    } else {
        /* "%.17g" never ends in ".0": that is the generator's marker. */
        if (JSON_NODE_HOLDS_VALUE(n) &&
            json_node_get_value_type(n) == G_TYPE_DOUBLE &&
            g_str_has_suffix(text, ".0")) {
            len -= 2;
        }
        g_string_append_len(l->out, text, len);
    }
    g_free(text);
}

static void append_key(struct layout *l, const char *key)
{
    JsonNode *k = json_node_init_string(json_node_alloc(), key);

    append_scalar(l, k);
    json_node_unref(k);
    g_string_append(l->out, ": ");
}

static void append_node(struct layout *l, JsonNode *n, int level);

static void separator(struct layout *l, bool first)
{
    if (!first) {
        g_string_append(l->out, l->pretty ? "," : ", ");
    }
}

static void append_object(struct layout *l, JsonObject *o, int level)
{
    JsonObjectIter it;
    const char *key;
    JsonNode *val;
    bool first = true;

    g_string_append_c(l->out, '{');
    json_object_iter_init_ordered(&it, o);
    while (json_object_iter_next_ordered(&it, &key, &val)) {
        separator(l, first);
        first = false;
        indent(l, level + 1);
        append_key(l, key);
        append_node(l, val, level + 1);
    }
    indent(l, level);
    g_string_append_c(l->out, '}');
}

static void append_array(struct layout *l, JsonArray *a, int level)
{
    guint n = json_array_get_length(a);

    g_string_append_c(l->out, '[');
    for (guint i = 0; i < n; i++) {
        separator(l, i == 0);
        indent(l, level + 1);
        append_node(l, json_array_get_element(a, i), level + 1);
    }
    indent(l, level);
    g_string_append_c(l->out, ']');
}

static void append_node(struct layout *l, JsonNode *n, int level)
{
    switch (json_node_get_node_type(n)) {
    case JSON_NODE_OBJECT:
        append_object(l, json_node_get_object(n), level);
        break;
    case JSON_NODE_ARRAY:
        append_array(l, json_node_get_array(n), level);
        break;
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
        append_scalar(l, n);
        break;
    }
}

char *qjson_to_string(JsonNode *node, bool pretty, GHashTable *u64)
{
    struct layout l = {
        .out = g_string_new(NULL),
        .pretty = pretty,
        .gen = json_generator_new(),
        .u64 = u64,
    };

    append_node(&l, node, 0);
    g_object_unref(l.gen);
    return g_string_free(l.out, FALSE);
}

/*
 * QEMU's QDict keeps members in 512 hash buckets (a TDB-style string hash)
 * and lists each bucket newest first; its JSON output walks the buckets in
 * order. A request's objects come back (in an echoed "id") in that order.
 */
#define QDICT_BUCKETS 512

static unsigned qdict_bucket(const char *key)
{
    unsigned v = 0x238F13AFu * (unsigned)strlen(key);

    for (unsigned i = 0; key[i]; i++) {
        v += (unsigned)(unsigned char)key[i] << (i * 5 % 24);
    }
    return (1103515243u * v + 12345u) % QDICT_BUCKETS;
}

struct member {
    const char *key;
    JsonNode *val;
    unsigned bucket;
    unsigned index;             /* insertion order */
};

static int member_cmp(gconstpointer a, gconstpointer b)
{
    const struct member *x = a, *y = b;

    if (x->bucket != y->bucket) {
        return x->bucket < y->bucket ? -1 : 1;
    }
    return x->index < y->index ? 1 : -1;    /* newest first */
}

JsonNode *qjson_copy_qdict_order(JsonNode *n, GHashTable *u64)
{
    JsonNode *copy;

    if (JSON_NODE_HOLDS_OBJECT(n)) {
        JsonObject *src = json_node_get_object(n), *dst;
        GArray *m = g_array_new(FALSE, FALSE, sizeof(struct member));
        JsonObjectIter it;
        struct member e = { 0 };

        json_object_iter_init_ordered(&it, src);
        while (json_object_iter_next_ordered(&it, &e.key, &e.val)) {
            e.bucket = qdict_bucket(e.key);
            g_array_append_val(m, e);
            e.index++;
        }
        g_array_sort(m, member_cmp);
        copy = qjson_new_object(&dst);
        for (guint i = 0; i < m->len; i++) {
            struct member *p = &g_array_index(m, struct member, i);

            json_object_set_member(dst, p->key,
                                   qjson_copy_qdict_order(p->val, u64));
        }
        g_array_free(m, TRUE);
    } else if (JSON_NODE_HOLDS_ARRAY(n)) {
        JsonArray *src = json_node_get_array(n), *dst;

        copy = qjson_new_array(&dst);
        for (guint i = 0; i < json_array_get_length(src); i++) {
            json_array_add_element(dst, qjson_copy_qdict_order(
                                       json_array_get_element(src, i), u64));
        }
    } else {
        guint64 *u = u64 ? g_hash_table_lookup(u64, n) : NULL;

        copy = json_node_copy(n);
        if (u) {
            g_hash_table_insert(u64, copy, g_memdup2(u, sizeof(*u)));
        }
    }
    return copy;
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
