/* IOAPIC register access (see ioapic.h). */
#include "io.h"
#include "ioapic.h"

static uintptr_t ioapic_base = IOAPIC_DEFAULT_BASE;

void ioapic_set_base(uintptr_t base)
{
    ioapic_base = base;
}

uint32_t ioapic_read(uint8_t reg)
{
    mmio_write32(ioapic_base + IOAPIC_REGSEL, reg);
    return mmio_read32(ioapic_base + IOAPIC_WINDOW);
}

void ioapic_write(uint8_t reg, uint32_t v)
{
    mmio_write32(ioapic_base + IOAPIC_REGSEL, reg);
    mmio_write32(ioapic_base + IOAPIC_WINDOW, v);
}

uint8_t ioapic_version(void)
{
    return ioapic_read(IOAPIC_REG_VER) & 0xff;
}

unsigned ioapic_nr_pins(void)
{
    return ((ioapic_read(IOAPIC_REG_VER) >> 16) & 0xff) + 1;
}

uint64_t ioapic_read_rte(unsigned pin)
{
    uint32_t lo = ioapic_read(IOAPIC_REG_RTE(pin));
    uint32_t hi = ioapic_read(IOAPIC_REG_RTE(pin) + 1);

    return (uint64_t)hi << 32 | lo;
}

void ioapic_write_rte(unsigned pin, uint64_t rte)
{
    ioapic_write(IOAPIC_REG_RTE(pin) + 1, (uint32_t)(rte >> 32));
    ioapic_write(IOAPIC_REG_RTE(pin), (uint32_t)rte);
}

void ioapic_mask(unsigned pin, bool masked)
{
    uint32_t lo = ioapic_read(IOAPIC_REG_RTE(pin));

    lo = masked ? lo | (uint32_t)RTE_MASKED : lo & ~(uint32_t)RTE_MASKED;
    ioapic_write(IOAPIC_REG_RTE(pin), lo);
}

bool ioapic_remote_irr(unsigned pin)
{
    return ioapic_read(IOAPIC_REG_RTE(pin)) & RTE_REMOTE_IRR;
}

void ioapic_eoi(uint8_t vector)
{
    mmio_write32(ioapic_base + IOAPIC_EOI, vector);
}
