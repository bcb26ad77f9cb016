/*
 * The `make run` guest: shows what the VMM presents (CPU vendor and
 * brand, CPU count, RAM size) and exits with code 0.
 */
#include "guest.h"

#define CPUID_EXT_BASE  0x80000000u
#define CPUID_BRAND_END 0x80000004u

static void cpu_names(char vendor[13], char brand[49])
{
    struct cpuid_regs r = cpuid(0, 0);
    uint32_t *v = (uint32_t *)vendor, *b = (uint32_t *)brand;

    /* The vendor string is in EBX, EDX, ECX order. */
    v[0] = r.b;
    v[1] = r.d;
    v[2] = r.c;
    vendor[12] = '\0';
    brand[0] = '\0';
    if (cpuid(CPUID_EXT_BASE, 0).a < CPUID_BRAND_END) {
        return;
    }
    for (uint32_t leaf = 0; leaf < 3; leaf++) {
        r = cpuid(CPUID_EXT_BASE + 2 + leaf, 0);
        b[leaf * 4 + 0] = r.a;
        b[leaf * 4 + 1] = r.b;
        b[leaf * 4 + 2] = r.c;
        b[leaf * 4 + 3] = r.d;
    }
    brand[48] = '\0';
}

int main(void)
{
    char vendor[13] __attribute__((aligned(4)));
    char brand[49] __attribute__((aligned(4)));

    cpu_names(vendor, brand);
    printf("splitvm demo guest\n");
    printf("  CPU vendor: %s\n", vendor);
    printf("  CPU brand:  %s\n", brand[0] ? brand : "(none)");
    printf("  CPUs:       %u\n", fwcfg_read_u16(FW_CFG_NB_CPUS));
    printf("  RAM:        %lu MiB\n", fwcfg_read_u64(FW_CFG_RAM_SIZE) >> 20);
    printf("Bye.\n");
    return 0;
}
