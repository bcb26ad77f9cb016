/*
 * fw_cfg_io: items of every type through the selector/data ports, the file
 * directory format and order, DMA (read, skip, select, refused write,
 * errors) against guest RAM, and guest mistakes that must not hurt.
 */
#include "hw-test.h"
#include "hw/nvram/fw_cfg.h"

#define RAM_SIZE 0x10000
#define DESC 0x1000         /* where the tests put DMA descriptors */
#define BUF 0x2000          /* and DMA buffers */
#define UNMAPPED 0x100000   /* no RAM, no MMIO */

static uint8_t ram[RAM_SIZE];

struct dir_entry {
    uint32_t size;          /* big-endian */
    uint16_t select;        /* big-endian */
    uint16_t reserved;
    char name[56];
};

static struct fw_cfg_state *setup(bool dma)
{
    memset(ram, 0xa5, sizeof(ram));
    g_assert_cmpint(memory_add_ram("ram", 0, RAM_SIZE, ram, false, NULL),
                    ==, 0);
    return fw_cfg_init_io(dma);
}

static void select_key(uint16_t key)
{
    outw(FW_CFG_IO_BASE, key);
}

static void read_data(void *buf, size_t len)
{
    uint8_t *p = buf;

    for (size_t i = 0; i < len; i++) {
        p[i] = inb(FW_CFG_IO_BASE + 1);
    }
}

static void read_item(uint16_t key, void *buf, size_t len)
{
    select_key(key);
    read_data(buf, len);
}

/* Run one DMA descriptor at DESC; returns the control word written back. */
static uint32_t dma(uint32_t control, uint32_t length, uint64_t address)
{
    uint32_t be[4] = {
        GUINT32_TO_BE(control), GUINT32_TO_BE(length),
        GUINT32_TO_BE((uint32_t)(address >> 32)),
        GUINT32_TO_BE((uint32_t)address),
    };
    uint32_t ctl;

    memcpy(ram + DESC, be, sizeof(be));
    /* As a guest: big-endian halves, the low one starts the transfer. */
    outl(FW_CFG_DMA_IO_BASE, GUINT32_TO_BE(0));
    outl(FW_CFG_DMA_IO_BASE + 4, GUINT32_TO_BE(DESC));
    memcpy(&ctl, ram + DESC, 4);
    return GUINT32_FROM_BE(ctl);
}

static void test_signature_and_id(void)
{
    struct fw_cfg_state *s = setup(true);
    char sig[6];
    uint32_t id;
    uint8_t uuid[16], zero[16] = { 0 };
    uint16_t v16;

    read_item(FW_CFG_SIGNATURE, sig, 6);
    g_assert_cmpmem(sig, 6, "QEMU\0", 6);    /* 0 past the end */
    read_item(FW_CFG_ID, &id, 4);
    g_assert_cmphex(GUINT32_FROM_LE(id), ==,
                    FW_CFG_VERSION | FW_CFG_VERSION_DMA);
    /* A byte read at the selector port reads data too (QEMU). */
    select_key(FW_CFG_SIGNATURE);
    g_assert_cmphex(inb(FW_CFG_IO_BASE), ==, 'Q');
    g_assert_cmphex(inb(FW_CFG_IO_BASE + 1), ==, 'E');
    /* The defaults QEMU's fw_cfg core adds. */
    read_item(FW_CFG_UUID, uuid, 16);
    g_assert_cmpmem(uuid, 16, zero, 16);
    read_item(FW_CFG_NOGRAPHIC, &v16, 2);
    g_assert_cmpint(v16, ==, 0);
    read_item(FW_CFG_BOOT_MENU, &v16, 2);
    g_assert_cmpint(v16, ==, 0);
    /* Where the board and QMP find it. */
    g_assert_true(fw_cfg_find() == s);
    g_assert_nonnull(device_find("/machine/fw_cfg"));
    g_assert_nonnull(device_find("fw_cfg"));
    g_assert_false(device_class_find("fw_cfg_io")->user_creatable);
}

static void test_no_dma(void)
{
    uint32_t id;

    setup(false);
    read_item(FW_CFG_ID, &id, 4);
    g_assert_cmphex(GUINT32_FROM_LE(id), ==, FW_CFG_VERSION);
    g_assert_null(address_space_lookup(&address_space_io,
                                       FW_CFG_DMA_IO_BASE));
    g_assert_cmphex(inl(FW_CFG_DMA_IO_BASE), ==, 0xffffffff);
}

static void test_item_types(void)
{
    struct fw_cfg_state *s = setup(true);
    const uint8_t bytes[] = { 1, 2, 3, 4, 5 };
    uint8_t buf[16];
    const void *p;
    size_t len;

    fw_cfg_add_bytes(s, FW_CFG_KERNEL_DATA, bytes, sizeof(bytes));
    fw_cfg_add_string(s, FW_CFG_CMDLINE_DATA, "console=ttyS0");
    fw_cfg_add_i16(s, FW_CFG_NB_CPUS, 0x1234);
    fw_cfg_add_i32(s, FW_CFG_KERNEL_ADDR, 0x00100000);
    fw_cfg_add_i64(s, FW_CFG_RAM_SIZE, 0x0000000180000000ULL);
    fw_cfg_add_i32(s, FW_CFG_E820_TABLE, 0xcafef00d);

    read_item(FW_CFG_KERNEL_DATA, buf, 5);
    g_assert_cmpmem(buf, 5, bytes, 5);
    /* Strings include their terminating NUL. */
    p = fw_cfg_get_item(s, FW_CFG_CMDLINE_DATA, &len);
    g_assert_cmpuint(len, ==, strlen("console=ttyS0") + 1);
    g_assert_cmpstr(p, ==, "console=ttyS0");
    read_item(FW_CFG_CMDLINE_DATA, buf, 14);
    g_assert_cmpmem(buf, 14, "console=ttyS0", 14);
    /* Integers are little-endian. */
    read_item(FW_CFG_NB_CPUS, buf, 2);
    g_assert_cmpmem(buf, 2, "\x34\x12", 2);
    read_item(FW_CFG_KERNEL_ADDR, buf, 4);
    g_assert_cmpmem(buf, 4, "\x00\x00\x10\x00", 4);
    read_item(FW_CFG_RAM_SIZE, buf, 8);
    g_assert_cmpmem(buf, 8, "\x00\x00\x00\x80\x01\x00\x00\x00", 8);
    /* Arch-local keys are a separate table: 0x8003 is not 0x03. */
    read_item(FW_CFG_E820_TABLE, buf, 4);
    g_assert_cmpmem(buf, 4, "\x0d\xf0\xfe\xca", 4);
    g_assert_null(fw_cfg_get_item(s, FW_CFG_ARCH_LOCAL | FW_CFG_NB_CPUS,
                                  NULL));
    /* The old write-channel bit does not change what is read. */
    read_item(FW_CFG_WRITE_CHANNEL | FW_CFG_NB_CPUS, buf, 2);
    g_assert_cmpmem(buf, 2, "\x34\x12", 2);
    /* Adding again replaces. */
    fw_cfg_add_i16(s, FW_CFG_NB_CPUS, 7);
    read_item(FW_CFG_NB_CPUS, buf, 3);
    g_assert_cmpmem(buf, 3, "\x07\x00\x00", 3);
    /* An empty item exists but reads as nothing. */
    fw_cfg_add_bytes(s, FW_CFG_INITRD_DATA, "", 0);
    g_assert_nonnull(fw_cfg_get_item(s, FW_CFG_INITRD_DATA, &len));
    g_assert_cmpuint(len, ==, 0);
    read_item(FW_CFG_INITRD_DATA, buf, 1);
    g_assert_cmphex(buf[0], ==, 0);
}

static void test_bad_guest_reads(void)
{
    struct fw_cfg_state *s = setup(true);
    uint32_t v = 0x5a5a5a5a;

    fw_cfg_add_i32(s, FW_CFG_NB_CPUS, 0x04030201);
    /* tests/guest/fwcfg.c: an unused key reads 0. */
    read_item(0x1ff0, &v, 4);
    g_assert_cmphex(v, ==, 0);
    /* Past the last file slot and an empty slot. */
    select_key(FW_CFG_FILE_FIRST + FW_CFG_FILE_SLOTS_DEFAULT);
    g_assert_cmphex(inb(FW_CFG_IO_BASE + 1), ==, 0);
    select_key(FW_CFG_FILE_FIRST + FW_CFG_FILE_SLOTS_DEFAULT - 1);
    g_assert_cmphex(inb(FW_CFG_IO_BASE + 1), ==, 0);
    /* Selecting again starts over. */
    select_key(FW_CFG_NB_CPUS);
    g_assert_cmphex(inb(FW_CFG_IO_BASE + 1), ==, 1);
    select_key(FW_CFG_NB_CPUS);
    g_assert_cmphex(inb(FW_CFG_IO_BASE + 1), ==, 1);
    /* Byte writes (the removed data-write path) neither select nor move. */
    outb(FW_CFG_IO_BASE, FW_CFG_SIGNATURE);
    outb(FW_CFG_IO_BASE + 1, 0xff);
    g_assert_cmphex(inb(FW_CFG_IO_BASE + 1), ==, 2);
    /* A 16-bit data read is refused: 0, and nothing consumed. */
    g_assert_cmphex(inw(FW_CFG_IO_BASE), ==, 0);
    g_assert_cmphex(inb(FW_CFG_IO_BASE + 1), ==, 3);
    /*
     * A 32-bit selector write is cut to the 2-byte register, as on
     * QEMU's bus: its low half selects.
     */
    outl(FW_CFG_IO_BASE, FW_CFG_SIGNATURE);
    g_assert_cmphex(inb(FW_CFG_IO_BASE + 1), ==, 'Q');
    g_assert_cmphex(inb(FW_CFG_IO_BASE + 1), ==, 'E');
    /* A reset selects the signature. */
    devices_reset_all();
    g_assert_cmphex(inb(FW_CFG_IO_BASE + 1), ==, 'Q');
}

static uint32_t dir_count(void)
{
    uint32_t be;

    read_item(FW_CFG_FILE_DIR, &be, 4);
    return GUINT32_FROM_BE(be);
}

/* Read the directory and check it lists names[] in order, 0x20 up. */
static void check_dir(const char *const *names, uint32_t n)
{
    struct dir_entry e;

    g_assert_cmpuint(dir_count(), ==, n);
    for (uint32_t i = 0; i < n; i++) {
        char expect[56] = { 0 };
        size_t len;

        read_data(&e, sizeof(e));
        g_strlcpy(expect, names[i], sizeof(expect));
        g_assert_cmpmem(e.name, 56, expect, 56);   /* NUL-padded */
        g_assert_cmphex(GUINT16_FROM_BE(e.select), ==, FW_CFG_FILE_FIRST + i);
        g_assert_cmpuint(e.reserved, ==, 0);
        g_assert_nonnull(fw_cfg_get_file(fw_cfg_find(), names[i], &len));
        g_assert_cmpuint(GUINT32_FROM_BE(e.size), ==, len);
    }
    /* Unused slots read as zero records. */
    read_data(&e, sizeof(e));
    g_assert_cmpuint(e.size | e.select, ==, 0);
    g_assert_cmpuint(e.name[0], ==, 0);
}

static void test_file_directory(void)
{
    static const char *const sorted[] = {
        "a", "bootorder", "etc/boot-fail-wait", "etc/e820", "genroms/x",
    };
    static const char *const sorted2[] = {
        "a", "b", "bootorder", "etc/boot-fail-wait", "etc/e820", "genroms/x",
    };
    struct fw_cfg_state *s = setup(true);
    char long_name[80];
    uint32_t fail_wait;
    char buf[8];
    size_t len;

    /* Only the core's own file at first, at the first selector. */
    check_dir(&sorted[2], 1);
    read_item(FW_CFG_FILE_FIRST, &fail_wait, 4);
    g_assert_cmphex(fail_wait, ==, 0xffffffff);     /* reboot-timeout -1 */

    fw_cfg_add_file(s, "etc/e820", "E820", 4);
    fw_cfg_add_file(s, "bootorder", "", 0);
    fw_cfg_add_file(s, "genroms/x", "ROM", 3);
    fw_cfg_add_file(s, "a", "aaaa", 4);
    check_dir(sorted, 5);
    /* The directory item is the whole slot table, as on QEMU. */
    g_assert_nonnull(fw_cfg_get_item(s, FW_CFG_FILE_DIR, &len));
    g_assert_cmpuint(len, ==, 4 + 64 * FW_CFG_FILE_SLOTS_DEFAULT);

    /* A file sorted in front moves the later ones to new selectors. */
    read_item(FW_CFG_FILE_FIRST + 3, buf, 4);
    g_assert_cmpmem(buf, 4, "E820", 4);
    fw_cfg_add_file(s, "b", "bb", 2);
    check_dir(sorted2, 6);
    read_item(FW_CFG_FILE_FIRST + 4, buf, 4);
    g_assert_cmpmem(buf, 4, "E820", 4);
    read_item(FW_CFG_FILE_FIRST + 1, buf, 3);
    g_assert_cmpmem(buf, 3, "bb\0", 3);

    /* Replacing keeps the selector and updates the size. */
    fw_cfg_add_file(s, "a", "A", 1);
    check_dir(sorted2, 6);
    read_item(FW_CFG_FILE_FIRST, buf, 2);
    g_assert_cmpmem(buf, 2, "A\0", 2);

    /* Names are cut to 55 characters and still found. */
    memset(long_name, 'z', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = '\0';
    fw_cfg_add_file(s, long_name, "L", 1);
    fw_cfg_add_file(s, long_name, "M", 1);
    g_assert_cmpuint(dir_count(), ==, 7);
    g_assert_nonnull(fw_cfg_get_file(s, long_name, &len));
    g_assert_null(fw_cfg_get_file(s, "nope", NULL));
}

static void test_dma_read(void)
{
    struct fw_cfg_state *s = setup(true);
    uint32_t length_be;

    fw_cfg_add_bytes(s, FW_CFG_KERNEL_CMDLINE, "0123456789", 10);
    /* tests/guest/fwcfg.c's check_dma(). */
    memset(ram + BUF, 'x', 8);
    g_assert_cmphex(dma(FW_CFG_SIGNATURE << 16 | FW_CFG_DMA_CTL_SELECT |
                        FW_CFG_DMA_CTL_READ, 4, BUF), ==, 0);
    g_assert_cmpmem(ram + BUF, 8, "QEMUxxxx", 8);
    /* Only control is written back. */
    memcpy(&length_be, ram + DESC + 4, 4);
    g_assert_cmpuint(GUINT32_FROM_BE(length_be), ==, 4);
    /* Past the end, reads give zeros and still succeed. */
    memset(ram + BUF, 'x', 8);
    g_assert_cmphex(dma(FW_CFG_SIGNATURE << 16 | FW_CFG_DMA_CTL_SELECT |
                        FW_CFG_DMA_CTL_READ, 6, BUF), ==, 0);
    g_assert_cmpmem(ram + BUF, 8, "QEMU\0\0xx", 8);

    /* Select + skip, then read on from there (no select). */
    g_assert_cmphex(dma(FW_CFG_KERNEL_CMDLINE << 16 | FW_CFG_DMA_CTL_SELECT |
                        FW_CFG_DMA_CTL_SKIP, 3, BUF), ==, 0);
    g_assert_cmphex(dma(FW_CFG_DMA_CTL_READ, 4, BUF), ==, 0);
    g_assert_cmpmem(ram + BUF, 4, "3456", 4);
    /* DMA and the data port share the read position. */
    g_assert_cmphex(inb(FW_CFG_IO_BASE + 1), ==, '7');
    /* A select with no operation just selects. */
    g_assert_cmphex(dma(FW_CFG_SIGNATURE << 16 | FW_CFG_DMA_CTL_SELECT,
                        100, UNMAPPED), ==, 0);
    g_assert_cmphex(inb(FW_CFG_IO_BASE + 1), ==, 'Q');
    /* READ wins when WRITE is also set. */
    g_assert_cmphex(dma(FW_CFG_KERNEL_CMDLINE << 16 | FW_CFG_DMA_CTL_SELECT |
                        FW_CFG_DMA_CTL_READ | FW_CFG_DMA_CTL_WRITE, 2, BUF),
                    ==, 0);
    g_assert_cmpmem(ram + BUF, 2, "01", 2);
    /* A 64-bit write of the address works too. */
    memcpy(ram + DESC, "\x00\x01\x00\x0a\x00\x00\x00\x04"
                       "\x00\x00\x00\x00\x00\x00\x30\x00", 16);
    address_space_write(&address_space_io, FW_CFG_DMA_IO_BASE,
                        GUINT64_TO_BE((uint64_t)DESC), 8);
    g_assert_cmpmem(ram + DESC, 4, "\0\0\0\0", 4);
    g_assert_cmphex(ram[0x3000], ==, FW_CFG_VERSION | FW_CFG_VERSION_DMA);
}

static void test_dma_write_refused(void)
{
    struct fw_cfg_state *s = setup(true);
    const void *p;

    memcpy(ram + BUF, "EVIL", 4);
    g_assert_cmphex(dma(FW_CFG_SIGNATURE << 16 | FW_CFG_DMA_CTL_SELECT |
                        FW_CFG_DMA_CTL_WRITE, 4, BUF), ==,
                    FW_CFG_DMA_CTL_ERROR);
    p = fw_cfg_get_item(s, FW_CFG_SIGNATURE, NULL);
    g_assert_cmpmem(p, 4, "QEMU", 4);
    g_assert_cmphex(dma(0x1ff0 << 16 | FW_CFG_DMA_CTL_SELECT |
                        FW_CFG_DMA_CTL_WRITE, 4, BUF), ==,
                    FW_CFG_DMA_CTL_ERROR);
    /* Nothing to write is not an error. */
    g_assert_cmphex(dma(FW_CFG_SIGNATURE << 16 | FW_CFG_DMA_CTL_SELECT |
                        FW_CFG_DMA_CTL_WRITE, 0, BUF), ==, 0);
}

static void test_dma_errors(void)
{
    struct fw_cfg_state *s = setup(true);
    gint64 start = g_get_monotonic_time();
    uint8_t tail[16];

    fw_cfg_add_bytes(s, FW_CFG_KERNEL_CMDLINE, "cmdline", 7);
    /* The buffer is not guest memory. */
    g_assert_cmphex(dma(FW_CFG_SIGNATURE << 16 | FW_CFG_DMA_CTL_SELECT |
                        FW_CFG_DMA_CTL_READ, 4, UNMAPPED), ==,
                    FW_CFG_DMA_CTL_ERROR);
    /* Reads past the end into unmapped memory fail too. */
    g_assert_cmphex(dma(FW_CFG_DMA_CTL_READ, 4, UNMAPPED), ==,
                    FW_CFG_DMA_CTL_ERROR);
    /* A huge length: the item, zeros to the end of RAM, then ERROR. */
    memset(ram + RAM_SIZE - sizeof(tail), 0xee, sizeof(tail));
    g_assert_cmphex(dma(FW_CFG_KERNEL_CMDLINE << 16 | FW_CFG_DMA_CTL_SELECT |
                        FW_CFG_DMA_CTL_READ, 0xffffffff, BUF), ==,
                    FW_CFG_DMA_CTL_ERROR);
    g_assert_cmpmem(ram + BUF, 8, "cmdline\0", 8);
    memset(tail, 0, sizeof(tail));
    g_assert_cmpmem(ram + RAM_SIZE - sizeof(tail), sizeof(tail), tail,
                    sizeof(tail));
    /* A huge skip is fine; a huge write is refused. */
    g_assert_cmphex(dma(FW_CFG_DMA_CTL_SKIP, 0xffffffff, 0), ==, 0);
    g_assert_cmphex(dma(FW_CFG_DMA_CTL_WRITE, 0xffffffff, 0), ==,
                    FW_CFG_DMA_CTL_ERROR);
    /* Address wrap-around at the top of the address space. */
    g_assert_cmphex(dma(FW_CFG_DMA_CTL_READ, 0x1000, UINT64_MAX - 0x10), ==,
                    FW_CFG_DMA_CTL_ERROR);
    /* A descriptor outside RAM: nothing to report to, nothing breaks. */
    outl(FW_CFG_DMA_IO_BASE, 0);
    outl(FW_CFG_DMA_IO_BASE + 4, GUINT32_TO_BE(UNMAPPED));
    /* One straddling the end of RAM is an error written where it can be. */
    outl(FW_CFG_DMA_IO_BASE + 4, GUINT32_TO_BE(RAM_SIZE - 8));
    g_assert_cmpmem(ram + RAM_SIZE - 8, 4, "\0\0\0\x01", 4);
    /* Odd writes to the DMA register do nothing. */
    outb(FW_CFG_DMA_IO_BASE, 1);
    outw(FW_CFG_DMA_IO_BASE + 2, 1);
    outl(FW_CFG_DMA_IO_BASE + 2, 1);
    /* None of this took long. */
    g_assert_cmpint(g_get_monotonic_time() - start, <, 5 * G_USEC_PER_SEC);
}

static void test_dma_register_reads(void)
{
    setup(true);
    /* "QEMU CFG" in memory order (tests/guest/fwcfg.c byte-swaps it). */
    g_assert_cmphex(inl(FW_CFG_DMA_IO_BASE), ==, 0x554d4551);
    g_assert_cmphex(inl(FW_CFG_DMA_IO_BASE + 4), ==, 0x47464320);
    g_assert_cmphex(inw(FW_CFG_DMA_IO_BASE + 2), ==, 0x554d);
    for (int i = 0; i < 8; i++) {
        g_assert_cmphex(inb(FW_CFG_DMA_IO_BASE + i), ==, "QEMU CFG"[i]);
    }
    g_assert_cmphex(address_space_read(&address_space_io,
                                       FW_CFG_DMA_IO_BASE, 8), ==,
                    GUINT64_TO_BE(FW_CFG_DMA_SIGNATURE));
    g_assert_null(address_space_lookup(&address_space_io,
                                       FW_CFG_DMA_IO_BASE + 8));
    g_assert_null(address_space_lookup(&address_space_io,
                                       FW_CFG_IO_BASE + 2));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    HW_TEST_ADD("/fw_cfg/signature-and-id", test_signature_and_id);
    HW_TEST_ADD("/fw_cfg/no-dma", test_no_dma);
    HW_TEST_ADD("/fw_cfg/item-types", test_item_types);
    HW_TEST_ADD("/fw_cfg/bad-guest-reads", test_bad_guest_reads);
    HW_TEST_ADD("/fw_cfg/file-directory", test_file_directory);
    HW_TEST_ADD("/fw_cfg/dma-read", test_dma_read);
    HW_TEST_ADD("/fw_cfg/dma-write-refused", test_dma_write_refused);
    HW_TEST_ADD("/fw_cfg/dma-errors", test_dma_errors);
    HW_TEST_ADD("/fw_cfg/dma-register-reads", test_dma_register_reads);
    return g_test_run();
}
