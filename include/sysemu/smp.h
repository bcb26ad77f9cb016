/*
 * -smp parsing with QEMU 7.2's rules for omitted values (cores are
 * preferred over sockets, as for pc machine types since 6.2).
 */
#ifndef SYSEMU_SMP_H
#define SYSEMU_SMP_H

#include "hw/boards.h"
#include "qemu/keyval.h"

/* Largest CPU count the pc machine accepts (as QEMU's i440FX board). */
#define PC_MAX_CPUS 255

/*
 * Parse "-smp" option string (implied key "cpus") into smp. max_cpus is
 * the machine's limit. Returns 0 or -EINVAL with QEMU's messages.
 */
int smp_parse(const char *str, unsigned machine_max, struct smp_config *smp,
              Error **errp);
/* The default topology: 1 CPU. */
void smp_default(struct smp_config *smp);

#endif
