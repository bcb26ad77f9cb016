/*
 * One QMP session: greeting, capabilities negotiation, request checks,
 * command dispatch and replies, as QEMU 7.2 does them.
 */
#include "qemu/osdep.h"
#include "monitor-internal.h"
#include "config-host.h"

void qmp_error(struct qmp_cmd_ctx *c, const char *cls, const char *fmt, ...)
{
    va_list ap;

    if (c->err_class) {
        return;                     /* keep the first error */
    }
    va_start(ap, fmt);
    c->err_class = cls;
    c->err_desc = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

static void send_node(struct qmp_session *s, JsonNode *msg)
{
    char *text = qjson_to_string(msg, s->pretty, s->u64);
    char *line = g_strconcat(text, "\r\n", NULL);

    s->write(s->opaque, line, strlen(line));
    g_free(line);
    g_free(text);
}

static void send_reply(struct qmp_session *s, JsonNode *ret,
                       const char *err_class, const char *err_desc,
                       JsonNode *id)
{
    JsonObject *o;
    JsonNode *msg = qjson_new_object(&o);

    if (err_class) {
        JsonObject *e;
        JsonNode *en = qjson_new_object(&e);

        json_object_set_string_member(e, "class", err_class);
        json_object_set_string_member(e, "desc", err_desc);
        json_object_set_member(o, "error", en);
        if (ret) {
            json_node_unref(ret);
        }
    } else {
        json_object_set_member(o, "return", ret ? ret : qjson_new_object(NULL));
    }
    if (id) {
        json_object_set_member(o, "id", json_node_ref(id));
    }
    send_node(s, msg);
    json_node_unref(msg);
}

static void send_error(struct qmp_session *s, JsonNode *id, const char *cls,
                       const char *fmt, ...) QEMU_PRINTF(4, 5);

static void send_error(struct qmp_session *s, JsonNode *id, const char *cls,
                       const char *fmt, ...)
{
    va_list ap;
    char *desc;

    va_start(ap, fmt);
    desc = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    send_reply(s, NULL, cls, desc, id);
    g_free(desc);
}

static void framer_cb(void *opaque, const char *text, size_t len,
                      const char *error)
{
    struct qmp_session *s = opaque;

    if (error) {
        send_error(s, NULL, QMP_ERR_GENERIC, "%s", error);
        return;
    }
    qmp_session_handle_text(s, text, len);
}

void qmp_session_init(struct qmp_session *s, bool pretty, qmp_write_fn *w,
                      void *opaque)
{
    memset(s, 0, sizeof(*s));
    s->pretty = pretty;
    s->write = w;
    s->opaque = opaque;
    qmp_framer_init(&s->framer, framer_cb, s);
}

void qmp_session_destroy(struct qmp_session *s)
{
    qmp_framer_destroy(&s->framer);
}

void qmp_session_restart(struct qmp_session *s)
{
    s->negotiated = false;
    qmp_framer_reset(&s->framer);
}

void qmp_session_greet(struct qmp_session *s)
{
    JsonObject *top, *qmp, *ver, *qemu;
    JsonNode *msg = qjson_new_object(&top);
    JsonNode *qmpn = qjson_new_object(&qmp);
    JsonNode *vern = qjson_new_object(&ver);
    JsonNode *qemun = qjson_new_object(&qemu);
    unsigned major = 0, minor = 0, micro = 0;

    sscanf(QEMU_COMPAT_VERSION, "%u.%u.%u", &major, &minor, &micro);
    json_object_set_int_member(qemu, "micro", micro);
    json_object_set_int_member(qemu, "minor", minor);
    json_object_set_int_member(qemu, "major", major);
    json_object_set_member(ver, "qemu", qemun);
    json_object_set_string_member(ver, "package", "splitvm " SPLITVM_VERSION);
    json_object_set_member(qmp, "version", vern);
    /* No "oob": exec-oob is not implemented. */
    json_object_set_member(qmp, "capabilities", qjson_new_array(NULL));
    json_object_set_member(top, "QMP", qmpn);
    send_node(s, msg);
    json_node_unref(msg);
}

void qmp_session_send_event(struct qmp_session *s, const char *event,
                            JsonNode *data, int64_t usecs)
{
    JsonObject *o, *ts;
    JsonNode *msg, *tsn;

    if (!s->negotiated) {
        return;
    }
    msg = qjson_new_object(&o);
    tsn = qjson_new_object(&ts);
    json_object_set_int_member(ts, "seconds", usecs / G_USEC_PER_SEC);
    json_object_set_int_member(ts, "microseconds", usecs % G_USEC_PER_SEC);
    json_object_set_member(o, "timestamp", tsn);
    json_object_set_string_member(o, "event", event);
    if (data) {
        json_object_set_member(o, "data", json_node_copy(data));
    }
    send_node(s, msg);
    json_node_unref(msg);
}

void qmp_session_feed(struct qmp_session *s, const uint8_t *buf, size_t len)
{
    qmp_framer_feed(&s->framer, buf, len);
}

static const char *json_type_name(enum qmp_arg_type t)
{
    switch (t) {
    case QMP_ARG_STR:
        return "string";
    case QMP_ARG_BOOL:
        return "boolean";
    case QMP_ARG_INT:
        return "integer";
    case QMP_ARG_STR_LIST:
        return "array";
    case QMP_ARG_ANY:
        break;
    }
    return "any";
}

static bool value_has_type(JsonNode *n, GType t)
{
    return JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == t;
}

static bool check_arg(const struct qmp_arg *a, JsonNode *v,
                      struct qmp_cmd_ctx *c)
{
    bool ok = true;

    switch (a->type) {
    case QMP_ARG_STR:
        ok = value_has_type(v, G_TYPE_STRING);
        break;
    case QMP_ARG_BOOL:
        ok = value_has_type(v, G_TYPE_BOOLEAN);
        break;
    case QMP_ARG_INT:
        /* An unsigned number past INT64_MAX is no int64 (QAPI's check). */
        ok = value_has_type(v, G_TYPE_INT64) &&
             !(c->session->u64 && g_hash_table_contains(c->session->u64, v));
        break;
    case QMP_ARG_STR_LIST:
        if (!JSON_NODE_HOLDS_ARRAY(v)) {
            ok = false;
            break;
        }
        for (guint i = 0; i < json_array_get_length(json_node_get_array(v));
             i++) {
            JsonNode *e = json_array_get_element(json_node_get_array(v), i);

            if (!value_has_type(e, G_TYPE_STRING)) {
                qmp_error(c, QMP_ERR_GENERIC, "Invalid parameter type for "
                          "'%s[%u]', expected: string", a->name, i);
                return false;
            }
        }
        break;
    case QMP_ARG_ANY:
        break;
    }
    if (!ok) {
        qmp_error(c, QMP_ERR_GENERIC,
                  "Invalid parameter type for '%s', expected: %s", a->name,
                  json_type_name(a->type));
    }
    return ok;
}

/* QAPI's order: declared members (missing, type), then unexpected ones. */
static bool check_args(const struct qmp_command *cmd, JsonObject *args,
                       struct qmp_cmd_ctx *c)
{
    JsonObjectIter it;
    const char *key;
    JsonNode *val;

    for (const struct qmp_arg *a = cmd->args; a && a->name; a++) {
        JsonNode *v = json_object_get_member(args, a->name);

        if (!v) {
            if (!a->optional) {
                qmp_error(c, QMP_ERR_GENERIC, "Parameter '%s' is missing",
                          a->name);
                return false;
            }
            continue;
        }
        if (!check_arg(a, v, c)) {
            return false;
        }
    }
    json_object_iter_init_ordered(&it, args);
    while (json_object_iter_next_ordered(&it, &key, &val)) {
        bool known = false;

        for (const struct qmp_arg *a = cmd->args; a && a->name; a++) {
            known |= !strcmp(a->name, key);
        }
        if (!known) {
            qmp_error(c, QMP_ERR_GENERIC, "Parameter '%s' is unexpected", key);
            return false;
        }
    }
    return true;
}

/* The checks of QEMU's qmp_dispatch_check_obj(), in its order. */
static const char *check_request(JsonObject *req, const char **name)
{
    static char msg[128];
    JsonObjectIter it;
    const char *key;
    JsonNode *val;

    *name = NULL;
    json_object_iter_init_ordered(&it, req);
    while (json_object_iter_next_ordered(&it, &key, &val)) {
        if (!strcmp(key, "execute")) {
            if (!value_has_type(val, G_TYPE_STRING)) {
                return "QMP input member 'execute' must be a string";
            }
            *name = json_node_get_string(val);
        } else if (!strcmp(key, "arguments")) {
            if (!JSON_NODE_HOLDS_OBJECT(val)) {
                return "QMP input member 'arguments' must be an object";
            }
        } else if (strcmp(key, "id") && strcmp(key, "control")) {
            /* exec-oob lands here: OOB is never enabled (no capability). */
            g_snprintf(msg, sizeof(msg), "QMP input member '%.64s' is "
                       "unexpected", key);
            return msg;
        }
    }
    if (!*name) {
        return "QMP input lacks member 'execute'";
    }
    return NULL;
}

static void dispatch(struct qmp_session *s, JsonObject *req, JsonNode *id)
{
    const char *name;
    const char *bad = check_request(req, &name);
    const struct qmp_command *cmd;
    struct qmp_cmd_ctx c = { .session = s };
    JsonObject *args;
    JsonObject *empty = NULL;
    JsonNode *ret = NULL;

    if (bad) {
        send_error(s, id, QMP_ERR_GENERIC, "%s", bad);
        return;
    }
    cmd = qmp_find_command(name);
    if (!s->negotiated && (!cmd || strcmp(name, "qmp_capabilities"))) {
        send_error(s, id, QMP_ERR_COMMAND_NOT_FOUND, "Expecting capabilities "
                   "negotiation with 'qmp_capabilities'");
        return;
    }
    if (!cmd) {
        send_error(s, id, QMP_ERR_COMMAND_NOT_FOUND,
                   "The command %s has not been found", name);
        return;
    }
    if (json_object_has_member(req, "arguments")) {
        args = json_object_get_object_member(req, "arguments");
    } else {
        args = empty = json_object_new();
    }
    if (check_args(cmd, args, &c)) {
        ret = cmd->fn(args, &c);
    }
    send_reply(s, ret, c.err_class, c.err_desc, id);
    g_free(c.err_desc);
    if (empty) {
        json_object_unref(empty);
    }
}

/*
 * QEMU's reading of the numbers json-glib parsed: json-glib wraps integers
 * of 2^63..2^64-1 and clamps larger ones; QEMU keeps the first as uint64
 * and reads the rest (and negative ones below INT64_MIN) as doubles. The
 * framer's number tokens come in text order, as json-glib's member and
 * element signals do. Duplicate keys are an error in QEMU; json-glib keeps
 * the last, so they are counted here.
 */
struct number_fixup {
    GPtrArray *raw;             /* the framer's number tokens */
    guint next;
    GHashTable *u64;
    GHashTable *keys;           /* "object/name" seen */
    bool duplicate;
};

static void fixup_number(struct number_fixup *fx, JsonNode *n)
{
    const char *raw;
    guint64 u;
    GType t;

    if (!n || !JSON_NODE_HOLDS_VALUE(n)) {
        return;
    }
    t = json_node_get_value_type(n);
    if ((t != G_TYPE_INT64 && t != G_TYPE_DOUBLE) || !fx->raw ||
        fx->next >= fx->raw->len) {
        return;
    }
    raw = g_ptr_array_index(fx->raw, fx->next++);
    if (t != G_TYPE_INT64 || strpbrk(raw, ".eE") ||
        g_ascii_string_to_signed(raw, 10, G_MININT64, G_MAXINT64, NULL,
                                 NULL)) {
        return;                 /* json-glib read it as QEMU does */
    }
    if (raw[0] != '-' &&
        g_ascii_string_to_unsigned(raw, 10, 0, G_MAXUINT64, &u, NULL)) {
        g_hash_table_insert(fx->u64, n, g_memdup2(&u, sizeof(u)));
    } else {
        json_node_set_double(n, g_ascii_strtod(raw, NULL));
    }
}

static void on_element(JsonParser *p, JsonArray *a, gint i, gpointer opaque)
{
    fixup_number(opaque, json_array_get_element(a, i));
}

static void on_member(JsonParser *p, JsonObject *o, gchar *name,
                      gpointer opaque)
{
    struct number_fixup *fx = opaque;
    char *key = g_strdup_printf("%p/%s", (void *)o, name);

    if (g_hash_table_contains(fx->keys, key)) {
        fx->duplicate = true;
        g_free(key);
    } else {
        g_hash_table_add(fx->keys, key);
    }
    fixup_number(fx, json_object_get_member(o, name));
}

static void handle_root(struct qmp_session *s, JsonNode *root)
{
    JsonObject *req;
    JsonNode *id_in, *id = NULL;

    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        send_error(s, NULL, QMP_ERR_GENERIC,
                   "QMP input must be a JSON object");
        return;
    }
    req = json_node_get_object(root);
    id_in = json_object_get_member(req, "id");
    if (id_in) {
        /* QEMU echoes the id as it stored it: a QDict, hash ordered. */
        id = qjson_copy_qdict_order(id_in, s->u64);
    }
    dispatch(s, req, id);
    if (id) {
        json_node_unref(id);
    }
}

void qmp_session_handle_text(struct qmp_session *s, const char *text,
                             size_t len)
{
    JsonParser *p = json_parser_new();
    GError *err = NULL;
    struct number_fixup fx = {
        .raw = s->framer.text_numbers,
        .u64 = g_hash_table_new_full(NULL, NULL, NULL, g_free),
        .keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
    };

    g_signal_connect(p, "array-element", G_CALLBACK(on_element), &fx);
    g_signal_connect(p, "object-member", G_CALLBACK(on_member), &fx);
    if (!json_parser_load_from_data(p, text, len, &err)) {
        /* json-glib says "<data>:1:5: Parse error: what"; keep "what". */
        const char *what = strstr(err->message, "error: ");

        send_error(s, NULL, QMP_ERR_GENERIC, "JSON parse error, %s",
                   what ? what + strlen("error: ") : err->message);
        g_error_free(err);
    } else if (fx.duplicate) {
        send_error(s, NULL, QMP_ERR_GENERIC, "JSON parse error, duplicate key");
    } else {
        s->u64 = fx.u64;
        handle_root(s, json_parser_get_root(p));
        s->u64 = NULL;
    }
    g_hash_table_destroy(fx.keys);
    g_hash_table_destroy(fx.u64);
    g_object_unref(p);
}
