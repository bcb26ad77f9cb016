/*
 * From a parsed -cpu configuration to the CPU a vCPU sees: model, KVM
 * defaults, the user's flags, host/max expansion, feature dependencies,
 * filtering against what the accelerator supports, CPUID levels.
 *
 * The steps and their order are QEMU 7.2's (x86_cpu_load_model,
 * kvm_cpu_instance_init, global properties, x86_cpu_expand_features,
 * x86_cpu_filter_features, x86_cpu_realizefn); the warnings and errors
 * are worded as QEMU words them.
 */
#include "qemu/osdep.h"
#include "cpu-internal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#define X86_PHYS_BITS_DEFAULT   40      /* QEMU's TCG_PHYS_ADDR_BITS */
#define X86_PHYS_BITS_MIN       32
#define X86_PHYS_BITS_MAX       52      /* TARGET_PHYS_ADDR_SPACE_BITS */

uint32_t x86_supported_reg(const struct x86_cpuid_table *t, uint32_t leaf,
                           uint32_t subleaf, enum x86_reg reg)
{
    const struct x86_cpuid_entry *e = x86_cpuid_find(t, leaf, subleaf);

    if (!e) {
        return 0;
    }
    switch (reg) {
    case X86_EAX:
        return e->eax;
    case X86_EBX:
        return e->ebx;
    case X86_ECX:
        return e->ecx;
    case X86_EDX:
        return e->edx;
    }
    return 0;
}

/*
 * A supported feature word with QEMU's kvm_arch_get_supported_cpuid()
 * fix-ups: bits KVM can offer although KVM_GET_SUPPORTED_CPUID does not
 * list them, and bits that need an in-kernel LAPIC.
 */
static uint32_t supported_word(const struct x86_cpu_config *cfg,
                               const struct x86_cpuid_table *t,
                               enum x86_fw w)
{
    const struct x86_fw_info *wi = &x86_fw_info[w];
    uint32_t r = x86_supported_reg(t, wi->leaf, wi->subleaf, wi->reg);

    switch (w) {
    case FW_1_ECX:
        r |= X86_1_ECX_HYPERVISOR;
        if (cfg->caps.tsc_deadline) {
            r |= X86_1_ECX_TSC_DEADLINE;
        }
        if (!cfg->caps.irqchip_in_kernel) {
            r &= ~X86_1_ECX_X2APIC;
        }
        break;
    case FW_6_EAX:
        r |= 1u << 2;           /* arat: the LAPIC timer is emulated */
        break;
    case FW_8000_0001_ECX:
        r |= 1u << 22;          /* topoext is always safe to offer */
        break;
    case FW_8000_0001_EDX:
        /* Intel hosts report leaf 1's bits only in leaf 1. */
        r |= x86_supported_reg(t, 1, 0, X86_EDX) & X86_AMD_ALIAS_MASK;
        break;
    case FW_KVM:
        if (!cfg->caps.irqchip_in_kernel) {
            r &= ~X86_KVM_PV_UNHALT;
        }
        if (cfg->caps.irqchip_split) {
            r |= X86_KVM_MSI_EXT_DEST_ID;
        }
        break;
    case FW_KVM_HINTS:
        r |= 1u << 0;           /* KVM_HINTS_REALTIME is QEMU's to set */
        break;
    default:
        break;
    }
    return r;
}

static uint32_t named_bits(enum x86_fw w)
{
    uint32_t r = 0;

    for (size_t i = 0; i < x86_feat_names_count; i++) {
        if (x86_feat_names[i].word == w) {
            r |= 1u << x86_feat_names[i].bit;
        }
    }
    return r;
}

struct x86_identity {
    int64_t family, model, stepping;
    uint32_t min_level, min_xlevel, min_xlevel2;
};

static void regs_to_str(char *dst, const uint32_t *regs, int n)
{
    for (int i = 0; i < n * 4; i++) {
        dst[i] = regs[i / 4] >> (8 * (i % 4));
    }
    dst[n * 4] = '\0';
}

/* The brand string of the CPU we run on (zeros if there is none). */
static void host_brand(uint32_t brand[12])
{
#if defined(__x86_64__) || defined(__i386__)
    if (__get_cpuid_max(0x80000000, NULL) < 0x80000004) {
        return;
    }
    for (unsigned i = 0; i < 3; i++) {
        __get_cpuid(0x80000002 + i, &brand[4 * i], &brand[4 * i + 1],
                    &brand[4 * i + 2], &brand[4 * i + 3]);
    }
#endif
}

/* host and max under KVM take the host's identity, as QEMU does. */
static void load_host_identity(const struct x86_cpuid_table *t,
                               struct x86_cpu_state *s,
                               struct x86_identity *id)
{
    const struct x86_cpuid_entry *e = x86_cpuid_find(t, 0, 0);
    uint32_t brand[12];
    uint32_t v;

    if (e) {
        uint32_t vendor[3] = { e->ebx, e->edx, e->ecx };

        regs_to_str(s->vendor, vendor, 3);
        id->min_level = e->eax;
    }
    v = x86_supported_reg(t, 1, 0, X86_EAX);
    id->family = ((v >> 8) & 0xf) + (((v >> 8) & 0xf) == 0xf ?
                                     (v >> 20) & 0xff : 0);
    id->model = ((v >> 4) & 0xf) | ((v >> 12) & 0xf0);
    id->stepping = v & 0xf;
    id->min_xlevel = x86_supported_reg(t, 0x80000000, 0, X86_EAX);
    id->min_xlevel2 = x86_supported_reg(t, 0xC0000000, 0, X86_EAX);
    for (int i = 0; i < 12; i++) {
        brand[i] = x86_supported_reg(t, 0x80000002 + i / 4, 0, i % 4);
    }
    /* Not every KVM reports the brand; QEMU reads it from the host. */
    if (!brand[0]) {
        host_brand(brand);
    }
    if (brand[0]) {
        regs_to_str(s->model_id, brand, 12);
    }
}

static void load_model(const struct x86_cpu_config *cfg,
                       const struct x86_cpuid_table *supported,
                       struct x86_cpu_state *s, struct x86_identity *id)
{
    const struct x86_cpu_model *m = cfg->def;

    x86_cpu_model_features(m, s->features);
    g_strlcpy(s->vendor, m->vendor, sizeof(s->vendor));
    g_strlcpy(s->model_id, m->model_id, sizeof(s->model_id));
    id->family = m->family;
    id->model = m->model;
    id->stepping = m->stepping;
    id->min_level = m->level;
    id->min_xlevel = m->xlevel;
    id->min_xlevel2 = 0;
    if (m->kind == X86_MODEL_NAMED) {
        s->features[FW_1_ECX] |= X86_1_ECX_HYPERVISOR;
    }
    if ((m->kind == X86_MODEL_HOST || m->kind == X86_MODEL_MAX) &&
        supported) {
        load_host_identity(supported, s, id);
    }
    /*
     * Under KVM, QEMU gives table models the host's vendor too
     * (host_cpu_instance_init): SYSENTER/SYSCALL in compatibility mode
     * only work as the host vendor defines them. vendor= still wins.
     */
    if (m->kind == X86_MODEL_NAMED && supported &&
        x86_cpuid_find(supported, 0, 0)) {
        const struct x86_cpuid_entry *e = x86_cpuid_find(supported, 0, 0);
        uint32_t vendor[3] = { e->ebx, e->edx, e->ecx };

        regs_to_str(s->vendor, vendor, 3);
    }
}

static void set_flag(struct x86_cpu_state *s, const char *name, bool on)
{
    enum x86_fw w;
    uint32_t mask;
    bool found = x86_feat_lookup(name, &w, &mask);

    assert(found);
    s->features[w] = on ? s->features[w] | mask : s->features[w] & ~mask;
}

/* QEMU's kvm_default_props, applied to table models only. */
static void apply_kvm_defaults(const struct x86_cpu_config *cfg,
                               struct x86_cpu_state *s)
{
    static const char *const on[] = {
        "kvmclock", "kvm-nopiodelay", "kvm-asyncpf", "kvm-steal-time",
        "kvm-pv-eoi", "kvmclock-stable-bit",
    };
    static const char *const off[] = { "acpi", "monitor", "svm" };

    for (size_t i = 0; i < ARRAY_SIZE(on); i++) {
        set_flag(s, on[i], true);
    }
    for (size_t i = 0; i < ARRAY_SIZE(off); i++) {
        set_flag(s, off[i], false);
    }
    set_flag(s, "x2apic", cfg->caps.irqchip_in_kernel);
    set_flag(s, "kvm-msi-ext-dest-id", cfg->caps.irqchip_split);
}

static void apply_settings(const struct x86_cpu_config *cfg,
                           struct x86_cpu_state *s, uint32_t *user)
{
    for (guint i = 0; i < cfg->settings->len; i++) {
        const struct x86_feat_setting *st =
            &g_array_index(cfg->settings, struct x86_feat_setting, i);

        if (st->on) {
            s->features[st->word] |= st->mask;
        } else {
            s->features[st->word] &= ~st->mask;
        }
        user[st->word] |= st->mask;
    }
}

/* host/max: everything the accelerator has that the user did not set. */
static void expand_host(const struct x86_cpu_config *cfg,
                        const struct x86_cpuid_table *supported,
                        struct x86_cpu_state *s, const uint32_t *user)
{
    for (int w = 0; w < FW_COUNT; w++) {
        const struct x86_fw_info *wi = &x86_fw_info[w];
        uint32_t avail = supported ? supported_word(cfg, supported, w)
                                   : named_bits(w);

        if (cfg->migratable) {
            avail &= named_bits(w) & ~wi->unmigratable;
        }
        s->features[w] |= avail & ~user[w] & ~wi->no_autoenable;
    }
}

static void warn_bits(enum x86_fw w, uint32_t mask, const char *prefix)
{
    char desc[32];

    x86_fw_describe(w, desc, sizeof(desc));
    for (unsigned bit = 0; bit < 32; bit++) {
        const char *name = x86_feat_bit_name(w, bit);

        if (mask & (1u << bit)) {
            warn_report("%s: %s%s%s [bit %u]", prefix, desc,
                        name ? "." : "", name ? name : "", bit);
        }
    }
}

/* Features that make no sense without another one (QEMU's subset). */
static bool resolve_dependencies(struct x86_cpu_state *s,
                                 const uint32_t *user, bool warn)
{
    static const struct {
        enum x86_fw from;
        uint32_t from_mask;
        enum x86_fw to;
        uint32_t to_mask;
    } deps[] = {
        { FW_8000_0001_ECX, X86_EXT3_SVM, FW_SVM, ~0u },
        { FW_7_0_EBX, X86_7_0_EBX_SGX, FW_7_0_ECX, X86_7_0_ECX_SGXLC },
    };
    bool dropped = false;

    for (size_t i = 0; i < ARRAY_SIZE(deps); i++) {
        uint32_t gone;

        if (s->features[deps[i].from] & deps[i].from_mask) {
            continue;
        }
        gone = s->features[deps[i].to] & deps[i].to_mask;
        /* Only an error if the user asked for the dependent feature. */
        if (gone & user[deps[i].to]) {
            dropped = true;
            if (warn) {
                warn_bits(deps[i].to, gone & user[deps[i].to],
                          "This feature depends on other features that "
                          "were not requested");
            }
        }
        s->features[deps[i].to] &= ~gone;
    }
    return dropped;
}

static void level_at_least(uint32_t *min, uint32_t value)
{
    if (*min < value) {
        *min = value;
    }
}

/* QEMU's full-cpuid-auto-level: levels grow to cover the features. */
static void compute_levels(const struct x86_cpu_config *cfg,
                           const struct x86_topo_info *topo,
                           struct x86_cpu_state *s, struct x86_identity *id)
{
    if (cfg->min_level >= 0) {
        id->min_level = cfg->min_level;
    }
    if (cfg->min_xlevel >= 0) {
        id->min_xlevel = cfg->min_xlevel;
    }
    for (int w = 0; w < FW_COUNT; w++) {
        uint32_t leaf = x86_fw_info[w].leaf;

        if (!s->features[w]) {
            continue;
        }
        switch (leaf & 0xF0000000) {
        case 0x00000000:
            level_at_least(&id->min_level, leaf);
            break;
        case 0x80000000:
            level_at_least(&id->min_xlevel, leaf);
            break;
        case 0xC0000000:
            level_at_least(&id->min_xlevel2, leaf);
            break;
        }
    }
    if (s->features[FW_7_1_EAX]) {
        s->level_func7 = 1;
    }
    if (s->features[FW_8000_0001_ECX] & X86_EXT3_SVM) {
        level_at_least(&id->min_xlevel, 0x8000000A);
    }
    /* Multi-die Intel topologies need leaf 0x1F. */
    if (topo->dies > 1 && x86_vendor_is_intel(s)) {
        level_at_least(&id->min_level, 0x1F);
    }
    s->level = cfg->level >= 0 ? cfg->level : id->min_level;
    s->xlevel = cfg->xlevel >= 0 ? cfg->xlevel : id->min_xlevel;
    s->xlevel2 = id->min_xlevel2;
}

/* Remove what the accelerator lacks. Returns true if anything went. */
static bool filter_features(const struct x86_cpu_config *cfg,
                            const struct x86_cpuid_table *supported,
                            struct x86_cpu_state *s, bool verbose)
{
    bool filtered = false;

    for (int w = 0; w < FW_COUNT; w++) {
        uint32_t gone = s->features[w] & ~supported_word(cfg, supported, w);

        if (!gone) {
            continue;
        }
        filtered = true;
        if (verbose) {
            warn_bits(w, gone, "host doesn't support requested feature");
        }
        s->features[w] &= ~gone;
    }
    return filtered;
}

static int set_phys_bits(const struct x86_cpu_config *cfg,
                         const struct x86_cpuid_table *supported,
                         struct x86_cpu_state *s, bool warn, Error **errp)
{
    bool lm = s->features[FW_8000_0001_EDX] & X86_EXT2_LM;
    uint32_t host = supported ?
        x86_supported_reg(supported, 0x80000008, 0, X86_EAX) & 0xff : 0;

    if (!lm) {
        if (cfg->phys_bits) {
            error_setg(errp, "phys-bits is not user-configurable in 32 bit");
            return -EINVAL;
        }
        s->phys_bits = s->features[FW_1_EDX] & (X86_1_EDX_PSE36 |
                                                X86_1_EDX_PAE) ? 36 : 32;
        return 0;
    }
    s->phys_bits = cfg->phys_bits;
    if (host) {
        if (warn && cfg->phys_bits && cfg->phys_bits != host) {
            warn_report("Host physical bits (%u) does not match phys-bits "
                        "property (%u)", host, s->phys_bits);
        }
        /* On by default for host and max. */
        if (cfg->host_phys_bits) {
            s->phys_bits = host;
        }
    }
    if (s->phys_bits &&
        (s->phys_bits > X86_PHYS_BITS_MAX ||
         s->phys_bits < X86_PHYS_BITS_MIN)) {
        error_setg(errp, "phys-bits should be between %u and %u "
                   " (but is %u)", X86_PHYS_BITS_MIN, X86_PHYS_BITS_MAX,
                   s->phys_bits);
        return -EINVAL;
    }
    if (!s->phys_bits) {
        s->phys_bits = X86_PHYS_BITS_DEFAULT;
    }
    return 0;
}

static void apply_identity_props(const struct x86_cpu_config *cfg,
                                 struct x86_cpu_state *s,
                                 struct x86_identity *id)
{
    if (cfg->vendor) {
        memset(s->vendor, 0, sizeof(s->vendor));
        g_strlcpy(s->vendor, cfg->vendor, sizeof(s->vendor));
    }
    if (cfg->model_id) {
        memset(s->model_id, 0, sizeof(s->model_id));
        g_strlcpy(s->model_id, cfg->model_id, sizeof(s->model_id));
    }
    if (cfg->family >= 0) {
        id->family = cfg->family;
    }
    if (cfg->model >= 0) {
        id->model = cfg->model;
    }
    if (cfg->stepping >= 0) {
        id->stepping = cfg->stepping;
    }
}

/* CPUID.1 EAX from family/model/stepping (extended fields as needed). */
static uint32_t encode_version(const struct x86_identity *id)
{
    uint32_t v = id->stepping & 0xf;

    v |= (id->model & 0xf) << 4 | ((id->model >> 4) & 0xf) << 16;
    if (id->family > 0xf) {
        v |= 0xf << 8 | (uint32_t)(id->family - 0xf) << 20;
    } else {
        v |= id->family << 8;
    }
    return v;
}

static void finish_identity(const struct x86_cpu_config *cfg,
                            struct x86_cpu_state *s, struct x86_identity *id)
{
    /* max without host data: QEMU's TCG identity for max. */
    if (cfg->def->kind == X86_MODEL_MAX && !id->family && cfg->family < 0) {
        bool lm = s->features[FW_8000_0001_EDX] & X86_EXT2_LM;

        id->family = lm ? 15 : 6;
        id->model = lm ? 107 : 6;
        id->stepping = lm ? 1 : 3;
    }
    s->version = encode_version(id);
}

static void finish_features(const struct x86_cpu_config *cfg,
                            const struct x86_topo_info *topo,
                            struct x86_cpu_state *s, bool warn)
{
    /* AMD mirrors leaf 1's EDX bits in 0x80000001 EDX. */
    if (x86_vendor_is_amd(s)) {
        s->features[FW_8000_0001_EDX] &= ~X86_AMD_ALIAS_MASK;
        s->features[FW_8000_0001_EDX] |=
            s->features[FW_1_EDX] & X86_AMD_ALIAS_MASK;
    }
    s->caches = cfg->def->caches ? cfg->def->caches
                                 : &x86_legacy_caches_intel;
    s->caches_amd = cfg->def->caches ? cfg->def->caches
                                     : &x86_legacy_caches_amd;
    if (warn && x86_vendor_is_amd(s) && topo->threads > 1 &&
        !(s->features[FW_8000_0001_ECX] & (1u << 22))) {
        warn_report("This family of AMD CPU doesn't support "
                    "hyperthreading(%u)\nPlease configure -smp options "
                    "properly or try enabling topoext feature.",
                    topo->threads);
    }
}

int x86_cpu_resolve(const struct x86_cpu_config *cfg,
                    const struct x86_cpuid_table *supported,
                    const struct x86_topo_info *topo, bool warn,
                    struct x86_cpu_state *s, Error **errp)
{
    uint32_t user[FW_COUNT] = { 0 };
    struct x86_identity id;
    bool host_like = x86_cpu_config_is_host(cfg);
    bool filtered;

    memset(s, 0, sizeof(*s));
    if (cfg->def->kind == X86_MODEL_HOST && !supported) {
        error_setg(errp, "CPU model 'host' requires KVM or HVF");
        return -ENOTSUP;
    }
    s->kvm = supported != NULL;
    s->supported = supported;
    s->expose_kvm = cfg->expose_kvm;
    s->pmu = cfg->pmu;
    s->l3_cache = cfg->l3_cache;

    load_model(cfg, supported, s, &id);
    if (s->kvm && cfg->def->kind == X86_MODEL_NAMED) {
        apply_kvm_defaults(cfg, s);
    }
    apply_settings(cfg, s, user);
    apply_identity_props(cfg, s, &id);
    if (host_like) {
        expand_host(cfg, supported, s, user);
    }
    filtered = resolve_dependencies(s, user, warn);
    if (!s->kvm || !s->expose_kvm) {
        s->features[FW_KVM] = 0;
    }
    if (s->features[FW_1_ECX] & X86_1_ECX_XSAVE) {
        s->xcr0 = x86_xsave_components(s->features);
    }
    compute_levels(cfg, topo, s, &id);

    if (supported) {
        /* Components the host cannot save are dropped silently. */
        s->xcr0 &= 3 | x86_supported_reg(supported, 0xD, 0, X86_EAX) |
                   (uint64_t)x86_supported_reg(supported, 0xD, 0,
                                               X86_EDX) << 32;
        filtered |= filter_features(cfg, supported, s,
                                    warn && (cfg->check || cfg->enforce));
    }
    if (filtered && cfg->enforce) {
        error_setg(errp, "Host doesn't support requested features");
        return -ENOTSUP;
    }
    finish_identity(cfg, s, &id);
    finish_features(cfg, topo, s, warn);
    return set_phys_bits(cfg, supported, s, warn, errp);
}

int x86_cpu_build_cpuid(const struct x86_cpu_config *cfg,
                        const struct x86_cpuid_table *supported,
                        const struct x86_topology *topo, uint32_t apic_id,
                        bool warn, struct x86_cpuid_table *out, Error **errp)
{
    struct x86_topo_info ti;
    struct x86_cpu_state s;
    int ret;

    x86_topo_info_init(&ti, topo);
    ret = x86_cpu_resolve(cfg, supported, &ti, warn, &s, errp);
    if (ret < 0) {
        return ret;
    }
    return x86_cpuid_fill_table(&s, &ti, apic_id, out, errp);
}

int x86_cpu_cpuid_query(const struct x86_cpu_config *cfg,
                        const struct x86_cpuid_table *supported,
                        const struct x86_topology *topo, uint32_t apic_id,
                        uint32_t leaf, uint32_t subleaf, uint32_t regs[4],
                        Error **errp)
{
    struct x86_topo_info ti;
    struct x86_cpu_state s;
    int ret;

    x86_topo_info_init(&ti, topo);
    ret = x86_cpu_resolve(cfg, supported, &ti, false, &s, errp);
    if (ret < 0) {
        return ret;
    }
    x86_cpuid_leaf(&s, &ti, apic_id, leaf, subleaf, regs);
    return 0;
}
