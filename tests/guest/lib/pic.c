/* 8259A helpers (see pic.h). */
#include "io.h"
#include "pic.h"

void pic_init(uint8_t master_base, uint8_t slave_base, uint16_t imr)
{
    outb(PIC_MASTER_CMD, PIC_ICW1_INIT | PIC_ICW1_IC4);
    outb(PIC_MASTER_DATA, master_base);             /* ICW2 */
    outb(PIC_MASTER_DATA, 1 << PIC_CASCADE_IRQ);    /* ICW3: slave on 2 */
    outb(PIC_MASTER_DATA, PIC_ICW4_8086);
    outb(PIC_SLAVE_CMD, PIC_ICW1_INIT | PIC_ICW1_IC4);
    outb(PIC_SLAVE_DATA, slave_base);
    outb(PIC_SLAVE_DATA, PIC_CASCADE_IRQ);          /* ICW3: cascade ID */
    outb(PIC_SLAVE_DATA, PIC_ICW4_8086);
    pic_set_imr(imr);
}

void pic_set_imr(uint16_t imr)
{
    outb(PIC_MASTER_DATA, (uint8_t)imr);
    outb(PIC_SLAVE_DATA, (uint8_t)(imr >> 8));
}

uint16_t pic_imr(void)
{
    return inb(PIC_MASTER_DATA) | inb(PIC_SLAVE_DATA) << 8;
}

uint16_t pic_irr(void)
{
    outb(PIC_MASTER_CMD, PIC_OCW3_READ_IRR);
    outb(PIC_SLAVE_CMD, PIC_OCW3_READ_IRR);
    return inb(PIC_MASTER_CMD) | inb(PIC_SLAVE_CMD) << 8;
}

uint16_t pic_isr(void)
{
    uint16_t v;

    outb(PIC_MASTER_CMD, PIC_OCW3_READ_ISR);
    outb(PIC_SLAVE_CMD, PIC_OCW3_READ_ISR);
    v = inb(PIC_MASTER_CMD) | inb(PIC_SLAVE_CMD) << 8;
    outb(PIC_MASTER_CMD, PIC_OCW3_READ_IRR);
    outb(PIC_SLAVE_CMD, PIC_OCW3_READ_IRR);
    return v;
}

void pic_eoi(unsigned irq)
{
    if (irq >= 8) {
        outb(PIC_SLAVE_CMD, PIC_OCW2_EOI);
    }
    outb(PIC_MASTER_CMD, PIC_OCW2_EOI);
}

void pic_set_elcr(uint16_t elcr)
{
    outb(PIC_ELCR_MASTER, (uint8_t)elcr);
    outb(PIC_ELCR_SLAVE, (uint8_t)(elcr >> 8));
}

uint16_t pic_elcr(void)
{
    return inb(PIC_ELCR_MASTER) | inb(PIC_ELCR_SLAVE) << 8;
}
