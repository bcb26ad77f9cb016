/*
 * -cpu parsing: every syntax form, the +/- ordering rules, aliases, and
 * each error message, worded as QEMU 7.2 words it (the expected texts
 * were taken from `qemu-system-x86_64 -accel tcg -cpu ...`). Also the
 * layout of -cpu help.
 */
#include "x86-test.h"

static const struct x86_topology one_cpu = { 1, 1, 1, 1 };

/* CPUID register of a -cpu string built without filtering. */
static uint32_t reg_of(const char *spec, uint32_t leaf, int reg)
{
    struct x86_cpuid_table t;
    const struct x86_cpuid_entry *e;

    g_assert_cmpint(build_table(spec, NULL, &one_cpu, 0, true, &t, NULL),
                    ==, 0);
    e = x86_cpuid_find(&t, leaf, 0);
    g_assert_nonnull(e);
    return reg == 0 ? e->eax : reg == 1 ? e->ebx : reg == 2 ? e->ecx
                                                            : e->edx;
}

#define ECX1(spec)  reg_of((spec), 1, 2)
#define EDX1(spec)  reg_of((spec), 1, 3)
#define ECX81(spec) reg_of((spec), 0x80000001, 2)
#define EDX81(spec) reg_of((spec), 0x80000001, 3)

#define PNI     (1u << 0)
#define X2APIC  (1u << 21)
#define LAHF_LM (1u << 0)
#define NX      (1u << 20)
#define LM      (1u << 29)

static void test_models(void)
{
    static const struct {
        const char *spec, *model;
        bool host;
    } cases[] = {
        { "qemu64", "qemu64", false },
        { "qemu64-v1", "qemu64", false },
        { "qemu32", "qemu32", false },
        { "kvm64", "kvm64", false },
        { "kvm32-v1", "kvm32", false },
        { "Westmere", "Westmere", false },
        { "Skylake-Client", "Skylake-Client", false },
        { "EPYC", "EPYC", false },
        { "base", "base", false },
        { "host", "host", true },
        { "max", "max", true },
        { "max,migratable=off", "max", true },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        struct x86_cpu_config *cfg = parse_ok(cases[i].spec);

        g_assert_cmpstr(x86_cpu_config_model(cfg), ==, cases[i].model);
        g_assert_cmpint(x86_cpu_config_is_host(cfg), ==, cases[i].host);
        x86_cpu_config_free(cfg);
    }
    /* No -cpu at all: QEMU's default for pc, qemu64. */
    struct x86_cpu_config *cfg = parse_ok(NULL);
    g_assert_cmpstr(x86_cpu_config_model(cfg), ==, "qemu64");
    x86_cpu_config_free(cfg);
}

struct error_case {
    const char *spec;
    const char *error;
};

static const struct error_case parse_errors[] = {
    { "", "-cpu option cannot be empty" },
    { "foo", "unable to find CPU model 'foo'" },
    { "qemu64-v2", "unable to find CPU model 'qemu64-v2'" },
    { "QEMU64", "unable to find CPU model 'QEMU64'" },
    { ",+pni", "unable to find CPU model ''" },
    { "qemu64,+foo", "Property 'qemu64-x86_64-cpu.foo' not found" },
    { "qemu64,-foo", "Property 'qemu64-x86_64-cpu.foo' not found" },
    { "qemu64-v1,+foo", "Property 'qemu64-v1-x86_64-cpu.foo' not found" },
    { "qemu64,foo=on", "can't apply global qemu64-x86_64-cpu.foo=on: "
      "Property 'qemu64-x86_64-cpu.foo' not found" },
    { "qemu64,foo", "can't apply global qemu64-x86_64-cpu.foo=on: "
      "Property 'qemu64-x86_64-cpu.foo' not found" },
    { "qemu64,=on", "can't apply global qemu64-x86_64-cpu.=on: "
      "Property 'qemu64-x86_64-cpu.' not found" },
    { "qemu64,+pni=on", "Property 'qemu64-x86_64-cpu.pni=on' not found" },
    /* "+flag" does not fold '_' into '-': only QEMU's aliases work */
    { "qemu64,-kvm_pv_tlb_flush",
      "Property 'qemu64-x86_64-cpu.kvm_pv_tlb_flush' not found" },
    { "qemu64,pni=maybe", "can't apply global qemu64-x86_64-cpu.pni=maybe: "
      "Parameter 'pni' expects 'on' or 'off'" },
    { "qemu64,pni=ON", "can't apply global qemu64-x86_64-cpu.pni=ON: "
      "Parameter 'pni' expects 'on' or 'off'" },
    { "qemu64,family=abc", "can't apply global qemu64-x86_64-cpu."
      "family=abc: Parameter 'family' expects int64" },
    { "qemu64,family=300", "can't apply global qemu64-x86_64-cpu."
      "family=300: Property .family doesn't take value 300 (minimum: 0, "
      "maximum: 270)" },
    { "qemu64,family=-1", "can't apply global qemu64-x86_64-cpu."
      "family=-1: Property .family doesn't take value -1 (minimum: 0, "
      "maximum: 270)" },
    { "qemu64,model=256", "can't apply global qemu64-x86_64-cpu."
      "model=256: Property .model doesn't take value 256 (minimum: 0, "
      "maximum: 255)" },
    { "qemu64,stepping=16", "can't apply global qemu64-x86_64-cpu."
      "stepping=16: Property .stepping doesn't take value 16 (minimum: 0, "
      "maximum: 15)" },
    { "qemu64,level=xyz", "can't apply global qemu64-x86_64-cpu."
      "level=xyz: Parameter 'level' expects uint64" },
    { "qemu64,level=-1", "can't apply global qemu64-x86_64-cpu.level=-1: "
      "Parameter 'level' expects uint32_t" },
    { "qemu64,level=0x100000000", "can't apply global qemu64-x86_64-cpu."
      "level=0x100000000: Parameter 'level' expects uint32_t" },
    { "qemu64,vendor=abc", "can't apply global qemu64-x86_64-cpu."
      "vendor=abc: Property '.vendor' doesn't take value 'abc'" },
    { "qemu64,vendor=GenuineIntel1", "can't apply global qemu64-x86_64-cpu."
      "vendor=GenuineIntel1: Property '.vendor' doesn't take value "
      "'GenuineIntel1'" },
    { "qemu64,pmu=xx", "can't apply global qemu64-x86_64-cpu.pmu=xx: "
      "Parameter 'pmu' expects 'on' or 'off'" },
    { "qemu64,kvm=xx", "can't apply global qemu64-x86_64-cpu.kvm=xx: "
      "Parameter 'kvm' expects 'on' or 'off'" },
    /* migratable is a property of host and max only */
    { "qemu64,migratable=on", "can't apply global qemu64-x86_64-cpu."
      "migratable=on: Property 'qemu64-x86_64-cpu.migratable' not found" },
    /* a comma cannot be escaped: QEMU splits with strtok */
    { "qemu64,model-id=a,b", "can't apply global qemu64-x86_64-cpu.b=on: "
      "Property 'qemu64-x86_64-cpu.b' not found" },
    /* Hyper-V comes later */
    { "qemu64,hv-relaxed", "Hyper-V enlightenment 'hv-relaxed' is not yet "
      "supported" },
    { "qemu64,hv_relaxed=on", "Hyper-V enlightenment 'hv-relaxed' is not "
      "yet supported" },
    { "qemu64,hv-vendor-id=foo", "Hyper-V enlightenment 'hv-vendor-id' is "
      "not yet supported" },
    { "qemu64,+hv-relaxed", "Hyper-V enlightenment 'hv-relaxed' is not yet "
      "supported" },
    { "max,-hv-passthrough", "Hyper-V enlightenment 'hv-passthrough' is "
      "not yet supported" },
};

static void test_errors(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(parse_errors); i++) {
        g_autofree char *msg = parse_err(parse_errors[i].spec);

        if (strcmp(msg, parse_errors[i].error)) {
            g_test_message("-cpu %s: got \"%s\"", parse_errors[i].spec, msg);
        }
        g_assert_cmpstr(msg, ==, parse_errors[i].error);
    }
}

/* An assignment error is reported before a bad +flag, as in QEMU. */
static void test_error_order(void)
{
    g_autofree char *msg = parse_err("qemu64,+foo,bar=on");

    g_assert_cmpstr(msg, ==, "can't apply global qemu64-x86_64-cpu.bar=on: "
                    "Property 'qemu64-x86_64-cpu.bar' not found");
}

static void test_flag_forms(void)
{
    g_assert_true(ECX1("qemu64") & PNI);
    g_assert_false(ECX1("qemu64,-pni") & PNI);
    g_assert_false(ECX1("qemu64,pni=off") & PNI);
    g_assert_false(ECX1("qemu64,pni=no") & PNI);
    g_assert_false(ECX1("qemu64,pni=false") & PNI);
    g_assert_false(ECX1("qemu64,-pni,pni") & PNI);
    g_assert_true(ECX1("qemu32,x2apic") & X2APIC);
    g_assert_true(ECX1("qemu32,x2apic=on") & X2APIC);
    g_assert_true(ECX1("qemu32,x2apic=yes") & X2APIC);
    g_assert_true(ECX1("qemu32,+x2apic") & X2APIC);
    /* empty elements are skipped */
    g_assert_true(ECX1("qemu32,,+x2apic,") & X2APIC);
    /* later assignments win */
    g_assert_false(ECX1("qemu32,x2apic=on,x2apic=off") & X2APIC);
    g_assert_true(ECX1("qemu32,x2apic=off,x2apic=on") & X2APIC);
}

/* QEMU's aliases and the '_' spellings. */
static void test_aliases(void)
{
    g_assert_false(ECX1("qemu64,-sse3") & PNI);
    g_assert_false(ECX1("qemu64,sse3=off") & PNI);
    g_assert_false(ECX81("qemu64,-lahf_lm") & LAHF_LM);
    g_assert_false(ECX81("qemu64,lahf_lm=off") & LAHF_LM);
    g_assert_false(ECX81("qemu64,lahf-lm=off") & LAHF_LM);
    g_assert_false(EDX81("qemu64,-xd") & NX);
    g_assert_false(EDX81("qemu64,-i64") & LM);
    g_assert_true(ECX1("qemu64,+sse4_1") & (1u << 19));
    g_assert_true(ECX1("qemu64,sse4-2=on") & (1u << 20));
    g_assert_true(ECX1("qemu64,+pclmuldq") & (1u << 1));
    g_assert_true(EDX81("qemu64,+ffxsr") & (1u << 25));
    /* "flag=on" folds every '_', so this works where "-flag" does not */
    g_assert_true(ECX1("qemu64,tsc_deadline=on") & (1u << 24));
}

/*
 * QEMU applies flag=on|off first, then every +flag, then every -flag,
 * whatever the order on the command line.
 */
static void test_plus_minus_order(void)
{
    g_assert_false(ECX1("qemu32,-x2apic,x2apic=on") & X2APIC);
    g_assert_false(ECX1("qemu32,x2apic=on,-x2apic") & X2APIC);
    g_assert_true(ECX1("qemu32,+x2apic,x2apic=off") & X2APIC);
    g_assert_true(ECX1("qemu32,x2apic=off,+x2apic") & X2APIC);
    g_assert_false(ECX1("qemu32,+x2apic,-x2apic") & X2APIC);
    g_assert_false(ECX1("qemu32,-x2apic,+x2apic") & X2APIC);
}

static void test_ambiguous_warning(void)
{
    FILE *f = capture_begin();
    struct x86_cpu_config *cfg = parse_ok("qemu32,+x2apic,-x2apic,"
                                          "x2apic=on");
    g_autofree char *out = capture_end(f);

    g_assert_cmpstr(out, ==,
        "qemu-system-x86_64: warning: Ambiguous CPU model string. Don't mix "
        "both \"+x2apic\" and \"x2apic=on\"\n"
        "qemu-system-x86_64: warning: Ambiguous CPU model string. Don't mix "
        "both \"-x2apic\" and \"x2apic=on\"\n"
        "qemu-system-x86_64: warning: Compatibility of ambiguous CPU model "
        "strings won't be kept on future QEMU versions\n");
    x86_cpu_config_free(cfg);

    /* "x2apic=on" before "+x2apic" is not reported (QEMU checks as it
     * goes) */
    f = capture_begin();
    cfg = parse_ok("qemu32,x2apic=on,+x2apic");
    g_free(out);
    out = capture_end(f);
    g_assert_cmpstr(out, ==, "");
    x86_cpu_config_free(cfg);
}

static void test_properties(void)
{
    struct x86_cpu_config *cfg;

    cfg = parse_ok("qemu64");
    g_assert_false(x86_cpu_config_enforce(cfg));
    g_assert_false(x86_cpu_config_pmu(cfg));
    g_assert_true(x86_cpu_config_kvm_signature(cfg));
    x86_cpu_config_free(cfg);

    cfg = parse_ok("qemu64,enforce,pmu=on,kvm=off,check=off");
    g_assert_true(x86_cpu_config_enforce(cfg));
    g_assert_true(x86_cpu_config_pmu(cfg));
    g_assert_false(x86_cpu_config_kvm_signature(cfg));
    x86_cpu_config_free(cfg);

    /* +/- also set boolean properties (QEMU sets them as properties) */
    cfg = parse_ok("qemu64,+enforce,-kvm");
    g_assert_true(x86_cpu_config_enforce(cfg));
    g_assert_false(x86_cpu_config_kvm_signature(cfg));
    x86_cpu_config_free(cfg);

    cfg = parse_ok("max");
    g_assert_true(x86_cpu_config_pmu(cfg));
    x86_cpu_config_free(cfg);

    cfg = parse_ok("qemu64,vendor=GenuineIntel,model-id=x,family=6,"
                   "model=94,stepping=3,level=0x14,xlevel=0x80000008,"
                   "min-level=1,min-xlevel=0x80000001,phys-bits=42,"
                   "host-phys-bits=off,l3-cache=off");
    x86_cpu_config_free(cfg);
}

static void test_cpu_list(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    g_auto(GStrv) lines = NULL;
    bool in_flags = false;
    int flags = 0;

    x86_cpu_list(f);
    fclose(f);
    lines = g_strsplit(buf, "\n", -1);
    g_assert_cmpstr(lines[0], ==, "Available CPUs:");
    g_assert_true(strstr(buf, "\nx86 qemu64                (alias configured "
                         "by machine type)\n"));
    g_assert_true(strstr(buf, "\nx86 qemu64-v1             QEMU Virtual CPU "
                         "version 2.5+\n"));
    g_assert_true(strstr(buf, "\nx86 base                  base CPU model "
                         "type with no features enabled\n"
                         "x86 host                  processor with all "
                         "supported host features \n"
                         "x86 max                   Enables all features "
                         "supported by the accelerator in the current host\n"
                         "\nRecognized CPUID flags:\n"));
    for (char **l = lines; *l; l++) {
        if (!strcmp(*l, "Recognized CPUID flags:")) {
            in_flags = true;
            continue;
        }
        if (in_flags && **l) {
            g_assert_true(g_str_has_prefix(*l, "  "));
            g_assert_cmpint(strlen(*l), <, 76);
            flags++;
        }
    }
    g_assert_cmpint(flags, >, 10);
    g_assert_true(strstr(buf, " lahf-lm "));
    /* one entry per bit, like QEMU: kvmclock names bits 0 and 3 */
    g_auto(GStrv) words = g_strsplit_set(strstr(buf, "Recognized"), " \n",
                                         -1);
    int kvmclock = 0;
    for (char **w = words; *w; w++) {
        kvmclock += !strcmp(*w, "kvmclock");
    }
    g_assert_cmpint(kvmclock, ==, 2);
    /* sorted with strcmp, as QEMU does */
    g_assert_true(strstr(buf, "\n  3dnow 3dnowext 3dnowprefetch abm "));
    g_assert_true(g_str_has_suffix(buf, "xtpr\n\n"));
    free(buf);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86-cpu-parse/models", test_models);
    g_test_add_func("/x86-cpu-parse/errors", test_errors);
    g_test_add_func("/x86-cpu-parse/error-order", test_error_order);
    g_test_add_func("/x86-cpu-parse/flag-forms", test_flag_forms);
    g_test_add_func("/x86-cpu-parse/aliases", test_aliases);
    g_test_add_func("/x86-cpu-parse/plus-minus-order",
                    test_plus_minus_order);
    g_test_add_func("/x86-cpu-parse/ambiguous-warning",
                    test_ambiguous_warning);
    g_test_add_func("/x86-cpu-parse/properties", test_properties);
    g_test_add_func("/x86-cpu-parse/cpu-list", test_cpu_list);
    return g_test_run();
}
