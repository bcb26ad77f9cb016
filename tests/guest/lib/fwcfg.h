/*
 * QEMU fw_cfg, I/O-port interface: selector (16-bit) at 0x510, data bytes
 * at 0x511, DMA address registers (big-endian) at 0x514/0x518.
 * Item values are little-endian except the file directory (big-endian).
 */
#ifndef GUEST_FWCFG_H
#define GUEST_FWCFG_H

#include <stdbool.h>
#include <stdint.h>

#define FW_CFG_PORT_SEL     0x510
#define FW_CFG_PORT_DATA    0x511
#define FW_CFG_PORT_DMA_HI  0x514
#define FW_CFG_PORT_DMA_LO  0x518

#define FW_CFG_SIGNATURE    0x00
#define FW_CFG_ID           0x01
#define FW_CFG_RAM_SIZE     0x03
#define FW_CFG_NB_CPUS      0x05
#define FW_CFG_MAX_CPUS     0x0f
#define FW_CFG_FILE_DIR     0x19

#define FW_CFG_ID_TRADITIONAL   (1 << 0)
#define FW_CFG_ID_DMA           (1 << 1)

#define FW_CFG_DMA_ERROR    (1 << 0)
#define FW_CFG_DMA_READ     (1 << 1)
#define FW_CFG_DMA_SKIP     (1 << 2)
#define FW_CFG_DMA_SELECT   (1 << 3)

/* "QEMU CFG", what reading the 64-bit DMA register returns. */
#define FW_CFG_DMA_SIGNATURE 0x51454d5520434647ULL

/* One entry of the file directory, as found on the wire. */
struct fwcfg_file {
    uint32_t size;          /* big-endian */
    uint16_t select;        /* big-endian */
    uint16_t reserved;
    char name[56];
};

void fwcfg_select(uint16_t key);
void fwcfg_read(void *buf, uint32_t len);       /* from the current item */
void fwcfg_read_item(uint16_t key, void *buf, uint32_t len);
uint16_t fwcfg_read_u16(uint16_t key);
uint32_t fwcfg_read_u32(uint16_t key);
uint64_t fwcfg_read_u64(uint16_t key);

/* Number of files in the directory (selects FW_CFG_FILE_DIR). */
uint32_t fwcfg_file_count(void);
/* Find a file by name; fills select and size (host order). */
bool fwcfg_find_file(const char *name, uint16_t *select, uint32_t *size);
/* DMA read of len bytes of key into buf; returns the final control word. */
uint32_t fwcfg_dma_read(uint16_t key, void *buf, uint32_t len);

#endif /* GUEST_FWCFG_H */
