/*
 * -machine pit=off / pic=off remove those devices (QEMU semantics): run
 * with -append "pit=0|1 pic=0|1" saying what the command line asked for.
 * A present PIT counts (two latched reads of channel 0 differ) and serves
 * port 0x61; an absent one leaves ports 0x40-0x43 and 0x61 unassigned
 * (reads give 0xff). Port 0x61 bit 5 (counter 2 OUT) agrees with the
 * read-back status in every mode. A present 8259 pair keeps the mask
 * written to its data ports and its ELCR; an absent one reads 0xff
 * whatever is written.
 */
#include "guest.h"

static uint16_t pit_ch0_latched(void)
{
    uint8_t lo, hi;

    outb(PIT_MODE, 0x00);               /* latch channel 0 */
    lo = inb(PIT_CH0);
    hi = inb(PIT_CH0);
    return (uint16_t)(hi << 8 | lo);
}

#define PIT_CH2         0x42
#define PORT61          0x61
#define PORT61_GATE2    0x01
#define PORT61_OUT2     0x20
#define PIT_RB_STATUS2  0xe8    /* read-back: status only, counter 2 */
#define PIT_ST_OUT      0x80

/*
 * Port 0x61 bit 5 is counter 2's OUT; the read-back status byte has the
 * same OUT in bit 7. Under kernel-irqchip=on the status comes from KVM's
 * PIT and port 0x61 from the VMM, which must compute OUT as KVM does.
 */
static void check_out2(unsigned mode, uint16_t count, const char *when)
{
    unsigned st, p61;

    outb(PIT_MODE, 0x80 | 0x30 | mode << 1);    /* counter 2, LSB+MSB */
    outb(PIT_CH2, (uint8_t)count);
    outb(PIT_CH2, (uint8_t)(count >> 8));
    if (count < 0x1000) {
        delay_ms(1);                /* past terminal count */
    }
    outb(PIT_MODE, PIT_RB_STATUS2);
    st = inb(PIT_CH2);
    p61 = inb(PORT61);
    report(!!(st & PIT_ST_OUT) == !!(p61 & PORT61_OUT2),
           "pit=on: mode %u %s: port 0x61 OUT2 equals read-back OUT", mode,
           when);
    report_info("mode %u %s: status 0x%02x, port 0x61 0x%02x", mode, when,
                st, p61);
}

static void check_port61_out2(void)
{
    uint8_t old = inb(PORT61);

    outb(PORT61, PORT61_GATE2);     /* gate high, speaker off */
    for (unsigned mode = 0; mode <= 5; mode++) {
        check_out2(mode, 0xffff, "counting");
        if (mode != 2 && mode != 3) {
            check_out2(mode, 100, "after terminal count");
        }
    }
    outb(PORT61, old & 0x03);
}

static void check_pit(bool present)
{
    uint16_t a = pit_ch0_latched();
    uint16_t b;

    delay_ms(1);
    b = pit_ch0_latched();
    if (present) {
        report(a != b, "pit=on: channel 0 counts (0x%x then 0x%x)", a, b);
        report((inb(0x61) & 0xc0) == 0, "pit=on: port 0x61 is there");
        check_port61_out2();
    } else {
        report(a == 0xffff && b == 0xffff,
               "pit=off: channel 0 reads 0xff (no PIT)");
        report_eq(inb(PIT_MODE), 0xff, "pit=off: port 0x43 reads 0xff");
        report_eq(inb(0x61), 0xff, "pit=off: port 0x61 reads 0xff");
    }
}

static void check_pic(bool present)
{
    uint8_t old_master = inb(PIC_MASTER_DATA);
    uint8_t old_slave = inb(PIC_SLAVE_DATA);

    outb(PIC_MASTER_DATA, 0xa5);
    outb(PIC_SLAVE_DATA, 0x5a);
    outb(PIC_ELCR_MASTER, 0x08);
    if (present) {
        report_eq(inb(PIC_MASTER_DATA), 0xa5, "pic=on: master IMR kept");
        report_eq(inb(PIC_SLAVE_DATA), 0x5a, "pic=on: slave IMR kept");
        report_eq(inb(PIC_ELCR_MASTER), 0x08, "pic=on: ELCR kept");
    } else {
        report_eq(inb(PIC_MASTER_DATA), 0xff, "pic=off: port 0x21 reads 0xff");
        report_eq(inb(PIC_SLAVE_DATA), 0xff, "pic=off: port 0xa1 reads 0xff");
        report_eq(inb(PIC_ELCR_MASTER), 0xff,
                  "pic=off: port 0x4d0 reads 0xff");
    }
    outb(PIC_ELCR_MASTER, 0);
    outb(PIC_MASTER_DATA, old_master);
    outb(PIC_SLAVE_DATA, old_slave);
}

int main(void)
{
    check_pit(param_ulong("pit", 1));
    check_pic(param_ulong("pic", 1));
    report_summary();
}
