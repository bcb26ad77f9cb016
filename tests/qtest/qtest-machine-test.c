/*
 * The qtest protocol on a real pc machine: guest RAM and MMIO through the
 * memory commands, IRQ interception and set_irq_in, and the rules QEMU
 * follows for them (reference: QEMU 7.2 softmmu/qtest.c, observed
 * replies in the project reference §1.2-1.3).
 */
#include "qtest-pc.h"

#include <string.h>

#define ARGS "-machine pc -nodefaults -m 16"

static void assert_reply(QTestState *s, const char *cmd, const char *want)
{
    char *r = qtest_raw(s, "%s", cmd);

    g_assert_cmpstr(r, ==, want);
    g_free(r);
}

static void assert_events(QTestState *s, const char *want)
{
    char *ev = qtest_irq_events(s);

    g_assert_cmpstr(ev, ==, want);
    g_free(ev);
}

static void test_ram_sizes(void)
{
    QTestState *s = pc_start(ARGS);

    qtest_writeq(s, 0x1000, 0x8877665544332211ULL);
    /* Little endian, and QEMU's exact reply formats. */
    assert_reply(s, "read 0x1000 8", "OK 0x1122334455667788");
    assert_reply(s, "b64read 0x1000 8", "OK ESIzRFVmd4g=");
    assert_reply(s, "readb 0x1000", "OK 0x0000000000000011");
    g_assert_cmphex(qtest_readw(s, 0x1001), ==, 0x3322);
    g_assert_cmphex(qtest_readl(s, 0x1004), ==, 0x88776655);
    g_assert_cmphex(qtest_readq(s, 0x1000), ==, 0x8877665544332211ULL);
    qtest_writeb(s, 0x1003, 0xab);
    qtest_writew(s, 0x1006, 0xcdef);
    qtest_writel(s, 0x2000, 0xdeadbeef);
    g_assert_cmphex(qtest_readq(s, 0x1000), ==, 0xcdef6655ab332211ULL);
    g_assert_cmphex(qtest_readb(s, 0x2003), ==, 0xde);
    /* Values wider than the access are truncated. */
    assert_reply(s, "writeb 0x3000 0x1ff", "OK");
    g_assert_cmphex(qtest_readw(s, 0x3000), ==, 0x00ff);
    qtest_quit(s);
}

static void test_ram_buffers(void)
{
    QTestState *s = pc_start(ARGS);
    uint8_t buf[300], out[300];

    for (size_t i = 0; i < sizeof(buf); i++) {
        buf[i] = i * 13 + 5;
    }
    qtest_memwrite(s, 0x10000, buf, sizeof(buf));
    qtest_memread(s, 0x10000, out, sizeof(out));
    g_assert(!memcmp(buf, out, sizeof(buf)));
    qtest_bufwrite(s, 0x20000, buf, sizeof(buf));
    memset(out, 0, sizeof(out));
    qtest_bufread(s, 0x20000, out, sizeof(out));
    g_assert(!memcmp(buf, out, sizeof(buf)));

    /* write: data shorter than SIZE is zero-padded. */
    qtest_memset(s, 0x30000, 0xee, 8);
    assert_reply(s, "write 0x30000 4 0xaabb", "OK");
    assert_reply(s, "read 0x30000 6", "OK 0xaabb0000eeee");
    /* b64write: the shorter of data and SIZE wins. */
    assert_reply(s, "b64write 0x30000 6 AQID", "OK");
    assert_reply(s, "read 0x30000 6", "OK 0x01020300eeee");
    assert_reply(s, "b64write 0x30000 1 BAUG", "OK");
    assert_reply(s, "read 0x30000 4", "OK 0x04020300");
    /* Upper-case hex is accepted too. */
    assert_reply(s, "write 0x30000 2 0xABcd", "OK");
    assert_reply(s, "read 0x30000 2", "OK 0xabcd");

    qtest_memset(s, 0x40000, 0x5a, 4096);
    g_assert_cmphex(qtest_readq(s, 0x40ff8), ==, 0x5a5a5a5a5a5a5a5aULL);
    g_assert_cmphex(qtest_readb(s, 0x41000), ==, 0);
    qtest_quit(s);
}

/* Accesses that span RAM and the hole above it. */
static void test_ram_edges(void)
{
    QTestState *s = pc_start(ARGS);
    uint64_t top = 16 << 20;

    qtest_memset(s, top - 4, 0x11, 8);
    assert_reply(s, "read 0xfffffe 4", "OK 0x1111ffff");
    qtest_writel(s, top - 2, 0x44332211);
    assert_reply(s, "read 0xfffffe 4", "OK 0x1122ffff");
    /* A memset over all of the 32-bit space returns at once: holes are
     * skipped, only RAM and device regions are written. */
    qtest_memset(s, top, 0, 0xe0000000ULL - top);
    g_assert_cmphex(qtest_readq(s, 0x1000000), ==, UINT64_MAX);
    qtest_quit(s);
}

/* MMIO through the memory commands: the IOAPIC's index/data window. */
static void test_mmio(void)
{
    QTestState *s = pc_start(ARGS);

    qtest_writel(s, 0xfec00000, 0x01);
    /* Version 0x20, 24 entries (max redirection entry 23). */
    g_assert_cmphex(qtest_readl(s, 0xfec00010), ==, 0x00170020);
    qtest_writeb(s, 0xfec00000, 0x00);
    qtest_writel(s, 0xfec00010, 0x0a000000);
    g_assert_cmphex(qtest_readl(s, 0xfec00010), ==, 0x0a000000);
    qtest_quit(s);
}

/* QEMU: the IRQ line comes before the OK, only on a change. */
static void test_irq_in(void)
{
    QTestState *s = pc_start(ARGS);

    qtest_irq_intercept_in(s, PC_IOAPIC);
    assert_events(s, "");
    assert_reply(s, "set_irq_in ioapic unnamed-gpio-in 5 1", "OK");
    assert_events(s, "IRQ raise 5");
    assert_reply(s, "set_irq_in ioapic unnamed-gpio-in 5 1", "OK");
    assert_events(s, "");
    g_assert_true(qtest_get_irq(s, 5));
    qtest_set_irq_in(s, "/machine/i440fx/ioapic", NULL, 5, 0);
    assert_events(s, "IRQ lower 5");
    g_assert_false(qtest_get_irq(s, 5));
    qtest_set_irq_in(s, PC_IOAPIC, "unnamed-gpio-in", 23, 1);
    assert_events(s, "IRQ raise 23");

    /* One device per process: again is OK, another is refused. */
    assert_reply(s, "irq_intercept_in ioapic", "OK");
    {
        char *cmd = g_strdup_printf("irq_intercept_out %s",
                                    PC_PIC_MASTER(s));

        assert_reply(s, cmd, "FAIL IRQ intercept already enabled");
        g_free(cmd);
    }
    assert_reply(s, "set_irq_in ioapic unnamed-gpio-in 24 1",
                 "FAIL GPIO input 24 out of range (0..23)");
    assert_reply(s, "set_irq_in ioapic no-such-list 0 1",
                 "FAIL no GPIO input list 'no-such-list'");
    qtest_quit(s);
}

/* The PIT reaches IOAPIC input 0 (QEMU's remap to pin 2 is internal). */
static void test_irq_pit_on_ioapic(void)
{
    QTestState *s = pc_start(ARGS " -global isa-pit.lost_tick_policy=discard");
    int64_t t;

    qtest_irq_intercept_in(s, PC_IOAPIC);
    /* Channel 0 runs from reset: mode 3, count 65536; half a period to
     * the first falling edge, then the rising edge half a period later. */
    t = qtest_clock_step_next(s);
    g_assert_cmpint(t, >, 27000000);
    g_assert_cmpint(t, <, 28000000);
    while (!qtest_get_irq(s, 0)) {
        qtest_clock_step_next(s);
    }
    assert_events(s, "IRQ raise 0");
    qtest_quit(s);
}

static void test_irq_failures(void)
{
    QTestState *s = pc_start(ARGS);

    assert_reply(s, "irq_intercept_in ioapic foo",
                 "FAIL Interception of named in-GPIOs not yet supported");
    assert_reply(s, "irq_intercept_out ioapic", "FAIL No intercepts installed");
    assert_reply(s, "irq_intercept_in /machine/nothing", "FAIL Unknown device");
    qtest_quit(s);
}

/*
 * Timers of different devices fire in deadline order inside one
 * clock_step: the UART's FIFO timeout (4 character times at 9600 baud,
 * 4.17 ms after the byte) against a PIT one-shot of pit_ns, both seen on
 * IOAPIC inputs 4 and 0.
 */
static char *timer_order(int64_t pit_clocks)
{
    QTestState *s = pc_start(ARGS " -device isa-serial -global "
                             "isa-pit.lost_tick_policy=discard");
    char *ev;

    qtest_irq_intercept_in(s, PC_IOAPIC);
    qtest_outb(s, 0x3fa, 0x41);         /* FIFO on, trigger 4 */
    qtest_outb(s, 0x3fc, 0x10);         /* loopback */
    qtest_outb(s, 0x3f9, 0x01);         /* RX interrupts */
    qtest_outb(s, 0x43, 0x30);          /* PIT ch0 mode 0 */
    qtest_outb(s, 0x40, pit_clocks & 0xff);
    qtest_outb(s, 0x40, pit_clocks >> 8);
    qtest_outb(s, 0x3f8, 0x55);
    g_free(qtest_irq_events(s));
    qtest_clock_step(s, 10000000);
    ev = qtest_irq_events(s);
    qtest_quit(s);
    return ev;
}

static void test_timer_order(void)
{
    char *ev = timer_order(3579);       /* 3.0 ms */

    g_assert_cmpstr(ev, ==, "IRQ raise 0\nIRQ raise 4");
    g_free(ev);
    ev = timer_order(6000);             /* 5.03 ms */
    g_assert_cmpstr(ev, ==, "IRQ raise 4\nIRQ raise 0");
    g_free(ev);
}

/*
 * QEMU 7.2: while the VM is stopped the virtual clock is disabled: the
 * clock commands move it but run no timer (a bare clock_step sees no
 * deadline); "cont" runs what expired.
 */
static void test_clock_while_stopped(void)
{
    QTestState *s = pc_start(ARGS " -S -global "
                             "isa-pit.lost_tick_policy=discard");

    qtest_irq_intercept_out(s, PC_PIT(s));
    g_assert_cmpint(qtest_clock_step_next(s), ==, 0);
    /* Mode 0, terminal count after 1000 clocks (838 us). */
    qtest_outb(s, 0x43, 0x30);
    qtest_outb(s, 0x40, 1000 & 0xff);
    qtest_outb(s, 0x40, 1000 >> 8);
    g_assert_cmpint(qtest_clock_step(s, 1000000), ==, 1000000);
    assert_events(s, "");
    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    qtest_qmp_eventwait(s, "RESUME");
    g_assert_true(qtest_get_irq(s, 0));
    assert_events(s, "IRQ raise 0");
    /* Running: timers fire inside the command again... */
    qtest_outb(s, 0x40, 1000 & 0xff);
    qtest_outb(s, 0x40, 1000 >> 8);
    assert_events(s, "IRQ lower 0");
    g_assert_cmpint(qtest_clock_step_next(s), ==, 1000000 + 838096);
    assert_events(s, "IRQ raise 0");
    /* ...until "stop". */
    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    qtest_outb(s, 0x40, 1000 & 0xff);
    qtest_outb(s, 0x40, 1000 >> 8);
    assert_events(s, "IRQ lower 0");
    g_assert_cmpint(qtest_clock_step_next(s), ==, 1000000 + 838096);
    qtest_clock_step(s, 2000000);
    assert_events(s, "");
    qtest_quit(s);
}

/* Path of the board device of that type, from qom-list. */
static char *find_unattached(QTestState *s, const char *type)
{
    JsonObject *r = qtest_qmp(s, "{'execute': 'qom-list', 'arguments': "
                                 "{'path': '/machine/unattached'}}");
    JsonArray *list = json_object_get_array_member(r, "return");
    char *want = g_strdup_printf("child<%s>", type);
    char *path = NULL;

    for (guint i = 0; !path && i < json_array_get_length(list); i++) {
        JsonObject *e = json_array_get_object_element(list, i);

        if (!strcmp(json_object_get_string_member(e, "type"), want)) {
            path = g_strdup_printf("/machine/unattached/%s",
                                   json_object_get_string_member(e, "name"));
        }
    }
    g_assert_nonnull(path);
    g_free(want);
    json_object_unref(r);
    return path;
}

/* irq_intercept_out PATH NAME: port 0x92's "a20" output. */
static void test_irq_out_named(void)
{
    QTestState *s = pc_start(ARGS);
    char *port92 = find_unattached(s, "port92");
    char *cmd = g_strdup_printf("irq_intercept_out %s", port92);

    /* No unnamed outputs there. */
    assert_reply(s, cmd, "FAIL No intercepts installed");
    qtest_irq_intercept_out_named(s, port92, "a20");
    qtest_outb(s, 0x92, 0x02);
    assert_events(s, "IRQ raise 0");
    qtest_outb(s, 0x92, 0x02);
    assert_events(s, "");
    qtest_outb(s, 0x92, 0x00);
    assert_events(s, "IRQ lower 0");
    g_free(cmd);
    g_free(port92);
    qtest_quit(s);
}

/*
 * The CPU comes first (device[0], as QEMU 7.2's pc), then the board's
 * devices; qtest-pc.h finds those by type.
 */
static void test_qom_paths(void)
{
    static const struct {
        const char *name, *type;
    } want[] = {
        { "device[0]", "child<qemu64-x86_64-cpu>" },
        { "device[1]", "child<isa-i8259>" },
        { "device[2]", "child<isa-i8259>" },
        { "device[3]", "child<isa-pit>" },
    };
    QTestState *s = pc_start(ARGS);
    JsonObject *r = qtest_qmp(s, "{'execute': 'qom-list', 'arguments': "
                                 "{'path': '/machine/unattached'}}");
    JsonArray *list = json_object_get_array_member(r, "return");
    int found = 0;

    g_assert_cmpstr(PC_PIC_MASTER(s), ==, "/machine/unattached/device[1]");
    g_assert_cmpstr(PC_PIC_SLAVE(s), ==, "/machine/unattached/device[2]");
    g_assert_cmpstr(PC_PIT(s), ==, "/machine/unattached/device[3]");
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *e = json_array_get_object_element(list, i);

        for (size_t j = 0; j < G_N_ELEMENTS(want); j++) {
            if (!strcmp(json_object_get_string_member(e, "name"),
                        want[j].name)) {
                g_assert_cmpstr(json_object_get_string_member(e, "type"), ==,
                                want[j].type);
                found++;
            }
        }
    }
    g_assert_cmpint(found, ==, G_N_ELEMENTS(want));
    json_object_unref(r);
    r = qtest_qmp(s, "{'execute': 'qom-list', 'arguments': "
                     "{'path': '/machine/i440fx'}}");
    {
        JsonNode *n = json_node_init_object(json_node_alloc(), r);
        char *text = json_to_string(n, FALSE);

        g_assert_nonnull(strstr(text, "child<ioapic>"));
        g_free(text);
        json_node_unref(n);
    }
    json_object_unref(r);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("qtest-machine/ram-sizes", test_ram_sizes);
    qtest_add_func("qtest-machine/ram-buffers", test_ram_buffers);
    qtest_add_func("qtest-machine/ram-edges", test_ram_edges);
    qtest_add_func("qtest-machine/mmio", test_mmio);
    qtest_add_func("qtest-machine/irq-in", test_irq_in);
    qtest_add_func("qtest-machine/irq-pit-on-ioapic", test_irq_pit_on_ioapic);
    qtest_add_func("qtest-machine/irq-failures", test_irq_failures);
    qtest_add_func("qtest-machine/qom-paths", test_qom_paths);
    qtest_add_func("qtest-machine/timer-order", test_timer_order);
    qtest_add_func("qtest-machine/irq-out-named", test_irq_out_named);
    qtest_add_func("qtest-machine/clock-while-stopped",
                   test_clock_while_stopped);
    return g_test_run();
}
