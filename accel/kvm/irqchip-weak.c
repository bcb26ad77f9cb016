/*
 * TEMPORARY weak fallback so the tree links while the ACPI table builder
 * (hw/acpi/acpi-build.c) is being written; the real definition overrides
 * it. Delete this file once that lands.
 */
#include "qemu/osdep.h"
#include "hw/acpi/acpi-build.h"

__attribute__((weak)) GByteArray *acpi_build_tables(
    const struct acpi_build_config *cfg, uint32_t base)
{
    return NULL;
}
