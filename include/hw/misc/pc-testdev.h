/*
 * "pc-testdev": QEMU's x86 test device, used by kvm-unit-tests and our
 * guest tests (-device pc-testdev). No properties, fixed addresses:
 *
 *   I/O 0xe0-0xe3       32-bit scratch register, any access width
 *   I/O 0xe4            4-byte write of a guest-physical address: the host
 *                       mapping of that page is invalidated, so KVM has to
 *                       fault it in again ("flush page")
 *   I/O 0xe8-0xeb       the same scratch register, accessed byte by byte
 *   I/O 0x2000-0x2017   byte writes set ISA/GSI line n (port 0x2000 + n) to
 *                       !!value through the board's GSI fan-out; reads 0
 *   MMIO 0xff000000     64 KiB of "I/O RAM": reads return what was
 *                       written, but every access is an MMIO exit
 *
 * See docs/devel/devices.md for the differences from QEMU 7.2.
 */
#ifndef HW_MISC_PC_TESTDEV_H
#define HW_MISC_PC_TESTDEV_H

#define TYPE_PC_TESTDEV "pc-testdev"

#define PC_TESTDEV_SCRATCH      0xe0
#define PC_TESTDEV_FLUSH_PAGE   0xe4
#define PC_TESTDEV_SCRATCH_BYTE 0xe8
#define PC_TESTDEV_SCRATCH_LEN  4
#define PC_TESTDEV_IRQ_BASE     0x2000
#define PC_TESTDEV_NUM_IRQS     24      /* all IOAPIC pins */
#define PC_TESTDEV_IORAM_BASE   0xff000000u
#define PC_TESTDEV_IORAM_SIZE   0x10000

#endif
