/*
 * pc-testdev: the scratch register through both windows, the IRQ-line
 * ports reaching the ISA bus's lines, the flush-page port on real guest
 * RAM, the 64 KiB I/O RAM, and the realize errors.
 */
#include "hw-test.h"
#include "hw/isa/isa.h"
#include "hw/misc/pc-testdev.h"

#include <sys/mman.h>

#define NLINES PC_TESTDEV_NUM_IRQS

static struct irq_rec lines[NLINES];
static qemu_irq isa_lines[NLINES];

/* A board's ISA bus with 24 recording lines, and the device on it. */
static struct device *create(void)
{
    Error *err = NULL;
    struct device *dev;

    for (int i = 0; i < NLINES; i++) {
        lines[i] = (struct irq_rec){ 0 };
        if (!isa_lines[i]) {
            isa_lines[i] = qemu_allocate_irq(irq_rec_handler, &lines[i], i);
        }
    }
    isa_bus_set_irqs(isa_lines, NLINES);
    dev = hw_test_create(TYPE_PC_TESTDEV, &err, NULL);
    g_assert_null(err);
    g_assert_nonnull(dev);
    return dev;
}

static uint64_t mmio_read(uint64_t addr, unsigned size)
{
    return address_space_read(&address_space_memory, addr, size);
}

static void mmio_write(uint64_t addr, uint64_t v, unsigned size)
{
    address_space_write(&address_space_memory, addr, v, size);
}

static void test_scratch(void)
{
    create();
    g_assert_cmphex(inl(0xe0), ==, 0);
    outl(0xe0, 0x12345678);
    g_assert_cmphex(inl(0xe0), ==, 0x12345678);
    /* Each width and offset sees its own bytes of the one register. */
    g_assert_cmphex(inb(0xe0), ==, 0x78);
    g_assert_cmphex(inb(0xe3), ==, 0x12);
    g_assert_cmphex(inw(0xe2), ==, 0x1234);
    outb(0xe1, 0xab);
    g_assert_cmphex(inl(0xe0), ==, 0x1234ab78);
    outw(0xe2, 0xcdef);
    g_assert_cmphex(inl(0xe0), ==, 0xcdefab78);
    /* The byte window at 0xe8 is the same register. */
    g_assert_cmphex(inl(0xe8), ==, 0xcdefab78);
    outl(0xe8, 0x01020304);
    g_assert_cmphex(inl(0xe0), ==, 0x01020304);
    outb(0xea, 0x55);
    g_assert_cmphex(inl(0xe0), ==, 0x01550304);
    g_assert_cmphex(inw(0xea), ==, 0x0155);
    /* A machine reset keeps it (QEMU's device has no reset). */
    devices_reset_all();
    g_assert_cmphex(inl(0xe0), ==, 0x01550304);
}

static void test_irq_lines(void)
{
    create();
    for (int n = 0; n < NLINES; n++) {
        outb(PC_TESTDEV_IRQ_BASE + n, 1);
        g_assert_cmpint(lines[n].level, ==, 1);
    }
    for (int n = 0; n < NLINES; n++) {
        g_assert_cmpint(lines[n].raises, ==, 1);
        outb(PC_TESTDEV_IRQ_BASE + n, 0);
        g_assert_cmpint(lines[n].level, ==, 0);
        g_assert_cmpint(lines[n].lowers, ==, 1);
    }
    /* Any non-zero byte is "high". */
    outb(PC_TESTDEV_IRQ_BASE + 10, 0x80);
    g_assert_cmpint(lines[10].level, ==, 1);
    outb(PC_TESTDEV_IRQ_BASE + 10, 0);
    /* A word write is two byte writes to consecutive lines. */
    outw(PC_TESTDEV_IRQ_BASE + 10, 0x0100);
    g_assert_cmpint(lines[10].level, ==, 0);
    g_assert_cmpint(lines[11].level, ==, 1);
    outw(PC_TESTDEV_IRQ_BASE + 10, 0);
    g_assert_cmpint(lines[11].level, ==, 0);
    /* Reads are 0 and touch nothing; the range ends at line 23. */
    g_assert_cmphex(inb(PC_TESTDEV_IRQ_BASE + 5), ==, 0);
    g_assert_cmpint(lines[5].raises, ==, 1);
    g_assert_cmpint(lines[5].level, ==, 0);
    g_assert_null(address_space_lookup(&address_space_io,
                                       PC_TESTDEV_IRQ_BASE + NLINES));
    outb(PC_TESTDEV_IRQ_BASE + NLINES, 1);
    for (int n = 0; n < NLINES; n++) {
        g_assert_cmpint(lines[n].level, ==, 0);
    }
}

/* A board whose ISA bus has only 16 lines: 16-23 go nowhere, safely. */
static void test_irq_short_bus(void)
{
    create();
    isa_bus_set_irqs(isa_lines, 16);
    outb(PC_TESTDEV_IRQ_BASE + 20, 1);
    g_assert_cmpint(lines[20].level, ==, 0);
    outb(PC_TESTDEV_IRQ_BASE + 15, 1);
    g_assert_cmpint(lines[15].level, ==, 1);
}

static void test_flush_page(void)
{
    const size_t size = 16 * 4096;
    uint8_t *ram = mmap(NULL, size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    g_assert_true(ram != MAP_FAILED);
    g_assert_cmpint(memory_add_ram("ram", 0, size, ram, false, NULL), ==, 0);
    create();
    for (size_t i = 0; i < size; i++) {
        ram[i] = i * 7;
    }
    /* Any address inside the page names it; contents and access stay. */
    outl(PC_TESTDEV_FLUSH_PAGE, 0x3123);
    for (size_t i = 0; i < size; i++) {
        g_assert_cmpuint(ram[i], ==, (uint8_t)(i * 7));
    }
    ram[0x3000] = 0xaa;
    ram[0x3fff] = 0xbb;
    g_assert_cmpuint(ram[0x3000] + ram[0x3fff], ==, 0xaa + 0xbb);
    /* The last page, and one past the end of RAM (logged, ignored). */
    outl(PC_TESTDEV_FLUSH_PAGE, size - 1);
    ram[size - 1] = 1;
    outl(PC_TESTDEV_FLUSH_PAGE, size);
    outl(PC_TESTDEV_FLUSH_PAGE, 0xfffff000);
    /* Only 4-byte writes count; reads are 0. */
    outb(PC_TESTDEV_FLUSH_PAGE, 0);
    outw(PC_TESTDEV_FLUSH_PAGE, 0);
    g_assert_cmphex(inl(PC_TESTDEV_FLUSH_PAGE), ==, 0);
    g_assert_cmphex(inb(PC_TESTDEV_FLUSH_PAGE), ==, 0);
    ram[0] = 2;
    g_assert_cmpuint(ram[0] + ram[size - 1], ==, 3);
    address_space_clear(&address_space_memory);
    munmap(ram, size);
}

static void test_ioram(void)
{
    const uint64_t base = PC_TESTDEV_IORAM_BASE;
    const uint64_t last = base + PC_TESTDEV_IORAM_SIZE - 1;

    create();
    g_assert_cmphex(mmio_read(base, 8), ==, 0);
    mmio_write(base, 0x1122334455667788ULL, 8);
    g_assert_cmphex(mmio_read(base, 8), ==, 0x1122334455667788ULL);
    g_assert_cmphex(mmio_read(base, 4), ==, 0x55667788);
    g_assert_cmphex(mmio_read(base + 4, 4), ==, 0x11223344);
    g_assert_cmphex(mmio_read(base + 1, 2), ==, 0x6677);
    g_assert_cmphex(mmio_read(base + 7, 1), ==, 0x11);
    mmio_write(base + 2, 0xabcd, 2);
    g_assert_cmphex(mmio_read(base, 8), ==, 0x11223344abcd7788ULL);
    /* Unaligned and at the very end. */
    mmio_write(base + 0x1001, 0xdeadbeef, 4);
    g_assert_cmphex(mmio_read(base + 0x1000, 8), ==, 0xdeadbeef00ULL);
    mmio_write(last, 0x5a, 1);
    g_assert_cmphex(mmio_read(last, 1), ==, 0x5a);
    g_assert_null(address_space_lookup(&address_space_memory, last + 1));
    /* Byte-buffer access (qtest, DMA) sees the same bytes. */
    {
        uint8_t buf[4];

        g_assert_cmpint(address_space_rw(&address_space_memory, base + 0x1001,
                                         buf, 4, false), ==, 0);
        g_assert_cmphex(buf[0] | (uint32_t)buf[3] << 24, ==, 0xde0000ef);
    }
    devices_reset_all();
    g_assert_cmphex(mmio_read(last, 1), ==, 0x5a);
}

static void test_errors(void)
{
    Error *err = NULL;
    struct device *dev;

    /* -machine none has no ISA bus: QEMU's message. */
    isa_bus_set_irqs(NULL, 0);
    dev = device_new(TYPE_PC_TESTDEV, &err);
    g_assert_nonnull(dev);
    g_assert_cmpint(device_realize(dev, &err), <, 0);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "No 'ISA' bus found for device 'pc-testdev'");
    error_free(err);
    err = NULL;
    g_assert_null(address_space_lookup(&address_space_io, 0xe0));

    /* A second one collides with the first, which keeps working. */
    create();
    dev = device_new(TYPE_PC_TESTDEV, &err);
    g_assert_cmpint(device_realize(dev, &err), <, 0);
    g_assert_nonnull(err);
    error_free(err);
    outl(0xe0, 0xfeedf00d);
    g_assert_cmphex(inl(0xe0), ==, 0xfeedf00d);
    outb(PC_TESTDEV_IRQ_BASE + 3, 1);
    g_assert_cmpint(lines[3].level, ==, 1);

    /* Listed for -device, with no properties. */
    g_assert_true(device_class_find(TYPE_PC_TESTDEV)->user_creatable);
    g_assert_null(device_class_find(TYPE_PC_TESTDEV)->props);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    HW_TEST_ADD("/pc-testdev/scratch", test_scratch);
    HW_TEST_ADD("/pc-testdev/irq-lines", test_irq_lines);
    HW_TEST_ADD("/pc-testdev/irq-short-bus", test_irq_short_bus);
    HW_TEST_ADD("/pc-testdev/flush-page", test_flush_page);
    HW_TEST_ADD("/pc-testdev/ioram", test_ioram);
    HW_TEST_ADD("/pc-testdev/errors", test_errors);
    return g_test_run();
}
