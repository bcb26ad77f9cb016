/* COM1 (16550 UART at 0x3f8) polled output. */
#ifndef GUEST_SERIAL_H
#define GUEST_SERIAL_H

void serial_init(void);
void serial_putc(char c);

#endif /* GUEST_SERIAL_H */
