/*
 * The state a PC BIOS leaves behind, for guests booted directly with
 * -kernel (no firmware runs).
 *
 * Guests written for QEMU + SeaBIOS may rely on it: the 8259 pair
 * initialised with vector bases 0x08/0x70, PIT channel 0 ticking at
 * 18.2 Hz, a real-mode IVT whose hardware-IRQ entries acknowledge the PIC,
 * and a BIOS data area naming the serial ports. Rather than poking device
 * state from outside (which would differ between the in-kernel and the
 * userspace interrupt controllers), a short 32-bit stub in the BIOS
 * segment programs the chips through ordinary port I/O and then jumps to
 * the OS entry point with the requested registers.
 */
#ifndef HW_I386_BIOS_STUB_H
#define HW_I386_BIOS_STUB_H

#include "hw/boards.h"

/* Fixed addresses inside the BIOS segment. */
#define BIOS_SEGMENT_BASE 0xf0000
#define BIOS_GDT_ADDR 0xf0000
#define BIOS_STUB_ADDR 0xf0200
#define BIOS_IRET_ADDR 0xfff53   /* the traditional dummy handler */

/* What SeaBIOS leaves in the PIC mask registers (IRQs 0,1,2,6 / 8,12-14). */
#define BIOS_PIC_MASTER_MASK 0xb8
#define BIOS_PIC_SLAVE_MASK 0x8e

/*
 * Add the IVT/BDA and BIOS-segment images to ms and point the boot
 * registers at the stub, which enters `entry` in flat 32-bit protected
 * mode with EAX = eax and EBX = ebx. nr_serial is the number of COM ports
 * to list in the BIOS data area.
 */
void bios_stub_install(struct machine_state *ms, uint32_t entry,
                       uint32_t eax, uint32_t ebx, int nr_serial);

/* The stub's code bytes (for tests); returns the length. */
size_t bios_stub_build_code(uint8_t *buf, size_t cap, uint32_t entry,
                            uint32_t eax, uint32_t ebx);

#endif
