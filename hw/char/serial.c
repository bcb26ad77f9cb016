/*
 * 16550A UART on the ISA bus ("isa-serial"), register-compatible with QEMU.
 *
 * Transmission is instantaneous: a byte written to THR goes to the chardev
 * (or, in loopback, into the receiver) before the write returns, so THRE
 * and TEMT are set again right away and the THRE interrupt re-arms. The
 * receiver takes bytes from the chardev on the main loop; in FIFO mode the
 * character-timeout interrupt comes from a virtual-clock timer armed for
 * four character times at the programmed line settings, as in QEMU.
 *
 * Modem lines: with no tty behind the chardev the inputs read as a
 * connected modem (DCD, DSR, CTS). In loopback the inputs follow the
 * outputs (DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD) and, as the datasheet
 * says, changes set the MSR delta bits; QEMU computes loopback MSR without
 * delta bits. OUT2 does not gate the interrupt line (QEMU does not either;
 * on a PC the gate sits between the UART and the PIC).
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "chardev/char.h"
#include "hw/core/device.h"
#include "hw/char/serial.h"
#include "serial_regs.h"

#define SERIAL_BAUDBASE_DEFAULT 115200
#define SERIAL_RESET_DIVISOR 12          /* 9600 baud from 115200 */
#define SERIAL_RESET_FRAME_BITS 10       /* start + 8N1 */
#define SERIAL_TIMEOUT_CHARS 4           /* datasheet: 4 character times */

static const uint16_t isa_serial_io[MAX_ISA_SERIAL_PORTS] = {
    0x3f8, 0x2f8, 0x3e8, 0x2e8,
};
static const uint8_t isa_serial_irq[MAX_ISA_SERIAL_PORTS] = { 4, 3, 4, 3 };

struct serial_fifo {
    uint8_t data[UART_FIFO_LENGTH];  /* ring buffer */
    uint8_t head;                    /* slot of the oldest byte */
    uint8_t count;                   /* bytes held */
};

/* The guest-visible state: everything a reset sets. */
struct serial_regs {
    uint8_t rbr;              /* receive buffer (FIFOs disabled) */
    uint8_t ier;              /* interrupt enable, low nibble */
    uint8_t iir;              /* identification as last computed */
    uint8_t fcr;              /* FIFO control, sticky bits only */
    uint8_t lcr;              /* line control */
    uint8_t mcr;              /* modem control, low 5 bits */
    uint8_t lsr;              /* line status */
    uint8_t msr;              /* modem inputs (high nibble) + deltas */
    uint8_t scr;              /* scratch */
    uint16_t divisor;         /* divisor latch DLM:DLL */
    uint8_t rx_trigger;       /* RX FIFO trigger level, in bytes */
    bool thr_ipending;        /* THRE interrupt armed */
    bool timeout_ipending;    /* character timeout indication */
    int64_t char_time_ns;     /* one character at the current settings */
    struct serial_fifo rx;    /* receiver FIFO */
    struct serial_fifo tx;    /* transmitter FIFO (drained at once) */
};

struct serial_state {
    struct device parent;
    uint32_t index;                  /* "index": 0..3 = COM1..COM4 */
    uint32_t iobase;                 /* "iobase": first of 8 ports */
    uint32_t isairq;                 /* "irq": ISA IRQ number */
    struct chardev *chr;             /* "chardev": backend, may be NULL */
    uint32_t baudbase;               /* "baudbase": clock / 16 */
    bool wakeup;                     /* "wakeup": accepted, no effect */
    qemu_irq irq;                    /* output GPIO 0: the interrupt */
    struct mem_region io;            /* the 8 registers */
    struct qemu_timer *rx_timeout;   /* character timeout, virtual clock */
    struct serial_regs r;            /* registers, under parent.lock */
};

static const struct device_class isa_serial_class;

/* ---- FIFOs ---- */

static void fifo_push(struct serial_fifo *f, uint8_t b)
{
    f->data[(f->head + f->count) % UART_FIFO_LENGTH] = b;
    f->count++;
}

static uint8_t fifo_pop(struct serial_fifo *f)
{
    uint8_t b = f->data[f->head];

    f->head = (f->head + 1) % UART_FIFO_LENGTH;
    f->count--;
    return b;
}

static bool fifo_full(const struct serial_fifo *f)
{
    return f->count == UART_FIFO_LENGTH;
}

static bool fifo_mode(struct serial_state *s)
{
    return s->r.fcr & UART_FCR_FIFO_ENABLE;
}

/* ---- interrupts and modem lines ---- */

/* Datasheet priority: line status > data / timeout > THRE > modem status. */
static void serial_update_irq_locked(struct serial_state *s)
{
    struct serial_regs *r = &s->r;
    uint8_t id = UART_IIR_NO_INT;

    if ((r->ier & UART_IER_ELSI) && (r->lsr & UART_LSR_INT_ANY)) {
        id = UART_IIR_RLSI;
    } else if ((r->ier & UART_IER_ERBFI) && r->timeout_ipending) {
        id = UART_IIR_CTI;
    } else if ((r->ier & UART_IER_ERBFI) && (r->lsr & UART_LSR_DR) &&
               (!fifo_mode(s) || r->rx.count >= r->rx_trigger)) {
        id = UART_IIR_RDI;
    } else if ((r->ier & UART_IER_ETBEI) && r->thr_ipending) {
        id = UART_IIR_THRI;
    } else if ((r->ier & UART_IER_EDSSI) && (r->msr & UART_MSR_ANY_DELTA)) {
        id = UART_IIR_MSI;
    }
    r->iir = id | (fifo_mode(s) ? UART_IIR_FIFO_ENABLED : 0);
    qemu_set_irq(s->irq, id != UART_IIR_NO_INT);
}

/* What the modem input pins see. */
static uint8_t serial_modem_inputs(struct serial_state *s)
{
    uint8_t mcr = s->r.mcr;
    uint8_t in = 0;

    if (!(mcr & UART_MCR_LOOP)) {
        return UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
    }
    in |= (mcr & UART_MCR_DTR) ? UART_MSR_DSR : 0;
    in |= (mcr & UART_MCR_RTS) ? UART_MSR_CTS : 0;
    in |= (mcr & UART_MCR_OUT1) ? UART_MSR_RI : 0;
    in |= (mcr & UART_MCR_OUT2) ? UART_MSR_DCD : 0;
    return in;
}

/* Latch new input levels, setting the delta bits for the ones that moved. */
static void serial_set_modem_inputs_locked(struct serial_state *s, uint8_t in)
{
    uint8_t old = s->r.msr & UART_MSR_INPUTS;
    uint8_t delta = (old ^ in) >> 4;

    /* TERI reports only the trailing edge of RI (on -> off). */
    if (in & UART_MSR_RI) {
        delta &= ~UART_MSR_TERI;
    }
    s->r.msr = in | (s->r.msr & UART_MSR_ANY_DELTA) | delta;
}

/* ---- line settings ---- */

static void serial_update_params_locked(struct serial_state *s)
{
    uint8_t lcr = s->r.lcr;
    int frame_bits;

    if (s->r.divisor == 0 || s->r.divisor > s->baudbase) {
        return;    /* keep the last sensible setting, as QEMU does */
    }
    frame_bits = 1 + 5 + (lcr & UART_LCR_WLS_MASK) +
                 ((lcr & UART_LCR_PEN) ? 1 : 0) +
                 ((lcr & UART_LCR_STB) ? 2 : 1);
    s->r.char_time_ns = NANOSECONDS_PER_SECOND /
                        (s->baudbase / s->r.divisor) * frame_bits;
}

static void serial_arm_timeout_locked(struct serial_state *s)
{
    timer_mod(s->rx_timeout, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                                 SERIAL_TIMEOUT_CHARS * s->r.char_time_ns);
}

/* ---- receiver ---- */

static void serial_receive_locked(struct serial_state *s, const uint8_t *buf,
                                  int len)
{
    struct serial_regs *r = &s->r;

    for (int i = 0; i < len; i++) {
        if (fifo_mode(s)) {
            /* An overrun keeps the FIFO; the new character is lost. */
            if (fifo_full(&r->rx)) {
                r->lsr |= UART_LSR_OE;
            } else {
                fifo_push(&r->rx, buf[i]);
            }
        } else {
            if (r->lsr & UART_LSR_DR) {
                r->lsr |= UART_LSR_OE;
            }
            r->rbr = buf[i];
        }
        r->lsr |= UART_LSR_DR;
    }
    if (fifo_mode(s)) {
        serial_arm_timeout_locked(s);
    }
    serial_update_irq_locked(s);
}

/* How much input the chardev may deliver now. */
static int serial_can_receive(void *opaque)
{
    struct serial_state *s = opaque;
    struct serial_regs *r = &s->r;
    int room;

    g_mutex_lock(&s->parent.lock);
    if (r->mcr & UART_MCR_LOOP) {
        room = 0;    /* datasheet: the serial input is disconnected */
    } else if (!fifo_mode(s)) {
        room = !(r->lsr & UART_LSR_DR);
    } else if (fifo_full(&r->rx)) {
        room = 0;
    } else if (r->rx.count <= r->rx_trigger) {
        /*
         * As QEMU: offer only up to the trigger level (then one at a time)
         * so the guest sees the interrupt before the FIFO is full.
         */
        room = r->rx_trigger - r->rx.count;
    } else {
        room = 1;
    }
    g_mutex_unlock(&s->parent.lock);
    return room;
}

static void serial_receive(void *opaque, const uint8_t *buf, int len)
{
    struct serial_state *s = opaque;

    g_mutex_lock(&s->parent.lock);
    serial_receive_locked(s, buf, len);
    g_mutex_unlock(&s->parent.lock);
}

static void serial_timeout_cb(void *opaque)
{
    struct serial_state *s = opaque;

    g_mutex_lock(&s->parent.lock);
    if (s->r.rx.count) {
        s->r.timeout_ipending = true;
        serial_update_irq_locked(s);
    }
    g_mutex_unlock(&s->parent.lock);
}

/* ---- transmitter ---- */

/* Send everything queued; the line is infinitely fast. */
static void serial_xmit_locked(struct serial_state *s)
{
    struct serial_regs *r = &s->r;

    while (r->tx.count) {
        uint8_t b = fifo_pop(&r->tx);

        if (!r->tx.count) {
            r->lsr |= UART_LSR_THRE;
            r->thr_ipending = true;
            serial_update_irq_locked(s);
        }
        if (r->mcr & UART_MCR_LOOP) {
            serial_receive_locked(s, &b, 1);
        } else {
            qemu_chr_fe_write(s->chr, &b, 1);
        }
    }
    r->lsr |= UART_LSR_TEMT;
}

static void serial_write_thr(struct serial_state *s, uint8_t val)
{
    struct serial_regs *r = &s->r;

    if (!fifo_mode(s)) {
        r->tx.count = 0;    /* the holding register has room for one */
    } else if (fifo_full(&r->tx)) {
        fifo_pop(&r->tx);   /* transmit overrun overwrites, as QEMU */
    }
    fifo_push(&r->tx, val);
    r->thr_ipending = false;
    r->lsr &= ~(UART_LSR_THRE | UART_LSR_TEMT);
    serial_update_irq_locked(s);
    serial_xmit_locked(s);
}

/* ---- register writes ---- */

static void serial_write_ier(struct serial_state *s, uint8_t val)
{
    struct serial_regs *r = &s->r;
    uint8_t changed = (r->ier ^ val) & UART_IER_MASK;

    r->ier = val & UART_IER_MASK;
    /*
     * Enabling ETBEI while THR is empty raises THRE even if an IIR read
     * had cleared it (not in the datasheet; Windows relies on it, and
     * QEMU samples it on every change of the bit).
     */
    if (changed & UART_IER_ETBEI) {
        r->thr_ipending = (r->ier & UART_IER_ETBEI) &&
                          (r->lsr & UART_LSR_THRE);
    }
    if (changed) {
        serial_update_irq_locked(s);
    }
}

static void serial_write_fcr(struct serial_state *s, uint8_t val)
{
    static const uint8_t trigger[] = { 1, 4, 8, 14 };
    struct serial_regs *r = &s->r;

    /* Turning the FIFOs on or off clears both. */
    if ((val ^ r->fcr) & UART_FCR_FIFO_ENABLE) {
        val |= UART_FCR_RCVR_RESET | UART_FCR_XMIT_RESET;
    }
    if (val & UART_FCR_RCVR_RESET) {
        r->lsr &= ~(UART_LSR_DR | UART_LSR_BI);
        timer_del(s->rx_timeout);
        r->timeout_ipending = false;
        r->rx = (struct serial_fifo){ 0 };
    }
    if (val & UART_FCR_XMIT_RESET) {
        r->lsr |= UART_LSR_THRE;
        r->thr_ipending = true;
        r->tx = (struct serial_fifo){ 0 };
    }
    r->fcr = val & UART_FCR_STORED;
    r->rx_trigger = trigger[(val & UART_FCR_TRIGGER_MASK) >> 6];
    serial_update_irq_locked(s);
    if (val & UART_FCR_RCVR_RESET) {
        qemu_chr_fe_accept_input(s->chr);
    }
}

static void serial_write_mcr(struct serial_state *s, uint8_t val)
{
    bool was_loop = s->r.mcr & UART_MCR_LOOP;

    s->r.mcr = val & UART_MCR_MASK;
    serial_set_modem_inputs_locked(s, serial_modem_inputs(s));
    serial_update_irq_locked(s);
    if (was_loop && !(s->r.mcr & UART_MCR_LOOP)) {
        qemu_chr_fe_accept_input(s->chr);
    }
}

static void serial_write(void *opaque, uint64_t addr, uint64_t value,
                         unsigned size)
{
    struct serial_state *s = opaque;
    struct serial_regs *r = &s->r;
    bool dlab = r->lcr & UART_LCR_DLAB;
    uint8_t val = value;

    switch (addr) {
    case UART_THR:  /* also UART_DLL */
        if (dlab) {
            r->divisor = (r->divisor & 0xff00) | val;
            serial_update_params_locked(s);
        } else {
            serial_write_thr(s, val);
        }
        break;
    case UART_IER:  /* also UART_DLM */
        if (dlab) {
            r->divisor = (r->divisor & 0x00ff) | (val << 8);
            serial_update_params_locked(s);
        } else {
            serial_write_ier(s, val);
        }
        break;
    case UART_FCR:
        serial_write_fcr(s, val);
        break;
    case UART_LCR:
        /* SBRK is stored; the chardevs have no way to send a break. */
        r->lcr = val;
        serial_update_params_locked(s);
        break;
    case UART_MCR:
        serial_write_mcr(s, val);
        break;
    case UART_LSR:
    case UART_MSR:
        /* Factory-test writes on real parts; ignored, as QEMU does. */
        qemu_log_mask(LOG_GUEST_ERROR, "serial 0x%x: write 0x%02x to "
                      "read-only register %u\n", s->iobase, val,
                      (unsigned)addr);
        break;
    case UART_SCR:
        r->scr = val;
        break;
    }
}

/* ---- register reads ---- */

static uint8_t serial_read_rbr(struct serial_state *s)
{
    struct serial_regs *r = &s->r;
    uint8_t val;

    if (fifo_mode(s)) {
        val = r->rx.count ? fifo_pop(&r->rx) : 0;
        if (r->rx.count) {
            serial_arm_timeout_locked(s);
        } else {
            r->lsr &= ~(UART_LSR_DR | UART_LSR_BI);
            timer_del(s->rx_timeout);
        }
        r->timeout_ipending = false;
    } else {
        val = r->rbr;
        r->lsr &= ~(UART_LSR_DR | UART_LSR_BI);
    }
    serial_update_irq_locked(s);
    if (!(r->mcr & UART_MCR_LOOP)) {
        qemu_chr_fe_accept_input(s->chr);
    }
    return val;
}

static uint64_t serial_read(void *opaque, uint64_t addr, unsigned size)
{
    struct serial_state *s = opaque;
    struct serial_regs *r = &s->r;
    bool dlab = r->lcr & UART_LCR_DLAB;
    uint8_t val = 0;

    switch (addr) {
    case UART_RBR:  /* also UART_DLL */
        val = dlab ? (r->divisor & 0xff) : serial_read_rbr(s);
        break;
    case UART_IER:  /* also UART_DLM */
        val = dlab ? (r->divisor >> 8) : r->ier;
        break;
    case UART_IIR:
        val = r->iir;
        /* Reading IIR while it reports THRE clears that interrupt. */
        if ((val & UART_IIR_ID_MASK) == UART_IIR_THRI) {
            r->thr_ipending = false;
            serial_update_irq_locked(s);
        }
        break;
    case UART_LCR:
        val = r->lcr;
        break;
    case UART_MCR:
        val = r->mcr;
        break;
    case UART_LSR:
        val = r->lsr;
        if (r->lsr & (UART_LSR_BI | UART_LSR_OE)) {
            r->lsr &= ~(UART_LSR_BI | UART_LSR_OE);
            serial_update_irq_locked(s);
        }
        break;
    case UART_MSR:
        val = r->msr;
        if (r->msr & UART_MSR_ANY_DELTA) {
            r->msr &= UART_MSR_INPUTS;
            serial_update_irq_locked(s);
        }
        break;
    case UART_SCR:
        val = r->scr;
        break;
    }
    return val;
}

static const struct mem_region_ops serial_ops = {
    .read = serial_read,
    .write = serial_write,
    .valid_min = 1,
    .valid_max = 4,
    .impl_min = 1,
    .impl_max = 1,
};

/* ---- life cycle ---- */

static void serial_reset(struct device *dev)
{
    struct serial_state *s = container_of(dev, struct serial_state, parent);

    g_mutex_lock(&dev->lock);
    timer_del(s->rx_timeout);
    /* Master reset values from the datasheet; QEMU also sets OUT2. */
    s->r = (struct serial_regs){
        .iir = UART_IIR_NO_INT,
        .lsr = UART_LSR_THRE | UART_LSR_TEMT,
        .msr = UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS,
        .mcr = UART_MCR_OUT2,
        .divisor = SERIAL_RESET_DIVISOR,
        .rx_trigger = 1,
        .char_time_ns = NANOSECONDS_PER_SECOND /
                        (SERIAL_BAUDBASE_DEFAULT / SERIAL_RESET_DIVISOR) *
                        SERIAL_RESET_FRAME_BITS,
    };
    qemu_irq_lower(s->irq);
    g_mutex_unlock(&dev->lock);
    qemu_chr_fe_accept_input(s->chr);
}

/* The lowest COM index no other isa-serial has taken. */
static uint32_t serial_free_index(struct device *self)
{
    unsigned used = 0;
    uint32_t i = 0;

    for (struct device *d = device_first(); d; d = d->next) {
        if (d != self && d->class == &isa_serial_class) {
            struct serial_state *o = container_of(d, struct serial_state,
                                                  parent);

            used |= o->index < 32 ? 1u << o->index : 0;
        }
    }
    while (i < MAX_ISA_SERIAL_PORTS && (used & (1u << i))) {
        i++;
    }
    return i;
}

static int serial_resolve_props(struct serial_state *s, Error **errp)
{
    if (s->index == UINT32_MAX) {
        s->index = serial_free_index(&s->parent);
    }
    if (s->index >= MAX_ISA_SERIAL_PORTS) {
        error_setg(errp, "Max. supported number of ISA serial ports is %d.",
                   MAX_ISA_SERIAL_PORTS);
        return -EINVAL;
    }
    if (s->iobase == UINT32_MAX) {
        s->iobase = isa_serial_io[s->index];
    }
    if (s->isairq == UINT32_MAX) {
        s->isairq = isa_serial_irq[s->index];
    }
    if (s->isairq >= 16) {
        error_setg(errp, "isa-serial: invalid IRQ %u (the ISA bus has 16)",
                   s->isairq);
        return -EINVAL;
    }
    if (s->iobase > 0xffff - (UART_REG_COUNT - 1)) {
        error_setg(errp, "isa-serial: iobase 0x%x is outside the I/O space",
                   s->iobase);
        return -EINVAL;
    }
    if (s->baudbase == 0) {
        error_setg(errp, "isa-serial: baudbase must not be 0");
        return -EINVAL;
    }
    return 0;
}

static int serial_realize(struct device *dev, Error **errp)
{
    struct serial_state *s = container_of(dev, struct serial_state, parent);

    if (serial_resolve_props(s, errp) < 0) {
        return -EINVAL;
    }
    if (s->chr && qemu_chr_fe_set_handlers(s->chr, serial_can_receive,
                                           serial_receive, NULL, s) < 0) {
        error_setg(errp, "Property 'isa-serial.chardev' can't take value "
                   "'%s', it's in use", qemu_chr_id(s->chr));
        return -EBUSY;
    }
    s->rx_timeout = timer_new_ns(QEMU_CLOCK_VIRTUAL, serial_timeout_cb, s);
    memory_region_init_io(&s->io, dev, &serial_ops, s, "serial",
                          UART_REG_COUNT, &dev->lock);
    if (address_space_map(&address_space_io, s->iobase, &s->io, errp) < 0) {
        timer_free(s->rx_timeout);
        s->rx_timeout = NULL;
        if (s->chr) {
            qemu_chr_fe_set_handlers(s->chr, NULL, NULL, NULL, s);
        }
        return -EBUSY;
    }
    if (!device_find_gpio_list(dev, NULL, true)) {
        device_init_gpio_out(dev, &s->irq, 1);
    }
    serial_reset(dev);
    return 0;
}

static void serial_unrealize(struct device *dev)
{
    struct serial_state *s = container_of(dev, struct serial_state, parent);

    address_space_unmap(&address_space_io, &s->io);
    if (s->chr) {
        qemu_chr_fe_set_handlers(s->chr, NULL, NULL, NULL, s);
    }
    timer_free(s->rx_timeout);
    s->rx_timeout = NULL;
}

static const struct property serial_props[] = {
    DEFINE_PROP_UINT32("index", struct serial_state, index, UINT32_MAX),
    DEFINE_PROP_UINT32("iobase", struct serial_state, iobase, UINT32_MAX),
    DEFINE_PROP_UINT32("irq", struct serial_state, isairq, UINT32_MAX),
    { .name = "chardev", .type = PROP_CHARDEV,
      .offset = offsetof(struct serial_state, chr),
      .desc = "ID of a chardev to use as a backend" },
    DEFINE_PROP_UINT32("baudbase", struct serial_state, baudbase,
                       SERIAL_BAUDBASE_DEFAULT),
    DEFINE_PROP_BOOL("wakeup", struct serial_state, wakeup, false),
    DEFINE_PROP_END_OF_LIST(),
};

static const struct device_class isa_serial_class = {
    .name = TYPE_ISA_SERIAL,
    .bus = "ISA",
    .category = "Input devices",    /* where QEMU lists it */
    .instance_size = sizeof(struct serial_state),
    .props = serial_props,
    .realize = serial_realize,
    .reset = serial_reset,
    .unrealize = serial_unrealize,
    .user_creatable = true,
};
DEVICE_CLASS_REGISTER(isa_serial_class)

/* ---- board helpers ---- */

struct device *serial_isa_create(int index, struct chardev *chr)
{
    Error *err = NULL;
    struct device *dev = device_new(TYPE_ISA_SERIAL, &err);
    struct serial_state *s;

    if (!dev) {
        error_report_err(err);
        exit(1);
    }
    s = container_of(dev, struct serial_state, parent);
    s->index = index < 0 ? UINT32_MAX : (uint32_t)index;
    s->chr = chr;
    device_set_path(dev, "/machine/unattached", NULL);
    if (device_realize(dev, &err) < 0) {
        error_report_err(err);
        exit(1);
    }
    return dev;
}

unsigned serial_isa_irq(struct device *dev)
{
    assert(dev->class == &isa_serial_class && dev->realized);
    return container_of(dev, struct serial_state, parent)->isairq;
}
