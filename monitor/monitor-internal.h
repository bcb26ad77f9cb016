/*
 * Monitor internals shared by the monitor/ sources and the unit tests.
 *
 * A QMP session is transport-free: bytes go in through qmp_session_feed()
 * and every outgoing message (greeting, reply, event) goes to the session's
 * write callback as one line. monitor/qmp.c binds sessions to chardevs.
 * Everything here runs on the main-loop thread.
 */
#ifndef MONITOR_MONITOR_INTERNAL_H
#define MONITOR_MONITOR_INTERNAL_H

#include "qemu/osdep.h"
#include "monitor/qmp-framer.h"

#include <json-glib/json-glib.h>

/* QEMU's error classes (QAPI ErrorClass). */
#define QMP_ERR_GENERIC "GenericError"
#define QMP_ERR_COMMAND_NOT_FOUND "CommandNotFound"
#define QMP_ERR_DEVICE_NOT_FOUND "DeviceNotFound"

typedef void qmp_write_fn(void *opaque, const char *text, size_t len);

struct qmp_session {
    bool negotiated;            /* qmp_capabilities succeeded */
    bool pretty;                /* -qmp-pretty / pretty=on */
    struct qmp_framer framer;
    GHashTable *u64;            /* the request's unsigned numbers, or NULL */
    qmp_write_fn *write;
    void *opaque;
};

/* Error state of one command. */
struct qmp_cmd_ctx {
    struct qmp_session *session;
    const char *err_class;      /* NULL while the command succeeds */
    char *err_desc;
};

void qmp_error(struct qmp_cmd_ctx *c, const char *cls, const char *fmt, ...)
    QEMU_PRINTF(3, 4);

/* A command returns its "return" value; NULL means {} (or an error). */
typedef JsonNode *qmp_cmd_fn(JsonObject *args, struct qmp_cmd_ctx *c);

enum qmp_arg_type {
    QMP_ARG_STR,
    QMP_ARG_BOOL,
    QMP_ARG_INT,
    QMP_ARG_ANY,
    QMP_ARG_STR_LIST,
};

struct qmp_arg {
    const char *name;
    enum qmp_arg_type type;
    bool optional;
};

struct qmp_command {
    const char *name;
    qmp_cmd_fn *fn;
    const struct qmp_arg *args;     /* NULL-name terminated, or NULL */
};

/* monitor/qmp-cmds.c: the command table, sorted by nothing in particular. */
extern const struct qmp_command qmp_commands[];
const struct qmp_command *qmp_find_command(const char *name);

/* monitor/qmp-dispatch.c */
void qmp_session_init(struct qmp_session *s, bool pretty, qmp_write_fn *w,
                      void *opaque);
void qmp_session_destroy(struct qmp_session *s);
/* Back to negotiation mode with an empty framer (a new client). */
void qmp_session_restart(struct qmp_session *s);
void qmp_session_greet(struct qmp_session *s);
void qmp_session_feed(struct qmp_session *s, const uint8_t *buf, size_t len);
/* Send an event if the session is in command mode. */
void qmp_session_send_event(struct qmp_session *s, const char *event,
                            JsonNode *data, int64_t usecs);
/* Handle one framed request text (what the framer produced). */
void qmp_session_handle_text(struct qmp_session *s, const char *text,
                             size_t len);

/*
 * monitor/qjson.c: JSON text in QEMU's layout, ASCII only; u64 maps
 * JsonNode * to guint64 * for numbers json-glib cannot hold (or NULL).
 */
char *qjson_to_string(JsonNode *node, bool pretty, GHashTable *u64);
/* A deep copy with object members in QEMU's QDict order (an echoed id). */
JsonNode *qjson_copy_qdict_order(JsonNode *n, GHashTable *u64);
JsonNode *qjson_new_object(JsonObject **obj);
JsonNode *qjson_new_array(JsonArray **arr);
JsonNode *qjson_new_string(const char *s);
JsonNode *qjson_new_int(int64_t v);
JsonNode *qjson_new_bool(bool b);

/* monitor/qom.c: the QOM-like object tree over devices and chardevs. */
JsonNode *qom_list(const char *path, struct qmp_cmd_ctx *c);
JsonNode *qom_get(const char *path, const char *prop, struct qmp_cmd_ctx *c);
void qom_set(const char *path, const char *prop, JsonNode *value,
             struct qmp_cmd_ctx *c);
JsonNode *qom_list_types(const char *implements, bool has_abstract,
                         bool abstract);
JsonNode *qom_device_list_properties(const char *type,
                                     struct qmp_cmd_ctx *c);
/* "info qtree" */
void qom_print_qtree(GString *out);

/* monitor/hmp-cmds.c: text with every "\n" turned into "\r\n". */
char *hmp_crlf(const char *text);
/* hmp_run_command with CPU cpu selected; NULL and *error if none such. */
char *hmp_run_command_on_cpu(const char *cmdline, int cpu, char **error);

/* monitor/hmp.c: the readline monitor's line editor, transport-free. */
struct hmp_editor {
    GString *line;              /* the line being typed */
    int esc;                    /* 0, or bytes of an escape sequence seen */
    bool last_cr;               /* swallow the "\n" of a "\r\n" */
};
#define HMP_LINE_MAX 1024
/*
 * Feed one byte: returns a complete line (g_free it) on Enter, else NULL;
 * echo receives what the terminal should show.
 */
char *hmp_editor_byte(struct hmp_editor *e, uint8_t c, GString *echo);

#endif
