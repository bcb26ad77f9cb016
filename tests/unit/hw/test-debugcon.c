/*
 * isa-debugcon: bytes to the chardev, readback, QEMU's defaults and the
 * port SeaBIOS/OVMF use (0x402).
 */
#include "hw-test.h"
#include "hw/char/debugcon.h"

static char *tmpdir;

static char *out_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}

static void test_defaults(void)
{
    struct device *dev;
    char *path = out_path("e9");
    char *v;
    char *data;

    hw_test_chardev("file,id=f,path=%s", path);
    dev = hw_test_create(TYPE_ISA_DEBUGCON, NULL, "chardev=f", NULL);
    v = device_get_prop(dev, "iobase", NULL);
    g_assert_cmpstr(v, ==, "233");
    g_free(v);
    v = device_get_prop(dev, "readback", NULL);
    g_assert_cmpstr(v, ==, "233");
    g_free(v);
    /* Reads return the readback value; Bochs-aware guests probe that. */
    g_assert_cmphex(inb(0xe9), ==, 0xe9);
    for (const char *p = "debug\n"; *p; p++) {
        outb(0xe9, *p);
    }
    data = hw_test_read_file(path);
    g_assert_cmpstr(data, ==, "debug\n");
    g_free(data);
    /* One port only. */
    g_assert_null(address_space_lookup(&address_space_io, 0xe8));
    g_assert_null(address_space_lookup(&address_space_io, 0xea));
    g_free(path);
}

/* -device isa-debugcon,iobase=0x402: the SeaBIOS/OVMF log port. */
static void test_port_402(void)
{
    char *path = out_path("402");
    char *data;
    struct device *dev;

    hw_test_chardev("file,id=f,path=%s", path);
    dev = hw_test_create(TYPE_ISA_DEBUGCON, NULL, "iobase=0x402",
                         "readback=0x1234", "chardev=f", NULL);
    g_assert_nonnull(dev);
    g_assert_null(address_space_lookup(&address_space_io, 0xe9));
    /* The port is a byte wide: the low byte of readback. */
    g_assert_cmphex(inb(0x402), ==, 0x34);
    outb(0x402, 'S');
    outb(0x402, 'B');
    /*
     * A wider access is cut at the one-byte region, as on QEMU's bus:
     * the port takes the low byte, the next port (unassigned) the rest.
     */
    outw(0x402, 0x2142);
    g_assert_cmphex(inw(0x402), ==, 0xff34);
    outb(0x402, '\n');
    data = hw_test_read_file(path);
    g_assert_cmpstr(data, ==, "SBB\n");
    g_free(data);
    g_free(path);
}

static void test_helper(void)
{
    char *path = out_path("helper");
    struct chardev *chr = hw_test_chardev("file,id=h,path=%s", path);
    char *data;

    g_assert_nonnull(isa_debugcon_create(DEBUGCON_IOBASE_DEFAULT, chr));
    outb(0xe9, 'h');
    data = hw_test_read_file(path);
    g_assert_cmpstr(data, ==, "h");
    g_free(data);
    g_free(path);
}

static void test_errors(void)
{
    Error *err = NULL;

    /* QEMU refuses a debugcon without a backend, with this message. */
    g_assert_null(hw_test_create(TYPE_ISA_DEBUGCON, &err, NULL));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Can't create debugcon device, empty char device");
    error_free(err);
    err = NULL;
    /* The chardev has one front end. */
    hw_test_chardev("null,id=n");
    g_assert_nonnull(hw_test_create(TYPE_ISA_DEBUGCON, NULL, "chardev=n",
                                    NULL));
    g_assert_null(hw_test_create(TYPE_ISA_DEBUGCON, &err, "chardev=n",
                                 "iobase=0x402", NULL));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'isa-debugcon.chardev' can't take value 'n', "
                    "it's in use");
    error_free(err);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("debugcon-XXXXXX", NULL);
    HW_TEST_ADD("/debugcon/defaults", test_defaults);
    HW_TEST_ADD("/debugcon/port-402", test_port_402);
    HW_TEST_ADD("/debugcon/helper", test_helper);
    HW_TEST_ADD("/debugcon/errors", test_errors);
    ret = g_test_run();
    hw_test_rmdir(tmpdir);
    return ret;
}
