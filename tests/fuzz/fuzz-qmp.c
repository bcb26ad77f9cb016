/*
 * libFuzzer target: bytes into a QMP session (framer, json-glib, request
 * checks, argument checks, command dispatch). The first byte picks the
 * mode: bit 0 negotiated already, bit 1 pretty output. Replies go to a
 * sink that checks each is one CRLF-terminated ASCII line (or, pretty,
 * ASCII text) holding one valid JSON object - the output contract clients
 * rely on.
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"

static void sink(void *opaque, const char *text, size_t len)
{
    bool pretty = *(bool *)opaque;

    if (len < 2 || text[len - 2] != '\r' || text[len - 1] != '\n') {
        abort();
    }
    for (size_t i = 0; i < len - 2; i++) {
        unsigned char c = text[i];

        if (c >= 0x7f || (c < 0x20 && !(pretty && c == '\n'))) {
            abort();
        }
    }
    {
        JsonParser *p = json_parser_new();
        bool ok = json_parser_load_from_data(p, text, len - 2, NULL) &&
                  JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p));

        g_object_unref(p);
        if (!ok) {
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct qmp_session s;
    bool pretty;

    if (size < 1) {
        return 0;
    }
    pretty = data[0] & 2;
    qmp_session_init(&s, pretty, sink, &pretty);
    s.negotiated = data[0] & 1;
    qmp_session_feed(&s, data + 1, size - 1);
    qmp_session_destroy(&s);
    return 0;
}
