/*
 * The smallest useful guest: greet, pass one check, exit. It also prints
 * (as INFO, never judged) what the loader handed over, which helps when a
 * VMM's multiboot loader or BIOS emulation differs from QEMU's.
 */
#include "guest.h"

#define PIT_CH0         0x40
#define PIT_MODE        0x43
#define PIT_LATCH_CH0   0x00

static uint16_t pit_read_ch0(void)
{
    outb(PIT_MODE, PIT_LATCH_CH0);
    uint8_t lo = inb(PIT_CH0);
    return lo | inb(PIT_CH0) << 8;
}

static void show_boot_state(void)
{
    const struct multiboot_info *mbi = mb_info();
    uint16_t a = pit_read_ch0(), b = pit_read_ch0();

    report_info("cmdline \"%s\"", mb_cmdline());
    report_info("PIC masks at entry: master 0x%02x slave 0x%02x",
                pic_imr_at_entry[0], pic_imr_at_entry[1]);
    report_info("PIT channel 0 count 0x%04x then 0x%04x", a, b);
    if (!mbi) {
        return;
    }
    report_info("MBI flags 0x%x mem_lower %u KiB mem_upper %u KiB",
                mbi->flags, mbi->mem_lower, mbi->mem_upper);
    if (!(mbi->flags & MB_INFO_MMAP)) {
        return;
    }
    for (uint32_t off = 0; off < mbi->mmap_length;) {
        const struct multiboot_mmap_entry *e =
            (const void *)(uintptr_t)(mbi->mmap_addr + off);
        report_info("  mmap 0x%010lx-0x%010lx type %u", e->addr,
                    e->addr + e->len - 1, e->type);
        off += e->size + sizeof(e->size);
    }
}

int main(void)
{
    printf("Hello from the splitvm test guest\n");
    show_boot_state();
    report(mb_magic == MULTIBOOT_BOOT_MAGIC, "multiboot magic in EAX");
    report_summary();
}
