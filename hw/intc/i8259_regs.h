/*
 * Intel 8259A programmable interrupt controller: command words and bits,
 * named after the datasheet (order no. 231468). Offsets are from the
 * chip's base port (0x20 master, 0xa0 slave).
 */
#ifndef HW_INTC_I8259_REGS_H
#define HW_INTC_I8259_REGS_H

/* Ports (A0 line). */
#define PIC_PORT_CMD 0   /* A0=0: ICW1, OCW2, OCW3 / IRR, ISR, poll */
#define PIC_PORT_DATA 1  /* A0=1: ICW2-4, OCW1 / IMR */
#define PIC_PORT_COUNT 2

#define PIC_NUM_INPUTS 8
#define PIC_CASCADE_IR 2     /* the PC's slave sits on master IR2 */
#define PIC_SPURIOUS_IR 7    /* vector offset of a spurious interrupt */

/* A command-port write is ICW1 when D4 is set, else OCW3 when D3 is. */
#define PIC_ICW1_SEL 0x10
#define PIC_OCW3_SEL 0x08

/* ICW1 */
#define PIC_ICW1_IC4 0x01    /* ICW4 follows */
#define PIC_ICW1_SNGL 0x02   /* single chip: no ICW3 */
#define PIC_ICW1_ADI 0x04    /* call address interval (8080 only) */
#define PIC_ICW1_LTIM 0x08   /* level-triggered inputs, whole chip */

/* ICW2: T7-T3 of the vector; T2-T0 come from the IR level. */
#define PIC_ICW2_BASE_MASK 0xf8

/* ICW4 */
#define PIC_ICW4_UPM 0x01    /* 8086/8088 mode */
#define PIC_ICW4_AEOI 0x02   /* automatic end of interrupt */
#define PIC_ICW4_MS 0x04     /* buffered mode: master (1) / slave (0) */
#define PIC_ICW4_BUF 0x08    /* buffered mode */
#define PIC_ICW4_SFNM 0x10   /* special fully nested mode */

/* OCW2: R, SL, EOI in D7-D5 and the level in L2-L0. */
#define PIC_OCW2_CMD_SHIFT 5
#define PIC_OCW2_LEVEL_MASK 0x07
#define PIC_OCW2_ROTATE_AEOI_CLEAR 0  /* R=0 SL=0 EOI=0 */
#define PIC_OCW2_EOI 1                /* non-specific EOI */
#define PIC_OCW2_NOP 2                /* SL=1 without R or EOI */
#define PIC_OCW2_SPECIFIC_EOI 3
#define PIC_OCW2_ROTATE_AEOI_SET 4    /* R=1 SL=0 EOI=0 */
#define PIC_OCW2_ROTATE_EOI 5         /* rotate on non-specific EOI */
#define PIC_OCW2_SET_PRIORITY 6       /* L becomes the lowest priority */
#define PIC_OCW2_ROTATE_SPECIFIC_EOI 7

/* OCW3 */
#define PIC_OCW3_RIS 0x01    /* read ISR (1) or IRR (0)... */
#define PIC_OCW3_RR 0x02     /* ...when RR is set */
#define PIC_OCW3_P 0x04      /* poll command */
#define PIC_OCW3_SMM 0x20    /* special mask mode on (1) / off (0)... */
#define PIC_OCW3_ESMM 0x40   /* ...when ESMM is set */

/* Poll word: I (bit 7) = a request was pending, W2-W0 = its level. */
#define PIC_POLL_INT 0x80

/* Initialization sequence: the next data-port write is... */
enum pic_init_state {
    PIC_INIT_DONE,       /* OCW1 (IMR) */
    PIC_INIT_ICW2,
    PIC_INIT_ICW3,
    PIC_INIT_ICW4,
};

/* ELCR (PIIX/ICH edge/level control): bit n set = IRn level-triggered. */
#define PIC_ELCR_MASK_MASTER 0xf8  /* IRQ 0, 1, 2 are always edge */
#define PIC_ELCR_MASK_SLAVE 0xde   /* IRQ 8 and 13 are always edge */

#endif
