/*
 * pc-testdev as a guest sees it (-device pc-testdev): the scratch register
 * through both windows and every width, the flush-page port (the page
 * keeps its contents and stays usable), the 64 KiB I/O RAM at 0xff000000,
 * and the IRQ-line ports: a byte write raises a level-triggered IOAPIC
 * pin, a word write drives two consecutive lines (the bus splits it), and
 * reads give 0. Lines 16-23 are left out: QEMU 7.2 aborts on them.
 */
#include "guest.h"

#define VEC_A       0x50        /* line LINE_A */
#define VEC_B       0x51        /* line LINE_B */
#define LINE_A      10
#define LINE_B      11
#define WAIT_MS     50
#define IORAM       ((volatile uint8_t *)0xff000000UL)
#define IORAM_SIZE  0x10000

static volatile int hits_a, hits_b;
static unsigned pin_a, pin_b;

/*
 * Level handlers: deassert the line, then EOI, as a driver would. A call
 * that finds Remote IRR clear is not a delivery: on PVM hosts KVM's LAPIC
 * can run the handler once more after the EOI (see ioapic-level.c).
 */
static void handler_a(struct ex_regs *r)
{
    if (ioapic_remote_irr(pin_a)) {
        hits_a++;
        testdev_set_irq(LINE_A, 0);
    }
    lapic_eoi();
}

static void handler_b(struct ex_regs *r)
{
    if (ioapic_remote_irr(pin_b)) {
        hits_b++;
        testdev_set_irq(LINE_B, 0);
    }
    lapic_eoi();
}

static void check_scratch(void)
{
    report(testdev_present(), "scratch register reads back (0xe0)");
    outl(0xe0, 0x12345678);
    report_eq(inb(0xe3), 0x12, "scratch: byte read at 0xe3");
    report_eq(inw(0xe2), 0x1234, "scratch: word read at 0xe2");
    outb(0xe1, 0xab);
    report_eq(inl(0xe0), 0x1234ab78, "scratch: byte write at 0xe1");
    report_eq(inl(0xe8), 0x1234ab78, "byte window 0xe8 is the same register");
    outl(0xe8, 0x01020304);
    report_eq(inl(0xe0), 0x01020304, "32-bit write through the byte window");
    outb(0xea, 0x55);
    report_eq(inl(0xe0), 0x01550304, "byte write at 0xea");
}

static void check_flush(void)
{
    static volatile uint32_t page[1024] __attribute__((aligned(4096)));
    uint32_t sum = 0;

    for (int i = 0; i < 1024; i++) {
        page[i] = i * 3;
    }
    outl(0xe4, (uint32_t)(uintptr_t)&page[17]);
    for (int i = 0; i < 1024; i++) {
        sum += page[i] == (uint32_t)i * 3;
    }
    report_eq(sum, 1024, "flushed page keeps its contents");
    page[5] = 0xfeed;
    report_eq(page[5], 0xfeed, "flushed page is writable");
    /* The page holding this very code, and the stack. */
    outl(0xe4, (uint32_t)(uintptr_t)check_flush);
    outl(0xe4, (uint32_t)(uintptr_t)&sum);
    report(true, "flushing the code and stack pages");
    report_eq(inl(0xe4), 0, "flush port reads 0");
}

static void check_ioram(void)
{
    volatile uint32_t *w = (volatile uint32_t *)(IORAM + 0x100);
    volatile uint16_t *h = (volatile uint16_t *)(IORAM + 0x202);
    volatile uint64_t *q = (volatile uint64_t *)(IORAM + 0x308);

    IORAM[0] = 0x5a;
    IORAM[IORAM_SIZE - 1] = 0xa5;
    *w = 0xdeadbeef;
    *h = 0x1234;
    *q = 0x0102030405060708ULL;
    report_eq(IORAM[0], 0x5a, "I/O RAM: byte");
    report_eq(IORAM[IORAM_SIZE - 1], 0xa5, "I/O RAM: last byte");
    report_eq(*w, 0xdeadbeef, "I/O RAM: dword");
    report_eq(IORAM[0x101], 0xbe, "I/O RAM: byte of a dword");
    report_eq(*h, 0x1234, "I/O RAM: word");
    report_eq(*q, 0x0102030405060708ULL, "I/O RAM: qword");
    report_eq(*(volatile uint32_t *)(IORAM + 0x30c), 0x01020304,
              "I/O RAM: high half of the qword");
}

static void check_irq_lines(void)
{
    struct madt_info madt;

    intr_setup(&madt);
    pin_a = madt.isa_gsi[LINE_A];
    pin_b = madt.isa_gsi[LINE_B];
    ioapic_mask_all();
    testdev_set_irq(LINE_A, 0);
    testdev_set_irq(LINE_B, 0);
    set_interrupt_handler(VEC_A, handler_a);
    set_interrupt_handler(VEC_B, handler_b);
    ioapic_write_rte(pin_a, VEC_A | RTE_DM_FIXED | RTE_LEVEL |
                            RTE_DEST(lapic_id()));
    ioapic_write_rte(pin_b, VEC_B | RTE_DM_FIXED | RTE_LEVEL |
                            RTE_DEST(lapic_id()));
    irq_enable();

    report_eq(inb(TESTDEV_IRQ_BASE + LINE_A), 0, "IRQ-line port reads 0");
    testdev_set_irq(LINE_A, 1);
    report(wait_count(&hits_a, 1, WAIT_MS), "byte write raises the line");
    /*
     * How often one assertion is delivered is the IOAPIC's business
     * (ioapic-level.c); here: once deasserted, the line stays quiet.
     */
    delay_ms(5);
    hits_a = 0;
    delay_ms(5);
    report_eq(hits_a, 0, "byte write 0 lowers the line");
    report_eq(hits_b, 0, "the next line stays quiet");

    hits_a = 0;
    outw(TESTDEV_IRQ_BASE + LINE_A, 0x0100);    /* A low, B high */
    report(wait_count(&hits_b, 1, WAIT_MS),
           "word write: high byte drives the next line");
    delay_ms(5);
    report_eq(hits_a, 0, "word write: low byte 0 leaves its line low");

    hits_a = hits_b = 0;
    outb(TESTDEV_IRQ_BASE + LINE_A, 0x80);
    report(wait_count(&hits_a, 1, WAIT_MS), "any non-zero byte is high");

    irq_disable();
    ioapic_mask(pin_a, true);
    ioapic_mask(pin_b, true);
    report_eq(stray_count, 0, "no interrupt on any other vector");
}

int main(void)
{
    check_scratch();
    check_flush();
    check_ioram();
    check_irq_lines();
    report_summary();
}
