/*
 * 16550A UART registers, named as in the National Semiconductor PC16550D
 * datasheet (offsets from the port base; DLAB is LCR bit 7).
 */
#ifndef HW_CHAR_SERIAL_REGS_H
#define HW_CHAR_SERIAL_REGS_H

/* Register offsets. */
#define UART_RBR 0 /* receiver buffer (read, DLAB=0) */
#define UART_THR 0 /* transmitter holding (write, DLAB=0) */
#define UART_DLL 0 /* divisor latch LSB (DLAB=1) */
#define UART_IER 1 /* interrupt enable (DLAB=0) */
#define UART_DLM 1 /* divisor latch MSB (DLAB=1) */
#define UART_IIR 2 /* interrupt identification (read) */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define UART_MSR 6 /* modem status */
#define UART_SCR 7 /* scratch */
#define UART_REG_COUNT 8

/* IER */
#define UART_IER_ERBFI 0x01 /* received data available */
#define UART_IER_ETBEI 0x02 /* transmitter holding register empty */
#define UART_IER_ELSI 0x04  /* receiver line status */
#define UART_IER_EDSSI 0x08 /* modem status */
#define UART_IER_MASK 0x0f  /* bits 4-7 always read 0 */

/* IIR: bit 0 clear means "interrupt pending"; bits 1-3 the source. */
#define UART_IIR_NO_INT 0x01
#define UART_IIR_ID_MASK 0x0e
#define UART_IIR_MSI 0x00   /* modem status (priority 4) */
#define UART_IIR_THRI 0x02  /* THR empty (priority 3) */
#define UART_IIR_RDI 0x04   /* received data available (priority 2) */
#define UART_IIR_RLSI 0x06  /* receiver line status (priority 1) */
#define UART_IIR_CTI 0x0c   /* character timeout (priority 2) */
#define UART_IIR_FIFO_ENABLED 0xc0 /* both set when FCR bit 0 is set */

/* FCR */
#define UART_FCR_FIFO_ENABLE 0x01
#define UART_FCR_RCVR_RESET 0x02
#define UART_FCR_XMIT_RESET 0x04
#define UART_FCR_DMA_MODE 0x08
#define UART_FCR_TRIGGER_MASK 0xc0
#define UART_FCR_TRIGGER_1 0x00
#define UART_FCR_TRIGGER_4 0x40
#define UART_FCR_TRIGGER_8 0x80
#define UART_FCR_TRIGGER_14 0xc0
/* The bits that stick; the reset bits are self-clearing. */
#define UART_FCR_STORED (UART_FCR_TRIGGER_MASK | UART_FCR_DMA_MODE | \
                         UART_FCR_FIFO_ENABLE)

/* LCR */
#define UART_LCR_WLS_MASK 0x03 /* word length select: 5 + value bits */
#define UART_LCR_STB 0x04      /* 2 stop bits (1.5 for 5-bit words) */
#define UART_LCR_PEN 0x08      /* parity enable */
#define UART_LCR_EPS 0x10      /* even parity */
#define UART_LCR_SPAR 0x20     /* stick parity */
#define UART_LCR_SBRK 0x40     /* set break */
#define UART_LCR_DLAB 0x80     /* divisor latch access */

/* MCR */
#define UART_MCR_DTR 0x01
#define UART_MCR_RTS 0x02
#define UART_MCR_OUT1 0x04
#define UART_MCR_OUT2 0x08
#define UART_MCR_LOOP 0x10
#define UART_MCR_MASK 0x1f  /* bits 5-7 always read 0 */

/* LSR */
#define UART_LSR_DR 0x01    /* data ready */
#define UART_LSR_OE 0x02    /* overrun error */
#define UART_LSR_PE 0x04    /* parity error */
#define UART_LSR_FE 0x08    /* framing error */
#define UART_LSR_BI 0x10    /* break interrupt */
#define UART_LSR_THRE 0x20  /* THR (or transmit FIFO) empty */
#define UART_LSR_TEMT 0x40  /* THR and shift register empty */
#define UART_LSR_RCVR_FIFO_ERR 0x80 /* error in the receive FIFO */
/* The conditions behind the receiver line status interrupt. */
#define UART_LSR_INT_ANY (UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | \
                          UART_LSR_BI)

/* MSR: inputs in the high nibble, their change ("delta") bits below. */
#define UART_MSR_DCTS 0x01  /* delta CTS */
#define UART_MSR_DDSR 0x02  /* delta DSR */
#define UART_MSR_TERI 0x04  /* trailing edge of RI (1 -> 0) */
#define UART_MSR_DDCD 0x08  /* delta DCD */
#define UART_MSR_CTS 0x10
#define UART_MSR_DSR 0x20
#define UART_MSR_RI 0x40
#define UART_MSR_DCD 0x80
#define UART_MSR_ANY_DELTA 0x0f
#define UART_MSR_INPUTS 0xf0

/* The 16550A FIFOs hold 16 characters each. */
#define UART_FIFO_LENGTH 16

#endif
