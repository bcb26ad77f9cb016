/*
 * PC memory maps (e820).
 */
#include "qemu/osdep.h"
#include "hw/i386/e820.h"

/* Layout constants of a PC with a BIOS. */
#define EBDA_START 0x9fc00      /* 1 KiB extended BIOS data area */
#define LOW_RAM_END 0xa0000     /* VGA window starts here */
#define BIOS_AREA_START 0xe0000 /* ACPI tables + system BIOS */
#define HIGH_RAM_START 0x100000
#define KVM_HELPER_START 0xfeffc000ULL   /* identity map + TSS pages */
#define KVM_HELPER_LEN 0x4000
#define BIOS_ROM_START 0xfffc0000ULL     /* 256 KiB BIOS alias below 4 GiB */
#define FOUR_GIB 0x100000000ULL
#define LOWMEM_LIMIT 0xe0000000ULL       /* pc's max-ram-below-4g: 3.5 GiB */
#define LOWMEM_ALIGNED 0xc0000000ULL     /* gigabyte-aligned split: 3 GiB */
/* AMD's HyperTransport range below 1 TiB (QEMU's AMD_HT_START/SIZE). */
#define AMD_HT_START 0xfd00000000ULL
#define AMD_HT_SIZE 0x300000000ULL

void e820_split_ram(uint64_t ram_size, uint64_t *below_4g,
                    uint64_t *above_4g)
{
    /* QEMU's pc-i440fx: up to 3.5 GiB all below 4 GiB; from 3.5 GiB on,
     * 3 GiB below (gigabyte alignment) and the rest from 4 GiB. */
    *below_4g = ram_size >= LOWMEM_LIMIT ? LOWMEM_ALIGNED : ram_size;
    *above_4g = ram_size - *below_4g;
}

int e820_add(struct e820_table *t, uint64_t addr, uint64_t len,
             uint32_t type)
{
    if (!len) {
        return 0;
    }
    if (t->count == E820_MAX_ENTRIES) {
        return -ENOSPC;
    }
    t->entries[t->count++] = (struct e820_entry){ addr, len, type };
    return 0;
}

void e820_build_fw_cfg(struct e820_table *t, uint64_t below_4g,
                       uint64_t above_4g, bool amd_ht)
{
    /* QEMU's order: the KVM pages (added when the accelerator starts),
     * the HyperTransport hole, then RAM (added by the board). */
    t->count = 0;
    e820_add(t, KVM_HELPER_START, KVM_HELPER_LEN, E820_RESERVED);
    if (amd_ht) {
        e820_add(t, AMD_HT_START, AMD_HT_SIZE, E820_RESERVED);
    }
    e820_add(t, 0, below_4g, E820_RAM);
    e820_add(t, FOUR_GIB, above_4g, E820_RAM);
}

void e820_build_bios_map(struct e820_table *t, uint64_t below_4g,
                         uint64_t above_4g, bool amd_ht)
{
    uint64_t low_end = MIN(below_4g, (uint64_t)EBDA_START);

    t->count = 0;
    e820_add(t, 0, low_end, E820_RAM);
    if (below_4g > EBDA_START) {
        e820_add(t, EBDA_START, LOW_RAM_END - EBDA_START, E820_RESERVED);
    }
    e820_add(t, BIOS_AREA_START, HIGH_RAM_START - BIOS_AREA_START,
             E820_RESERVED);
    if (below_4g > HIGH_RAM_START) {
        e820_add(t, HIGH_RAM_START, below_4g - HIGH_RAM_START, E820_RAM);
    }
    e820_add(t, KVM_HELPER_START, KVM_HELPER_LEN, E820_RESERVED);
    e820_add(t, BIOS_ROM_START, FOUR_GIB - BIOS_ROM_START, E820_RESERVED);
    e820_add(t, FOUR_GIB, above_4g, E820_RAM);
    if (amd_ht) {
        e820_add(t, AMD_HT_START, AMD_HT_SIZE, E820_RESERVED);
    }
}

uint64_t e820_total(const struct e820_table *t, uint32_t type)
{
    uint64_t sum = 0;

    for (int i = 0; i < t->count; i++) {
        if (t->entries[i].type == type) {
            sum += t->entries[i].len;
        }
    }
    return sum;
}
