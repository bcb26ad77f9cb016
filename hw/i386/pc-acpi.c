/*
 * ACPI tables for the pc machine (direct kernel boot has no firmware to
 * build them). The blob goes at 0xE0000, inside the range an OS scans for
 * the RSDP and reserved in the e820 map.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/acpi/acpi-build.h"
#include "hw/boards.h"
#include "hw/intc/ioapic.h"
#include "target/i386/cpu.h"
#include "pc-internal.h"

#define ACPI_BASE 0xe0000
#define ACPI_AREA_SIZE 0x10000
#define ACPI_SCI_IRQ 9

int pc_init_acpi(struct machine_state *ms, Error **errp)
{
    struct x86_topology topo = {
        .sockets = ms->cfg.smp.sockets,
        .dies = ms->cfg.smp.dies,
        .cores = ms->cfg.smp.cores,
        .threads = ms->cfg.smp.threads,
    };
    uint32_t *ids = g_new(uint32_t, ms->cfg.smp.cpus);
    struct acpi_build_config cfg = {
        .nr_cpus = ms->cfg.smp.cpus,
        .apic_ids = ids,
        .has_ioapic = true,
        .ioapic_id = 0,
        .ioapic_addr = IOAPIC_DEFAULT_BASE,
        .ioapic_gsi_base = 0,
        .has_pic = ms->cfg.pic != ON_OFF_AUTO_OFF,
        .sci_irq = ACPI_SCI_IRQ,
    };
    GByteArray *blob;

    if (ms->cfg.acpi == ON_OFF_AUTO_OFF) {
        g_free(ids);
        return 0;       /* -machine acpi=off / -no-acpi: no RSDP at all */
    }
    for (unsigned i = 0; i < ms->cfg.smp.cpus; i++) {
        ids[i] = x86_apic_id_from_index(&topo, i);
    }
    blob = acpi_build_tables(&cfg, ACPI_BASE, errp);
    g_free(ids);
    if (!blob) {
        return -EINVAL;
    }
    if (blob->len > ACPI_AREA_SIZE) {
        error_setg(errp, "ACPI tables too large (%u bytes)", blob->len);
        g_byte_array_free(blob, TRUE);
        return -E2BIG;
    }
    machine_add_boot_image(ms, "acpi tables", ACPI_BASE, blob->data,
                           blob->len, 0);
    g_byte_array_free(blob, TRUE);
    return 0;
}
