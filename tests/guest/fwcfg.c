/*
 * fw_cfg as firmware and kvm-unit-tests see it. Run with
 * -m <M> -smp <N> -append "mem=<M> cpus=<N>". Only behaviour that both
 * QEMU 7.2 and a faithful reimplementation must show is checked; the file
 * directory and e820 table are also printed as INFO for diagnosis.
 */
#include "guest.h"

#define MAX_FILES   64
#define E820_RAM    1
#define UNUSED_KEY  0x1ff0  /* no item, below the write/arch flag bits */

struct e820_entry {
    uint64_t addr;
    uint64_t len;
    uint32_t type;
} __attribute__((packed));

static struct fwcfg_file files[MAX_FILES];
static uint32_t nfiles;

static void read_directory(void)
{
    nfiles = fwcfg_file_count();
    report_info("fw_cfg directory: %u files", nfiles);
    if (nfiles > MAX_FILES) {
        nfiles = MAX_FILES;
    }
    fwcfg_read(files, nfiles * sizeof(files[0]));
    for (uint32_t i = 0; i < nfiles; i++) {
        report_info("  0x%04x %6u %s", bswap16(files[i].select),
                    bswap32(files[i].size), files[i].name);
    }
}

static const struct fwcfg_file *find(const char *name)
{
    for (uint32_t i = 0; i < nfiles; i++) {
        if (strncmp(files[i].name, name, sizeof(files[i].name)) == 0) {
            return &files[i];
        }
    }
    return NULL;
}

static void check_bootorder(void)
{
    const struct fwcfg_file *f = find("bootorder");
    char buf[64];
    uint32_t n;

    report(f != NULL, "directory has bootorder");
    if (!f) {
        return;
    }
    /* Content depends on the boot devices; show it, do not judge it. */
    n = bswap32(f->size) < sizeof(buf) ? bswap32(f->size) : sizeof(buf) - 1;
    fwcfg_read_item(bswap16(f->select), buf, n);
    buf[n] = '\0';
    for (uint32_t i = 0; i < n; i++) {
        if (buf[i] == '\n') {
            buf[i] = ' ';
        }
    }
    report_info("  bootorder \"%s\"", buf);
}

static void check_e820(uint64_t ram_size)
{
    struct e820_entry e;
    uint64_t ram = 0;
    uint16_t select;
    uint32_t size;
    bool found;

    /* Through the library's lookup, which later tests rely on. */
    found = fwcfg_find_file("etc/e820", &select, &size);
    report(found, "directory has etc/e820");
    if (!found) {
        return;
    }
    report(size > 0 && size % sizeof(e) == 0, "etc/e820 size is n*20");
    fwcfg_select(select);
    for (uint32_t i = 0; i < size / sizeof(e); i++) {
        fwcfg_read(&e, sizeof(e));
        report_info("  e820 0x%010lx-0x%010lx type %u", e.addr,
                    e.addr + e.len - 1, e.type);
        if (e.type == E820_RAM) {
            ram += e.len;
        }
        if (i == 0) {
            /* QEMU adds KVM's identity-map/TSS pages when the
             * accelerator starts, before the board adds RAM. */
            report(e.addr == 0xfeffc000 && e.len == 0x4000 && e.type == 2,
                   "etc/e820 starts with KVM's reserved pages");
        }
    }
    report_eq(ram, ram_size, "e820 RAM total == RAM_SIZE");
}

static void check_numbers(void)
{
    unsigned long mem_mib = param_ulong("mem", 0);
    unsigned long cpus = param_ulong("cpus", 0);
    uint64_t ram = fwcfg_read_u64(FW_CFG_RAM_SIZE);

    if (mem_mib) {
        report_eq(ram, mem_mib << 20, "RAM_SIZE == mem= MiB");
    } else {
        report_skip("RAM_SIZE: no mem= on the command line");
    }
    if (cpus) {
        uint16_t nb = fwcfg_read_u16(FW_CFG_NB_CPUS);
        uint16_t max = fwcfg_read_u16(FW_CFG_MAX_CPUS);
        report_eq(nb, cpus, "NB_CPUS == cpus=");
        report_eq(max, cpus, "MAX_CPUS == cpus=");
    } else {
        report_skip("NB_CPUS: no cpus= on the command line");
    }
}

static void check_dma(void)
{
    /* The register reads as "QEMU CFG" in guest memory byte order. */
    uint32_t hi = inl(FW_CFG_PORT_DMA_HI);
    uint32_t lo = inl(FW_CFG_PORT_DMA_LO);
    uint64_t sig = (uint64_t)bswap32(hi) << 32 | bswap32(lo);
    char buf[8] = "xxxxxxx";
    uint32_t control;

    report_eq(sig, FW_CFG_DMA_SIGNATURE,
              "DMA register reads \"QEMU CFG\"");
    control = fwcfg_dma_read(FW_CFG_SIGNATURE, buf, 4);
    report_eq(control, 0, "DMA read completes, control cleared");
    report(memcmp(buf, "QEMUxxx", 8) == 0, "DMA read of the signature");
    report_info("  DMA read gave \"%s\"", buf);
}

int main(void)
{
    char sig[5] = "";
    uint32_t id, unused;

    fwcfg_read_item(FW_CFG_SIGNATURE, sig, 4);
    report(memcmp(sig, "QEMU", 4) == 0, "signature \"QEMU\"");
    report_info("  signature \"%s\"", sig);
    id = fwcfg_read_u32(FW_CFG_ID);
    report_info("  ID 0x%x", id);
    report(id & FW_CFG_ID_TRADITIONAL, "ID has the I/O interface bit");
    report(id & FW_CFG_ID_DMA, "ID has the DMA interface bit");
    check_numbers();
    read_directory();
    check_bootorder();
    check_e820(fwcfg_read_u64(FW_CFG_RAM_SIZE));
    unused = 0x5a5a5a5a;
    fwcfg_read_item(UNUSED_KEY, &unused, sizeof(unused));
    report_eq(unused, 0, "an unused key reads 0");
    check_dma();
    report_summary();
}
