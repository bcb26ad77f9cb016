/*
 * QEMU option-string parsing ("implied,key=value,...", ",," escapes).
 */
#include "qemu/osdep.h"
#include "qemu/keyval.h"

static void pair_free(gpointer p)
{
    struct kv_pair *kv = p;

    g_free(kv->key);
    g_free(kv->value);
    g_free(kv);
}

struct kv_opts *kv_new(void)
{
    struct kv_opts *opts = g_new0(struct kv_opts, 1);

    opts->pairs = g_ptr_array_new_with_free_func(pair_free);
    return opts;
}

void kv_free(struct kv_opts *opts)
{
    if (opts) {
        g_ptr_array_free(opts->pairs, TRUE);
        g_free(opts);
    }
}

void kv_set(struct kv_opts *opts, const char *key, const char *value)
{
    struct kv_pair *kv = g_new0(struct kv_pair, 1);

    kv->key = g_strdup(key);
    kv->value = g_strdup(value);
    g_ptr_array_add(opts->pairs, kv);
}

void kv_merge(struct kv_opts *dst, const struct kv_opts *src)
{
    for (guint i = 0; i < src->pairs->len; i++) {
        struct kv_pair *kv = g_ptr_array_index(src->pairs, i);

        kv_set(dst, kv->key, kv->value);
    }
}

/*
 * Split at single commas; ",," stands for a literal comma. Returns the
 * elements with escapes resolved.
 */
static GPtrArray *split_elements(const char *str)
{
    GPtrArray *elems = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new(NULL);

    for (const char *p = str; *p; p++) {
        if (*p == ',') {
            if (p[1] == ',') {
                g_string_append_c(cur, ',');
                p++;
                continue;
            }
            g_ptr_array_add(elems, g_string_free(cur, FALSE));
            cur = g_string_new(NULL);
            continue;
        }
        g_string_append_c(cur, *p);
    }
    g_ptr_array_add(elems, g_string_free(cur, FALSE));
    return elems;
}

struct kv_opts *kv_parse(const char *str, const char *implied_key,
                         Error **errp)
{
    struct kv_opts *opts = kv_new();
    GPtrArray *elems = split_elements(str);

    for (guint i = 0; i < elems->len; i++) {
        const char *el = g_ptr_array_index(elems, i);
        const char *eq = strchr(el, '=');

        if (!*el) {
            continue;
        }
        if (eq) {
            char *key = g_strndup(el, eq - el);

            if (!*key) {
                error_setg(errp, "Invalid parameter ''");
                g_free(key);
                goto fail;
            }
            kv_set(opts, key, eq + 1);
            g_free(key);
        } else if (i == 0 && implied_key) {
            kv_set(opts, implied_key, el);
        } else {
            kv_set(opts, el, "on");
            ((struct kv_pair *)g_ptr_array_index(opts->pairs,
                                                 opts->pairs->len - 1))
                ->bare = true;
        }
    }
    g_ptr_array_free(elems, TRUE);
    return opts;

fail:
    g_ptr_array_free(elems, TRUE);
    kv_free(opts);
    return NULL;
}

const char *kv_get(struct kv_opts *opts, const char *key)
{
    const char *value = NULL;

    for (guint i = 0; i < opts->pairs->len; i++) {
        struct kv_pair *kv = g_ptr_array_index(opts->pairs, i);

        if (!strcmp(kv->key, key)) {
            kv->used = true;
            value = kv->value;
        }
    }
    return value;
}

bool kv_has(const struct kv_opts *opts, const char *key)
{
    for (guint i = 0; i < opts->pairs->len; i++) {
        struct kv_pair *kv = g_ptr_array_index(opts->pairs, i);

        if (!strcmp(kv->key, key)) {
            return true;
        }
    }
    return false;
}

int parse_bool(const char *name, const char *str, bool *out, Error **errp)
{
    static const char *const yes[] = { "on", "yes", "true", "y", NULL };
    static const char *const no[] = { "off", "no", "false", "n", NULL };

    for (int i = 0; yes[i]; i++) {
        if (!strcmp(str, yes[i])) {
            *out = true;
            return 0;
        }
    }
    for (int i = 0; no[i]; i++) {
        if (!strcmp(str, no[i])) {
            *out = false;
            return 0;
        }
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", name);
    return -EINVAL;
}

int parse_uint64(const char *str, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (!str || !*str || *str == '-' || g_ascii_isspace(*str)) {
        return -EINVAL;
    }
    errno = 0;
    v = strtoull(str, &end, 0);
    if (errno) {
        return -errno;
    }
    if (*end) {
        return -EINVAL;
    }
    *out = v;
    return 0;
}

static int suffix_shift(char c)
{
    switch (g_ascii_toupper(c)) {
    case 'B':
        return 0;
    case 'K':
        return 10;
    case 'M':
        return 20;
    case 'G':
        return 30;
    case 'T':
        return 40;
    case 'P':
        return 50;
    case 'E':
        return 60;
    default:
        return -1;
    }
}

int parse_size(const char *str, char default_suffix, uint64_t *out)
{
    char *end;
    double d;
    uint64_t whole;
    int shift;
    bool hex;

    if (!str || !*str || *str == '-' || g_ascii_isspace(*str)) {
        return -EINVAL;
    }
    /* Integers first so large byte counts keep full precision. QEMU
     * also takes hex (without a fraction); a suffix on it is deprecated. */
    hex = !g_ascii_strncasecmp(str, "0x", 2);
    errno = 0;
    whole = strtoull(str, &end, hex ? 16 : 10);
    if (errno) {
        return -ERANGE;
    }
    if (hex && (end == str + 2 || *end == '.')) {
        return -EINVAL;
    }
    if (hex && *end && suffix_shift(*end) > 0 && !end[1]) {
        warn_report("Using a multiplier suffix on hex numbers is "
                    "deprecated: %s", str);
    }
    if (*end == '.') {
        d = g_ascii_strtod(str, &end);
    } else {
        d = (double)whole;
    }
    if (end == str) {
        return -EINVAL;
    }
    if (*end) {
        shift = suffix_shift(*end);
        if (shift < 0 || end[1]) {
            return -EINVAL;
        }
    } else {
        shift = suffix_shift(default_suffix);
    }
    if (d != (double)whole) {
        d *= (double)(UINT64_C(1) << shift);
        if (d >= 18446744073709551616.0) {
            return -ERANGE;
        }
        *out = (uint64_t)d;
        return 0;
    }
    if (shift && whole > (UINT64_MAX >> shift)) {
        return -ERANGE;
    }
    *out = whole << shift;
    return 0;
}

int kv_get_bool(struct kv_opts *opts, const char *key, bool *out,
                Error **errp)
{
    const char *v = kv_get(opts, key);

    if (!v) {
        return 0;
    }
    return parse_bool(key, v, out, errp);
}

int kv_get_u64(struct kv_opts *opts, const char *key, uint64_t *out,
               Error **errp)
{
    const char *v = kv_get(opts, key);

    if (!v) {
        return 0;
    }
    if (parse_uint64(v, out) < 0) {
        error_setg(errp, "Parameter '%s' expects a number", key);
        return -EINVAL;
    }
    return 0;
}

int kv_get_size(struct kv_opts *opts, const char *key, uint64_t *out,
                Error **errp)
{
    const char *v = kv_get(opts, key);

    if (!v) {
        return 0;
    }
    if (parse_size(v, 'B', out) < 0) {
        error_setg(errp, "Parameter '%s' expects a size", key);
        return -EINVAL;
    }
    return 0;
}

int kv_check_unused(const struct kv_opts *opts, Error **errp)
{
    for (guint i = 0; i < opts->pairs->len; i++) {
        struct kv_pair *kv = g_ptr_array_index(opts->pairs, i);

        if (!kv->used) {
            error_setg(errp, "Invalid parameter '%s'", kv->key);
            return -EINVAL;
        }
    }
    return 0;
}
