/*
 * QMP commands: the table and the handlers that are not about the object
 * tree (monitor/qom.c has those).
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "hw/boards.h"
#include "monitor/monitor.h"
#include "sysemu/accel.h"
#include "sysemu/runstate.h"
#include "monitor-internal.h"
#include "config-host.h"

static JsonNode *cmd_qmp_capabilities(JsonObject *args, struct qmp_cmd_ctx *c)
{
    JsonNode *enable = json_object_get_member(args, "enable");

    if (c->session->negotiated) {
        qmp_error(c, QMP_ERR_COMMAND_NOT_FOUND, "Capabilities negotiation is "
                  "already complete, command ignored");
        return NULL;
    }
    for (guint i = 0; enable &&
         i < json_array_get_length(json_node_get_array(enable)); i++) {
        const char *cap =
            json_array_get_string_element(json_node_get_array(enable), i);

        if (strcmp(cap, "oob")) {
            qmp_error(c, QMP_ERR_GENERIC, "Parameter 'null' does not accept "
                      "value '%s'", cap);
        } else {
            /* Not offered in the greeting: exec-oob is not implemented. */
            qmp_error(c, QMP_ERR_GENERIC, "Capability %s not available", cap);
        }
        return NULL;
    }
    c->session->negotiated = true;
    return NULL;
}

static JsonNode *cmd_query_version(JsonObject *args, struct qmp_cmd_ctx *c)
{
    JsonObject *o, *q;
    JsonNode *ret = qjson_new_object(&o);
    JsonNode *qn = qjson_new_object(&q);
    unsigned major = 0, minor = 0, micro = 0;

    sscanf(QEMU_COMPAT_VERSION, "%u.%u.%u", &major, &minor, &micro);
    json_object_set_int_member(q, "micro", micro);
    json_object_set_int_member(q, "minor", minor);
    json_object_set_int_member(q, "major", major);
    json_object_set_member(o, "qemu", qn);
    json_object_set_string_member(o, "package", "splitvm " SPLITVM_VERSION);
    return ret;
}

static JsonNode *cmd_query_status(JsonObject *args, struct qmp_cmd_ctx *c)
{
    JsonObject *o;
    JsonNode *ret = qjson_new_object(&o);

    json_object_set_string_member(o, "status", run_state_name(runstate_get()));
    json_object_set_boolean_member(o, "singlestep", false);
    json_object_set_boolean_member(o, "running", runstate_is_running());
    return ret;
}

static JsonNode *cmd_query_name(JsonObject *args, struct qmp_cmd_ctx *c)
{
    JsonObject *o;
    JsonNode *ret = qjson_new_object(&o);

    if (current_machine && current_machine->cfg.name) {
        json_object_set_string_member(o, "name", current_machine->cfg.name);
    }
    return ret;
}

static JsonNode *cmd_query_kvm(JsonObject *args, struct qmp_cmd_ctx *c)
{
    JsonObject *o;
    JsonNode *ret = qjson_new_object(&o);
    bool enabled = current_machine && current_machine->accel &&
                   !strcmp(current_machine->accel->name, "kvm");

    json_object_set_boolean_member(o, "enabled", enabled);
    /* "present": KVM support is built in (always, here). */
    json_object_set_boolean_member(o, "present", true);
    return ret;
}

static JsonNode *cmd_query_cpus_fast(JsonObject *args, struct qmp_cmd_ctx *c)
{
    JsonArray *a;
    JsonNode *ret = qjson_new_array(&a);
    const struct accel_ops *ops = current_machine ? current_machine->accel
                                                  : NULL;
    int n = ops && ops->vcpu_count && ops->vcpu_qom_path ? ops->vcpu_count()
                                                         : 0;

    for (int i = 0; i < n; i++) {
        const struct smp_config *smp = &current_machine->cfg.smp;
        JsonObject *o, *p;
        JsonNode *cpu = qjson_new_object(&o);
        JsonNode *props = qjson_new_object(&p);
        unsigned threads = MAX(smp->threads, 1);
        unsigned cores = MAX(smp->cores, 1);
        unsigned dies = MAX(smp->dies, 1);
        const char *path = ops->vcpu_qom_path(i);

        json_object_set_int_member(p, "core-id", (i / threads) % cores);
        json_object_set_int_member(p, "thread-id", i % threads);
        json_object_set_int_member(p, "socket-id",
                                   i / (threads * cores * dies));
        json_object_set_int_member(o, "thread-id", ops->vcpu_thread_id(i));
        json_object_set_member(o, "props", props);
        json_object_set_string_member(o, "qom-path", path);
        json_object_set_int_member(o, "cpu-index", i);
        json_object_set_string_member(o, "target", "x86_64");
        json_array_add_element(a, cpu);
    }
    return ret;
}

static JsonNode *cmd_query_commands(JsonObject *args, struct qmp_cmd_ctx *c)
{
    JsonArray *a;
    JsonNode *ret = qjson_new_array(&a);

    for (const struct qmp_command *cmd = qmp_commands; cmd->name; cmd++) {
        JsonObject *o;
        JsonNode *n = qjson_new_object(&o);

        json_object_set_string_member(o, "name", cmd->name);
        json_array_add_element(a, n);
    }
    return ret;
}

static JsonNode *cmd_query_machines(JsonObject *args, struct qmp_cmd_ctx *c)
{
    JsonArray *a;
    JsonNode *ret = qjson_new_array(&a);

    for (const struct machine_type_info *t = machine_types; t->name; t++) {
        JsonObject *o;
        JsonNode *n = qjson_new_object(&o);
        bool pc = strcmp(t->name, "none") != 0;

        /* QEMU names the versioned type and calls "pc" its alias. */
        json_object_set_string_member(o, "name", t->alias ? t->alias
                                                          : t->name);
        if (t->alias) {
            json_object_set_string_member(o, "alias", t->name);
        }
        json_object_set_boolean_member(o, "is-default", t->is_default);
        json_object_set_int_member(o, "cpu-max", pc ? 255 : 1);
        json_object_set_boolean_member(o, "hotpluggable-cpus", false);
        json_object_set_boolean_member(o, "numa-mem-supported", false);
        json_object_set_boolean_member(o, "deprecated", false);
        if (pc) {
            json_object_set_string_member(o, "default-cpu-type",
                                          "qemu64-x86_64-cpu");
        }
        json_array_add_element(a, n);
    }
    return ret;
}

static void add_chardev(struct chardev *chr, void *opaque)
{
    JsonArray *a = opaque;
    JsonObject *o;
    JsonNode *n = qjson_new_object(&o);
    char *filename = qemu_chr_filename(chr);

    json_object_set_boolean_member(o, "frontend-open",
                                   qemu_chr_has_frontend(chr));
    json_object_set_string_member(o, "filename", filename);
    json_object_set_string_member(o, "label", qemu_chr_id(chr));
    json_array_add_element(a, n);
    g_free(filename);
}

static JsonNode *cmd_query_chardev(JsonObject *args, struct qmp_cmd_ctx *c)
{
    JsonArray *a;
    JsonNode *ret = qjson_new_array(&a);

    qemu_chr_foreach(add_chardev, a);
    return ret;
}

/*
 * Carry out the request now, on this (the main) thread, so its event goes
 * out before the reply as on QEMU; a final shutdown still leaves the main
 * loop through the ordinary exit request.
 */
static void run_requests_now(void)
{
    if (runstate_process_requests()) {
        qemu_system_exit_request(runstate_exit_status());
    }
}

static JsonNode *cmd_stop(JsonObject *args, struct qmp_cmd_ctx *c)
{
    vm_stop(RUN_STATE_PAUSED);
    return NULL;
}

static JsonNode *cmd_cont(JsonObject *args, struct qmp_cmd_ctx *c)
{
    enum run_state s = runstate_get();

    if (s == RUN_STATE_SHUTDOWN || s == RUN_STATE_INTERNAL_ERROR ||
        s == RUN_STATE_GUEST_PANICKED) {
        qmp_error(c, QMP_ERR_GENERIC,
                  "Resetting the Virtual Machine is required");
        return NULL;
    }
    vm_start();
    return NULL;
}

static JsonNode *cmd_system_reset(JsonObject *args, struct qmp_cmd_ctx *c)
{
    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
    run_requests_now();
    return NULL;
}

static JsonNode *cmd_system_powerdown(JsonObject *args,
                                      struct qmp_cmd_ctx *c)
{
    /* Until ACPI PM exists the guest is not told (docs/system/qmp.md). */
    qemu_system_powerdown_request();
    run_requests_now();
    return NULL;
}

static JsonNode *cmd_quit(JsonObject *args, struct qmp_cmd_ctx *c)
{
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
    run_requests_now();
    return NULL;
}

static JsonNode *cmd_human_monitor_command(JsonObject *args,
                                           struct qmp_cmd_ctx *c)
{
    const char *line = json_object_get_string_member(args, "command-line");
    char *out, *err = NULL;
    JsonNode *ret;

    if (json_object_has_member(args, "cpu-index")) {
        out = hmp_run_command_on_cpu(
            line, json_object_get_int_member(args, "cpu-index"), &err);
    } else {
        out = hmp_run_command(line);
    }
    if (!out) {
        qmp_error(c, QMP_ERR_GENERIC, "%s", err);
        g_free(err);
        return NULL;
    }
    ret = qjson_new_string(out);
    g_free(out);
    return ret;
}

static JsonNode *cmd_qom_list(JsonObject *args, struct qmp_cmd_ctx *c)
{
    return qom_list(json_object_get_string_member(args, "path"), c);
}

static JsonNode *cmd_qom_get(JsonObject *args, struct qmp_cmd_ctx *c)
{
    return qom_get(json_object_get_string_member(args, "path"),
                   json_object_get_string_member(args, "property"), c);
}

static JsonNode *cmd_qom_set(JsonObject *args, struct qmp_cmd_ctx *c)
{
    qom_set(json_object_get_string_member(args, "path"),
            json_object_get_string_member(args, "property"),
            json_object_get_member(args, "value"), c);
    return NULL;
}

static JsonNode *cmd_qom_list_types(JsonObject *args, struct qmp_cmd_ctx *c)
{
    const char *impl = json_object_has_member(args, "implements")
        ? json_object_get_string_member(args, "implements") : NULL;
    bool has_abstract = json_object_has_member(args, "abstract");

    return qom_list_types(impl, has_abstract,
                          has_abstract &&
                          json_object_get_boolean_member(args, "abstract"));
}

static JsonNode *cmd_device_list_properties(JsonObject *args,
                                            struct qmp_cmd_ctx *c)
{
    return qom_device_list_properties(
        json_object_get_string_member(args, "typename"), c);
}

static const struct qmp_arg caps_args[] = {
    { "enable", QMP_ARG_STR_LIST, true },
    { NULL },
};
static const struct qmp_arg hmp_args[] = {
    { "command-line", QMP_ARG_STR, false },
    { "cpu-index", QMP_ARG_INT, true },
    { NULL },
};
static const struct qmp_arg path_args[] = {
    { "path", QMP_ARG_STR, false },
    { NULL },
};
static const struct qmp_arg qom_get_args[] = {
    { "path", QMP_ARG_STR, false },
    { "property", QMP_ARG_STR, false },
    { NULL },
};
static const struct qmp_arg qom_set_args[] = {
    { "path", QMP_ARG_STR, false },
    { "property", QMP_ARG_STR, false },
    { "value", QMP_ARG_ANY, false },
    { NULL },
};
static const struct qmp_arg list_types_args[] = {
    { "implements", QMP_ARG_STR, true },
    { "abstract", QMP_ARG_BOOL, true },
    { NULL },
};
static const struct qmp_arg typename_args[] = {
    { "typename", QMP_ARG_STR, false },
    { NULL },
};

const struct qmp_command qmp_commands[] = {
    { "qmp_capabilities", cmd_qmp_capabilities, caps_args },
    { "query-version", cmd_query_version },
    { "query-status", cmd_query_status },
    { "query-name", cmd_query_name },
    { "query-kvm", cmd_query_kvm },
    { "query-cpus-fast", cmd_query_cpus_fast },
    { "query-commands", cmd_query_commands },
    { "query-machines", cmd_query_machines },
    { "query-chardev", cmd_query_chardev },
    { "qom-list-types", cmd_qom_list_types, list_types_args },
    { "qom-list", cmd_qom_list, path_args },
    { "qom-get", cmd_qom_get, qom_get_args },
    { "qom-set", cmd_qom_set, qom_set_args },
    { "device-list-properties", cmd_device_list_properties, typename_args },
    { "stop", cmd_stop },
    { "cont", cmd_cont },
    { "system_reset", cmd_system_reset },
    { "system_powerdown", cmd_system_powerdown },
    { "quit", cmd_quit },
    { "human-monitor-command", cmd_human_monitor_command, hmp_args },
    { NULL },
};

const struct qmp_command *qmp_find_command(const char *name)
{
    for (const struct qmp_command *cmd = qmp_commands; cmd->name; cmd++) {
        if (!strcmp(cmd->name, name)) {
            return cmd;
        }
    }
    return NULL;
}
