/*
 * 16550A UART (isa-serial) through the qtest protocol: register reset
 * values and access rules, the divisor latch, transmission to and
 * reception from a socket chardev, loopback, the FIFOs, and every
 * interrupt source seen on the UART's own output line
 * (irq_intercept_out), including the FIFO character timeout on the
 * virtual clock.
 *
 * Facts from the PC16550D datasheet; reset values as QEMU's
 * hw/char/serial.c (OUT2 set, modem inputs of an absent modem read as
 * connected).
 */
#include "qtest-pc.h"

#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define COM1 0x3f8
#define RBR 0
#define THR 0
#define IER 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define MSR 6
#define SCR 7
#define UART_PATH "/machine/peripheral/ser0"

/* 9600 baud (reset divisor 12 of 115200), 10 bits per character. */
#define CHAR_NS (1000000000LL / 9600 * 10)

struct uart {
    QTestState *qts;
    int host;           /* our end of the chardev socket */
    char *path;
};

static struct uart start(void)
{
    struct uart u = { .host = -1 };
    char *dir = g_dir_make_tmp("serial-test-XXXXXX", NULL);
    char *args;
    struct sockaddr_un addr = { .sun_family = AF_UNIX };

    u.path = g_build_filename(dir, "sock", NULL);
    g_free(dir);
    args = g_strdup_printf("-machine pc -nodefaults "
                           "-chardev socket,id=c0,path=%s,server=on,wait=off "
                           "-device isa-serial,id=ser0,chardev=c0", u.path);
    u.qts = pc_start(args);
    g_free(args);
    u.host = socket(AF_UNIX, SOCK_STREAM, 0);
    strcpy(addr.sun_path, u.path);
    g_assert(connect(u.host, (struct sockaddr *)&addr, sizeof(addr)) == 0);
    return u;
}

static void stop(struct uart *u)
{
    char *dir = g_path_get_dirname(u->path);

    qtest_quit(u->qts);
    close(u->host);
    unlink(u->path);
    rmdir(dir);
    g_free(dir);
    g_free(u->path);
}

static uint8_t rd(struct uart *u, int reg)
{
    return qtest_inb(u->qts, COM1 + reg);
}

static void wr(struct uart *u, int reg, uint8_t v)
{
    qtest_outb(u->qts, COM1 + reg, v);
}

static void assert_irq_events(struct uart *u, const char *want)
{
    char *ev = qtest_irq_events(u->qts);

    g_assert_cmpstr(ev, ==, want);
    g_free(ev);
}

/* Wait until the VMM's main loop delivered host bytes (DR set). */
static void wait_data_ready(struct uart *u)
{
    for (int i = 0; i < 500; i++) {
        if (rd(u, LSR) & 0x01) {
            return;
        }
        g_usleep(2000);
    }
    g_error("no received data");
}

static void test_reset_values(void)
{
    struct uart u = start();

    g_assert_cmphex(rd(&u, IER), ==, 0x00);
    g_assert_cmphex(rd(&u, IIR), ==, 0x01);
    g_assert_cmphex(rd(&u, LCR), ==, 0x00);
    g_assert_cmphex(rd(&u, MCR), ==, 0x08);
    g_assert_cmphex(rd(&u, LSR), ==, 0x60);
    g_assert_cmphex(rd(&u, MSR), ==, 0xb0);
    g_assert_cmphex(rd(&u, SCR), ==, 0x00);
    wr(&u, LCR, 0x80);
    g_assert_cmphex(rd(&u, RBR), ==, 12);
    g_assert_cmphex(rd(&u, IER), ==, 0);
    stop(&u);
}

static void test_register_access(void)
{
    struct uart u = start();

    wr(&u, SCR, 0xa5);
    g_assert_cmphex(rd(&u, SCR), ==, 0xa5);
    /* Unused bits of IER and MCR read as zero. */
    wr(&u, IER, 0xf0);
    g_assert_cmphex(rd(&u, IER), ==, 0x00);
    wr(&u, MCR, 0xe3);
    g_assert_cmphex(rd(&u, MCR), ==, 0x03);
    /* LSR and MSR ignore writes. */
    wr(&u, LSR, 0x00);
    g_assert_cmphex(rd(&u, LSR), ==, 0x60);
    /* The divisor latch shadows RBR/THR and IER while DLAB is set. */
    wr(&u, IER, 0x05);
    wr(&u, LCR, 0x83);
    wr(&u, 0, 0x01);
    wr(&u, 1, 0x02);
    g_assert_cmphex(rd(&u, 0), ==, 0x01);
    g_assert_cmphex(rd(&u, 1), ==, 0x02);
    g_assert_cmphex(rd(&u, LCR), ==, 0x83);
    wr(&u, LCR, 0x03);
    g_assert_cmphex(rd(&u, IER), ==, 0x05);
    /* A 16-bit read of RBR/IER is split into bytes by the bus. */
    g_assert_cmphex(qtest_inw(u.qts, COM1 + LCR), ==, 0x0303);
    stop(&u);
}

static void test_transmit(void)
{
    struct uart u = start();
    char buf[8] = { 0 };
    ssize_t n = 0;

    wr(&u, THR, 'h');
    wr(&u, THR, 'i');
    /* Transmission is instantaneous: THRE and TEMT are back at once. */
    g_assert_cmphex(rd(&u, LSR) & 0x60, ==, 0x60);
    while (n < 2) {
        ssize_t r = recv(u.host, buf + n, sizeof(buf) - n, 0);

        g_assert(r > 0);
        n += r;
    }
    g_assert_cmpstr(buf, ==, "hi");
    stop(&u);
}

static void test_receive(void)
{
    struct uart u = start();

    g_assert(send(u.host, "xyz", 3, 0) == 3);
    /* Without FIFOs one byte at a time reaches RBR. */
    for (const char *p = "xyz"; *p; p++) {
        wait_data_ready(&u);
        g_assert_cmphex(rd(&u, RBR), ==, *p);
    }
    g_assert_cmphex(rd(&u, LSR) & 0x01, ==, 0);

    /* With FIFOs, several bytes wait in the receiver. */
    wr(&u, FCR, 0x07);
    g_assert(send(u.host, "abcd", 4, 0) == 4);
    for (int i = 0; i < 500 && rd(&u, IIR) != 0xc1; i++) {
        g_usleep(1000);
    }
    wait_data_ready(&u);
    for (const char *p = "abcd"; *p; p++) {
        wait_data_ready(&u);
        g_assert_cmphex(rd(&u, RBR), ==, *p);
    }
    stop(&u);
}

static void test_loopback(void)
{
    struct uart u = start();

    wr(&u, MCR, 0x10);
    wr(&u, THR, 0x42);
    g_assert_cmphex(rd(&u, LSR), ==, 0x61);
    g_assert_cmphex(rd(&u, RBR), ==, 0x42);
    g_assert_cmphex(rd(&u, LSR), ==, 0x60);
    /* Non-FIFO overrun: the second byte replaces the first. */
    wr(&u, THR, 1);
    wr(&u, THR, 2);
    g_assert_cmphex(rd(&u, LSR), ==, 0x63);
    g_assert_cmphex(rd(&u, LSR), ==, 0x61);  /* OE clears on read */
    g_assert_cmphex(rd(&u, RBR), ==, 2);
    /* Modem outputs loop to inputs: DTR->DSR, RTS->CTS, OUT1->RI,
     * OUT2->DCD. */
    wr(&u, MCR, 0x11);
    g_assert_cmphex(rd(&u, MSR) & 0xf0, ==, 0x20);
    wr(&u, MCR, 0x12);
    g_assert_cmphex(rd(&u, MSR) & 0xf0, ==, 0x10);
    wr(&u, MCR, 0x14);
    g_assert_cmphex(rd(&u, MSR) & 0xf0, ==, 0x40);
    wr(&u, MCR, 0x18);
    g_assert_cmphex(rd(&u, MSR) & 0xf0, ==, 0x80);
    wr(&u, MCR, 0x1f);
    g_assert_cmphex(rd(&u, MSR) & 0xf0, ==, 0xf0);
    /* In loopback nothing goes out to the chardev. */
    {
        char c;

        g_assert(recv(u.host, &c, 1, MSG_DONTWAIT) < 0);
    }
    stop(&u);
}

static void test_fifo(void)
{
    struct uart u = start();

    wr(&u, FCR, 0x01);
    g_assert_cmphex(rd(&u, IIR), ==, 0xc1);
    wr(&u, MCR, 0x10);
    for (int i = 0; i < 16; i++) {
        wr(&u, THR, 0x30 + i);
    }
    g_assert_cmphex(rd(&u, LSR), ==, 0x61);
    /* The 17th byte overruns; the FIFO keeps the first 16. */
    wr(&u, THR, 0x99);
    g_assert_cmphex(rd(&u, LSR), ==, 0x63);
    for (int i = 0; i < 16; i++) {
        g_assert_cmphex(rd(&u, RBR), ==, 0x30 + i);
    }
    g_assert_cmphex(rd(&u, LSR), ==, 0x60);
    /* Reset of the receive FIFO drops what it holds. */
    wr(&u, THR, 1);
    wr(&u, THR, 2);
    wr(&u, FCR, 0x03);
    g_assert_cmphex(rd(&u, LSR), ==, 0x60);
    /* Disabling the FIFOs clears IIR's FIFO bits. */
    wr(&u, FCR, 0x00);
    g_assert_cmphex(rd(&u, IIR), ==, 0x01);
    stop(&u);
}

static void test_thre_interrupt(void)
{
    struct uart u = start();

    qtest_irq_intercept_out(u.qts, UART_PATH);
    wr(&u, IER, 0x02);
    assert_irq_events(&u, "IRQ raise 0");
    g_assert_cmphex(rd(&u, IIR), ==, 0x02);
    /* Reading IIR while it says THRE acknowledges it. */
    assert_irq_events(&u, "IRQ lower 0");
    g_assert_cmphex(rd(&u, IIR), ==, 0x01);
    /* Each transmitted byte empties THR again. */
    wr(&u, THR, 'x');
    assert_irq_events(&u, "IRQ raise 0");
    wr(&u, IER, 0x00);
    assert_irq_events(&u, "IRQ lower 0");
    g_assert_false(qtest_get_irq(u.qts, 0));
    stop(&u);
}

static void test_rx_interrupt(void)
{
    struct uart u = start();

    qtest_irq_intercept_out(u.qts, UART_PATH);
    wr(&u, MCR, 0x10);
    wr(&u, IER, 0x01);
    assert_irq_events(&u, "");
    wr(&u, THR, 'a');
    assert_irq_events(&u, "IRQ raise 0");
    g_assert_cmphex(rd(&u, IIR), ==, 0x04);
    g_assert_cmphex(rd(&u, RBR), ==, 'a');
    assert_irq_events(&u, "IRQ lower 0");

    /* From the chardev too. */
    wr(&u, MCR, 0x00);
    g_assert(send(u.host, "q", 1, 0) == 1);
    wait_data_ready(&u);
    g_assert_true(qtest_get_irq(u.qts, 0));
    g_assert_cmphex(rd(&u, RBR), ==, 'q');
    g_assert_false(qtest_get_irq(u.qts, 0));
    stop(&u);
}

/* FIFO trigger level, then the character timeout after 4 char times. */
static void test_fifo_trigger_and_timeout(void)
{
    struct uart u = start();

    qtest_irq_intercept_out(u.qts, UART_PATH);
    wr(&u, FCR, 0x41);          /* FIFO on, trigger at 4 bytes */
    wr(&u, MCR, 0x10);
    wr(&u, IER, 0x01);
    for (int i = 0; i < 3; i++) {
        wr(&u, THR, i);
    }
    assert_irq_events(&u, "");
    wr(&u, THR, 3);
    assert_irq_events(&u, "IRQ raise 0");
    g_assert_cmphex(rd(&u, IIR), ==, 0xc4);
    g_assert_cmphex(rd(&u, RBR), ==, 0);
    assert_irq_events(&u, "IRQ lower 0");

    /* 3 bytes below the trigger: only the timeout brings them up. */
    qtest_clock_step(u.qts, 4 * CHAR_NS - 1000);
    assert_irq_events(&u, "");
    qtest_clock_step(u.qts, 2000);
    assert_irq_events(&u, "IRQ raise 0");
    g_assert_cmphex(rd(&u, IIR), ==, 0xcc);
    g_assert_cmphex(rd(&u, RBR), ==, 1);
    assert_irq_events(&u, "IRQ lower 0");
    /* The timer restarts with each read. */
    qtest_clock_step_next(u.qts);
    assert_irq_events(&u, "IRQ raise 0");
    g_assert_cmphex(rd(&u, RBR), ==, 2);
    g_assert_cmphex(rd(&u, RBR), ==, 3);
    g_assert_cmphex(rd(&u, IIR), ==, 0xc1);
    assert_irq_events(&u, "IRQ lower 0");
    stop(&u);
}

/* Datasheet priorities: line status > data > THRE > modem status. */
static void test_interrupt_priority(void)
{
    struct uart u = start();

    qtest_irq_intercept_out(u.qts, UART_PATH);
    wr(&u, MCR, 0x10);
    wr(&u, IER, 0x0f);
    g_assert_cmphex(rd(&u, IIR), ==, 0x02);
    wr(&u, THR, 1);
    wr(&u, THR, 2);             /* overrun */
    wr(&u, MCR, 0x11);          /* DTR -> DSR changes */
    g_assert_cmphex(rd(&u, IIR), ==, 0x06);
    rd(&u, LSR);
    g_assert_cmphex(rd(&u, IIR), ==, 0x04);
    rd(&u, RBR);
    g_assert_cmphex(rd(&u, IIR), ==, 0x02);
    g_assert_cmphex(rd(&u, IIR), ==, 0x00);
    /* DSR now high; deltas: CTS and DCD dropped on entering loopback,
     * DSR dropped and came back. */
    g_assert_cmphex(rd(&u, MSR), ==, 0x2b);
    g_assert_cmphex(rd(&u, IIR), ==, 0x01);
    g_assert_false(qtest_get_irq(u.qts, 0));
    stop(&u);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("serial/reset-values", test_reset_values);
    qtest_add_func("serial/register-access", test_register_access);
    qtest_add_func("serial/transmit", test_transmit);
    qtest_add_func("serial/receive", test_receive);
    qtest_add_func("serial/loopback", test_loopback);
    qtest_add_func("serial/fifo", test_fifo);
    qtest_add_func("serial/thre-interrupt", test_thre_interrupt);
    qtest_add_func("serial/rx-interrupt", test_rx_interrupt);
    qtest_add_func("serial/fifo-trigger-and-timeout",
                   test_fifo_trigger_and_timeout);
    qtest_add_func("serial/interrupt-priority", test_interrupt_priority);
    return g_test_run();
}
