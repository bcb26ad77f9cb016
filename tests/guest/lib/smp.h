/*
 * AP start-up: INIT + SIPI + SIPI broadcast through the xAPIC ICR; each AP
 * runs trampoline.S, enters long mode on the shared page tables, records
 * its APIC ID and halts (optionally after running a hook).
 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include <stdint.h>

#include "x86-defs.h"

/* APIC IDs in check-in order; [0] is the BSP. */
extern volatile uint32_t smp_apic_ids[MAX_CPUS];

/* Run on each AP after check-in, before it halts. Set before starting. */
extern void (*volatile smp_ap_hook)(int cpu_index);

/*
 * Wake the APs and wait until expected_cpus CPUs (BSP included) have
 * checked in or timeout_ms (roughly; TSC-based) has passed. Returns the
 * number of CPUs that checked in, BSP included.
 */
int smp_start_aps(int expected_cpus, unsigned timeout_ms);

#endif /* GUEST_SMP_H */
