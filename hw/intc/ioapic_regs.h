/*
 * I/O APIC registers, as named in the Intel 82093AA datasheet (and the
 * ICH datasheets for the version 0x20 EOI register).
 */
#ifndef HW_INTC_IOAPIC_REGS_H
#define HW_INTC_IOAPIC_REGS_H

/* Memory-mapped registers (offsets in the 4 KiB window, bits 7:0 decode) */
#define IOAPIC_IOREGSEL         0x00    /* index of the indirect register */
#define IOAPIC_IOWIN            0x10    /* data of the indirect register */
#define IOAPIC_EOI              0x40    /* version 0x20: EOI by vector */
#define IOAPIC_DECODE_MASK      0xff    /* the window repeats every 256 B */
#define IOAPIC_MMIO_SIZE        0x1000

/* Indirect registers (IOREGSEL values) */
#define IOAPIC_REG_ID           0x00    /* IOAPICID */
#define IOAPIC_REG_VER          0x01    /* IOAPICVER, read-only */
#define IOAPIC_REG_ARB          0x02    /* IOAPICARB, read-only */
#define IOAPIC_REG_REDTBL       0x10    /* IOREDTBL[n]: 0x10 + 2n (lo), +1 */

#define IOAPIC_ID_SHIFT         24      /* ID/ARB: bits 27:24 */
#define IOAPIC_ID_MASK          0x0f
#define IOAPIC_VER_MRE_SHIFT    16      /* maximum redirection entry */

#define IOAPIC_VER_82093AA      0x11    /* no EOI register */
#define IOAPIC_VER_ICH          0x20    /* EOI register at 0x40 */

/* Redirection table entry */
#define IOAPIC_RTE_VECTOR_MASK  0xffULL
#define IOAPIC_RTE_DELMOD_SHIFT 8       /* bits 10:8 */
#define IOAPIC_RTE_DELMOD_MASK  (7ULL << IOAPIC_RTE_DELMOD_SHIFT)
#define IOAPIC_RTE_DESTMOD      (1ULL << 11)    /* 1 = logical */
#define IOAPIC_RTE_DELIVS       (1ULL << 12)    /* delivery status, RO */
#define IOAPIC_RTE_INTPOL       (1ULL << 13)    /* 1 = active low */
#define IOAPIC_RTE_REMOTE_IRR   (1ULL << 14)    /* RO */
#define IOAPIC_RTE_TRIGGER      (1ULL << 15)    /* 1 = level */
#define IOAPIC_RTE_MASK         (1ULL << 16)
#define IOAPIC_RTE_EXT_DEST_SHIFT 48    /* bits 55:48 (extended dest ID) */
#define IOAPIC_RTE_DEST_SHIFT   56      /* bits 63:56 */
#define IOAPIC_RTE_RO_BITS      (IOAPIC_RTE_DELIVS | IOAPIC_RTE_REMOTE_IRR)

/* Delivery modes (RTE bits 10:8, MSI data bits 10:8) */
#define IOAPIC_DM_FIXED         0
#define IOAPIC_DM_LOWEST        1
#define IOAPIC_DM_SMI           2
#define IOAPIC_DM_NMI           4
#define IOAPIC_DM_INIT          5
#define IOAPIC_DM_EXTINT        7

/* The MSI an RTE turns into (Intel SDM vol. 3, 11.11) */
#define MSI_ADDR_BASE           0xfee00000ULL
#define MSI_ADDR_DEST_MODE_SHIFT 2      /* 1 = logical */
#define MSI_ADDR_EXT_DEST_SHIFT 4       /* RTE 55:48 -> address 11:4 */
#define MSI_ADDR_DEST_ID_SHIFT  12      /* RTE 63:56 -> address 19:12 */
#define MSI_DATA_DELMOD_SHIFT   8
#define MSI_DATA_TRIGGER_SHIFT  15      /* 1 = level */

#endif
