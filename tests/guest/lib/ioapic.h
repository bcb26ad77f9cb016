/*
 * IOAPIC (82093AA and ICH-style version 0x20) through its indirect
 * registers: IOREGSEL at +0x00, IOWIN at +0x10, EOI at +0x40 (0x20 only).
 */
#ifndef GUEST_IOAPIC_H
#define GUEST_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define IOAPIC_DEFAULT_BASE 0xfec00000UL

#define IOAPIC_REGSEL       0x00
#define IOAPIC_WINDOW       0x10
#define IOAPIC_EOI          0x40

#define IOAPIC_REG_ID       0x00
#define IOAPIC_REG_VER      0x01
#define IOAPIC_REG_ARB      0x02
#define IOAPIC_REG_RTE(pin) (0x10 + 2 * (pin))

/* Redirection table entry fields. */
#define RTE_VECTOR_MASK     0xffULL
#define RTE_DM_FIXED        (0ULL << 8)
#define RTE_DM_LOWEST       (1ULL << 8)
#define RTE_DM_SMI          (2ULL << 8)
#define RTE_DM_NMI          (4ULL << 8)
#define RTE_DM_INIT         (5ULL << 8)
#define RTE_DM_EXTINT       (7ULL << 8)
#define RTE_DEST_LOGICAL    (1ULL << 11)
#define RTE_DELIVS          (1ULL << 12)    /* read-only */
#define RTE_ACTIVE_LOW      (1ULL << 13)
#define RTE_REMOTE_IRR      (1ULL << 14)    /* read-only */
#define RTE_LEVEL           (1ULL << 15)
#define RTE_MASKED          (1ULL << 16)
#define RTE_DEST(id)        ((uint64_t)(id) << 56)

/* Where the registers are; default IOAPIC_DEFAULT_BASE (e.g. from the MADT). */
void ioapic_set_base(uintptr_t base);

uint32_t ioapic_read(uint8_t reg);
void ioapic_write(uint8_t reg, uint32_t v);
/* Bits 7:0 of IOAPICVER: 0x11 (82093AA, KVM's in-kernel) or 0x20. */
uint8_t ioapic_version(void);
/* Maximum redirection entry + 1. */
unsigned ioapic_nr_pins(void);

uint64_t ioapic_read_rte(unsigned pin);
/* High dword first, then the low one, whose mask bit decides delivery. */
void ioapic_write_rte(unsigned pin, uint64_t rte);
/* Rewrite only the low dword's mask bit. */
void ioapic_mask(unsigned pin, bool masked);
bool ioapic_remote_irr(unsigned pin);
/* Version 0x20 EOI register: clears Remote IRR of level RTEs with vector. */
void ioapic_eoi(uint8_t vector);

#endif /* GUEST_IOAPIC_H */
