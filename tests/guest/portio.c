/*
 * Port I/O chosen on the command line, for the functional tests of the
 * VMM's options (tests/functional): they start it with -append and check
 * what the VMM does with the accesses. Parameters, all optional, carried
 * out in this order:
 *
 *   waitrx=1        wait until a byte arrives on COM1 and print
 *                   "PORTIO-RX 0xNN" (lets a test connect to a socket or
 *                   pty backend before the guest prints anything)
 *   debugcon=PORT   write "DEBUGCON-OUTPUT" and a newline to PORT
 *                   (isa-debugcon; QEMU's default is 0xe9)
 *   read=PORT       read one byte from PORT (meant to be unassigned: -d
 *                   unimp logs it) and print "READ 0xPORT 0xVALUE"
 *   write=PORT      write the byte value=V (default 0) to PORT and print
 *                   "WROTE 0xPORT 0xV" (e.g. a register that ignores
 *                   writes: -d guest_errors logs it)
 *   halt=1          print "PORTIO-HALTING" and stop in a hlt loop with
 *                   interrupts off, so the VM runs until the VMM is told
 *                   to quit (signals, -daemonize)
 *   exit=PORT       write code=N (default 0) to PORT, width size=1|2|4
 *                   (default 4): isa-debug-exit at a custom iobase/iosize
 *
 * With none of exit= and halt=, it exits through the usual port 0xf4.
 * Every line also goes to COM1, so a test can tell the guest ran.
 */
#include "guest.h"

static void write_debugcon(uint16_t port)
{
    static const char msg[] = "DEBUGCON-OUTPUT\n";

    for (const char *p = msg; *p; p++) {
        outb(port, *p);
    }
    printf("PORTIO-DEBUGCON 0x%x\n", port);
}

static void write_exit(uint16_t port, unsigned size, uint32_t code)
{
    printf("PORTIO-EXIT 0x%x size %u code %u\n", port, size, code);
    if (size == 1) {
        outb(port, code);
    } else if (size == 2) {
        outw(port, code);
    } else {
        outl(port, code);
    }
}

#define COM1 0x3f8
#define UART_RBR 0          /* receive buffer */
#define UART_LSR 5          /* line status */
#define UART_LSR_DR 0x01    /* data ready */

static void wait_rx(void)
{
    while (!(inb(COM1 + UART_LSR) & UART_LSR_DR)) {
        asm volatile("pause");
    }
    printf("PORTIO-RX 0x%x\n", inb(COM1 + UART_RBR));
}

int main(void)
{
    unsigned long port;

    if (param_ulong("waitrx", 0)) {
        wait_rx();
    }
    printf("PORTIO-START\n");
    port = param_ulong("debugcon", 0);
    if (port) {
        write_debugcon(port);
    }
    port = param_ulong("read", 0);
    if (port) {
        printf("READ 0x%lx 0x%x\n", port, inb(port));
    }
    port = param_ulong("write", 0);
    if (port) {
        unsigned long v = param_ulong("value", 0);

        outb(port, v);
        printf("WROTE 0x%lx 0x%lx\n", port, v);
    }
    if (param_ulong("halt", 0)) {
        printf("PORTIO-HALTING\n");
        for (;;) {
            asm volatile("cli; hlt");
        }
    }
    port = param_ulong("exit", 0);
    if (port) {
        write_exit(port, param_ulong("size", 4), param_ulong("code", 0));
        /* Nothing at that port: the test's timeout reports it. */
        for (;;) {
            asm volatile("cli; hlt");
        }
    }
    return 0;
}
