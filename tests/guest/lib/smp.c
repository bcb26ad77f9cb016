/* AP bring-up (see smp.h); the BSP side and the AP's C entry point. */
#include "delay.h"
#include "exceptions.h"
#include "io.h"
#include "lapic.h"
#include "libc.h"
#include "smp.h"
#include "spinlock.h"

extern char ap_trampoline_start[], ap_trampoline_end[];

volatile uint32_t smp_apic_ids[MAX_CPUS];
void (*volatile smp_ap_hook)(int cpu_index);
static volatile int cpus_online = 1;    /* checked in, BSP included */
static volatile int slots_taken = 1;    /* smp_apic_ids[0] is the BSP's */

/* Called by entry.S on the AP's own stack, in long mode. */
void __attribute__((noreturn)) ap_start(void)
{
    uint32_t id = lapic_id();
    int index = atomic_inc(&slots_taken) - 1;

    idt_load();
    if (index < MAX_CPUS) {
        smp_apic_ids[index] = id;
        /* Count only after the ID is stored: the BSP reads it next. */
        atomic_inc(&cpus_online);
        if (smp_ap_hook) {
            smp_ap_hook(index);
        }
    }
    for (;;) {
        asm volatile("cli; hlt");
    }
}

int smp_start_aps(int expected_cpus, unsigned timeout_ms)
{
    uint32_t sipi = APIC_ICR_STARTUP | APIC_DEST_ALL_BUT_SELF |
                    (AP_TRAMPOLINE_ADDR >> 12);
    uint64_t deadline;

    if (expected_cpus > MAX_CPUS) {
        expected_cpus = MAX_CPUS;   /* no stacks for more */
    }
    smp_apic_ids[0] = lapic_id();
    memcpy((void *)AP_TRAMPOLINE_ADDR, ap_trampoline_start,
           ap_trampoline_end - ap_trampoline_start);
    lapic_enable(0xff);
    /*
     * The MP spec asks for 10 ms after INIT and 200 us between SIPIs;
     * virtual CPUs need neither, and a second SIPI to a running AP is
     * ignored, so send all three back to back.
     */
    lapic_send_ipi(0, APIC_ICR_INIT | APIC_ICR_ASSERT | APIC_DEST_ALL_BUT_SELF);
    lapic_send_ipi(0, sipi);
    lapic_send_ipi(0, sipi);

    deadline = tsc_deadline_ms(timeout_ms);
    while (cpus_online < expected_cpus && rdtsc() < deadline) {
        cpu_relax();
    }
    return cpus_online;
}
