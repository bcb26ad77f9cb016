/*
 * Device properties (hw/core/properties.c, the -global part of
 * hw/core/device.c): defaults, parsing every type from the strings
 * -device and -global give, the error texts (QEMU 7.2's where it has
 * them: "expects integer" for text, "expects uint32_t" for a number out
 * of range), formatting for qom-get, and -device NAME,help's layout.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "chardev/char.h"
#include "hw/core/device.h"
#include "hw/core/properties.h"

static const char *const colours[] = { "red", "green", "blue", NULL };

struct prop_dev {
    struct device parent;
    bool b;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int32_t i32;
    int64_t i64;
    uint64_t size;
    char *str;
    char *str_default;
    struct chardev *chr;
    int colour;
};

static const struct property prop_dev_props[] = {
    DEFINE_PROP_BOOL("b", struct prop_dev, b, true),
    DEFINE_PROP_UINT8("u8", struct prop_dev, u8, 8),
    DEFINE_PROP_UINT16("u16", struct prop_dev, u16, 0x1234),
    DEFINE_PROP_UINT32("u32", struct prop_dev, u32, UINT32_MAX),
    DEFINE_PROP_UINT64("u64", struct prop_dev, u64, 64),
    DEFINE_PROP_INT32("i32", struct prop_dev, i32, -32),
    DEFINE_PROP_INT64("i64", struct prop_dev, i64, -64),
    DEFINE_PROP_SIZE("size", struct prop_dev, size, 4096),
    DEFINE_PROP_STRING("str", struct prop_dev, str),
    { .name = "strdef", .type = PROP_STRING,
      .offset = offsetof(struct prop_dev, str_default), .defval.s = "dflt",
      .desc = "a string with a default" },
    DEFINE_PROP_CHR("chardev", struct prop_dev, chr),
    DEFINE_PROP_ENUM("colour", struct prop_dev, colour, colours, 1),
    DEFINE_PROP_END_OF_LIST(),
};

static const struct device_class prop_dev_class = {
    .name = "test-prop-dev",
    .desc = "property test device",
    .instance_size = sizeof(struct prop_dev),
    .props = prop_dev_props,
};
DEVICE_CLASS_REGISTER(prop_dev_class)

static const struct device_class empty_class = {
    .name = "test-empty-dev",
    .instance_size = sizeof(struct device),
};
DEVICE_CLASS_REGISTER(empty_class)

static struct prop_dev *new_dev(void)
{
    Error *err = NULL;
    struct device *dev = device_new("test-prop-dev", &err);

    g_assert_null(err);
    g_assert_nonnull(dev);
    return (struct prop_dev *)dev;
}

static void free_dev(struct prop_dev *d)
{
    g_free(d->str);
    g_free(d->str_default);
    g_free(d);
}

static void set_ok(struct prop_dev *d, const char *name, const char *value)
{
    Error *err = NULL;

    if (device_set_prop(DEVICE(d), name, value, &err) < 0) {
        g_test_message("%s=%s: %s", name, value, error_get_pretty(err));
        g_assert_not_reached();
    }
}

static void set_fails(struct prop_dev *d, const char *name, const char *value,
                      const char *msg)
{
    Error *err = NULL;

    g_assert_cmpint(device_set_prop(DEVICE(d), name, value, &err), <, 0);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static char *get(struct prop_dev *d, const char *name)
{
    Error *err = NULL;
    char *v = device_get_prop(DEVICE(d), name, &err);

    g_assert_null(err);
    return v;
}

#define ASSERT_GET(d, name, want)                                              \
    do {                                                                       \
        char *v_ = get((d), (name));                                           \
        g_assert_cmpstr(v_, ==, (want));                                       \
        g_free(v_);                                                            \
    } while (0)

static void test_defaults(void)
{
    struct prop_dev *d = new_dev();

    g_assert_true(d->b);
    g_assert_cmpuint(d->u8, ==, 8);
    g_assert_cmpuint(d->u16, ==, 0x1234);
    g_assert_cmpuint(d->u32, ==, UINT32_MAX);
    g_assert_cmpuint(d->u64, ==, 64);
    g_assert_cmpint(d->i32, ==, -32);
    g_assert_cmpint(d->i64, ==, -64);
    g_assert_cmpuint(d->size, ==, 4096);
    g_assert_null(d->str);
    g_assert_cmpstr(d->str_default, ==, "dflt");
    g_assert_null(d->chr);
    g_assert_cmpint(d->colour, ==, 1);
    ASSERT_GET(d, "b", "true");
    ASSERT_GET(d, "u32", "4294967295");
    ASSERT_GET(d, "i64", "-64");
    ASSERT_GET(d, "str", "");
    ASSERT_GET(d, "chardev", "");
    ASSERT_GET(d, "colour", "green");
    free_dev(d);
}

static void test_set_values(void)
{
    struct prop_dev *d = new_dev();

    set_ok(d, "b", "off");
    g_assert_false(d->b);
    set_ok(d, "b", "yes");
    g_assert_true(d->b);
    set_ok(d, "u8", "255");
    g_assert_cmpuint(d->u8, ==, 255);
    set_ok(d, "u8", "0x7f");
    g_assert_cmpuint(d->u8, ==, 0x7f);
    set_ok(d, "u16", "65535");
    g_assert_cmpuint(d->u16, ==, 65535);
    set_ok(d, "u32", "0xf4");
    g_assert_cmpuint(d->u32, ==, 0xf4);
    set_ok(d, "u64", "18446744073709551615");
    g_assert_cmpuint(d->u64, ==, UINT64_MAX);
    set_ok(d, "i32", "-2147483648");
    g_assert_cmpint(d->i32, ==, INT32_MIN);
    set_ok(d, "i32", "0x10");
    g_assert_cmpint(d->i32, ==, 16);
    set_ok(d, "i64", "-9223372036854775808");
    g_assert_cmpint(d->i64, ==, INT64_MIN);
    set_ok(d, "size", "2M");
    g_assert_cmpuint(d->size, ==, 2 * MiB);
    set_ok(d, "size", "512");
    g_assert_cmpuint(d->size, ==, 512);   /* bare sizes are bytes */
    set_ok(d, "str", "a,b c");
    g_assert_cmpstr(d->str, ==, "a,b c");
    set_ok(d, "str", "");
    g_assert_cmpstr(d->str, ==, "");
    set_ok(d, "colour", "blue");
    g_assert_cmpint(d->colour, ==, 2);
    ASSERT_GET(d, "colour", "blue");
    ASSERT_GET(d, "u64", "18446744073709551615");
    ASSERT_GET(d, "i32", "16");
    ASSERT_GET(d, "size", "512");
    ASSERT_GET(d, "b", "true");
    free_dev(d);
}

static void test_set_errors(void)
{
    struct prop_dev *d = new_dev();
    Error *err = NULL;

    set_fails(d, "nosuch", "1", "Property 'test-prop-dev.nosuch' not found");
    set_fails(d, "b", "1", "Parameter 'b' expects 'on' or 'off'");
    set_fails(d, "u8", "256", "Parameter 'u8' expects uint8_t");
    set_fails(d, "u8", "-1", "Parameter 'u8' expects uint8_t");
    set_fails(d, "u8", "abc", "Parameter 'u8' expects integer");
    set_fails(d, "u8", "", "Parameter 'u8' expects integer");
    set_fails(d, "u16", "0x10000", "Parameter 'u16' expects uint16_t");
    set_fails(d, "u32", "0x1ffffffff", "Parameter 'u32' expects uint32_t");
    set_fails(d, "u32", "1k", "Parameter 'u32' expects integer");
    set_fails(d, "u64", "18446744073709551616",
              "Parameter 'u64' expects uint64_t");
    set_fails(d, "i32", "2147483648", "Parameter 'i32' expects int32_t");
    set_fails(d, "i32", "x", "Parameter 'i32' expects integer");
    set_fails(d, "i64", "9223372036854775808",
              "Parameter 'i64' expects int64_t");
    set_fails(d, "size", "1Q", "Parameter 'size' expects a size");
    set_fails(d, "colour", "purple",
              "Parameter 'colour' does not accept value 'purple'");
    set_fails(d, "chardev", "nosuch",
              "Property 'test-prop-dev.chardev' can't find value 'nosuch'");
    /* A failed set leaves the old value. */
    g_assert_cmpuint(d->u8, ==, 8);
    g_assert_cmpint(d->colour, ==, 1);
    g_assert_null(device_get_prop(DEVICE(d), "nosuch", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'test-prop-dev.nosuch' not found");
    error_free(err);
    free_dev(d);
}

static void test_chardev_prop(void)
{
    Error *err = NULL;
    struct chardev *chr = qemu_chr_new("test-chr", "null", &err);
    struct prop_dev *d = new_dev();

    g_assert_nonnull(chr);
    set_ok(d, "chardev", "test-chr");
    g_assert_true(d->chr == chr);
    ASSERT_GET(d, "chardev", "test-chr");
    free_dev(d);
}

/* -global: applied to every new instance, before the creator's values;
 * a bad value fails device creation with QEMU's prefix. */
static void test_globals(void)
{
    Error *err = NULL;
    struct prop_dev *d;

    g_assert_cmpint(device_global_add("test-prop-dev", "u16", "77", &err),
                    ==, 0);
    g_assert_cmpint(device_global_add("test-prop-dev", "colour", "red",
                                      &err), ==, 0);
    g_assert_cmpint(device_global_add("", "u16", "1", &err), <, 0);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Invalid -global: expected DRIVER.PROPERTY=VALUE");
    error_free(err);
    err = NULL;
    d = new_dev();
    g_assert_cmpuint(d->u16, ==, 77);
    g_assert_cmpint(d->colour, ==, 0);
    set_ok(d, "u16", "5");     /* -device values override globals */
    g_assert_cmpuint(d->u16, ==, 5);
    free_dev(d);

    /* An alias (QEMU's kvm-pit for our PIT) reaches the real driver. */
    device_global_alias("test-alias-dev", "test-prop-dev");
    g_assert_cmpint(device_global_add("test-alias-dev", "u8", "9", &err),
                    ==, 0);
    d = new_dev();
    g_assert_cmpuint(d->u8, ==, 9);
    free_dev(d);

    g_assert_cmpint(device_global_add("test-prop-dev", "u8", "300", &err),
                    ==, 0);
    g_assert_null(device_new("test-prop-dev", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "can't apply global test-prop-dev.u8=300: Parameter "
                    "'u8' expects uint8_t");
    error_free(err);
}

static void test_help_layout(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    device_class_print_props(f, &prop_dev_class);
    device_class_print_props(f, &empty_class);
    fclose(f);
    /* QEMU's layout: sorted by name, "name=<type>" padded to 22, " - ",
     * the description, "(default: ...)" when there is one. */
    g_assert_cmpstr(buf, ==,
                    "test-prop-dev options:\n"
                    "  b=<bool>               -  (default: true)\n"
                    "  chardev=<str>          - \n"
                    "  colour=<enum>          -  (default: \"green\")\n"
                    "  i32=<int32>            -  (default: -32)\n"
                    "  i64=<int64>            -  (default: -64)\n"
                    "  size=<size>            -  (default: 4096)\n"
                    "  str=<str>              - \n"
                    "  strdef=<str>           - a string with a default "
                    "(default: \"dflt\")\n"
                    "  u16=<uint16>           -  (default: 4660)\n"
                    "  u32=<uint32>           -  (default: 4294967295)\n"
                    "  u64=<uint64>           -  (default: 64)\n"
                    "  u8=<uint8>             -  (default: 8)\n"
                    "There are no options for test-empty-dev.\n");
    free(buf);
}

static void test_unknown_type(void)
{
    Error *err = NULL;

    g_assert_null(device_new("no-such-device", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "'no-such-device' is not a valid device model name");
    error_free(err);
    g_assert_null(device_class_find("no-such-device"));
    g_assert_true(device_class_find("test-prop-dev") == &prop_dev_class);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/properties/defaults", test_defaults);
    g_test_add_func("/properties/set-values", test_set_values);
    g_test_add_func("/properties/set-errors", test_set_errors);
    g_test_add_func("/properties/chardev", test_chardev_prop);
    g_test_add_func("/properties/globals", test_globals);
    g_test_add_func("/properties/help-layout", test_help_layout);
    g_test_add_func("/properties/unknown-type", test_unknown_type);
    return g_test_run();
}
