/*
 * Polled 16550 output on COM1. The VMM may not need the programming, but a
 * real UART does, and the tests should exercise what real drivers do.
 */
#include "io.h"
#include "serial.h"

#define COM1        0x3f8
#define UART_THR    0       /* transmit holding register (DLAB=0) */
#define UART_IER    1       /* interrupt enable (DLAB=0) */
#define UART_DLL    0       /* divisor latch low (DLAB=1) */
#define UART_DLM    1       /* divisor latch high (DLAB=1) */
#define UART_FCR    2       /* FIFO control */
#define UART_LCR    3       /* line control */
#define UART_MCR    4       /* modem control */
#define UART_LSR    5       /* line status */

#define LCR_DLAB    0x80
#define LCR_8N1     0x03
#define MCR_DTR_RTS 0x03
#define LSR_THRE    0x20    /* transmit holding register empty */

void serial_init(void)
{
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, LCR_DLAB);
    outb(COM1 + UART_DLL, 1);           /* 115200 baud */
    outb(COM1 + UART_DLM, 0);
    outb(COM1 + UART_LCR, LCR_8N1);
    outb(COM1 + UART_FCR, 0);
    outb(COM1 + UART_MCR, MCR_DTR_RTS);
}

void serial_putc(char c)
{
    /*
     * Bounded: a VMM that never sets THRE must not hang the guest; the
     * runner will notice the missing output instead.
     */
    for (int i = 0; i < 100000; i++) {
        if (inb(COM1 + UART_LSR) & LSR_THRE) {
            break;
        }
    }
    outb(COM1 + UART_THR, (uint8_t)c);
}
