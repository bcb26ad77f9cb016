/*
 * x86 CPU models, -cpu parsing and CPUID construction.
 *
 * Pure logic: no KVM calls. The accelerator passes in what it supports
 * (KVM_GET_SUPPORTED_CPUID) and gets back the table to install per vCPU.
 */
#ifndef TARGET_I386_CPU_H
#define TARGET_I386_CPU_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"

/*
 * Room for a whole KVM_GET_SUPPORTED_CPUID answer (the kernel's
 * KVM_MAX_CPUID_ENTRIES). Tables built by x86_cpu_build_cpuid stay within
 * QEMU's own limit of 100 entries.
 */
#define X86_CPUID_MAX_ENTRIES 256

/* Same fields as struct kvm_cpuid_entry2, without the padding. */
struct x86_cpuid_entry {
    uint32_t function;
    uint32_t index;
    uint32_t flags;         /* X86_CPUID_FLAG_SIGNIFICANT_INDEX */
    uint32_t eax, ebx, ecx, edx;
};

#define X86_CPUID_FLAG_SIGNIFICANT_INDEX 1   /* = KVM_CPUID_FLAG_... */

struct x86_cpuid_table {
    int count;
    struct x86_cpuid_entry entries[X86_CPUID_MAX_ENTRIES];
};

struct x86_topology {
    unsigned sockets, dies, cores, threads;   /* per parent level */
};

/* Parsed -cpu MODEL[,+feat,-feat,feat=on|off,prop=value...]. */
struct x86_cpu_config;

/*
 * Parse a -cpu string (NULL: no -cpu option, i.e. qemu64). Unknown model:
 * "unable to find CPU model 'x'". Unknown feature: "Property 'x' not
 * found" style, as QEMU. Warnings about ambiguous strings are printed
 * here. See docs/system/cpu-models.md for the syntax and properties.
 */
struct x86_cpu_config *x86_cpu_config_parse(const char *spec, Error **errp);
void x86_cpu_config_free(struct x86_cpu_config *cfg);
const char *x86_cpu_config_model(const struct x86_cpu_config *cfg);
/* True for "host" and "max": the model is whatever the accelerator has. */
bool x86_cpu_config_is_host(const struct x86_cpu_config *cfg);
bool x86_cpu_config_enforce(const struct x86_cpu_config *cfg);
/* pmu=on (default for host/max): leaf 0xA passes the PMU through. */
bool x86_cpu_config_pmu(const struct x86_cpu_config *cfg);
/* kvm=on (default): the KVM signature leaves 0x40000000/1 are present. */
bool x86_cpu_config_kvm_signature(const struct x86_cpu_config *cfg);

/*
 * What the accelerator adds to or removes from KVM_GET_SUPPORTED_CPUID,
 * as QEMU's kvm_arch_get_supported_cpuid() does (x86_cpu_build_cpuid
 * applies these fix-ups itself; pass the raw table as supported). Also
 * picks QEMU's KVM defaults for named models: x2apic only with an
 * in-kernel LAPIC, kvm-msi-ext-dest-id with a split irqchip.
 * Without this call: in-kernel irqchip, TSC deadline timer available.
 */
struct x86_accel_caps {
    bool irqchip_in_kernel;     /* LAPIC in KVM (kernel-irqchip=on|split) */
    bool irqchip_split;         /* kernel-irqchip=split */
    bool tsc_deadline;          /* KVM_CAP_TSC_DEADLINE_TIMER */
};
void x86_cpu_config_set_accel_caps(struct x86_cpu_config *cfg,
                                   const struct x86_accel_caps *caps);

/*
 * Build the CPUID table for one vCPU.
 *   supported  accelerator's supported CPUID (NULL: no filtering, e.g.
 *              qtest); features the model asks for but supported lacks are
 *              removed, with QEMU's warning ("host doesn't support
 *              requested feature: CPUID.01H:ECX.pni [bit 0]") printed once
 *              per feature when warn is true, or an error with enforce.
 *              A non-NULL table also means "the accelerator is KVM": QEMU's
 *              KVM defaults (kvmclock & co., x2apic, no svm/monitor/acpi)
 *              and the KVM signature leaves 0x40000000/1 are added.
 *   apic_id    this vCPU's initial APIC ID (CPUID.1:EBX[31:24], 0xB:EDX).
 * The entries are those QEMU 7.2's kvm_arch_init_vcpu() passes to
 * KVM_SET_CPUID2 (index-significant leaves list their sub-leaves).
 * Returns 0 or -errno (errp set).
 */
int x86_cpu_build_cpuid(const struct x86_cpu_config *cfg,
                        const struct x86_cpuid_table *supported,
                        const struct x86_topology *topo, uint32_t apic_id,
                        bool warn, struct x86_cpuid_table *out, Error **errp);

/*
 * The registers a guest reads for CPUID(leaf, subleaf) on this vCPU, with
 * QEMU's rules for leaves beyond the maximum (they read as the highest
 * basic leaf). For accelerators that execute CPUID themselves.
 */
int x86_cpu_cpuid_query(const struct x86_cpu_config *cfg,
                        const struct x86_cpuid_table *supported,
                        const struct x86_topology *topo, uint32_t apic_id,
                        uint32_t leaf, uint32_t subleaf, uint32_t regs[4],
                        Error **errp);

/* Look up an entry (index ignored unless the entry is index-significant). */
const struct x86_cpuid_entry *x86_cpuid_find(const struct x86_cpuid_table *t,
                                             uint32_t function,
                                             uint32_t index);

/* -cpu help / -cpu ? output. */
void x86_cpu_list(FILE *f);

/*
 * APIC ID of CPU index i for a topology (QEMU's packing of fields: SMT,
 * core, die and package IDs, each field as wide as its count rounded up
 * to a power of two). Zero counts are taken as 1.
 */
uint32_t x86_apic_id_from_index(const struct x86_topology *topo,
                                unsigned index);

#endif
