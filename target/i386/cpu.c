/*
 * -cpu parsing, CPU configuration accessors and -cpu help.
 *
 * The syntax and its errors follow QEMU 7.2 (x86_cpu_parse_featurestr()
 * plus qdev global properties):
 *   MODEL[,+flag][,-flag][,flag][,flag=on|off][,prop=value]...
 * "flag" and "flag=on|off" are applied in order; every "+flag" is then
 * applied, then every "-flag", whatever their position (QEMU keeps this
 * for compatibility and warns when both forms name the same flag).
 */
#include "qemu/osdep.h"
#include "qemu/keyval.h"
#include "cpu-internal.h"

#define X86_FAMILY_LIMIT      (0xff + 0xf)
#define X86_MODEL_LIMIT     0xff
#define X86_STEPPING_LIMIT    0xf

/* A property that is not a feature flag. */
enum x86_prop_kind { PROP_BOOL, PROP_INT, PROP_U32, PROP_STR };

struct x86_prop {
    const char *name;
    enum x86_prop_kind kind;
    int64_t max;                /* PROP_INT: accepted range is 0..max */
    size_t offset;              /* into struct x86_cpu_config */
    bool host_only;             /* only host/max have it (migratable) */
};

#define CFG(field) offsetof(struct x86_cpu_config, field)

static const struct x86_prop x86_props[] = {
    { "enforce", PROP_BOOL, 0, CFG(enforce) },
    { "check", PROP_BOOL, 0, CFG(check) },
    { "pmu", PROP_BOOL, 0, CFG(pmu) },
    { "kvm", PROP_BOOL, 0, CFG(expose_kvm) },
    { "l3-cache", PROP_BOOL, 0, CFG(l3_cache) },
    { "host-phys-bits", PROP_BOOL, 0, CFG(host_phys_bits) },
    { "migratable", PROP_BOOL, 0, CFG(migratable), true },
    { "vendor", PROP_STR, 0, CFG(vendor) },
    { "model-id", PROP_STR, 0, CFG(model_id) },
    { "family", PROP_INT, X86_FAMILY_LIMIT, CFG(family) },
    { "model", PROP_INT, X86_MODEL_LIMIT, CFG(model) },
    { "stepping", PROP_INT, X86_STEPPING_LIMIT, CFG(stepping) },
    { "level", PROP_U32, 0, CFG(level) },
    { "xlevel", PROP_U32, 0, CFG(xlevel) },
    { "min-level", PROP_U32, 0, CFG(min_level) },
    { "min-xlevel", PROP_U32, 0, CFG(min_xlevel) },
    { "phys-bits", PROP_U32, 0, CFG(phys_bits) },
};

static const struct x86_prop *prop_find(const struct x86_cpu_config *cfg,
                                        const char *name)
{
    bool host = cfg->def->kind == X86_MODEL_HOST ||
                cfg->def->kind == X86_MODEL_MAX;

    for (size_t i = 0; i < ARRAY_SIZE(x86_props); i++) {
        if (!strcmp(x86_props[i].name, name) &&
            (!x86_props[i].host_only || host)) {
            return &x86_props[i];
        }
    }
    return NULL;
}

static bool is_hyperv_prop(const char *name)
{
    return g_str_has_prefix(name, "hv-") || g_str_has_prefix(name, "hv_");
}

/* QEMU's feat2prop(): property names use '-', old spellings used '_'. */
static char *feat2prop(const char *name)
{
    char *s = g_strdup(name);

    g_strdelimit(s, "_", '-');
    return s;
}

static void add_setting(struct x86_cpu_config *cfg, enum x86_fw word,
                        uint32_t mask, bool on)
{
    struct x86_feat_setting st = { .word = word, .mask = mask, .on = on };

    g_array_append_val(cfg->settings, st);
}

/* "Property '.family' ..." and friends, as QEMU's visitors word them. */
static int set_int_prop(struct x86_cpu_config *cfg, const struct x86_prop *p,
                        const char *val, Error **errp)
{
    int64_t *dst = (int64_t *)((char *)cfg + p->offset);
    char *end;
    long long v;

    errno = 0;
    v = strtoll(val, &end, 0);
    if (!*val || *end || errno) {
        error_setg(errp, "Parameter '%s' expects int64", p->name);
        return -EINVAL;
    }
    if (v < 0 || v > p->max) {
        error_setg(errp, "Property .%s doesn't take value %lld "
                   "(minimum: 0, maximum: %" PRId64 ")", p->name, v, p->max);
        return -EINVAL;
    }
    *dst = v;
    return 0;
}

static int set_u32_prop(struct x86_cpu_config *cfg, const struct x86_prop *p,
                        const char *val, Error **errp)
{
    int64_t *dst = (int64_t *)((char *)cfg + p->offset);
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(val, &end, 0);
    if (!*val || *end || errno) {
        error_setg(errp, "Parameter '%s' expects uint64", p->name);
        return -EINVAL;
    }
    /* strtoull accepts "-1" as 2^64 - 1, as QEMU's parser does. */
    if (v > UINT32_MAX) {
        error_setg(errp, "Parameter '%s' expects uint32_t", p->name);
        return -EINVAL;
    }
    *dst = v;
    return 0;
}

static int set_str_prop(struct x86_cpu_config *cfg, const struct x86_prop *p,
                        const char *val, Error **errp)
{
    char **dst = (char **)((char *)cfg + p->offset);

    if (!strcmp(p->name, "vendor") && strlen(val) != 12) {
        error_setg(errp, "Property '.vendor' doesn't take value '%s'", val);
        return -EINVAL;
    }
    g_free(*dst);
    *dst = g_strndup(val, 48);
    return 0;
}

static int set_prop(struct x86_cpu_config *cfg, const struct x86_prop *p,
                    const char *val, Error **errp)
{
    switch (p->kind) {
    case PROP_BOOL: {
        bool *dst = (bool *)((char *)cfg + p->offset);

        return parse_bool(p->name, val, dst, errp);
    }
    case PROP_INT:
        return set_int_prop(cfg, p, val, errp);
    case PROP_U32:
        return set_u32_prop(cfg, p, val, errp);
    case PROP_STR:
        return set_str_prop(cfg, p, val, errp);
    }
    g_assert_not_reached();
}

static void hyperv_error(const char *name, Error **errp)
{
    error_setg(errp, "Hyper-V enlightenment '%s' is not yet supported",
               name);
}

/* "flag", "flag=on|off" or "prop=value". */
static int parse_assignment(struct x86_cpu_config *cfg, const char *tok,
                            Error **errp)
{
    const char *eq = strchr(tok, '=');
    g_autofree char *raw = eq ? g_strndup(tok, eq - tok) : g_strdup(tok);
    g_autofree char *name = feat2prop(raw);
    const char *val = eq ? eq + 1 : "on";
    const struct x86_prop *p;
    enum x86_fw word;
    uint32_t mask;
    Error *err = NULL;
    bool on;

    for (guint i = 0; i < cfg->plus->len; i++) {
        if (!strcmp(g_ptr_array_index(cfg->plus, i), name)) {
            warn_report("Ambiguous CPU model string. Don't mix both "
                        "\"+%s\" and \"%s=%s\"", name, name, val);
            cfg->ambiguous = true;
        }
    }
    for (guint i = 0; i < cfg->minus->len; i++) {
        if (!strcmp(g_ptr_array_index(cfg->minus, i), name)) {
            warn_report("Ambiguous CPU model string. Don't mix both "
                        "\"-%s\" and \"%s=%s\"", name, name, val);
            cfg->ambiguous = true;
        }
    }
    if (is_hyperv_prop(name)) {
        hyperv_error(name, errp);
        return -ENOTSUP;
    }

    p = prop_find(cfg, name);
    if (p) {
        set_prop(cfg, p, val, &err);
    } else if (x86_feat_lookup(name, &word, &mask)) {
        if (parse_bool(name, val, &on, &err) == 0) {
            add_setting(cfg, word, mask, on);
        }
    } else {
        error_setg(&err, "Property '%s-x86_64-cpu.%s' not found",
                   cfg->model_name, name);
    }
    if (err) {
        error_setg(errp, "can't apply global %s-x86_64-cpu.%s=%s: %s",
                   cfg->model_name, name, val, error_get_pretty(err));
        error_free(err);
        return -EINVAL;
    }
    return 0;
}

/*
 * Apply the "+flag" and "-flag" lists. QEMU sets them as boolean
 * properties when the CPU is realized, so they may also name boolean
 * properties such as enforce, and they come after every assignment.
 */
static int apply_plus_minus(struct x86_cpu_config *cfg, GPtrArray *list,
                            bool on, Error **errp)
{
    for (guint i = 0; i < list->len; i++) {
        const char *name = g_ptr_array_index(list, i);
        const struct x86_prop *p = prop_find(cfg, name);
        enum x86_fw word;
        uint32_t mask;

        if (is_hyperv_prop(name)) {
            hyperv_error(name, errp);
            return -ENOTSUP;
        }
        if (p && p->kind == PROP_BOOL) {
            *(bool *)((char *)cfg + p->offset) = on;
        } else if (p) {
            error_setg(errp, "Parameter '%s' expects %s", name,
                       p->kind == PROP_STR ? "string" :
                       p->kind == PROP_INT ? "int64" : "uint64");
            return -EINVAL;
        } else if (x86_feat_lookup(name, &word, &mask)) {
            add_setting(cfg, word, mask, on);
        } else {
            error_setg(errp, "Property '%s-x86_64-cpu.%s' not found",
                       cfg->model_name, name);
            return -EINVAL;
        }
    }
    return 0;
}

static struct x86_cpu_config *config_new(const char *model_name,
                                         const struct x86_cpu_model *m)
{
    struct x86_cpu_config *cfg = g_new0(struct x86_cpu_config, 1);

    cfg->model_name = g_strdup(model_name);
    cfg->def = m;
    cfg->settings = g_array_new(FALSE, FALSE,
                                sizeof(struct x86_feat_setting));
    cfg->plus = g_ptr_array_new_with_free_func(g_free);
    cfg->minus = g_ptr_array_new_with_free_func(g_free);
    cfg->check = true;
    cfg->expose_kvm = true;
    cfg->l3_cache = true;
    cfg->migratable = true;
    cfg->pmu = m->kind == X86_MODEL_HOST || m->kind == X86_MODEL_MAX;
    cfg->host_phys_bits = cfg->pmu;     /* likewise on for host/max */
    cfg->family = cfg->model = cfg->stepping = -1;
    cfg->level = cfg->xlevel = cfg->min_level = cfg->min_xlevel = -1;
    cfg->phys_bits = 0;
    cfg->caps = (struct x86_accel_caps) {
        .irqchip_in_kernel = true, .tsc_deadline = true,
    };
    return cfg;
}

struct x86_cpu_config *x86_cpu_config_parse(const char *spec, Error **errp)
{
    g_auto(GStrv) toks = NULL;
    const struct x86_cpu_model *m;
    struct x86_cpu_config *cfg;

    if (!spec) {
        spec = "qemu64";
    }
    if (!*spec) {
        error_setg(errp, "-cpu option cannot be empty");
        return NULL;
    }
    toks = g_strsplit(spec, ",", -1);
    m = x86_cpu_model_find(toks[0]);
    if (!m) {
        error_setg(errp, "unable to find CPU model '%s'", toks[0]);
        return NULL;
    }
    cfg = config_new(toks[0], m);
    for (char **t = toks + 1; *t; t++) {
        if (!**t) {
            continue;           /* QEMU splits with strtok: ",," is nothing */
        }
        if (**t == '+') {
            g_ptr_array_add(cfg->plus, g_strdup(*t + 1));
        } else if (**t == '-') {
            g_ptr_array_add(cfg->minus, g_strdup(*t + 1));
        } else if (parse_assignment(cfg, *t, errp) < 0) {
            x86_cpu_config_free(cfg);
            return NULL;
        }
    }
    if (cfg->ambiguous) {
        warn_report("Compatibility of ambiguous CPU model strings won't be "
                    "kept on future QEMU versions");
    }
    if (apply_plus_minus(cfg, cfg->plus, true, errp) < 0 ||
        apply_plus_minus(cfg, cfg->minus, false, errp) < 0) {
        x86_cpu_config_free(cfg);
        return NULL;
    }
    return cfg;
}

void x86_cpu_config_free(struct x86_cpu_config *cfg)
{
    if (!cfg) {
        return;
    }
    g_free(cfg->model_name);
    g_array_free(cfg->settings, TRUE);
    g_ptr_array_free(cfg->plus, TRUE);
    g_ptr_array_free(cfg->minus, TRUE);
    g_free(cfg->vendor);
    g_free(cfg->model_id);
    g_free(cfg);
}

const char *x86_cpu_config_model(const struct x86_cpu_config *cfg)
{
    return cfg->def->name;
}

bool x86_cpu_config_is_host(const struct x86_cpu_config *cfg)
{
    return cfg->def->kind == X86_MODEL_HOST ||
           cfg->def->kind == X86_MODEL_MAX;
}

bool x86_cpu_config_enforce(const struct x86_cpu_config *cfg)
{
    return cfg->enforce;
}

bool x86_cpu_config_pmu(const struct x86_cpu_config *cfg)
{
    return cfg->pmu;
}

bool x86_cpu_config_kvm_signature(const struct x86_cpu_config *cfg)
{
    return cfg->expose_kvm;
}

void x86_cpu_config_set_accel_caps(struct x86_cpu_config *cfg,
                                   const struct x86_accel_caps *caps)
{
    cfg->caps = *caps;
}

/* -cpu help: QEMU 7.2's layout, line for line. */
static void list_model(FILE *f, const struct x86_cpu_model *m)
{
    if (m->kind != X86_MODEL_NAMED) {
        fprintf(f, "x86 %-20s  %s\n", m->name, m->description);
        return;
    }
    fprintf(f, "x86 %-20s  %s\n", m->name,
            "(alias configured by machine type)");
    g_autofree char *v1 = g_strdup_printf("%s-v1", m->name);
    fprintf(f, "x86 %-20s  %s\n", v1, m->model_id);
}

static gint cmp_model(gconstpointer a, gconstpointer b)
{
    const struct x86_cpu_model *ma = *(const struct x86_cpu_model **)a;
    const struct x86_cpu_model *mb = *(const struct x86_cpu_model **)b;
    /* Table models first, then base, host, max (QEMU's "ordering"). */
    int oa = ma->kind == X86_MODEL_NAMED ? 0 : ma->kind;
    int ob = mb->kind == X86_MODEL_NAMED ? 0 : mb->kind;

    return oa != ob ? oa - ob : strcmp(ma->name, mb->name);
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char **)a, *(const char **)b);
}

void x86_cpu_list(FILE *f)
{
    g_autoptr(GPtrArray) models = g_ptr_array_new();
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    size_t len = 0;

    for (size_t i = 0; i < x86_cpu_models_count; i++) {
        g_ptr_array_add(models, (gpointer)&x86_cpu_models[i]);
    }
    g_ptr_array_sort(models, cmp_model);
    fprintf(f, "Available CPUs:\n");
    for (guint i = 0; i < models->len; i++) {
        list_model(f, g_ptr_array_index(models, i));
    }

    for (size_t i = 0; i < x86_feat_names_count; i++) {
        g_ptr_array_add(names, (gpointer)x86_feat_names[i].name);
    }
    g_ptr_array_sort(names, cmp_str);
    fprintf(f, "\nRecognized CPUID flags:\n");
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);

        /* Wrap before a line would reach 75 columns. */
        if (len + strlen(name) + 1 >= 75) {
            fprintf(f, "\n");
            len = 0;
        }
        fprintf(f, "%s%s", len == 0 ? "  " : " ", name);
        len += strlen(name) + 1;
    }
    fprintf(f, "\n\n");
}
