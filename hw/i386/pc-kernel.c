/*
 * Direct kernel boot for the pc machine: -kernel, -initrd, -append.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/boards.h"
#include "hw/i386/bios-stub.h"
#include "hw/i386/multiboot.h"
#include "hw/nvram/fw_cfg.h"
#include "pc-internal.h"
#include "sysemu/qtest.h"

#include <elf.h>
#include <fcntl.h>

/* Offset and value of the Linux boot protocol signature ("HdrS"). */
#define LINUX_HDRS_OFFSET 0x202
#define LINUX_HDRS_MAGIC 0x53726448

static bool is_linux_bzimage(const uint8_t *k, size_t size)
{
    return size > LINUX_HDRS_OFFSET + 4 &&
           (k[LINUX_HDRS_OFFSET] | k[LINUX_HDRS_OFFSET + 1] << 8 |
            k[LINUX_HDRS_OFFSET + 2] << 16 |
            (uint32_t)k[LINUX_HDRS_OFFSET + 3] << 24) == LINUX_HDRS_MAGIC;
}

static bool is_elf64(const uint8_t *k, size_t size)
{
    return size > EI_CLASS && !memcmp(k, ELFMAG, SELFMAG) &&
           k[EI_CLASS] == ELFCLASS64;
}

/*
 * Split "-initrd a args,b,,c" into modules: ',' separates, ',,' is a
 * literal comma; a module's path is its first word, its command line the
 * whole string, as QEMU does for multiboot.
 */
static GPtrArray *split_initrd(const char *spec)
{
    GPtrArray *list = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new(NULL);

    for (const char *p = spec; *p; p++) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(cur, ',');
            p++;
        } else if (*p == ',') {
            g_ptr_array_add(list, g_string_free(cur, FALSE));
            cur = g_string_new(NULL);
        } else {
            g_string_append_c(cur, *p);
        }
    }
    g_ptr_array_add(list, g_string_free(cur, FALSE));
    return list;
}

/* Read a whole file: 0, or -errno with *opened telling which step failed. */
static int read_file(const char *path, uint8_t **data, size_t *size,
                     bool *opened)
{
    GByteArray *buf;
    uint8_t chunk[65536];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n;

    *opened = fd >= 0;
    if (fd < 0) {
        return -errno;
    }
    buf = g_byte_array_new();
    while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            int err = errno;

            g_byte_array_free(buf, TRUE);
            close(fd);
            return -err;
        }
        g_byte_array_append(buf, chunk, n);
    }
    close(fd);
    *size = buf->len;
    *data = g_byte_array_free(buf, FALSE);
    return 0;
}

/*
 * The -kernel file. QEMU's wording and "qemu: " prefix, which scripts
 * match: "could not open kernel file" when it cannot be opened, "could
 * not load kernel" when it cannot be read (a directory).
 */
static int read_kernel(const char *path, uint8_t **data, size_t *size,
                       Error **errp)
{
    bool opened;
    int ret = read_file(path, data, size, &opened);

    if (ret < 0) {
        if (opened) {
            error_setg(errp, "could not load kernel '%s': %s", path,
                       g_strerror(-ret));
        } else {
            error_setg(errp, "could not open kernel file '%s': %s", path,
                       g_strerror(-ret));
        }
        error_set_prog(errp, "qemu");
    }
    return ret;
}

struct loaded_files {
    GPtrArray *specs;
    struct multiboot_file *mods;
    uint8_t **contents;
    gchar **paths;
    int n;
};

static void loaded_files_free(struct loaded_files *lf)
{
    for (int i = 0; i < lf->n; i++) {
        g_free(lf->contents[i]);
        g_free(lf->paths[i]);
    }
    g_free(lf->contents);
    g_free(lf->paths);
    g_free(lf->mods);
    if (lf->specs) {
        g_ptr_array_free(lf->specs, TRUE);
    }
}

static int load_modules(const char *spec, struct loaded_files *lf,
                        Error **errp)
{
    lf->specs = split_initrd(spec);
    lf->n = lf->specs->len;
    lf->mods = g_new0(struct multiboot_file, lf->n);
    lf->contents = g_new0(uint8_t *, lf->n);
    lf->paths = g_new0(gchar *, lf->n);
    for (int i = 0; i < lf->n; i++) {
        const char *m = g_ptr_array_index(lf->specs, i);
        const char *space = strchr(m, ' ');
        bool opened;
        size_t len;
        int ret;

        lf->paths[i] = space ? g_strndup(m, space - m) : g_strdup(m);
        ret = read_file(lf->paths[i], &lf->contents[i], &len, &opened);
        if (ret < 0) {
            /* QEMU 7.2 says only "Failed to open file 'F'". */
            error_setg(errp, "Failed to open file '%s': %s", lf->paths[i],
                       g_strerror(-ret));
            return ret;
        }
        lf->mods[i] = (struct multiboot_file){
            .path = m, .data = lf->contents[i], .size = len,
        };
    }
    return 0;
}

static void add_fw_cfg_items(struct machine_state *ms, const uint8_t *kernel,
                             size_t size, const struct multiboot_result *r,
                             const struct loaded_files *lf)
{
    struct fw_cfg_state *fw = ms->fw_cfg;
    const char *append = ms->cfg.append ? ms->cfg.append : "";

    fw_cfg_add_i32(fw, FW_CFG_KERNEL_ADDR, r->load_addr);
    fw_cfg_add_i32(fw, FW_CFG_KERNEL_ENTRY, r->entry);
    fw_cfg_add_i32(fw, FW_CFG_KERNEL_SIZE, size);
    fw_cfg_add_bytes(fw, FW_CFG_KERNEL_DATA, kernel, size);
    fw_cfg_add_i32(fw, FW_CFG_CMDLINE_ADDR, 0);
    fw_cfg_add_i32(fw, FW_CFG_CMDLINE_SIZE, strlen(append) + 1);
    fw_cfg_add_string(fw, FW_CFG_CMDLINE_DATA, append);
    if (lf->n) {
        fw_cfg_add_i32(fw, FW_CFG_INITRD_ADDR, r->info_addr);
        fw_cfg_add_i32(fw, FW_CFG_INITRD_SIZE, lf->mods[0].size);
        fw_cfg_add_bytes(fw, FW_CFG_INITRD_DATA, lf->mods[0].data,
                         lf->mods[0].size);
    }
}

int pc_load_kernel(struct machine_state *ms, Error **errp)
{
    const char *path = ms->cfg.kernel;
    struct loaded_files lf = { 0 };
    struct multiboot_result res;
    struct multiboot_file kf;
    uint8_t *data;
    size_t size;
    int ret = -EINVAL;

    if (!path && qtest_enabled()) {
        /* No CPU will run: there is nothing to boot (qtest tests). */
        return 0;
    }
    if (!path) {
        error_setg(errp, "no -kernel given, and booting from firmware "
                   "(SeaBIOS/OVMF) is not supported yet");
        return -ENOTSUP;
    }
    if (read_kernel(path, &data, &size, errp) < 0) {
        return -ENOENT;
    }
    kf = (struct multiboot_file){ path, data, size };
    if (multiboot_find_header(kf.data, size) < 0) {
        if (is_linux_bzimage(kf.data, size)) {
            error_setg(errp, "'%s' is a Linux bzImage; the Linux boot "
                       "protocol is not supported yet (give a multiboot "
                       "kernel)", path);
        } else if (is_elf64(kf.data, size)) {
            error_setg(errp, "'%s' is a 64-bit ELF without a multiboot "
                       "header: Cannot load x86-64 image, give a 32bit one.",
                       path);
        } else {
            error_setg(errp, "'%s' is not a multiboot kernel (no multiboot "
                       "header in its first 8 KiB)", path);
        }
        goto out;
    }
    if (ms->cfg.initrd && load_modules(ms->cfg.initrd, &lf, errp) < 0) {
        goto out;
    }
    if (multiboot_load(ms, &kf, ms->cfg.append, lf.mods, lf.n, &res,
                       errp) < 0) {
        error_prepend(errp, "%s: ", path);
        goto out;
    }
    add_fw_cfg_items(ms, kf.data, size, &res, &lf);
    bios_stub_install(ms, res.entry, MULTIBOOT_BOOTLOADER_MAGIC,
                      res.info_addr, ms->nr_serial);
    ret = 0;
out:
    loaded_files_free(&lf);
    g_free(data);
    return ret;
}
