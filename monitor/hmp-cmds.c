/*
 * HMP commands: one table, shared by readline monitors and
 * human-monitor-command. Output uses "\n"; monitors turn it into "\r\n".
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "exec/memory.h"
#include "hw/boards.h"
#include "hw/core/device.h"
#include "hw/intc/i8259.h"
#include "hw/intc/ioapic.h"
#include "monitor/monitor.h"
#include "sysemu/accel.h"
#include "sysemu/runstate.h"
#include "target/i386/emulate.h"
#include "monitor-internal.h"
#include "config-host.h"

typedef void hmp_fn(GString *out, const char *arg);

/* The CPU "info registers" shows (human-monitor-command cpu-index). */
static int hmp_cpu;

struct hmp_cmd {
    const char *name;
    const char *params;
    const char *help;
    hmp_fn *fn;
};

static void info_status(GString *out, const char *arg)
{
    enum run_state s = runstate_get();

    if (s == RUN_STATE_RUNNING) {
        g_string_append(out, "VM status: running\n");
    } else if (s == RUN_STATE_PAUSED) {
        g_string_append(out, "VM status: paused\n");
    } else {
        g_string_append_printf(out, "VM status: paused (%s)\n",
                               run_state_name(s));
    }
}

static void info_version(GString *out, const char *arg)
{
    g_string_append(out, QEMU_COMPAT_VERSION " (splitvm " SPLITVM_VERSION
                    ")\n");
}

static void info_name(GString *out, const char *arg)
{
    if (current_machine && current_machine->cfg.name) {
        g_string_append_printf(out, "%s\n", current_machine->cfg.name);
    }
}

static int vcpu_count(void)
{
    const struct accel_ops *ops = current_machine ? current_machine->accel
                                                  : NULL;

    return ops && ops->vcpu_count && ops->vcpu_dump_registers
               ? ops->vcpu_count() : 0;
}

static void info_registers(GString *out, const char *arg)
{
    const struct accel_ops *ops = current_machine ? current_machine->accel
                                                  : NULL;
    bool running = runstate_is_running();
    char *text;

    if (hmp_cpu >= vcpu_count()) {
        g_string_append(out, "No CPU available\n");
        return;
    }
    /* Registers are read while the vCPUs are out of KVM_RUN. */
    if (running && ops->pause_vcpus) {
        ops->pause_vcpus();
    }
    text = ops->vcpu_dump_registers(hmp_cpu);
    if (running && ops->resume_vcpus) {
        ops->resume_vcpus();
    }
    g_string_append_printf(out, "\nCPU#%d\n%s", hmp_cpu, text);
    g_free(text);
}

static void info_qtree(GString *out, const char *arg)
{
    qom_print_qtree(out);
}

struct mtree_ctx {
    GString *out;
    const struct ram_block *ram;
    size_t nram;
    size_t next_ram;
};

static void mtree_line(GString *out, uint64_t start, uint64_t size,
                       const char *kind, const char *name)
{
    g_string_append_printf(out, "    %016" PRIx64 "-%016" PRIx64
                           " (prio 0, %s): %s\n", start, start + size - 1,
                           kind, name);
}

static void mtree_ram_before(struct mtree_ctx *m, uint64_t addr)
{
    while (m->next_ram < m->nram && m->ram[m->next_ram].gpa < addr) {
        const struct ram_block *rb = &m->ram[m->next_ram++];

        mtree_line(m->out, rb->gpa, rb->size, rb->readonly ? "rom" : "ram",
                   rb->name);
    }
}

static void mtree_region(struct mem_region *mr, void *opaque)
{
    struct mtree_ctx *m = opaque;

    mtree_ram_before(m, mr->addr);
    mtree_line(m->out, mr->addr, mr->size, "i/o", mr->name);
}

static void info_mtree(GString *out, const char *arg)
{
    struct mtree_ctx m = { .out = out };

    m.ram = memory_ram_blocks(&m.nram);
    g_string_append(out, "address-space: memory\n"
                    "  0000000000000000-ffffffffffffffff (prio 0, i/o): "
                    "system\n");
    address_space_foreach(&address_space_memory, mtree_region, &m);
    mtree_ram_before(&m, UINT64_MAX);
    g_string_append(out, "\naddress-space: I/O\n"
                    "  0000000000000000-000000000000ffff (prio 0, i/o): io\n");
    m.nram = 0;
    address_space_foreach(&address_space_io, mtree_region, &m);
    g_string_append(out, "\n");
}

static struct device *find_by_type(const char *type)
{
    for (struct device *d = device_first(); d; d = d->next) {
        if (!strcmp(d->class->name, type)) {
            return d;           /* the first: the i8259 master */
        }
    }
    return NULL;
}

/*
 * QEMU 7.2 prints every interrupt controller it has: in split mode the
 * IOAPIC's block comes first, then the 8259s.
 */
static void info_pic(GString *out, const char *arg)
{
    struct device *pic = find_by_type(TYPE_ISA_I8259);
    struct device *ioapic = find_by_type(TYPE_IOAPIC);

    if (ioapic) {
        ioapic_info(ioapic, out);
    }
    if (!pic) {
        if (ioapic) {
            return;
        }
        g_string_append(out, "No userspace 8259 PIC in this machine "
                        "(kernel-irqchip=on keeps it in KVM).\n");
        return;
    }
    pic_info(pic, out);
}

static void info_ioapic(GString *out, const char *arg)
{
    struct device *ioapic = find_by_type(TYPE_IOAPIC);

    if (!ioapic) {
        g_string_append(out, "No userspace IOAPIC in this machine "
                        "(kernel-irqchip=on keeps it in KVM).\n");
        return;
    }
    ioapic_info(ioapic, out);
}

static void print_counts(GString *out, const char *name,
                         const uint64_t *counts, int n)
{
    g_string_append_printf(out, "IRQ statistics for %s:\n", name);
    for (int i = 0; i < n; i++) {
        if (counts[i]) {
            g_string_append_printf(out, "%2d: %" PRIu64 "\n", i, counts[i]);
        }
    }
}

static void info_irq(GString *out, const char *arg)
{
    struct device *ioapic = find_by_type(TYPE_IOAPIC);
    struct device *pic = find_by_type(TYPE_ISA_I8259);
    uint64_t counts[GSI_NUM_PINS];

    if (ioapic) {
        ioapic_irq_counts(ioapic, counts);
        print_counts(out, "ioapic", counts, GSI_NUM_PINS);
    }
    if (pic) {
        pic_irq_counts(pic, counts);
        print_counts(out, TYPE_ISA_I8259, counts, ISA_NUM_IRQS);
    }
    if (!pic && !ioapic) {
        g_string_append(out, "No userspace interrupt controller in this "
                        "machine (kernel-irqchip=on keeps them in KVM).\n");
    }
}

static void add_chardev_line(struct chardev *chr, void *opaque)
{
    char *filename = qemu_chr_filename(chr);

    g_string_append_printf(opaque, "%s: filename=%s\n", qemu_chr_id(chr),
                           filename);
    g_free(filename);
}

static void info_chardev(GString *out, const char *arg)
{
    qemu_chr_foreach(add_chardev_line, out);
}

static void info_emulation(GString *out, const char *arg)
{
    x86_emu_info(out);
}

static const struct hmp_cmd info_cmds[] = {
    { "chardev", "", "show the character devices", info_chardev },
    { "emulation", "", "show instructions emulated in userspace",
      info_emulation },
    { "ioapic", "", "show io apic state", info_ioapic },
    { "irq", "", "show the interrupts statistics (if available)", info_irq },
    { "mtree", "", "show memory tree", info_mtree },
    { "name", "", "show the current VM name", info_name },
    { "pic", "", "show PIC state", info_pic },
    { "qtree", "", "show device tree", info_qtree },
    { "registers", "", "show the cpu registers", info_registers },
    { "status", "", "show the current VM status (running|paused)",
      info_status },
    { "version", "", "show the version of QEMU", info_version },
    { NULL },
};

static void run_requests_now(void)
{
    if (runstate_process_requests()) {
        qemu_system_exit_request(runstate_exit_status());
    }
}

static void do_system_reset(GString *out, const char *arg)
{
    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
    run_requests_now();
}

static void do_system_powerdown(GString *out, const char *arg)
{
    qemu_system_powerdown_request();
    run_requests_now();
}

static void do_quit(GString *out, const char *arg)
{
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
    run_requests_now();
}

static void do_stop(GString *out, const char *arg)
{
    vm_stop(RUN_STATE_PAUSED);
}

static void do_cont(GString *out, const char *arg)
{
    enum run_state s = runstate_get();

    if (s == RUN_STATE_SHUTDOWN || s == RUN_STATE_INTERNAL_ERROR ||
        s == RUN_STATE_GUEST_PANICKED) {
        g_string_append(out, "Error: Resetting the Virtual Machine is "
                        "required\n");
        return;
    }
    vm_start();
}

static void do_help(GString *out, const char *arg);
static void do_info(GString *out, const char *arg);

static const struct hmp_cmd cmds[] = {
    { "cont|c", "", "resume emulation", do_cont },
    { "help|?", "[cmd]", "show the help", do_help },
    { "info", "[subcommand]", "show various information about the system "
      "state", do_info },
    { "quit|q", "", "quit the emulator", do_quit },
    { "stop|s", "", "stop emulation", do_stop },
    { "system_powerdown", "", "send system power down event",
      do_system_powerdown },
    { "system_reset", "", "reset the system", do_system_reset },
    { NULL },
};

/* "cont|c" matches "cont" and "c". */
static bool name_matches(const char *names, const char *word)
{
    char **alts = g_strsplit(names, "|", 0);
    bool hit = false;

    for (int i = 0; alts[i]; i++) {
        hit |= !strcmp(alts[i], word);
    }
    g_strfreev(alts);
    return hit;
}

static const struct hmp_cmd *find(const struct hmp_cmd *t, const char *w)
{
    for (; t->name; t++) {
        if (name_matches(t->name, w)) {
            return t;
        }
    }
    return NULL;
}

static void help_line(GString *out, const char *prefix,
                      const struct hmp_cmd *c)
{
    g_string_append_printf(out, "%s%s %s -- %s\n", prefix, c->name,
                           c->params, c->help);
}

static void do_help(GString *out, const char *arg)
{
    const struct hmp_cmd *c;

    if (arg && !strcmp(arg, "info")) {
        do_info(out, NULL);
        return;
    }
    if (arg && *arg) {
        c = find(cmds, arg);
        if (c) {
            help_line(out, "", c);
        } else {
            g_string_append_printf(out, "unknown command: '%s'\n", arg);
        }
        return;
    }
    for (c = cmds; c->name; c++) {
        help_line(out, "", c);
    }
}

static void do_info(GString *out, const char *arg)
{
    const struct hmp_cmd *c;
    char **words;

    if (!arg || !*arg) {
        for (c = info_cmds; c->name; c++) {
            help_line(out, "info ", c);
        }
        return;
    }
    words = g_strsplit_set(arg, " \t", 2);
    c = find(info_cmds, words[0]);
    if (!c) {
        g_string_append_printf(out, "unknown command: 'info %s'\n", arg);
    } else if (words[1] && *g_strstrip(words[1])) {
        g_string_append_printf(out, "%s: extraneous characters at the end "
                               "of line\nTry \"help info %s\" for more "
                               "information\n", c->name, words[0]);
    } else {
        c->fn(out, NULL);
    }
    g_strfreev(words);
}

static char *hmp_run(const char *cmdline)
{
    GString *out = g_string_new(NULL);
    char *line = g_strstrip(g_strdup(cmdline));
    char **words = g_strsplit_set(line, " \t", 2);
    const struct hmp_cmd *c;

    if (words[0] && *words[0]) {
        char *arg = words[1] ? g_strstrip(words[1]) : NULL;

        c = find(cmds, words[0]);
        if (!c) {
            g_string_append_printf(out, "unknown command: '%s'\n", words[0]);
        } else if (arg && *arg && c->fn != do_help && c->fn != do_info) {
            g_string_append_printf(out, "%s: extraneous characters at the "
                                   "end of line\nTry \"help %s\" for more "
                                   "information\n", c->name, words[0]);
        } else {
            c->fn(out, arg);
        }
    }
    g_strfreev(words);
    g_free(line);
    return g_string_free(out, FALSE);
}

/* Every "\n" becomes "\r\n", as QEMU's monitor output does. */
char *hmp_crlf(const char *text)
{
    GString *out = g_string_new(NULL);

    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            g_string_append_c(out, '\r');
        }
        g_string_append_c(out, *p);
    }
    return g_string_free(out, FALSE);
}

char *hmp_run_command(const char *cmdline)
{
    char *raw = hmp_run(cmdline);
    char *out = hmp_crlf(raw);

    g_free(raw);
    return out;
}

char *hmp_run_command_on_cpu(const char *cmdline, int cpu, char **error)
{
    char *out;

    *error = NULL;
    if (cpu < 0 || cpu >= vcpu_count()) {
        *error = g_strdup("Parameter 'cpu-index' expects a CPU number");
        return NULL;
    }
    hmp_cpu = cpu;
    out = hmp_run_command(cmdline);
    hmp_cpu = 0;
    return out;
}
