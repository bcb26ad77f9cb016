/*
 * x86 CPUID feature names: which register and bit each -cpu flag is.
 *
 * Names and bit positions are those QEMU 7.2 recognises for these
 * registers (checked against `qemu-system-x86_64 -cpu help`); bits it
 * leaves unnamed are unnamed here too. MSR-based flags (vmx-*,
 * arch-capabilities bits) and the SGX/PT sub-leaves are not modelled.
 */
#include "qemu/osdep.h"
#include "cpu-internal.h"

const struct x86_fw_info x86_fw_info[FW_COUNT] = {
    [FW_1_EDX]         = { 0x00000001, 0, X86_EDX,
                           .no_autoenable = X86_1_EDX_HT },
    [FW_1_ECX]         = { 0x00000001, 0, X86_ECX },
    [FW_7_0_EBX]       = { 0x00000007, 0, X86_EBX },
    [FW_7_0_ECX]       = { 0x00000007, 0, X86_ECX },
    [FW_7_0_EDX]       = { 0x00000007, 0, X86_EDX },
    [FW_7_1_EAX]       = { 0x00000007, 1, X86_EAX },
    [FW_8000_0001_EDX] = { 0x80000001, 0, X86_EDX },
    /* topoext needs a consistent cache topology: never implied by host */
    [FW_8000_0001_ECX] = { 0x80000001, 0, X86_ECX,
                           .no_autoenable = 1u << 22 },
    /* invtsc breaks migration unless the TSC frequency is pinned */
    [FW_8000_0007_EDX] = { 0x80000007, 0, X86_EDX,
                           .unmigratable = 1u << 8 },
    [FW_8000_0008_EBX] = { 0x80000008, 0, X86_EBX },
    [FW_C000_0001_EDX] = { 0xC0000001, 0, X86_EDX },
    [FW_KVM]           = { 0x40000001, 0, X86_EAX },
    /* KVM hints are only ever set explicitly */
    [FW_KVM_HINTS]     = { 0x40000001, 0, X86_EDX,
                           .no_autoenable = ~0u },
    [FW_SVM]           = { 0x8000000A, 0, X86_EDX },
    [FW_XSAVE]         = { 0x0000000D, 1, X86_EAX },
    [FW_6_EAX]         = { 0x00000006, 0, X86_EAX },
};

const struct x86_feat_name x86_feat_names[] = {
    /* CPUID.01H:EDX */
    { FW_1_EDX, 0, "fpu" },         { FW_1_EDX, 1, "vme" },
    { FW_1_EDX, 2, "de" },          { FW_1_EDX, 3, "pse" },
    { FW_1_EDX, 4, "tsc" },         { FW_1_EDX, 5, "msr" },
    { FW_1_EDX, 6, "pae" },         { FW_1_EDX, 7, "mce" },
    { FW_1_EDX, 8, "cx8" },         { FW_1_EDX, 9, "apic" },
    { FW_1_EDX, 11, "sep" },        { FW_1_EDX, 12, "mtrr" },
    { FW_1_EDX, 13, "pge" },        { FW_1_EDX, 14, "mca" },
    { FW_1_EDX, 15, "cmov" },       { FW_1_EDX, 16, "pat" },
    { FW_1_EDX, 17, "pse36" },      { FW_1_EDX, 18, "pn" },
    { FW_1_EDX, 19, "clflush" },    { FW_1_EDX, 21, "ds" },
    { FW_1_EDX, 22, "acpi" },       { FW_1_EDX, 23, "mmx" },
    { FW_1_EDX, 24, "fxsr" },       { FW_1_EDX, 25, "sse" },
    { FW_1_EDX, 26, "sse2" },       { FW_1_EDX, 27, "ss" },
    { FW_1_EDX, 28, "ht" },         { FW_1_EDX, 29, "tm" },
    { FW_1_EDX, 30, "ia64" },       { FW_1_EDX, 31, "pbe" },

    /* CPUID.01H:ECX (bit 27, OSXSAVE, follows CR4 and has no flag) */
    { FW_1_ECX, 0, "pni" },         { FW_1_ECX, 1, "pclmulqdq" },
    { FW_1_ECX, 2, "dtes64" },      { FW_1_ECX, 3, "monitor" },
    { FW_1_ECX, 4, "ds-cpl" },      { FW_1_ECX, 5, "vmx" },
    { FW_1_ECX, 6, "smx" },         { FW_1_ECX, 7, "est" },
    { FW_1_ECX, 8, "tm2" },         { FW_1_ECX, 9, "ssse3" },
    { FW_1_ECX, 10, "cid" },        { FW_1_ECX, 12, "fma" },
    { FW_1_ECX, 13, "cx16" },       { FW_1_ECX, 14, "xtpr" },
    { FW_1_ECX, 15, "pdcm" },       { FW_1_ECX, 17, "pcid" },
    { FW_1_ECX, 18, "dca" },        { FW_1_ECX, 19, "sse4.1" },
    { FW_1_ECX, 20, "sse4.2" },     { FW_1_ECX, 21, "x2apic" },
    { FW_1_ECX, 22, "movbe" },      { FW_1_ECX, 23, "popcnt" },
    { FW_1_ECX, 24, "tsc-deadline" }, { FW_1_ECX, 25, "aes" },
    { FW_1_ECX, 26, "xsave" },      { FW_1_ECX, 28, "avx" },
    { FW_1_ECX, 29, "f16c" },       { FW_1_ECX, 30, "rdrand" },
    { FW_1_ECX, 31, "hypervisor" },

    /* CPUID.07H.0:EBX */
    { FW_7_0_EBX, 0, "fsgsbase" },  { FW_7_0_EBX, 1, "tsc-adjust" },
    { FW_7_0_EBX, 2, "sgx" },       { FW_7_0_EBX, 3, "bmi1" },
    { FW_7_0_EBX, 4, "hle" },       { FW_7_0_EBX, 5, "avx2" },
    { FW_7_0_EBX, 7, "smep" },      { FW_7_0_EBX, 8, "bmi2" },
    { FW_7_0_EBX, 9, "erms" },      { FW_7_0_EBX, 10, "invpcid" },
    { FW_7_0_EBX, 11, "rtm" },      { FW_7_0_EBX, 14, "mpx" },
    { FW_7_0_EBX, 16, "avx512f" },  { FW_7_0_EBX, 17, "avx512dq" },
    { FW_7_0_EBX, 18, "rdseed" },   { FW_7_0_EBX, 19, "adx" },
    { FW_7_0_EBX, 20, "smap" },     { FW_7_0_EBX, 21, "avx512ifma" },
    { FW_7_0_EBX, 22, "pcommit" },  { FW_7_0_EBX, 23, "clflushopt" },
    { FW_7_0_EBX, 24, "clwb" },     { FW_7_0_EBX, 25, "intel-pt" },
    { FW_7_0_EBX, 26, "avx512pf" }, { FW_7_0_EBX, 27, "avx512er" },
    { FW_7_0_EBX, 28, "avx512cd" }, { FW_7_0_EBX, 29, "sha-ni" },
    { FW_7_0_EBX, 30, "avx512bw" }, { FW_7_0_EBX, 31, "avx512vl" },

    /* CPUID.07H.0:ECX (bit 4, OSPKE, follows CR4) */
    { FW_7_0_ECX, 1, "avx512vbmi" },    { FW_7_0_ECX, 2, "umip" },
    { FW_7_0_ECX, 3, "pku" },           { FW_7_0_ECX, 5, "waitpkg" },
    { FW_7_0_ECX, 6, "avx512vbmi2" },   { FW_7_0_ECX, 8, "gfni" },
    { FW_7_0_ECX, 9, "vaes" },          { FW_7_0_ECX, 10, "vpclmulqdq" },
    { FW_7_0_ECX, 11, "avx512vnni" },   { FW_7_0_ECX, 12, "avx512bitalg" },
    { FW_7_0_ECX, 14, "avx512-vpopcntdq" },
    { FW_7_0_ECX, 16, "la57" },         { FW_7_0_ECX, 22, "rdpid" },
    { FW_7_0_ECX, 24, "bus-lock-detect" },
    { FW_7_0_ECX, 25, "cldemote" },     { FW_7_0_ECX, 27, "movdiri" },
    { FW_7_0_ECX, 28, "movdir64b" },    { FW_7_0_ECX, 30, "sgxlc" },
    { FW_7_0_ECX, 31, "pks" },

    /* CPUID.07H.0:EDX */
    { FW_7_0_EDX, 2, "avx512-4vnniw" }, { FW_7_0_EDX, 3, "avx512-4fmaps" },
    { FW_7_0_EDX, 4, "fsrm" },
    { FW_7_0_EDX, 8, "avx512-vp2intersect" },
    { FW_7_0_EDX, 10, "md-clear" },     { FW_7_0_EDX, 14, "serialize" },
    { FW_7_0_EDX, 16, "tsx-ldtrk" },    { FW_7_0_EDX, 19, "arch-lbr" },
    { FW_7_0_EDX, 22, "amx-bf16" },     { FW_7_0_EDX, 23, "avx512-fp16" },
    { FW_7_0_EDX, 24, "amx-tile" },     { FW_7_0_EDX, 25, "amx-int8" },
    { FW_7_0_EDX, 26, "spec-ctrl" },    { FW_7_0_EDX, 27, "stibp" },
    { FW_7_0_EDX, 29, "arch-capabilities" },
    { FW_7_0_EDX, 30, "core-capability" },
    { FW_7_0_EDX, 31, "ssbd" },

    /* CPUID.07H.1:EAX */
    { FW_7_1_EAX, 4, "avx-vnni" },      { FW_7_1_EAX, 5, "avx512-bf16" },

    /*
     * CPUID.80000001H:EDX. The bits AMD copies from CPUID.01H:EDX have no
     * names of their own; they follow leaf 1 on AMD vendors.
     */
    { FW_8000_0001_EDX, 11, "syscall" },    { FW_8000_0001_EDX, 20, "nx" },
    { FW_8000_0001_EDX, 22, "mmxext" },
    { FW_8000_0001_EDX, 25, "fxsr-opt" },
    { FW_8000_0001_EDX, 26, "pdpe1gb" },    { FW_8000_0001_EDX, 27, "rdtscp" },
    { FW_8000_0001_EDX, 29, "lm" },         { FW_8000_0001_EDX, 30, "3dnowext" },
    { FW_8000_0001_EDX, 31, "3dnow" },

    /* CPUID.80000001H:ECX */
    { FW_8000_0001_ECX, 0, "lahf-lm" },     { FW_8000_0001_ECX, 1, "cmp-legacy" },
    { FW_8000_0001_ECX, 2, "svm" },         { FW_8000_0001_ECX, 3, "extapic" },
    { FW_8000_0001_ECX, 4, "cr8legacy" },   { FW_8000_0001_ECX, 5, "abm" },
    { FW_8000_0001_ECX, 6, "sse4a" },       { FW_8000_0001_ECX, 7, "misalignsse" },
    { FW_8000_0001_ECX, 8, "3dnowprefetch" },
    { FW_8000_0001_ECX, 9, "osvw" },        { FW_8000_0001_ECX, 10, "ibs" },
    { FW_8000_0001_ECX, 11, "xop" },        { FW_8000_0001_ECX, 12, "skinit" },
    { FW_8000_0001_ECX, 13, "wdt" },        { FW_8000_0001_ECX, 15, "lwp" },
    { FW_8000_0001_ECX, 16, "fma4" },       { FW_8000_0001_ECX, 17, "tce" },
    { FW_8000_0001_ECX, 19, "nodeid-msr" }, { FW_8000_0001_ECX, 21, "tbm" },
    { FW_8000_0001_ECX, 22, "topoext" },
    { FW_8000_0001_ECX, 23, "perfctr-core" },
    { FW_8000_0001_ECX, 24, "perfctr-nb" },

    /* CPUID.80000007H:EDX */
    { FW_8000_0007_EDX, 8, "invtsc" },

    /* CPUID.80000008H:EBX */
    { FW_8000_0008_EBX, 0, "clzero" },      { FW_8000_0008_EBX, 2, "xsaveerptr" },
    { FW_8000_0008_EBX, 9, "wbnoinvd" },    { FW_8000_0008_EBX, 12, "ibpb" },
    { FW_8000_0008_EBX, 14, "ibrs" },       { FW_8000_0008_EBX, 15, "amd-stibp" },
    { FW_8000_0008_EBX, 24, "amd-ssbd" },   { FW_8000_0008_EBX, 25, "virt-ssbd" },
    { FW_8000_0008_EBX, 26, "amd-no-ssb" },

    /* CPUID.C0000001H:EDX (VIA/Zhaoxin PadLock) */
    { FW_C000_0001_EDX, 2, "xstore" },      { FW_C000_0001_EDX, 3, "xstore-en" },
    { FW_C000_0001_EDX, 6, "xcrypt" },      { FW_C000_0001_EDX, 7, "xcrypt-en" },
    { FW_C000_0001_EDX, 8, "ace2" },        { FW_C000_0001_EDX, 9, "ace2-en" },
    { FW_C000_0001_EDX, 10, "phe" },        { FW_C000_0001_EDX, 11, "phe-en" },
    { FW_C000_0001_EDX, 12, "pmm" },        { FW_C000_0001_EDX, 13, "pmm-en" },

    /* CPUID.40000001H:EAX. "kvmclock" is both clocksource MSR sets. */
    { FW_KVM, 0, "kvmclock" },              { FW_KVM, 1, "kvm-nopiodelay" },
    { FW_KVM, 2, "kvm-mmu" },               { FW_KVM, 3, "kvmclock" },
    { FW_KVM, 4, "kvm-asyncpf" },           { FW_KVM, 5, "kvm-steal-time" },
    { FW_KVM, 6, "kvm-pv-eoi" },            { FW_KVM, 7, "kvm-pv-unhalt" },
    { FW_KVM, 9, "kvm-pv-tlb-flush" },      { FW_KVM, 11, "kvm-pv-ipi" },
    { FW_KVM, 12, "kvm-poll-control" },     { FW_KVM, 13, "kvm-pv-sched-yield" },
    { FW_KVM, 14, "kvm-asyncpf-int" },      { FW_KVM, 15, "kvm-msi-ext-dest-id" },
    { FW_KVM, 24, "kvmclock-stable-bit" },

    /* CPUID.40000001H:EDX */
    { FW_KVM_HINTS, 0, "kvm-hint-dedicated" },

    /* CPUID.8000000AH:EDX */
    { FW_SVM, 0, "npt" },                   { FW_SVM, 1, "lbrv" },
    { FW_SVM, 2, "svm-lock" },              { FW_SVM, 3, "nrip-save" },
    { FW_SVM, 4, "tsc-scale" },             { FW_SVM, 5, "vmcb-clean" },
    { FW_SVM, 6, "flushbyasid" },           { FW_SVM, 7, "decodeassists" },
    { FW_SVM, 10, "pause-filter" },         { FW_SVM, 12, "pfthreshold" },
    { FW_SVM, 13, "avic" },                 { FW_SVM, 15, "v-vmsave-vmload" },
    { FW_SVM, 16, "vgif" },                 { FW_SVM, 28, "svme-addr-chk" },

    /* CPUID.0DH.1:EAX */
    { FW_XSAVE, 0, "xsaveopt" },            { FW_XSAVE, 1, "xsavec" },
    { FW_XSAVE, 2, "xgetbv1" },             { FW_XSAVE, 3, "xsaves" },
    { FW_XSAVE, 4, "xfd" },

    /* CPUID.06H:EAX */
    { FW_6_EAX, 2, "arat" },
};

const size_t x86_feat_names_count = ARRAY_SIZE(x86_feat_names);

/*
 * Other spellings QEMU accepts: historical names, and the underscore
 * forms of names that used to have them. ("+flag"/"-flag" take names as
 * written, so only these underscore forms work there; "flag=on" folds
 * every '_' to '-' first.)
 */
static const struct {
    const char *alias, *name;
} feat_aliases[] = {
    { "sse3", "pni" },              { "pclmuldq", "pclmulqdq" },
    { "sse4-1", "sse4.1" },         { "sse4-2", "sse4.2" },
    { "sse4_1", "sse4.1" },         { "sse4_2", "sse4.2" },
    { "xd", "nx" },                 { "ffxsr", "fxsr-opt" },
    { "i64", "lm" },                { "ds_cpl", "ds-cpl" },
    { "tsc_adjust", "tsc-adjust" }, { "fxsr_opt", "fxsr-opt" },
    { "lahf_lm", "lahf-lm" },       { "cmp_legacy", "cmp-legacy" },
    { "nodeid_msr", "nodeid-msr" }, { "perfctr_core", "perfctr-core" },
    { "perfctr_nb", "perfctr-nb" },
    { "kvm_nopiodelay", "kvm-nopiodelay" },
    { "kvm_mmu", "kvm-mmu" },       { "kvm_asyncpf", "kvm-asyncpf" },
    { "kvm_asyncpf_int", "kvm-asyncpf-int" },
    { "kvm_steal_time", "kvm-steal-time" },
    { "kvm_pv_eoi", "kvm-pv-eoi" }, { "kvm_pv_unhalt", "kvm-pv-unhalt" },
    { "kvm_poll_control", "kvm-poll-control" },
    { "svm_lock", "svm-lock" },     { "nrip_save", "nrip-save" },
    { "tsc_scale", "tsc-scale" },   { "vmcb_clean", "vmcb-clean" },
    { "pause_filter", "pause-filter" },
};

bool x86_feat_lookup(const char *name, enum x86_fw *word, uint32_t *mask)
{
    bool found = false;

    for (size_t i = 0; i < ARRAY_SIZE(feat_aliases); i++) {
        if (!strcmp(name, feat_aliases[i].alias)) {
            name = feat_aliases[i].name;
            break;
        }
    }
    *mask = 0;
    for (size_t i = 0; i < x86_feat_names_count; i++) {
        const struct x86_feat_name *f = &x86_feat_names[i];

        if (!strcmp(name, f->name)) {
            *word = f->word;
            *mask |= 1u << f->bit;
            found = true;
        }
    }
    return found;
}

const char *x86_feat_bit_name(enum x86_fw word, unsigned bit)
{
    for (size_t i = 0; i < x86_feat_names_count; i++) {
        if (x86_feat_names[i].word == word && x86_feat_names[i].bit == bit) {
            return x86_feat_names[i].name;
        }
    }
    return NULL;
}

void x86_fw_describe(enum x86_fw word, char *buf, size_t len)
{
    static const char *const regs[] = { "EAX", "EBX", "ECX", "EDX" };
    const struct x86_fw_info *w = &x86_fw_info[word];

    snprintf(buf, len, "CPUID.%02" PRIX32 "H:%s", w->leaf, regs[w->reg]);
}
