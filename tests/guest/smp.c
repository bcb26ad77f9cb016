/*
 * Run with -smp N (N >= 2): the BSP wakes the APs with INIT + SIPI + SIPI,
 * each AP enters long mode through the real-mode trampoline and checks in
 * with its APIC ID; the count must match fw_cfg NB_CPUS.
 */
#include "guest.h"

/* Generous: an AP runs a few hundred instructions at ~1 MIPS. */
#define AP_TIMEOUT_MS   3000

static bool ids_distinct(const volatile uint32_t *ids, int n)
{
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            if (ids[i] == ids[j]) {
                return false;
            }
        }
    }
    return true;
}

int main(void)
{
    int expected = fwcfg_read_u16(FW_CFG_NB_CPUS);
    int online;

    report(expected >= 2, "fw_cfg NB_CPUS >= 2 (run with -smp 2)");
    report_info("BSP APIC ID %u", lapic_id());
    online = smp_start_aps(expected, AP_TIMEOUT_MS);
    report_eq(online, expected, "all NB_CPUS CPUs checked in");
    for (int i = 1; i < online && i < MAX_CPUS; i++) {
        report_info("AP %d: APIC ID %u", i, smp_apic_ids[i]);
    }
    report(ids_distinct(smp_apic_ids, online < MAX_CPUS ? online : MAX_CPUS),
           "APIC IDs are distinct");
    report_summary();
}
