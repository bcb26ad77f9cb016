/*
 * Multiboot v1 loader (-kernel with a Multiboot header).
 *
 * Follows the Multiboot 0.6.96 specification and QEMU's observable
 * behaviour: the kernel is placed by its ELF program headers (or the
 * a.out-kludge header fields), each -initrd file becomes a page-aligned
 * module with its path as the module command line, the command line is
 * "<kernel path> <append>", and the OS is entered in 32-bit flat protected
 * mode with EAX = 0x2BADB002 and EBX = the info structure.
 */
#ifndef HW_I386_MULTIBOOT_H
#define HW_I386_MULTIBOOT_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/boards.h"

#define MULTIBOOT_HEADER_MAGIC 0x1BADB002
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002
#define MULTIBOOT_SEARCH 8192

/* Header flags. */
#define MULTIBOOT_PAGE_ALIGN (1u << 0)
#define MULTIBOOT_MEMORY_INFO (1u << 1)
#define MULTIBOOT_VIDEO_MODE (1u << 2)
#define MULTIBOOT_AOUT_KLUDGE (1u << 16)

/* Info flags. */
#define MULTIBOOT_INFO_MEMORY (1u << 0)
#define MULTIBOOT_INFO_BOOTDEV (1u << 1)
#define MULTIBOOT_INFO_CMDLINE (1u << 2)
#define MULTIBOOT_INFO_MODS (1u << 3)
#define MULTIBOOT_INFO_MEM_MAP (1u << 6)
#define MULTIBOOT_INFO_BOOT_LOADER_NAME (1u << 9)

/* Where the info structure and memory map go (as QEMU places them). */
#define MULTIBOOT_MMAP_ADDR 0x9000
#define MULTIBOOT_INFO_ADDR 0x9500

struct multiboot_file {
    const char *path;            /* as given on the command line */
    const uint8_t *data;
    size_t size;
};

struct multiboot_result {
    uint32_t entry;              /* 32-bit entry point */
    uint32_t info_addr;          /* EBX at entry */
    uint32_t load_addr;          /* lowest loaded address */
    uint32_t load_end;           /* end of the image incl. bss */
};

/* Offset of a valid Multiboot header in the first 8 KiB, or -1. */
long multiboot_find_header(const uint8_t *kernel, size_t size);

/*
 * Lay out the kernel, modules and boot information as boot images of ms
 * (which must have its RAM sizes set). Returns 0 or -errno with errp set.
 */
int multiboot_load(struct machine_state *ms,
                   const struct multiboot_file *kernel, const char *append,
                   const struct multiboot_file *mods, int nmods,
                   struct multiboot_result *res, Error **errp);

#endif
