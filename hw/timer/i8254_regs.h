/*
 * Intel 8254 programmable interval timer and the PC's port 0x61, named
 * after the 8254 datasheet (order no. 231164). Offsets are from the PIT's
 * base port (0x40).
 */
#ifndef HW_TIMER_I8254_REGS_H
#define HW_TIMER_I8254_REGS_H

/* Ports. */
#define PIT_PORT_COUNTER0 0
#define PIT_PORT_COUNTER2 2
#define PIT_PORT_CONTROL 3      /* control word register, write-only */
#define PIT_PORT_COUNT 4
#define PIT_NUM_CHANNELS 3

/* Control word: SC1-SC0, RW1-RW0, M2-M0, BCD. */
#define PIT_CW_SC_SHIFT 6
#define PIT_CW_SC_READBACK 3    /* SC = 11: read-back command */
#define PIT_CW_RW_SHIFT 4
#define PIT_CW_RW_MASK 3
#define PIT_CW_MODE_SHIFT 1
#define PIT_CW_MODE_MASK 7
#define PIT_CW_BCD 0x01

/* RW field values; also the byte sequencing state of a counter. */
#define PIT_RW_LATCH 0          /* counter latch command */
#define PIT_RW_LSB 1            /* least significant byte only */
#define PIT_RW_MSB 2            /* most significant byte only */
#define PIT_RW_WORD0 3          /* LSB then MSB: LSB next */
#define PIT_RW_WORD1 4          /* LSB then MSB: MSB next */

/* Modes (M2-M0); 6 and 7 are aliases of 2 and 3. */
#define PIT_MODE_INTERRUPT_ON_TC 0
#define PIT_MODE_ONE_SHOT 1
#define PIT_MODE_RATE_GEN 2
#define PIT_MODE_SQUARE_WAVE 3
#define PIT_MODE_SW_STROBE 4
#define PIT_MODE_HW_STROBE 5

/* Read-back command: counts and status are latched when the bit is 0. */
#define PIT_RB_NOT_COUNT 0x20
#define PIT_RB_NOT_STATUS 0x10
#define PIT_RB_CNT(n) (2u << (n))   /* CNT0 is bit 1 */
#define PIT_RB_RESERVED 0x01        /* must be 0 */

/* Status byte. */
#define PIT_STATUS_OUTPUT 0x80
#define PIT_STATUS_NULL_COUNT 0x40
#define PIT_STATUS_RW_SHIFT 4
#define PIT_STATUS_MODE_SHIFT 1
#define PIT_STATUS_BCD 0x01

/* A count of 0 is the largest: 2^16 binary, 10^4 BCD. */
#define PIT_MAX_COUNT_BIN 0x10000
#define PIT_MAX_COUNT_BCD 10000

/* Port 0x61 (PC/AT system control port B). */
#define PORT61_ADDR 0x61
#define PORT61_GATE2 0x01       /* R/W: counter 2 gate */
#define PORT61_SPEAKER 0x02     /* R/W: speaker data enable */
#define PORT61_WRITABLE (PORT61_GATE2 | PORT61_SPEAKER)
#define PORT61_REFRESH 0x10     /* RO: refresh request toggle */
#define PORT61_OUT2 0x20        /* RO: counter 2 output */

#endif
