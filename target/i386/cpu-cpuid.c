/*
 * CPUID leaf encoding and the per-vCPU table: QEMU 7.2's cpu_x86_cpuid()
 * and the leaf/sub-leaf walk of its kvm_arch_init_vcpu(), plus APIC ID
 * topology. Values were checked against the reference QEMU under TCG
 * (tests/unit/target/test-x86-cpuid.c records them).
 */
#include "qemu/osdep.h"
#include "cpu-internal.h"

/* Leaf 4 / 0x8000001D field layout (Intel SDM, CPUID leaf 4). */
#define CACHE_LEVEL_SHIFT       5
#define CACHE_SELF_INIT         (1u << 8)
#define CACHE_SHARING_SHIFT     14      /* EAX[25:14]: IDs sharing - 1 */
#define CACHE_CORES_SHIFT       26      /* EAX[31:26]: cores - 1 */
#define CACHE_NO_INVD_SHARING   (1u << 0)
#define CACHE_INCLUSIVE         (1u << 1)
#define CACHE_COMPLEX_INDEX     (1u << 2)

/* Leaf 0xB / 0x1F level types (ECX[15:8]). */
#define TOPO_LEVEL_INVALID      0
#define TOPO_LEVEL_SMT          1
#define TOPO_LEVEL_CORE         2
#define TOPO_LEVEL_DIE          5

/* CPUID.5 ECX: MWAIT extensions and interrupt break-event, always set. */
#define MWAIT_EMX_IBE           3u

/* QEMU's fixed TLB description for 0x80000005/6. */
#define AMD_L1_TLB              0x01ff01ffu     /* 255 entries, 1-way */
#define AMD_L2_ITLB_DTLB_4K     0x42004200u     /* 512 entries, 4-way */

#define CLFLUSH_LINE_QWORDS     8               /* 64 bytes */
/* QEMU 7.2's KVM_MAX_CPUID_ENTRIES: its tables never grow beyond this. */
#define QEMU_CPUID_ENTRIES      100
#define KVM_SIGNATURE           "KVMKVMKVM\0\0\0"

static unsigned bits_for_count(unsigned n)
{
    return n > 1 ? 32 - __builtin_clz(n - 1) : 0;
}

void x86_topo_info_init(struct x86_topo_info *ti, const struct x86_topology *t)
{
    ti->sockets = t && t->sockets ? t->sockets : 1;
    ti->dies = t && t->dies ? t->dies : 1;
    ti->cores = t && t->cores ? t->cores : 1;
    ti->threads = t && t->threads ? t->threads : 1;
    ti->core_offset = bits_for_count(ti->threads);
    ti->die_offset = ti->core_offset + bits_for_count(ti->cores);
    ti->pkg_offset = ti->die_offset + bits_for_count(ti->dies);
}

uint32_t x86_apic_id_from_index(const struct x86_topology *topo,
                                unsigned index)
{
    struct x86_topo_info ti;
    unsigned smt, core, die, pkg;

    x86_topo_info_init(&ti, topo);
    smt = index % ti.threads;
    core = index / ti.threads % ti.cores;
    die = index / (ti.threads * ti.cores) % ti.dies;
    pkg = index / (ti.threads * ti.cores * ti.dies);
    return pkg << ti.pkg_offset | die << ti.die_offset |
           core << ti.core_offset | smt;
}

bool x86_vendor_is_amd(const struct x86_cpu_state *s)
{
    return !strcmp(s->vendor, X86_VENDOR_AMD);
}

bool x86_vendor_is_intel(const struct x86_cpu_state *s)
{
    return !strcmp(s->vendor, X86_VENDOR_INTEL);
}

const struct x86_cpuid_entry *x86_cpuid_find(const struct x86_cpuid_table *t,
                                             uint32_t function,
                                             uint32_t index)
{
    for (int i = 0; t && i < t->count; i++) {
        const struct x86_cpuid_entry *e = &t->entries[i];

        if (e->function == function &&
            (!(e->flags & X86_CPUID_FLAG_SIGNIFICANT_INDEX) ||
             e->index == index)) {
            return e;
        }
    }
    return NULL;
}

/* ---- XSAVE ---- */

struct xsave_component {
    uint32_t size, offset;      /* standard (non-compacted) layout */
};

/* Intel SDM vol. 1, 13.4: XSAVE state components 2-18. */
static const struct xsave_component xsave_layout[] = {
    [2] = { 256, 576 },         /* AVX: YMM_Hi128 */
    [3] = { 64, 960 },          /* MPX: BNDREGS */
    [4] = { 64, 1024 },         /* MPX: BNDCSR */
    [5] = { 64, 1088 },         /* AVX-512: opmask */
    [6] = { 512, 1152 },        /* AVX-512: ZMM_Hi256 */
    [7] = { 1024, 1664 },       /* AVX-512: Hi16_ZMM */
    [9] = { 8, 2688 },          /* PKRU */
    [17] = { 64, 2752 },        /* AMX: XTILECFG */
    [18] = { 8192, 2816 },      /* AMX: XTILEDATA */
};

#define XSAVE_LEGACY_SIZE       (512 + 64)  /* FXSAVE area + header */

uint64_t x86_xsave_components(const uint32_t *features)
{
    uint64_t m = 3;             /* x87 and SSE state */

    if (features[FW_1_ECX] & X86_1_ECX_AVX) {
        m |= 1u << 2;
    }
    if (features[FW_7_0_EBX] & X86_7_0_EBX_MPX) {
        m |= 3u << 3;
    }
    if (features[FW_7_0_EBX] & X86_7_0_EBX_AVX512F) {
        m |= 7u << 5;
    }
    if (features[FW_7_0_ECX] & X86_7_0_ECX_PKU) {
        m |= 1u << 9;
    }
    if (features[FW_7_0_EDX] & X86_7_0_EDX_AMX_TILE) {
        m |= 3u << 17;
    }
    return m;
}

/* Size/offset of a component: the host's if it reports it (KVM). */
static struct xsave_component xsave_component(const struct x86_cpu_state *s,
                                              unsigned i)
{
    const struct x86_cpuid_entry *e = x86_cpuid_find(s->supported, 0xD, i);

    if (e && e->eax) {
        return (struct xsave_component){ e->eax, e->ebx };
    }
    return i < ARRAY_SIZE(xsave_layout) ? xsave_layout[i]
                                        : (struct xsave_component){ 0 };
}

uint32_t x86_xsave_area_size(const struct x86_cpu_state *s, uint64_t mask,
                             bool compacted)
{
    uint32_t size = XSAVE_LEGACY_SIZE;

    for (unsigned i = 2; i < 64; i++) {
        if (mask & (1ull << i)) {
            struct xsave_component c = xsave_component(s, i);
            uint32_t off = compacted ? size : c.offset;

            size = MAX(size, off + c.size);
        }
    }
    return size;
}

static void leaf_xsave(const struct x86_cpu_state *s, uint32_t subleaf,
                       uint32_t r[4])
{
    if (!(s->features[FW_1_ECX] & X86_1_ECX_XSAVE)) {
        return;
    }
    if (subleaf == 0) {
        r[0] = s->xcr0;
        r[3] = s->xcr0 >> 32;
        r[2] = x86_xsave_area_size(s, s->xcr0, false);
        /* KVM: size for all enabled state; else for XCR0 at reset (x87). */
        r[1] = s->kvm ? r[2] : XSAVE_LEGACY_SIZE;
    } else if (subleaf == 1) {
        r[0] = s->features[FW_XSAVE];
        r[1] = x86_xsave_area_size(s, s->xcr0, true);
    } else if (subleaf < 64 && (s->xcr0 & (1ull << subleaf))) {
        struct xsave_component c = xsave_component(s, subleaf);
        const struct x86_cpuid_entry *e =
            x86_cpuid_find(s->supported, 0xD, subleaf);

        r[0] = c.size;
        r[1] = c.offset;
        r[2] = e ? e->ecx & 6 : 0;  /* 64-byte alignment, XFD */
    }
}

/* ---- caches ---- */

static void encode_cache4(const struct x86_cache_info *c, unsigned sharing,
                          unsigned cores, uint32_t r[4])
{
    r[0] = c->type | c->level << CACHE_LEVEL_SHIFT |
           (c->self_init ? CACHE_SELF_INIT : 0) |
           (sharing - 1) << CACHE_SHARING_SHIFT;
    if (cores) {
        r[0] |= (cores - 1) << CACHE_CORES_SHIFT;
    }
    r[1] = (c->line_size - 1) | (c->partitions - 1) << 12 |
           (c->associativity - 1) << 22;
    r[2] = c->sets - 1;
    r[3] = (c->no_invd_sharing ? CACHE_NO_INVD_SHARING : 0) |
           (c->inclusive ? CACHE_INCLUSIVE : 0) |
           (c->complex_indexing ? CACHE_COMPLEX_INDEX : 0);
}

/* Leaf 4 as QEMU 7.2 fills it: L1 per thread, L2 per core, L3 per die. */
static void leaf_cache4(const struct x86_cpu_state *s,
                        const struct x86_topo_info *t, uint32_t subleaf,
                        uint32_t r[4])
{
    const struct x86_cache_set *cs = s->caches;

    switch (subleaf) {
    case 0:
        encode_cache4(cs->l1d, 1, t->cores, r);
        break;
    case 1:
        encode_cache4(cs->l1i, 1, t->cores, r);
        break;
    case 2:
        encode_cache4(cs->l2, t->threads, t->cores, r);
        break;
    case 3:
        if (s->l3_cache) {
            encode_cache4(cs->l3, 1u << t->die_offset, t->cores, r);
        }
        break;
    }
}

static void leaf_amd_cache(const struct x86_cpu_state *s,
                           const struct x86_topo_info *t, uint32_t subleaf,
                           uint32_t r[4])
{
    const struct x86_cache_set *cs = s->caches_amd;

    switch (subleaf) {
    case 0:
        encode_cache4(cs->l1d, t->threads, 0, r);
        break;
    case 1:
        encode_cache4(cs->l1i, t->threads, 0, r);
        break;
    case 2:
        encode_cache4(cs->l2, t->threads, 0, r);
        break;
    case 3:
        encode_cache4(cs->l3, t->cores * t->threads, 0, r);
        break;
    }
}

static uint32_t encode_l1_amd(const struct x86_cache_info *c)
{
    return (c->size / KiB) << 24 | c->associativity << 16 |
           c->lines_per_tag << 8 | c->line_size;
}

/* AMD's 4-bit associativity code for 0x80000006. */
static uint32_t amd_assoc(unsigned ways)
{
    switch (ways) {
    case 0: case 1: case 2: case 4:
        return ways;
    case 8:
        return 6;
    case 16:
        return 8;
    case 32:
        return 0xa;
    case 48:
        return 0xb;
    case 64:
        return 0xc;
    case 96:
        return 0xd;
    case 128:
        return 0xe;
    default:
        return 0;
    }
}

static void leaf_amd_l2(const struct x86_cpu_state *s, uint32_t r[4])
{
    const struct x86_cache_info *l2 = s->caches_amd->l2;
    const struct x86_cache_info *l3 = s->caches_amd->l3;

    r[1] = AMD_L2_ITLB_DTLB_4K;
    r[2] = (l2->size / KiB) << 16 | amd_assoc(l2->associativity) << 12 |
           l2->lines_per_tag << 8 | l2->line_size;
    if (s->l3_cache) {
        r[3] = (l3->size / (512 * KiB)) << 18 |
               amd_assoc(l3->associativity) << 12 |
               l3->lines_per_tag << 8 | l3->line_size;
    }
}

/* ---- topology leaves ---- */

static void leaf_topology(const struct x86_topo_info *t, uint32_t apic_id,
                          uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
    unsigned threads = x86_topo_threads_legacy(t);

    r[2] = subleaf & 0xff;
    r[3] = apic_id;
    if (subleaf == 0) {
        r[0] = t->core_offset;
        r[1] = t->threads;
        r[2] |= TOPO_LEVEL_SMT << 8;
    } else if (subleaf == 1) {
        r[0] = leaf == 0xB ? t->pkg_offset : t->die_offset;
        r[1] = threads;
        r[2] |= TOPO_LEVEL_CORE << 8;
    } else if (subleaf == 2 && leaf == 0x1F) {
        r[0] = t->pkg_offset;
        r[1] = t->dies * threads;
        r[2] |= TOPO_LEVEL_DIE << 8;
    }
    r[1] &= 0xffff;
}

static void leaf_amd_topology(const struct x86_topo_info *t,
                              uint32_t apic_id, uint32_t r[4])
{
    uint32_t core_id = (apic_id >> t->core_offset) &
                       ((1u << (t->die_offset - t->core_offset)) - 1);

    r[0] = apic_id;
    r[1] = (t->threads - 1) << 8 | (core_id & 0xff);
    r[2] = (t->dies - 1) << 8 | ((apic_id >> t->die_offset) & 0xff);
}

/* ---- the leaves ---- */

static void leaf_basic(const struct x86_cpu_state *s,
                       const struct x86_topo_info *t, uint32_t apic_id,
                       uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
    unsigned threads = x86_topo_threads_legacy(t);

    switch (leaf) {
    case 1:
        r[0] = s->version;
        r[1] = apic_id << 24 | CLFLUSH_LINE_QWORDS << 8;
        r[2] = s->features[FW_1_ECX];
        r[3] = s->features[FW_1_EDX];
        if (threads > 1) {
            r[1] |= threads << 16;
            r[3] |= X86_1_EDX_HT;
        }
        if (!s->pmu) {
            r[2] &= ~X86_1_ECX_PDCM;
        }
        break;
    case 2:
        /* AMD has no leaf 2/4 cache information (vendor-cpuid-only). */
        if (!x86_vendor_is_amd(s)) {
            r[0] = 1;
            r[2] = s->l3_cache ? s->caches->l3->descriptor : 0;
            r[3] = s->caches->l1d->descriptor << 16 |
                   s->caches->l1i->descriptor << 8 |
                   s->caches->l2->descriptor;
        }
        break;
    case 4:
        if (!x86_vendor_is_amd(s)) {
            leaf_cache4(s, t, subleaf, r);
        }
        break;
    case 5:
        r[2] = MWAIT_EMX_IBE;
        break;
    case 6:
        r[0] = s->features[FW_6_EAX];
        break;
    case 7:
        if (subleaf == 0) {
            r[0] = s->level_func7;
            r[1] = s->features[FW_7_0_EBX];
            r[2] = s->features[FW_7_0_ECX];
            r[3] = s->features[FW_7_0_EDX];
        } else if (subleaf == 1) {
            r[0] = s->features[FW_7_1_EAX];
        }
        break;
    case 0xA:
        if (s->pmu && s->supported) {
            const struct x86_cpuid_entry *e =
                x86_cpuid_find(s->supported, 0xA, subleaf);

            if (e) {
                r[0] = e->eax, r[1] = e->ebx, r[2] = e->ecx, r[3] = e->edx;
            }
        }
        break;
    case 0xB:
        leaf_topology(t, apic_id, leaf, subleaf, r);
        break;
    case 0xD:
        leaf_xsave(s, subleaf, r);
        break;
    case 0x1F:
        if (t->dies > 1) {
            leaf_topology(t, apic_id, leaf, subleaf, r);
        }
        break;
    }
}

static void leaf_hypervisor(const struct x86_cpu_state *s, uint32_t leaf,
                            uint32_t r[4])
{
    if (!s->kvm || !s->expose_kvm) {
        return;
    }
    if (leaf == 0x40000000) {
        memcpy(&r[1], KVM_SIGNATURE, 12);
        r[0] = 0x40000001;
    } else if (leaf == 0x40000001) {
        r[0] = s->features[FW_KVM];
        r[3] = s->features[FW_KVM_HINTS];
    }
}

static void leaf_vendor(const struct x86_cpu_state *s, uint32_t max,
                        uint32_t r[4])
{
    r[0] = max;
    memcpy(&r[1], s->vendor, 4);
    memcpy(&r[3], s->vendor + 4, 4);
    memcpy(&r[2], s->vendor + 8, 4);
}

static void leaf_extended(const struct x86_cpu_state *s,
                          const struct x86_topo_info *t, uint32_t apic_id,
                          uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
    unsigned threads = x86_topo_threads_legacy(t);
    bool lm = s->features[FW_8000_0001_EDX] & X86_EXT2_LM;

    switch (leaf) {
    case 0x80000000:
        leaf_vendor(s, s->xlevel, r);
        break;
    case 0x80000001:
        r[0] = s->version;
        r[2] = s->features[FW_8000_0001_ECX];
        r[3] = s->features[FW_8000_0001_EDX];
        /* Linux ignores the thread count when Intel sets CmpLegacy. */
        if (threads > 1 && !x86_vendor_is_intel(s)) {
            r[2] |= X86_EXT3_CMP_LEGACY;
        }
        break;
    case 0x80000002 ... 0x80000004:
        memcpy(r, s->model_id + (leaf - 0x80000002) * 16, 16);
        break;
    case 0x80000005:
        r[0] = r[1] = AMD_L1_TLB;
        r[2] = encode_l1_amd(s->caches_amd->l1d);
        r[3] = encode_l1_amd(s->caches_amd->l1i);
        break;
    case 0x80000006:
        leaf_amd_l2(s, r);
        break;
    case 0x80000007:
        r[3] = s->features[FW_8000_0007_EDX];
        break;
    case 0x80000008:
        r[0] = s->phys_bits;
        if (lm) {
            r[0] |= (s->features[FW_7_0_ECX] & X86_7_0_ECX_LA57 ? 57 : 48)
                    << 8;
        }
        r[1] = s->features[FW_8000_0008_EBX];
        if (threads > 1) {
            r[2] = t->pkg_offset << 12 | (threads - 1);
        }
        break;
    case 0x8000000A:
        if (s->features[FW_8000_0001_ECX] & X86_EXT3_SVM) {
            r[0] = 1;           /* SVM revision */
            r[1] = 0x10;        /* number of ASIDs */
            r[3] = s->features[FW_SVM];
        }
        break;
    case 0x8000001D:
        leaf_amd_cache(s, t, subleaf, r);
        break;
    case 0x8000001E:
        leaf_amd_topology(t, apic_id, r);
        break;
    }
}

void x86_cpuid_leaf(const struct x86_cpu_state *s,
                    const struct x86_topo_info *topo, uint32_t apic_id,
                    uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    uint32_t limit;

    memset(regs, 0, 4 * sizeof(regs[0]));
    if (leaf >= 0xC0000000) {
        limit = s->xlevel2;
    } else if (leaf >= 0x80000000) {
        limit = s->xlevel;
    } else if (leaf >= 0x40000000) {
        limit = 0x40000001;
    } else {
        limit = s->level;
    }
    /* Intel SDM: an invalid leaf reads as the highest basic leaf. */
    if (leaf > limit) {
        leaf = s->level;
    }

    if (leaf == 0) {
        leaf_vendor(s, s->level, regs);
    } else if (leaf < 0x40000000) {
        leaf_basic(s, topo, apic_id, leaf, subleaf, regs);
    } else if (leaf < 0x80000000) {
        leaf_hypervisor(s, leaf, regs);
    } else if (leaf < 0xC0000000) {
        leaf_extended(s, topo, apic_id, leaf, subleaf, regs);
    } else if (leaf == 0xC0000000) {
        regs[0] = s->xlevel2;
    } else if (leaf == 0xC0000001) {
        regs[0] = s->version;
        regs[3] = s->features[FW_C000_0001_EDX];
    }
}

/* ---- the KVM_SET_CPUID2 table ---- */

struct table_builder {
    const struct x86_cpu_state *s;
    const struct x86_topo_info *topo;
    uint32_t apic_id;
    struct x86_cpuid_table *out;
    bool overflow;
};

static struct x86_cpuid_entry *add_entry(struct table_builder *b,
                                         uint32_t leaf, uint32_t subleaf,
                                         bool indexed)
{
    struct x86_cpuid_entry *e;
    uint32_t r[4];

    if (b->out->count >= QEMU_CPUID_ENTRIES) {
        b->overflow = true;
        return NULL;
    }
    x86_cpuid_leaf(b->s, b->topo, b->apic_id, leaf, subleaf, r);
    e = &b->out->entries[b->out->count++];
    *e = (struct x86_cpuid_entry){
        .function = leaf, .index = indexed ? subleaf : 0,
        .flags = indexed ? X86_CPUID_FLAG_SIGNIFICANT_INDEX : 0,
        .eax = r[0], .ebx = r[1], .ecx = r[2], .edx = r[3],
    };
    return e;
}

static void drop_last(struct table_builder *b)
{
    b->out->count--;
}

/*
 * Sub-leaf walks, as QEMU does them: leaf 4 and 0x8000001D end at the
 * first null cache type, 0xB and 0x1F at the first invalid level (neither
 * terminator is stored), 0xD stores the sub-leaves with a non-zero EAX,
 * 7 stores sub-leaves 0..EAX.
 */
static void add_indexed(struct table_builder *b, uint32_t leaf)
{
    struct x86_cpuid_entry *e;

    switch (leaf) {
    case 4:
    case 0x8000001D:
        for (uint32_t j = 0; (e = add_entry(b, leaf, j, true)); j++) {
            if (!e->eax) {
                drop_last(b);
                break;
            }
        }
        break;
    case 0xB:
    case 0x1F:
        for (uint32_t j = 0; (e = add_entry(b, leaf, j, true)); j++) {
            if (!(e->ecx & 0xff00)) {
                drop_last(b);
                break;
            }
        }
        break;
    case 0xD:
        for (uint32_t j = 0; j < 64 && (e = add_entry(b, leaf, j, true));
             j++) {
            if (!e->eax) {
                drop_last(b);
            }
        }
        break;
    case 7:
    case 0x14:
    case 0x1D:
    case 0x1E:
        e = add_entry(b, leaf, 0, true);
        for (uint32_t j = 1; e && j <= b->s->level_func7 && leaf == 7; j++) {
            add_entry(b, leaf, j, true);
        }
        break;
    case 0x12:
        add_entry(b, leaf, 0, true);
        add_entry(b, leaf, 1, true);
        break;
    }
}

static bool is_indexed(uint32_t leaf)
{
    switch (leaf) {
    case 4: case 7: case 0xB: case 0xD: case 0x12: case 0x14:
    case 0x1D: case 0x1E: case 0x1F: case 0x8000001D:
        return true;
    }
    return false;
}

static void add_range(struct table_builder *b, uint32_t first, uint32_t last)
{
    const struct x86_cpu_state *s = b->s;

    for (uint32_t leaf = first; leaf <= last && !b->overflow; leaf++) {
        if (leaf == 0x1F && b->topo->dies < 2) {
            continue;
        }
        /* AMD-only leaves: 0x8000001E also needs the accelerator's. */
        if ((leaf == 0x8000001D || leaf == 0x8000001E) &&
            (!x86_vendor_is_amd(s) ||
             (leaf == 0x8000001E && s->supported &&
              !x86_cpuid_find(s->supported, leaf, 0)))) {
            continue;
        }
        if (is_indexed(leaf)) {
            add_indexed(b, leaf);
        } else {
            add_entry(b, leaf, 0, false);
        }
    }
}

int x86_cpuid_fill_table(const struct x86_cpu_state *s,
                         const struct x86_topo_info *topo, uint32_t apic_id,
                         struct x86_cpuid_table *out, Error **errp)
{
    struct table_builder b = { s, topo, apic_id, out, false };

    /* As QEMU, a level is "unsupported" when its leaves overflow the
     * table. */
    out->count = 0;
    add_range(&b, 0, s->level);
    if (b.overflow) {
        error_setg(errp, "unsupported level value: 0x%" PRIx32, s->level);
        return -E2BIG;
    }
    if (s->kvm && s->expose_kvm) {
        add_range(&b, 0x40000000, 0x40000001);
    }
    if (s->xlevel >= 0x80000000) {
        add_range(&b, 0x80000000, s->xlevel);
    }
    if (b.overflow) {
        error_setg(errp, "unsupported xlevel value: 0x%" PRIx32, s->xlevel);
        return -E2BIG;
    }
    if (s->xlevel2 >= 0xC0000000) {
        add_range(&b, 0xC0000000, s->xlevel2);
    }
    if (b.overflow) {
        error_setg(errp, "unsupported xlevel2 value: 0x%" PRIx32,
                   s->xlevel2);
        return -E2BIG;
    }
    return 0;
}
