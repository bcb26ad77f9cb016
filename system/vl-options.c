/*
 * QEMU-compatible command-line parsing into struct vl_config.
 *
 * Every option QEMU users pass is either handled, or refused with a
 * message naming it; nothing is silently ignored. Options are accepted
 * with one or two leading dashes, as QEMU does.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/keyval.h"
#include "qemu/log.h"
#include "hw/core/device.h"
#include "hw/core/properties.h"
#include "target/i386/cpu.h"
#include "chardev/char.h"
#include "sysemu/smp.h"
#include "vl.h"

#define DEFAULT_RAM_SIZE (128 * MiB)

struct vl_option;
typedef int vl_handler(struct vl_config *cfg, const char *arg);

struct vl_option {
    const char *name;
    bool has_arg;
    vl_handler *handler;
};

static int fail_opts(Error *err)
{
    error_report_err(err);
    return -1;
}

/* ---- -machine / -accel ---- */

/*
 * -accel kvm,kernel-irqchip= wins over -machine kernel-irqchip= whatever
 * their order, as in QEMU (where the -machine form only sets a default
 * for the accelerator's property); the -machine value is still checked.
 */
static int parse_irqchip(const char *v, struct machine_config *m,
                         bool from_accel)
{
    enum irqchip_mode mode;

    if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true")) {
        mode = IRQCHIP_ON;
    } else if (!strcmp(v, "off") || !strcmp(v, "no") ||
               !strcmp(v, "false")) {
        mode = IRQCHIP_OFF;
    } else if (!strcmp(v, "split")) {
        mode = IRQCHIP_SPLIT;
    } else {
        error_report("Parameter 'kernel-irqchip' does not accept value '%s'",
                     v);
        return -1;
    }
    if (from_accel || !m->irqchip_from_accel) {
        m->irqchip = mode;
    }
    m->irqchip_from_accel |= from_accel;
    m->irqchip_given = true;
    return 0;
}

static int parse_on_off_auto(const char *name, const char *v,
                             enum on_off_auto *out)
{
    bool b;
    Error *err = NULL;

    if (!strcmp(v, "auto")) {
        *out = ON_OFF_AUTO_AUTO;
        return 0;
    }
    if (parse_bool(name, v, &b, &err) < 0) {
        return fail_opts(err);
    }
    *out = b ? ON_OFF_AUTO_ON : ON_OFF_AUTO_OFF;
    return 0;
}

/* Split "kvm:tcg" (old -machine accel= syntax) into the fallback list. */
static void add_accels(struct vl_config *cfg, const char *list)
{
    gchar **names = g_strsplit(list, ":", -1);

    for (int i = 0; names[i]; i++) {
        if (*names[i]) {
            g_ptr_array_add(cfg->accels, g_strdup(names[i]));
        }
    }
    g_strfreev(names);
}

/* Machine properties that only accept the value matching our hardware. */
static int check_fixed_off(struct kv_opts *o, const char *key,
                           const char *what)
{
    const char *v = kv_get(o, key);
    bool b;

    if (!v || !strcmp(v, "auto") ||
        (parse_bool(key, v, &b, NULL) == 0 && !b)) {
        return 0;
    }
    error_report("%s=%s: %s is not supported by this machine", key, v, what);
    return -1;
}

/*
 * -machine accel=LIST (and -enable-kvm, which QEMU 7.2 turns into
 * accel=kvm): a later value replaces an earlier one, as for any -machine
 * property; mixing with -accel is an error in either order.
 */
static int set_machine_accel(struct vl_config *cfg, const char *list)
{
    if (cfg->accels->len && !cfg->accel_from_machine) {
        error_report("The -accel and \"-machine accel=\" options are "
                     "incompatible");
        return -1;
    }
    cfg->accel_from_machine = true;
    g_ptr_array_set_size(cfg->accels, 0);
    add_accels(cfg, list);
    return 0;
}

/* -machine is parsed by QEMU's keyval: "key" without "=value" is wrong. */
static int check_no_bare_keys(const struct kv_opts *o)
{
    for (guint i = 0; i < o->pairs->len; i++) {
        const struct kv_pair *kv = g_ptr_array_index(o->pairs, i);

        if (kv->bare) {
            error_report("Expected '=' after parameter '%s'", kv->key);
            return -1;
        }
    }
    return 0;
}

static int opt_machine(struct vl_config *cfg, const char *arg)
{
    Error *err = NULL;
    struct kv_opts *o = kv_parse(arg, "type", &err);
    struct machine_config *m = &cfg->machine;
    const char *v;
    int ret = -1;

    if (!o) {
        return fail_opts(err);
    }
    if (check_no_bare_keys(o) < 0) {
        goto out;
    }
    if ((v = kv_get(o, "type"))) {
        if (!strcmp(v, "help") || !strcmp(v, "?")) {
            vl_print_machine_help(stdout);
            cfg->action = VL_EXIT_OK;
            ret = 0;
            goto out;
        }
        g_free(m->type);
        m->type = g_strdup(v);
    }
    if ((v = kv_get(o, "accel")) && set_machine_accel(cfg, v) < 0) {
        goto out;
    }
    if ((v = kv_get(o, "kernel-irqchip")) &&
        parse_irqchip(v, m, false) < 0) {
        goto out;
    }
    if ((v = kv_get(o, "kernel_irqchip")) &&
        parse_irqchip(v, m, false) < 0) {
        goto out;
    }
    if ((v = kv_get(o, "pit")) && parse_on_off_auto("pit", v, &m->pit) < 0) {
        goto out;
    }
    if ((v = kv_get(o, "pic")) && parse_on_off_auto("pic", v, &m->pic) < 0) {
        goto out;
    }
    if ((v = kv_get(o, "acpi")) &&
        parse_on_off_auto("acpi", v, &m->acpi) < 0) {
        goto out;
    }
    if (check_fixed_off(o, "usb", "USB") < 0 ||
        check_fixed_off(o, "vmport", "the VMware I/O port") < 0 ||
        check_fixed_off(o, "smm", "System Management Mode") < 0 ||
        check_fixed_off(o, "hpet", "the HPET") < 0) {
        goto out;
    }
    if (kv_check_unused(o, &err) < 0) {
        /* QEMU names the machine class in this message. */
        const char *bad = strchr(error_get_pretty(err), '\'');

        error_report("Property 'pc-i440fx-7.2-machine.%.*s' not found",
                     bad ? (int)strcspn(bad + 1, "'") : 0, bad ? bad + 1 : "");
        error_free(err);
        goto out;
    }
    ret = 0;
out:
    kv_free(o);
    return ret;
}

static int opt_accel(struct vl_config *cfg, const char *arg)
{
    Error *err = NULL;
    struct kv_opts *o = kv_parse(arg, "accel", &err);
    const char *v;
    int ret = -1;

    if (!o) {
        return fail_opts(err);
    }
    if (cfg->accel_from_machine) {
        error_report("The -accel and \"-machine accel=\" options are "
                     "incompatible");
        goto out;
    }
    v = kv_get(o, "accel");
    if (!v || !*v) {
        error_report("Parameter 'accel' is missing");
        goto out;
    }
    if (!strcmp(v, "help") || !strcmp(v, "?")) {
        printf("Accelerators supported in QEMU binary:\nkvm\nqtest\n");
        cfg->action = VL_EXIT_OK;
        ret = 0;
        goto out;
    }
    g_ptr_array_add(cfg->accels, g_strdup(v));
    g_ptr_array_add(cfg->accel_args, g_strdup(arg));
    /* QEMU's kvm-accel has no kernel_irqchip: kv_check_unused refuses it. */
    if ((v = kv_get(o, "kernel-irqchip")) &&
        parse_irqchip(v, &cfg->machine, true) < 0) {
        goto out;
    }
    if (kv_check_unused(o, &err) < 0) {
        /* QEMU names the accelerator class, e.g. 'kvm-accel.foo'. */
        const char *bad = strchr(error_get_pretty(err), '\'');

        error_report("Property '%s-accel.%.*s' not found",
                     (char *)g_ptr_array_index(cfg->accels,
                                               cfg->accels->len - 1),
                     bad ? (int)strcspn(bad + 1, "'") : 0,
                     bad ? bad + 1 : "");
        error_free(err);
        goto out;
    }
    ret = 0;
out:
    kv_free(o);
    return ret;
}

static int opt_enable_kvm(struct vl_config *cfg, const char *arg)
{
    return set_machine_accel(cfg, "kvm");
}

/* ---- sizes, CPUs ---- */

/* QEMU's -m size errors: the hint line follows the message. */
static void report_bad_size(const char *v, int err)
{
    if (err == -ERANGE) {
        error_report("Value '%s' is out of range for parameter 'size'", v);
        return;
    }
    error_report("Parameter 'size' expects a non-negative number below "
                 "2^64");
    error_printf("Optional suffix k, M, G, T, P or E means kilo-, mega-, "
                 "giga-, tera-, peta-\nand exabytes, respectively.\n");
}

static int opt_m(struct vl_config *cfg, const char *arg)
{
    Error *err = NULL;
    struct kv_opts *o = kv_parse(arg, "size", &err);
    const char *v;
    uint64_t size;
    int ret = -1;
    int r;

    if (!o) {
        return fail_opts(err);
    }
    v = kv_get(o, "size");
    if (kv_has(o, "maxmem") || kv_has(o, "slots")) {
        kv_get(o, "maxmem");
        kv_get(o, "slots");
        error_report("memory hotplug (slots=/maxmem=) is not supported");
        goto out;
    }
    if (kv_check_unused(o, &err) < 0) {
        ret = fail_opts(err);
        goto out;
    }
    if (!v) {
        /* "-m ''" (no size at all) keeps the default, as QEMU. */
        ret = 0;
        goto out;
    }
    /* A bare number means MiB, as QEMU's -m. */
    r = parse_size(v, 'M', &size);
    if (r == -ERANGE && g_ascii_isdigit(v[strlen(v) - 1]) &&
        parse_size(v, 'B', &size) == 0) {
        /* A valid byte count that overflows once read as MiB. */
        error_report("too large 'size' option value");
        goto out;
    }
    if (r < 0) {
        report_bad_size(v, r);
        goto out;
    }
    if (size > UINT64_MAX - 8 * KiB) {
        error_report("ram size too large");
        goto out;
    }
    /* QEMU keeps "-m 0" as the default size (backward compatibility). */
    cfg->machine.ram_size = size ? QEMU_ALIGN_UP(size, 8 * KiB)
                                 : DEFAULT_RAM_SIZE;
    cfg->machine.ram_size_given = size != 0;
    ret = 0;
out:
    kv_free(o);
    return ret;
}

static int opt_smp(struct vl_config *cfg, const char *arg)
{
    Error *err = NULL;

    if (smp_parse(arg, PC_MAX_CPUS, &cfg->machine.smp, &err) < 0) {
        return fail_opts(err);
    }
    return 0;
}

static int opt_cpu(struct vl_config *cfg, const char *arg)
{
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        x86_cpu_list(stdout);
        cfg->action = VL_EXIT_OK;
        return 0;
    }
    g_free(cfg->machine.cpu_model);
    cfg->machine.cpu_model = g_strdup(arg);
    return 0;
}

/* ---- boot ---- */

#define STRING_OPT(fn, field)                                                  \
    static int fn(struct vl_config *cfg, const char *arg)                      \
    {                                                                          \
        g_free(cfg->field);                                                    \
        cfg->field = g_strdup(arg);                                            \
        return 0;                                                              \
    }

STRING_OPT(opt_kernel, machine.kernel)
STRING_OPT(opt_initrd, machine.initrd)
STRING_OPT(opt_append, machine.append)
STRING_OPT(opt_pidfile, pidfile)
STRING_OPT(opt_log_file, log_file)
STRING_OPT(opt_debugcon, debugcon)

static int opt_bios(struct vl_config *cfg, const char *arg)
{
    error_report("booting firmware is not supported yet (only -kernel "
                 "with a multiboot image)");
    return -1;
}

/* ---- devices ---- */

static int opt_device(struct vl_config *cfg, const char *arg)
{
    Error *err = NULL;
    struct kv_opts *o;
    const char *driver;
    const struct device_class *dc;
    int ret = -1;

    o = kv_parse(arg, "driver", &err);
    if (!o) {
        return fail_opts(err);
    }
    driver = kv_get(o, "driver");
    if (!driver) {
        error_report("Parameter 'driver' is missing");
        goto out;
    }
    /* "-device help", "-device ?" and "-device help,anything" list. */
    if (!strcmp(driver, "help") || !strcmp(driver, "?")) {
        vl_print_device_help(stdout);
        cfg->action = VL_EXIT_OK;
        ret = 0;
        goto out;
    }
    dc = device_class_find(driver);
    if (kv_has(o, "help") || kv_has(o, "?")) {
        if (!dc) {
            /* QEMU 7.2 prints this and exits with status 0; we fail. */
            error_report("Device '%s' not found", driver);
            goto out;
        }
        device_class_print_props(stdout, dc);
        cfg->action = VL_EXIT_OK;
        ret = 0;
        goto out;
    }
    /* Unknown models fail now, with the option named, as QEMU does. */
    if (!dc) {
        error_report("'%s' is not a valid device model name", driver);
        goto out;
    }
    g_ptr_array_add(cfg->devices, g_strdup(arg));
    ret = 0;
out:
    kv_free(o);
    return ret;
}

static int opt_global(struct vl_config *cfg, const char *arg)
{
    Error *err = NULL;
    const char *eq = strchr(arg, '=');
    const char *dot = strchr(arg, '.');
    struct kv_opts *o;
    int ret;

    if (dot && eq && dot < eq) {
        char *driver = g_strndup(arg, dot - arg);
        char *prop = g_strndup(dot + 1, eq - dot - 1);

        ret = device_global_add(driver, prop, eq + 1, &err);
        g_free(driver);
        g_free(prop);
        return ret < 0 ? fail_opts(err) : 0;
    }
    o = kv_parse(arg, NULL, &err);
    if (!o) {
        return fail_opts(err);
    }
    {
        const char *driver = kv_get(o, "driver");
        const char *prop = kv_get(o, "property");
        const char *value = kv_get(o, "value");

        if (!driver || !prop || !value || kv_check_unused(o, &err) < 0) {
            kv_free(o);
            if (err) {
                return fail_opts(err);
            }
            error_report("options 'driver', 'property', and 'value' are "
                         "required");
            return -1;
        }
        ret = device_global_add(driver, prop, value, &err);
    }
    kv_free(o);
    return ret < 0 ? fail_opts(err) : 0;
}

static int opt_chardev(struct vl_config *cfg, const char *arg)
{
    size_t first = strcspn(arg, ",");

    /* "-chardev help[,...]": the backend list (QEMU looks at the first
     * element only). */
    if ((first == 4 && !strncmp(arg, "help", 4)) ||
        (first == 1 && arg[0] == '?')) {
        qemu_chr_print_backends(stdout);
        cfg->action = VL_EXIT_OK;
        return 0;
    }
    g_ptr_array_add(cfg->chardevs, g_strdup(arg));
    return 0;
}

static int opt_serial(struct vl_config *cfg, const char *arg)
{
    unsigned ports = 0;

    /* "none" takes no port: the next -serial is the same COM port. QEMU
     * silently drops ports past COM4; we refuse them. */
    for (guint i = 0; i < cfg->serials->len; i++) {
        ports += strcmp(g_ptr_array_index(cfg->serials, i), "none") != 0;
    }
    if (ports >= MAX_SERIAL_PORTS && strcmp(arg, "none")) {
        error_report("too many serial ports");
        return -1;
    }
    cfg->default_serial = false;
    g_ptr_array_add(cfg->serials, g_strdup(arg));
    return 0;
}

/* ---- display ---- */

static int opt_display(struct vl_config *cfg, const char *arg)
{
    char *type = g_strndup(arg, strcspn(arg, ","));
    int ret = 0;

    if (!strcmp(type, "help")) {
        printf("Available display backend types:\nnone\n");
        cfg->action = VL_EXIT_OK;
    } else if (strcmp(type, "none")) {
        error_report("Display '%s' is not available.", type);
        ret = -1;
    } else if (arg[strlen(type)]) {
        const char *key = arg + strlen(type) + 1;

        error_report("Parameter '%.*s' is unexpected",
                     (int)strcspn(key, "=,"), key);
        ret = -1;
    }
    g_free(type);
    return ret;
}

static int opt_vga(struct vl_config *cfg, const char *arg)
{
    if (strcmp(arg, "none")) {
        error_report("VGA '%s' is not available (only -vga none)", arg);
        return -1;
    }
    return 0;
}

static int opt_nographic(struct vl_config *cfg, const char *arg)
{
    cfg->nographic = true;
    return 0;
}

/* ---- run control, misc ---- */

static int opt_nodefaults(struct vl_config *cfg, const char *arg)
{
    cfg->machine.nodefaults = true;
    cfg->default_serial = false;
    return 0;
}

/* QEMU 7.2: the same as -machine acpi=off. */
static int opt_no_acpi(struct vl_config *cfg, const char *arg)
{
    cfg->machine.acpi = ON_OFF_AUTO_OFF;
    return 0;
}

static int opt_no_reboot(struct vl_config *cfg, const char *arg)
{
    cfg->no_reboot = true;
    return 0;
}

static int opt_no_shutdown(struct vl_config *cfg, const char *arg)
{
    cfg->no_shutdown = true;
    return 0;
}

static int opt_S(struct vl_config *cfg, const char *arg)
{
    cfg->start_paused = true;
    return 0;
}

/* ---- monitors and qtest ---- */

static void add_monitor(struct vl_config *cfg, const char *spec,
                        const char *id, bool qmp, bool pretty)
{
    struct vl_monitor *m = g_new0(struct vl_monitor, 1);

    m->spec = g_strdup(spec);
    m->chardev_id = g_strdup(id);
    m->qmp = qmp;
    m->pretty = pretty;
    g_ptr_array_add(cfg->monitors, m);
}

static int opt_qmp(struct vl_config *cfg, const char *arg)
{
    add_monitor(cfg, arg, NULL, true, false);
    return 0;
}

static int opt_qmp_pretty(struct vl_config *cfg, const char *arg)
{
    add_monitor(cfg, arg, NULL, true, true);
    return 0;
}

static int opt_monitor(struct vl_config *cfg, const char *arg)
{
    if (strcmp(arg, "none")) {
        add_monitor(cfg, arg, NULL, false, false);
    }
    return 0;
}

static int opt_mon(struct vl_config *cfg, const char *arg)
{
    Error *err = NULL;
    struct kv_opts *o = kv_parse(arg, "chardev", &err);
    const char *id;
    const char *mode;
    bool pretty = false;

    if (!o) {
        return fail_opts(err);
    }
    id = kv_get(o, "chardev");
    mode = kv_get(o, "mode");
    if (kv_get_bool(o, "pretty", &pretty, &err) < 0 ||
        kv_check_unused(o, &err) < 0) {
        kv_free(o);
        return fail_opts(err);
    }
    if (!id) {
        kv_free(o);
        error_report("Parameter 'chardev' is missing");
        return -1;
    }
    if (mode && strcmp(mode, "control") && strcmp(mode, "readline")) {
        error_report("Parameter 'mode' does not accept value '%s'", mode);
        kv_free(o);
        return -1;
    }
    add_monitor(cfg, NULL, id, mode && !strcmp(mode, "control"), pretty);
    kv_free(o);
    return 0;
}

STRING_OPT(opt_qtest, qtest)
STRING_OPT(opt_qtest_log, qtest_log)

/* -audio none is what libqtest passes; there is no audio to configure. */
static int opt_audio(struct vl_config *cfg, const char *arg)
{
    Error *err = NULL;
    struct kv_opts *o = kv_parse(arg, "driver", &err);
    const char *drv;

    if (!o) {
        return fail_opts(err);
    }
    drv = kv_get(o, "driver");
    kv_get(o, "model");
    kv_get(o, "id");
    if (!drv || strcmp(drv, "none") || kv_check_unused(o, &err) < 0) {
        if (err) {
            error_report_err(err);
        } else {
            error_report("audio driver '%s' is not available (only 'none')",
                         drv ? drv : "");
        }
        kv_free(o);
        return -1;
    }
    kv_free(o);
    return 0;
}

static int opt_run_with(struct vl_config *cfg, const char *arg)
{
    Error *err = NULL;
    struct kv_opts *o = kv_parse(arg, NULL, &err);
    bool on = false;

    if (!o || kv_get_bool(o, "exit-with-parent", &on, &err) < 0 ||
        kv_check_unused(o, &err) < 0) {
        kv_free(o);
        return fail_opts(err);
    }
    cfg->exit_with_parent = on;
    kv_free(o);
    return 0;
}

/* No trace backend: say so once instead of failing tools that pass it. */
static int opt_trace(struct vl_config *cfg, const char *arg)
{
    warn_report("tracing is not supported by splitvm; ignored");
    return 0;
}

static int opt_daemonize(struct vl_config *cfg, const char *arg)
{
    cfg->daemonize = true;
    return 0;
}

static int opt_name(struct vl_config *cfg, const char *arg)
{
    Error *err = NULL;
    struct kv_opts *o = kv_parse(arg, "guest", &err);
    const char *v;
    bool dbg = false;

    if (!o) {
        return fail_opts(err);
    }
    if ((v = kv_get(o, "guest"))) {
        g_free(cfg->machine.name);
        cfg->machine.name = g_strdup(v);
    }
    if ((v = kv_get(o, "process"))) {
        g_free(cfg->process_name);
        cfg->process_name = g_strdup(v);
    }
    /* Thread names are always set; the flag only exists for QEMU's sake. */
    if (kv_get_bool(o, "debug-threads", &dbg, &err) < 0 ||
        kv_check_unused(o, &err) < 0) {
        kv_free(o);
        return fail_opts(err);
    }
    kv_free(o);
    return 0;
}

static int opt_d(struct vl_config *cfg, const char *arg)
{
    bool help;

    if (qemu_log_parse_items(arg, &cfg->log_mask, &help) < 0) {
        char *list = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&list, &len);

        /* QEMU prints only the list (on stdout); we say what was wrong. */
        error_report("Invalid -d option \"%s\"", arg);
        qemu_log_print_items(f);
        fclose(f);
        error_printf("%s", list);
        free(list);
        return -1;
    }
    if (help) {
        qemu_log_print_items(stdout);
        cfg->action = VL_EXIT_OK;
    }
    return 0;
}

static int opt_version(struct vl_config *cfg, const char *arg)
{
    vl_print_version(stdout);
    cfg->action = VL_EXIT_OK;
    return 0;
}

static int opt_help(struct vl_config *cfg, const char *arg)
{
    vl_print_help(stdout);
    cfg->action = VL_EXIT_OK;
    return 0;
}

/*
 * Options QEMU has that this build recognises but cannot honour yet: each
 * fails with its name rather than "invalid option".
 */
static int opt_unsupported(struct vl_config *cfg, const char *arg)
{
    error_report("this option is not supported by splitvm yet");
    return -1;
}

static const struct vl_option options[] = {
    { "machine", true, opt_machine },
    { "M", true, opt_machine },
    { "accel", true, opt_accel },
    { "enable-kvm", false, opt_enable_kvm },
    { "cpu", true, opt_cpu },
    { "smp", true, opt_smp },
    { "m", true, opt_m },
    { "kernel", true, opt_kernel },
    { "initrd", true, opt_initrd },
    { "append", true, opt_append },
    { "bios", true, opt_bios },
    { "device", true, opt_device },
    { "global", true, opt_global },
    { "chardev", true, opt_chardev },
    { "serial", true, opt_serial },
    { "debugcon", true, opt_debugcon },
    { "display", true, opt_display },
    { "vga", true, opt_vga },
    { "nographic", false, opt_nographic },
    { "nodefaults", false, opt_nodefaults },
    { "no-reboot", false, opt_no_reboot },
    { "no-acpi", false, opt_no_acpi },
    { "no-shutdown", false, opt_no_shutdown },
    { "S", false, opt_S },
    { "name", true, opt_name },
    { "pidfile", true, opt_pidfile },
    { "daemonize", false, opt_daemonize },
    { "D", true, opt_log_file },
    { "d", true, opt_d },
    { "version", false, opt_version },
    { "h", false, opt_help },
    { "help", false, opt_help },
    /* Test and management interfaces, accepted libvirt/libqtest options. */
    { "qtest", true, opt_qtest },
    { "qtest-log", true, opt_qtest_log },
    { "qmp", true, opt_qmp },
    { "qmp-pretty", true, opt_qmp_pretty },
    { "mon", true, opt_mon },
    { "monitor", true, opt_monitor },
    { "audio", true, opt_audio },
    { "run-with", true, opt_run_with },
    { "trace", true, opt_trace },
    /* Recognised, refused with a clear error: not implemented. */
    { "drive", true, opt_unsupported },
    { "hda", true, opt_unsupported },
    { "cdrom", true, opt_unsupported },
    { "netdev", true, opt_unsupported },
    { "net", true, opt_unsupported },
    { "nic", true, opt_unsupported },
    { "boot", true, opt_unsupported },
    { "rtc", true, opt_unsupported },
    { "usb", false, opt_unsupported },
    { "vnc", true, opt_unsupported },
    { "object", true, opt_unsupported },
    { "numa", true, opt_unsupported },
    { "incoming", true, opt_unsupported },
    { "loadvm", true, opt_unsupported },
    { "fw_cfg", true, opt_unsupported },
    { "smbios", true, opt_unsupported },
    { "sandbox", true, opt_unsupported },
    { "msg", true, opt_unsupported },
    { "overcommit", true, opt_unsupported },
};

static const struct vl_option *find_option(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
        if (!strcmp(options[i].name, name)) {
            return &options[i];
        }
    }
    return NULL;
}

static void vl_monitor_free(gpointer p)
{
    struct vl_monitor *m = p;

    g_free(m->spec);
    g_free(m->chardev_id);
    g_free(m);
}

static void vl_config_init(struct vl_config *cfg)
{
    *cfg = (struct vl_config){
        .action = VL_RUN,
        .accels = g_ptr_array_new_with_free_func(g_free),
        .accel_args = g_ptr_array_new_with_free_func(g_free),
        .devices = g_ptr_array_new_with_free_func(g_free),
        .chardevs = g_ptr_array_new_with_free_func(g_free),
        .serials = g_ptr_array_new_with_free_func(g_free),
        .monitors = g_ptr_array_new_with_free_func(vl_monitor_free),
        .default_serial = true,
    };
    cfg->machine.type = g_strdup("pc");
    /* splitvm's pc defaults to split (QEMU's to on): see invocation.md. */
    cfg->machine.irqchip = IRQCHIP_SPLIT;
    cfg->machine.ram_size = DEFAULT_RAM_SIZE;
    cfg->machine.cpu_model = g_strdup("qemu64");
    smp_default(&cfg->machine.smp);
}

void vl_config_free(struct vl_config *cfg)
{
    struct machine_config *m = &cfg->machine;

    g_ptr_array_free(cfg->accels, TRUE);
    g_ptr_array_free(cfg->accel_args, TRUE);
    kv_free(cfg->accel_opts);
    g_ptr_array_free(cfg->devices, TRUE);
    g_ptr_array_free(cfg->chardevs, TRUE);
    g_ptr_array_free(cfg->serials, TRUE);
    g_free(cfg->debugcon);
    g_free(cfg->pidfile);
    g_free(cfg->log_file);
    g_free(cfg->process_name);
    g_ptr_array_free(cfg->monitors, TRUE);
    g_free(cfg->qtest);
    g_free(cfg->qtest_log);
    g_free(m->type);
    g_free(m->accel);
    g_free(m->cpu_model);
    g_free(m->kernel);
    g_free(m->initrd);
    g_free(m->append);
    g_free(m->firmware);
    g_free(m->name);
}

static int check_combinations(struct vl_config *cfg)
{
    if (cfg->machine.append && !cfg->machine.kernel) {
        error_report("-append only allowed with -kernel option");
        return -1;
    }
    if (cfg->machine.initrd && !cfg->machine.kernel) {
        error_report("-initrd only allowed with -kernel option");
        return -1;
    }
    return 0;
}

int vl_parse_args(int argc, char **argv, struct vl_config *cfg)
{
    vl_config_init(cfg);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const struct vl_option *opt;
        const char *arg = NULL;
        int ret;

        if (a[0] != '-') {
            loc_clear();
            error_report("%s: disk images are not supported yet", a);
            return -1;
        }
        opt = find_option(a + (a[1] == '-' ? 2 : 1));
        if (!opt) {
            error_report("%s: invalid option", a);
            return -1;
        }
        if (opt->has_arg) {
            if (i + 1 >= argc) {
                error_report("%s: requires an argument", a);
                return -1;
            }
            arg = argv[++i];
        }
        loc_set_cmdline(a, arg);
        ret = opt->handler(cfg, arg);
        loc_clear();
        if (ret < 0) {
            return -1;
        }
        if (cfg->action == VL_EXIT_OK) {
            return 0;
        }
    }
    return check_combinations(cfg);
}
