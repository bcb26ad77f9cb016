/*
 * A QMP session without a transport: greeting, negotiation, request
 * checks, error classes, id echo, events and output layout, compared
 * byte for byte with what QEMU 7.2 sends.
 */
#include "qemu/osdep.h"
#include "monitor/monitor.h"
#include "monitor/monitor-internal.h"
#include "sysemu/runstate.h"
#include "config-host.h"

struct fixture {
    struct qmp_session s;
    GString *out;
};

static void capture(void *opaque, const char *text, size_t len)
{
    struct fixture *f = opaque;

    g_string_append_len(f->out, text, len);
}

static void setup(struct fixture *f, bool pretty)
{
    f->out = g_string_new(NULL);
    qmp_session_init(&f->s, pretty, capture, f);
}

static void teardown(struct fixture *f)
{
    qmp_session_destroy(&f->s);
    g_string_free(f->out, TRUE);
}

/* Send one input, return everything written since (and clear it). */
static char *xfer(struct fixture *f, const char *in)
{
    char *got;

    qmp_session_feed(&f->s, (const uint8_t *)in, strlen(in));
    got = g_strdup(f->out->str);
    g_string_truncate(f->out, 0);
    return got;
}

static void expect(struct fixture *f, const char *in, const char *reply)
{
    char *got = xfer(f, in);
    char *want = g_strconcat(reply, "\r\n", NULL);

    g_assert_cmpstr(got, ==, want);
    g_free(got);
    g_free(want);
}

static void negotiate(struct fixture *f)
{
    expect(f, "{'execute': 'qmp_capabilities'}", "{\"return\": {}}");
}

static void test_greeting(void)
{
    struct fixture f;

    setup(&f, false);
    qmp_session_greet(&f.s);
    g_assert_cmpstr(f.out->str, ==,
                    "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, "
                    "\"minor\": 2, \"major\": 7}, \"package\": \"splitvm "
                    SPLITVM_VERSION "\"}, \"capabilities\": []}}\r\n");
    teardown(&f);
}

static void test_negotiation(void)
{
    struct fixture f;

    setup(&f, false);
    expect(&f, "{\"execute\": \"query-status\", \"id\": 1}",
           "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
           "\"Expecting capabilities negotiation with 'qmp_capabilities'\"}"
           ", \"id\": 1}");
    expect(&f, "{\"execute\": \"no-such\"}",
           "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
           "\"Expecting capabilities negotiation with "
           "'qmp_capabilities'\"}}");
    expect(&f, "{'execute': 'qmp_capabilities', 'arguments': "
           "{'enable': ['oob']}}",
           "{\"error\": {\"class\": \"GenericError\", \"desc\": "
           "\"Capability oob not available\"}}");
    expect(&f, "{'execute': 'qmp_capabilities', 'arguments': "
           "{'enable': ['foo']}}",
           "{\"error\": {\"class\": \"GenericError\", \"desc\": "
           "\"Parameter 'null' does not accept value 'foo'\"}}");
    g_assert_false(f.s.negotiated);
    negotiate(&f);
    expect(&f, "{'execute': 'qmp_capabilities'}",
           "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
           "\"Capabilities negotiation is already complete, command "
           "ignored\"}}");
    /* A new client starts over. */
    qmp_session_restart(&f.s);
    g_assert_false(f.s.negotiated);
    teardown(&f);
}

static void test_id_echo(void)
{
    struct fixture f;

    setup(&f, false);
    negotiate(&f);
    expect(&f, "{\"execute\": \"stop\", \"id\": 7}",
           "{\"return\": {}, \"id\": 7}");
    expect(&f, "{\"execute\": \"stop\", \"id\": \"abc\"}",
           "{\"return\": {}, \"id\": \"abc\"}");
    expect(&f, "{\"id\": {\"a\": [1, null, true]}, \"execute\": \"stop\"}",
           "{\"return\": {}, \"id\": {\"a\": [1, null, true]}}");
    expect(&f, "{\"execute\": \"stop\", \"id\": 123456789012345678901}",
           "{\"return\": {}, \"id\": 1.2345678901234568e+20}");
    expect(&f, "{\"execute\": \"stop\", \"id\": -1e400}",
           "{\"return\": {}, \"id\": -1.7976931348623157e+308}");
    expect(&f, "{\"execute\": \"nope\", \"id\": 2}",
           "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
           "\"The command nope has not been found\"}, \"id\": 2}");
    teardown(&f);
}

/* Each id and the reply of QEMU 7.2 to query-name with it, byte for byte. */
static const char *const verbatim_ids[][2] = {
    { "12345678901234567890", "12345678901234567890" },
    { "18446744073709551615", "18446744073709551615" },
    { "18446744073709551616", "1.8446744073709552e+19" },
    { "123456789012345678901234567890", "1.2345678901234568e+29" },
    { "-12345678901234567890", "-1.2345678901234567e+19" },
    { "9223372036854775807", "9223372036854775807" },
    { "-9223372036854775808", "-9223372036854775808" },
    { "1.5", "1.5" },
    { "0.1", "0.10000000000000001" },
    { "1.0", "1" },
    { "1e2", "100" },
    { "1E-7", "9.9999999999999995e-08" },
    { "-0.0", "-0" },
    { "-0", "0" },
    { "1e400", "1.7976931348623157e+308" },   /* QEMU: "inf", no JSON */
    { "\"\\u00e9\\u0001\\ud83d\\ude00\\u007f\"",
      "\"\\u00E9\\u0001\\uD83D\\uDE00\\u007F\"" },
    { "{\"b\": [1, 2.5, null, true], \"a\": {}}",
      "{\"a\": {}, \"b\": [1, 2.5, null, true]}" },
    /* Same QDict bucket (status, singlestep): newest first. */
    { "{\"status\": 1, \"singlestep\": 2, \"running\": 3}",
      "{\"singlestep\": 2, \"status\": 1, \"running\": 3}" },
    { "[[12345678901234567890], {\"x\": 18446744073709551615}]",
      "[[12345678901234567890], {\"x\": 18446744073709551615}]" },
    { "[]", "[]" },
};

static void test_id_verbatim(void)
{
    struct fixture f;

    setup(&f, false);
    negotiate(&f);
    for (size_t i = 0; i < G_N_ELEMENTS(verbatim_ids); i++) {
        char *in = g_strdup_printf("{\"execute\": \"query-name\", "
                                   "\"id\": %s}", verbatim_ids[i][0]);
        char *out = g_strdup_printf("{\"return\": {}, \"id\": %s}",
                                    verbatim_ids[i][1]);

        expect(&f, in, out);
        g_free(in);
        g_free(out);
    }
    /* QEMU refuses duplicate keys at any level. */
    expect(&f, "{\"execute\": \"query-name\", \"id\": 1, \"id\": 2}",
           "{\"error\": {\"class\": \"GenericError\", \"desc\": "
           "\"JSON parse error, duplicate key\"}}");
    expect(&f, "{\"execute\": \"query-name\", "
           "\"id\": {\"x\": 1, \"x\": 2}}",
           "{\"error\": {\"class\": \"GenericError\", \"desc\": "
           "\"JSON parse error, duplicate key\"}}");
    /* An unsigned number past INT64_MAX is no int64 argument (QEMU 7.2). */
    expect(&f, "{\"execute\": \"human-monitor-command\", \"arguments\": "
           "{\"command-line\": \"info status\", "
           "\"cpu-index\": 12345678901234567890}}",
           "{\"error\": {\"class\": \"GenericError\", \"desc\": "
           "\"Invalid parameter type for 'cpu-index', expected: integer\"}}");
    teardown(&f);
}

static void test_request_checks(void)
{
    struct fixture f;

    setup(&f, false);
    negotiate(&f);
    expect(&f, "[1]", "{\"error\": {\"class\": \"GenericError\", \"desc\": "
           "\"QMP input must be a JSON object\"}}");
    expect(&f, "{\"id\": 5}", "{\"error\": {\"class\": \"GenericError\", "
           "\"desc\": \"QMP input lacks member 'execute'\"}, \"id\": 5}");
    expect(&f, "{\"execute\": true}", "{\"error\": {\"class\": "
           "\"GenericError\", \"desc\": \"QMP input member 'execute' must "
           "be a string\"}}");
    expect(&f, "{\"execute\": \"x\", \"arguments\": []}",
           "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input "
           "member 'arguments' must be an object\"}}");
    expect(&f, "{\"execute\": \"x\", \"extra\": 1}",
           "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input "
           "member 'extra' is unexpected\"}}");
    expect(&f, "{\"exec-oob\": \"query-status\"}",
           "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input "
           "member 'exec-oob' is unexpected\"}}");
    teardown(&f);
}

static void test_argument_checks(void)
{
    struct fixture f;

    setup(&f, false);
    negotiate(&f);
    expect(&f, "{\"execute\": \"qom-list\"}",
           "{\"error\": {\"class\": \"GenericError\", \"desc\": "
           "\"Parameter 'path' is missing\"}}");
    expect(&f, "{\"execute\": \"qom-list\", \"arguments\": {\"path\": 3}}",
           "{\"error\": {\"class\": \"GenericError\", \"desc\": "
           "\"Invalid parameter type for 'path', expected: string\"}}");
    expect(&f, "{\"execute\": \"query-status\", \"arguments\": {\"a\": 1}}",
           "{\"error\": {\"class\": \"GenericError\", \"desc\": "
           "\"Parameter 'a' is unexpected\"}}");
    expect(&f, "{\"execute\": \"qom-list-types\", \"arguments\": "
           "{\"abstract\": \"x\"}}",
           "{\"error\": {\"class\": \"GenericError\", \"desc\": "
           "\"Invalid parameter type for 'abstract', expected: boolean\"}}");
    expect(&f, "{\"execute\": \"human-monitor-command\", \"arguments\": "
           "{\"command-line\": \"x\", \"cpu-index\": \"0\"}}",
           "{\"error\": {\"class\": \"GenericError\", \"desc\": "
           "\"Invalid parameter type for 'cpu-index', expected: integer\"}}");
    expect(&f, "{\"execute\": \"device-list-properties\", \"arguments\": "
           "{\"typename\": \"no-such-device\"}}",
           "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": "
           "\"Device 'no-such-device' not found\"}}");
    expect(&f, "{\"execute\": \"human-monitor-command\", \"arguments\": "
           "{\"command-line\": \"info status\", \"cpu-index\": 0}}",
           "{\"error\": {\"class\": \"GenericError\", \"desc\": "
           "\"Parameter 'cpu-index' expects a CPU number\"}}");
    expect(&f, "{\"execute\": \"qom-get\", \"arguments\": "
           "{\"path\": \"\", \"property\": \"type\"}}",
           "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": "
           "\"Device '' not found\"}}");
    expect(&f, "{\"execute\": \"qom-get\", \"arguments\": "
           "{\"path\": \"/\", \"property\": \"chardevs\"}}",
           "{\"return\": \"/chardevs\"}");
    expect(&f, "{\"execute\": \"qom-get\", \"arguments\": "
           "{\"path\": \"/nope\", \"property\": \"type\"}}",
           "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": "
           "\"Device '/nope' not found\"}}");
    teardown(&f);
}

static void test_malformed_then_usable(void)
{
    struct fixture f;
    char *got;

    setup(&f, false);
    negotiate(&f);
    got = xfer(&f, "{\"execute\" 3}");
    g_assert_true(g_str_has_prefix(got, "{\"error\": {\"class\": "
                                   "\"GenericError\", \"desc\": \"JSON "
                                   "parse error, "));
    g_assert_null(strstr(got, "\"id\""));
    g_free(got);
    got = xfer(&f, "{\xff");
    g_assert_true(g_str_has_prefix(got, "{\"error\": {\"class\": "
                                   "\"GenericError\""));
    g_free(got);
    expect(&f, "{ 'execute': 'no-such-cmd' }",
           "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
           "\"The command no-such-cmd has not been found\"}}");
    /* Two requests in one read, answered in order. */
    got = xfer(&f, "{'execute':'stop','id':1}{'execute':'stop','id':2}");
    g_assert_cmpstr(got, ==, "{\"return\": {}, \"id\": 1}\r\n"
                    "{\"return\": {}, \"id\": 2}\r\n");
    g_free(got);
    teardown(&f);
}

static void test_commands(void)
{
    struct fixture f;
    char *got;

    setup(&f, false);
    negotiate(&f);
    expect(&f, "{\"execute\": \"query-version\"}",
           "{\"return\": {\"qemu\": {\"micro\": 0, \"minor\": 2, "
           "\"major\": 7}, \"package\": \"splitvm " SPLITVM_VERSION "\"}}");
    expect(&f, "{\"execute\": \"query-name\"}", "{\"return\": {}}");
    expect(&f, "{\"execute\": \"query-cpus-fast\"}", "{\"return\": []}");
    expect(&f, "{\"execute\": \"human-monitor-command\", \"arguments\": "
           "{\"command-line\": \"bogus\"}}",
           "{\"return\": \"unknown command: 'bogus'\\r\\n\"}");
    got = xfer(&f, "{\"execute\": \"query-commands\"}");
    for (const struct qmp_command *c = qmp_commands; c->name; c++) {
        char *item = g_strdup_printf("{\"name\": \"%s\"}", c->name);

        g_assert_nonnull(strstr(got, item));
        g_free(item);
    }
    g_free(got);
    teardown(&f);
}

static void test_events(void)
{
    struct fixture f;
    JsonObject *o;
    JsonNode *data = qjson_new_object(&o);

    json_object_set_boolean_member(o, "guest", false);
    json_object_set_string_member(o, "reason", "host-signal");
    setup(&f, false);
    /* Nothing before negotiation. */
    qmp_session_send_event(&f.s, "SHUTDOWN", data, 1234567890123456);
    g_assert_cmpstr(f.out->str, ==, "");
    negotiate(&f);
    qmp_session_send_event(&f.s, "SHUTDOWN", data, 1234567890123456);
    g_assert_cmpstr(f.out->str, ==, "{\"timestamp\": {\"seconds\": "
                    "1234567890, \"microseconds\": 123456}, \"event\": "
                    "\"SHUTDOWN\", \"data\": {\"guest\": false, \"reason\": "
                    "\"host-signal\"}}\r\n");
    g_string_truncate(f.out, 0);
    qmp_session_send_event(&f.s, "STOP", NULL, 5000001);
    g_assert_cmpstr(f.out->str, ==, "{\"timestamp\": {\"seconds\": 5, "
                    "\"microseconds\": 1}, \"event\": \"STOP\"}\r\n");
    json_node_unref(data);
    teardown(&f);
}

static void test_pretty(void)
{
    struct fixture f;

    setup(&f, true);
    expect(&f, "{'execute': 'qmp_capabilities'}",
           "{\n    \"return\": {\n    }\n}");
    expect(&f, "{'execute': 'query-cpus-fast', 'id': [1, 2]}",
           "{\n    \"return\": [\n    ],\n    \"id\": [\n        1,\n"
           "        2\n    ]\n}");
    teardown(&f);
}

static void test_ascii_output(void)
{
    JsonNode *n = qjson_new_string("\xc3\xa9\t\x01\"\\\xf0\x9f\x98\x80");
    char *s = qjson_to_string(n, false, NULL);

    g_assert_cmpstr(s, ==, "\"\\u00E9\\t\\u0001\\\"\\\\\\uD83D\\uDE00\"");
    g_free(s);
    json_node_unref(n);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qmp/greeting", test_greeting);
    g_test_add_func("/qmp/negotiation", test_negotiation);
    g_test_add_func("/qmp/id-echo", test_id_echo);
    g_test_add_func("/qmp/id-verbatim", test_id_verbatim);
    g_test_add_func("/qmp/request-checks", test_request_checks);
    g_test_add_func("/qmp/argument-checks", test_argument_checks);
    g_test_add_func("/qmp/malformed", test_malformed_then_usable);
    g_test_add_func("/qmp/commands", test_commands);
    g_test_add_func("/qmp/events", test_events);
    g_test_add_func("/qmp/pretty", test_pretty);
    g_test_add_func("/qmp/ascii-output", test_ascii_output);
    return g_test_run();
}
