/* Local APIC in xAPIC mode: MMIO registers at 0xfee00000. */
#ifndef GUEST_LAPIC_H
#define GUEST_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define LAPIC_BASE      0xfee00000UL

#define APIC_ID         0x020
#define APIC_VERSION    0x030
#define APIC_TPR        0x080
#define APIC_PPR        0x0a0
#define APIC_EOI        0x0b0
#define APIC_LDR        0x0d0
#define APIC_DFR        0x0e0
#define APIC_SPIV       0x0f0
#define APIC_ISR        0x100   /* 8 registers, 0x10 apart: 256 bits */
#define APIC_TMR        0x180
#define APIC_IRR        0x200
#define APIC_ICR_LO     0x300
#define APIC_ICR_HI     0x310
#define APIC_LVT0       0x350
#define APIC_LVT1       0x360

#define APIC_DFR_FLAT   0xffffffffU
#define APIC_LDR_SHIFT  24

/* LVT entries (LINT0/LINT1). */
#define APIC_LVT_DM_FIXED       (0 << 8)
#define APIC_LVT_DM_NMI         (4 << 8)
#define APIC_LVT_DM_EXTINT      (7 << 8)
#define APIC_LVT_LEVEL          (1 << 15)
#define APIC_LVT_MASKED         (1 << 16)

#define APIC_SPIV_ENABLE        (1 << 8)
#define APIC_ICR_FIXED          (0 << 8)
#define APIC_ICR_NMI            (4 << 8)
#define APIC_ICR_INIT           (5 << 8)
#define APIC_ICR_STARTUP        (6 << 8)
#define APIC_ICR_BUSY           (1 << 12)   /* delivery status */
#define APIC_ICR_ASSERT         (1 << 14)
#define APIC_ICR_LEVEL          (1 << 15)
#define APIC_DEST_SELF          (1 << 18)
#define APIC_DEST_ALL           (2 << 18)
#define APIC_DEST_ALL_BUT_SELF  (3 << 18)

uint32_t lapic_read(uint32_t reg);
void lapic_write(uint32_t reg, uint32_t v);
uint32_t lapic_id(void);
void lapic_eoi(void);
/* Software-enable with the given spurious vector. */
void lapic_enable(uint8_t spurious_vector);
/* Bit `vector` of the ISR, TMR or IRR (base APIC_ISR/APIC_TMR/APIC_IRR). */
bool lapic_vector_bit(uint32_t base, uint8_t vector);
/* Send an IPI; false if the delivery-status bit never cleared. */
bool lapic_send_ipi(uint32_t dest_apic_id, uint32_t icr_lo);

#endif /* GUEST_LAPIC_H */
