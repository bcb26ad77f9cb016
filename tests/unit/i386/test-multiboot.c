/*
 * The multiboot v1 loader (hw/i386/multiboot.c) on images built here:
 * header search, ELF32 program headers (bss, several segments), the
 * a.out kludge, modules page-aligned after the kernel with their command
 * lines, the info structure QEMU 7.2 builds (flags 0x24f, mem_lower 639,
 * boot device 0x8000ffff, the command line "<kernel path> <append>" with
 * the space kept when -append is empty, loader name "qemu", memory map at
 * 0x9000, info at 0x9500), and every rejection of a bad image.
 */
#include "qemu/osdep.h"
#include "hw/boards.h"
#include "hw/i386/e820.h"
#include "hw/i386/multiboot.h"

#include <elf.h>

#define HDR_FLAGS_ELF 0x00000002u   /* memory info */

/* ---- image builders ---- */

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static uint32_t get32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_header(uint8_t *p, uint32_t flags)
{
    put32(p, MULTIBOOT_HEADER_MAGIC);
    put32(p + 4, flags);
    put32(p + 8, -(MULTIBOOT_HEADER_MAGIC + flags));
}

struct seg {
    uint32_t paddr, filesz, memsz;
    uint8_t fill;
};

/*
 * An ELF32 i386 executable: headers, then the segments' bytes (each
 * filled with its fill byte); the multiboot header at hoff inside the
 * first segment's bytes.
 */
static GByteArray *make_elf(const struct seg *segs, int n, uint32_t entry,
                            uint32_t hoff, uint8_t cls, uint16_t machine)
{
    GByteArray *img = g_byte_array_new();
    Elf32_Ehdr eh = { 0 };
    uint32_t off = sizeof(eh) + n * sizeof(Elf32_Phdr);

    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = cls;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_EXEC;
    eh.e_machine = machine;
    eh.e_version = EV_CURRENT;
    eh.e_entry = entry;
    eh.e_phoff = sizeof(eh);
    eh.e_ehsize = sizeof(eh);
    eh.e_phentsize = sizeof(Elf32_Phdr);
    eh.e_phnum = n;
    g_byte_array_append(img, (uint8_t *)&eh, sizeof(eh));
    for (int i = 0; i < n; i++) {
        Elf32_Phdr ph = {
            .p_type = PT_LOAD, .p_offset = off, .p_vaddr = segs[i].paddr,
            .p_paddr = segs[i].paddr, .p_filesz = segs[i].filesz,
            .p_memsz = segs[i].memsz, .p_flags = PF_R | PF_X,
        };

        g_byte_array_append(img, (uint8_t *)&ph, sizeof(ph));
        off += segs[i].filesz;
    }
    for (int i = 0; i < n; i++) {
        guint start = img->len;

        g_byte_array_set_size(img, start + segs[i].filesz);
        memset(img->data + start, segs[i].fill, segs[i].filesz);
    }
    if (hoff) {
        put_header(img->data + hoff, HDR_FLAGS_ELF);
    }
    return img;
}

/* An a.out-kludge image loaded at load_addr, header hoff bytes in. */
static GByteArray *make_aout(uint32_t size, uint32_t hoff, uint32_t load_addr,
                             uint32_t load_end, uint32_t bss_end,
                             uint32_t entry)
{
    GByteArray *img = g_byte_array_sized_new(size);
    uint8_t *h;

    g_byte_array_set_size(img, size);
    memset(img->data, 0xaa, size);
    h = img->data + hoff;
    put_header(h, MULTIBOOT_AOUT_KLUDGE | HDR_FLAGS_ELF);
    put32(h + 12, load_addr + hoff);   /* header_addr */
    put32(h + 16, load_addr);
    put32(h + 20, load_end);
    put32(h + 24, bss_end);
    put32(h + 28, entry);
    return img;
}

/* ---- running the loader ---- */

static struct machine_state *new_machine(uint64_t ram)
{
    struct machine_state *ms = g_new0(struct machine_state, 1);

    e820_split_ram(ram, &ms->below_4g_mem_size, &ms->above_4g_mem_size);
    return ms;
}

static void free_machine(struct machine_state *ms)
{
    for (guint i = 0; ms->boot_images && i < ms->boot_images->len; i++) {
        struct boot_image *img = g_ptr_array_index(ms->boot_images, i);

        g_free(img->name);
        g_free(img->data);
        g_free(img);
    }
    if (ms->boot_images) {
        g_ptr_array_free(ms->boot_images, TRUE);
    }
    g_free(ms);
}

static int load(struct machine_state *ms, GByteArray *k, const char *append,
                const struct multiboot_file *mods, int nmods,
                struct multiboot_result *res, char **errmsg)
{
    struct multiboot_file kf = { "/boot/kernel.elf", k->data, k->len };
    Error *err = NULL;
    int ret = multiboot_load(ms, &kf, append, mods, nmods, res, &err);

    if (errmsg) {
        *errmsg = err ? g_strdup(error_get_pretty(err)) : NULL;
    } else if (err) {
        g_test_message("unexpected: %s", error_get_pretty(err));
    }
    error_free(err);
    return ret;
}

/* The boot image covering gpa, or NULL. */
static struct boot_image *image_at(struct machine_state *ms, uint64_t gpa)
{
    for (guint i = 0; i < ms->boot_images->len; i++) {
        struct boot_image *img = g_ptr_array_index(ms->boot_images, i);

        if (gpa >= img->gpa && gpa < img->gpa + img->size + img->zero_size) {
            return img;
        }
    }
    return NULL;
}

/* A byte of guest memory as the images leave it (bss reads 0). */
static const uint8_t *mem(struct machine_state *ms, uint64_t gpa)
{
    static const uint8_t zero;
    struct boot_image *img = image_at(ms, gpa);

    g_assert_nonnull(img);
    return gpa - img->gpa < img->size ? img->data + (gpa - img->gpa) : &zero;
}

static const char *str_at(struct machine_state *ms, uint32_t gpa)
{
    return (const char *)mem(ms, gpa);
}

static uint32_t mbi32(struct machine_state *ms, unsigned off)
{
    return get32(mem(ms, MULTIBOOT_INFO_ADDR + off));
}

/* ---- tests ---- */

static void test_find_header(void)
{
    uint8_t buf[MULTIBOOT_SEARCH + 64] = { 0 };

    g_assert_cmpint(multiboot_find_header(buf, sizeof(buf)), ==, -1);
    put_header(buf + 64, 0);
    g_assert_cmpint(multiboot_find_header(buf, sizeof(buf)), ==, 64);
    /* Must be 4-byte aligned. */
    memset(buf, 0, sizeof(buf));
    put_header(buf + 66, 0);
    g_assert_cmpint(multiboot_find_header(buf, sizeof(buf)), ==, -1);
    /* Bad checksum. */
    memset(buf, 0, sizeof(buf));
    put_header(buf, 0);
    put32(buf + 8, 0);
    g_assert_cmpint(multiboot_find_header(buf, sizeof(buf)), ==, -1);
    /* The last place it fits in the first 8 KiB, and just past it. */
    memset(buf, 0, sizeof(buf));
    put_header(buf + MULTIBOOT_SEARCH - 12, 0);
    g_assert_cmpint(multiboot_find_header(buf, sizeof(buf)), ==,
                    MULTIBOOT_SEARCH - 12);
    memset(buf, 0, sizeof(buf));
    put_header(buf + MULTIBOOT_SEARCH - 8, 0);
    g_assert_cmpint(multiboot_find_header(buf, sizeof(buf)), ==, -1);
    /* A file shorter than a header. */
    g_assert_cmpint(multiboot_find_header(buf, 8), ==, -1);
}

static void test_elf_segments(void)
{
    static const struct seg segs[] = {
        { 0x400000, 0x2000, 0x2000, 0x11 },
        { 0x410000, 0x100, 0x1800, 0x22 },   /* bss after 0x100 bytes */
    };
    GByteArray *k = make_elf(segs, 2, 0x400080, 0x100, ELFCLASS32, EM_386);
    struct machine_state *ms = new_machine(128 * MiB);
    struct multiboot_result res;
    struct boot_image *img;

    g_assert_cmpint(load(ms, k, "a=1", NULL, 0, &res, NULL), ==, 0);
    g_assert_cmphex(res.entry, ==, 0x400080);
    g_assert_cmphex(res.info_addr, ==, MULTIBOOT_INFO_ADDR);
    g_assert_cmphex(res.load_addr, ==, 0x400000);
    g_assert_cmphex(res.load_end, ==, 0x411800);
    img = image_at(ms, 0x410000);
    g_assert_cmphex(img->gpa, ==, 0x410000);
    g_assert_cmpuint(img->size, ==, 0x100);
    g_assert_cmpuint(img->zero_size, ==, 0x1700);
    g_assert_cmphex(*mem(ms, 0x400000), ==, 0x11);
    g_assert_cmphex(*mem(ms, 0x4100ff), ==, 0x22);
    g_assert_cmphex(*mem(ms, 0x410100), ==, 0);
    /* Info and memory map are installed first, so a kernel loaded over
     * them wins, as with QEMU's option ROM. */
    img = g_ptr_array_index(ms->boot_images, 0);
    g_assert_cmphex(img->gpa, ==, MULTIBOOT_INFO_ADDR);
    img = g_ptr_array_index(ms->boot_images, 1);
    g_assert_cmphex(img->gpa, ==, MULTIBOOT_MMAP_ADDR);
    free_machine(ms);
    g_byte_array_free(k, TRUE);
}

static void test_info_structure(void)
{
    static const struct seg seg = { 0x100000, 0x3000, 0x3000, 0x33 };
    GByteArray *k = make_elf(&seg, 1, 0x100000, 0x80, ELFCLASS32, EM_386);
    struct machine_state *ms = new_machine(128 * MiB);
    struct multiboot_result res;
    struct e820_table t;
    uint32_t mmap_len;

    g_assert_cmpint(load(ms, k, "console=ttyS0 x=1", NULL, 0, &res, NULL),
                    ==, 0);
    g_assert_cmphex(mbi32(ms, 0), ==, 0x24f);
    g_assert_cmpuint(mbi32(ms, 4), ==, 639);
    g_assert_cmpuint(mbi32(ms, 8), ==, (128 * MiB - MiB) / KiB);
    g_assert_cmphex(mbi32(ms, 12), ==, 0x8000ffff);
    g_assert_cmpstr(str_at(ms, mbi32(ms, 16)), ==,
                    "/boot/kernel.elf console=ttyS0 x=1");
    g_assert_cmpuint(mbi32(ms, 20), ==, 0);          /* mods_count */
    g_assert_cmpuint(mbi32(ms, 24), ==, 0);
    g_assert_cmpstr(str_at(ms, mbi32(ms, 64)), ==, "qemu");
    /* The memory map: the BIOS map, 24 bytes an entry (size 20 first). */
    e820_build_bios_map(&t, 128 * MiB, 0, false);
    mmap_len = mbi32(ms, 44);
    g_assert_cmpuint(mmap_len, ==, 24 * t.count);
    g_assert_cmphex(mbi32(ms, 48), ==, MULTIBOOT_MMAP_ADDR);
    for (int i = 0; i < t.count; i++) {
        const uint8_t *e = mem(ms, MULTIBOOT_MMAP_ADDR + 24 * i);

        g_assert_cmpuint(get32(e), ==, 20);
        g_assert_cmphex(get32(e + 4) | (uint64_t)get32(e + 8) << 32, ==,
                        t.entries[i].addr);
        g_assert_cmphex(get32(e + 12) | (uint64_t)get32(e + 16) << 32, ==,
                        t.entries[i].len);
        g_assert_cmpuint(get32(e + 20), ==, t.entries[i].type);
    }
    free_machine(ms);
    g_byte_array_free(k, TRUE);
}

/* No -append: QEMU still writes "<path> " (with the space). RAM above
 * 4 GiB and the HyperTransport hole show up in the map. */
static void test_empty_append_large_ram(void)
{
    static const struct seg seg = { 0x200000, 0x1000, 0x1000, 0x44 };
    GByteArray *k = make_elf(&seg, 1, 0x200000, 0x80, ELFCLASS32, EM_386);
    struct machine_state *ms = new_machine(5ULL << 30);
    struct multiboot_result res;
    uint32_t n;
    const uint8_t *last;

    ms->amd_ht_reserved = true;
    g_assert_cmpint(load(ms, k, NULL, NULL, 0, &res, NULL), ==, 0);
    g_assert_cmpstr(str_at(ms, mbi32(ms, 16)), ==, "/boot/kernel.elf ");
    /* mem_upper covers RAM from 1 MiB to the 3 GiB split. */
    g_assert_cmpuint(mbi32(ms, 8), ==, ((3ULL << 30) - MiB) / KiB);
    n = mbi32(ms, 44) / 24;
    last = mem(ms, MULTIBOOT_MMAP_ADDR + 24 * (n - 2));
    g_assert_cmphex(get32(last + 4) | (uint64_t)get32(last + 8) << 32, ==,
                    4ULL << 30);
    g_assert_cmphex(get32(last + 12) | (uint64_t)get32(last + 16) << 32,
                    ==, 2ULL << 30);
    last = mem(ms, MULTIBOOT_MMAP_ADDR + 24 * (n - 1));
    g_assert_cmphex(get32(last + 4) | (uint64_t)get32(last + 8) << 32, ==,
                    0xfd00000000ULL);
    g_assert_cmpuint(get32(last + 20), ==, E820_RESERVED);
    free_machine(ms);
    g_byte_array_free(k, TRUE);
}

/* -initrd "mod1 arg1 arg2,mod2": page-aligned after the kernel (incl.
 * its bss); the module command line is the whole spec, as QEMU. */
static void test_modules(void)
{
    static const struct seg seg = { 0x100000, 0x1000, 0x1800, 0x55 };
    GByteArray *k = make_elf(&seg, 1, 0x100000, 0x80, ELFCLASS32, EM_386);
    struct machine_state *ms = new_machine(64 * MiB);
    uint8_t m1[5000], m2[10];
    const struct multiboot_file mods[] = {
        { "/tmp/mod1 arg1 arg2", m1, sizeof(m1) },
        { "/tmp/mod2", m2, sizeof(m2) },
    };
    struct multiboot_result res;
    uint32_t list;

    memset(m1, 0x61, sizeof(m1));
    memset(m2, 0x62, sizeof(m2));
    g_assert_cmpint(load(ms, k, "", mods, 2, &res, NULL), ==, 0);
    g_assert_cmpuint(mbi32(ms, 20), ==, 2);
    list = mbi32(ms, 24);
    /* mod1 at the first page after 0x101800, mod2 at the next page after
     * mod1's end; the list and strings after the last module. */
    g_assert_cmphex(get32(mem(ms, list)), ==, 0x102000);
    g_assert_cmphex(get32(mem(ms, list + 4)), ==, 0x102000 + sizeof(m1));
    g_assert_cmpstr(str_at(ms, get32(mem(ms, list + 8))), ==,
                    "/tmp/mod1 arg1 arg2");
    g_assert_cmphex(get32(mem(ms, list + 16)), ==, 0x104000);
    g_assert_cmphex(get32(mem(ms, list + 20)), ==, 0x104000 + sizeof(m2));
    g_assert_cmpstr(str_at(ms, get32(mem(ms, list + 24))), ==, "/tmp/mod2");
    g_assert_cmphex(list, ==, 0x105000);
    g_assert_cmphex(*mem(ms, 0x102000), ==, 0x61);
    g_assert_cmphex(*mem(ms, 0x104000 + 9), ==, 0x62);
    g_assert_cmpstr(str_at(ms, mbi32(ms, 16)), ==, "/boot/kernel.elf ");
    free_machine(ms);
    g_byte_array_free(k, TRUE);
}

static void test_aout_kludge(void)
{
    /* 0x3000-byte file, header at 0x200, loaded at 1 MiB; load_end
     * 0x102800 (the rest of the file is not loaded), bss to 0x104000. */
    GByteArray *k = make_aout(0x3000, 0x200, 0x100000, 0x102800, 0x104000,
                              0x100400);
    struct machine_state *ms = new_machine(128 * MiB);
    struct multiboot_result res;
    struct boot_image *img;

    g_assert_cmpint(load(ms, k, "x", NULL, 0, &res, NULL), ==, 0);
    g_assert_cmphex(res.entry, ==, 0x100400);
    g_assert_cmphex(res.load_addr, ==, 0x100000);
    g_assert_cmphex(res.load_end, ==, 0x104000);
    img = image_at(ms, 0x100000);
    g_assert_cmpuint(img->size, ==, 0x2800);
    g_assert_cmpuint(img->zero_size, ==, 0x1800);
    g_assert_cmpuint(get32(mem(ms, 0x100200)), ==, MULTIBOOT_HEADER_MAGIC);
    free_machine(ms);
    g_byte_array_free(k, TRUE);

    /* load_end_addr 0: the whole file from the header's start; the
     * header may sit after other data (header_addr - load_addr). */
    k = make_aout(0x2000, 0x100, 0x200000, 0, 0, 0x200000);
    ms = new_machine(128 * MiB);
    g_assert_cmpint(load(ms, k, NULL, NULL, 0, &res, NULL), ==, 0);
    img = image_at(ms, 0x200000);
    g_assert_cmpuint(img->size, ==, 0x2000);
    g_assert_cmpuint(img->zero_size, ==, 0);
    free_machine(ms);
    g_byte_array_free(k, TRUE);
}

/* Rejections, each with its message; nothing is half-loaded for the
 * caller to use (it stops the VMM with the message). */
static void expect_error(GByteArray *k, uint64_t ram,
                         const struct multiboot_file *mods, int nmods,
                         const char *msg)
{
    struct machine_state *ms = new_machine(ram);
    struct multiboot_result res;
    char *err = NULL;

    g_assert_cmpint(load(ms, k, NULL, mods, nmods, &res, &err), <, 0);
    g_assert_nonnull(err);
    g_test_message("error: %s", err);
    g_assert_cmpstr(err, ==, msg);
    g_free(err);
    free_machine(ms);
    g_byte_array_free(k, TRUE);
}

static void test_bad_images(void)
{
    static const struct seg ok = { 0x100000, 0x1000, 0x1000, 0 };
    static const struct seg high = { 0x7fff000, 0x2000, 0x2000, 0 };
    static const struct seg hole = { 0xa0000, 0x1000, 0x1000, 0 };
    static const struct seg low = { 0x8000, 0x800, 0x800, 0 };
    GByteArray *k;
    uint8_t big[4096];
    const struct multiboot_file bigmod = { "big", big, sizeof(big) };

    k = g_byte_array_new();
    g_byte_array_set_size(k, 9000);
    memset(k->data, 0, k->len);
    expect_error(k, 128 * MiB, NULL, 0, "no multiboot header found");

    k = make_elf(&ok, 1, 0x100000, 0x80, ELFCLASS64, EM_X86_64);
    expect_error(k, 128 * MiB, NULL, 0,
                 "Cannot load x86-64 image, give a 32bit one.");

    k = make_elf(&ok, 1, 0x100000, 0x80, ELFCLASS32, EM_ARM);
    expect_error(k, 128 * MiB, NULL, 0,
                 "invalid kernel header: not a 32-bit i386 ELF");

    /* A multiboot header in a file that is no ELF, without the kludge. */
    k = g_byte_array_new();
    g_byte_array_set_size(k, 512);
    memset(k->data, 0, k->len);
    put_header(k->data + 16, 0);
    expect_error(k, 128 * MiB, NULL, 0,
                 "invalid kernel header: a multiboot kernel without the "
                 "a.out kludge must be an ELF file");

    /* A segment whose bytes are past the end of the file. */
    k = make_elf(&ok, 1, 0x100000, 0x80, ELFCLASS32, EM_386);
    g_byte_array_set_size(k, k->len - 1);
    expect_error(k, 128 * MiB, NULL, 0,
                 "invalid kernel header: segment 0 lies beyond the end of "
                 "the file");

    /* Program headers past the end of the file. */
    k = make_elf(&ok, 1, 0x100000, 0x80, ELFCLASS32, EM_386);
    ((Elf32_Ehdr *)k->data)->e_phnum = 200;
    expect_error(k, 128 * MiB, NULL, 0,
                 "invalid kernel header: not a 32-bit i386 ELF");

    /* Past the end of RAM, in the VGA/BIOS hole. Low memory above the
     * BIOS data area is fine. */
    k = make_elf(&high, 1, 0x7fff000, 0x80, ELFCLASS32, EM_386);
    expect_error(k, 128 * MiB, NULL, 0,
                 "multiboot: multiboot kernel at 0x7fff000-0x8001000 does "
                 "not fit in guest RAM (0x500-0x9fc00 or 1 MiB-0x8000000)");
    k = make_elf(&hole, 1, 0xa0000, 0x80, ELFCLASS32, EM_386);
    expect_error(k, 128 * MiB, NULL, 0,
                 "multiboot: multiboot kernel at 0xa0000-0xa1000 does not "
                 "fit in guest RAM (0x500-0x9fc00 or 1 MiB-0x8000000)");
    {
        struct machine_state *ms = new_machine(128 * MiB);
        struct multiboot_result res;

        k = make_elf(&low, 1, 0x8000, 0x80, ELFCLASS32, EM_386);
        g_assert_cmpint(load(ms, k, NULL, NULL, 0, &res, NULL), ==, 0);
        g_assert_cmphex(res.load_addr, ==, 0x8000);
        free_machine(ms);
        g_byte_array_free(k, TRUE);
    }

    /* Only non-loadable segments. */
    k = make_elf(&ok, 1, 0x100000, 0x80, ELFCLASS32, EM_386);
    ((Elf32_Phdr *)(k->data + sizeof(Elf32_Ehdr)))->p_type = PT_NOTE;
    expect_error(k, 128 * MiB, NULL, 0,
                 "invalid kernel header: no loadable segment");

    /* memsz < filesz. */
    k = make_elf(&ok, 1, 0x100000, 0x80, ELFCLASS32, EM_386);
    ((Elf32_Phdr *)(k->data + sizeof(Elf32_Ehdr)))->p_memsz = 0x10;
    expect_error(k, 128 * MiB, NULL, 0,
                 "invalid kernel header: segment 0 is smaller in memory than "
                 "in the file");

    /* a.out kludge: header_addr below load_addr, load_end below
     * load_addr, a file shorter than load_end says, a truncated header. */
    k = make_aout(0x2000, 0x100, 0x100000, 0, 0, 0x100000);
    put32(k->data + 0x100 + 12, 0xff000);
    expect_error(k, 128 * MiB, NULL, 0,
                 "multiboot: invalid a.out kludge load address");
    k = make_aout(0x2000, 0x100, 0x100000, 0xff000, 0, 0x100000);
    expect_error(k, 128 * MiB, NULL, 0,
                 "multiboot: load_end_addr below load_addr");
    k = make_aout(0x2000, 0x100, 0x100000, 0x104000, 0, 0x100000);
    expect_error(k, 128 * MiB, NULL, 0,
                 "multiboot: kernel file is shorter than its header says");
    k = make_aout(0x2000, 0x100, 0x100000, 0, 0, 0x100000);
    g_byte_array_set_size(k, 0x110);
    expect_error(k, 128 * MiB, NULL, 0, "multiboot: truncated header");

    /* A module that does not fit in RAM. */
    k = make_elf(&ok, 1, 0x100000, 0x80, ELFCLASS32, EM_386);
    expect_error(k, 0x101800, &bigmod, 1,
                 "multiboot: multiboot module at 0x101000-0x102000 does not "
                 "fit in guest RAM (0x500-0x9fc00 or 1 MiB-0x101800)");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/multiboot/find-header", test_find_header);
    g_test_add_func("/multiboot/elf-segments", test_elf_segments);
    g_test_add_func("/multiboot/info-structure", test_info_structure);
    g_test_add_func("/multiboot/empty-append-large-ram",
                    test_empty_append_large_ram);
    g_test_add_func("/multiboot/modules", test_modules);
    g_test_add_func("/multiboot/aout-kludge", test_aout_kludge);
    g_test_add_func("/multiboot/bad-images", test_bad_images);
    return g_test_run();
}
