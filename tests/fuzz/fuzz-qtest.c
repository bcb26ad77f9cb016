/*
 * libFuzzer target: the qtest line protocol (framing, parsing and every
 * command) against a small machine: 1 MiB of RAM at 0, the PIC pair, the
 * PIT, the IOAPIC and fw_cfg with DMA, under the qtest accelerator's
 * manual virtual clock.
 *
 * Oracle besides crashes and sanitizer reports: every complete request
 * line gets exactly one reply line starting with OK, FAIL or ERR, and any
 * other line the server sends is an "IRQ raise|lower N" report.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "hw/boards.h"
#include "hw/core/device.h"
#include "hw/intc/i8259.h"
#include "hw/intc/ioapic.h"
#include "hw/nvram/fw_cfg.h"
#include "hw/timer/i8254.h"
#include "sysemu/accel.h"
#include "sysemu/runstate.h"
#include "qtest/qtest-internal.h"

#define FUZZ_RAM_SIZE (1 * MiB)

static struct qtest_session session;
static GString *partial;        /* reply bytes not yet ending in '\n' */
static uint64_t replies;

static void check_line(const char *line)
{
    if (g_str_has_prefix(line, "IRQ raise ") ||
        g_str_has_prefix(line, "IRQ lower ")) {
        return;
    }
    if (!g_str_has_prefix(line, "OK") && !g_str_has_prefix(line, "FAIL") &&
        !g_str_has_prefix(line, "ERR ")) {
        fprintf(stderr, "fuzz-qtest: bad reply line '%.200s'\n", line);
        abort();
    }
    replies++;
}

static void fuzz_write(void *opaque, const char *buf, size_t len)
{
    g_string_append_len(partial, buf, len);
    for (;;) {
        char *nl = memchr(partial->str, '\n', partial->len);

        if (!nl) {
            return;
        }
        *nl = 0;
        check_line(partial->str);
        g_string_erase(partial, 0, nl - partial->str + 1);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static struct machine_state ms;
    qemu_irq isa[16];
    const struct accel_ops *qtest = accel_find("qtest");

    if (!qtest || qtest->init_machine(&ms, NULL) < 0) {
        abort();
    }
    if (memory_add_ram("fuzz.ram", 0, FUZZ_RAM_SIZE,
                       g_malloc0(FUZZ_RAM_SIZE), false, NULL) < 0) {
        abort();
    }
    if (!ioapic_init(NULL) || !i8259_init(NULL, isa) ||
        !i8254_pit_init(0x40, isa[0])) {
        abort();
    }
    fw_cfg_add_i32(fw_cfg_init_io(true), FW_CFG_NB_CPUS, 1);
    vm_start();     /* timers run only while the VM runs */
    partial = g_string_new(NULL);
    qtest_session_init(&session, fuzz_write, NULL, NULL);
    /* Small budgets keep every input fast; the limits are the same code. */
    session.max_deadlines = 2000;
    session.max_xfer = 64 * KiB;
    qtest_irq_set_session(&session);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t lines = 0;

    for (size_t i = 0; i < size; i++) {
        lines += data[i] == '\n';
    }
    devices_reset_all();
    qtest_session_open(&session);
    replies = 0;
    qtest_session_input(&session, data, size);
    /* One reply per complete line; the tail without '\n' waits. */
    if (replies != lines) {
        fprintf(stderr, "fuzz-qtest: %" PRIu64 " lines, %" PRIu64
                " replies\n", lines, replies);
        abort();
    }
    qtest_session_close(&session);
    g_string_truncate(partial, 0);
    return 0;
}
