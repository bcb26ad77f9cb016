/*
 * 8259A PIC pair through the qtest protocol. The master's INTR output is
 * watched with irq_intercept_out (pin 0), inputs are driven with
 * set_irq_in, and the interrupt acknowledge is the OCW3 poll command (the
 * only INTA a CPU-less test has: a poll read is the acknowledge cycle).
 * Covered: ICW1-ICW4, OCW1 masking, IRR/ISR reads, fully nested
 * priorities, non-specific/specific EOI, AEOI (with and without
 * rotation), rotate on EOI, set priority, special mask mode, edge vs
 * level via the ELCR and LTIM, the cascade, and a request that vanishes
 * before the acknowledge (what becomes a spurious IRQ 7 on a CPU; the
 * vector itself is checked by tests/unit/intc/test-i8259.c through the
 * INTA path qtest cannot reach).
 *
 * Reference: Intel 8259A datasheet; QEMU 7.2 hw/intc/i8259.c where the
 * datasheet leaves room (poll with nothing pending reads 0, ELCR masks
 * 0xf8/0xde).
 */
#include "qtest-pc.h"

#define M_CMD 0x20
#define M_DATA 0x21
#define S_CMD 0xa0
#define S_DATA 0xa1
#define ELCR_M 0x4d0
#define ELCR_S 0x4d1

#define OCW3_READ_IRR 0x0a
#define OCW3_READ_ISR 0x0b
#define OCW3_POLL 0x0c
#define OCW2_EOI 0x20
#define OCW2_SEOI(n) (0x60 | (n))
#define OCW2_ROTATE_EOI 0xa0
#define OCW2_SET_PRIO(n) (0xc0 | (n))
#define OCW2_ROTATE_AEOI_SET 0x80

static QTestState *start(void)
{
    QTestState *s = pc_start("-machine pc,pit=off -nodefaults");

    qtest_irq_intercept_out(s, PC_PIC_MASTER(s));
    return s;
}

/* The PC BIOS programming: vectors 0x08/0x70, cascade on IR2. */
static void init_pics(QTestState *s, uint8_t icw4)
{
    qtest_outb(s, M_CMD, 0x11);
    qtest_outb(s, M_DATA, 0x08);
    qtest_outb(s, M_DATA, 0x04);
    qtest_outb(s, M_DATA, icw4);
    qtest_outb(s, S_CMD, 0x11);
    qtest_outb(s, S_DATA, 0x70);
    qtest_outb(s, S_DATA, 0x02);
    qtest_outb(s, S_DATA, icw4);
}

static void line(QTestState *s, int irq, int level)
{
    qtest_set_irq_in(s, irq < 8 ? PC_PIC_MASTER(s) : PC_PIC_SLAVE(s), NULL,
                     irq & 7, level);
}

static void pulse(QTestState *s, int irq)
{
    line(s, irq, 1);
    line(s, irq, 0);
}

static bool intr(QTestState *s)
{
    return qtest_get_irq(s, 0);
}

static uint8_t poll(QTestState *s, uint16_t cmd)
{
    qtest_outb(s, cmd, OCW3_POLL);
    return qtest_inb(s, cmd);
}

static uint8_t read_irr(QTestState *s, uint16_t cmd)
{
    qtest_outb(s, cmd, OCW3_READ_IRR);
    return qtest_inb(s, cmd);
}

static uint8_t read_isr(QTestState *s, uint16_t cmd)
{
    qtest_outb(s, cmd, OCW3_READ_ISR);
    return qtest_inb(s, cmd);
}

static void test_init_and_registers(void)
{
    QTestState *s = start();

    init_pics(s, 0x01);
    /* ICW1 leaves IMR clear; OCW1 sets it. */
    g_assert_cmphex(qtest_inb(s, M_DATA), ==, 0x00);
    qtest_outb(s, M_DATA, 0xa5);
    qtest_outb(s, S_DATA, 0x5a);
    g_assert_cmphex(qtest_inb(s, M_DATA), ==, 0xa5);
    g_assert_cmphex(qtest_inb(s, S_DATA), ==, 0x5a);
    /* A new ICW1 clears IMR again. */
    init_pics(s, 0x01);
    g_assert_cmphex(qtest_inb(s, M_DATA), ==, 0x00);
    g_assert_cmphex(read_irr(s, M_CMD), ==, 0);
    g_assert_cmphex(read_isr(s, M_CMD), ==, 0);
    /* ELCR: IRQ 0, 1, 2, 8 and 13 are always edge (PIIX). */
    qtest_outb(s, ELCR_M, 0xff);
    qtest_outb(s, ELCR_S, 0xff);
    g_assert_cmphex(qtest_inb(s, ELCR_M), ==, 0xf8);
    g_assert_cmphex(qtest_inb(s, ELCR_S), ==, 0xde);
    g_assert_false(intr(s));
    qtest_quit(s);
}

static void test_edge_poll_eoi(void)
{
    QTestState *s = start();

    init_pics(s, 0x01);
    line(s, 3, 1);
    g_assert_true(intr(s));
    g_assert_cmphex(read_irr(s, M_CMD), ==, 0x08);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x83);
    g_assert_false(intr(s));
    g_assert_cmphex(read_isr(s, M_CMD), ==, 0x08);
    g_assert_cmphex(read_irr(s, M_CMD), ==, 0x00);
    qtest_outb(s, M_CMD, OCW2_EOI);
    g_assert_cmphex(read_isr(s, M_CMD), ==, 0);
    /* Edge: a line held high does not request again. */
    g_assert_false(intr(s));
    line(s, 3, 0);
    g_assert_false(intr(s));
    /* A new rising edge does; lowering the line does not cancel it. */
    pulse(s, 3);
    g_assert_true(intr(s));
    g_assert_cmphex(poll(s, M_CMD), ==, 0x83);
    qtest_outb(s, M_CMD, OCW2_EOI);
    /* Poll with nothing pending: bit 7 clear (QEMU reads 0). */
    g_assert_cmphex(poll(s, M_CMD), ==, 0x00);
    qtest_quit(s);
}

static void test_priorities(void)
{
    QTestState *s = start();

    init_pics(s, 0x01);
    pulse(s, 5);
    pulse(s, 3);
    g_assert_cmphex(read_irr(s, M_CMD), ==, 0x28);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x83);
    /* IR5 is lower priority than IR3 in service: INTR stays low. */
    g_assert_false(intr(s));
    /* A higher one still interrupts (fully nested). */
    pulse(s, 1);
    g_assert_true(intr(s));
    g_assert_cmphex(poll(s, M_CMD), ==, 0x81);
    g_assert_cmphex(read_isr(s, M_CMD), ==, 0x0a);
    /* Non-specific EOI ends the highest in service (IR1). */
    qtest_outb(s, M_CMD, OCW2_EOI);
    g_assert_cmphex(read_isr(s, M_CMD), ==, 0x08);
    g_assert_false(intr(s));
    qtest_outb(s, M_CMD, OCW2_EOI);
    g_assert_true(intr(s));
    g_assert_cmphex(poll(s, M_CMD), ==, 0x85);
    /* Specific EOI names the level. */
    qtest_outb(s, M_CMD, OCW2_SEOI(4));
    g_assert_cmphex(read_isr(s, M_CMD), ==, 0x20);
    qtest_outb(s, M_CMD, OCW2_SEOI(5));
    g_assert_cmphex(read_isr(s, M_CMD), ==, 0x00);
    qtest_quit(s);
}

static void test_masking(void)
{
    QTestState *s = start();

    init_pics(s, 0x01);
    qtest_outb(s, M_DATA, 0x10);
    pulse(s, 4);
    g_assert_false(intr(s));
    /* Masked requests still show in IRR... */
    g_assert_cmphex(read_irr(s, M_CMD), ==, 0x10);
    /* ...and interrupt once unmasked. */
    qtest_outb(s, M_DATA, 0x00);
    g_assert_true(intr(s));
    qtest_outb(s, M_DATA, 0x10);
    g_assert_false(intr(s));
    qtest_outb(s, M_DATA, 0x00);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x84);
    qtest_quit(s);
}

static void test_level_elcr(void)
{
    QTestState *s = start();

    init_pics(s, 0x01);
    qtest_outb(s, ELCR_M, 0x20);
    line(s, 5, 1);
    g_assert_true(intr(s));
    g_assert_cmphex(poll(s, M_CMD), ==, 0x85);
    /* Level: the request stays in IRR while the line is high... */
    g_assert_cmphex(read_irr(s, M_CMD), ==, 0x20);
    g_assert_false(intr(s));
    /* ...so it interrupts again after the EOI. */
    qtest_outb(s, M_CMD, OCW2_EOI);
    g_assert_true(intr(s));
    /* Lowering the line withdraws it: the would-be spurious case. */
    line(s, 5, 0);
    g_assert_false(intr(s));
    g_assert_cmphex(read_irr(s, M_CMD), ==, 0x00);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x00);
    /* Edge input (ELCR bit clear) for comparison keeps its IRR bit. */
    line(s, 6, 1);
    line(s, 6, 0);
    g_assert_cmphex(read_irr(s, M_CMD), ==, 0x40);
    qtest_quit(s);
}

/* LTIM (ICW1 bit 3) makes every input of the chip level-triggered. */
static void test_ltim(void)
{
    QTestState *s = start();

    qtest_outb(s, M_CMD, 0x19);
    qtest_outb(s, M_DATA, 0x08);
    qtest_outb(s, M_DATA, 0x04);
    qtest_outb(s, M_DATA, 0x01);
    line(s, 7, 1);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x87);
    qtest_outb(s, M_CMD, OCW2_EOI);
    g_assert_true(intr(s));
    line(s, 7, 0);
    g_assert_false(intr(s));
    qtest_quit(s);
}

static void test_cascade(void)
{
    QTestState *s = start();

    init_pics(s, 0x01);
    line(s, 10, 1);
    g_assert_true(intr(s));
    g_assert_cmphex(read_irr(s, S_CMD), ==, 0x04);
    g_assert_cmphex(read_irr(s, M_CMD), ==, 0x04);
    /* The master answers with its cascade input, the slave with IR2. */
    g_assert_cmphex(poll(s, M_CMD), ==, 0x82);
    g_assert_cmphex(poll(s, S_CMD), ==, 0x82);
    g_assert_cmphex(read_isr(s, M_CMD), ==, 0x04);
    g_assert_cmphex(read_isr(s, S_CMD), ==, 0x04);
    g_assert_false(intr(s));
    /* Slave requests wait for the master's IR2 EOI too. */
    pulse(s, 9);
    g_assert_false(intr(s));
    qtest_outb(s, S_CMD, OCW2_EOI);
    qtest_outb(s, M_CMD, OCW2_EOI);
    g_assert_true(intr(s));
    g_assert_cmphex(poll(s, M_CMD), ==, 0x82);
    g_assert_cmphex(poll(s, S_CMD), ==, 0x81);
    qtest_outb(s, S_CMD, OCW2_EOI);
    qtest_outb(s, M_CMD, OCW2_EOI);
    /* Masking IR2 on the master hides the whole slave. */
    qtest_outb(s, M_DATA, 0x04);
    pulse(s, 14);
    g_assert_false(intr(s));
    qtest_outb(s, M_DATA, 0x00);
    g_assert_true(intr(s));
    qtest_quit(s);
}

static void test_auto_eoi(void)
{
    QTestState *s = start();

    init_pics(s, 0x03);
    pulse(s, 4);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x84);
    /* AEOI: nothing stays in service. */
    g_assert_cmphex(read_isr(s, M_CMD), ==, 0x00);
    pulse(s, 6);
    g_assert_true(intr(s));
    /* Rotate in AEOI: the serviced level becomes the lowest. */
    qtest_outb(s, M_CMD, OCW2_ROTATE_AEOI_SET);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x86);
    pulse(s, 6);
    pulse(s, 7);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x87);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x86);
    qtest_quit(s);
}

static void test_rotation(void)
{
    QTestState *s = start();

    init_pics(s, 0x01);
    /* Rotate on non-specific EOI: IR3 becomes the lowest priority. */
    pulse(s, 3);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x83);
    qtest_outb(s, M_CMD, OCW2_ROTATE_EOI);
    pulse(s, 3);
    pulse(s, 4);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x84);
    qtest_outb(s, M_CMD, OCW2_EOI);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x83);
    qtest_outb(s, M_CMD, OCW2_EOI);
    /* Set priority: IR5 lowest, so IR6 is now the highest. */
    qtest_outb(s, M_CMD, OCW2_SET_PRIO(5));
    pulse(s, 0);
    pulse(s, 6);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x86);
    qtest_outb(s, M_CMD, OCW2_SEOI(6));
    g_assert_cmphex(poll(s, M_CMD), ==, 0x80);
    /* Rotate on specific EOI (0xe0 | level). */
    qtest_outb(s, M_CMD, 0xe0 | 0);
    pulse(s, 0);
    pulse(s, 1);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x81);
    qtest_quit(s);
}

/* Special mask mode: a level in service does not block lower ones. */
static void test_special_mask(void)
{
    QTestState *s = start();

    init_pics(s, 0x01);
    pulse(s, 2 + 1);
    g_assert_cmphex(poll(s, M_CMD), ==, 0x83);
    pulse(s, 6);
    g_assert_false(intr(s));
    qtest_outb(s, M_DATA, 0x08);        /* mask the level in service */
    qtest_outb(s, M_CMD, 0x68);         /* OCW3: set special mask */
    g_assert_true(intr(s));
    g_assert_cmphex(poll(s, M_CMD), ==, 0x86);
    g_assert_cmphex(read_isr(s, M_CMD), ==, 0x48);
    qtest_outb(s, M_CMD, OCW2_SEOI(6));
    qtest_outb(s, M_CMD, 0x48);         /* OCW3: reset special mask */
    pulse(s, 5);
    g_assert_false(intr(s));            /* IR3 in service blocks again */
    qtest_outb(s, M_CMD, OCW2_SEOI(3));
    g_assert_true(intr(s));
    qtest_quit(s);
}

/* The ISA lines reach the PIC through the board's GSI fan-out. */
static void test_isa_wiring(void)
{
    QTestState *s = pc_start("-machine pc -nodefaults "
                             "-global isa-pit.lost_tick_policy=discard");

    qtest_irq_intercept_out(s, PC_PIC_MASTER(s));
    init_pics(s, 0x01);
    qtest_outb(s, M_DATA, 0xfe);        /* only IRQ 0 (the PIT) */
    qtest_outb(s, S_DATA, 0xff);
    /* The PIT's first rising edge (mode 3, count 65536) after one
     * period of 65536 / 1.193182 MHz. */
    while (!intr(s)) {
        g_assert_cmpint(qtest_clock_step_next(s), <, 60000000);
    }
    g_assert_cmphex(poll(s, M_CMD), ==, 0x80);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("i8259/init-and-registers", test_init_and_registers);
    qtest_add_func("i8259/edge-poll-eoi", test_edge_poll_eoi);
    qtest_add_func("i8259/priorities", test_priorities);
    qtest_add_func("i8259/masking", test_masking);
    qtest_add_func("i8259/level-elcr", test_level_elcr);
    qtest_add_func("i8259/ltim", test_ltim);
    qtest_add_func("i8259/cascade", test_cascade);
    qtest_add_func("i8259/auto-eoi", test_auto_eoi);
    qtest_add_func("i8259/rotation", test_rotation);
    qtest_add_func("i8259/special-mask", test_special_mask);
    qtest_add_func("i8259/isa-wiring", test_isa_wiring);
    return g_test_run();
}
