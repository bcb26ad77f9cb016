/*
 * CPUID against an accelerator: filtering with a fake
 * KVM_GET_SUPPORTED_CPUID table (removed bits, warnings, enforce), QEMU's
 * KVM defaults and signature leaves, irqchip-dependent bits, host/max
 * passthrough, XSAVE sizes from the host, feature dependencies,
 * phys-bits, and the limits of the table.
 */
#include "x86-test.h"

static const struct x86_topology one_cpu = { 1, 1, 1, 1 };

#define AMD_EBX 0x68747541
#define AMD_ECX 0x444d4163
#define AMD_EDX 0x69746e65

#define B(n) (1u << (n))

/* CPUID.01H of the fake host: an AMD Zen 2 under KVM, less a few bits. */
#define HOST_1_EAX  0x00830f10
#define HOST_1_ECX  (B(0) | B(1) | B(9) | B(12) | B(13) | B(19) | B(20) | \
                     B(21) | B(22) | B(23) | B(25) | B(26) | B(28) |      \
                     B(29) | B(30))
#define HOST_1_EDX  0x178bfbffu
#define HOST_7_EBX  (B(0) | B(3) | B(5) | B(7) | B(8) | B(18) | B(19) |   \
                     B(20) | B(23) | B(29))
#define HOST_81_ECX (B(0) | B(1) | B(2) | B(4) | B(5) | B(6) | B(7) |     \
                     B(8) | B(9))
#define HOST_81_EDX (B(11) | B(20) | B(22) | B(25) | B(26) | B(27) | B(29))
/* kvmclock x2, nopiodelay, asyncpf, steal-time, pv-eoi, pv-unhalt,
 * pv-tlb-flush, pv-ipi, poll-control, sched-yield, asyncpf-int,
 * msi-ext-dest-id, stable bit */
#define HOST_KVM    0x0100fafbu
#define HOST_PMU    0x07300402u
#define HOST_BRAND  "AMD EPYC 7B12 64-Core Processor"

static void fake_host(struct x86_cpuid_table *t, bool with_pni)
{
    uint32_t brand[12] = { 0 };

    memcpy(brand, HOST_BRAND, strlen(HOST_BRAND));
    t->count = 0;
    sup_add(t, 0, -1, 0x10, AMD_EBX, AMD_ECX, AMD_EDX);
    sup_add(t, 1, -1, HOST_1_EAX, 0, HOST_1_ECX & ~(with_pni ? 0 : B(0)),
            HOST_1_EDX);
    sup_add(t, 6, -1, 0, 0, 0, 0);
    sup_add(t, 7, 0, 0, HOST_7_EBX, 0, 0);
    sup_add(t, 7, 1, 0, 0, 0, 0);
    sup_add(t, 0xa, -1, HOST_PMU, 0, 0, 0x603);
    sup_add(t, 0xd, 0, 0x7, 0x340, 0x340, 0);
    sup_add(t, 0xd, 1, 0xf, 0x340, 0, 0);
    sup_add(t, 0xd, 2, 0x100, 0x240, 0, 0);
    sup_add(t, 0x40000000, -1, 0x40000001, 0x4b4d564b, 0x564b4d56, 0x4d);
    sup_add(t, 0x40000001, -1, HOST_KVM, 0, 0, 0);
    sup_add(t, 0x80000000, -1, 0x8000001f, AMD_EBX, AMD_ECX, AMD_EDX);
    sup_add(t, 0x80000001, -1, HOST_1_EAX, 0, HOST_81_ECX, HOST_81_EDX);
    for (int i = 0; i < 3; i++) {
        sup_add(t, 0x80000002 + i, -1, brand[4 * i], brand[4 * i + 1],
                brand[4 * i + 2], brand[4 * i + 3]);
    }
    sup_add(t, 0x80000007, -1, 0, 0, 0, B(8));
    sup_add(t, 0x80000008, -1, 0x3030, B(0) | B(2) | B(9) | B(12), 0, 0);
    sup_add(t, 0x8000000a, -1, 1, 0x8000, 0, B(0) | B(3));
    sup_add(t, 0x8000001e, -1, 0, 0x100, 0, 0);
}

static const struct x86_cpuid_entry *find(const struct x86_cpuid_table *t,
                                          uint32_t leaf, uint32_t sub)
{
    const struct x86_cpuid_entry *e = x86_cpuid_find(t, leaf, sub);

    g_assert_nonnull(e);
    return e;
}

/* Build with warnings captured; returns them. */
static char *build_capture(const char *spec,
                           const struct x86_cpuid_table *sup, bool warn,
                           struct x86_cpuid_table *out, int *ret,
                           char **err)
{
    FILE *f = capture_begin();

    *ret = build_table(spec, sup, &one_cpu, 0, warn, out, err);
    return capture_end(f);
}

#define WARN_PREFIX "qemu-system-x86_64: warning: "
#define NOT_SUPPORTED WARN_PREFIX "host doesn't support requested feature: "

static void test_filter_warning(void)
{
    struct x86_cpuid_table sup, t;
    g_autofree char *out = NULL, *err = NULL;
    int ret;

    fake_host(&sup, false);
    out = build_capture("qemu64", &sup, true, &t, &ret, &err);
    g_assert_cmpint(ret, ==, 0);
    g_assert_null(err);
    g_assert_cmpstr(out, ==, NOT_SUPPORTED "CPUID.01H:ECX.pni [bit 0]\n");
    /* pni gone; KVM adds x2apic; hypervisor always there */
    check_leaf(&t, 1, 0, 0x00060fb1, 0x800, 0x80202000, 0x078bfbfd);

    /* Only vCPU 0 warns; the others build the same table silently. */
    g_free(out);
    out = build_capture("qemu64", &sup, false, &t, &ret, &err);
    g_assert_cmpstr(out, ==, "");
    check_leaf(&t, 1, 0, 0x00060fb1, 0x800, 0x80202000, 0x078bfbfd);

    /* check=off: silent */
    g_free(out);
    out = build_capture("qemu64,check=off", &sup, true, &t, &ret, &err);
    g_assert_cmpstr(out, ==, "");
}

/* One line per bit, in QEMU's feature-word order. */
static void test_filter_warning_order(void)
{
    struct x86_cpuid_table sup, t;
    g_autofree char *out = NULL, *err = NULL;
    int ret;

    fake_host(&sup, false);
    out = build_capture("qemu64,+kvm-mmu,+avx512f,+avx512vl,+invtsc", &sup,
                        true, &t, &ret, &err);
    g_assert_cmpint(ret, ==, 0);
    g_assert_cmpstr(out, ==,
                    NOT_SUPPORTED "CPUID.01H:ECX.pni [bit 0]\n"
                    NOT_SUPPORTED "CPUID.07H:EBX.avx512f [bit 16]\n"
                    NOT_SUPPORTED "CPUID.07H:EBX.avx512vl [bit 31]\n"
                    NOT_SUPPORTED "CPUID.40000001H:EAX.kvm-mmu [bit 2]\n");
    g_assert_cmphex(find(&t, 7, 0)->ebx, ==, 0);
    /* invtsc is supported by this host */
    g_assert_cmphex(find(&t, 0x80000007, 0)->edx, ==, B(8));
}

static void test_enforce(void)
{
    struct x86_cpuid_table sup, t;
    g_autofree char *out = NULL, *err = NULL;
    int ret;

    fake_host(&sup, false);
    out = build_capture("qemu64,enforce", &sup, true, &t, &ret, &err);
    g_assert_cmpint(ret, <, 0);
    g_assert_cmpstr(err, ==, "Host doesn't support requested features");
    g_assert_cmpstr(out, ==, NOT_SUPPORTED "CPUID.01H:ECX.pni [bit 0]\n");

    /* Other vCPUs fail too, without repeating the warnings. */
    g_free(out);
    g_free(err);
    out = build_capture("qemu64,enforce", &sup, false, &t, &ret, &err);
    g_assert_cmpint(ret, <, 0);
    g_assert_cmpstr(err, ==, "Host doesn't support requested features");
    g_assert_cmpstr(out, ==, "");

    /* Satisfiable: fine. */
    g_free(out);
    g_free(err);
    fake_host(&sup, true);
    out = build_capture("qemu64,enforce", &sup, true, &t, &ret, &err);
    g_assert_cmpint(ret, ==, 0);
    g_assert_cmpstr(out, ==, "");
}

/* What QEMU adds for a named model under KVM (kvm_default_props). */
static void test_kvm_defaults(void)
{
    struct x86_cpuid_table sup, t;

    fake_host(&sup, true);
    build_table("qemu64", &sup, &one_cpu, 0, true, &t, NULL);
    check_leaf(&t, 0x40000000, 0, 0x40000001, 0x4b4d564b, 0x564b4d56,
               0x0000004d);
    /* kvmclock (both bits), nopiodelay, asyncpf, steal-time, pv-eoi,
     * kvmclock-stable-bit: what the reference QEMU showed under KVM */
    check_leaf(&t, 0x40000001, 0, 0x0100007b, 0, 0, 0);
    check_leaf(&t, 1, 0, 0x00060fb1, 0x800, 0x80202001, 0x078bfbfd);
    /* svm=off: no svm bit, leaf 0x8000000A present but empty */
    check_leaf(&t, 0x80000001, 0, 0x00060fb1, 0, 0x00000001, 0x2193fbfd);
    check_leaf(&t, 0x8000000a, 0, 0, 0, 0, 0);
    check_leaf(&t, 0x80000008, 0, 0x00003028, 0, 0, 0);
    /* Leaves 0..0xd less 4 and 0xd, 0xb twice; 2 KVM; 11 extended */
    g_assert_cmpint(t.count, ==, 13 + 2 + 11);

    /* The user's flags override the KVM defaults. */
    build_table("qemu64,-kvmclock,kvm-steal-time=off,+svm,-x2apic", &sup,
                &one_cpu, 0, true, &t, NULL);
    check_leaf(&t, 0x40000001, 0, 0x01000052, 0, 0, 0);
    check_leaf(&t, 1, 0, 0x00060fb1, 0x800, 0x80002001, 0x078bfbfd);
    check_leaf(&t, 0x80000001, 0, 0x00060fb1, 0, 0x00000005, 0x2193fbfd);
    check_leaf(&t, 0x8000000a, 0, 1, 0x10, 0, 0);

    /* kvm=off hides the signature leaves */
    build_table("qemu64,kvm=off", &sup, &one_cpu, 0, true, &t, NULL);
    check_no_leaf(&t, 0x40000000, 0);
    check_no_leaf(&t, 0x40000001, 0);
}

static void build_caps(const char *spec, const struct x86_accel_caps *caps,
                       const struct x86_cpuid_table *sup,
                       struct x86_cpuid_table *t, char **warnings)
{
    struct x86_cpu_config *cfg = parse_ok(spec);
    FILE *f = capture_begin();
    Error *err = NULL;

    x86_cpu_config_set_accel_caps(cfg, caps);
    g_assert_cmpint(x86_cpu_build_cpuid(cfg, sup, &one_cpu, 0, true, t,
                                        &err), ==, 0);
    *warnings = capture_end(f);
    x86_cpu_config_free(cfg);
}

static void test_irqchip_caps(void)
{
    static const struct x86_accel_caps userspace = { false, false, true };
    static const struct x86_accel_caps split = { true, true, true };
    static const struct x86_accel_caps no_deadline = { true, false, false };
    struct x86_cpuid_table sup, t;
    char *out;

    fake_host(&sup, true);
    /* No in-kernel LAPIC: x2apic off by default and unavailable, and so
     * is kvm-pv-unhalt. */
    build_caps("qemu64", &userspace, &sup, &t, &out);
    g_assert_cmpstr(out, ==, "");
    g_free(out);
    g_assert_false(find(&t, 1, 0)->ecx & B(21));
    build_caps("qemu64,+x2apic,+kvm-pv-unhalt", &userspace, &sup, &t, &out);
    g_assert_cmpstr(out, ==,
                    NOT_SUPPORTED "CPUID.01H:ECX.x2apic [bit 21]\n"
                    NOT_SUPPORTED "CPUID.40000001H:EAX.kvm-pv-unhalt "
                    "[bit 7]\n");
    g_free(out);

    /* Split irqchip: kvm-msi-ext-dest-id on by default. */
    build_caps("qemu64", &split, &sup, &t, &out);
    g_free(out);
    check_leaf(&t, 0x40000001, 0, 0x0100807b, 0, 0, 0);
    g_assert_true(find(&t, 1, 0)->ecx & B(21));

    /* tsc-deadline comes from a KVM capability, not the table. */
    build_caps("qemu64,+tsc-deadline", &split, &sup, &t, &out);
    g_assert_cmpstr(out, ==, "");
    g_free(out);
    g_assert_true(find(&t, 1, 0)->ecx & B(24));
    build_caps("qemu64,+tsc-deadline", &no_deadline, &sup, &t, &out);
    g_assert_cmpstr(out, ==,
                    NOT_SUPPORTED "CPUID.01H:ECX.tsc-deadline [bit 24]\n");
    g_free(out);
}

static void test_host_passthrough(void)
{
    struct x86_cpuid_table sup, t;
    uint32_t brand[12] = { 0 };
    g_autofree char *out = NULL, *err = NULL;
    int ret;

    fake_host(&sup, true);
    out = build_capture("host", &sup, true, &t, &ret, &err);
    g_assert_cmpint(ret, ==, 0);
    g_assert_cmpstr(out, ==, "");
    /* The host's identity and levels */
    check_leaf(&t, 0, 0, 0x10, AMD_EBX, AMD_ECX, AMD_EDX);
    check_leaf(&t, 0x80000000, 0, 0x8000001f, AMD_EBX, AMD_ECX, AMD_EDX);
    memcpy(brand, HOST_BRAND, strlen(HOST_BRAND));
    check_leaf(&t, 0x80000002, 0, brand[0], brand[1], brand[2], brand[3]);
    /* Every supported bit, plus QEMU's fix-ups (hypervisor,
     * tsc-deadline); ht is never implied. */
    check_leaf(&t, 1, 0, HOST_1_EAX, 0x800,
               HOST_1_ECX | B(31) | B(24), HOST_1_EDX & ~B(28));
    check_leaf(&t, 6, 0, B(2), 0, 0, 0);
    check_leaf(&t, 7, 0, 0, HOST_7_EBX, 0, 0);
    /* svm and its features; not topoext (never implied) */
    g_assert_cmphex(find(&t, 0x80000001, 0)->ecx, ==, HOST_81_ECX);
    /* AMD: leaf 1's EDX bits mirrored */
    g_assert_cmphex(find(&t, 0x80000001, 0)->edx, ==,
                    HOST_81_EDX | (HOST_1_EDX & 0x0183f3ff));
    check_leaf(&t, 0x8000000a, 0, 1, 0x10, 0, B(0) | B(3));
    /* invtsc is left out while migratable=on */
    check_leaf(&t, 0x80000007, 0, 0, 0, 0, 0);
    /* host-phys-bits */
    check_leaf(&t, 0x80000008, 0, 0x3030, B(0) | B(2) | B(9) | B(12), 0,
               0);
    /* KVM features passed through; hints never implied */
    check_leaf(&t, 0x40000001, 0, HOST_KVM, 0, 0, 0);
    /* pmu=on by default: the PMU leaf comes from the host */
    check_leaf(&t, 0xa, 0, HOST_PMU, 0, 0, 0x603);
    /* XSAVE from the host: x87, SSE, AVX; KVM reports EBX = ECX */
    check_leaf(&t, 0xd, 0, 7, 0x340, 0x340, 0);
    check_leaf(&t, 0xd, 1, 0xf, 0x340, 0, 0);
    check_leaf(&t, 0xd, 2, 0x100, 0x240, 0, 0);
    /* 0x8000001E: AMD, and the host has it */
    check_leaf(&t, 0x8000001e, 0, 0, 0, 0, 0);
    g_assert_cmpint(t.count, <=, 100);  /* QEMU's KVM_MAX_CPUID_ENTRIES */
}

static void test_host_user_flags(void)
{
    struct x86_cpuid_table sup, t;

    fake_host(&sup, true);
    build_table("host,-avx,kvm-hint-dedicated=on,migratable=off,pmu=off",
                &sup, &one_cpu, 0, true, &t, NULL);
    g_assert_false(find(&t, 1, 0)->ecx & B(28));
    check_leaf(&t, 0x40000001, 0, HOST_KVM, 0, 0, 1);
    check_leaf(&t, 0x80000007, 0, 0, 0, 0, B(8));
    check_leaf(&t, 0xa, 0, 0, 0, 0, 0);
    /* no avx: XSAVE without the AVX component */
    check_leaf(&t, 0xd, 0, 3, 0x240, 0x240, 0);
    check_no_leaf(&t, 0xd, 2);

    /* max under KVM is the same CPU as host */
    build_table("max", &sup, &one_cpu, 0, true, &t, NULL);
    check_leaf(&t, 0, 0, 0x10, AMD_EBX, AMD_ECX, AMD_EDX);
    check_leaf(&t, 1, 0, HOST_1_EAX, 0x800, HOST_1_ECX | B(31) | B(24),
               HOST_1_EDX & ~B(28));
}

static void test_host_needs_accel(void)
{
    struct x86_cpuid_table t;
    g_autofree char *err = NULL;

    g_assert_cmpint(build_table("host", NULL, &one_cpu, 0, true, &t, &err),
                    <, 0);
    g_assert_cmpstr(err, ==, "CPU model 'host' requires KVM or HVF");
}

/* XSAVE components the host cannot save are dropped without a word. */
static void test_xsave_host_components(void)
{
    struct x86_cpuid_table sup, t;
    g_autofree char *out = NULL, *err = NULL;
    int ret;

    fake_host(&sup, true);
    sup.entries[6].eax = 3;     /* 0xD.0: x87 and SSE only */
    g_assert_cmphex(sup.entries[6].function, ==, 0xd);
    out = build_capture("qemu64,+xsave,+avx", &sup, true, &t, &ret, &err);
    g_assert_cmpint(ret, ==, 0);
    g_assert_cmpstr(out, ==, "");
    check_leaf(&t, 0xd, 0, 3, 0x240, 0x240, 0);
    check_no_leaf(&t, 0xd, 1);  /* no xsaveopt & co.: EAX 0, not listed */
    check_no_leaf(&t, 0xd, 2);
}

static void test_amd_leaves(void)
{
    struct x86_cpuid_table sup, t;

    fake_host(&sup, true);
    build_table("EPYC", &sup, &one_cpu, 0, false, &t, NULL);
    check_leaf(&t, 0x8000001e, 0, 0, 0, 0, 0);
    find(&t, 0x8000001d, 3);
    sup.count--;                /* drop the host's 0x8000001E */
    build_table("EPYC", &sup, &one_cpu, 0, false, &t, NULL);
    check_no_leaf(&t, 0x8000001e, 0);
    /* An Intel vendor never gets the AMD topology leaves */
    build_table("EPYC,vendor=GenuineIntel", NULL, &one_cpu, 0, false, &t,
                NULL);
    check_no_leaf(&t, 0x8000001d, 0);
    check_no_leaf(&t, 0x8000001e, 0);
    find(&t, 4, 0);
}

static void test_dependencies(void)
{
    struct x86_cpuid_table t;
    g_autofree char *out = NULL, *err = NULL;
    int ret;

    out = build_capture("qemu64,+svm-lock,-svm", NULL, true, &t, &ret, &err);
    g_assert_cmpint(ret, ==, 0);
    g_assert_cmpstr(out, ==, WARN_PREFIX "This feature depends on other "
                    "features that were not requested: "
                    "CPUID.8000000AH:EDX.svm-lock [bit 2]\n");
    check_leaf(&t, 0x8000000a, 0, 0, 0, 0, 0);
    g_free(out);
    /* With enforce it is an error, as any unavailable feature */
    out = build_capture("qemu64,+svm-lock,-svm,enforce", NULL, true, &t,
                        &ret, &err);
    g_assert_cmpint(ret, <, 0);
    g_assert_cmpstr(err, ==, "Host doesn't support requested features");
    g_free(out);
    g_free(err);
    /* Implied, not requested: dropped silently */
    out = build_capture("EPYC,-svm", NULL, true, &t, &ret, &err);
    g_assert_cmpstr(out, ==, "");
}

static void test_phys_bits(void)
{
    struct x86_cpuid_table sup, t;
    g_autofree char *out = NULL, *err = NULL;
    int ret;

    fake_host(&sup, true);
    out = build_capture("qemu64,phys-bits=20", &sup, true, &t, &ret, &err);
    g_assert_cmpint(ret, <, 0);
    g_assert_cmpstr(out, ==, WARN_PREFIX "Host physical bits (48) does not "
                    "match phys-bits property (20)\n");
    g_assert_cmpstr(err, ==, "phys-bits should be between 32 and 52  (but "
                    "is 20)");
    g_free(out);
    g_free(err);
    out = build_capture("qemu32,phys-bits=40", NULL, true, &t, &ret, &err);
    g_assert_cmpstr(err, ==, "phys-bits is not user-configurable in 32 bit");
    g_free(err);
    err = NULL;

    build_table("qemu64,host-phys-bits=on", &sup, &one_cpu, 0, true, &t,
                NULL);
    g_assert_cmphex(find(&t, 0x80000008, 0)->eax, ==, 0x3030);
    build_table("qemu64,phys-bits=44", NULL, &one_cpu, 0, true, &t, NULL);
    g_assert_cmphex(find(&t, 0x80000008, 0)->eax, ==, 0x302c);
    /* 32-bit: 36 bits with PAE or PSE36 */
    build_table("qemu32,xlevel=0x80000008", NULL, &one_cpu, 0, true, &t,
                NULL);
    g_assert_cmphex(find(&t, 0x80000008, 0)->eax, ==, 36);
}

static void test_table_limits(void)
{
    struct x86_cpuid_table t;
    g_autofree char *err = NULL;

    /* QEMU has no fixed limit: a level is refused when it overflows
     * the table. */
    g_assert_cmpint(build_table("qemu64,level=0xff", NULL, &one_cpu, 0,
                                true, &t, &err), <, 0);
    g_assert_cmpstr(err, ==, "unsupported level value: 0xff");
    g_free(err);
    g_assert_cmpint(build_table("qemu64,xlevel=0x800000ff", NULL, &one_cpu,
                                0, true, &t, &err), <, 0);
    g_assert_cmpstr(err, ==, "unsupported xlevel value: 0x800000ff");
    g_free(err);
    err = NULL;
    g_assert_cmpint(build_table("qemu64,level=0x20,xlevel=0x80000021",
                                NULL, &one_cpu, 0, true, &t, NULL), ==, 0);
    check_leaf(&t, 0x20, 0, 0, 0, 0, 0);
    check_leaf(&t, 0x80000021, 0, 0, 0, 0, 0);
    /* The largest table fits: every leaf and sub-leaf of max */
    g_assert_cmpint(build_table("max,level=0x1f,xlevel=0x8000001f,"
                                "vendor=AuthenticAMD", NULL,
                                &(struct x86_topology){ 2, 2, 2, 2 }, 0,
                                false, &t, NULL), ==, 0);
    g_assert_cmpint(t.count, <=, 100);  /* QEMU's KVM_MAX_CPUID_ENTRIES */
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86-cpu-filter/warning", test_filter_warning);
    g_test_add_func("/x86-cpu-filter/warning-order",
                    test_filter_warning_order);
    g_test_add_func("/x86-cpu-filter/enforce", test_enforce);
    g_test_add_func("/x86-cpu-filter/kvm-defaults", test_kvm_defaults);
    g_test_add_func("/x86-cpu-filter/irqchip-caps", test_irqchip_caps);
    g_test_add_func("/x86-cpu-filter/host-passthrough",
                    test_host_passthrough);
    g_test_add_func("/x86-cpu-filter/host-user-flags", test_host_user_flags);
    g_test_add_func("/x86-cpu-filter/host-needs-accel",
                    test_host_needs_accel);
    g_test_add_func("/x86-cpu-filter/xsave-host-components",
                    test_xsave_host_components);
    g_test_add_func("/x86-cpu-filter/amd-leaves", test_amd_leaves);
    g_test_add_func("/x86-cpu-filter/dependencies", test_dependencies);
    g_test_add_func("/x86-cpu-filter/phys-bits", test_phys_bits);
    g_test_add_func("/x86-cpu-filter/table-limits", test_table_limits);
    return g_test_run();
}
