/*
 * fw_cfg (I/O-port flavour at 0x510) through the qtest protocol: every
 * item the pc board publishes, the file directory, reads past the end,
 * and the DMA interface at 0x514 (read, skip, select, refused write, the
 * signature register).
 *
 * Reference: QEMU docs/specs/fw_cfg.txt and QEMU 7.2's
 * tests/qtest/fw_cfg-test.c (the same items with the same values for
 * -m/-smp); the e820 layout is QEMU's pc "etc/e820".
 */
#include "qtest-pc.h"

#include <string.h>

#define FW_CTL 0x510
#define FW_DATA 0x511
#define FW_DMA 0x514

#define DESC 0x5000         /* DMA descriptor in guest RAM */
#define BUF 0x6000          /* DMA buffer */

#define ARGS "-machine pc -nodefaults -m 64 -smp 2,maxcpus=4"

static void fw_select(QTestState *s, uint16_t key)
{
    qtest_outw(s, FW_CTL, key);
}

static void fw_read(QTestState *s, uint16_t key, void *buf, size_t len)
{
    uint8_t *p = buf;

    fw_select(s, key);
    for (size_t i = 0; i < len; i++) {
        p[i] = qtest_inb(s, FW_DATA);
    }
}

static uint64_t fw_read_le(QTestState *s, uint16_t key, size_t len)
{
    uint8_t b[8] = { 0 };
    uint64_t v = 0;

    fw_read(s, key, b, len);
    for (size_t i = 0; i < len; i++) {
        v |= (uint64_t)b[i] << (8 * i);
    }
    return v;
}

/* Find a file in FW_CFG_FILE_DIR: its select key and size. */
static bool fw_find_file(QTestState *s, const char *name, uint16_t *key,
                         uint32_t *size)
{
    uint8_t be[4];
    uint32_t count;

    fw_read(s, 0x19, be, 4);
    count = (uint32_t)be[0] << 24 | be[1] << 16 | be[2] << 8 | be[3];
    for (uint32_t i = 0; i < count; i++) {
        uint8_t rec[64];

        for (int j = 0; j < 64; j++) {
            rec[j] = qtest_inb(s, FW_DATA);
        }
        if (!strncmp((char *)rec + 8, name, 56)) {
            *size = (uint32_t)rec[0] << 24 | rec[1] << 16 | rec[2] << 8 |
                    rec[3];
            *key = rec[4] << 8 | rec[5];
            return true;
        }
    }
    return false;
}

static void test_signature_and_id(void)
{
    QTestState *s = pc_start(ARGS);
    char sig[5] = { 0 };

    fw_read(s, 0x0000, sig, 4);
    g_assert_cmpstr(sig, ==, "QEMU");
    /* Reset selects the signature; reading 0x510 as bytes works too. */
    g_assert_cmphex(fw_read_le(s, 0x0001, 4), ==, 0x3);  /* DMA + legacy */
    fw_select(s, 0x0000);
    g_assert_cmphex(qtest_inb(s, FW_CTL), ==, 'Q');
    g_assert_cmphex(qtest_inb(s, FW_CTL), ==, 'E');
    /* Selecting again rewinds. */
    fw_select(s, 0x0000);
    g_assert_cmphex(qtest_inb(s, FW_DATA), ==, 'Q');
    qtest_quit(s);
}

static void test_items(void)
{
    QTestState *s = pc_start(ARGS);
    uint8_t uuid[16], zero[16] = { 0 };

    g_assert_cmphex(fw_read_le(s, 0x03, 8), ==, 64ULL << 20);  /* RAM_SIZE */
    g_assert_cmpuint(fw_read_le(s, 0x05, 2), ==, 2);          /* NB_CPUS */
    g_assert_cmpuint(fw_read_le(s, 0x0f, 2), ==, 4);          /* MAX_CPUS */
    g_assert_cmpuint(fw_read_le(s, 0x04, 2), ==, 0);          /* NOGRAPHIC */
    g_assert_cmpuint(fw_read_le(s, 0x0e, 2), ==, 0);          /* BOOT_MENU */
    fw_read(s, 0x02, uuid, 16);                               /* UUID */
    g_assert(!memcmp(uuid, zero, 16));
    /* Past the end of an item, and items that do not exist, read 0. */
    fw_select(s, 0x05);
    qtest_inb(s, FW_DATA);
    qtest_inb(s, FW_DATA);
    g_assert_cmphex(qtest_inb(s, FW_DATA), ==, 0);
    g_assert_cmphex(fw_read_le(s, 0x1f, 4), ==, 0);
    g_assert_cmphex(fw_read_le(s, 0x8005, 4), ==, 0);
    /* No -kernel: no kernel items. */
    g_assert_cmphex(fw_read_le(s, 0x08, 4), ==, 0);
    qtest_quit(s);
}

static void test_file_dir(void)
{
    QTestState *s = pc_start(ARGS);
    static const char *const names[] = {
        "bootorder", "etc/boot-fail-wait", "etc/e820",
    };
    uint8_t be[4];
    uint32_t count;
    char prev[57] = "";

    fw_read(s, 0x19, be, 4);
    count = (uint32_t)be[0] << 24 | be[1] << 16 | be[2] << 8 | be[3];
    g_assert_cmpuint(count, >=, G_N_ELEMENTS(names));
    for (uint32_t i = 0; i < count; i++) {
        uint8_t rec[64];
        char name[57] = { 0 };

        for (int j = 0; j < 64; j++) {
            rec[j] = qtest_inb(s, FW_DATA);
        }
        memcpy(name, rec + 8, 56);
        /* Sorted by name, selectors 0x20 upwards in that order. */
        g_assert_cmpstr(prev, <, name);
        g_assert_cmphex(rec[4] << 8 | rec[5], ==, 0x20 + i);
        g_assert_cmphex(rec[6] | rec[7], ==, 0);
        strcpy(prev, name);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        uint16_t key;
        uint32_t size;

        g_assert(fw_find_file(s, names[i], &key, &size));
    }
    qtest_quit(s);
}

static void test_files(void)
{
    QTestState *s = pc_start(ARGS);
    uint16_t key;
    uint32_t size;
    uint8_t e820[3 * 20];

    g_assert(fw_find_file(s, "bootorder", &key, &size));
    g_assert_cmpuint(size, ==, 0);
    g_assert(fw_find_file(s, "etc/boot-fail-wait", &key, &size));
    g_assert_cmpuint(size, ==, 4);
    g_assert_cmphex(fw_read_le(s, key, 4), ==, 0xffffffff);
    /*
     * e820 in QEMU 7.2's order: the KVM helper pages, AMD's
     * HyperTransport range (qemu64 is an AMD model with 40 physical
     * bits), RAM 0..64M; nothing above 4G.
     */
    g_assert(fw_find_file(s, "etc/e820", &key, &size));
    g_assert_cmpuint(size, ==, 3 * 20);
    fw_read(s, key, e820, size);
    {
        static const struct {
            uint64_t addr, len;
            uint32_t type;
        } want[] = {
            { 0xfeffc000, 0x4000, 2 },
            { 0xfd00000000ULL, 0x300000000ULL, 2 },
            { 0, 64 << 20, 1 },
        };

        for (int i = 0; i < 3; i++) {
            uint64_t addr, len;
            uint32_t type;

            memcpy(&addr, e820 + 20 * i, 8);
            memcpy(&len, e820 + 20 * i + 8, 8);
            memcpy(&type, e820 + 20 * i + 16, 4);
            g_assert_cmphex(GUINT64_FROM_LE(addr), ==, want[i].addr);
            g_assert_cmphex(GUINT64_FROM_LE(len), ==, want[i].len);
            g_assert_cmpuint(GUINT32_FROM_LE(type), ==, want[i].type);
        }
    }
    qtest_quit(s);
}

/* -m 3600: 3 GiB below the PCI hole, the rest above 4 GiB (QEMU pc). */
static void test_e820_above_4g(void)
{
    QTestState *s = pc_start("-machine pc -nodefaults -m 3600");
    uint16_t key;
    uint32_t size;
    uint8_t e820[4 * 20];
    uint64_t addr, len;

    /* KVM pages, HyperTransport range, RAM below and above 4 GiB. */
    g_assert(fw_find_file(s, "etc/e820", &key, &size));
    g_assert_cmpuint(size, ==, 4 * 20);
    fw_read(s, key, e820, size);
    memcpy(&len, e820 + 48, 8);
    g_assert_cmphex(GUINT64_FROM_LE(len), ==, 0xc0000000ULL);
    memcpy(&addr, e820 + 60, 8);
    memcpy(&len, e820 + 68, 8);
    g_assert_cmphex(GUINT64_FROM_LE(addr), ==, 0x100000000ULL);
    g_assert_cmphex(GUINT64_FROM_LE(len), ==, 3600ULL * 1024 * 1024 -
                                                  0xc0000000ULL);
    qtest_quit(s);
}

/* Big-endian descriptor, then the address register (high, low half). */
static uint32_t dma(QTestState *s, uint32_t control, uint32_t length,
                    uint64_t addr)
{
    uint32_t desc[4] = {
        GUINT32_TO_BE(control), GUINT32_TO_BE(length),
        GUINT32_TO_BE(addr >> 32), GUINT32_TO_BE((uint32_t)addr),
    };

    qtest_memwrite(s, DESC, desc, sizeof(desc));
    /* The register is big-endian: byte-swap what outl sends. */
    qtest_outl(s, FW_DMA, GUINT32_TO_BE(0));
    qtest_outl(s, FW_DMA + 4, GUINT32_TO_BE(DESC));
    return GUINT32_FROM_BE(qtest_readl(s, DESC));
}

#define CTL_ERROR 0x01
#define CTL_READ 0x02
#define CTL_SKIP 0x04
#define CTL_SELECT 0x08
#define CTL_WRITE 0x10

static void test_dma(void)
{
    QTestState *s = pc_start(ARGS);
    char sig[9] = { 0 };
    uint8_t buf[8];

    for (int i = 0; i < 8; i++) {
        sig[i] = qtest_inb(s, FW_DMA + i);
    }
    g_assert_cmpstr(sig, ==, "QEMU CFG");

    /* Select + read the signature. */
    qtest_memset(s, BUF, 0xaa, 8);
    g_assert_cmphex(dma(s, 0x0000 << 16 | CTL_SELECT | CTL_READ, 4, BUF), ==,
                    0);
    qtest_memread(s, BUF, buf, 8);
    g_assert(!memcmp(buf, "QEMU\xaa\xaa\xaa\xaa", 8));

    /* Select RAM_SIZE, skip 2 bytes, read the next 2. */
    g_assert_cmphex(dma(s, 0x03 << 16 | CTL_SELECT | CTL_SKIP, 2, 0), ==, 0);
    g_assert_cmphex(dma(s, CTL_READ, 2, BUF), ==, 0);
    g_assert_cmphex(qtest_readw(s, BUF), ==, (64 << 20) >> 16);
    /* A read past the end fills zeros and still succeeds. */
    qtest_memset(s, BUF, 0xaa, 8);
    g_assert_cmphex(dma(s, 0x05 << 16 | CTL_SELECT | CTL_READ, 8, BUF), ==,
                    0);
    g_assert_cmphex(qtest_readq(s, BUF), ==, 2);
    /* Writes are refused (read-only items): ERROR. */
    g_assert_cmphex(dma(s, 0x05 << 16 | CTL_SELECT | CTL_WRITE, 2, BUF) &
                    CTL_ERROR, ==, CTL_ERROR);
    g_assert_cmpuint(fw_read_le(s, 0x05, 2), ==, 2);
    /* The data port continues where DMA stopped. */
    g_assert_cmphex(dma(s, 0x00 << 16 | CTL_SELECT | CTL_READ, 2, BUF), ==, 0);
    g_assert_cmphex(qtest_inb(s, FW_DATA), ==, 'M');
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("fw_cfg/signature-and-id", test_signature_and_id);
    qtest_add_func("fw_cfg/items", test_items);
    qtest_add_func("fw_cfg/file-dir", test_file_dir);
    qtest_add_func("fw_cfg/files", test_files);
    qtest_add_func("fw_cfg/e820-above-4g", test_e820_above_4g);
    qtest_add_func("fw_cfg/dma", test_dma);
    return g_test_run();
}
