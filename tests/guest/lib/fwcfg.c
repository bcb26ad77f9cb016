/* fw_cfg access through the I/O ports (see fwcfg.h for the layout). */
#include "fwcfg.h"
#include "io.h"
#include "libc.h"

void fwcfg_select(uint16_t key)
{
    outw(FW_CFG_PORT_SEL, key);
}

void fwcfg_read(void *buf, uint32_t len)
{
    uint8_t *p = buf;

    for (uint32_t i = 0; i < len; i++) {
        p[i] = inb(FW_CFG_PORT_DATA);
    }
}

void fwcfg_read_item(uint16_t key, void *buf, uint32_t len)
{
    fwcfg_select(key);
    fwcfg_read(buf, len);
}

uint16_t fwcfg_read_u16(uint16_t key)
{
    uint16_t v;

    fwcfg_read_item(key, &v, sizeof(v));
    return v;
}

uint32_t fwcfg_read_u32(uint16_t key)
{
    uint32_t v;

    fwcfg_read_item(key, &v, sizeof(v));
    return v;
}

uint64_t fwcfg_read_u64(uint16_t key)
{
    uint64_t v;

    fwcfg_read_item(key, &v, sizeof(v));
    return v;
}

uint32_t fwcfg_file_count(void)
{
    return bswap32(fwcfg_read_u32(FW_CFG_FILE_DIR));
}

bool fwcfg_find_file(const char *name, uint16_t *select, uint32_t *size)
{
    uint32_t n = fwcfg_file_count();
    struct fwcfg_file f;

    /* The directory is read sequentially after its count. */
    for (uint32_t i = 0; i < n; i++) {
        fwcfg_read(&f, sizeof(f));
        if (strncmp(f.name, name, sizeof(f.name)) == 0) {
            *select = bswap16(f.select);
            *size = bswap32(f.size);
            return true;
        }
    }
    return false;
}

struct fwcfg_dma_access {
    uint32_t control;       /* big-endian, like the other two fields */
    uint32_t length;
    uint64_t address;
} __attribute__((aligned(16)));

uint32_t fwcfg_dma_read(uint16_t key, void *buf, uint32_t len)
{
    static struct fwcfg_dma_access acc;
    uint64_t pa = (uint64_t)&acc;   /* identity mapped */

    acc.control = bswap32((uint32_t)key << 16 | FW_CFG_DMA_SELECT |
                          FW_CFG_DMA_READ);
    acc.length = bswap32(len);
    acc.address = bswap64((uint64_t)buf);
    barrier();
    /* Writing the low half starts the transfer. */
    outl(FW_CFG_PORT_DMA_HI, bswap32((uint32_t)(pa >> 32)));
    outl(FW_CFG_PORT_DMA_LO, bswap32((uint32_t)pa));
    /* QEMU completes at once; the spec allows later, so poll a while. */
    volatile uint32_t *ctl = &acc.control;
    for (int i = 0; i < 1000 && (bswap32(*ctl) & ~FW_CFG_DMA_ERROR); i++) {
        cpu_relax();
    }
    return bswap32(*ctl);
}
