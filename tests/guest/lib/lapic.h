/* Local APIC in xAPIC mode: MMIO registers at 0xfee00000. */
#ifndef GUEST_LAPIC_H
#define GUEST_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define LAPIC_BASE      0xfee00000UL

#define APIC_ID         0x020
#define APIC_VERSION    0x030
#define APIC_TPR        0x080
#define APIC_EOI        0x0b0
#define APIC_SPIV       0x0f0
#define APIC_ICR_LO     0x300
#define APIC_ICR_HI     0x310

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
/* Send an IPI; false if the delivery-status bit never cleared. */
bool lapic_send_ipi(uint32_t dest_apic_id, uint32_t icr_lo);

#endif /* GUEST_LAPIC_H */
