/*
 * The command line (system/vl-options.c): every option form of issue 2 and
 * every error path, checked through vl_parse_args() without creating
 * anything or leaving the process.
 *
 * Expected messages are QEMU 7.2's where it has one (checked against the
 * Debian 12 qemu-system-x86_64 7.2.22); splitvm always prefixes the
 * option ("-smp 2,books=1: ..."), where QEMU omits it for errors it finds
 * after parsing (-smp, -machine properties). Differences are noted.
 */
#include "vl-test.h"
#include "qemu/log.h"
#include "sysemu/smp.h"

/* ---- errors: exact stderr text ---- */

struct err_case {
    const char *args[12];
    const char *err;        /* whole stderr */
};

#define P "qemu-system-x86_64: "

static const struct err_case err_cases[] = {
    /* Unknown options, with one or two dashes, exit status 1 in main. */
    { { "-foo" }, P "-foo: invalid option\n" },
    { { "--foo" }, P "--foo: invalid option\n" },
    { { "-" }, P "-: invalid option\n" },
    /* QEMU takes a bare word as a disk image; we have no disks. */
    { { "disk.img" }, P "disk.img: disk images are not supported yet\n" },
    { { "-m" }, P "-m: requires an argument\n" },
    { { "-kernel" }, P "-kernel: requires an argument\n" },
    { { "-display", "none", "-name" }, P "-name: requires an argument\n" },
    /* Recognised but unsupported: named, never ignored. */
    { { "-drive", "file=x" },
      P "-drive file=x: this option is not supported by splitvm yet\n" },
    { { "-usb" }, P "-usb: this option is not supported by splitvm yet\n" },
    { { "-netdev", "user,id=n" },
      P "-netdev user,id=n: this option is not supported by splitvm yet\n" },
    { { "-bios", "x.bin" },
      P "-bios x.bin: booting firmware is not supported yet (only -kernel "
        "with a multiboot image)\n" },
    /* -machine */
    { { "-machine", "pc,foo=1" },
      P "-machine pc,foo=1: Property 'pc-i440fx-7.2-machine.foo' not "
        "found\n" },
    { { "-M", "pc,kernel-irqchip=maybe" },
      P "-M pc,kernel-irqchip=maybe: Parameter 'kernel-irqchip' does not "
        "accept value 'maybe'\n" },
    { { "-machine", "kernel_irqchip=x" },
      P "-machine kernel_irqchip=x: Parameter 'kernel-irqchip' does not "
        "accept value 'x'\n" },
    /* -machine is keyval in QEMU 7.2: no short-form booleans. */
    { { "-machine", "pc,pit" },
      P "-machine pc,pit: Expected '=' after parameter 'pit'\n" },
    { { "-machine", "pc,kernel-irqchip" },
      P "-machine pc,kernel-irqchip: Expected '=' after parameter "
        "'kernel-irqchip'\n" },
    /* QEMU: "Parameter 'pit' does not accept value 'maybe'". */
    { { "-machine", "pit=maybe" },
      P "-machine pit=maybe: Parameter 'pit' expects 'on' or 'off'\n" },
    { { "-machine", "usb=on" },
      P "-machine usb=on: usb=on: USB is not supported by this machine\n" },
    { { "-machine", "hpet=on" },
      P "-machine hpet=on: hpet=on: the HPET is not supported by this "
        "machine\n" },
    { { "-accel", "kvm", "-machine", "accel=kvm" },
      P "-machine accel=kvm: The -accel and \"-machine accel=\" options are "
        "incompatible\n" },
    { { "-machine", "accel=kvm", "-accel", "kvm" },
      P "-accel kvm: The -accel and \"-machine accel=\" options are "
        "incompatible\n" },
    /* QEMU 7.2's -enable-kvm is "-machine accel=kvm". */
    { { "-enable-kvm", "-accel", "kvm" },
      P "-accel kvm: The -accel and \"-machine accel=\" options are "
        "incompatible\n" },
    { { "-accel", "kvm", "-enable-kvm" },
      P "-enable-kvm: The -accel and \"-machine accel=\" options are "
        "incompatible\n" },
    /* -accel */
    { { "-accel", "kvm,kernel-irqchip=bogus" },
      P "-accel kvm,kernel-irqchip=bogus: Parameter 'kernel-irqchip' does "
        "not accept value 'bogus'\n" },
    /* QEMU 7.2's kvm-accel only has the dashed spelling. */
    { { "-accel", "kvm,kernel_irqchip=on" },
      P "-accel kvm,kernel_irqchip=on: Property "
        "'kvm-accel.kernel_irqchip' not found\n" },
    { { "-accel", "kvm,foo=1" },
      P "-accel kvm,foo=1: Property 'kvm-accel.foo' not found\n" },
    { { "-accel", "tcg,foo=bar" },
      P "-accel tcg,foo=bar: Property 'tcg-accel.foo' not found\n" },
    /* QEMU prints the accelerator list (exit 0) when accel= is missing. */
    { { "-accel", "kernel-irqchip=on" },
      P "-accel kernel-irqchip=on: Parameter 'accel' is missing\n" },
    /* -smp: QEMU 7.2's texts */
    { { "-smp", "abc" }, P "-smp abc: Parameter 'smp.cpus' expects integer\n" },
    { { "-smp", "2.5" }, P "-smp 2.5: Parameter 'smp.cpus' expects integer\n" },
    { { "-smp", "2,cores=x" },
      P "-smp 2,cores=x: Parameter 'smp.cores' expects integer\n" },
    { { "-smp", "2,foo=1" }, P "-smp 2,foo=1: Parameter 'smp.foo' is unexpected\n" },
    /* books and drawers came after 7.2. */
    { { "-smp", "2,books=1" },
      P "-smp 2,books=1: Parameter 'smp.books' is unexpected\n" },
    { { "-smp", "2,clusters=2" },
      P "-smp 2,clusters=2: clusters not supported by this machine's CPU "
        "topology\n" },
    { { "-smp", "4,sockets=3" },
      P "-smp 4,sockets=3: Invalid CPU topology: product of the hierarchy "
        "must match maxcpus: sockets (3) * dies (1) * cores (1) * threads "
        "(1) != maxcpus (4)\n" },
    { { "-smp", "8,sockets=2,cores=2,threads=3" },
      P "-smp 8,sockets=2,cores=2,threads=3: Invalid CPU topology: product "
        "of the hierarchy must match maxcpus: sockets (2) * dies (1) * "
        "cores (2) * threads (3) != maxcpus (8)\n" },
    { { "-smp", "2,maxcpus=1" },
      P "-smp 2,maxcpus=1: Invalid CPU topology: maxcpus must be equal to or "
        "greater than smp: sockets (1) * dies (1) * cores (1) * threads (1) "
        "== maxcpus (1) < smp_cpus (2)\n" },
    { { "-smp", "300" },
      P "-smp 300: Invalid SMP CPUs 300. The max CPUs supported by machine "
        "'pc-i440fx-7.2' is 255\n" },
    { { "-smp", "2,maxcpus=256" },
      P "-smp 2,maxcpus=256: Invalid SMP CPUs 256. The max CPUs supported by "
        "machine 'pc-i440fx-7.2' is 255\n" },
    /* -m */
    { { "-m", "abc" },
      P "-m abc: Parameter 'size' expects a non-negative number below 2^64\n"
        "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, "
        "peta-\nand exabytes, respectively.\n" },
    { { "-m", "1X" },
      P "-m 1X: Parameter 'size' expects a non-negative number below 2^64\n"
        "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, "
        "peta-\nand exabytes, respectively.\n" },
    { { "-m", "-5" },
      P "-m -5: Parameter 'size' expects a non-negative number below 2^64\n"
        "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, "
        "peta-\nand exabytes, respectively.\n" },
    { { "-m", "size=" },
      P "-m size=: Parameter 'size' expects a non-negative number below "
        "2^64\nOptional suffix k, M, G, T, P or E means kilo-, mega-, giga-, "
        "tera-, peta-\nand exabytes, respectively.\n" },
    { { "-m", "99999999T" },
      P "-m 99999999T: Value '99999999T' is out of range for parameter "
        "'size'\n" },
    /* QEMU: "Parameter 'memory.size' expects size". */
    { { "-m", "18446744073709551615" },
      P "-m 18446744073709551615: too large 'size' option value\n" },
    { { "-m", "64,foo=1" }, P "-m 64,foo=1: Invalid parameter 'foo'\n" },
    /* QEMU: "slots specified but no max-size"; hotplug is refused here. */
    { { "-m", "64,slots=2,maxmem=1G" },
      P "-m 64,slots=2,maxmem=1G: memory hotplug (slots=/maxmem=) is not "
        "supported\n" },
    /* -device */
    { { "-device", "nosuch" },
      P "-device nosuch: 'nosuch' is not a valid device model name\n" },
    { { "-device", "" }, P "-device : Parameter 'driver' is missing\n" },
    { { "-device", "id=x" }, P "-device id=x: Parameter 'driver' is missing\n" },
    /* QEMU 7.2 prints the same text but exits with status 0. */
    { { "-device", "nosuch,help" },
      P "-device nosuch,help: Device 'nosuch' not found\n" },
    /* -global */
    { { "-global", "driver=isa-serial,property=iobase" },
      P "-global driver=isa-serial,property=iobase: options 'driver', "
        "'property', and 'value' are required\n" },
    { { "-global", "isa-serial" },
      P "-global isa-serial: options 'driver', 'property', and 'value' are "
        "required\n" },
    { { "-global", "driver=a,property=b,value=c,x=1" },
      P "-global driver=a,property=b,value=c,x=1: Invalid parameter 'x'\n" },
    { { "-global", ".iobase=1" },
      P "-global .iobase=1: Invalid -global: expected "
        "DRIVER.PROPERTY=VALUE\n" },
    /* -serial */
    { { "-serial", "null", "-serial", "null", "-serial", "null", "-serial",
        "null", "-serial", "null" },
      P "-serial null: too many serial ports\n" },
    /* -name */
    { { "-name", "foo,bar=1" }, P "-name foo,bar=1: Invalid parameter 'bar'\n" },
    { { "-name", "a,debug-threads=maybe" },
      P "-name a,debug-threads=maybe: Parameter 'debug-threads' expects 'on' "
        "or 'off'\n" },
    /* -display, -vga */
    { { "-display", "gtk" }, P "-display gtk: Display 'gtk' is not available.\n" },
    { { "-display", "none,foo=1" },
      P "-display none,foo=1: Parameter 'foo' is unexpected\n" },
    { { "-vga", "std" },
      P "-vga std: VGA 'std' is not available (only -vga none)\n" },
    /* -append / -initrd need -kernel (QEMU's words). */
    { { "-append", "x" }, P "-append only allowed with -kernel option\n" },
    { { "-initrd", "x" }, P "-initrd only allowed with -kernel option\n" },
    /* monitors */
    { { "-mon", "mode=control" }, P "-mon mode=control: Parameter 'chardev' is missing\n" },
    { { "-mon", "chardev=c,mode=x" },
      P "-mon chardev=c,mode=x: Parameter 'mode' does not accept value "
        "'x'\n" },
    { { "-audio", "pa" },
      P "-audio pa: audio driver 'pa' is not available (only 'none')\n" },
    { { "-run-with", "foo=1" }, P "-run-with foo=1: Invalid parameter 'foo'\n" },
};

/* One test per case: the error, nothing on stdout, and a -1 return
 * (main exits with status 1). */
static void test_error(gconstpointer data)
{
    const struct err_case *c = data;
    struct vl_run r;

    vl_run_argv(&r, c->args);
    g_assert_cmpint(r.ret, ==, -1);
    g_assert_cmpstr(r.err, ==, c->err);
    g_assert_cmpstr(r.out, ==, "");
    vl_run_free(&r);
}

static void add_error_tests(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(err_cases); i++) {
        GString *name = g_string_new(NULL);

        g_string_printf(name, "/vl/error/%02zu", i);
        for (int j = 0; err_cases[i].args[j] && j < 2; j++) {
            /* Test paths may not contain spaces or odd characters. */
            g_string_append_c(name, j ? '_' : ':');
            for (const char *p = err_cases[i].args[j]; *p; p++) {
                g_string_append_c(name, g_ascii_isalnum(*p) || *p == '-' ||
                                        *p == '=' || *p == ',' ? *p : '_');
            }
        }
        g_test_add_data_func(name->str, &err_cases[i], test_error);
        g_string_free(name, TRUE);
    }
}

/* -d: an unknown item names itself, then lists the items (QEMU prints
 * only the list, on stdout, and exits 1). */
static void test_log_items_error(void)
{
    struct vl_run r;

    VL_RUN(&r, "-d", "guest_errors,nosuch");
    g_assert_cmpint(r.ret, ==, -1);
    g_assert_true(g_str_has_prefix(
        r.err, P "-d guest_errors,nosuch: Invalid -d option "
                 "\"guest_errors,nosuch\"\nLog items (comma separated):\n"));
    g_assert_nonnull(strstr(r.err, "\nunimp "));
    vl_run_free(&r);
}

/* ---- accepted forms ---- */

static void test_defaults(void)
{
    struct vl_run r;

    VL_OK(&r, "-display", "none");
    g_assert_cmpint(r.cfg.action, ==, VL_RUN);
    g_assert_cmpstr(r.cfg.machine.type, ==, "pc");
    g_assert_cmpint(r.cfg.machine.irqchip, ==, IRQCHIP_SPLIT);
    g_assert_false(r.cfg.machine.irqchip_given);
    g_assert_cmpint(r.cfg.machine.pit, ==, ON_OFF_AUTO_AUTO);
    g_assert_cmpuint(r.cfg.machine.ram_size, ==, 128 * MiB);
    g_assert_cmpstr(r.cfg.machine.cpu_model, ==, "qemu64");
    g_assert_cmpuint(r.cfg.machine.smp.cpus, ==, 1);
    g_assert_cmpuint(r.cfg.machine.smp.max_cpus, ==, 1);
    g_assert_cmpuint(r.cfg.accels->len, ==, 0);
    g_assert_true(r.cfg.default_serial);
    g_assert_false(r.cfg.no_reboot || r.cfg.no_shutdown ||
                   r.cfg.start_paused || r.cfg.daemonize);
    g_assert_null(r.cfg.machine.kernel);
    vl_run_free(&r);
}

/* Implied first keys, ",," escaping, one or two dashes, later wins. */
static void test_machine_forms(void)
{
    struct vl_run r;

    VL_OK(&r, "-machine", "pc");
    g_assert_cmpstr(r.cfg.machine.type, ==, "pc");
    vl_run_free(&r);

    VL_OK(&r, "--machine", "type=pc-i440fx-7.2,kernel-irqchip=split");
    g_assert_cmpstr(r.cfg.machine.type, ==, "pc-i440fx-7.2");
    g_assert_cmpint(r.cfg.machine.irqchip, ==, IRQCHIP_SPLIT);
    g_assert_true(r.cfg.machine.irqchip_given);
    vl_run_free(&r);

    VL_OK(&r, "-M", "none");
    g_assert_cmpstr(r.cfg.machine.type, ==, "none");
    vl_run_free(&r);

    /* "-machine ''" keeps the default type, as QEMU. */
    VL_OK(&r, "-machine", "");
    g_assert_cmpstr(r.cfg.machine.type, ==, "pc");
    vl_run_free(&r);

    /* Properties accumulate over several -machine options. */
    VL_OK(&r, "-M", "pc", "-machine", "kernel_irqchip=off", "-machine",
          "pit=off,pic=on");
    g_assert_cmpint(r.cfg.machine.irqchip, ==, IRQCHIP_OFF);
    g_assert_cmpint(r.cfg.machine.pit, ==, ON_OFF_AUTO_OFF);
    g_assert_cmpint(r.cfg.machine.pic, ==, ON_OFF_AUTO_ON);
    vl_run_free(&r);

    VL_OK(&r, "-machine", "pit=auto,kernel-irqchip=on");
    g_assert_cmpint(r.cfg.machine.pit, ==, ON_OFF_AUTO_AUTO);
    g_assert_cmpint(r.cfg.machine.irqchip, ==, IRQCHIP_ON);
    vl_run_free(&r);

    /* Values libvirt passes that match this machine are accepted. */
    VL_OK(&r, "-machine", "pc,usb=off,vmport=off,smm=off,hpet=off");
    vl_run_free(&r);
    VL_OK(&r, "-machine", "vmport=auto");
    vl_run_free(&r);
}

static void test_accel_forms(void)
{
    struct vl_run r;

    VL_OK(&r, "-accel", "kvm");
    g_assert_cmpuint(r.cfg.accels->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(r.cfg.accels, 0), ==, "kvm");
    g_assert_false(r.cfg.accel_from_machine);
    vl_run_free(&r);

    VL_OK(&r, "-accel", "accel=kvm,kernel-irqchip=split");
    g_assert_cmpint(r.cfg.machine.irqchip, ==, IRQCHIP_SPLIT);
    vl_run_free(&r);

    /* -accel's kernel-irqchip wins over -machine's in either order, as
     * in QEMU 7.2; the -machine value is still validated. */
    VL_OK(&r, "-accel", "kvm,kernel-irqchip=on", "-machine",
          "kernel-irqchip=split");
    g_assert_cmpint(r.cfg.machine.irqchip, ==, IRQCHIP_ON);
    vl_run_free(&r);
    VL_OK(&r, "-machine", "kernel_irqchip=on", "-accel",
          "kvm,kernel-irqchip=split", "-machine", "kernel-irqchip=on");
    g_assert_cmpint(r.cfg.machine.irqchip, ==, IRQCHIP_SPLIT);
    vl_run_free(&r);

    /* Several -accel options are fallbacks, in order. */
    VL_OK(&r, "-accel", "tcg", "-accel", "kvm");
    g_assert_cmpuint(r.cfg.accels->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(r.cfg.accels, 0), ==, "tcg");
    g_assert_cmpstr(g_ptr_array_index(r.cfg.accels, 1), ==, "kvm");
    vl_run_free(&r);

    /* tcg and qtest are accepted names here: choosing them fails later
     * with "not supported yet" (tested on the binary). */
    VL_OK(&r, "-accel", "qtest");
    g_assert_cmpstr(g_ptr_array_index(r.cfg.accels, 0), ==, "qtest");
    vl_run_free(&r);

    /* -machine accel= is a ':' list; a later -machine accel= replaces
     * it (QEMU 7.2 with -machine accel=tcg -machine accel=kvm uses kvm). */
    VL_OK(&r, "-machine", "accel=kvm:tcg");
    g_assert_cmpuint(r.cfg.accels->len, ==, 2);
    g_assert_true(r.cfg.accel_from_machine);
    vl_run_free(&r);
    VL_OK(&r, "-machine", "accel=tcg", "-machine", "accel=kvm");
    g_assert_cmpuint(r.cfg.accels->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(r.cfg.accels, 0), ==, "kvm");
    vl_run_free(&r);

    /* -enable-kvm is -machine accel=kvm, so these combine. */
    VL_OK(&r, "-enable-kvm", "-machine", "accel=kvm");
    g_assert_cmpuint(r.cfg.accels->len, ==, 1);
    g_assert_true(r.cfg.accel_from_machine);
    vl_run_free(&r);
    VL_OK(&r, "--enable-kvm");
    g_assert_cmpstr(g_ptr_array_index(r.cfg.accels, 0), ==, "kvm");
    vl_run_free(&r);
}

static void test_smp_forms(void)
{
    static const struct {
        const char *arg;
        unsigned cpus, sockets, dies, cores, threads, maxcpus;
    } cases[] = {
        /* QEMU 7.2 (pc >= 6.2) prefers cores over sockets. */
        { "4", 4, 1, 1, 4, 1, 4 },
        { "cpus=4", 4, 1, 1, 4, 1, 4 },
        { "4,sockets=2", 4, 2, 1, 2, 1, 4 },
        { "4,threads=2", 4, 1, 1, 2, 2, 4 },
        { "sockets=2,cores=3", 6, 2, 1, 3, 1, 6 },
        { "sockets=2,cores=2,threads=2", 8, 2, 1, 2, 2, 8 },
        { "2,maxcpus=8", 2, 1, 1, 8, 1, 8 },
        { "maxcpus=8", 8, 1, 1, 8, 1, 8 },
        { "4,cores=2", 4, 2, 1, 2, 1, 4 },
        { "4,cores=2,sockets=2", 4, 2, 1, 2, 1, 4 },
        { "8,sockets=2,cores=2", 8, 2, 1, 2, 2, 8 },
        { "8,dies=2", 8, 1, 2, 4, 1, 8 },
        { "2,clusters=1", 2, 1, 1, 2, 1, 2 },
        { "0x4", 4, 1, 1, 4, 1, 4 },
        { "2,cpus=4", 4, 1, 1, 4, 1, 4 },   /* later key wins */
        { "255", 255, 1, 1, 255, 1, 255 },
        /* "-smp ''" is the default topology, as QEMU. */
        { "", 1, 1, 1, 1, 1, 1 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        struct vl_run r;
        const struct smp_config *s = &r.cfg.machine.smp;

        VL_OK(&r, "-smp", cases[i].arg);
        g_test_message("-smp %s", cases[i].arg);
        g_assert_cmpuint(s->cpus, ==, cases[i].cpus);
        g_assert_cmpuint(s->sockets, ==, cases[i].sockets);
        g_assert_cmpuint(s->dies, ==, cases[i].dies);
        g_assert_cmpuint(s->cores, ==, cases[i].cores);
        g_assert_cmpuint(s->threads, ==, cases[i].threads);
        g_assert_cmpuint(s->max_cpus, ==, cases[i].maxcpus);
        vl_run_free(&r);
    }
}

/* An explicit 0 is a deprecated "omitted" in QEMU 7.2: a warning. */
static void test_smp_zero_warns(void)
{
    static const char *const args[] = { "0", "2,dies=0", "4,maxcpus=0",
                                        "sockets=2,cores=0" };

    for (size_t i = 0; i < G_N_ELEMENTS(args); i++) {
        struct vl_run r;
        char *want = g_strdup_printf(
            P "-smp %s: warning: Deprecated CPU topology (considered "
              "invalid): CPU topology parameters must be greater than zero\n",
            args[i]);

        VL_RUN(&r, "-smp", args[i]);
        g_assert_cmpint(r.ret, ==, 0);
        g_assert_cmpstr(r.err, ==, want);
        g_free(want);
        vl_run_free(&r);
    }
}

static void test_memory_forms(void)
{
    static const struct {
        const char *arg;
        uint64_t size;
    } cases[] = {
        { "512", 512 * MiB },         /* a bare number is MiB */
        { "size=256", 256 * MiB },
        { "1G", 1 * GiB },
        { "1g", 1 * GiB },
        { "2048M", 2 * GiB },
        { "4096k", 4 * MiB },
        { "4096K", 4 * MiB },
        { "1.5G", 1536 * MiB },
        { "1T", 1024 * GiB },
        { "5G", 5 * GiB },
        { "8388608B", 8 * MiB },
        { "1b", 8 * KiB },            /* rounded up to 8 KiB, as QEMU */
        { "1000k", 1000 * KiB },      /* 8 KiB multiple: unchanged */
        { "1001k", 1008 * KiB },
        { "0x10", 16 * MiB },         /* hex, as QEMU */
        { "0", 128 * MiB },           /* QEMU: "-m 0" is the default */
        { "", 128 * MiB },
        { "size=128,size=256", 256 * MiB },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        struct vl_run r;

        VL_OK(&r, "-m", cases[i].arg);
        g_test_message("-m %s", cases[i].arg);
        g_assert_cmpuint(r.cfg.machine.ram_size, ==, cases[i].size);
        vl_run_free(&r);
    }
}

/* Capture a help/list option: it succeeds, asks main to exit 0, prints
 * on stdout and nothing on stderr. */
static char *help_output(const char *const *args)
{
    struct vl_run r;
    char *out;

    vl_run_argv(&r, args);
    g_assert_cmpint(r.ret, ==, 0);
    g_assert_cmpint(r.cfg.action, ==, VL_EXIT_OK);
    g_assert_cmpstr(r.err, ==, "");
    out = g_strdup(r.out);
    vl_run_free(&r);
    return out;
}

#define HELP(...) help_output((const char *const[]){ __VA_ARGS__, NULL })

static void test_device_help(void)
{
    char *list = HELP("-device", "help");
    char *q = HELP("-device", "?");
    char *extra = HELP("-device", "help,foo");
    char *props = HELP("-device", "isa-debug-exit,help");
    char *props2 = HELP("-device", "driver=isa-serial,?");
    char *props3 = HELP("-device", "isa-serial,help,iobase=1");

    /* QEMU's layout: category header, then name "X", bus B[, desc]. */
    g_assert_nonnull(strstr(list, "name \"isa-debug-exit\", bus ISA"));
    g_assert_nonnull(strstr(list, "name \"isa-serial\", bus ISA"));
    g_assert_nonnull(strstr(list, "Misc devices:\n"));
    g_assert_cmpstr(list, ==, q);
    g_assert_cmpstr(list, ==, extra);
    /* The defaults QEMU 7.2 shows: iobase 0x501, iosize 2. */
    g_assert_cmpstr(props, ==,
                    "isa-debug-exit options:\n"
                    "  iobase=<uint32>        -  (default: 1281)\n"
                    "  iosize=<uint32>        -  (default: 2)\n");
    g_assert_true(g_str_has_prefix(props2, "isa-serial options:\n"
                                           "  baudbase=<uint32>      -  "
                                           "(default: 115200)\n"
                                           "  chardev=<str>          - ID "
                                           "of a chardev to use as a "
                                           "backend\n"));
    g_assert_cmpstr(props2, ==, props3);
    g_free(list);
    g_free(q);
    g_free(extra);
    g_free(props);
    g_free(props2);
    g_free(props3);
}

static void test_other_help(void)
{
    char *s;

    s = HELP("-machine", "help");
    g_assert_true(g_str_has_prefix(s, "Supported machines are:\n"));
    g_assert_nonnull(strstr(s, "pc-i440fx-7.2        Standard PC (i440FX + "
                               "PIIX, 1996) (default)\n"));
    g_free(s);
    s = HELP("-M", "?");
    g_assert_true(g_str_has_prefix(s, "Supported machines are:\n"));
    g_free(s);
    s = HELP("-accel", "help");
    g_assert_cmpstr(s, ==, "Accelerators supported in QEMU binary:\nkvm\nqtest\n");
    g_free(s);
    s = HELP("-chardev", "help");
    g_assert_cmpstr(s, ==, "Available chardev backend types: \n  stdio\n"
                           "  file\n  null\n  pty\n  socket\n");
    g_free(s);
    s = HELP("-cpu", "help");
    g_assert_nonnull(strstr(s, "qemu64"));
    g_free(s);
    s = HELP("-display", "help");
    g_assert_cmpstr(s, ==, "Available display backend types:\nnone\n");
    g_free(s);
    s = HELP("-d", "help");
    g_assert_true(g_str_has_prefix(s, "Log items (comma separated):\n"
                                      "guest_errors    "));
    g_free(s);
    s = HELP("-version");
    g_assert_cmpstr(s, ==, "QEMU emulator version 7.2.0 (splitvm 0.1.0)\n"
                           "Copyright (c) 2026 the splitvm developers\n");
    g_free(s);
    s = HELP("-h");
    /* QEMU's banner: the version line, then "usage: ...". */
    g_assert_true(g_str_has_prefix(s, "QEMU emulator version 7.2.0"));
    g_assert_nonnull(strstr(s, "\nusage: qemu-system-x86_64 [options]\n"));
    g_free(s);
    s = HELP("--help");
    g_assert_nonnull(strstr(s, "\nusage: qemu-system-x86_64 [options]\n"));
    g_free(s);
    /* Help stops parsing: a later bad option is not looked at. */
    s = HELP("-version", "-foo");
    g_assert_true(g_str_has_prefix(s, "QEMU emulator version"));
    g_free(s);
}

static void test_device_global(void)
{
    struct vl_run r;

    VL_OK(&r, "-device", "isa-debug-exit,iobase=0xf4,iosize=4", "-device",
          "isa-serial,id=s,,x", "-device", "driver=isa-debugcon");
    g_assert_cmpuint(r.cfg.devices->len, ==, 3);
    /* Stored verbatim; properties are checked when the device is made. */
    g_assert_cmpstr(g_ptr_array_index(r.cfg.devices, 0), ==,
                    "isa-debug-exit,iobase=0xf4,iosize=4");
    g_assert_cmpstr(g_ptr_array_index(r.cfg.devices, 1), ==,
                    "isa-serial,id=s,,x");
    vl_run_free(&r);

    VL_OK(&r, "-global", "isa-serial.baudbase=9600", "-global",
          "driver=isa-debugcon,property=iobase,value=0x402");
    vl_run_free(&r);
}

static void test_chardev_serial(void)
{
    struct vl_run r;

    VL_OK(&r, "-chardev", "socket,id=s0,path=/tmp/x,server=on,wait=off",
          "-chardev", "file,id=f,path=a,,b", "-serial", "chardev:s0",
          "-serial", "file:/tmp/out", "-serial", "none", "-serial",
          "tcp:127.0.0.1:4444,server=on,wait=off", "-serial", "pty",
          "-debugcon", "stdio");
    g_assert_cmpuint(r.cfg.chardevs->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(r.cfg.chardevs, 1), ==,
                    "file,id=f,path=a,,b");
    g_assert_cmpuint(r.cfg.serials->len, ==, 5);
    g_assert_cmpstr(g_ptr_array_index(r.cfg.serials, 2), ==, "none");
    g_assert_false(r.cfg.default_serial);
    g_assert_cmpstr(r.cfg.debugcon, ==, "stdio");
    vl_run_free(&r);

    /* "none" does not take a port: more than four of them are fine. */
    VL_OK(&r, "-serial", "null", "-serial", "null", "-serial", "null",
          "-serial", "null", "-serial", "none");
    vl_run_free(&r);

    VL_OK(&r, "-nodefaults");
    g_assert_false(r.cfg.default_serial);
    g_assert_true(r.cfg.machine.nodefaults);
    vl_run_free(&r);
}

static void test_boot_and_run_control(void)
{
    struct vl_run r;

    VL_OK(&r, "-kernel", "k.elf", "-append", "a=1 b,c", "-initrd",
          "m1 arg,m2", "-no-reboot", "-no-shutdown", "-S", "-pidfile",
          "/tmp/p", "-daemonize", "-D", "/tmp/log", "-d",
          "guest_errors,unimp", "-name", "vm1,process=proc1,debug-threads=on",
          "-nographic", "-display", "none", "-vga", "none", "-cpu",
          "qemu64,+x2apic");
    g_assert_cmpstr(r.cfg.machine.kernel, ==, "k.elf");
    g_assert_cmpstr(r.cfg.machine.append, ==, "a=1 b,c");
    g_assert_cmpstr(r.cfg.machine.initrd, ==, "m1 arg,m2");
    g_assert_true(r.cfg.no_reboot && r.cfg.no_shutdown);
    g_assert_true(r.cfg.start_paused && r.cfg.daemonize && r.cfg.nographic);
    g_assert_cmpstr(r.cfg.pidfile, ==, "/tmp/p");
    g_assert_cmpstr(r.cfg.log_file, ==, "/tmp/log");
    g_assert_cmpuint(r.cfg.log_mask, ==, LOG_GUEST_ERROR | LOG_UNIMP);
    g_assert_cmpstr(r.cfg.machine.name, ==, "vm1");
    g_assert_cmpstr(r.cfg.process_name, ==, "proc1");
    g_assert_cmpstr(r.cfg.machine.cpu_model, ==, "qemu64,+x2apic");
    vl_run_free(&r);

    VL_OK(&r, "-name", "guest=a,,b");
    g_assert_cmpstr(r.cfg.machine.name, ==, "a,b");
    g_assert_null(r.cfg.process_name);
    vl_run_free(&r);

    VL_OK(&r, "-d", "unimp", "-d", "guest_errors");
    /* The last -d wins, as QEMU. */
    g_assert_cmpuint(r.cfg.log_mask, ==, LOG_GUEST_ERROR);
    vl_run_free(&r);
}

/* -trace has no backend: a warning, never silence. */
static void test_trace_warns(void)
{
    struct vl_run r;

    VL_RUN(&r, "-trace", "kvm_*");
    g_assert_cmpint(r.ret, ==, 0);
    g_assert_cmpstr(r.err, ==, P "-trace kvm_*: warning: tracing is not "
                                 "supported by splitvm; ignored\n");
    vl_run_free(&r);
}

static void test_monitors(void)
{
    struct vl_run r;
    struct vl_monitor *m;

    VL_OK(&r, "-qmp", "unix:/tmp/q,server=on,wait=off", "-qmp-pretty",
          "stdio", "-monitor", "none", "-mon", "chardev=c0,mode=control",
          "-qtest", "unix:/tmp/t", "-qtest-log", "none", "-audio", "none",
          "-run-with", "exit-with-parent=on");
    g_assert_cmpuint(r.cfg.monitors->len, ==, 3);
    m = g_ptr_array_index(r.cfg.monitors, 0);
    g_assert_true(m->qmp && !m->pretty);
    m = g_ptr_array_index(r.cfg.monitors, 1);
    g_assert_true(m->qmp && m->pretty);
    m = g_ptr_array_index(r.cfg.monitors, 2);
    g_assert_cmpstr(m->chardev_id, ==, "c0");
    g_assert_true(m->qmp);
    g_assert_cmpstr(r.cfg.qtest, ==, "unix:/tmp/t");
    g_assert_true(r.cfg.exit_with_parent);
    vl_run_free(&r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    add_error_tests();
    g_test_add_func("/vl/log-items-error", test_log_items_error);
    g_test_add_func("/vl/defaults", test_defaults);
    g_test_add_func("/vl/machine", test_machine_forms);
    g_test_add_func("/vl/accel", test_accel_forms);
    g_test_add_func("/vl/smp", test_smp_forms);
    g_test_add_func("/vl/smp-zero-warns", test_smp_zero_warns);
    g_test_add_func("/vl/memory", test_memory_forms);
    g_test_add_func("/vl/device-help", test_device_help);
    g_test_add_func("/vl/other-help", test_other_help);
    g_test_add_func("/vl/device-global", test_device_global);
    g_test_add_func("/vl/chardev-serial", test_chardev_serial);
    g_test_add_func("/vl/boot-run-control", test_boot_and_run_control);
    g_test_add_func("/vl/trace-warns", test_trace_warns);
    g_test_add_func("/vl/monitors", test_monitors);
    return g_test_run();
}
