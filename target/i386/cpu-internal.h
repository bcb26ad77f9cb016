/*
 * x86 CPU models: what cpu.c, cpu-features.c, cpu-models.c and
 * cpu-cpuid.c share. Not part of the public interface
 * (include/target/i386/cpu.h).
 */
#ifndef TARGET_I386_CPU_INTERNAL_H
#define TARGET_I386_CPU_INTERNAL_H

#include "qemu/osdep.h"
#include "target/i386/cpu.h"

/*
 * Feature words: one 32-bit CPUID register each. The order is QEMU 7.2's
 * FeatureWord order, which is the order its filter warnings come out in.
 */
enum x86_fw {
    FW_1_EDX,
    FW_1_ECX,
    FW_7_0_EBX,
    FW_7_0_ECX,
    FW_7_0_EDX,
    FW_7_1_EAX,
    FW_8000_0001_EDX,
    FW_8000_0001_ECX,
    FW_8000_0007_EDX,
    FW_8000_0008_EBX,
    FW_C000_0001_EDX,
    FW_KVM,             /* 0x40000001 EAX: KVM paravirtual features */
    FW_KVM_HINTS,       /* 0x40000001 EDX */
    FW_SVM,             /* 0x8000000A EDX */
    FW_XSAVE,           /* 0xD.1 EAX */
    FW_6_EAX,
    FW_COUNT
};

enum x86_reg { X86_EAX, X86_EBX, X86_ECX, X86_EDX };

struct x86_fw_info {
    uint32_t leaf;
    uint32_t subleaf;
    enum x86_reg reg;
    uint32_t no_autoenable;     /* never switched on by host/max */
    uint32_t unmigratable;      /* left out of host/max with migratable=on */
};

extern const struct x86_fw_info x86_fw_info[FW_COUNT];

/* One named feature bit. A name may appear on several rows (kvmclock). */
struct x86_feat_name {
    enum x86_fw word;
    uint8_t bit;
    const char *name;
};

extern const struct x86_feat_name x86_feat_names[];
extern const size_t x86_feat_names_count;

/*
 * Resolve a feature property name: canonical names and QEMU's aliases
 * (sse3 = pni, lahf_lm = lahf-lm, ...), exactly as given (no '_' to '-'
 * folding: the caller does that where QEMU does). On success sets *word
 * and *mask (all bits carrying that name).
 */
bool x86_feat_lookup(const char *name, enum x86_fw *word, uint32_t *mask);
/* Name of a bit, or NULL. */
const char *x86_feat_bit_name(enum x86_fw word, unsigned bit);
/* "CPUID.01H:ECX" for a word (QEMU's feature_word_description). */
void x86_fw_describe(enum x86_fw word, char *buf, size_t len);

/* CPUID.01H:EDX bits that AMD mirrors in CPUID.80000001H:EDX. */
#define X86_AMD_ALIAS_MASK 0x0183f3ffu

/* Bits the CPUID code refers to by name. */
#define X86_1_EDX_HT            (1u << 28)
#define X86_1_ECX_PDCM          (1u << 15)
#define X86_1_ECX_X2APIC        (1u << 21)
#define X86_1_ECX_TSC_DEADLINE  (1u << 24)
#define X86_1_ECX_XSAVE         (1u << 26)
#define X86_1_ECX_AVX           (1u << 28)
#define X86_1_ECX_HYPERVISOR    (1u << 31)
#define X86_1_EDX_PAE           (1u << 6)
#define X86_1_EDX_PSE36         (1u << 17)
#define X86_7_0_EBX_SGX         (1u << 2)
#define X86_7_0_EBX_MPX         (1u << 14)
#define X86_7_0_EBX_AVX512F     (1u << 16)
#define X86_7_0_ECX_PKU         (1u << 3)
#define X86_7_0_ECX_LA57        (1u << 16)
#define X86_7_0_ECX_SGXLC       (1u << 30)
#define X86_7_0_EDX_AMX_TILE    (1u << 24)
#define X86_EXT2_LM             (1u << 29)
#define X86_EXT3_CMP_LEGACY     (1u << 1)
#define X86_EXT3_SVM            (1u << 2)
#define X86_KVM_PV_UNHALT       (1u << 7)
#define X86_KVM_MSI_EXT_DEST_ID (1u << 15)

/* Cache description, as CPUID leaves 2, 4, 0x80000005/6 and 0x8000001D
 * encode it. */
enum x86_cache_type { X86_CACHE_DATA = 1, X86_CACHE_INST = 2,
                      X86_CACHE_UNIFIED = 3 };

struct x86_cache_info {
    enum x86_cache_type type;
    uint8_t level;
    uint32_t size;              /* bytes */
    uint16_t line_size;
    uint16_t associativity;
    uint16_t partitions;
    uint32_t sets;
    uint8_t lines_per_tag;      /* 0x80000005/6 only */
    bool self_init;
    bool no_invd_sharing;
    bool inclusive;
    bool complex_indexing;
    uint8_t descriptor;         /* CPUID.2 descriptor byte */
};

struct x86_cache_set {
    const struct x86_cache_info *l1d, *l1i, *l2, *l3;
};

/* QEMU's "legacy" caches: leaves 2/4 and the AMD leaves disagree. */
extern const struct x86_cache_set x86_legacy_caches_intel;
extern const struct x86_cache_set x86_legacy_caches_amd;

enum x86_model_kind {
    X86_MODEL_NAMED,            /* a table model, e.g. qemu64 */
    X86_MODEL_BASE,
    X86_MODEL_HOST,
    X86_MODEL_MAX,
};

struct x86_cpu_model {
    const char *name;
    enum x86_model_kind kind;
    uint32_t level, xlevel;
    const char *vendor;         /* 12 characters */
    int family, model, stepping;
    const char *flags;          /* -cpu flag names, space separated */
    const char *model_id;
    const struct x86_cache_set *caches;  /* NULL: legacy caches */
    const char *description;    /* -cpu help text for base/host/max */
};

extern const struct x86_cpu_model x86_cpu_models[];
extern const size_t x86_cpu_models_count;

/* Find a model by name, accepting "NAME-v1" for table models. */
const struct x86_cpu_model *x86_cpu_model_find(const char *name);
/* The model's feature words (its flag names resolved). */
void x86_cpu_model_features(const struct x86_cpu_model *m,
                            uint32_t features[FW_COUNT]);

/* One flag setting from -cpu, applied in command-line order. */
struct x86_feat_setting {
    enum x86_fw word;
    uint32_t mask;
    bool on;
};

/* A parsed -cpu string (opaque in the public header). */
struct x86_cpu_config {
    char *model_name;           /* as written: QEMU's error texts use it */
    const struct x86_cpu_model *def;
    /* flag=on|off in order, then every +flag, then every -flag */
    GArray *settings;           /* of struct x86_feat_setting */
    GPtrArray *plus, *minus;    /* raw +/- names, for the ambiguity check */
    bool ambiguous;
    bool enforce, check;
    bool pmu;
    bool expose_kvm;            /* kvm=on: KVM signature leaves */
    bool l3_cache;
    bool host_phys_bits;
    bool migratable;            /* host/max only */
    char *vendor, *model_id;    /* NULL: the model's */
    int64_t family, model, stepping;            /* -1: the model's */
    int64_t level, xlevel, min_level, min_xlevel; /* -1: automatic */
    int64_t phys_bits;          /* 0: default */
    struct x86_accel_caps caps;
};

#define X86_VENDOR_INTEL "GenuineIntel"
#define X86_VENDOR_AMD   "AuthenticAMD"

/*
 * A CPU after the model, the user's properties and the accelerator have
 * been combined: everything CPUID encoding needs, per VM (not per vCPU).
 */
struct x86_cpu_state {
    uint32_t features[FW_COUNT];
    uint64_t xcr0;              /* XSAVE components (0xD.0 EDX:EAX) */
    uint32_t level, xlevel, xlevel2, level_func7;
    char vendor[13];
    uint32_t version;           /* CPUID.1 EAX */
    char model_id[49];
    uint32_t phys_bits;
    bool pmu;
    bool l3_cache;
    bool kvm;                   /* accelerator is KVM (supported given) */
    bool expose_kvm;            /* 0x40000000 KVM signature leaves */
    const struct x86_cache_set *caches;     /* leaves 2 and 4 */
    const struct x86_cache_set *caches_amd; /* 0x80000005/6, 0x8000001D */
    const struct x86_cpuid_table *supported;
};

/* Topology with QEMU's APIC ID field offsets. */
struct x86_topo_info {
    unsigned sockets, dies, cores, threads;     /* zero counts taken as 1 */
    unsigned core_offset, die_offset, pkg_offset;
};

void x86_topo_info_init(struct x86_topo_info *ti, const struct x86_topology *t);

/*
 * Logical processors per package as QEMU 7.2 counts them for CPUID.1
 * EBX, leaf 0xB and 0x80000008 ECX: cores * threads (dies left out).
 */
static inline unsigned x86_topo_threads_legacy(const struct x86_topo_info *ti)
{
    return ti->cores * ti->threads;
}

bool x86_vendor_is_amd(const struct x86_cpu_state *s);
bool x86_vendor_is_intel(const struct x86_cpu_state *s);

/* Supported value of a feature word (0 when the leaf is absent). */
uint32_t x86_supported_reg(const struct x86_cpuid_table *t, uint32_t leaf,
                           uint32_t subleaf, enum x86_reg reg);

/* QEMU's cpu_x86_cpuid(): the registers of one leaf for one vCPU. */
void x86_cpuid_leaf(const struct x86_cpu_state *s,
                    const struct x86_topo_info *topo, uint32_t apic_id,
                    uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);
/* The KVM_SET_CPUID2 table QEMU's kvm_arch_init_vcpu() would build. */
int x86_cpuid_fill_table(const struct x86_cpu_state *s,
                         const struct x86_topo_info *topo, uint32_t apic_id,
                         struct x86_cpuid_table *out, Error **errp);

/* XSAVE area size for a component mask (standard or compacted form). */
uint32_t x86_xsave_area_size(const struct x86_cpu_state *s, uint64_t mask,
                             bool compacted);
/* Build the state for one vCPU's view (see x86_cpu_build_cpuid). */
int x86_cpu_resolve(const struct x86_cpu_config *cfg,
                    const struct x86_cpuid_table *supported,
                    const struct x86_topo_info *topo, bool warn,
                    struct x86_cpu_state *s, Error **errp);
/* XSAVE components implied by the features (x87 and SSE always). */
uint64_t x86_xsave_components(const uint32_t *features);

#endif
