/*
 * libqtest: the QMP side (framing replies, events, helpers).
 */
#include "libqtest-internal.h"

#include <stdio.h>
#include <string.h>

/*
 * Length of the first complete JSON object in buf, 0 if incomplete.
 * Leading bytes before '{' are skipped by the caller.
 */
static size_t json_object_end(const char *buf, size_t len)
{
    int depth = 0;
    char quote = 0;
    bool esc = false;

    for (size_t i = 0; i < len; i++) {
        char c = buf[i];

        if (quote) {
            if (esc) {
                esc = false;
            } else if (c == '\\') {
                esc = true;
            } else if (c == quote) {
                quote = 0;
            }
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return 0;
}

static JsonObject *parse_object(const char *text, size_t len)
{
    JsonParser *p = json_parser_new();
    GError *err = NULL;
    JsonObject *obj;

    if (!json_parser_load_from_data(p, text, len, &err)) {
        g_error("libqtest: bad JSON from QMP: %s: %.*s", err->message,
                (int)len, text);
    }
    g_assert(JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p)));
    obj = json_object_ref(json_node_get_object(json_parser_get_root(p)));
    g_object_unref(p);
    return obj;
}

JsonObject *qtest_qmp_receive_any(QTestState *s)
{
    g_assert(s->qmp_fd >= 0);
    if (!g_queue_is_empty(s->qmp_msgs)) {
        return g_queue_pop_head(s->qmp_msgs);
    }
    for (;;) {
        size_t skip = strspn(s->qmp_rx->str, " \t\r\n");
        size_t end;

        g_string_erase(s->qmp_rx, 0, skip);
        end = json_object_end(s->qmp_rx->str, s->qmp_rx->len);
        if (end) {
            JsonObject *o = parse_object(s->qmp_rx->str, end);

            g_string_erase(s->qmp_rx, 0, end);
            return o;
        }
        qtest_recv_more(s->qmp_fd, s->qmp_rx, "QMP");
    }
}

JsonObject *qtest_qmp_receive(QTestState *s)
{
    for (;;) {
        JsonObject *o = qtest_qmp_receive_any(s);

        if (!json_object_has_member(o, "event")) {
            return o;
        }
        g_queue_push_tail(s->qmp_events, o);
    }
}

/*
 * QEMU's libqtest re-serializes what the test wrote, so the VMM sees
 * double-quoted JSON: turn 'single-quoted' strings into "double" ones.
 */
static char *requote(const char *in)
{
    GString *out = g_string_new(NULL);
    char quote = 0;

    for (const char *p = in; *p; p++) {
        if (!quote) {
            if (*p == '\'' || *p == '"') {
                quote = *p;
                g_string_append_c(out, '"');
            } else {
                g_string_append_c(out, *p);
            }
        } else if (*p == '\\' && p[1]) {
            if (quote == '\'' && p[1] == '\'') {
                g_string_append_c(out, '\'');
            } else {
                g_string_append_c(out, *p);
                g_string_append_c(out, p[1]);
            }
            p++;
        } else if (*p == quote) {
            quote = 0;
            g_string_append_c(out, '"');
        } else if (*p == '"') {
            g_string_append(out, "\\\"");
        } else {
            g_string_append_c(out, *p);
        }
    }
    return g_string_free(out, FALSE);
}

static void qmp_vsend(QTestState *s, const char *fmt, va_list ap)
{
    char *text = g_strdup_vprintf(fmt, ap);
    char *json = requote(text);

    g_assert(s->qmp_fd >= 0);
    qtest_send_all(s->qmp_fd, json, strlen(json));
    qtest_send_all(s->qmp_fd, "\n", 1);
    g_free(json);
    g_free(text);
}

void qtest_qmp_send(QTestState *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    qmp_vsend(s, fmt, ap);
    va_end(ap);
}

void qtest_qmp_send_raw(QTestState *s, const char *text)
{
    qtest_send_all(s->qmp_fd, text, strlen(text));
}

JsonObject *qtest_qmp(QTestState *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    qmp_vsend(s, fmt, ap);
    va_end(ap);
    return qtest_qmp_receive(s);
}

void qtest_qmp_assert_success(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    JsonObject *r;

    va_start(ap, fmt);
    qmp_vsend(s, fmt, ap);
    va_end(ap);
    r = qtest_qmp_receive(s);
    if (!json_object_has_member(r, "return")) {
        JsonNode *n = json_node_init_object(json_node_alloc(), r);
        char *text = json_to_string(n, FALSE);

        g_error("libqtest: QMP command failed: %s", text);
    }
    json_object_unref(r);
}

static bool is_event(JsonObject *o, const char *event)
{
    return !g_strcmp0(json_object_get_string_member_with_default(o, "event",
                                                                 NULL),
                      event);
}

JsonObject *qtest_qmp_event_ref(QTestState *s, const char *event)
{
    for (GList *l = s->qmp_events->head; l; l = l->next) {
        if (is_event(l->data, event)) {
            JsonObject *o = l->data;

            g_queue_delete_link(s->qmp_events, l);
            return o;
        }
    }
    return NULL;
}

JsonObject *qtest_qmp_eventwait_ref(QTestState *s, const char *event)
{
    JsonObject *o = qtest_qmp_event_ref(s, event);

    while (!o) {
        o = qtest_qmp_receive_any(s);
        if (!is_event(o, event)) {
            if (json_object_has_member(o, "event")) {
                g_queue_push_tail(s->qmp_events, o);
            } else {
                /* A reply nobody waits for: keep it in order. */
                g_queue_push_tail(s->qmp_msgs, o);
            }
            o = NULL;
        }
    }
    return o;
}

void qtest_qmp_eventwait(QTestState *s, const char *event)
{
    json_object_unref(qtest_qmp_eventwait_ref(s, event));
}

char *qtest_hmp(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    char *cmd;
    char *quoted;
    JsonObject *r;
    char *out;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    {
        JsonNode *n = json_node_init_string(json_node_alloc(), cmd);

        quoted = json_to_string(n, FALSE);
        json_node_unref(n);
    }
    r = qtest_qmp(s, "{\"execute\": \"human-monitor-command\", "
                  "\"arguments\": {\"command-line\": %s}}", quoted);
    g_assert(json_object_has_member(r, "return"));
    out = g_strdup(json_object_get_string_member(r, "return"));
    json_object_unref(r);
    g_free(quoted);
    g_free(cmd);
    return out;
}

void qtest_system_reset(QTestState *s)
{
    qtest_qmp_assert_success(s, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(s, "RESET");
}
