/*
 * The QMP framer: how a byte stream is cut into JSON texts, with QEMU's
 * single quotes, back-to-back objects, split reads and error recovery.
 */
#include "qemu/osdep.h"
#include "monitor/qmp-framer.h"

struct capture {
    GPtrArray *items;       /* "T:text" or "E:error" */
};

static void cb(void *opaque, const char *text, size_t len, const char *err)
{
    struct capture *c = opaque;

    g_assert(text || err);
    if (text) {
        g_assert_cmpuint(strlen(text), ==, len);
        g_ptr_array_add(c->items, g_strdup_printf("T:%s", text));
    } else {
        g_ptr_array_add(c->items, g_strdup_printf("E:%s", err));
    }
}

/* Feed input (optionally one byte at a time) and return what came out. */
static char *frame(const char *in, size_t len, bool bytewise)
{
    struct capture c = { g_ptr_array_new_with_free_func(g_free) };
    struct qmp_framer f;
    GString *out = g_string_new(NULL);

    qmp_framer_init(&f, cb, &c);
    if (bytewise) {
        for (size_t i = 0; i < len; i++) {
            qmp_framer_feed(&f, (const uint8_t *)in + i, 1);
        }
    } else {
        qmp_framer_feed(&f, (const uint8_t *)in, len);
    }
    for (guint i = 0; i < c.items->len; i++) {
        g_string_append_printf(out, "%s%s", i ? "|" : "",
                               (char *)g_ptr_array_index(c.items, i));
    }
    qmp_framer_destroy(&f);
    g_ptr_array_free(c.items, TRUE);
    return g_string_free(out, FALSE);
}

static void check(const char *in, const char *expect)
{
    for (int bytewise = 0; bytewise < 2; bytewise++) {
        char *got = frame(in, strlen(in), bytewise);

        g_assert_cmpstr(got, ==, expect);
        g_free(got);
    }
}

/* Only the error/text shape matters for these: "E" or "T" per item. */
static void check_shape(const char *in, size_t len, const char *shape)
{
    for (int bytewise = 0; bytewise < 2; bytewise++) {
        char *got = frame(in, len, bytewise);
        char **items = g_strsplit(got, "|", 0);
        GString *s = g_string_new(NULL);

        for (int i = 0; items[i] && *got; i++) {
            g_string_append_c(s, items[i][0]);
        }
        g_assert_cmpstr(s->str, ==, shape);
        g_string_free(s, TRUE);
        g_strfreev(items);
        g_free(got);
    }
}

#define CHECK_SHAPE(lit, shape) check_shape(lit, sizeof(lit) - 1, shape)

static void test_single(void)
{
    check("{\"execute\": \"x\"}", "T:{\"execute\": \"x\"}");
    check("  \r\n\t{}\n", "T:{}");
    check("{\"a\": [1, {\"b\": []}]}", "T:{\"a\": [1, {\"b\": []}]}");
}

static void test_back_to_back(void)
{
    check("{}{}", "T:{}|T:{}");
    check("{\"a\":1}\n{\"b\":2}\r\n[3]", "T:{\"a\":1}|T:{\"b\":2}|T:[3]");
}

static void test_incomplete_waits(void)
{
    check("{\"execute\": ", "");
    check("{\"a\": \"}", "");
    check("[[[", "");
}

static void test_braces_in_strings(void)
{
    check("{\"a\": \"}{][\"}", "T:{\"a\": \"}{][\"}");
    check("{\"a\": \"\\\"}\"}", "T:{\"a\": \"\\\"}\"}");
    check("{'a': '}'}", "T:{\"a\": \"}\"}");
}

static void test_single_quotes(void)
{
    check("{'execute': 'qmp_capabilities'}",
          "T:{\"execute\": \"qmp_capabilities\"}");
    /* A double quote inside '...' is escaped; \' becomes a bare quote. */
    check("{'a': 'say \"hi\"'}", "T:{\"a\": \"say \\\"hi\\\"\"}");
    check("{'a': 'it\\'s'}", "T:{\"a\": \"it's\"}");
    check("{\"a\": \"it\\'s\"}", "T:{\"a\": \"it's\"}");
    /* Other escapes pass through for the parser. */
    check("{'a': '\\n\\u0041'}", "T:{\"a\": \"\\n\\u0041\"}");
}

static void test_top_level_scalars(void)
{
    check("3 ", "T:3");
    check("true\n{}", "T:true|T:{}");
    check("'x'", "T:\"x\"");
    check("12{}", "T:12|T:{}");
}

static void test_big_integers(void)
{
    check("{\"id\": 123456789012345678901234567890}",
          "T:{\"id\": 123456789012345678901234567890.0}");
    check("[-9223372036854775809, 9223372036854775807, -12]",
          "T:[-9223372036854775809.0, 9223372036854775807, -12]");
    check("99999999999999999999 ", "T:99999999999999999999.0");
    /* Inside strings and in non-integers nothing changes. */
    check("{'a': '99999999999999999999', 'b': 1e99999}",
          "T:{\"a\": \"99999999999999999999\", \"b\": 1e99999}");
}

static void test_unbalanced(void)
{
    /* A closer without opener is handed to the parser at once. */
    check("{]", "T:{]");
    check("}", "T:}");
    check("]{}", "T:]|T:{}");
}

static void test_lexical_errors_recover(void)
{
    /* 0xFF outside a string: error, then skip to a structural char. */
    CHECK_SHAPE("{\xff junk {}", "ET");
    /* A control character outside a string. */
    CHECK_SHAPE("{\x01 abc}{}", "ETT");
    /* A bad byte inside a string. */
    CHECK_SHAPE("{'bad \xff'", "E");
    /* A newline inside a string, then a good request. */
    CHECK_SHAPE("{'execute': 'x', 'id':'\n{ 'execute': 'y' }", "ET");
    /* QEMU's interpolation character is not JSON. */
    CHECK_SHAPE("%p{}", "ET");
    /* Non-ASCII inside strings is fine. */
    check("{\"a\": \"\xc3\xa9\"}", "T:{\"a\": \"\xc3\xa9\"}");
}

static void test_depth_limit(void)
{
    GString *s = g_string_new(NULL);
    char *got;

    for (int i = 0; i < QMP_FRAMER_MAX_DEPTH + 5; i++) {
        g_string_append_c(s, '[');
    }
    for (int i = 0; i < QMP_FRAMER_MAX_DEPTH + 5; i++) {
        g_string_append_c(s, ']');
    }
    g_string_append(s, "{}");
    got = frame(s->str, s->len, false);
    /* One error for the whole value, then the next text is fine. */
    g_assert_true(g_str_has_prefix(got, "E:JSON parse error, too many"));
    g_assert_true(g_str_has_suffix(got, "|T:{}"));
    g_assert_null(strchr(strchr(got, '|') + 1, '|'));
    g_free(got);
    g_string_free(s, TRUE);
}

static void test_size_limit(void)
{
    size_t n = QMP_FRAMER_MAX_SIZE + 100;
    char *big = g_malloc(n + 3);
    char *got;

    big[0] = '[';
    memset(big + 1, '1', n);
    big[n] = ']';
    memcpy(big + n + 1, "{}", 2);
    got = frame(big, n + 3, false);
    g_assert_cmpstr(got, ==, "E:JSON parse error, request too large|T:{}");
    g_free(got);
    g_free(big);
}

static void test_reset(void)
{
    struct capture c = { g_ptr_array_new_with_free_func(g_free) };
    struct qmp_framer f;

    qmp_framer_init(&f, cb, &c);
    qmp_framer_feed(&f, (const uint8_t *)"{\"a\": \"x", 8);
    qmp_framer_reset(&f);
    qmp_framer_feed(&f, (const uint8_t *)"{}", 2);
    g_assert_cmpuint(c.items->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(c.items, 0), ==, "T:{}");
    qmp_framer_destroy(&f);
    g_ptr_array_free(c.items, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qmp-framer/single", test_single);
    g_test_add_func("/qmp-framer/back-to-back", test_back_to_back);
    g_test_add_func("/qmp-framer/incomplete", test_incomplete_waits);
    g_test_add_func("/qmp-framer/braces-in-strings", test_braces_in_strings);
    g_test_add_func("/qmp-framer/single-quotes", test_single_quotes);
    g_test_add_func("/qmp-framer/top-level-scalars", test_top_level_scalars);
    g_test_add_func("/qmp-framer/unbalanced", test_unbalanced);
    g_test_add_func("/qmp-framer/big-integers", test_big_integers);
    g_test_add_func("/qmp-framer/lexical-errors", test_lexical_errors_recover);
    g_test_add_func("/qmp-framer/depth-limit", test_depth_limit);
    g_test_add_func("/qmp-framer/size-limit", test_size_limit);
    g_test_add_func("/qmp-framer/reset", test_reset);
    return g_test_run();
}
