/*
 * The 8259A pair as the pc board builds it (i8259_init), driven through
 * its ports like a guest, with inputs raised through the ISA lines and the
 * CPU's acknowledge cycle done with pic_read_irq(). Expected values follow
 * the 8259A datasheet and, where it leaves room, QEMU 7.2.
 */
#include "../hw/hw-test.h"
#include "hw/intc/i8259.h"

#define M_CMD 0x20
#define M_DATA 0x21
#define S_CMD 0xa0
#define S_DATA 0xa1
#define ELCR0 0x4d0
#define ELCR1 0x4d1
#define M_BASE 0x08    /* SeaBIOS's vector bases */
#define S_BASE 0x70

/* OCW3 commands */
#define READ_IRR 0x0a
#define READ_ISR 0x0b
#define POLL 0x0c
#define SMM_ON 0x68
#define SMM_OFF 0x48
/* OCW2 commands */
#define EOI 0x20
#define SEOI(l) (0x60 | (l))
#define ROTATE_EOI 0xa0
#define ROTATE_SEOI(l) (0xe0 | (l))
#define SET_PRIO(l) (0xc0 | (l))
#define ROTATE_AEOI_SET 0x80
#define ROTATE_AEOI_CLEAR 0x00

static struct device *master;
static qemu_irq isa[16];
static struct irq_rec intr;

static void pair_create(void)
{
    qemu_irq line = qemu_allocate_irq(irq_rec_handler, &intr, 0);

    intr = (struct irq_rec){ 0 };
    master = i8259_init(line, isa);
    g_assert_nonnull(master);
}

/* Datasheet init: ICW1 (0x10 | bits), ICW2, ICW3 (unless SNGL), ICW4. */
static void chip_init(uint16_t cmd, uint8_t icw1, uint8_t base,
                      uint8_t icw3, uint8_t icw4)
{
    outb(cmd, 0x10 | icw1);
    outb(cmd + 1, base);
    if (!(icw1 & 0x02)) {
        outb(cmd + 1, icw3);
    }
    if (icw1 & 0x01) {
        outb(cmd + 1, icw4);
    }
}

/* SeaBIOS's programming, everything unmasked. */
static void pair_init_with(uint8_t icw4_master, uint8_t icw4_slave)
{
    pair_create();
    chip_init(M_CMD, 0x01, M_BASE, 0x04, icw4_master);
    chip_init(S_CMD, 0x01, S_BASE, 0x02, icw4_slave);
    outb(M_DATA, 0);
    outb(S_DATA, 0);
}

static void pair_init(void)
{
    pair_init_with(0x01, 0x01);
}

static int set(int n, int level)
{
    return qemu_set_irq_status(isa[n], level);
}

static void pulse(int n)
{
    set(n, 1);
    set(n, 0);
}

static uint8_t reg(uint16_t cmd, uint8_t ocw3)
{
    outb(cmd, ocw3);
    return inb(cmd);
}

#define IRR(cmd) reg((cmd), READ_IRR)
#define ISR(cmd) reg((cmd), READ_ISR)

static int inta(void)
{
    return pic_read_irq(master);
}

static char *info(void)
{
    GString *s = g_string_new(NULL);

    pic_info(master, s);
    return g_string_free(s, false);
}

/* ---- reset and initialization ---- */

static void test_reset_state(void)
{
    char *text;

    pair_create();
    g_assert_cmphex(IRR(M_CMD), ==, 0);
    g_assert_cmphex(ISR(M_CMD), ==, 0);
    g_assert_cmphex(inb(M_DATA), ==, 0);
    g_assert_cmphex(inb(S_DATA), ==, 0);
    g_assert_cmphex(inb(ELCR0), ==, 0);
    g_assert_cmphex(inb(ELCR1), ==, 0);
    g_assert_false(pic_get_output(master));
    /* What QEMU 7.2's "info pic" prints for the pc machine after reset. */
    outb(M_CMD, READ_IRR);
    outb(S_CMD, READ_IRR);
    text = info();
    g_assert_cmpstr(text, ==,
                    "pic1: irr=00 imr=00 isr=00 hprio=0 irq_base=00 "
                    "rr_sel=0 elcr=00 fnm=0\n"
                    "pic0: irr=00 imr=00 isr=00 hprio=0 irq_base=00 "
                    "rr_sel=0 elcr=00 fnm=0\n");
    g_free(text);
    /* QEMU's paths: board devices without a name are unattached. */
    g_assert_cmpstr(master->path, ==, "/machine/unattached/device[0]");
    g_assert_nonnull(device_find("/machine/unattached/device[1]"));
    g_assert_cmpstr(device_find("/machine/unattached/device[1]")->class->name,
                    ==, TYPE_ISA_I8259);
    g_assert_cmpstr(device_get_prop(master, "elcr_mask", NULL), ==, "248");
}

static void test_init_sequence(void)
{
    char *text;

    pair_init();
    outb(M_DATA, 0xa5);
    g_assert_cmphex(inb(M_DATA), ==, 0xa5);
    text = info();
    g_assert_nonnull(strstr(text, "pic0: irr=00 imr=a5 isr=00 hprio=0 "
                                  "irq_base=08 rr_sel=0 elcr=00 fnm=0"));
    g_assert_nonnull(strstr(text, "pic1: irr=00 imr=00 isr=00 hprio=0 "
                                  "irq_base=70"));
    g_free(text);

    /* ICW1 clears IMR and ISR and selects IRR for reading. */
    set(3, 1);
    g_assert_cmpint(inta(), ==, M_BASE + 3);
    g_assert_cmphex(ISR(M_CMD), ==, 0x08);
    outb(M_CMD, 0x11);
    g_assert_cmphex(inb(M_DATA), ==, 0);
    g_assert_cmphex(inb(M_CMD), ==, 0);     /* IRR, and it is empty */
    /* ICW2 keeps only T7-T3. */
    outb(M_DATA, 0x27);
    outb(M_DATA, 0x04);
    outb(M_DATA, 0x01);
    /* Init done: the next data write is OCW1. */
    outb(M_DATA, 0xfe);
    g_assert_cmphex(inb(M_DATA), ==, 0xfe);
    outb(M_DATA, 0x00);
    set(3, 0);
    set(3, 1);
    g_assert_cmpint(inta(), ==, 0x20 + 3);
}

static void test_init_without_icw4(void)
{
    pair_init();
    /* IC4 = 0: ICW2, ICW3, then done (ICW4 functions all zero). */
    outb(M_CMD, 0x10);
    outb(M_DATA, 0x40);
    outb(M_DATA, 0x04);
    outb(M_DATA, 0x5a);
    g_assert_cmphex(inb(M_DATA), ==, 0x5a);
}

static void test_single_mode(void)
{
    pair_init();
    /* SNGL: no ICW3; ICW2 then ICW4 then OCW1. */
    outb(M_CMD, 0x13);
    outb(M_DATA, 0x48);
    outb(M_DATA, 0x01);
    outb(M_DATA, 0x00);
    g_assert_cmphex(inb(M_DATA), ==, 0);
    /* IR2 is an ordinary input: no cascade cycle, slave untouched. */
    set(2, 1);
    g_assert_cmpint(inta(), ==, 0x48 + 2);
    g_assert_cmphex(ISR(M_CMD), ==, 0x04);
    g_assert_cmphex(ISR(S_CMD), ==, 0);
    /* Without ICW4 either: ICW2 then done. */
    outb(M_CMD, 0x12);
    outb(M_DATA, 0x50);
    outb(M_DATA, 0x3c);
    g_assert_cmphex(inb(M_DATA), ==, 0x3c);
}

/* ---- edge and level ---- */

static void test_edge_detection(void)
{
    pair_init();
    /* A level that stays high is one interrupt in edge mode. */
    g_assert_cmpint(set(4, 1), ==, IRQ_DELIVERED);
    g_assert_cmpint(intr.level, ==, 1);
    g_assert_cmpint(inta(), ==, M_BASE + 4);
    g_assert_cmpint(intr.level, ==, 0);
    outb(M_CMD, EOI);
    g_assert_cmpint(set(4, 1), ==, IRQ_DELIVERED);
    g_assert_cmphex(IRR(M_CMD), ==, 0);
    g_assert_false(pic_get_output(master));
    /* Low then high again: a new request. */
    set(4, 0);
    set(4, 1);
    g_assert_cmphex(IRR(M_CMD), ==, 0x10);
    /* The request stays latched after the line drops (edge). */
    set(4, 0);
    g_assert_cmphex(IRR(M_CMD), ==, 0x10);
    /* A second edge before INTA merges: the timer counts it as lost. */
    g_assert_cmpint(set(4, 1), ==, IRQ_COALESCED);
    set(4, 0);
    g_assert_cmpint(inta(), ==, M_BASE + 4);
    outb(M_CMD, EOI);
    g_assert_cmpint(set(4, 1), ==, IRQ_DELIVERED);
    set(4, 0);
    /* A masked input reports no status (as KVM's PIC). */
    outb(M_DATA, 0x10);
    g_assert_cmpint(set(4, 1), ==, IRQ_STATUS_UNKNOWN);
    set(4, 0);
    g_assert_false(pic_get_output(master));
    outb(M_DATA, 0x00);
    g_assert_true(pic_get_output(master));
}

static void test_elcr(void)
{
    pair_init();
    /* Only the bits that exist: IRQ 0-2, 8 and 13 are always edge. */
    outb(ELCR0, 0xff);
    outb(ELCR1, 0xff);
    g_assert_cmphex(inb(ELCR0), ==, 0xf8);
    g_assert_cmphex(inb(ELCR1), ==, 0xde);
    outb(ELCR0, 0x20);
    outb(ELCR1, 0x00);

    /* Level: IRR follows the line, INTA leaves it set. */
    g_assert_cmpint(set(5, 1), ==, IRQ_DELIVERED);
    g_assert_cmpint(set(5, 1), ==, IRQ_COALESCED);
    g_assert_cmpint(inta(), ==, M_BASE + 5);
    g_assert_cmphex(IRR(M_CMD), ==, 0x20);
    g_assert_cmphex(ISR(M_CMD), ==, 0x20);
    g_assert_false(pic_get_output(master));
    /* EOI with the line still high: it fires again. */
    outb(M_CMD, EOI);
    g_assert_true(pic_get_output(master));
    g_assert_cmpint(inta(), ==, M_BASE + 5);
    set(5, 0);
    g_assert_cmphex(IRR(M_CMD), ==, 0);
    outb(M_CMD, EOI);
    g_assert_false(pic_get_output(master));

    /* Switching an asserted input to level makes it request at once. */
    set(6, 1);
    g_assert_cmpint(inta(), ==, M_BASE + 6);
    outb(M_CMD, EOI);
    g_assert_false(pic_get_output(master));
    outb(ELCR0, 0x60);
    g_assert_cmphex(IRR(M_CMD), ==, 0x40);
    set(6, 0);
    g_assert_cmphex(IRR(M_CMD), ==, 0);

    /* ICW1 keeps ELCR and the IRR bits of level inputs; reset clears. */
    set(6, 1);
    outb(M_CMD, 0x11);
    g_assert_cmphex(inb(ELCR0), ==, 0x60);
    g_assert_cmphex(inb(M_CMD), ==, 0x40);
    devices_reset_all();
    g_assert_cmphex(inb(ELCR0), ==, 0);
    g_assert_cmphex(inb(ELCR1), ==, 0);
}

static void test_ltim(void)
{
    pair_init();
    set(0, 1);
    g_assert_cmpint(inta(), ==, M_BASE);
    outb(M_CMD, EOI);
    /* ICW1 LTIM: every input of the chip is level, even IRQ 0. */
    chip_init(M_CMD, 0x09, M_BASE, 0x04, 0x01);
    outb(M_DATA, 0);
    g_assert_cmphex(inb(ELCR0), ==, 0);
    g_assert_cmphex(IRR(M_CMD), ==, 0x01);  /* the line is still high */
    g_assert_cmpint(inta(), ==, M_BASE);
    g_assert_cmphex(IRR(M_CMD), ==, 0x01);
    outb(M_CMD, EOI);
    g_assert_cmpint(inta(), ==, M_BASE);
    set(0, 0);
    outb(M_CMD, EOI);
    g_assert_false(pic_get_output(master));
    g_assert_cmphex(IRR(M_CMD), ==, 0);
    /* The slave is unaffected: its inputs are still edge. */
    set(9, 1);
    g_assert_cmpint(inta(), ==, S_BASE + 1);
    g_assert_cmphex(IRR(S_CMD), ==, 0);
    /* A device reset ends LTIM (ICW1 without it does too). */
    devices_reset_all();
    chip_init(M_CMD, 0x01, M_BASE, 0x04, 0x01);
    outb(M_DATA, 0);
    set(0, 1);
    g_assert_cmpint(inta(), ==, M_BASE);
    g_assert_cmphex(IRR(M_CMD), ==, 0);
}

/* ---- priorities, EOI, rotation ---- */

static void test_fixed_priority(void)
{
    pair_init();
    set(5, 1);
    set(3, 1);
    set(7, 1);
    g_assert_cmphex(IRR(M_CMD), ==, 0xa8);
    /* IR3 first; then, with 3 in service, 5 and 7 wait. */
    g_assert_cmpint(inta(), ==, M_BASE + 3);
    g_assert_false(pic_get_output(master));
    /* A higher-priority request nests over the one in service. */
    set(1, 1);
    g_assert_true(pic_get_output(master));
    g_assert_cmpint(inta(), ==, M_BASE + 1);
    g_assert_cmphex(ISR(M_CMD), ==, 0x0a);
    /* Non-specific EOI ends the highest level in service (1). */
    outb(M_CMD, EOI);
    g_assert_cmphex(ISR(M_CMD), ==, 0x08);
    g_assert_false(pic_get_output(master));
    outb(M_CMD, EOI);
    g_assert_cmpint(inta(), ==, M_BASE + 5);
    /* Specific EOI of a level not in service changes nothing. */
    outb(M_CMD, SEOI(6));
    g_assert_cmphex(ISR(M_CMD), ==, 0x20);
    outb(M_CMD, SEOI(5));
    g_assert_cmphex(ISR(M_CMD), ==, 0);
    g_assert_cmpint(inta(), ==, M_BASE + 7);
    outb(M_CMD, EOI);
    /* EOI with nothing in service is harmless. */
    outb(M_CMD, EOI);
    /* Masked requests wait in IRR. */
    outb(M_DATA, 0x01);
    set(0, 1);
    g_assert_false(pic_get_output(master));
    g_assert_cmphex(IRR(M_CMD), ==, 0x01);
    outb(M_DATA, 0x00);
    g_assert_cmpint(inta(), ==, M_BASE);
}

static void test_rotation(void)
{
    char *text;

    pair_init();
    /* Set priority: IR4 lowest, so IR5 is the highest. */
    outb(M_CMD, SET_PRIO(4));
    text = info();
    g_assert_nonnull(strstr(text, "pic0: irr=00 imr=00 isr=00 hprio=5"));
    g_free(text);
    set(4, 1);
    set(6, 1);
    set(1, 1);
    g_assert_cmpint(inta(), ==, M_BASE + 6);
    /* With 6 in service, 1 is lower priority now and must wait. */
    g_assert_false(pic_get_output(master));
    /* Rotate on non-specific EOI: 6 ends and becomes the lowest. */
    outb(M_CMD, ROTATE_EOI);
    g_assert_cmpint(inta(), ==, M_BASE + 1);
    outb(M_CMD, EOI);
    g_assert_cmpint(inta(), ==, M_BASE + 4);
    /* Rotate on specific EOI: 4 ends, 5 becomes the highest. */
    outb(M_CMD, ROTATE_SEOI(4));
    g_assert_cmphex(ISR(M_CMD), ==, 0);
    set(3, 1);
    set(5, 1);
    g_assert_cmpint(inta(), ==, M_BASE + 5);
    outb(M_CMD, EOI);
    g_assert_cmpint(inta(), ==, M_BASE + 3);
    outb(M_CMD, EOI);
    /* OCW2 010 is a no-op. */
    outb(M_CMD, 0x40);
    text = info();
    g_assert_nonnull(strstr(text, "pic0: irr=00 imr=00 isr=00 hprio=5"));
    g_free(text);
}

static void test_aeoi(void)
{
    pair_init_with(0x03, 0x01);
    set(3, 1);
    set(5, 1);
    /* AEOI: INTA puts nothing in service, so 5 follows at once. */
    g_assert_cmpint(inta(), ==, M_BASE + 3);
    g_assert_cmphex(ISR(M_CMD), ==, 0);
    g_assert_true(pic_get_output(master));
    g_assert_cmpint(inta(), ==, M_BASE + 5);
    /* Rotate in AEOI: each acknowledged level becomes the lowest. */
    outb(M_CMD, ROTATE_AEOI_SET);
    pulse(6);
    pulse(7);
    g_assert_cmpint(inta(), ==, M_BASE + 6);
    pulse(6);
    /* 6 is now the lowest: 7 wins. */
    g_assert_cmpint(inta(), ==, M_BASE + 7);
    g_assert_cmpint(inta(), ==, M_BASE + 6);
    /* Clear rotate in AEOI: the priority stays where it was left. */
    outb(M_CMD, ROTATE_AEOI_CLEAR);
    pulse(0);
    pulse(7);
    /* hprio is 7 after acknowledging 6. */
    g_assert_cmpint(inta(), ==, M_BASE + 7);
    g_assert_cmpint(inta(), ==, M_BASE + 0);
    g_assert_cmphex(ISR(M_CMD), ==, 0);
}

static void test_poll(void)
{
    pair_init();
    /* Nothing pending: QEMU reads 0. */
    outb(M_CMD, POLL);
    g_assert_cmphex(inb(M_CMD), ==, 0);
    set(6, 1);
    outb(M_DATA, 0x40);
    /* A masked request is not polled either. */
    outb(M_CMD, POLL);
    g_assert_cmphex(inb(M_CMD), ==, 0);
    outb(M_DATA, 0x00);
    set(4, 1);
    /* The poll read is the acknowledge: ISR set, IRR cleared. */
    outb(M_CMD, POLL);
    g_assert_cmphex(inb(M_CMD), ==, 0x84);
    g_assert_cmphex(ISR(M_CMD), ==, 0x10);
    g_assert_cmphex(IRR(M_CMD), ==, 0x40);
    /* Only the next read polls. */
    g_assert_cmphex(inb(M_CMD), ==, 0x40);
    outb(M_CMD, EOI);
    /* A poll on the data port works too (QEMU), combined with RR. */
    outb(M_CMD, POLL | READ_ISR);
    g_assert_cmphex(inb(M_DATA), ==, 0x86);
    g_assert_cmphex(inb(M_CMD), ==, 0x40);   /* ISR selected */
    outb(M_CMD, EOI);
    g_assert_false(pic_get_output(master));
    /* Polling the master for a slave request gives level 2. */
    set(12, 1);
    outb(M_CMD, POLL);
    g_assert_cmphex(inb(M_CMD), ==, 0x82);
    outb(S_CMD, POLL);
    g_assert_cmphex(inb(S_CMD), ==, 0x84);
}

static void test_read_register_select(void)
{
    pair_init();
    set(1, 1);
    g_assert_cmpint(inta(), ==, M_BASE + 1);
    set(3, 1);
    /* The selection sticks until the next OCW3 with RR set. */
    outb(M_CMD, READ_ISR);
    g_assert_cmphex(inb(M_CMD), ==, 0x02);
    g_assert_cmphex(inb(M_CMD), ==, 0x02);
    outb(M_CMD, 0x08);      /* OCW3 without RR: no change */
    g_assert_cmphex(inb(M_CMD), ==, 0x02);
    outb(M_CMD, READ_IRR);
    g_assert_cmphex(inb(M_CMD), ==, 0x08);
    /* The data port always reads IMR. */
    outb(M_DATA, 0x81);
    g_assert_cmphex(inb(M_DATA), ==, 0x81);
    /* A 2-byte read is split into the two ports, as on QEMU's bus. */
    g_assert_cmphex(inw(M_CMD), ==, 0x8108);
}

static void test_special_mask(void)
{
    pair_init();
    set(3, 1);
    g_assert_cmpint(inta(), ==, M_BASE + 3);
    set(5, 1);
    g_assert_false(pic_get_output(master));
    /* The handler masks its own level and enters special mask mode. */
    outb(M_DATA, 0x08);
    g_assert_false(pic_get_output(master));
    outb(M_CMD, SMM_ON);
    g_assert_true(pic_get_output(master));
    g_assert_cmpint(inta(), ==, M_BASE + 5);
    g_assert_cmphex(ISR(M_CMD), ==, 0x28);
    outb(M_CMD, SEOI(5));
    /* Unmasked levels in service still block lower ones. */
    set(7, 1);
    outb(M_DATA, 0x00);
    g_assert_false(pic_get_output(master));
    outb(M_DATA, 0x08);
    g_assert_true(pic_get_output(master));
    /* Leaving special mask mode restores normal nesting. */
    outb(M_CMD, SMM_OFF);
    g_assert_false(pic_get_output(master));
    outb(M_CMD, SEOI(3));
    g_assert_cmpint(inta(), ==, M_BASE + 7);
}

/* ---- cascade ---- */

static void test_cascade(void)
{
    pair_init();
    set(9, 1);
    g_assert_cmpint(intr.level, ==, 1);
    g_assert_cmphex(IRR(M_CMD), ==, 0x04);
    g_assert_cmphex(IRR(S_CMD), ==, 0x02);
    g_assert_cmpint(inta(), ==, S_BASE + 1);
    g_assert_cmphex(ISR(M_CMD), ==, 0x04);
    g_assert_cmphex(ISR(S_CMD), ==, 0x02);
    g_assert_cmphex(IRR(M_CMD), ==, 0);
    g_assert_cmpint(intr.level, ==, 0);
    /* A higher slave level waits for the master's IR2 to end. */
    set(8, 1);
    g_assert_false(pic_get_output(master));
    outb(S_CMD, EOI);
    g_assert_false(pic_get_output(master));
    outb(M_CMD, EOI);
    g_assert_cmpint(inta(), ==, S_BASE + 0);
    outb(S_CMD, EOI);
    outb(M_CMD, EOI);
    /* Master IR0/IR1 beat the whole slave; IR3+ lose to it. */
    set(3, 1);
    set(15, 1);
    set(1, 1);
    g_assert_cmpint(inta(), ==, M_BASE + 1);
    outb(M_CMD, EOI);
    g_assert_cmpint(inta(), ==, S_BASE + 7);
    outb(S_CMD, EOI);
    outb(M_CMD, EOI);
    g_assert_cmpint(inta(), ==, M_BASE + 3);
    outb(M_CMD, EOI);
    /* Masking IR2 on the master masks the whole slave. */
    outb(M_DATA, 0x04);
    set(10, 1);
    g_assert_false(pic_get_output(master));
    outb(M_DATA, 0x00);
    g_assert_cmpint(inta(), ==, S_BASE + 2);
}

static void test_special_fully_nested(void)
{
    pair_init_with(0x11, 0x01);
    set(11, 1);
    g_assert_cmpint(inta(), ==, S_BASE + 3);
    /* SFNM: a higher slave level gets through the master's IR2. */
    set(9, 1);
    g_assert_true(pic_get_output(master));
    g_assert_cmpint(inta(), ==, S_BASE + 1);
    g_assert_cmphex(ISR(S_CMD), ==, 0x0a);
    /* ...but a lower one is held back by the slave itself. */
    set(12, 1);
    g_assert_false(pic_get_output(master));
    g_assert_cmphex(inb(M_DATA), ==, 0);
    {
        char *text = info();

        g_assert_nonnull(strstr(text, "fnm=1\n"));
        g_free(text);
    }
}

static void test_spurious(void)
{
    pair_init();
    /* A level request that goes away before INTA: IR7's vector. */
    outb(ELCR0, 0x20);
    set(5, 1);
    g_assert_true(pic_get_output(master));
    set(5, 0);
    g_assert_false(pic_get_output(master));
    g_assert_cmpint(inta(), ==, M_BASE + 7);
    g_assert_cmphex(ISR(M_CMD), ==, 0);
    /* INTA with nothing pending at all: the same. */
    g_assert_cmpint(inta(), ==, M_BASE + 7);
    g_assert_cmphex(ISR(M_CMD), ==, 0);

    /*
     * On the slave: the master has latched the edge of IR2 and completes
     * its cycle (ISR bit 2 set, the guest must EOI the master), the slave
     * answers with its IR7 vector and sets nothing.
     */
    outb(ELCR1, 0x04);
    set(10, 1);
    set(10, 0);
    g_assert_cmphex(IRR(M_CMD), ==, 0x04);
    g_assert_cmpint(inta(), ==, S_BASE + 7);
    g_assert_cmphex(ISR(M_CMD), ==, 0x04);
    g_assert_cmphex(ISR(S_CMD), ==, 0);
    outb(M_CMD, EOI);
    g_assert_cmphex(ISR(M_CMD), ==, 0);
}

static void test_intr_line_and_counts(void)
{
    uint64_t counts[16];

    pair_init();
    g_assert_cmpint(intr.raises, ==, 0);
    set(0, 1);
    g_assert_cmpint(intr.raises, ==, 1);
    set(0, 0);
    set(0, 1);
    set(0, 0);
    set(14, 1);
    set(14, 1);     /* no change: not counted */
    set(14, 0);
    g_assert_cmpint(intr.raises, ==, 1);
    inta();
    g_assert_cmpint(intr.lowers, ==, 1);
    pic_irq_counts(master, counts);
    g_assert_cmpint(counts[0], ==, 2);
    g_assert_cmpint(counts[14], ==, 1);
    g_assert_cmpint(counts[2], ==, 1);  /* the slave's INT */
    g_assert_cmpint(counts[1], ==, 0);
}

static void test_standalone_chip(void)
{
    Error *err = NULL;
    struct device *dev;
    struct irq_rec out;

    /* iobase is required, as QEMU's isa-i8259. */
    g_assert_null(hw_test_create(TYPE_ISA_I8259, &err, NULL));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;

    dev = hw_test_create(TYPE_ISA_I8259, &err, "iobase=0x20",
                         "elcr_addr=0x4d0", "elcr_mask=0xf8", "master=on",
                         NULL);
    g_assert_nonnull(dev);
    irq_rec_connect(&out, dev, NULL, 0);
    chip_init(M_CMD, 0x01, 0x20, 0x04, 0x01);
    outb(M_DATA, 0);
    qemu_set_irq(device_get_gpio_in(dev, 2), 1);
    /* Not part of a pair: IR2 is an ordinary input. */
    g_assert_cmpint(out.level, ==, 1);
    g_assert_cmpint(pic_read_irq(dev), ==, 0x22);
    g_assert_cmpint(out.level, ==, 0);
    g_assert_cmphex(inb(ELCR0 + 1), ==, 0xff);   /* unassigned */
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    HW_TEST_ADD("/i8259/reset-state", test_reset_state);
    HW_TEST_ADD("/i8259/init/sequence", test_init_sequence);
    HW_TEST_ADD("/i8259/init/without-icw4", test_init_without_icw4);
    HW_TEST_ADD("/i8259/init/single-mode", test_single_mode);
    HW_TEST_ADD("/i8259/trigger/edge", test_edge_detection);
    HW_TEST_ADD("/i8259/trigger/elcr", test_elcr);
    HW_TEST_ADD("/i8259/trigger/ltim", test_ltim);
    HW_TEST_ADD("/i8259/priority/fixed", test_fixed_priority);
    HW_TEST_ADD("/i8259/priority/rotation", test_rotation);
    HW_TEST_ADD("/i8259/aeoi", test_aeoi);
    HW_TEST_ADD("/i8259/ocw3/poll", test_poll);
    HW_TEST_ADD("/i8259/ocw3/read-register", test_read_register_select);
    HW_TEST_ADD("/i8259/ocw3/special-mask", test_special_mask);
    HW_TEST_ADD("/i8259/cascade/basic", test_cascade);
    HW_TEST_ADD("/i8259/cascade/sfnm", test_special_fully_nested);
    HW_TEST_ADD("/i8259/spurious", test_spurious);
    HW_TEST_ADD("/i8259/intr-and-counts", test_intr_line_and_counts);
    HW_TEST_ADD("/i8259/standalone", test_standalone_chip);
    return g_test_run();
}
