/*
 * CPUID leaves of the built-in models with no accelerator filtering
 * (supported == NULL), compared with what the reference QEMU 7.2 showed.
 *
 * The expected values were recorded by booting a multiboot guest that
 * dumps every CPUID leaf (and leaf 1/0xB/0x8000001E on each AP) under
 * `qemu-system-x86_64 -accel tcg -cpu MODEL -smp ...` (QEMU 7.2.22,
 * Debian). TCG itself lacks some features; where QEMU removed them, the
 * -cpu strings below remove the same flags (e.g. "-vme", which TCG drops
 * silently), so the two CPUs are the same. TCG's own signature leaf
 * 0x40000000 ("TCGTCGTCGTCG") is not modelled and not compared.
 */
#include "x86-test.h"

#define AMD_EBX   0x68747541    /* "Auth" */
#define AMD_ECX   0x444d4163    /* "cAMD" */
#define AMD_EDX   0x69746e65    /* "enti" */
#define INTEL_EBX 0x756e6547    /* "Genu" */
#define INTEL_ECX 0x6c65746e    /* "ntel" */
#define INTEL_EDX 0x49656e69    /* "ineI" */

static const struct x86_topology one_cpu = { 1, 1, 1, 1 };

static void build(const char *spec, const struct x86_topology *topo,
                  uint32_t apic_id, struct x86_cpuid_table *t)
{
    g_assert_cmpint(build_table(spec, NULL, topo, apic_id, true, t, NULL),
                    ==, 0);
}

/* -cpu qemu64, one CPU: every leaf, and nothing else in the table. */
static const struct leaf_value qemu64_leaves[] = {
    { 0x00000000, 0, { 0x0000000d, AMD_EBX, AMD_ECX, AMD_EDX } },
    { 0x00000001, 0, { 0x00060fb1, 0x00000800, 0x80002001, 0x078bfbfd } },
    { 0x00000002, 0, { 0, 0, 0, 0 } },
    { 0x00000003, 0, { 0, 0, 0, 0 } },
    { 0x00000005, 0, { 0, 0, 0x00000003, 0 } },
    { 0x00000006, 0, { 0, 0, 0, 0 } },
    { 0x00000007, 0, { 0, 0, 0, 0 } },
    { 0x00000008, 0, { 0, 0, 0, 0 } },
    { 0x00000009, 0, { 0, 0, 0, 0 } },
    { 0x0000000a, 0, { 0, 0, 0, 0 } },
    { 0x0000000b, 0, { 0, 1, 0x00000100, 0 } },
    { 0x0000000b, 1, { 0, 1, 0x00000201, 0 } },
    { 0x0000000c, 0, { 0, 0, 0, 0 } },
    { 0x80000000, 0, { 0x8000000a, AMD_EBX, AMD_ECX, AMD_EDX } },
    { 0x80000001, 0, { 0x00060fb1, 0, 0x00000005, 0x2193fbfd } },
    { 0x80000002, 0, { 0x554d4551, 0x72695620, 0x6c617574, 0x55504320 } },
    { 0x80000003, 0, { 0x72657620, 0x6e6f6973, 0x352e3220, 0x0000002b } },
    { 0x80000004, 0, { 0, 0, 0, 0 } },
    { 0x80000005, 0, { 0x01ff01ff, 0x01ff01ff, 0x40020140, 0x40020140 } },
    { 0x80000006, 0, { 0, 0x42004200, 0x02008140, 0x00808140 } },
    { 0x80000007, 0, { 0, 0, 0, 0 } },
    { 0x80000008, 0, { 0x00003028, 0, 0, 0 } },
    { 0x80000009, 0, { 0, 0, 0, 0 } },
    { 0x8000000a, 0, { 0x00000001, 0x00000010, 0, 0 } },
};

static void test_qemu64_leaves(void)
{
    struct x86_cpuid_table t;

    build("qemu64", &one_cpu, 0, &t);
    for (size_t i = 0; i < G_N_ELEMENTS(qemu64_leaves); i++) {
        check_leaf_at(&t, &qemu64_leaves[i], "qemu64");
    }
    /* AMD: no leaf 4; no XSAVE: no leaf 0xD; no KVM leaves without KVM. */
    g_assert_cmpint(t.count, ==, G_N_ELEMENTS(qemu64_leaves));
    check_no_leaf(&t, 4, 0);
    check_no_leaf(&t, 0xd, 0);
    check_no_leaf(&t, 0x40000000, 0);
    check_no_leaf(&t, 0xb, 2);
    /* Only the sub-leaf walks are index-significant. */
    g_assert_cmpint(x86_cpuid_find(&t, 0xb, 1)->flags, ==,
                    X86_CPUID_FLAG_SIGNIFICANT_INDEX);
    g_assert_cmpint(x86_cpuid_find(&t, 1, 0)->flags, ==, 0);
}

/* -smp 4,sockets=2,cores=2: the package has 2 logical processors. */
static void test_qemu64_sockets_cores(void)
{
    struct x86_topology topo = { .sockets = 2, .dies = 1, .cores = 2,
                                 .threads = 1 };
    struct x86_cpuid_table t;

    build("qemu64", &topo, 0, &t);
    check_leaf(&t, 1, 0, 0x00060fb1, 0x00020800, 0x80002001, 0x178bfbfd);
    check_leaf(&t, 0xb, 0, 0, 1, 0x100, 0);
    check_leaf(&t, 0xb, 1, 1, 2, 0x201, 0);
    /* CmpLegacy (bit 1) on a non-Intel vendor with > 1 thread/package */
    check_leaf(&t, 0x80000001, 0, 0x00060fb1, 0, 0x00000007, 0x2193fbfd);
    check_leaf(&t, 0x80000008, 0, 0x00003028, 0, 0x00001001, 0);

    build("qemu64", &topo, 3, &t);
    check_leaf(&t, 1, 0, 0x00060fb1, 0x03020800, 0x80002001, 0x178bfbfd);
    check_leaf(&t, 0xb, 0, 0, 1, 0x100, 3);
    check_leaf(&t, 0xb, 1, 1, 2, 0x201, 3);
}

/* -smp 4,sockets=1,cores=2,threads=2 */
static void test_qemu64_cores_threads(void)
{
    struct x86_topology topo = { 1, 1, 2, 2 };
    struct x86_cpuid_table t;

    build("qemu64", &topo, 2, &t);
    check_leaf(&t, 1, 0, 0x00060fb1, 0x02040800, 0x80002001, 0x178bfbfd);
    check_leaf(&t, 0xb, 0, 1, 2, 0x100, 2);
    check_leaf(&t, 0xb, 1, 2, 4, 0x201, 2);
    check_leaf(&t, 0x80000008, 0, 0x00003028, 0, 0x00002003, 0);
}

/* -smp 12,sockets=2,cores=3,threads=2: 3 cores take a 2-bit field. */
static void test_qemu64_odd_cores(void)
{
    struct x86_topology topo = { 2, 1, 3, 2 };
    struct x86_cpuid_table t;

    build("qemu64", &topo, 10, &t);
    check_leaf(&t, 1, 0, 0x00060fb1, 0x0a060800, 0x80002001, 0x178bfbfd);
    check_leaf(&t, 0xb, 0, 1, 2, 0x100, 10);
    check_leaf(&t, 0xb, 1, 3, 6, 0x201, 10);
    check_leaf(&t, 0x80000008, 0, 0x00003028, 0, 0x00003005, 0);
}

/*
 * -smp 8,sockets=1,dies=2,cores=2,threads=2. QEMU 7.2 counts logical
 * processors per package as cores * threads here (dies left out), and
 * does not raise the level to 0x1F for a non-Intel vendor.
 */
static void test_qemu64_dies(void)
{
    struct x86_topology topo = { 1, 2, 2, 2 };
    struct x86_cpuid_table t;

    build("qemu64", &topo, 5, &t);
    check_leaf(&t, 0, 0, 0x0000000d, AMD_EBX, AMD_ECX, AMD_EDX);
    check_leaf(&t, 1, 0, 0x00060fb1, 0x05040800, 0x80002001, 0x178bfbfd);
    check_leaf(&t, 0xb, 1, 3, 4, 0x201, 5);
    check_leaf(&t, 0x80000008, 0, 0x00003028, 0, 0x00003003, 0);
}

/* vendor=GenuineIntel turns on leaves 2 and 4, off CmpLegacy/aliases. */
static void test_vendor_override(void)
{
    struct x86_topology topo = { 1, 1, 2, 2 };
    struct x86_cpuid_table t;

    build("qemu64,vendor=GenuineIntel", &topo, 0, &t);
    check_leaf(&t, 0, 0, 0x0000000d, INTEL_EBX, INTEL_ECX, INTEL_EDX);
    check_leaf(&t, 2, 0, 1, 0, 0x0000004d, 0x002c307d);
    check_leaf(&t, 4, 0, 0x04000121, 0x01c0003f, 0x0000003f, 1);
    check_leaf(&t, 4, 1, 0x04000122, 0x01c0003f, 0x0000003f, 1);
    check_leaf(&t, 4, 2, 0x04004143, 0x03c0003f, 0x00000fff, 1);
    check_leaf(&t, 4, 3, 0x0400c163, 0x03c0003f, 0x00003fff, 6);
    check_no_leaf(&t, 4, 4);
    check_leaf(&t, 0x80000000, 0, 0x8000000a, INTEL_EBX, INTEL_ECX,
               INTEL_EDX);
    check_leaf(&t, 0x80000001, 0, 0x00060fb1, 0, 0x00000005, 0x20100800);
}

static void test_kvm64(void)
{
    struct x86_topology topo = { 2, 1, 2, 1 };
    struct x86_cpuid_table t;

    build("kvm64,-vme", &topo, 0, &t);
    check_leaf(&t, 0, 0, 0x0000000d, INTEL_EBX, INTEL_ECX, INTEL_EDX);
    check_leaf(&t, 1, 0, 0x00000f61, 0x00020800, 0x80002001, 0x178bfbfd);
    check_leaf(&t, 4, 2, 0x04000143, 0x03c0003f, 0x00000fff, 1);
    check_leaf(&t, 4, 3, 0x04004163, 0x03c0003f, 0x00003fff, 6);
    check_leaf(&t, 0x80000000, 0, 0x80000008, INTEL_EBX, INTEL_ECX,
               INTEL_EDX);
    check_leaf(&t, 0x80000001, 0, 0x00000f61, 0, 0, 0x20100800);
    check_leaf(&t, 0x80000002, 0, 0x6d6d6f43, 0x4b206e6f, 0x70204d56,
               0x65636f72);
    check_leaf(&t, 0x80000003, 0, 0x726f7373, 0, 0, 0);
    check_leaf(&t, 0x80000008, 0, 0x00003028, 0, 0x00001001, 0);
    check_no_leaf(&t, 0x8000000a, 0);
}

#define SKYLAKE_TCG "Skylake-Client,-vme,-pcid,-x2apic,-tsc-deadline,-hle," \
                    "-invpcid,-rtm,-rdseed,-3dnowprefetch,-xsavec"

static void test_skylake(void)
{
    struct x86_cpuid_table t;

    build(SKYLAKE_TCG, &one_cpu, 0, &t);
    check_leaf(&t, 0, 0, 0x0000000d, INTEL_EBX, INTEL_ECX, INTEL_EDX);
    check_leaf(&t, 1, 0, 0x000506e3, 0x00000800, 0xf6d83203, 0x078bfbfd);
    check_leaf(&t, 4, 0, 0x00000121, 0x01c0003f, 0x0000003f, 1);
    check_leaf(&t, 4, 3, 0x00000163, 0x03c0003f, 0x00003fff, 6);
    check_leaf(&t, 6, 0, 4, 0, 0, 0);
    check_leaf(&t, 7, 0, 0, 0x001803a9, 0, 0);
    check_leaf(&t, 0xd, 0, 7, 0x240, 0x340, 0);
    check_leaf(&t, 0xd, 1, 5, 0x340, 0, 0);
    check_leaf(&t, 0xd, 2, 0x100, 0x240, 0, 0);
    check_no_leaf(&t, 0xd, 3);
    check_leaf(&t, 0x80000001, 0, 0x000506e3, 0, 0x00000021, 0x28100800);
    check_leaf(&t, 0x80000002, 0, 0x65746e49, 0x6f43206c, 0x50206572,
               0x65636f72);
    check_leaf(&t, 0x80000003, 0, 0x726f7373, 0x6b532820, 0x6b616c79,
               0x00002965);
    check_leaf(&t, 0x80000008, 0, 0x00003028, 0, 0, 0);
}

/* An Intel model with dies > 1 gets leaf 0x1F (level raised to 0x1F). */
static void test_skylake_dies(void)
{
    struct x86_topology topo = { 1, 2, 2, 2 };
    struct x86_cpuid_table t;

    build(SKYLAKE_TCG, &topo, 6, &t);
    check_leaf(&t, 0, 0, 0x0000001f, INTEL_EBX, INTEL_ECX, INTEL_EDX);
    check_leaf(&t, 1, 0, 0x000506e3, 0x06040800, 0xf6d83203, 0x178bfbfd);
    check_leaf(&t, 4, 0, 0x04000121, 0x01c0003f, 0x0000003f, 1);
    check_leaf(&t, 4, 2, 0x04004143, 0x03c0003f, 0x00000fff, 1);
    check_leaf(&t, 4, 3, 0x0400c163, 0x03c0003f, 0x00003fff, 6);
    check_leaf(&t, 0xb, 0, 1, 2, 0x100, 6);
    check_leaf(&t, 0xb, 1, 3, 4, 0x201, 6);
    check_leaf(&t, 0x1f, 0, 1, 2, 0x100, 6);
    check_leaf(&t, 0x1f, 1, 2, 4, 0x201, 6);
    check_leaf(&t, 0x1f, 2, 3, 8, 0x502, 6);
    check_no_leaf(&t, 0x1f, 3);
    check_leaf(&t, 0x80000008, 0, 0x00003028, 0, 0x00003003, 0);
}

#define EPYC_TCG "EPYC,-vme,-rdseed,-sha-ni,-fxsr-opt,-misalignsse," \
                 "-3dnowprefetch,-osvw,-topoext,-nrip-save,-xsavec"

static void test_epyc(void)
{
    struct x86_topology topo = { 1, 1, 2, 2 };
    struct x86_cpuid_table t;
    FILE *f = capture_begin();
    g_autofree char *out = NULL;

    build(EPYC_TCG, &topo, 3, &t);
    out = capture_end(f);
    g_assert_cmpstr(out, ==, "qemu-system-x86_64: warning: This family of "
                    "AMD CPU doesn't support hyperthreading(2)\nPlease "
                    "configure -smp options properly or try enabling "
                    "topoext feature.\n");
    check_leaf(&t, 1, 0, 0x00800f12, 0x03040800, 0xf6d8320b, 0x178bfbfd);
    check_no_leaf(&t, 4, 0);
    check_leaf(&t, 7, 0, 0, 0x009801a9, 0, 0);
    check_leaf(&t, 0xd, 0, 7, 0x240, 0x340, 0);
    check_leaf(&t, 0xd, 1, 5, 0x340, 0, 0);
    check_leaf(&t, 0x80000000, 0, 0x8000001e, AMD_EBX, AMD_ECX, AMD_EDX);
    check_leaf(&t, 0x80000001, 0, 0x00800f12, 0, 0x00000077, 0x2dd3fbfd);
    check_leaf(&t, 0x80000002, 0, 0x20444d41, 0x43595045, 0x6f725020,
               0x73736563);
    check_leaf(&t, 0x80000003, 0, 0x0000726f, 0, 0, 0);
    check_leaf(&t, 0x80000005, 0, 0x01ff01ff, 0x01ff01ff, 0x20080140,
               0x40040140);
    check_leaf(&t, 0x80000006, 0, 0, 0x42004200, 0x02006140, 0x00408140);
    check_leaf(&t, 0x80000008, 0, 0x00003028, 0, 0x00002003, 0);
    check_leaf(&t, 0x8000000a, 0, 1, 0x10, 0, 1);
    check_leaf(&t, 0x8000001d, 0, 0x00004121, 0x01c0003f, 0x0000003f, 1);
    check_leaf(&t, 0x8000001d, 1, 0x00004122, 0x00c0003f, 0x000000ff, 1);
    check_leaf(&t, 0x8000001d, 2, 0x00004043, 0x01c0003f, 0x000003ff, 0);
    check_leaf(&t, 0x8000001d, 3, 0x0000c163, 0x03c0003f, 0x00001fff, 6);
    check_no_leaf(&t, 0x8000001d, 4);
    check_leaf(&t, 0x8000001e, 0, 3, 0x101, 0, 0);
    check_leaf(&t, 0x8000000f, 0, 0, 0, 0, 0);
}

/* -smp 8,sockets=2,dies=2,cores=1,threads=2: node IDs in 0x8000001E. */
static void test_epyc_dies(void)
{
    static const uint32_t ecx_by_apic[8] = {
        0x100, 0x100, 0x101, 0x101, 0x102, 0x102, 0x103, 0x103,
    };
    struct x86_topology topo = { 2, 2, 1, 2 };
    struct x86_cpuid_table t;
    FILE *f = capture_begin();

    for (uint32_t apic = 0; apic < 8; apic++) {
        build(EPYC_TCG, &topo, apic, &t);
        check_leaf(&t, 0x8000001e, 0, apic, 0x100, ecx_by_apic[apic], 0);
    }
    g_free(capture_end(f));
    check_leaf(&t, 1, 0, 0x00800f12, 0x07020800, 0xf6d8320b, 0x178bfbfd);
    check_leaf(&t, 0xb, 1, 2, 2, 0x201, 7);
    check_leaf(&t, 0x80000008, 0, 0x00003028, 0, 0x00002001, 0);
    check_leaf(&t, 0x8000001d, 3, 0x00004163, 0x03c0003f, 0x00001fff, 6);
}

static void test_westmere(void)
{
    struct x86_cpuid_table t;

    build("Westmere,-vme", &one_cpu, 0, &t);
    check_leaf(&t, 0, 0, 0x0000000b, INTEL_EBX, INTEL_ECX, INTEL_EDX);
    check_leaf(&t, 1, 0, 0x000206c1, 0x00000800, 0x82982203, 0x078bfbfd);
    check_leaf(&t, 6, 0, 4, 0, 0, 0);
    check_leaf(&t, 0x80000001, 0, 0x000206c1, 0, 1, 0x20100800);
    check_leaf(&t, 0x80000002, 0, 0x74736557, 0x6572656d, 0x36354520,
               0x4c2f7878);
    check_leaf(&t, 0x80000003, 0, 0x78783635, 0x3635582f, 0x28207878,
               0x6168654e);
    check_leaf(&t, 0x80000004, 0, 0x2d6d656c, 0x00002943, 0, 0);
    check_no_leaf(&t, 0xc, 0);
}

static void test_brand_string(void)
{
    struct x86_cpuid_table t;
    char brand[49] = { 0 };

    build("qemu64,model-id=My CPU", &one_cpu, 0, &t);
    check_leaf(&t, 0x80000002, 0, 0x4320794d, 0x00005550, 0, 0);
    check_leaf(&t, 0x80000003, 0, 0, 0, 0, 0);

    /* Longer than 48 characters: cut at 48, no terminator in CPUID. */
    build("qemu64,model-id=0123456789abcdef0123456789abcdef0123456789abcdefXYZ",
          &one_cpu, 0, &t);
    for (int i = 0; i < 3; i++) {
        const struct x86_cpuid_entry *e =
            x86_cpuid_find(&t, 0x80000002 + i, 0);
        uint32_t r[4] = { e->eax, e->ebx, e->ecx, e->edx };

        memcpy(brand + 16 * i, r, 16);
    }
    g_assert_cmpstr(brand, ==,
                    "0123456789abcdef0123456789abcdef0123456789abcdef");
}

static void test_family_model_stepping(void)
{
    struct x86_cpuid_table t;

    build("qemu64,family=6,model=0x5e,stepping=3", &one_cpu, 0, &t);
    check_leaf(&t, 1, 0, 0x000506e3, 0x800, 0x80002001, 0x078bfbfd);
    build("qemu64,family=270,model=255,stepping=15", &one_cpu, 0, &t);
    g_assert_cmphex(x86_cpuid_find(&t, 1, 0)->eax, ==, 0x0fff0fff);
    build("qemu64,family=25", &one_cpu, 0, &t);
    g_assert_cmphex(x86_cpuid_find(&t, 0x80000001, 0)->eax, ==, 0x00a60fb1);
}

static void test_levels(void)
{
    struct x86_cpuid_table t;

    /* Explicit levels win over the model's. */
    build("qemu64,level=7,xlevel=0x80000008", &one_cpu, 0, &t);
    check_leaf(&t, 0, 0, 7, AMD_EBX, AMD_ECX, AMD_EDX);
    check_no_leaf(&t, 0xb, 0);
    check_leaf(&t, 0x80000000, 0, 0x80000008, AMD_EBX, AMD_ECX, AMD_EDX);
    check_no_leaf(&t, 0x8000000a, 0);
    /* Features raise the automatic level: 7.1 needs leaf 7 sub-leaf 1. */
    build("qemu32,+avx512-bf16", &one_cpu, 0, &t);
    check_leaf(&t, 0, 0, 7, INTEL_EBX, INTEL_ECX, INTEL_EDX);
    check_leaf(&t, 7, 0, 1, 0, 0, 0);
    check_leaf(&t, 7, 1, 0x20, 0, 0, 0);
    /* ... and the svm flag raises xlevel to 0x8000000A. */
    build("qemu32,+svm", &one_cpu, 0, &t);
    check_leaf(&t, 0x8000000a, 0, 1, 0x10, 0, 0);
    /* min-level replaces the model's floor; features still raise it */
    build("qemu32,min-level=2", &one_cpu, 0, &t);
    check_leaf(&t, 0, 0, 2, INTEL_EBX, INTEL_ECX, INTEL_EDX);
    build("qemu32,min-level=6", &one_cpu, 0, &t);
    check_leaf(&t, 0, 0, 6, INTEL_EBX, INTEL_ECX, INTEL_EDX);
}

static void test_xsave_components(void)
{
    struct x86_cpuid_table t;

    /* QEMU 7.2 TCG max showed these for x87|SSE|AVX|MPX|PKRU. */
    build("qemu64,+xsave,+avx,+mpx,+pku,+xsaveopt,+xgetbv1", &one_cpu, 0,
          &t);
    check_leaf(&t, 0xd, 0, 0x21f, 0x240, 0xa88, 0);
    check_leaf(&t, 0xd, 1, 5, 0x3c8, 0, 0);
    check_leaf(&t, 0xd, 2, 0x100, 0x240, 0, 0);
    check_leaf(&t, 0xd, 3, 0x40, 0x3c0, 0, 0);
    check_leaf(&t, 0xd, 4, 0x40, 0x400, 0, 0);
    check_leaf(&t, 0xd, 9, 8, 0xa80, 0, 0);
    check_no_leaf(&t, 0xd, 5);
    /* avx without xsave: no leaf 0xD at all */
    build("qemu64,+avx", &one_cpu, 0, &t);
    check_no_leaf(&t, 0xd, 0);
}

/* max without an accelerator: every flag, QEMU's TCG identity. */
static void test_max_no_accel(void)
{
    struct x86_cpuid_table t;

    build("max", &one_cpu, 0, &t);
    check_leaf(&t, 0x80000002, 0, 0x554d4551, 0x47435420, 0x55504320,
               0x72657620);
    g_assert_cmphex(x86_cpuid_find(&t, 1, 0)->eax, ==, 0x00060fb1);
    /* la57 makes the virtual address width 57 */
    g_assert_cmphex(x86_cpuid_find(&t, 0x80000008, 0)->eax, ==, 0x3928);
    /* ht and topoext are never switched on implicitly */
    g_assert_false(x86_cpuid_find(&t, 1, 0)->edx & (1u << 28));
    g_assert_false(x86_cpuid_find(&t, 0x80000001, 0)->ecx & (1u << 22));
    g_assert_true(x86_cpuid_find(&t, 1, 0)->ecx & (1u << 31));
}

/* QEMU's APIC ID packing: each field rounded up to a power of two. */
static void test_apic_ids(void)
{
    static const struct {
        struct x86_topology topo;
        uint32_t ids[12];
        unsigned n;
    } cases[] = {
        { { 2, 1, 2, 1 }, { 0, 1, 2, 3 }, 4 },
        { { 1, 1, 2, 2 }, { 0, 1, 2, 3 }, 4 },
        { { 2, 1, 3, 2 }, { 0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13 }, 12 },
        { { 3, 1, 1, 1 }, { 0, 1, 2 }, 3 },
        { { 1, 1, 3, 1 }, { 0, 1, 2 }, 3 },
        { { 2, 1, 1, 3 }, { 0, 1, 2, 4, 5, 6 }, 6 },
        { { 2, 2, 1, 2 }, { 0, 1, 2, 3, 4, 5, 6, 7 }, 8 },
        { { 2, 3, 3, 1 }, { 0, 1, 2, 4, 5, 6, 8, 9, 10, 16, 17, 18 }, 12 },
        { { 0, 0, 0, 0 }, { 0 }, 1 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        for (unsigned j = 0; j < cases[i].n; j++) {
            g_assert_cmpuint(x86_apic_id_from_index(&cases[i].topo, j), ==,
                             cases[i].ids[j]);
        }
    }
}

/* Leaves past the maximum read as the highest basic leaf (SDM, QEMU). */
static void test_query_out_of_range(void)
{
    struct x86_cpu_config *cfg = parse_ok("qemu64,+xsave");
    uint32_t r[4], top[4];
    Error *err = NULL;

    g_assert_cmpint(x86_cpu_cpuid_query(cfg, NULL, &one_cpu, 0, 0xd, 0,
                                        top, &err), ==, 0);
    g_assert_cmpint(x86_cpu_cpuid_query(cfg, NULL, &one_cpu, 0, 0x8000000b,
                                        0, r, &err), ==, 0);
    g_assert_cmpmem(r, sizeof(r), top, sizeof(top));
    g_assert_cmpint(x86_cpu_cpuid_query(cfg, NULL, &one_cpu, 0, 0x40000002,
                                        0, r, &err), ==, 0);
    g_assert_cmpmem(r, sizeof(r), top, sizeof(top));
    x86_cpu_config_free(cfg);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86-cpuid/qemu64/leaves", test_qemu64_leaves);
    g_test_add_func("/x86-cpuid/qemu64/sockets-cores",
                    test_qemu64_sockets_cores);
    g_test_add_func("/x86-cpuid/qemu64/cores-threads",
                    test_qemu64_cores_threads);
    g_test_add_func("/x86-cpuid/qemu64/odd-cores", test_qemu64_odd_cores);
    g_test_add_func("/x86-cpuid/qemu64/dies", test_qemu64_dies);
    g_test_add_func("/x86-cpuid/vendor-override", test_vendor_override);
    g_test_add_func("/x86-cpuid/kvm64", test_kvm64);
    g_test_add_func("/x86-cpuid/skylake", test_skylake);
    g_test_add_func("/x86-cpuid/skylake-dies", test_skylake_dies);
    g_test_add_func("/x86-cpuid/epyc", test_epyc);
    g_test_add_func("/x86-cpuid/epyc-dies", test_epyc_dies);
    g_test_add_func("/x86-cpuid/westmere", test_westmere);
    g_test_add_func("/x86-cpuid/brand-string", test_brand_string);
    g_test_add_func("/x86-cpuid/family-model-stepping",
                    test_family_model_stepping);
    g_test_add_func("/x86-cpuid/levels", test_levels);
    g_test_add_func("/x86-cpuid/xsave-components", test_xsave_components);
    g_test_add_func("/x86-cpuid/max-no-accel", test_max_no_accel);
    g_test_add_func("/x86-cpuid/apic-ids", test_apic_ids);
    g_test_add_func("/x86-cpuid/query-out-of-range",
                    test_query_out_of_range);
    return g_test_run();
}
