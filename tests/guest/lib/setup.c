/*
 * C entry on the BSP (called from entry.S in long mode): bring up the
 * console, quiet the PIC, install the exception handlers, run main().
 */
#include "exceptions.h"
#include "io.h"
#include "multiboot.h"
#include "report.h"
#include "serial.h"
#include "setup.h"
#include "x86-defs.h"

#define PIC_MASTER_IMR  0x21
#define PIC_SLAVE_IMR   0xa1

uint8_t pic_imr_at_entry[2];

int main(void);

void __attribute__((noreturn)) guest_start(void)
{
    /*
     * A VMM that emulates a BIOS may leave IRQ0 unmasked with the PIC
     * based at vector 8; we never enable interrupts by accident, but a
     * test that does must not see a timer tick arrive as #DF.
     */
    pic_imr_at_entry[0] = inb(PIC_MASTER_IMR);
    pic_imr_at_entry[1] = inb(PIC_SLAVE_IMR);
    outb(PIC_MASTER_IMR, 0xff);
    outb(PIC_SLAVE_IMR, 0xff);
    serial_init();
    idt_init();
    if (mb_magic != MULTIBOOT_BOOT_MAGIC) {
        report_info("EAX at entry was 0x%x, not the multiboot magic",
                    mb_magic);
    }
    exit_code(main());
}
