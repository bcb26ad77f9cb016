/*
 * The PC memory map, as the e820 BIOS call and fw_cfg "etc/e820" give it.
 */
#ifndef HW_I386_E820_H
#define HW_I386_E820_H

#include "qemu/osdep.h"

#define E820_RAM 1
#define E820_RESERVED 2
#define E820_ACPI 3
#define E820_NVS 4
#define E820_UNUSABLE 5

#define E820_MAX_ENTRIES 32

/* Little-endian wire layout shared by fw_cfg's etc/e820 (20 bytes). */
struct e820_entry {
    uint64_t addr;
    uint64_t len;
    uint32_t type;
} __attribute__((packed));

struct e820_table {
    int count;
    struct e820_entry entries[E820_MAX_ENTRIES];
};

/* Append; returns -ENOSPC when full. Zero-length entries are ignored. */
int e820_add(struct e820_table *t, uint64_t addr, uint64_t len,
             uint32_t type);

/* How the pc machine splits ram_size around the PCI hole below 4 GiB. */
void e820_split_ram(uint64_t ram_size, uint64_t *below_4g,
                    uint64_t *above_4g);

/*
 * What QEMU 7.2's pc machine publishes in fw_cfg "etc/e820", in its
 * order: the pages KVM reserves for its real-mode helpers, AMD's
 * HyperTransport range at 1012 GiB when amd_ht (an AMD CPU model with at
 * least 40 physical address bits), RAM below and above 4 GiB.
 */
void e820_build_fw_cfg(struct e820_table *t, uint64_t below_4g,
                       uint64_t above_4g, bool amd_ht);

/*
 * The map a BIOS reports to a loaded OS (multiboot mmap): conventional
 * memory up to the EBDA, the BIOS area reserved, extended memory, the KVM
 * helper pages and the BIOS ROM alias below 4 GiB reserved, RAM above
 * 4 GiB and the HyperTransport range. Sorted, non-overlapping.
 */
void e820_build_bios_map(struct e820_table *t, uint64_t below_4g,
                         uint64_t above_4g, bool amd_ht);

/* Sum of the lengths of entries of one type. */
uint64_t e820_total(const struct e820_table *t, uint32_t type);

#endif
