/*
 * The "pc" machine: i440FX-era PC layout with the legacy ISA devices.
 *
 * Memory: RAM from 0 to the VGA window (640 KiB), the BIOS area from
 * 0xC0000 to 1 MiB as RAM, extended memory up to below_4g, and the rest of
 * RAM above 4 GiB. below_4g is all of RAM up to 3.5 GiB, else 3 GiB, as in
 * QEMU's pc machines with gigabyte alignment.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "exec/memory.h"
#include "hw/boards.h"
#include "hw/core/device.h"
#include "hw/i386/bios-stub.h"
#include "hw/i386/e820.h"
#include "hw/i386/multiboot.h"
#include "hw/isa/isa.h"
#include "hw/nvram/fw_cfg.h"
#include "sysemu/accel.h"
#include "target/i386/cpu.h"
#include "pc-internal.h"

#include <cpuid.h>
#include <sys/mman.h>

#define VGA_WINDOW_START 0xa0000
#define BIOS_AREA_START 0xc0000
#define FOUR_GIB 0x100000000ULL

struct machine_state *current_machine;

const struct machine_type_info machine_types[] = {
    { "pc", "pc-i440fx-7.2", "Standard PC (i440FX + PIIX, 1996)", true },
    { "none", NULL, "empty machine", false },
    { NULL },
};

void machine_add_boot_image(struct machine_state *ms, const char *name,
                            uint64_t gpa, const void *data, uint64_t size,
                            uint64_t zero_size)
{
    struct boot_image *img = g_new0(struct boot_image, 1);

    img->name = g_strdup(name);
    img->gpa = gpa;
    img->data = g_memdup2(data, size);
    img->size = size;
    img->zero_size = zero_size;
    if (!ms->boot_images) {
        ms->boot_images = g_ptr_array_new();
    }
    g_ptr_array_add(ms->boot_images, img);
}

void machine_move_boot_image_first(struct machine_state *ms)
{
    GPtrArray *a = ms->boot_images;
    gpointer last = g_ptr_array_steal_index(a, a->len - 1);

    g_ptr_array_insert(a, 0, last);
}

void machine_install_boot_images(struct machine_state *ms)
{
    for (guint i = 0; ms->boot_images && i < ms->boot_images->len; i++) {
        struct boot_image *img = g_ptr_array_index(ms->boot_images, i);
        uint8_t *host = guest_ram_ptr(img->gpa, img->size + img->zero_size);

        /* The loader checked placement; RAM layout cannot change since. */
        assert(host);
        memcpy(host, img->data, img->size);
        memset(host + img->size, 0, img->zero_size);
    }
}

/*
 * QEMU 7.2 reserves AMD's HyperTransport range in the e820 map for AMD
 * CPU models (qemu64 is one) with at least 40 physical address bits.
 */
static void pc_cpu_leaf(struct machine_state *ms, uint32_t leaf,
                        uint32_t r[4])
{
    static const struct x86_topology one = { 1, 1, 1, 1 };

    memset(r, 0, 4 * sizeof(r[0]));
    if (x86_cpu_cpuid_query(ms->cpu, NULL, &one, 0, leaf, 0, r, NULL) < 0 &&
        x86_cpu_config_is_host(ms->cpu)) {
        /* host/max: the host's vendor and physical address width. */
        __cpuid(leaf, r[0], r[1], r[2], r[3]);
    }
}

static bool pc_cpu_has_amd_ht(struct machine_state *ms)
{
    uint32_t r[4];

    if (!ms->cpu) {
        return false;
    }
    pc_cpu_leaf(ms, 0, r);
    if (r[1] != 0x68747541 || r[3] != 0x69746e65 || r[2] != 0x444d4163) {
        return false;   /* not "AuthenticAMD" */
    }
    pc_cpu_leaf(ms, 0x80000008, r);
    return (r[0] & 0xff) >= 40;
}

static int pc_init_ram(struct machine_state *ms, Error **errp)
{
    uint64_t ram = ms->cfg.ram_size;
    uint64_t below;

    if (ram < 2 * MiB) {
        error_setg(errp, "ram size too small (%" PRIu64 " bytes)", ram);
        return -EINVAL;
    }
    e820_split_ram(ram, &ms->below_4g_mem_size, &ms->above_4g_mem_size);
    below = ms->below_4g_mem_size;
    ms->ram = mmap(NULL, ram, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (ms->ram == MAP_FAILED) {
        error_setg_errno(errp, errno, "cannot set up guest memory 'pc.ram'");
        return -ENOMEM;
    }
    if (memory_add_ram("pc.ram low", 0, VGA_WINDOW_START, ms->ram, false,
                       errp) < 0 ||
        memory_add_ram("pc.ram", BIOS_AREA_START, below - BIOS_AREA_START,
                       ms->ram + BIOS_AREA_START, false, errp) < 0) {
        return -EINVAL;
    }
    if (ms->above_4g_mem_size &&
        memory_add_ram("ram-above-4g", FOUR_GIB, ms->above_4g_mem_size,
                       ms->ram + below, false, errp) < 0) {
        return -EINVAL;
    }
    return 0;
}

static void pc_init_fw_cfg(struct machine_state *ms)
{
    struct fw_cfg_state *fw = fw_cfg_init_io(true);
    struct e820_table e820;

    ms->fw_cfg = fw;
    ms->amd_ht_reserved = pc_cpu_has_amd_ht(ms);
    fw_cfg_add_i64(fw, FW_CFG_RAM_SIZE, ms->cfg.ram_size);
    fw_cfg_add_i16(fw, FW_CFG_NB_CPUS, ms->cfg.smp.cpus);
    fw_cfg_add_i16(fw, FW_CFG_MAX_CPUS, ms->cfg.smp.max_cpus);
    fw_cfg_add_i16(fw, FW_CFG_NOGRAPHIC, 0);
    fw_cfg_add_i16(fw, FW_CFG_BOOT_MENU, 0);
    e820_build_fw_cfg(&e820, ms->below_4g_mem_size, ms->above_4g_mem_size,
                      ms->amd_ht_reserved);
    fw_cfg_add_file(fw, "etc/e820", e820.entries,
                    e820.count * sizeof(e820.entries[0]));
    /* No boot devices carry bootindex yet: an empty list, as QEMU. */
    fw_cfg_add_file(fw, "bootorder", "", 0);
}

static void pc_init_legacy_devices(struct machine_state *ms)
{
    device_create_simple(PC_TYPE_IOPORT80, NULL);
    device_create_simple(PC_TYPE_PORT92, NULL);
    device_create_simple(PC_TYPE_RESET_CONTROL, NULL);
    for (int i = 0; i < ms->nr_serial; i++) {
        pc_create_serial(i, ms->serial_hds[i]);
    }
    if (ms->debugcon) {
        pc_create_debugcon(ms->debugcon);
    }
}

int pc_machine_init(struct machine_state *ms, Error **errp)
{
    /* QEMU's pc creates the CPUs first: they are device[0]... */
    ms->cpu_qom_paths = g_new0(char *, ms->cfg.smp.cpus + 1);
    for (unsigned i = 0; i < ms->cfg.smp.cpus; i++) {
        ms->cpu_qom_paths[i] = device_alloc_unattached_path();
    }
    if (pc_init_ram(ms, errp) < 0) {
        return -EINVAL;
    }
    if (pc_init_irqchip(ms, errp) < 0) {
        return -EINVAL;
    }
    pc_init_fw_cfg(ms);
    pc_init_legacy_devices(ms);
    if (pc_load_kernel(ms, errp) < 0 || pc_init_acpi(ms, errp) < 0) {
        return -EINVAL;
    }
    return ms->accel->init_vcpus(ms, errp);
}

void pc_machine_reset(struct machine_state *ms)
{
    devices_reset_all();
    machine_install_boot_images(ms);
    if (ms->accel && ms->accel->reset_vcpus) {
        ms->accel->reset_vcpus(ms);
    }
}
