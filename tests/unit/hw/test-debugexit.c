/*
 * isa-debug-exit: the exit status (value << 1) | 1 for every access width,
 * the port range, and the real exit() in a child process.
 */
#include "hw-test.h"
#include "hw/misc/debugexit.h"

#include <sys/wait.h>

static GArray *statuses;

static void record_exit(int status)
{
    g_array_append_val(statuses, status);
}

static int last_status(void)
{
    g_assert_cmpuint(statuses->len, >, 0);
    return g_array_index(statuses, int, statuses->len - 1);
}

static void test_status_values(void)
{
    struct device *dev;
    char *v;

    g_array_set_size(statuses, 0);
    debug_exit_set_handler(record_exit);
    dev = hw_test_create(TYPE_ISA_DEBUG_EXIT, NULL, NULL);
    v = device_get_prop(dev, "iobase", NULL);
    g_assert_cmpstr(v, ==, "1281");
    g_free(v);
    v = device_get_prop(dev, "iosize", NULL);
    g_assert_cmpstr(v, ==, "2");
    g_free(v);

    outb(0x501, 0);
    g_assert_cmpint(last_status(), ==, 1);
    outb(0x501, 1);
    g_assert_cmpint(last_status(), ==, 3);
    outb(0x502, 7);             /* any port of the range */
    g_assert_cmpint(last_status(), ==, 15);
    outw(0x501, 0x1234);        /* the whole value, not just a byte */
    g_assert_cmpint(last_status(), ==, 0x2469);
    g_assert_cmpint(statuses->len, ==, 4);
    /* Reads are harmless and return 0. */
    g_assert_cmphex(inb(0x501), ==, 0);
    g_assert_cmpint(statuses->len, ==, 4);
    /* Only iosize ports are claimed. */
    g_assert_null(address_space_lookup(&address_space_io, 0x500));
    g_assert_null(address_space_lookup(&address_space_io, 0x503));
    outb(0x503, 1);
    g_assert_cmpint(statuses->len, ==, 4);
    debug_exit_set_handler(NULL);
}

/* kvm-unit-tests: -device isa-debug-exit,iobase=0xf4,iosize=0x4 + outl. */
static void test_kvm_unit_tests_layout(void)
{
    g_array_set_size(statuses, 0);
    debug_exit_set_handler(record_exit);
    g_assert_nonnull(isa_debug_exit_create(0xf4, 4));
    outl(0xf4, 0x7f);
    g_assert_cmpint(last_status(), ==, 0xff);
    outl(0xf4, 0x80000000u);    /* shifted out; only the low bit stays */
    g_assert_cmpint(last_status() & 0xff, ==, 1);
    debug_exit_set_handler(NULL);
}

static void test_errors(void)
{
    Error *err = NULL;

    g_assert_null(hw_test_create(TYPE_ISA_DEBUG_EXIT, &err, "iosize=0",
                                 NULL));
    error_free(err);
    err = NULL;
    g_assert_null(hw_test_create(TYPE_ISA_DEBUG_EXIT, &err,
                                 "iobase=0xffff", "iosize=2", NULL));
    error_free(err);
}

/* The default handler really ends the process, with QEMU's status. */
static void test_real_exit(void)
{
    int wstatus;
    pid_t pid = fork();

    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        debug_exit_set_handler(NULL);
        hw_test_create(TYPE_ISA_DEBUG_EXIT, NULL, NULL);
        outb(0x501, 0x21);
        _exit(99);              /* not reached */
    }
    g_assert_cmpint(waitpid(pid, &wstatus, 0), ==, pid);
    g_assert_true(WIFEXITED(wstatus));
    g_assert_cmpint(WEXITSTATUS(wstatus), ==, 0x43);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    statuses = g_array_new(FALSE, FALSE, sizeof(int));
    HW_TEST_ADD("/debug-exit/status-values", test_status_values);
    HW_TEST_ADD("/debug-exit/kvm-unit-tests-layout",
                test_kvm_unit_tests_layout);
    HW_TEST_ADD("/debug-exit/errors", test_errors);
    HW_TEST_ADD("/debug-exit/real-exit", test_real_exit);
    return g_test_run();
}
