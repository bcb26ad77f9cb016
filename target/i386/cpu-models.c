/*
 * x86 CPU model definitions and cache descriptions.
 *
 * Each model is the version 1 ("-v1") definition of the QEMU 7.2 model of
 * the same name: vendor, family/model/stepping, CPUID levels, feature set
 * and brand string, cross-checked by booting a CPUID-dumping guest under
 * the reference QEMU with TCG (see docs/system/cpu-models.md). Features
 * are written as -cpu flag names, resolved through cpu-features.c.
 */
#include "qemu/osdep.h"
#include "cpu-internal.h"

/* Pentium Pro baseline shared by the QEMU/KVM generic models. */
#define PPRO "fpu de pse tsc msr mce cx8 pge cmov pat fxsr mmx sse sse2 " \
             "pae sep apic "
/* The CPUID.01H:EDX set of every "real" model since Conroe. */
#define CORE_EDX PPRO "vme mtrr mca pse36 clflush "

#define QEMU_MODEL_ID "QEMU Virtual CPU version 2.5+"

/* QEMU's legacy caches as leaves 2 and 4 describe them. */
static const struct x86_cache_info legacy_l1d = {
    .type = X86_CACHE_DATA, .level = 1, .size = 32 * KiB, .line_size = 64,
    .associativity = 8, .partitions = 1, .sets = 64, .self_init = true,
    .no_invd_sharing = true, .descriptor = 0x2c,
};
static const struct x86_cache_info legacy_l1i = {
    .type = X86_CACHE_INST, .level = 1, .size = 32 * KiB, .line_size = 64,
    .associativity = 8, .partitions = 1, .sets = 64, .self_init = true,
    .no_invd_sharing = true, .descriptor = 0x30,
};
/* Leaf 2 says 2 MiB 8-way (descriptor 0x7d) while leaf 4 says 4 MiB. */
static const struct x86_cache_info legacy_l2 = {
    .type = X86_CACHE_UNIFIED, .level = 2, .size = 4 * MiB, .line_size = 64,
    .associativity = 16, .partitions = 1, .sets = 4096, .self_init = true,
    .no_invd_sharing = true, .descriptor = 0x7d,
};
static const struct x86_cache_info legacy_l3 = {
    .type = X86_CACHE_UNIFIED, .level = 3, .size = 16 * MiB,
    .line_size = 64, .associativity = 16, .partitions = 1, .sets = 16384,
    .lines_per_tag = 1, .self_init = true, .inclusive = true,
    .complex_indexing = true, .descriptor = 0x4d,
};

/* ... and as the AMD leaves 0x80000005/6 describe them. */
static const struct x86_cache_info legacy_l1d_amd = {
    .type = X86_CACHE_DATA, .level = 1, .size = 64 * KiB, .line_size = 64,
    .associativity = 2, .partitions = 1, .sets = 512, .lines_per_tag = 1,
    .self_init = true, .no_invd_sharing = true,
};
static const struct x86_cache_info legacy_l1i_amd = {
    .type = X86_CACHE_INST, .level = 1, .size = 64 * KiB, .line_size = 64,
    .associativity = 2, .partitions = 1, .sets = 512, .lines_per_tag = 1,
    .self_init = true, .no_invd_sharing = true,
};
static const struct x86_cache_info legacy_l2_amd = {
    .type = X86_CACHE_UNIFIED, .level = 2, .size = 512 * KiB,
    .line_size = 64, .associativity = 16, .partitions = 1, .sets = 512,
    .lines_per_tag = 1,
};

const struct x86_cache_set x86_legacy_caches_intel = {
    &legacy_l1d, &legacy_l1i, &legacy_l2, &legacy_l3,
};
const struct x86_cache_set x86_legacy_caches_amd = {
    &legacy_l1d_amd, &legacy_l1i_amd, &legacy_l2_amd, &legacy_l3,
};

/* EPYC (Zen 1) caches, used by every cache leaf of that model. */
static const struct x86_cache_info epyc_l1d = {
    .type = X86_CACHE_DATA, .level = 1, .size = 32 * KiB, .line_size = 64,
    .associativity = 8, .partitions = 1, .sets = 64, .lines_per_tag = 1,
    .self_init = true, .no_invd_sharing = true,
};
static const struct x86_cache_info epyc_l1i = {
    .type = X86_CACHE_INST, .level = 1, .size = 64 * KiB, .line_size = 64,
    .associativity = 4, .partitions = 1, .sets = 256, .lines_per_tag = 1,
    .self_init = true, .no_invd_sharing = true,
};
static const struct x86_cache_info epyc_l2 = {
    .type = X86_CACHE_UNIFIED, .level = 2, .size = 512 * KiB,
    .line_size = 64, .associativity = 8, .partitions = 1, .sets = 1024,
    .lines_per_tag = 1,
};
static const struct x86_cache_info epyc_l3 = {
    .type = X86_CACHE_UNIFIED, .level = 3, .size = 8 * MiB, .line_size = 64,
    .associativity = 16, .partitions = 1, .sets = 8192, .lines_per_tag = 1,
    .self_init = true, .inclusive = true, .complex_indexing = true,
};
static const struct x86_cache_set epyc_caches = {
    &epyc_l1d, &epyc_l1i, &epyc_l2, &epyc_l3,
};

const struct x86_cpu_model x86_cpu_models[] = {
    {
        .name = "qemu64", .level = 0xd, .xlevel = 0x8000000A,
        .vendor = X86_VENDOR_AMD, .family = 15, .model = 107, .stepping = 1,
        .flags = PPRO "mtrr clflush mca pse36 pni cx16 "
                 "lm syscall nx lahf-lm svm",
        .model_id = QEMU_MODEL_ID,
    },
    {
        .name = "qemu32", .level = 4, .xlevel = 0x80000004,
        .vendor = X86_VENDOR_INTEL, .family = 6, .model = 6, .stepping = 3,
        .flags = PPRO "pni",
        .model_id = QEMU_MODEL_ID,
    },
    {
        .name = "kvm64", .level = 0xd, .xlevel = 0x80000008,
        .vendor = X86_VENDOR_INTEL, .family = 15, .model = 6, .stepping = 1,
        .flags = PPRO "vme mtrr clflush mca pse36 pni cx16 lm syscall nx",
        .model_id = "Common KVM processor",
    },
    {
        .name = "kvm32", .level = 5, .xlevel = 0x80000008,
        .vendor = X86_VENDOR_INTEL, .family = 15, .model = 6, .stepping = 1,
        .flags = PPRO "vme mtrr clflush mca pse36 pni",
        .model_id = "Common 32-bit KVM processor",
    },
    {
        .name = "Westmere", .level = 11, .xlevel = 0x80000008,
        .vendor = X86_VENDOR_INTEL, .family = 6, .model = 44, .stepping = 1,
        .flags = CORE_EDX "pni pclmulqdq ssse3 cx16 sse4.1 sse4.2 popcnt "
                 "aes lm syscall nx lahf-lm arat",
        .model_id = "Westmere E56xx/L56xx/X56xx (Nehalem-C)",
    },
    {
        .name = "Skylake-Client", .level = 0xd, .xlevel = 0x80000008,
        .vendor = X86_VENDOR_INTEL, .family = 6, .model = 94, .stepping = 3,
        .flags = CORE_EDX "pni pclmulqdq ssse3 fma cx16 pcid sse4.1 sse4.2 "
                 "x2apic movbe popcnt tsc-deadline aes xsave avx f16c "
                 "rdrand lm syscall nx rdtscp lahf-lm abm 3dnowprefetch "
                 "fsgsbase bmi1 hle avx2 smep bmi2 erms invpcid rtm "
                 "rdseed adx smap xsaveopt xsavec xgetbv1 arat",
        .model_id = "Intel Core Processor (Skylake)",
    },
    {
        .name = "EPYC", .level = 0xd, .xlevel = 0x8000001E,
        .vendor = X86_VENDOR_AMD, .family = 23, .model = 1, .stepping = 2,
        .flags = CORE_EDX "pni pclmulqdq monitor ssse3 fma cx16 sse4.1 "
                 "sse4.2 movbe popcnt aes xsave avx f16c rdrand "
                 "lm syscall nx mmxext fxsr-opt pdpe1gb rdtscp "
                 "lahf-lm svm cr8legacy abm sse4a misalignsse "
                 "3dnowprefetch osvw topoext npt nrip-save "
                 "fsgsbase bmi1 avx2 smep bmi2 rdseed adx smap clflushopt "
                 "sha-ni xsaveopt xsavec xgetbv1 arat",
        .model_id = "AMD EPYC Processor",
        .caches = &epyc_caches,
    },
    {
        .name = "base", .kind = X86_MODEL_BASE,
        .vendor = "", .flags = "", .model_id = "",
        .description = "base CPU model type with no features enabled",
    },
    {
        .name = "host", .kind = X86_MODEL_HOST,
        .vendor = X86_VENDOR_AMD, .flags = "",
        .model_id = "QEMU TCG CPU version 2.5+",
        .description = "processor with all supported host features ",
    },
    {
        .name = "max", .kind = X86_MODEL_MAX,
        .vendor = X86_VENDOR_AMD, .flags = "",
        .model_id = "QEMU TCG CPU version 2.5+",
        .description = "Enables all features supported by the accelerator "
                       "in the current host",
    },
};

const size_t x86_cpu_models_count = ARRAY_SIZE(x86_cpu_models);

const struct x86_cpu_model *x86_cpu_model_find(const char *name)
{
    for (size_t i = 0; i < x86_cpu_models_count; i++) {
        const struct x86_cpu_model *m = &x86_cpu_models[i];
        size_t len = strlen(m->name);

        if (!strcmp(name, m->name)) {
            return m;
        }
        /* Every table model has exactly one version, "-v1". */
        if (m->kind == X86_MODEL_NAMED && !strncmp(name, m->name, len) &&
            !strcmp(name + len, "-v1")) {
            return m;
        }
    }
    return NULL;
}

void x86_cpu_model_features(const struct x86_cpu_model *m,
                            uint32_t features[FW_COUNT])
{
    char **names = g_strsplit(m->flags, " ", -1);

    memset(features, 0, FW_COUNT * sizeof(features[0]));
    for (char **n = names; *n; n++) {
        enum x86_fw word;
        uint32_t mask;

        if (!**n) {
            continue;
        }
        /* A typo in the table above: caught by the unit tests. */
        if (!x86_feat_lookup(*n, &word, &mask)) {
            g_error("CPU model %s: unknown flag '%s'", m->name, *n);
        }
        features[word] |= mask;
    }
    g_strfreev(names);
}
