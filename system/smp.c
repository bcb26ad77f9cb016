/*
 * -smp topology parsing.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "sysemu/smp.h"

void smp_default(struct smp_config *smp)
{
    *smp = (struct smp_config){
        .cpus = 1, .sockets = 1, .dies = 1, .cores = 1, .threads = 1,
        .max_cpus = 1,
    };
}

/* QEMU 7.2's SMPConfiguration members, in its order. */
enum { SMP_CPUS, SMP_SOCKETS, SMP_DIES, SMP_CLUSTERS, SMP_CORES,
       SMP_THREADS, SMP_MAXCPUS, SMP_NKEYS };
static const char *const smp_keys[SMP_NKEYS] = {
    "cpus", "sockets", "dies", "clusters", "cores", "threads", "maxcpus",
};

/*
 * Read every member (0 = omitted). Messages are QEMU's, which names the
 * members "smp.KEY" because it visits them as a QAPI structure.
 */
static int smp_read_values(struct kv_opts *o, uint64_t v[SMP_NKEYS],
                           Error **errp)
{
    bool zero = false;

    for (int i = 0; i < SMP_NKEYS; i++) {
        const char *s = kv_get(o, smp_keys[i]);

        v[i] = 0;
        if (s && parse_uint64(s, &v[i]) < 0) {
            error_setg(errp, "Parameter 'smp.%s' expects integer",
                       smp_keys[i]);
            return -EINVAL;
        }
        zero |= s && v[i] == 0;
    }
    for (guint i = 0; i < o->pairs->len; i++) {
        const struct kv_pair *kv = g_ptr_array_index(o->pairs, i);

        if (!kv->used) {
            error_setg(errp, "Parameter 'smp.%s' is unexpected", kv->key);
            return -EINVAL;
        }
    }
    if (zero) {
        /* QEMU 7.2 still accepts an explicit 0 as "omitted". */
        warn_report("Deprecated CPU topology (considered invalid): CPU "
                    "topology parameters must be greater than zero");
    }
    return 0;
}

/* Fill the values the user left out (0 = omitted): cores before sockets,
 * as pc machine types since 6.2. */
static void smp_fill_omitted(uint64_t *cpus, uint64_t *sockets,
                             uint64_t dies, uint64_t *cores,
                             uint64_t *threads, uint64_t *maxcpus)
{
    if (*cpus == 0 && *maxcpus == 0) {
        *sockets = *sockets ? *sockets : 1;
        *cores = *cores ? *cores : 1;
        *threads = *threads ? *threads : 1;
        return;
    }
    *maxcpus = *maxcpus ? *maxcpus : *cpus;
    if (*cores == 0) {
        *sockets = *sockets ? *sockets : 1;
        *threads = *threads ? *threads : 1;
        *cores = *maxcpus / (*sockets * dies * *threads);
    } else if (*sockets == 0) {
        *threads = *threads ? *threads : 1;
        *sockets = *maxcpus / (dies * *cores * *threads);
    }
    if (*threads == 0) {
        *threads = *maxcpus / (*sockets * dies * *cores);
    }
}

/* Values too large for any machine would overflow the products below. */
#define SMP_VALUE_LIMIT 0xffffffffu

int smp_parse(const char *str, unsigned machine_max, struct smp_config *smp,
              Error **errp)
{
    struct kv_opts *o = kv_parse(str, "cpus", errp);
    uint64_t v[SMP_NKEYS];
    uint64_t cpus, sockets, dies, cores, threads, maxcpus, total;
    int ret = -EINVAL;

    if (!o) {
        return -EINVAL;
    }
    if (smp_read_values(o, v, errp) < 0) {
        goto out;
    }
    if (v[SMP_CLUSTERS] > 1) {
        error_setg(errp, "clusters not supported by this machine's CPU "
                   "topology");
        goto out;
    }
    for (int i = 0; i < SMP_NKEYS; i++) {
        if (v[i] > SMP_VALUE_LIMIT) {
            error_setg(errp, "Invalid SMP CPUs %" PRIu64 ". The max CPUs "
                       "supported by machine 'pc-i440fx-7.2' is %u", v[i],
                       machine_max);
            goto out;
        }
    }
    cpus = v[SMP_CPUS];
    sockets = v[SMP_SOCKETS];
    dies = v[SMP_DIES] ? v[SMP_DIES] : 1;
    cores = v[SMP_CORES];
    threads = v[SMP_THREADS];
    maxcpus = v[SMP_MAXCPUS];
    smp_fill_omitted(&cpus, &sockets, dies, &cores, &threads, &maxcpus);
    if (__builtin_mul_overflow(sockets * dies, cores, &total) ||
        __builtin_mul_overflow(total, threads, &total)) {
        total = UINT64_MAX;   /* cannot match maxcpus, which is <= 2^32 */
    }
    maxcpus = maxcpus ? maxcpus : total;
    cpus = cpus ? cpus : maxcpus;
    if (total != maxcpus) {
        error_setg(errp, "Invalid CPU topology: product of the hierarchy "
                   "must match maxcpus: sockets (%" PRIu64 ") * dies (%"
                   PRIu64 ") * cores (%" PRIu64 ") * threads (%" PRIu64
                   ") != maxcpus (%" PRIu64 ")", sockets, dies, cores,
                   threads, maxcpus);
        goto out;
    }
    if (maxcpus < cpus) {
        error_setg(errp, "Invalid CPU topology: maxcpus must be equal to or "
                   "greater than smp: sockets (%" PRIu64 ") * dies (%" PRIu64
                   ") * cores (%" PRIu64 ") * threads (%" PRIu64 ") == "
                   "maxcpus (%" PRIu64 ") < smp_cpus (%" PRIu64 ")",
                   sockets, dies, cores, threads, maxcpus, cpus);
        goto out;
    }
    if (maxcpus > machine_max) {
        error_setg(errp, "Invalid SMP CPUs %" PRIu64 ". The max CPUs "
                   "supported by machine 'pc-i440fx-7.2' is %u", maxcpus,
                   machine_max);
        goto out;
    }
    *smp = (struct smp_config){
        .cpus = cpus, .sockets = sockets, .dies = dies, .cores = cores,
        .threads = threads, .max_cpus = maxcpus,
    };
    ret = 0;
out:
    kv_free(o);
    return ret;
}
