/*
 * Writes the two index registers splitvm may have KVM buffer (coalesced
 * MMIO/PIO) a given number of times: -append "ioapic=N pit=M" reads the
 * IOAPIC version register N times (an IOREGSEL write, then an IOWIN read)
 * and latches PIT channel 2 M times (a port 0x43 write, then two reads of
 * port 0x42). It checks only what any VMM must return; the functional test
 * (test_irqchip.py) watches when the VMM registers the zones.
 */
#include "guest.h"

#define PIT_LATCH_CH2   0x80

int main(void)
{
    unsigned long n_ioapic = param_ulong("ioapic", 0);
    unsigned long n_pit = param_ulong("pit", 0);
    uint32_t ver = ioapic_read(IOAPIC_REG_VER);
    bool same = true;
    bool moved = false;
    uint16_t first = 0;

    for (unsigned long i = 1; i < n_ioapic; i++) {
        same &= ioapic_read(IOAPIC_REG_VER) == ver;
    }
    report(n_ioapic == 0 || ((ver & 0xff) >= 0x11 && same),
           "IOAPIC version reads agree");
    /* Channel 2 counts as long as its gate (port 0x61 bit 0) is up. */
    outb(PIT_PORT61, (inb(PIT_PORT61) & ~2) | 1);
    outb(PIT_MODE, 0xb4);               /* channel 2, LSB+MSB, mode 2 */
    outb(PIT_CH2, 0xff);
    outb(PIT_CH2, 0xff);
    for (unsigned long i = 0; i < n_pit; i++) {
        outb(PIT_MODE, PIT_LATCH_CH2);
        uint16_t c = inb(PIT_CH2);

        c |= inb(PIT_CH2) << 8;
        if (i == 0) {
            first = c;
        }
        moved |= c != first;
    }
    report(n_pit < 2 || moved, "PIT channel 2 latched counts move");
    report_summary();
}
