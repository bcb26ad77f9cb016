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

#define X86_CPUID_MAX_ENTRIES 100

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
 * Parse a -cpu string. Unknown model: "unable to find CPU model 'x'".
 * Unknown feature: "Property 'x' not found" style, as QEMU.
 */
struct x86_cpu_config *x86_cpu_config_parse(const char *spec, Error **errp);
void x86_cpu_config_free(struct x86_cpu_config *cfg);
const char *x86_cpu_config_model(const struct x86_cpu_config *cfg);
/* True for "host" and "max": the model is whatever the accelerator has. */
bool x86_cpu_config_is_host(const struct x86_cpu_config *cfg);
bool x86_cpu_config_enforce(const struct x86_cpu_config *cfg);

/*
 * Build the CPUID table for one vCPU.
 *   supported  accelerator's supported CPUID (NULL: no filtering, e.g.
 *              qtest); features the model asks for but supported lacks are
 *              removed, with QEMU's warning ("host doesn't support
 *              requested feature: CPUID.01H:ECX.pni [bit 0]") printed once
 *              per feature when warn is true, or an error with enforce.
 *   apic_id    this vCPU's initial APIC ID (CPUID.1:EBX[31:24], 0xB:EDX).
 * Returns 0 or -errno (errp set).
 */
int x86_cpu_build_cpuid(const struct x86_cpu_config *cfg,
                        const struct x86_cpuid_table *supported,
                        const struct x86_topology *topo, uint32_t apic_id,
                        bool warn, struct x86_cpuid_table *out, Error **errp);

/* Look up an entry (index ignored unless the entry is index-significant). */
const struct x86_cpuid_entry *x86_cpuid_find(const struct x86_cpuid_table *t,
                                             uint32_t function,
                                             uint32_t index);

/* -cpu help / -cpu ? output. */
void x86_cpu_list(FILE *f);

/* APIC ID of CPU index i for a topology (QEMU's packing of fields). */
uint32_t x86_apic_id_from_index(const struct x86_topology *topo,
                                unsigned index);

#endif
