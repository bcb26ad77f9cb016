/*
 * 8254 PIT channel 0 (ISA IRQ 0): just what the interrupt tests need;
 * channel 2 (gated through port 0x61) as a clock to time the TSC with.
 */
#ifndef GUEST_PIT_H
#define GUEST_PIT_H

#include <stdint.h>

#include "io.h"

#define PIT_CH0         0x40
#define PIT_CH2         0x42
#define PIT_PORT61      0x61    /* bit 0 gate 2, bit 1 speaker, bit 5 OUT2 */
#define PIT_MODE        0x43
#define PIT_FREQ_HZ     1193182
#define PIT_DIVISOR_1MS 1193

/* Channel 0, LSB then MSB, the given mode (0-5), binary. */
static inline void pit_ch0_program(unsigned mode, uint16_t count)
{
    outb(PIT_MODE, 0x30 | (mode & 7) << 1);
    outb(PIT_CH0, (uint8_t)count);
    outb(PIT_CH0, (uint8_t)(count >> 8));
}

/* Mode 2 (rate generator): one IRQ 0 edge every divisor clocks. */
static inline void pit_ch0_periodic(uint16_t divisor)
{
    pit_ch0_program(2, divisor);
}

/*
 * TSC cycles per millisecond, timed against channel 2 counting 2 ms in
 * mode 0 (OUT2 rises at the end; the speaker stays off). The TSC is read
 * before the count starts and after OUT2 is seen high, so a vCPU that is
 * preempted can only make a measurement too long: the smallest of
 * `tries` is kept (short tries, so that one of them likely ran whole on
 * a busy host; each exit adds well under 1%). 0 if OUT2 never rose
 * within about 100 ms (no PIT).
 */
static inline uint64_t pit_tsc_per_ms(int tries)
{
    uint64_t best = 0;

    for (int i = 0; i < tries; i++) {
        uint16_t count = 2 * PIT_DIVISOR_1MS;
        uint64_t t0, t, limit;

        outb(PIT_PORT61, (inb(PIT_PORT61) & 0x0c) | 0x01);
        outb(PIT_MODE, 0xb0);           /* channel 2, LSB+MSB, mode 0 */
        outb(PIT_CH2, (uint8_t)count);
        t0 = rdtsc();
        outb(PIT_CH2, (uint8_t)(count >> 8));   /* counting starts */
        limit = t0 + 400000000ULL;      /* 100 ms at 4 GHz */
        while (!(inb(PIT_PORT61) & 0x20)) {
            if (rdtsc() > limit) {
                return 0;
            }
        }
        t = rdtsc();
        if (!best || t - t0 < best) {
            best = t - t0;
        }
    }
    outb(PIT_PORT61, inb(PIT_PORT61) & 0x0c);
    return best / 2;
}

/* Spin for ms milliseconds of a TSC running at tsc_per_ms. */
static inline void pit_delay_ms(uint64_t tsc_per_ms, unsigned ms)
{
    uint64_t deadline = rdtsc() + ms * tsc_per_ms;

    while (rdtsc() < deadline) {
        cpu_relax();
    }
}

#endif /* GUEST_PIT_H */
