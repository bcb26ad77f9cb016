/* 8254 PIT channel 0 (ISA IRQ 0): just what the interrupt tests need. */
#ifndef GUEST_PIT_H
#define GUEST_PIT_H

#include <stdint.h>

#include "io.h"

#define PIT_CH0         0x40
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

#endif /* GUEST_PIT_H */
