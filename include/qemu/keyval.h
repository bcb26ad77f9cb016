/*
 * Parsing of QEMU option strings: "value,key=value,key2=value2".
 *
 * Semantics follow QEMU's QemuOpts: the first element may omit its key
 * (the "implied" key, e.g. the machine type for -machine), "," separates
 * elements, ",," is a literal comma inside a value, and a bare "key" with no
 * '=' after the first element means key=on. Later duplicates win. An
 * empty string has no elements at all (QEMU's "-machine ''" is the default
 * machine), while "key=" is the key with an empty value.
 *
 * Every consumer must account for each key (get or explicitly ignore); the
 * remaining ones are reported by kv_check_unused() so that nothing the user
 * wrote is silently ignored.
 */
#ifndef QEMU_KEYVAL_H
#define QEMU_KEYVAL_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"

struct kv_pair {
    char *key;
    char *value;
    bool used;      /* consumed by a getter */
    bool bare;      /* written as a bare "key" (value "on") */
};

struct kv_opts {
    GPtrArray *pairs;   /* of struct kv_pair *, in command-line order */
};

/* Parse str; implied_key may be NULL (then a bare first word is key=on). */
struct kv_opts *kv_parse(const char *str, const char *implied_key,
                         Error **errp);
struct kv_opts *kv_new(void);
void kv_free(struct kv_opts *opts);
void kv_set(struct kv_opts *opts, const char *key, const char *value);
/* Merge src into dst (src values override). */
void kv_merge(struct kv_opts *dst, const struct kv_opts *src);

/* The last value given for key, marking every occurrence used; or NULL. */
const char *kv_get(struct kv_opts *opts, const char *key);
bool kv_has(const struct kv_opts *opts, const char *key);
int kv_get_bool(struct kv_opts *opts, const char *key, bool *out,
                Error **errp);
int kv_get_u64(struct kv_opts *opts, const char *key, uint64_t *out,
               Error **errp);
int kv_get_size(struct kv_opts *opts, const char *key, uint64_t *out,
                Error **errp);
/* Fail with "Invalid parameter 'k'" on the first key no getter consumed. */
int kv_check_unused(const struct kv_opts *opts, Error **errp);

/* Value parsers shared with properties and other options. */
int parse_bool(const char *name, const char *str, bool *out, Error **errp);
int parse_uint64(const char *str, uint64_t *out);  /* base 0, full string */
/*
 * Sizes with optional suffix B/K/M/G/T/P/E (powers of 1024, case
 * insensitive), decimal with an optional fraction ("1.5G") or hex ("0x1000";
 * a suffix on hex warns, as QEMU 7.2). default_suffix applies to bare numbers ('B' for bytes,
 * 'M' for -m).
 */
int parse_size(const char *str, char default_suffix, uint64_t *out);

#endif
