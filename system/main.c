/*
 * qemu-system-x86_64: parse the command line, build the machine, run.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "chardev/char.h"
#include "hw/boards.h"
#include "hw/core/device.h"
#include "sysemu/accel.h"
#include "sysemu/runstate.h"
#include "target/i386/cpu.h"
#include "hw/i386/pc-internal.h"
#include "monitor/monitor.h"
#include "sysemu/qtest.h"
#include "os-posix.h"
#include "vl.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>

static struct machine_state machine;

static void system_reset(enum shutdown_cause cause)
{
    if (!strcmp(machine.cfg.type, "none")) {
        devices_reset_all();
        return;
    }
    pc_machine_reset(&machine);
}

static void pause_vcpus(void)
{
    if (machine.accel && machine.accel->pause_vcpus) {
        machine.accel->pause_vcpus();
    }
}

static void resume_vcpus(void)
{
    if (machine.accel && machine.accel->resume_vcpus) {
        machine.accel->resume_vcpus();
    }
}

static const struct runstate_hooks hooks = {
    .system_reset = system_reset,
    .pause_vcpus = pause_vcpus,
    .resume_vcpus = resume_vcpus,
};

static int create_chardevs(struct vl_config *cfg)
{
    Error *err = NULL;

    for (guint i = 0; i < cfg->chardevs->len; i++) {
        const char *arg = g_ptr_array_index(cfg->chardevs, i);
        struct kv_opts *o = kv_parse(arg, "backend", &err);

        loc_set_cmdline("-chardev", arg);
        if (!o || !qemu_chr_new_from_opts(o, &err)) {
            kv_free(o);
            error_report_err(err);
            return -1;
        }
        kv_free(o);
        loc_clear();
    }
    for (guint i = 0; i < cfg->serials->len; i++) {
        const char *spec = g_ptr_array_index(cfg->serials, i);
        char *label = g_strdup_printf("serial%d", machine.nr_serial);
        struct chardev *chr;

        loc_set_cmdline("-serial", spec);
        if (g_str_has_prefix(spec, "mon:")) {
            /* The port and an HMP monitor share the backend. */
            chr = qemu_chr_new_mux(label, spec + 4, &err);
            if (chr && monitor_init_hmp(chr, &err) < 0) {
                chr = NULL;
            }
        } else {
            chr = qemu_chr_new(label, spec, &err);
        }
        g_free(label);
        if (!chr && err) {
            error_report_err(err);
            return -1;
        }
        loc_clear();
        if (chr) {
            machine.serial_hds[machine.nr_serial++] = chr;
        }
    }
    if (cfg->default_serial) {
        /* QEMU's default COM1 has a virtual console; with no display that
         * is a sink, like the null backend. */
        machine.serial_hds[machine.nr_serial++] =
            qemu_chr_new("serial0", "null", &err);
    }
    if (cfg->debugcon) {
        loc_set_cmdline("-debugcon", cfg->debugcon);
        machine.debugcon = qemu_chr_new("debugcon", cfg->debugcon, &err);
        if (!machine.debugcon) {
            if (err) {
                error_report_err(err);
            } else {
                error_report("a debug console needs a character device");
            }
            return -1;
        }
        loc_clear();
    }
    return 0;
}

/* QEMU's -nographic: serial and monitor on stdio, multiplexed. */
static void apply_nographic(struct vl_config *cfg)
{
    bool default_monitor = !cfg->monitors->len && !cfg->machine.nodefaults;

    if (!cfg->nographic) {
        return;
    }
    if (cfg->default_serial && default_monitor) {
        g_ptr_array_add(cfg->serials, g_strdup("mon:stdio"));
    } else {
        if (cfg->default_serial) {
            g_ptr_array_add(cfg->serials, g_strdup("stdio"));
        }
        if (default_monitor) {
            struct vl_monitor *m = g_new0(struct vl_monitor, 1);

            m->spec = g_strdup("stdio");
            g_ptr_array_add(cfg->monitors, m);
        }
    }
    cfg->default_serial = false;
}

static int create_monitors(struct vl_config *cfg)
{
    for (guint i = 0; i < cfg->monitors->len; i++) {
        struct vl_monitor *m = g_ptr_array_index(cfg->monitors, i);
        Error *err = NULL;
        struct chardev *chr;

        if (m->chardev_id) {
            chr = qemu_chr_find(m->chardev_id);
            if (!chr) {
                loc_set_cmdline("-mon", m->chardev_id);
                error_report("chardev \"%s\" not found", m->chardev_id);
                return -1;
            }
        } else {
            char *label = g_strdup_printf("compat_monitor%u", i);

            loc_set_cmdline(m->qmp ? "-qmp" : "-monitor", m->spec);
            if (g_str_has_prefix(m->spec, "mon:")) {
                chr = qemu_chr_new_mux(label, m->spec + 4, &err);
            } else {
                chr = qemu_chr_new(label, m->spec, &err);
            }
            g_free(label);
            if (!chr) {
                if (err) {
                    error_report_err(err);
                } else {
                    error_report("a monitor needs a character device");
                }
                return -1;
            }
        }
        if ((m->qmp ? monitor_init_qmp(chr, m->pretty, &err)
                    : monitor_init_hmp(chr, &err)) < 0) {
            error_report_err(err);
            return -1;
        }
        loc_clear();
    }
    if (cfg->qtest) {
        Error *err = NULL;

        loc_set_cmdline("-qtest", cfg->qtest);
        if (qtest_server_init(cfg->qtest, cfg->qtest_log, &err) < 0) {
            error_report_err(err);
            return -1;
        }
        loc_clear();
    }
    return 0;
}

static const struct accel_ops *choose_accel(struct vl_config *cfg,
                                            Error **errp)
{
    if (!cfg->accels->len) {
        /* splitvm's default is kvm (QEMU's is tcg): see invocation.md. */
        g_ptr_array_add(cfg->accels, g_strdup("kvm"));
    }
    for (guint i = 0; i < cfg->accels->len; i++) {
        const char *name = g_ptr_array_index(cfg->accels, i);
        const struct accel_ops *ops = accel_find(name);

        error_free(*errp);
        *errp = NULL;
        /* QEMU names the -accel option in these messages. */
        if (!cfg->accel_from_machine && i < cfg->accel_args->len) {
            loc_set_cmdline("-accel", g_ptr_array_index(cfg->accel_args, i));
        }
        if (ops) {
            machine.accel = ops;
            if (ops->init_machine(&machine, errp) == 0) {
                loc_clear();
                return ops;
            }
            machine.accel = NULL;
        } else if (!strcmp(name, "tcg") || !strcmp(name, "qtest")) {
            error_setg(errp, "accelerator '%s' is not supported yet", name);
        } else {
            error_setg(errp, "invalid accelerator %s", name);
        }
        if (i + 1 < cfg->accels->len) {
            /* QEMU names the class: "falling back to KVM". */
            char *next = g_ascii_strup(g_ptr_array_index(cfg->accels, i + 1),
                                       -1);

            error_report("%s", error_get_pretty(*errp));
            loc_clear();
            error_report("falling back to %s", next);
            g_free(next);
        }
    }
    return NULL;
}

static int create_user_devices(struct vl_config *cfg)
{
    for (guint i = 0; i < cfg->devices->len; i++) {
        const char *arg = g_ptr_array_index(cfg->devices, i);
        Error *err = NULL;
        struct kv_opts *o = kv_parse(arg, "driver", &err);
        struct device *dev = NULL;
        const char *id;

        loc_set_cmdline("-device", arg);
        if (o) {
            dev = device_new(kv_get(o, "driver"), &err);
        }
        if (!dev) {
            goto fail;
        }
        id = kv_get(o, "id");
        if (id) {
            dev->id = g_strdup(id);
            device_set_path(dev, "/machine/peripheral", id);
            if (device_find(dev->path)) {
                error_setg(&err, "Duplicate device ID '%s'", id);
                goto fail;
            }
        } else {
            device_set_path(dev, "/machine/peripheral-anon", NULL);
        }
        for (guint j = 0; j < o->pairs->len; j++) {
            struct kv_pair *kv = g_ptr_array_index(o->pairs, j);

            if (!strcmp(kv->key, "driver") || !strcmp(kv->key, "id")) {
                continue;
            }
            if (!strcmp(kv->key, "bus") && !strcmp(kv->value, "isa.0")) {
                continue;
            }
            if (device_set_prop(dev, kv->key, kv->value, &err) < 0) {
                goto fail;
            }
        }
        if (!pc_plug_user_device(dev, &err)) {
            goto fail;
        }
        kv_free(o);
        loc_clear();
        continue;
fail:
        kv_free(o);
        error_report_err(err);
        return -1;
    }
    return 0;
}

/* QEMU's "none" machine has RAM (at 0) only when -m asks for it. */
static int machine_none_init_ram(struct machine_state *ms)
{
    Error *err = NULL;
    void *ram;

    if (!ms->cfg.ram_size_given) {
        return 0;
    }
    ram = mmap(NULL, ms->cfg.ram_size, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (ram == MAP_FAILED) {
        error_report("cannot set up guest memory 'ram': %s",
                     g_strerror(errno));
        return -1;
    }
    ms->ram = ram;
    if (memory_add_ram("ram", 0, ms->cfg.ram_size, ram, false, &err) < 0) {
        error_report_err(err);
        return -1;
    }
    return 0;
}

static int build_machine(struct vl_config *cfg)
{
    Error *err = NULL;
    const char *type = cfg->machine.type;

    if (strcmp(type, "pc") && strcmp(type, "pc-i440fx-7.2") &&
        strcmp(type, "none")) {
        loc_set_cmdline("-machine", type);
        error_report("unsupported machine type");
        loc_clear();
        fprintf(stderr, "Use -machine help to list supported machines\n");
        return -1;
    }
    machine.cpu = x86_cpu_config_parse(cfg->machine.cpu_model, &err);
    if (!machine.cpu) {
        error_report_err(err);
        return -1;
    }
    if (!choose_accel(cfg, &err)) {
        error_report_err(err);
        loc_clear();
        return -1;
    }
    if (!strcmp(type, "none")) {
        if (cfg->machine.kernel) {
            error_report("The -kernel parameter is not supported (use the "
                         "generic 'loader' device instead).");
            return -1;
        }
        return machine_none_init_ram(&machine);
    }
    if (pc_machine_init(&machine, &err) < 0) {
        error_report_err(err);
        return -1;
    }
    if (create_user_devices(cfg) < 0) {
        return -1;
    }
    device_globals_check_unused();
    return 0;
}

int main(int argc, char **argv)
{
    struct vl_config cfg;
    bool has_cpus;

    signal(SIGPIPE, SIG_IGN);
    if (vl_parse_args(argc, argv, &cfg) < 0) {
        return 1;
    }
    if (cfg.action == VL_EXIT_OK) {
        return 0;
    }
    machine.cfg = cfg.machine;
    qemu_loglevel = cfg.log_mask;
    if (cfg.log_file) {
        int err = qemu_log_set_file(cfg.log_file);

        if (err < 0) {
            error_report("Error opening logfile %s: %s", cfg.log_file,
                         g_strerror(-err));
            return 1;
        }
    }
    no_reboot = cfg.no_reboot;
    no_shutdown = cfg.no_shutdown;
    if (cfg.process_name) {
        os_set_proc_name(cfg.process_name);
    }
    if (cfg.exit_with_parent) {
        /* An orderly shutdown (SIGTERM) when the parent goes away. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
    }
    main_loop_init();
    daemonize_requested = cfg.daemonize;
    if (cfg.daemonize && cfg.nographic && !cfg.machine.nodefaults) {
        /* -nographic puts serial and monitor on stdio (QEMU's text). */
        error_report("-nographic cannot be used with -daemonize");
        return 1;
    }
    if (!strcmp(cfg.machine.type, "none")) {
        /* QEMU's none machine has no_serial: no default COM1 chardev. */
        cfg.default_serial = false;
    }
    apply_nographic(&cfg);
    if (create_chardevs(&cfg) < 0 || create_monitors(&cfg) < 0) {
        return 1;
    }
    /*
     * As QEMU: from here on a SIGTERM ends in an orderly exit (status 0)
     * once the machine is up; while a wait=on server still waits for its
     * client it kills the process. The handler only writes to a pipe, so
     * it survives -daemonize's fork.
     */
    main_loop_init_signals();
    if (cfg.daemonize && os_daemonize() < 0) {
        return 1;
    }
    if (cfg.pidfile && os_write_pidfile(cfg.pidfile) < 0) {
        return 1;
    }
    current_machine = &machine;
    if (build_machine(&cfg) < 0) {
        return 1;
    }
    runstate_set_hooks(&hooks);
    has_cpus = strcmp(machine.cfg.type, "none") != 0;
    system_reset(SHUTDOWN_CAUSE_NONE);
    if (has_cpus) {
        machine.accel->start_vcpus(&machine);
    }
    os_setup_post();
    if (!cfg.start_paused) {
        vm_start();
    }
    main_loop_run();
    qemu_chr_restore_terminal();
    return runstate_exit_status();
}
