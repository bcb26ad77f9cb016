/*
 * Bounded waiting without calibration (too slow at ~1 MIPS): assume the
 * TSC runs at most at 4 GHz, so a wait is at least as long as asked and
 * at most a few times longer. Waits spin with interrupts as they are.
 */
#ifndef GUEST_DELAY_H
#define GUEST_DELAY_H

#include <stdbool.h>
#include <stdint.h>

#include "io.h"

#define TSC_PER_MS_GUESS    4000000ULL

static inline uint64_t tsc_deadline_ms(unsigned ms)
{
    return rdtsc() + ms * TSC_PER_MS_GUESS;
}

static inline void delay_ms(unsigned ms)
{
    uint64_t deadline = tsc_deadline_ms(ms);

    while (rdtsc() < deadline) {
        cpu_relax();
    }
}

/* Until *v >= want or about ms passed; true if *v got there. */
static inline bool wait_count(const volatile int *v, int want, unsigned ms)
{
    uint64_t deadline = tsc_deadline_ms(ms);

    while (*v < want) {
        if (rdtsc() >= deadline) {
            return false;
        }
        cpu_relax();
    }
    return true;
}

#endif /* GUEST_DELAY_H */
