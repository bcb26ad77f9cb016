/* xAPIC MMIO helpers. */
#include "io.h"
#include "lapic.h"

uint32_t lapic_read(uint32_t reg)
{
    return mmio_read32(LAPIC_BASE + reg);
}

void lapic_write(uint32_t reg, uint32_t v)
{
    mmio_write32(LAPIC_BASE + reg, v);
}

uint32_t lapic_id(void)
{
    return lapic_read(APIC_ID) >> 24;
}

void lapic_eoi(void)
{
    lapic_write(APIC_EOI, 0);
}

void lapic_enable(uint8_t spurious_vector)
{
    lapic_write(APIC_SPIV, APIC_SPIV_ENABLE | spurious_vector);
}

bool lapic_vector_bit(uint32_t base, uint8_t vector)
{
    return lapic_read(base + 0x10 * (vector / 32)) >> (vector % 32) & 1;
}

bool lapic_send_ipi(uint32_t dest_apic_id, uint32_t icr_lo)
{
    /* The high half must be written first: the low half sends. */
    lapic_write(APIC_ICR_HI, dest_apic_id << 24);
    lapic_write(APIC_ICR_LO, icr_lo);
    for (int i = 0; i < 1000; i++) {
        if (!(lapic_read(APIC_ICR_LO) & APIC_ICR_BUSY)) {
            return true;
        }
        cpu_relax();
    }
    return false;
}
