/*
 * QMP monitors on chardevs (-qmp, -qmp-pretty, -mon mode=control) and
 * event broadcast.
 *
 * Each monitor owns a session; a new connection on its chardev (a socket
 * client) restarts it with a fresh greeting in negotiation mode. Requests
 * are handled on the main loop as their bytes arrive; replies and events
 * are written synchronously, so an event caused by a command (STOP, RESET,
 * SHUTDOWN) goes out before that command's reply, as on QEMU.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "chardev/char.h"
#include "monitor/monitor.h"
#include "sysemu/runstate.h"
#include "monitor-internal.h"

struct qmp_monitor {
    struct chardev *chr;
    struct qmp_session session;
};

static GPtrArray *qmp_monitors;     /* struct qmp_monitor * */

static void qmp_chr_write(void *opaque, const char *text, size_t len)
{
    struct qmp_monitor *m = opaque;

    qemu_chr_fe_write(m->chr, (const uint8_t *)text, len);
}

static void qmp_chr_receive(void *opaque, const uint8_t *buf, int len)
{
    struct qmp_monitor *m = opaque;

    qmp_session_feed(&m->session, buf, len);
}

static void qmp_chr_event(void *opaque, enum chr_event event)
{
    struct qmp_monitor *m = opaque;

    if (event != CHR_EVENT_OPENED && event != CHR_EVENT_CLOSED) {
        return;                 /* mux focus changes */
    }
    qmp_session_restart(&m->session);
    if (event == CHR_EVENT_OPENED) {
        qmp_session_greet(&m->session);
    }
}

static void broadcast(const char *event, JsonNode *data)
{
    int64_t now = g_get_real_time();

    for (guint i = 0; qmp_monitors && i < qmp_monitors->len; i++) {
        struct qmp_monitor *m = g_ptr_array_index(qmp_monitors, i);

        qmp_session_send_event(&m->session, event, data, now);
    }
}

/* RESET and SHUTDOWN carry {"guest": bool, "reason": cause}. */
static void runstate_event(const char *event, bool has_cause,
                           enum shutdown_cause cause, void *opaque)
{
    JsonObject *o;
    JsonNode *data = NULL;

    if (has_cause) {
        data = qjson_new_object(&o);
        json_object_set_boolean_member(o, "guest",
                                       shutdown_cause_is_guest(cause));
        json_object_set_string_member(o, "reason", shutdown_cause_name(cause));
    }
    broadcast(event, data);
    if (data) {
        json_node_unref(data);
    }
}

int monitor_init_qmp(struct chardev *chr, bool pretty, Error **errp)
{
    struct qmp_monitor *m = g_new0(struct qmp_monitor, 1);

    if (!qmp_monitors) {
        qmp_monitors = g_ptr_array_new();
        runstate_add_event_listener(runstate_event, NULL);
    }
    m->chr = chr;
    qmp_session_init(&m->session, pretty, qmp_chr_write, m);
    if (qemu_chr_fe_set_handlers(chr, NULL, qmp_chr_receive, qmp_chr_event,
                                 m) < 0) {
        error_setg(errp, "chardev '%s' is already in use",
                   qemu_chr_id(chr));
        qmp_session_destroy(&m->session);
        g_free(m);
        return -EBUSY;
    }
    g_ptr_array_add(qmp_monitors, m);
    return 0;
}

struct pending_event {
    char *event;
    JsonNode *data;
};

static gboolean deliver_event(gpointer opaque)
{
    struct pending_event *e = opaque;

    broadcast(e->event, e->data);
    if (e->data) {
        json_node_unref(e->data);
    }
    g_free(e->event);
    g_free(e);
    return G_SOURCE_REMOVE;
}

void qmp_event_emit(const char *event, const char *data_json)
{
    struct pending_event *e = g_new0(struct pending_event, 1);

    e->event = g_strdup(event);
    if (data_json) {
        e->data = json_from_string(data_json, NULL);
    }
    if (qemu_in_main_thread()) {
        deliver_event(e);
    } else {
        g_idle_add(deliver_event, e);
    }
}
