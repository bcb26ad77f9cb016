/*
 * isa-serial (16550A): every register through port I/O, FIFOs, interrupt
 * sources and their priority, loopback, and the chardev on both sides.
 */
#include "hw-test.h"
#include "hw/char/serial.h"
#include "../../../hw/char/serial_regs.h"

#include <sys/socket.h>

#define COM1 0x3f8
#define REG(r) (COM1 + (r))

static struct device *uart;
static struct irq_rec irq;

/* COM1 with no chardev (or chr), its IRQ recorded in irq. */
static void setup(struct chardev *chr)
{
    uart = serial_isa_create(0, chr);
    irq_rec_connect(&irq, uart, NULL, 0);
}

static uint8_t iir(void)
{
    return inb(REG(UART_IIR));
}

/* Put the UART in loopback with the given FCR; other MCR bits clear. */
static void loopback(uint8_t fcr)
{
    outb(REG(UART_FCR), fcr);
    outb(REG(UART_MCR), UART_MCR_LOOP);
    inb(REG(UART_MSR));     /* drop the deltas entering loopback made */
}

static void test_reset_values(void)
{
    setup(NULL);
    g_assert_cmphex(inb(REG(UART_RBR)), ==, 0);
    g_assert_cmphex(inb(REG(UART_IER)), ==, 0);
    g_assert_cmphex(inb(REG(UART_IIR)), ==, UART_IIR_NO_INT);
    g_assert_cmphex(inb(REG(UART_LCR)), ==, 0);
    g_assert_cmphex(inb(REG(UART_MCR)), ==, UART_MCR_OUT2);
    g_assert_cmphex(inb(REG(UART_LSR)), ==, UART_LSR_THRE | UART_LSR_TEMT);
    g_assert_cmphex(inb(REG(UART_MSR)), ==,
                    UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS);
    g_assert_cmphex(inb(REG(UART_SCR)), ==, 0);
    /* Divisor 12: 9600 baud from the 1.8432 MHz clock. */
    outb(REG(UART_LCR), UART_LCR_DLAB);
    g_assert_cmphex(inb(REG(UART_DLL)), ==, 12);
    g_assert_cmphex(inb(REG(UART_DLM)), ==, 0);
    g_assert_cmpint(irq.level, ==, 0);

    /* A machine reset puts everything back, including the line. */
    outb(REG(UART_LCR), 0x03);
    outb(REG(UART_SCR), 0x5a);
    outb(REG(UART_IER), UART_IER_ETBEI);
    g_assert_cmpint(irq.level, ==, 1);
    devices_reset_all();
    g_assert_cmpint(irq.level, ==, 0);
    g_assert_cmphex(inb(REG(UART_LCR)), ==, 0);
    g_assert_cmphex(inb(REG(UART_SCR)), ==, 0);
    g_assert_cmphex(inb(REG(UART_IER)), ==, 0);
}

static void test_plain_registers(void)
{
    setup(NULL);
    for (int v = 0; v < 256; v += 0x33) {
        outb(REG(UART_SCR), v);
        g_assert_cmphex(inb(REG(UART_SCR)), ==, v);
    }
    outb(REG(UART_LCR), 0x7f);      /* everything but DLAB */
    g_assert_cmphex(inb(REG(UART_LCR)), ==, 0x7f);
    outb(REG(UART_LCR), 0x03);
    /* IER and MCR keep only their defined bits. */
    outb(REG(UART_IER), 0xf0);
    g_assert_cmphex(inb(REG(UART_IER)), ==, 0);
    outb(REG(UART_MCR), 0xef);
    g_assert_cmphex(inb(REG(UART_MCR)), ==, 0x0f);
    /* LSR and MSR ignore writes. */
    outb(REG(UART_LSR), 0x00);
    g_assert_cmphex(inb(REG(UART_LSR)), ==, UART_LSR_THRE | UART_LSR_TEMT);
    outb(REG(UART_MSR), 0x00);
    g_assert_cmphex(inb(REG(UART_MSR)), ==, 0xb0);
}

static void test_dlab(void)
{
    char *dir = g_dir_make_tmp("serial-XXXXXX", NULL);
    char *path = g_build_filename(dir, "out", NULL);
    char *data;

    uart = serial_isa_create(0, hw_test_chardev("file,id=f,path=%s", path));
    outb(REG(UART_IER), UART_IER_ERBFI);
    outb(REG(UART_LCR), UART_LCR_DLAB | 0x03);
    /* With DLAB, offsets 0 and 1 are the divisor latch... */
    outb(REG(UART_DLL), 0x34);
    outb(REG(UART_DLM), 0x12);
    g_assert_cmphex(inb(REG(UART_DLL)), ==, 0x34);
    g_assert_cmphex(inb(REG(UART_DLM)), ==, 0x12);
    g_assert_cmphex(inb(REG(UART_LCR)), ==, UART_LCR_DLAB | 0x03);
    /* ...and nothing was transmitted or enabled. */
    g_assert_cmphex(inb(REG(UART_LSR)), ==, UART_LSR_THRE | UART_LSR_TEMT);
    outb(REG(UART_LCR), 0x03);
    g_assert_cmphex(inb(REG(UART_IER)), ==, UART_IER_ERBFI);
    outb(REG(UART_THR), 'x');
    data = hw_test_read_file(path);
    g_assert_cmpstr(data, ==, "x");
    g_free(data);
    hw_test_clean();
    unlink(path);
    rmdir(dir);
    g_free(path);
    g_free(dir);
}

static void test_output_file(void)
{
    char *dir = g_dir_make_tmp("serial-XXXXXX", NULL);
    char *path = g_build_filename(dir, "out", NULL);
    const char *msg = "Hello, 16550A!\r\n";
    char *data;

    setup(hw_test_chardev("file,id=f,path=%s", path));
    /* Bootloaders write without any setup; FIFO mode must not matter. */
    for (const char *p = msg; *p; p++) {
        if (p == msg + 5) {
            outb(REG(UART_FCR), UART_FCR_FIFO_ENABLE);
        }
        outb(REG(UART_THR), *p);
        /* The line is infinitely fast: empty again at once. */
        g_assert_cmphex(inb(REG(UART_LSR)) &
                        (UART_LSR_THRE | UART_LSR_TEMT), ==,
                        UART_LSR_THRE | UART_LSR_TEMT);
    }
    data = hw_test_read_file(path);
    g_assert_cmpstr(data, ==, msg);
    g_free(data);
    hw_test_clean();
    unlink(path);
    rmdir(dir);
    g_free(path);
    g_free(dir);
}

static void test_thre_interrupt(void)
{
    setup(NULL);
    /* Enabling ETBEI with THR empty raises THRE at once. */
    outb(REG(UART_IER), UART_IER_ETBEI);
    g_assert_cmpint(irq.level, ==, 1);
    g_assert_cmphex(iir(), ==, UART_IIR_THRI);
    /* That IIR read cleared it. */
    g_assert_cmpint(irq.level, ==, 0);
    g_assert_cmphex(iir(), ==, UART_IIR_NO_INT);
    /* A THR write clears and (transmitting at once) re-arms it. */
    outb(REG(UART_THR), 'a');
    g_assert_cmpint(irq.level, ==, 1);
    g_assert_cmpint(irq.raises, ==, 2);
    /* Re-enabling ETBEI re-samples THRE even after an IIR read. */
    g_assert_cmphex(iir(), ==, UART_IIR_THRI);
    outb(REG(UART_IER), 0);
    outb(REG(UART_IER), UART_IER_ETBEI);
    g_assert_cmpint(irq.level, ==, 1);
    /* Masking it drops the line and forgets it. */
    outb(REG(UART_IER), 0);
    g_assert_cmpint(irq.level, ==, 0);
    g_assert_cmphex(iir(), ==, UART_IIR_NO_INT);
    /* Writing the same IER again changes nothing. */
    outb(REG(UART_IER), 0);
    g_assert_cmpint(irq.level, ==, 0);
}

/* QEMU does not gate the line with MCR.OUT2; neither do we. */
static void test_out2_does_not_gate(void)
{
    setup(NULL);
    outb(REG(UART_MCR), 0);
    outb(REG(UART_IER), UART_IER_ETBEI);
    g_assert_cmpint(irq.level, ==, 1);
    outb(REG(UART_MCR), UART_MCR_OUT2);
    g_assert_cmpint(irq.level, ==, 1);
    outb(REG(UART_MCR), 0);
    g_assert_cmpint(irq.level, ==, 1);
}

static void test_loopback_no_fifo(void)
{
    setup(NULL);
    loopback(0);
    outb(REG(UART_IER), UART_IER_ERBFI);
    outb(REG(UART_THR), 0x41);
    g_assert_cmphex(inb(REG(UART_LSR)), ==,
                    UART_LSR_DR | UART_LSR_THRE | UART_LSR_TEMT);
    g_assert_cmpint(irq.level, ==, 1);
    g_assert_cmphex(iir(), ==, UART_IIR_RDI);
    /* A second byte before the first is read: overrun, newest kept. */
    outb(REG(UART_THR), 0x42);
    g_assert_cmphex(inb(REG(UART_LSR)), ==, UART_LSR_DR | UART_LSR_OE |
                    UART_LSR_THRE | UART_LSR_TEMT);
    /* The LSR read cleared OE. */
    g_assert_cmphex(inb(REG(UART_LSR)) & UART_LSR_OE, ==, 0);
    g_assert_cmphex(inb(REG(UART_RBR)), ==, 0x42);
    g_assert_cmphex(inb(REG(UART_LSR)) & UART_LSR_DR, ==, 0);
    g_assert_cmpint(irq.level, ==, 0);
    g_assert_cmphex(iir(), ==, UART_IIR_NO_INT);
}

static void test_fifo_fill_and_overrun(void)
{
    setup(NULL);
    outb(REG(UART_FCR), UART_FCR_FIFO_ENABLE);
    g_assert_cmphex(iir() & UART_IIR_FIFO_ENABLED, ==,
                    UART_IIR_FIFO_ENABLED);
    loopback(UART_FCR_FIFO_ENABLE);
    for (int i = 0; i < UART_FIFO_LENGTH; i++) {
        outb(REG(UART_THR), 'a' + i);
    }
    g_assert_cmphex(inb(REG(UART_LSR)) & (UART_LSR_DR | UART_LSR_OE), ==,
                    UART_LSR_DR);
    /* The 17th is lost and flagged; the FIFO keeps its 16. */
    outb(REG(UART_THR), 'Z');
    g_assert_cmphex(inb(REG(UART_LSR)) & UART_LSR_OE, ==, UART_LSR_OE);
    g_assert_cmphex(inb(REG(UART_LSR)) & UART_LSR_OE, ==, 0);
    for (int i = 0; i < UART_FIFO_LENGTH; i++) {
        g_assert_cmphex(inb(REG(UART_LSR)) & UART_LSR_DR, ==, UART_LSR_DR);
        g_assert_cmphex(inb(REG(UART_RBR)), ==, 'a' + i);
    }
    g_assert_cmphex(inb(REG(UART_LSR)) & UART_LSR_DR, ==, 0);
    /* Reading an empty FIFO gives 0. */
    g_assert_cmphex(inb(REG(UART_RBR)), ==, 0);
}

static void test_fcr_resets(void)
{
    setup(NULL);
    loopback(UART_FCR_FIFO_ENABLE);
    outb(REG(UART_THR), 1);
    outb(REG(UART_THR), 2);
    /* RCVR reset empties the receive FIFO. */
    outb(REG(UART_FCR), UART_FCR_FIFO_ENABLE | UART_FCR_RCVR_RESET);
    g_assert_cmphex(inb(REG(UART_LSR)) & UART_LSR_DR, ==, 0);
    /* The reset bits do not stick: IIR still says FIFOs on. */
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_NO_INT);
    /* Turning the FIFOs off flushes them too. */
    outb(REG(UART_THR), 3);
    outb(REG(UART_FCR), 0);
    g_assert_cmphex(inb(REG(UART_LSR)) & UART_LSR_DR, ==, 0);
    g_assert_cmphex(iir(), ==, UART_IIR_NO_INT);
    /* XMIT reset re-arms THRE. */
    outb(REG(UART_FCR), UART_FCR_FIFO_ENABLE);
    outb(REG(UART_IER), UART_IER_ETBEI);
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_THRI);
    g_assert_cmpint(irq.level, ==, 0);
    outb(REG(UART_FCR), UART_FCR_FIFO_ENABLE | UART_FCR_XMIT_RESET);
    g_assert_cmpint(irq.level, ==, 1);
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_THRI);
}

static void test_trigger_levels(void)
{
    static const struct {
        uint8_t fcr;
        int level;
    } t[] = {
        { UART_FCR_TRIGGER_1, 1 },
        { UART_FCR_TRIGGER_4, 4 },
        { UART_FCR_TRIGGER_8, 8 },
        { UART_FCR_TRIGGER_14, 14 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
        hw_test_clean();
        setup(NULL);
        loopback(UART_FCR_FIFO_ENABLE | t[i].fcr);
        outb(REG(UART_IER), UART_IER_ERBFI);
        for (int n = 1; n < t[i].level; n++) {
            outb(REG(UART_THR), n);
        }
        /* Below the trigger: data ready, but no interrupt yet. */
        g_assert_cmpint(irq.level, ==, 0);
        g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_NO_INT);
        outb(REG(UART_THR), 0xee);
        g_assert_cmpint(irq.level, ==, 1);
        g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_RDI);
        /* One read takes it back below the trigger. */
        inb(REG(UART_RBR));
        g_assert_cmpint(irq.level, ==, 0);
    }
}

static void test_char_timeout(void)
{
    /* 115200 baud, 8N1: 10 bits of 8680 ns; the timeout is 4 chars. */
    const int64_t four_chars = 4 * 10 * (NANOSECONDS_PER_SECOND / 115200);
    int64_t now;

    setup(NULL);
    outb(REG(UART_LCR), UART_LCR_DLAB);
    outb(REG(UART_DLL), 1);
    outb(REG(UART_DLM), 0);
    outb(REG(UART_LCR), 0x03);
    loopback(UART_FCR_FIFO_ENABLE | UART_FCR_TRIGGER_14);
    outb(REG(UART_IER), UART_IER_ERBFI);
    now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    outb(REG(UART_THR), 'a');
    outb(REG(UART_THR), 'b');
    qemu_clock_advance_virtual(now + four_chars - 1);
    g_assert_cmpint(irq.level, ==, 0);
    qemu_clock_advance_virtual(now + four_chars);
    g_assert_cmpint(irq.level, ==, 1);
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_CTI);
    /* Reading a byte clears it and restarts the timer for the rest. */
    g_assert_cmphex(inb(REG(UART_RBR)), ==, 'a');
    g_assert_cmpint(irq.level, ==, 0);
    now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    qemu_clock_advance_virtual(now + four_chars);
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_CTI);
    g_assert_cmphex(inb(REG(UART_RBR)), ==, 'b');
    /* Empty: the timer does nothing any more. */
    qemu_clock_advance_virtual(now + 10 * four_chars);
    g_assert_cmpint(irq.level, ==, 0);

    /* Masked by IER.ERBFI, as on real parts and QEMU. */
    outb(REG(UART_IER), 0);
    outb(REG(UART_THR), 'c');
    qemu_clock_advance_virtual(now + 20 * four_chars);
    g_assert_cmpint(irq.level, ==, 0);
    outb(REG(UART_IER), UART_IER_ERBFI);
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_CTI);
}

/* The timeout follows the programmed frame: 7E2 at 9600 is 11 bits. */
static void test_char_timeout_frame(void)
{
    const int64_t four_chars = 4 * 11 * (NANOSECONDS_PER_SECOND / 9600);
    int64_t now;

    setup(NULL);
    /* 7 data bits, even parity, 2 stop bits. */
    outb(REG(UART_LCR), 0x02 | UART_LCR_STB | UART_LCR_PEN | UART_LCR_EPS);
    loopback(UART_FCR_FIFO_ENABLE | UART_FCR_TRIGGER_8);
    outb(REG(UART_IER), UART_IER_ERBFI);
    now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    outb(REG(UART_THR), 'a');
    qemu_clock_advance_virtual(now + four_chars - 1);
    g_assert_cmpint(irq.level, ==, 0);
    qemu_clock_advance_virtual(now + four_chars);
    g_assert_cmpint(irq.level, ==, 1);
}

static void test_priorities(void)
{
    setup(NULL);
    loopback(UART_FCR_FIFO_ENABLE);
    outb(REG(UART_IER), UART_IER_MASK);
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_THRI);
    /* Modem status: a loopback line change. */
    outb(REG(UART_MCR), UART_MCR_LOOP | UART_MCR_RTS);
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_MSI);
    /* Received data (and THRE re-armed by the writes), then an overrun. */
    for (int i = 0; i <= UART_FIFO_LENGTH; i++) {
        outb(REG(UART_THR), i);
    }
    g_assert_cmpint(irq.level, ==, 1);
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_RLSI);
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_RLSI);
    /* Each source goes away in the way the datasheet says, in order. */
    inb(REG(UART_LSR));
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_RDI);
    while (inb(REG(UART_LSR)) & UART_LSR_DR) {
        inb(REG(UART_RBR));
    }
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_THRI);
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_MSI);
    g_assert_cmpint(irq.level, ==, 1);
    inb(REG(UART_MSR));
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_NO_INT);
    g_assert_cmpint(irq.level, ==, 0);
}

static void test_loopback_modem_lines(void)
{
    static const struct {
        uint8_t out;
        uint8_t in;
        uint8_t delta;
    } map[] = {
        { UART_MCR_DTR, UART_MSR_DSR, UART_MSR_DDSR },
        { UART_MCR_RTS, UART_MSR_CTS, UART_MSR_DCTS },
        { UART_MCR_OUT1, UART_MSR_RI, 0 },      /* TERI: falling edge only */
        { UART_MCR_OUT2, UART_MSR_DCD, UART_MSR_DDCD },
    };

    setup(NULL);
    /* Entering loopback: the inputs drop from DCD|DSR|CTS to nothing. */
    outb(REG(UART_MCR), UART_MCR_LOOP);
    g_assert_cmphex(inb(REG(UART_MSR)), ==,
                    UART_MSR_DDCD | UART_MSR_DDSR | UART_MSR_DCTS);
    g_assert_cmphex(inb(REG(UART_MSR)), ==, 0);
    outb(REG(UART_IER), UART_IER_EDSSI);
    for (size_t i = 0; i < ARRAY_SIZE(map); i++) {
        outb(REG(UART_MCR), UART_MCR_LOOP | map[i].out);
        g_assert_cmphex(inb(REG(UART_MSR)), ==, map[i].in | map[i].delta);
        g_assert_cmpint(irq.level, ==, 0);
        outb(REG(UART_MCR), UART_MCR_LOOP);
        g_assert_cmpint(irq.level, ==, 1);
        g_assert_cmphex(iir(), ==, UART_IIR_MSI);
        /* Falling edge: RI gives TERI, the others their delta again. */
        g_assert_cmphex(inb(REG(UART_MSR)), ==,
                        map[i].delta ? map[i].delta : UART_MSR_TERI);
        g_assert_cmpint(irq.level, ==, 0);
    }
    /* Leaving loopback: a connected modem again. */
    outb(REG(UART_MCR), UART_MCR_LOOP | 0x0f);
    inb(REG(UART_MSR));
    outb(REG(UART_MCR), 0x0f);
    g_assert_cmphex(inb(REG(UART_MSR)), ==,
                    UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS |
                    UART_MSR_TERI);
    /* Linux's autoconfig probe: MCR = LOOP|0x0a must read MSR 0x9x. */
    outb(REG(UART_MCR), UART_MCR_LOOP | 0x0a);
    g_assert_cmphex(inb(REG(UART_MSR)) & 0xf0, ==, 0x90);
}

/* ---- the chardev on a socket pair ---- */

struct sock_uart {
    int peer;               /* the test's end */
};

static bool lsr_has_dr(void *opaque)
{
    return inb(REG(UART_LSR)) & UART_LSR_DR;
}

static struct sock_uart sock_setup(void)
{
    int sv[2];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
                    ==, 0);
    setup(hw_test_chardev("socket,id=s,fd=%d", sv[0]));
    return (struct sock_uart){ .peer = sv[1] };
}

/* Read everything the guest can see within ms, draining as a driver. */
static GString *drain_rx(int ms)
{
    GString *got = g_string_new(NULL);

    while (hw_test_wait(lsr_has_dr, NULL, ms)) {
        g_string_append_c(got, inb(REG(UART_RBR)));
    }
    return got;
}

static void test_chardev_output_socket(void)
{
    struct sock_uart su = sock_setup();
    char buf[8] = { 0 };

    outb(REG(UART_THR), 'o');
    outb(REG(UART_THR), 'k');
    g_assert_cmpint(read(su.peer, buf, sizeof(buf)), ==, 2);
    g_assert_cmpstr(buf, ==, "ok");
    hw_test_clean();
    close(su.peer);
}

static void test_chardev_input(void)
{
    const char *msg = "0123456789abcdefghijklmnopqrstuvwxyz";
    struct sock_uart su = sock_setup();
    GString *got;

    /* FIFOs off: one byte at a time, never an overrun. */
    outb(REG(UART_IER), UART_IER_ERBFI);
    g_assert_cmpint(write(su.peer, msg, 10), ==, 10);
    g_assert_true(hw_test_wait(lsr_has_dr, NULL, 2000));
    g_assert_cmpint(irq.level, ==, 1);
    g_assert_cmphex(iir(), ==, UART_IIR_RDI);
    got = drain_rx(200);
    g_assert_cmpstr(got->str, ==, "0123456789");
    g_string_free(got, TRUE);

    /* FIFOs on, trigger 4: the chardev offers up to the trigger level. */
    outb(REG(UART_FCR), UART_FCR_FIFO_ENABLE | UART_FCR_TRIGGER_4);
    g_assert_cmpint(write(su.peer, msg, strlen(msg)), ==, (int)strlen(msg));
    g_assert_true(hw_test_wait(lsr_has_dr, NULL, 2000));
    hw_test_settle(50);
    g_assert_cmphex(iir(), ==, UART_IIR_FIFO_ENABLED | UART_IIR_RDI);
    g_assert_cmphex(inb(REG(UART_LSR)) & UART_LSR_OE, ==, 0);
    got = drain_rx(200);
    g_assert_cmpstr(got->str, ==, msg);
    g_string_free(got, TRUE);

    /* Loopback disconnects the input: the bytes wait in the socket. */
    outb(REG(UART_MCR), UART_MCR_LOOP);
    g_assert_cmpint(write(su.peer, "late", 4), ==, 4);
    hw_test_settle(100);
    g_assert_cmphex(inb(REG(UART_LSR)) & UART_LSR_DR, ==, 0);
    outb(REG(UART_MCR), UART_MCR_OUT2);
    got = drain_rx(500);
    g_assert_cmpstr(got->str, ==, "late");
    g_string_free(got, TRUE);
    hw_test_clean();
    close(su.peer);
}

/* ---- properties and creation ---- */

static char *prop(struct device *dev, const char *name)
{
    return device_get_prop(dev, name, NULL);
}

static void assert_port(struct device *dev, const char *index,
                        const char *iobase, const char *irqn)
{
    char *v;

    v = prop(dev, "index");
    g_assert_cmpstr(v, ==, index);
    g_free(v);
    v = prop(dev, "iobase");
    g_assert_cmpstr(v, ==, iobase);
    g_free(v);
    v = prop(dev, "irq");
    g_assert_cmpstr(v, ==, irqn);
    g_free(v);
}

static void test_properties(void)
{
    Error *err = NULL;
    struct device *d[4];
    struct chardev *chr;

    /* Defaults: -1, resolved at realize and written back. */
    d[0] = device_new(TYPE_ISA_SERIAL, NULL);
    assert_port(d[0], "4294967295", "4294967295", "4294967295");
    g_assert_cmpint(device_realize(d[0], NULL), ==, 0);
    assert_port(d[0], "0", "1016", "4");
    d[1] = hw_test_create(TYPE_ISA_SERIAL, NULL, "index=2", NULL);
    assert_port(d[1], "2", "1000", "4");
    /* The next one without an index takes the lowest free: COM2. */
    d[2] = hw_test_create(TYPE_ISA_SERIAL, NULL, NULL);
    assert_port(d[2], "1", "760", "3");
    g_assert_cmpuint(serial_isa_irq(d[2]), ==, 3);
    d[3] = hw_test_create(TYPE_ISA_SERIAL, NULL, NULL);
    assert_port(d[3], "3", "744", "3");
    g_assert_nonnull(address_space_lookup(&address_space_io, 0x2ef));
    g_assert_null(hw_test_create(TYPE_ISA_SERIAL, &err, NULL));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Max. supported number of ISA serial ports is 4.");
    error_free(err);
    err = NULL;

    hw_test_clean();
    /* Explicit iobase/irq win over the index table. */
    d[0] = hw_test_create(TYPE_ISA_SERIAL, NULL, "index=1", "iobase=0x100",
                          "irq=7", "baudbase=1843200", NULL);
    assert_port(d[0], "1", "256", "7");
    g_assert_nonnull(address_space_lookup(&address_space_io, 0x107));
    g_assert_null(address_space_lookup(&address_space_io, 0x2f8));
    g_assert_null(hw_test_create(TYPE_ISA_SERIAL, &err, "irq=16", NULL));
    error_free(err);
    err = NULL;
    /* Overlapping ports are refused. */
    g_assert_null(hw_test_create(TYPE_ISA_SERIAL, &err, "iobase=0x104",
                                 NULL));
    error_free(err);
    err = NULL;

    /* A chardev has one front end. */
    chr = hw_test_chardev("null,id=n");
    g_assert_nonnull(serial_isa_create(0, chr));
    g_assert_null(hw_test_create(TYPE_ISA_SERIAL, &err, "chardev=n",
                                 "index=3", NULL));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'isa-serial.chardev' can't take value 'n', "
                    "it's in use");
    error_free(err);
    hw_test_clean();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    HW_TEST_ADD("/serial/reset-values", test_reset_values);
    HW_TEST_ADD("/serial/plain-registers", test_plain_registers);
    HW_TEST_ADD("/serial/dlab", test_dlab);
    HW_TEST_ADD("/serial/output-file", test_output_file);
    HW_TEST_ADD("/serial/thre-interrupt", test_thre_interrupt);
    HW_TEST_ADD("/serial/out2-does-not-gate", test_out2_does_not_gate);
    HW_TEST_ADD("/serial/loopback-no-fifo", test_loopback_no_fifo);
    HW_TEST_ADD("/serial/fifo-fill-overrun", test_fifo_fill_and_overrun);
    HW_TEST_ADD("/serial/fcr-resets", test_fcr_resets);
    HW_TEST_ADD("/serial/trigger-levels", test_trigger_levels);
    HW_TEST_ADD("/serial/char-timeout", test_char_timeout);
    HW_TEST_ADD("/serial/char-timeout-frame", test_char_timeout_frame);
    HW_TEST_ADD("/serial/priorities", test_priorities);
    HW_TEST_ADD("/serial/loopback-modem-lines", test_loopback_modem_lines);
    HW_TEST_ADD("/serial/chardev-output-socket", test_chardev_output_socket);
    HW_TEST_ADD("/serial/chardev-input", test_chardev_input);
    HW_TEST_ADD("/serial/properties", test_properties);
    return g_test_run();
}
