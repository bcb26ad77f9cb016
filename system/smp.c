/*
 * -smp topology parsing.
 */
#include "qemu/osdep.h"
#include "sysemu/smp.h"

void smp_default(struct smp_config *smp)
{
    *smp = (struct smp_config){
        .cpus = 1, .sockets = 1, .dies = 1, .cores = 1, .threads = 1,
        .max_cpus = 1,
    };
}

static int get_count(struct kv_opts *o, const char *key, unsigned *out,
                     Error **errp)
{
    uint64_t v = 0;

    if (kv_get_u64(o, key, &v, errp) < 0) {
        return -EINVAL;
    }
    if (v > UINT32_MAX) {
        error_setg(errp, "Parameter '%s' expects uint32_t", key);
        return -EINVAL;
    }
    *out = v;
    return 0;
}

/* Fill the values the user left out (0 = omitted). */
static void smp_fill_omitted(unsigned *cpus, unsigned *sockets,
                             unsigned dies, unsigned *cores,
                             unsigned *threads, unsigned *maxcpus)
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

int smp_parse(const char *str, unsigned machine_max, struct smp_config *smp,
              Error **errp)
{
    struct kv_opts *o = kv_parse(str, "cpus", errp);
    unsigned cpus = 0, sockets = 0, dies = 0, cores = 0, threads = 0;
    unsigned maxcpus = 0;
    unsigned total;
    int ret = -EINVAL;

    if (!o) {
        return -EINVAL;
    }
    if (get_count(o, "cpus", &cpus, errp) < 0 ||
        get_count(o, "sockets", &sockets, errp) < 0 ||
        get_count(o, "dies", &dies, errp) < 0 ||
        get_count(o, "cores", &cores, errp) < 0 ||
        get_count(o, "threads", &threads, errp) < 0 ||
        get_count(o, "maxcpus", &maxcpus, errp) < 0) {
        goto out;
    }
    if (kv_has(o, "clusters") || kv_has(o, "books") || kv_has(o, "drawers")) {
        error_setg(errp, "clusters, books and drawers are not supported by "
                   "this machine's CPU topology");
        goto out;
    }
    if (kv_check_unused(o, errp) < 0) {
        goto out;
    }
    dies = dies ? dies : 1;
    smp_fill_omitted(&cpus, &sockets, dies, &cores, &threads, &maxcpus);
    if (!sockets || !cores || !threads) {
        error_setg(errp, "Invalid CPU topology: every level must be at "
                   "least 1");
        goto out;
    }
    total = sockets * dies * cores * threads;
    maxcpus = maxcpus ? maxcpus : total;
    cpus = cpus ? cpus : maxcpus;
    if (total != maxcpus) {
        error_setg(errp, "Invalid CPU topology: product of the hierarchy "
                   "must match maxcpus: sockets (%u) * dies (%u) * cores "
                   "(%u) * threads (%u) != maxcpus (%u)", sockets, dies,
                   cores, threads, maxcpus);
        goto out;
    }
    if (maxcpus < cpus) {
        error_setg(errp, "Invalid CPU topology: maxcpus must be equal to or "
                   "greater than smp: sockets (%u) * dies (%u) * cores (%u) "
                   "* threads (%u) == maxcpus (%u) < smp_cpus (%u)", sockets,
                   dies, cores, threads, maxcpus, cpus);
        goto out;
    }
    if (maxcpus > machine_max) {
        error_setg(errp, "Invalid SMP CPUs %u. The max CPUs supported by "
                   "machine 'pc-i440fx-7.2' is %u", maxcpus, machine_max);
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
