/*
 * Helpers shared by the x86 CPU model tests: parse a -cpu string, build a
 * vCPU's CPUID table, check leaves, capture warnings.
 */
#ifndef X86_TEST_H
#define X86_TEST_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "target/i386/cpu.h"

/* A leaf as the reference QEMU showed it: EAX, EBX, ECX, EDX. */
struct leaf_value {
    uint32_t leaf, subleaf;
    uint32_t r[4];
};

static inline struct x86_cpu_config *parse_ok(const char *spec)
{
    Error *err = NULL;
    struct x86_cpu_config *cfg = x86_cpu_config_parse(spec, &err);

    if (!cfg) {
        g_test_message("-cpu %s: %s", spec, error_get_pretty(err));
        g_assert_not_reached();
    }
    return cfg;
}

/* The error message of a -cpu string that must fail to parse. */
static inline char *parse_err(const char *spec)
{
    Error *err = NULL;
    struct x86_cpu_config *cfg = x86_cpu_config_parse(spec, &err);
    char *msg;

    if (cfg) {
        g_test_message("-cpu %s parsed but should not have", spec);
        g_assert_not_reached();
    }
    g_assert_nonnull(err);
    msg = g_strdup(error_get_pretty(err));
    error_free(err);
    return msg;
}

/* Warnings and errors go to a temporary file between these two calls. */
static inline FILE *capture_begin(void)
{
    FILE *f = tmpfile();

    g_assert_nonnull(f);
    error_report_set_stream(f);
    return f;
}

static inline char *capture_end(FILE *f)
{
    long len;
    char *s;

    error_report_set_stream(NULL);
    fflush(f);
    len = ftell(f);
    s = g_malloc0(len + 1);
    rewind(f);
    g_assert_cmpint(fread(s, 1, len, f), ==, len);
    fclose(f);
    return s;
}

static inline int build_table(const char *spec,
                              const struct x86_cpuid_table *supported,
                              const struct x86_topology *topo,
                              uint32_t apic_id, bool warn,
                              struct x86_cpuid_table *out, char **errmsg)
{
    struct x86_cpu_config *cfg = parse_ok(spec);
    Error *err = NULL;
    int ret = x86_cpu_build_cpuid(cfg, supported, topo, apic_id, warn, out,
                                  &err);

    if (errmsg) {
        *errmsg = err ? g_strdup(error_get_pretty(err)) : NULL;
    } else if (err) {
        g_test_message("-cpu %s: %s", spec, error_get_pretty(err));
        g_assert_not_reached();
    }
    if (err) {
        error_free(err);
    }
    x86_cpu_config_free(cfg);
    return ret;
}

static inline void check_leaf_at(const struct x86_cpuid_table *t,
                                 const struct leaf_value *v,
                                 const char *what)
{
    const struct x86_cpuid_entry *e = x86_cpuid_find(t, v->leaf, v->subleaf);
    uint32_t got[4];

    if (!e) {
        g_test_message("%s: leaf %08x.%u missing", what, v->leaf,
                       v->subleaf);
        g_assert_not_reached();
    }
    got[0] = e->eax, got[1] = e->ebx, got[2] = e->ecx, got[3] = e->edx;
    for (int i = 0; i < 4; i++) {
        if (got[i] != v->r[i]) {
            g_test_message("%s: leaf %08x.%u reg %d: got %08x expected %08x",
                           what, v->leaf, v->subleaf, i, got[i], v->r[i]);
        }
    }
    g_assert_cmpmem(got, sizeof(got), v->r, sizeof(v->r));
}

#define check_leaf(t, leaf, sub, a, b, c, d)                              \
    check_leaf_at((t), &(struct leaf_value){ (leaf), (sub),               \
                                             { (a), (b), (c), (d) } },   \
                  G_STRLOC)

static inline void check_no_leaf(const struct x86_cpuid_table *t,
                                 uint32_t leaf, uint32_t subleaf)
{
    g_assert_null(x86_cpuid_find(t, leaf, subleaf));
}

/* One entry for a fake KVM_GET_SUPPORTED_CPUID table. */
static inline void sup_add(struct x86_cpuid_table *t, uint32_t leaf,
                           int subleaf, uint32_t a, uint32_t b, uint32_t c,
                           uint32_t d)
{
    g_assert_cmpint(t->count, <, X86_CPUID_MAX_ENTRIES);
    t->entries[t->count++] = (struct x86_cpuid_entry){
        .function = leaf, .index = subleaf < 0 ? 0 : subleaf,
        .flags = subleaf < 0 ? 0 : X86_CPUID_FLAG_SIGNIFICANT_INDEX,
        .eax = a, .ebx = b, .ecx = c, .edx = d,
    };
}

#endif
