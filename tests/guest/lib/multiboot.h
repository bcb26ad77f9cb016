/*
 * Multiboot v1 information as the loader passes it (EBX at entry), and a
 * parser for the command line: "<kernel path> key=value key=value ...".
 */
#ifndef GUEST_MULTIBOOT_H
#define GUEST_MULTIBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MB_INFO_MEMORY      (1 << 0)
#define MB_INFO_CMDLINE     (1 << 2)
#define MB_INFO_MODS        (1 << 3)
#define MB_INFO_MMAP        (1 << 6)

struct multiboot_info {
    uint32_t flags;
    uint32_t mem_lower;     /* KiB below 1 MiB */
    uint32_t mem_upper;     /* KiB above 1 MiB */
    uint32_t boot_device;
    uint32_t cmdline;       /* physical address of a C string */
    uint32_t mods_count;
    uint32_t mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length;
    uint32_t mmap_addr;
} __attribute__((packed));

struct multiboot_module {
    uint32_t start, end;
    uint32_t cmdline;
    uint32_t reserved;
} __attribute__((packed));

/* "size" does not count itself: the next entry is at +size+4. */
struct multiboot_mmap_entry {
    uint32_t size;
    uint64_t addr;
    uint64_t len;
    uint32_t type;
} __attribute__((packed));

extern uint32_t mb_magic;       /* EAX at entry, from entry.S */

/* NULL if the loader did not pass a valid info block. */
const struct multiboot_info *mb_info(void);
const char *mb_cmdline(void);   /* "" when absent */

/*
 * Look up key=value among the words after the first one. Copies the
 * value into buf (NUL-terminated); false if the key is absent.
 */
bool param_get(const char *key, char *buf, size_t len);
/* The value as a number (decimal or 0x hex), or dflt if absent. */
unsigned long param_ulong(const char *key, unsigned long dflt);

#endif /* GUEST_MULTIBOOT_H */
