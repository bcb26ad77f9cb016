/*
 * QEMU firmware configuration device (fw_cfg), I/O-port flavour:
 * selector at 0x510 (16-bit), data at 0x511 (8-bit), DMA address at
 * 0x514 (two 32-bit big-endian halves, or one 64-bit write).
 *
 * The board adds items before the guest runs; the guest reads them.
 */
#ifndef HW_NVRAM_FW_CFG_H
#define HW_NVRAM_FW_CFG_H

#include "qemu/osdep.h"

/* Selector keys (values fixed by the QEMU interface). */
#define FW_CFG_SIGNATURE 0x00
#define FW_CFG_ID 0x01
#define FW_CFG_UUID 0x02
#define FW_CFG_RAM_SIZE 0x03
#define FW_CFG_NOGRAPHIC 0x04
#define FW_CFG_NB_CPUS 0x05
#define FW_CFG_MACHINE_ID 0x06
#define FW_CFG_KERNEL_ADDR 0x07
#define FW_CFG_KERNEL_SIZE 0x08
#define FW_CFG_KERNEL_CMDLINE 0x09
#define FW_CFG_INITRD_ADDR 0x0a
#define FW_CFG_INITRD_SIZE 0x0b
#define FW_CFG_BOOT_DEVICE 0x0c
#define FW_CFG_NUMA 0x0d
#define FW_CFG_BOOT_MENU 0x0e
#define FW_CFG_MAX_CPUS 0x0f
#define FW_CFG_KERNEL_ENTRY 0x10
#define FW_CFG_KERNEL_DATA 0x11
#define FW_CFG_INITRD_DATA 0x12
#define FW_CFG_CMDLINE_ADDR 0x13
#define FW_CFG_CMDLINE_SIZE 0x14
#define FW_CFG_CMDLINE_DATA 0x15
#define FW_CFG_SETUP_ADDR 0x16
#define FW_CFG_SETUP_SIZE 0x17
#define FW_CFG_SETUP_DATA 0x18
#define FW_CFG_FILE_DIR 0x19
#define FW_CFG_FILE_FIRST 0x20
#define FW_CFG_FILE_SLOTS_DEFAULT 0x20
#define FW_CFG_WRITE_CHANNEL 0x4000
#define FW_CFG_ARCH_LOCAL 0x8000
#define FW_CFG_ACPI_TABLES (FW_CFG_ARCH_LOCAL + 0)
#define FW_CFG_SMBIOS_ENTRIES (FW_CFG_ARCH_LOCAL + 1)
#define FW_CFG_IRQ0_OVERRIDE (FW_CFG_ARCH_LOCAL + 2)
#define FW_CFG_E820_TABLE (FW_CFG_ARCH_LOCAL + 3)
#define FW_CFG_HPET (FW_CFG_ARCH_LOCAL + 4)

#define FW_CFG_IO_BASE 0x510
#define FW_CFG_DMA_IO_BASE 0x514

/* FW_CFG_ID feature bits. */
#define FW_CFG_VERSION 0x01
#define FW_CFG_VERSION_DMA 0x02

/* DMA control bits. */
#define FW_CFG_DMA_CTL_ERROR 0x01
#define FW_CFG_DMA_CTL_READ 0x02
#define FW_CFG_DMA_CTL_SKIP 0x04
#define FW_CFG_DMA_CTL_SELECT 0x08
#define FW_CFG_DMA_CTL_WRITE 0x10

/* "QEMU CFG", what a read of the DMA port returns (big-endian). */
#define FW_CFG_DMA_SIGNATURE 0x51454d5520434647ULL

#define FW_CFG_MAX_FILE_PATH 56

struct fw_cfg_state;

/*
 * The fw_cfg device ("fw_cfg_io", path /machine/fw_cfg). Created by the
 * board; dma_enabled selects the DMA interface (FW_CFG_ID bit 1).
 */
struct fw_cfg_state *fw_cfg_init_io(bool dma_enabled);
struct fw_cfg_state *fw_cfg_find(void);

/* Items: data is copied; later adds of the same key replace the item. */
void fw_cfg_add_bytes(struct fw_cfg_state *s, uint16_t key, const void *data,
                      size_t len);
void fw_cfg_add_string(struct fw_cfg_state *s, uint16_t key,
                       const char *value);
void fw_cfg_add_i16(struct fw_cfg_state *s, uint16_t key, uint16_t value);
void fw_cfg_add_i32(struct fw_cfg_state *s, uint16_t key, uint32_t value);
void fw_cfg_add_i64(struct fw_cfg_state *s, uint16_t key, uint64_t value);
/*
 * Named file in the directory (sorted by name, as QEMU does for current
 * machine types). Adding an existing name replaces its contents.
 */
void fw_cfg_add_file(struct fw_cfg_state *s, const char *name,
                     const void *data, size_t len);
/* Contents of an item or file, for tests and HMP (NULL if absent). */
const void *fw_cfg_get_item(struct fw_cfg_state *s, uint16_t key,
                            size_t *len);
const void *fw_cfg_get_file(struct fw_cfg_state *s, const char *name,
                            size_t *len);

#endif
