/*
 * The 8259A pair: master at 0x20/0x21, slave at 0xa0/0xa1 on master
 * input 2, edge/level control (ELCR) at 0x4d0/0x4d1. IRQ numbers are
 * 0-15, bit n of a 16-bit mask is IRQ n (slave in the high byte).
 */
#ifndef GUEST_PIC_H
#define GUEST_PIC_H

#include <stdint.h>

#define PIC_MASTER_CMD      0x20
#define PIC_MASTER_DATA     0x21
#define PIC_SLAVE_CMD       0xa0
#define PIC_SLAVE_DATA      0xa1
#define PIC_ELCR_MASTER     0x4d0
#define PIC_ELCR_SLAVE      0x4d1

#define PIC_ICW1_INIT       0x10
#define PIC_ICW1_IC4        0x01
#define PIC_ICW4_8086       0x01
#define PIC_OCW2_EOI        0x20    /* non-specific */
#define PIC_OCW2_SEOI       0x60    /* specific: | level */
#define PIC_OCW3_READ_IRR   0x0a
#define PIC_OCW3_READ_ISR   0x0b
#define PIC_OCW3_POLL       0x0c
#define PIC_CASCADE_IRQ     2

/*
 * ICW1-4 on both chips: edge mode (ELCR is separate and kept), 8086
 * mode, normal EOI, cascade on IRQ 2; then IMR = imr.
 */
void pic_init(uint8_t master_base, uint8_t slave_base, uint16_t imr);
void pic_set_imr(uint16_t imr);
uint16_t pic_imr(void);
uint16_t pic_irr(void);         /* via OCW3; leaves IRR selected */
uint16_t pic_isr(void);         /* via OCW3; selects IRR again after */
/* Non-specific EOI: to the slave and the master for IRQ 8-15. */
void pic_eoi(unsigned irq);
void pic_set_elcr(uint16_t elcr);
uint16_t pic_elcr(void);

#endif /* GUEST_PIC_H */
