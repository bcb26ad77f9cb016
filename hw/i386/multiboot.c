/*
 * Multiboot v1 loader.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/boards.h"
#include "hw/i386/e820.h"
#include "hw/i386/multiboot.h"

#include <elf.h>

#define PAGE_SIZE 4096
#define ONE_MIB 0x100000
/* Conventional memory a kernel may use: above the IVT and BIOS data
 * area, below the EBDA. */
#define LOW_LOAD_START 0x500
#define LOW_LOAD_END 0x9fc00

/* Multiboot header words (offsets in 32-bit words). */
enum {
    MBH_MAGIC, MBH_FLAGS, MBH_CHECKSUM, MBH_HEADER_ADDR, MBH_LOAD_ADDR,
    MBH_LOAD_END_ADDR, MBH_BSS_END_ADDR, MBH_ENTRY_ADDR,
};

/* Info structure byte offsets. */
enum {
    MBI_FLAGS = 0, MBI_MEM_LOWER = 4, MBI_MEM_UPPER = 8, MBI_BOOT_DEVICE = 12,
    MBI_CMDLINE = 16, MBI_MODS_COUNT = 20, MBI_MODS_ADDR = 24,
    MBI_MMAP_LENGTH = 44, MBI_MMAP_ADDR = 48, MBI_BOOT_LOADER_NAME = 64,
    MBI_SIZE = 88,
};

/* "no partition" on the first hard disk, as QEMU reports. */
#define MULTIBOOT_BOOT_DEVICE 0x8000ffff

static uint32_t rd32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

long multiboot_find_header(const uint8_t *kernel, size_t size)
{
    size_t limit = MIN(size, (size_t)MULTIBOOT_SEARCH);

    for (size_t off = 0; off + 12 <= limit; off += 4) {
        const uint8_t *h = kernel + off;

        if (rd32(h) == MULTIBOOT_HEADER_MAGIC &&
            rd32(h) + rd32(h + 4) + rd32(h + 8) == 0) {
            return off;
        }
    }
    return -1;
}

struct layout {
    struct machine_state *ms;
    uint64_t ram_top;        /* end of RAM below 4 GiB */
    uint32_t low;            /* lowest loaded address */
    uint32_t high;           /* end of everything loaded so far */
};

static int place(struct layout *l, const char *what, uint64_t gpa,
                 const uint8_t *data, uint64_t filesz, uint64_t memsz,
                 Error **errp)
{
    bool low_ok = gpa >= LOW_LOAD_START && gpa + memsz <= LOW_LOAD_END;
    bool high_ok = gpa >= ONE_MIB && gpa + memsz <= l->ram_top;

    if (memsz < filesz || !(low_ok || high_ok)) {
        error_setg(errp, "multiboot: %s at 0x%" PRIx64 "-0x%" PRIx64
                   " does not fit in guest RAM (0x%x-0x%x or 1 MiB-0x%"
                   PRIx64 ")", what, gpa, gpa + memsz, LOW_LOAD_START,
                   LOW_LOAD_END, l->ram_top);
        return -EINVAL;
    }
    machine_add_boot_image(l->ms, what, gpa, data, filesz, memsz - filesz);
    l->low = MIN(l->low, (uint32_t)gpa);
    l->high = MAX(l->high, (uint32_t)(gpa + memsz));
    return 0;
}

static int load_aout_kludge(struct layout *l, const uint8_t *k, size_t size,
                            long hoff, uint32_t *entry, Error **errp)
{
    const uint8_t *h = k + hoff;
    uint32_t header_addr = rd32(h + 4 * MBH_HEADER_ADDR);
    uint32_t load_addr = rd32(h + 4 * MBH_LOAD_ADDR);
    uint32_t load_end = rd32(h + 4 * MBH_LOAD_END_ADDR);
    uint32_t bss_end = rd32(h + 4 * MBH_BSS_END_ADDR);
    uint64_t file_off;
    uint64_t filesz;
    uint64_t memsz;

    if (header_addr < load_addr || header_addr - load_addr > (uint64_t)hoff) {
        error_setg(errp, "multiboot: invalid a.out kludge load address");
        return -EINVAL;
    }
    file_off = hoff - (header_addr - load_addr);
    filesz = load_end ? (uint64_t)load_end - load_addr : size - file_off;
    if (load_end && load_end < load_addr) {
        error_setg(errp, "multiboot: load_end_addr below load_addr");
        return -EINVAL;
    }
    if (file_off + filesz > size) {
        error_setg(errp, "multiboot: kernel file is shorter than its "
                   "header says");
        return -EINVAL;
    }
    memsz = bss_end > load_addr + filesz ? bss_end - load_addr : filesz;
    *entry = rd32(h + 4 * MBH_ENTRY_ADDR);
    return place(l, "multiboot kernel", load_addr, k + file_off, filesz,
                 memsz, errp);
}

static int load_elf32(struct layout *l, const uint8_t *k, size_t size,
                      uint32_t *entry, Error **errp)
{
    const Elf32_Ehdr *eh = (const Elf32_Ehdr *)k;

    if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG)) {
        error_setg(errp, "invalid kernel header: a multiboot kernel without "
                   "the a.out kludge must be an ELF file");
        return -EINVAL;
    }
    if (eh->e_ident[EI_CLASS] == ELFCLASS64) {
        error_setg(errp, "Cannot load x86-64 image, give a 32bit one.");
        return -EINVAL;
    }
    if (eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_machine != EM_386 ||
        eh->e_phentsize != sizeof(Elf32_Phdr) ||
        eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr) > size) {
        error_setg(errp, "invalid kernel header: not a 32-bit i386 ELF");
        return -EINVAL;
    }
    for (int i = 0; i < eh->e_phnum; i++) {
        Elf32_Phdr ph;

        memcpy(&ph, k + eh->e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type != PT_LOAD || !ph.p_memsz) {
            continue;
        }
        if (ph.p_memsz < ph.p_filesz) {
            error_setg(errp, "invalid kernel header: segment %d is smaller "
                       "in memory than in the file", i);
            return -EINVAL;
        }
        if ((uint64_t)ph.p_offset + ph.p_filesz > size) {
            error_setg(errp, "invalid kernel header: segment %d lies "
                       "beyond the end of the file", i);
            return -EINVAL;
        }
        if (place(l, "multiboot kernel", ph.p_paddr, k + ph.p_offset,
                  ph.p_filesz, ph.p_memsz, errp) < 0) {
            return -EINVAL;
        }
    }
    if (l->high == 0) {
        error_setg(errp, "invalid kernel header: no loadable segment");
        return -EINVAL;
    }
    *entry = eh->e_entry;
    return 0;
}

/* The memory map in Multiboot's format: {size, base, length, type}. */
static uint32_t build_mmap(struct machine_state *ms, uint8_t *buf,
                           size_t cap)
{
    struct e820_table t;
    uint32_t len = 0;

    e820_build_bios_map(&t, ms->below_4g_mem_size, ms->above_4g_mem_size,
                        ms->amd_ht_reserved);
    for (int i = 0; i < t.count && len + 24 <= cap; i++) {
        wr32(buf + len, 20);
        wr32(buf + len + 4, (uint32_t)t.entries[i].addr);
        wr32(buf + len + 8, (uint32_t)(t.entries[i].addr >> 32));
        wr32(buf + len + 12, (uint32_t)t.entries[i].len);
        wr32(buf + len + 16, (uint32_t)(t.entries[i].len >> 32));
        wr32(buf + len + 20, t.entries[i].type);
        len += 24;
    }
    return len;
}

int multiboot_load(struct machine_state *ms,
                   const struct multiboot_file *kernel, const char *append,
                   const struct multiboot_file *mods, int nmods,
                   struct multiboot_result *res, Error **errp)
{
    struct layout l = { .ms = ms, .low = UINT32_MAX, .high = 0 };
    long hoff = multiboot_find_header(kernel->data, kernel->size);
    uint32_t flags;
    uint32_t entry;
    uint8_t mmap[MULTIBOOT_INFO_ADDR - MULTIBOOT_MMAP_ADDR];
    uint8_t mbi[MBI_SIZE] = { 0 };
    GByteArray *strings;
    uint8_t *modlist;
    uint32_t addr;
    uint32_t mmap_len;
    int ret;

    l.ram_top = MIN(ms->below_4g_mem_size, (uint64_t)UINT32_MAX);
    if (hoff < 0) {
        error_setg(errp, "no multiboot header found");
        return -EINVAL;
    }
    flags = rd32(kernel->data + hoff + 4);
    if (flags & MULTIBOOT_VIDEO_MODE) {
        warn_report("multiboot: video mode requests are ignored");
    }
    if (flags & MULTIBOOT_AOUT_KLUDGE) {
        if (hoff + 32 > (long)kernel->size) {
            error_setg(errp, "multiboot: truncated header");
            return -EINVAL;
        }
        ret = load_aout_kludge(&l, kernel->data, kernel->size, hoff, &entry,
                               errp);
    } else {
        ret = load_elf32(&l, kernel->data, kernel->size, &entry, errp);
    }
    if (ret < 0) {
        return ret;
    }
    res->load_addr = l.low;
    res->load_end = l.high;

    /* Modules: page-aligned after the kernel; then the module list and
     * all strings after the last module. */
    addr = QEMU_ALIGN_UP(l.high, PAGE_SIZE);
    modlist = g_malloc0(16 * MAX(nmods, 1));
    strings = g_byte_array_new();
    for (int i = 0; i < nmods; i++) {
        if (place(&l, "multiboot module", addr, mods[i].data, mods[i].size,
                  mods[i].size, errp) < 0) {
            ret = -EINVAL;
            goto out;
        }
        wr32(modlist + 16 * i, addr);
        wr32(modlist + 16 * i + 4, addr + mods[i].size);
        addr = QEMU_ALIGN_UP(addr + mods[i].size, PAGE_SIZE);
    }
    {
        uint32_t list_addr = addr;
        uint32_t str_base = list_addr + 16 * nmods;
        char *cmdline = g_strdup_printf("%s %s", kernel->path,
                                        append ? append : "");
        const char *loader = "qemu";

        for (int i = 0; i < nmods; i++) {
            wr32(modlist + 16 * i + 8, str_base + strings->len);
            g_byte_array_append(strings, (const uint8_t *)mods[i].path,
                                strlen(mods[i].path) + 1);
        }
        wr32(mbi + MBI_CMDLINE, str_base + strings->len);
        g_byte_array_append(strings, (const uint8_t *)cmdline,
                            strlen(cmdline) + 1);
        wr32(mbi + MBI_BOOT_LOADER_NAME, str_base + strings->len);
        g_byte_array_append(strings, (const uint8_t *)loader,
                            strlen(loader) + 1);
        g_free(cmdline);
        if (nmods && place(&l, "multiboot module list", list_addr, modlist,
                           16 * nmods, 16 * nmods, errp) < 0) {
            ret = -EINVAL;
            goto out;
        }
        if (place(&l, "multiboot strings", str_base, strings->data,
                  strings->len, strings->len, errp) < 0) {
            ret = -EINVAL;
            goto out;
        }
        wr32(mbi + MBI_MODS_COUNT, nmods);
        wr32(mbi + MBI_MODS_ADDR, nmods ? list_addr : 0);
    }

    mmap_len = build_mmap(ms, mmap, sizeof(mmap));
    wr32(mbi + MBI_FLAGS, MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_BOOTDEV |
                              MULTIBOOT_INFO_CMDLINE | MULTIBOOT_INFO_MODS |
                              MULTIBOOT_INFO_MEM_MAP |
                              MULTIBOOT_INFO_BOOT_LOADER_NAME);
    wr32(mbi + MBI_MEM_LOWER, 639);
    wr32(mbi + MBI_MEM_UPPER,
         (uint32_t)((MIN(ms->below_4g_mem_size, (uint64_t)UINT32_MAX) -
                     ONE_MIB) / 1024));
    wr32(mbi + MBI_BOOT_DEVICE, MULTIBOOT_BOOT_DEVICE);
    wr32(mbi + MBI_MMAP_LENGTH, mmap_len);
    wr32(mbi + MBI_MMAP_ADDR, MULTIBOOT_MMAP_ADDR);
    /* Written before the kernel, so a kernel loaded over 0x9000 wins, as
     * with QEMU's option ROM. */
    machine_add_boot_image(ms, "multiboot info", MULTIBOOT_INFO_ADDR, mbi,
                           sizeof(mbi), 0);
    machine_add_boot_image(ms, "multiboot mmap", MULTIBOOT_MMAP_ADDR, mmap,
                           mmap_len, 0);
    machine_move_boot_image_first(ms);
    machine_move_boot_image_first(ms);
    res->entry = entry;
    res->info_addr = MULTIBOOT_INFO_ADDR;
    ret = 0;
out:
    g_free(modlist);
    g_byte_array_free(strings, TRUE);
    return ret;
}
