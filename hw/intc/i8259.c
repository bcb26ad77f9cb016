/*
 * Intel 8259A programmable interrupt controller ("isa-i8259"), register-
 * and behaviour-compatible with QEMU's model, used with
 * kernel-irqchip=split/off and under qtest.
 *
 * A PC has two chips: the master at 0x20 (ELCR 0x4d0) drives the CPU's
 * INTR, the slave at 0xa0 (ELCR 0x4d1) drives master input IR2.
 * i8259_init() builds that pair; the two chips then share one lock, and the
 * slave's INT reaches master IR2 by a direct call under it, so the
 * interrupt acknowledge cycle (which walks master then slave) is atomic.
 * A chip created on its own (tests, -device) uses its device lock and
 * drives its output GPIO.
 *
 * Datasheet behaviour implemented: ICW1-ICW4 (single mode, LTIM, AEOI,
 * SFNM), OCW1-OCW3 (all EOI and rotation commands, set priority, read
 * IRR/ISR, poll, special mask mode), edge detection with a per-input
 * latch, level inputs selected per input through the ELCR, spurious IRQ 7
 * on the chip that has nothing left to deliver. Where the datasheet leaves
 * room, QEMU's choices are kept (docs/devel/interrupts.md,
 * "Inside the 8259 and 8254 models"):
 *  - ICW1 resets the edge latch to "low", so an input still held high
 *    interrupts again when it is next driven high;
 *  - ICW1 keeps the ELCR and the IRR bits of level inputs;
 *  - a poll with nothing pending reads 0;
 *  - ICW3 is accepted and ignored: IR2 of a master that is not in single
 *    mode is the cascade input;
 *  - 8080 (MCS-80/85) mode and buffered mode are not emulated.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "exec/memory.h"
#include "hw/core/device.h"
#include "hw/intc/i8259.h"
#include "i8259_regs.h"

#define PIC_LOG_BUDGET 16   /* guest-error lines per chip between resets */

/* Registers and latches: everything ICW1 or a reset touches. */
struct pic_regs {
    uint8_t irr;              /* interrupt request register */
    uint8_t isr;              /* in-service register */
    uint8_t imr;              /* interrupt mask register (OCW1) */
    uint8_t last_irr;         /* edge detector: input level last seen */
    uint8_t priority_add;     /* IR level that has the highest priority */
    uint8_t irq_base;         /* ICW2 T7-T3 */
    uint8_t elcr;             /* edge/level control, 1 = level */
    enum pic_init_state init_state;  /* next data-port write in init */
    bool init4;               /* ICW1 IC4: ICW4 expected */
    bool single_mode;         /* ICW1 SNGL */
    bool ltim;                /* ICW1 LTIM: all inputs level-triggered */
    bool auto_eoi;            /* ICW4 AEOI */
    bool rotate_on_auto_eoi;  /* OCW2 rotate-in-AEOI flag */
    bool sfnm;                /* ICW4 special fully nested mode */
    bool special_mask;        /* OCW3 special mask mode */
    bool poll;                /* OCW3 P: next read is a poll */
    bool read_isr;            /* OCW3 RIS: command port reads ISR */
};

struct pic_state {
    struct device parent;
    uint32_t iobase;          /* "iobase": command port, data at +1 */
    uint32_t elcr_addr;       /* "elcr_addr": ELCR port, or none */
    uint8_t elcr_mask;        /* "elcr_mask": ELCR bits that exist */
    bool master;              /* "master": drives the CPU (SFNM, info) */
    qemu_irq int_out;         /* output GPIO 0: INT */
    GMutex *lock;             /* parent.lock, or the pair's shared lock */
    struct pic_state *slave;  /* master of a pair: the chip on IR2 */
    struct pic_state *cascade;/* slave of a pair: the master it drives */
    struct mem_region io;     /* command and data ports */
    struct mem_region elcr_io;/* ELCR port */
    uint8_t line;             /* input levels as last driven */
    uint64_t counts[PIC_NUM_INPUTS]; /* rising edges per input */
    unsigned log_budget;      /* guest-error lines left */
    struct pic_regs r;        /* under *lock */
};

/* Both chips of a PC pair share this lock (one pair per machine). */
static GMutex pic_pair_lock;

static struct pic_state *pic_from_dev(struct device *dev)
{
    return container_of(dev, struct pic_state, parent);
}

static void QEMU_PRINTF(3, 4)
pic_log(struct pic_state *s, unsigned mask, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    if (!qemu_loglevel_mask(mask) || !s->log_budget) {
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_log("i8259 0x%x: %s%s\n", s->iobase, msg,
             --s->log_budget ? "" : " (further messages suppressed)");
    g_free(msg);
}

/* ---- priority logic ---- */

/*
 * Priority of the most urgent bit of mask: 0 (highest) .. 7, or 8 when
 * mask is empty. IR(priority_add) has priority 0, the others follow in
 * circular order.
 */
static int pic_priority(const struct pic_regs *r, uint8_t mask)
{
    int p = 0;

    if (!mask) {
        return PIC_NUM_INPUTS;
    }
    while (!(mask & (1u << ((p + r->priority_add) & 7)))) {
        p++;
    }
    return p;
}

static int pic_level_of(const struct pic_regs *r, int priority)
{
    return (priority + r->priority_add) & 7;
}

static bool pic_is_level(const struct pic_regs *r, int irq)
{
    return r->ltim || (r->elcr & (1u << irq));
}

/* IR2 of this chip leads to a slave. */
static bool pic_has_cascade(struct pic_state *s)
{
    return s->slave && !s->r.single_mode;
}

/*
 * The request the chip would present now: the highest-priority unmasked
 * IRR bit, if it beats everything in service. Returns its IR level or -1.
 */
static int pic_get_irq_locked(struct pic_state *s)
{
    struct pic_regs *r = &s->r;
    uint8_t in_service = r->isr;
    int prio = pic_priority(r, r->irr & ~r->imr);

    if (prio == PIC_NUM_INPUTS) {
        return -1;
    }
    /* Special mask mode: a masked level no longer blocks lower ones. */
    if (r->special_mask) {
        in_service &= ~r->imr;
    }
    /*
     * Special fully nested mode: the slave arbitrates its own inputs, so
     * the master lets the cascade input nest over itself.
     */
    if (r->sfnm && s->master) {
        in_service &= ~(1u << PIC_CASCADE_IR);
    }
    return prio < pic_priority(r, in_service) ? pic_level_of(r, prio) : -1;
}

static int pic_set_input_locked(struct pic_state *s, int irq, int level);

/* Recompute INT; called after anything that may change it. */
static void pic_update_irq_locked(struct pic_state *s)
{
    int level = pic_get_irq_locked(s) >= 0;

    if (s->cascade) {
        pic_set_input_locked(s->cascade, PIC_CASCADE_IR, level);
    } else {
        qemu_set_irq(s->int_out, level);
    }
}

/* ---- inputs ---- */

/*
 * Drive input irq. Edge inputs latch IRR on a low-to-high change (the
 * datasheet's edge sense latch); level inputs make IRR follow the line.
 * Returns IRQ_COALESCED when the request merged with one already in IRR,
 * IRQ_STATUS_UNKNOWN when the input is masked (as KVM's PIC reports).
 */
static int pic_set_input_locked(struct pic_state *s, int irq, int level)
{
    struct pic_regs *r = &s->r;
    uint8_t mask = 1u << irq;
    int status = IRQ_DELIVERED;

    if (level && !(s->line & mask)) {
        s->counts[irq]++;
    }
    s->line = level ? s->line | mask : s->line & ~mask;

    if (level && pic_is_level(r, irq)) {
        status = (r->irr & mask) ? IRQ_COALESCED : IRQ_DELIVERED;
        r->irr |= mask;
    } else if (level && !(r->last_irr & mask)) {
        status = (r->irr & mask) ? IRQ_COALESCED : IRQ_DELIVERED;
        r->irr |= mask;
    } else if (!level && pic_is_level(r, irq)) {
        r->irr &= ~mask;
    }
    r->last_irr = level ? r->last_irr | mask : r->last_irr & ~mask;
    pic_update_irq_locked(s);
    return (r->imr & mask) ? IRQ_STATUS_UNKNOWN : status;
}

static int pic_set_input(void *opaque, int irq, int level)
{
    struct pic_state *s = pic_from_dev(opaque);
    int status;

    g_mutex_lock(s->lock);
    status = pic_set_input_locked(s, irq, !!level);
    g_mutex_unlock(s->lock);
    return status;
}

/* ---- acknowledge and EOI ---- */

/* INTA (or poll) of level irq: IRR -> ISR, or AEOI. */
static void pic_intack_locked(struct pic_state *s, int irq)
{
    struct pic_regs *r = &s->r;

    if (r->auto_eoi) {
        if (r->rotate_on_auto_eoi) {
            r->priority_add = (irq + 1) & 7;
        }
    } else {
        r->isr |= 1u << irq;
    }
    /* A level request stays in IRR as long as the line is high. */
    if (!pic_is_level(r, irq)) {
        r->irr &= ~(1u << irq);
    }
    pic_update_irq_locked(s);
}

int pic_read_irq(struct device *master)
{
    struct pic_state *s = pic_from_dev(master);
    int irq, vector;

    g_mutex_lock(s->lock);
    irq = pic_get_irq_locked(s);
    if (irq < 0) {
        /* Spurious: IR7's vector, nothing goes in service. */
        vector = s->r.irq_base + PIC_SPURIOUS_IR;
    } else if (irq == PIC_CASCADE_IR && pic_has_cascade(s)) {
        struct pic_state *slave = s->slave;
        int irq2 = pic_get_irq_locked(slave);

        if (irq2 >= 0) {
            pic_intack_locked(slave, irq2);
        } else {
            /*
             * The slave's request went away: it answers with its IR7
             * vector, while the master completes its own cycle and puts
             * IR2 in service (so the guest must EOI the master).
             */
            irq2 = PIC_SPURIOUS_IR;
        }
        vector = slave->r.irq_base + irq2;
        pic_intack_locked(s, irq);
    } else {
        vector = s->r.irq_base + irq;
        pic_intack_locked(s, irq);
    }
    g_mutex_unlock(s->lock);
    return vector;
}

bool pic_get_output(struct device *master)
{
    struct pic_state *s = pic_from_dev(master);
    bool level;

    g_mutex_lock(s->lock);
    level = pic_get_irq_locked(s) >= 0;
    g_mutex_unlock(s->lock);
    return level;
}

/* OCW2 */
static void pic_write_ocw2(struct pic_state *s, uint8_t val)
{
    struct pic_regs *r = &s->r;
    int cmd = val >> PIC_OCW2_CMD_SHIFT;
    int level = val & PIC_OCW2_LEVEL_MASK;
    int prio;

    switch (cmd) {
    case PIC_OCW2_ROTATE_AEOI_CLEAR:
    case PIC_OCW2_ROTATE_AEOI_SET:
        r->rotate_on_auto_eoi = cmd == PIC_OCW2_ROTATE_AEOI_SET;
        return;
    case PIC_OCW2_EOI:
    case PIC_OCW2_ROTATE_EOI:
        prio = pic_priority(r, r->isr);
        if (prio == PIC_NUM_INPUTS) {
            return;     /* nothing in service: no effect */
        }
        level = pic_level_of(r, prio);
        r->isr &= ~(1u << level);
        if (cmd == PIC_OCW2_ROTATE_EOI) {
            r->priority_add = (level + 1) & 7;
        }
        break;
    case PIC_OCW2_SPECIFIC_EOI:
        r->isr &= ~(1u << level);
        break;
    case PIC_OCW2_SET_PRIORITY:
        r->priority_add = (level + 1) & 7;
        break;
    case PIC_OCW2_ROTATE_SPECIFIC_EOI:
        r->isr &= ~(1u << level);
        r->priority_add = (level + 1) & 7;
        break;
    case PIC_OCW2_NOP:
    default:
        return;
    }
    pic_update_irq_locked(s);
}

/* OCW3 */
static void pic_write_ocw3(struct pic_state *s, uint8_t val)
{
    struct pic_regs *r = &s->r;

    if (val & PIC_OCW3_P) {
        r->poll = true;
    }
    if (val & PIC_OCW3_RR) {
        r->read_isr = val & PIC_OCW3_RIS;
    }
    if (val & PIC_OCW3_ESMM) {
        r->special_mask = val & PIC_OCW3_SMM;
        pic_update_irq_locked(s);
    }
}

/*
 * What ICW1 clears (and a reset, which also clears ELCR and LTIM): the
 * state QEMU's pic_reset_common() leaves, so migration-visible values
 * match.
 */
static void pic_init_reset_locked(struct pic_state *s)
{
    struct pic_regs *r = &s->r;

    *r = (struct pic_regs){
        .irr = r->irr & r->elcr,
        .elcr = r->elcr,
        .ltim = r->ltim,
    };
    pic_update_irq_locked(s);
}

static void pic_write_icw1(struct pic_state *s, uint8_t val)
{
    struct pic_regs *r = &s->r;

    pic_init_reset_locked(s);
    r->init_state = PIC_INIT_ICW2;
    r->init4 = val & PIC_ICW1_IC4;
    r->single_mode = val & PIC_ICW1_SNGL;
    r->ltim = val & PIC_ICW1_LTIM;
    if (!r->init4) {
        pic_log(s, LOG_UNIMP, "ICW1 0x%02x without ICW4 selects 8080 mode; "
                "vectors are delivered as in 8086 mode", val);
    }
    /* LTIM may have turned inputs to level: IRR follows their lines. */
    if (r->ltim) {
        r->irr |= s->line;
        pic_update_irq_locked(s);
    }
}

static void pic_write_data(struct pic_state *s, uint8_t val)
{
    struct pic_regs *r = &s->r;

    switch (r->init_state) {
    case PIC_INIT_DONE:
        r->imr = val;   /* OCW1 */
        pic_update_irq_locked(s);
        break;
    case PIC_INIT_ICW2:
        r->irq_base = val & PIC_ICW2_BASE_MASK;
        if (!r->single_mode) {
            r->init_state = PIC_INIT_ICW3;
        } else {
            r->init_state = r->init4 ? PIC_INIT_ICW4 : PIC_INIT_DONE;
        }
        break;
    case PIC_INIT_ICW3:
        /* Slave map / slave ID: the board wiring is fixed. */
        r->init_state = r->init4 ? PIC_INIT_ICW4 : PIC_INIT_DONE;
        break;
    case PIC_INIT_ICW4:
        if (!(val & PIC_ICW4_UPM)) {
            pic_log(s, LOG_UNIMP, "ICW4 0x%02x selects 8080 mode; vectors "
                    "are delivered as in 8086 mode", val);
        }
        r->auto_eoi = val & PIC_ICW4_AEOI;
        r->sfnm = val & PIC_ICW4_SFNM;
        r->init_state = PIC_INIT_DONE;
        break;
    }
}

static void pic_ioport_write(void *opaque, uint64_t addr, uint64_t value,
                             unsigned size)
{
    struct pic_state *s = opaque;
    uint8_t val = value;

    if (addr == PIC_PORT_DATA) {
        pic_write_data(s, val);
    } else if (val & PIC_ICW1_SEL) {
        pic_write_icw1(s, val);
    } else if (val & PIC_OCW3_SEL) {
        pic_write_ocw3(s, val);
    } else {
        pic_write_ocw2(s, val);
    }
}

static uint64_t pic_ioport_read(void *opaque, uint64_t addr, unsigned size)
{
    struct pic_state *s = opaque;
    struct pic_regs *r = &s->r;
    int irq;

    if (r->poll) {
        /* Poll: this read is the acknowledge, on either port (QEMU). */
        r->poll = false;
        irq = pic_get_irq_locked(s);
        if (irq < 0) {
            return 0;
        }
        pic_intack_locked(s, irq);
        return PIC_POLL_INT | irq;
    }
    if (addr == PIC_PORT_DATA) {
        return r->imr;
    }
    return r->read_isr ? r->isr : r->irr;
}

static const struct mem_region_ops pic_ops = {
    .read = pic_ioport_read,
    .write = pic_ioport_write,
    .valid_min = 1,
    .valid_max = 1,
};

static void elcr_ioport_write(void *opaque, uint64_t addr, uint64_t value,
                              unsigned size)
{
    struct pic_state *s = opaque;
    struct pic_regs *r = &s->r;

    r->elcr = value & s->elcr_mask;
    /* Inputs now level-triggered report their line level in IRR. */
    r->irr |= s->line & r->elcr;
    pic_update_irq_locked(s);
}

static uint64_t elcr_ioport_read(void *opaque, uint64_t addr, unsigned size)
{
    struct pic_state *s = opaque;

    return s->r.elcr;
}

static const struct mem_region_ops elcr_ops = {
    .read = elcr_ioport_read,
    .write = elcr_ioport_write,
    .valid_min = 1,
    .valid_max = 1,
};

/* ---- monitor ---- */

static void pic_info_one(struct pic_state *s, GString *out)
{
    struct pic_regs *r = &s->r;

    g_string_append_printf(out, "pic%d: irr=%02x imr=%02x isr=%02x "
                           "hprio=%d irq_base=%02x rr_sel=%d elcr=%02x "
                           "fnm=%d\n", s->master ? 0 : 1, r->irr, r->imr,
                           r->isr, r->priority_add, r->irq_base,
                           r->read_isr, r->elcr, r->sfnm);
}

/* Slave first, then master: the order QEMU 7.2's pc machine prints. */
void pic_info(struct device *master, GString *out)
{
    struct pic_state *s = pic_from_dev(master);

    g_mutex_lock(s->lock);
    if (s->slave) {
        pic_info_one(s->slave, out);
    }
    pic_info_one(s, out);
    g_mutex_unlock(s->lock);
}

void pic_irq_counts(struct device *master, uint64_t counts[16])
{
    struct pic_state *s = pic_from_dev(master);

    g_mutex_lock(s->lock);
    for (int i = 0; i < PIC_NUM_INPUTS; i++) {
        counts[i] = s->counts[i];
        counts[i + PIC_NUM_INPUTS] = s->slave ? s->slave->counts[i] : 0;
    }
    g_mutex_unlock(s->lock);
}

/* ---- life cycle ---- */

static void pic_reset(struct device *dev)
{
    struct pic_state *s = pic_from_dev(dev);

    g_mutex_lock(s->lock);
    s->r.elcr = 0;
    s->r.ltim = false;
    s->log_budget = PIC_LOG_BUDGET;
    pic_init_reset_locked(s);
    g_mutex_unlock(s->lock);
}

static int pic_realize(struct device *dev, Error **errp)
{
    struct pic_state *s = pic_from_dev(dev);

    if (s->iobase > 0xffff - (PIC_PORT_COUNT - 1)) {
        error_setg(errp, "isa-i8259: iobase must be set to an I/O port");
        return -EINVAL;
    }
    if (s->elcr_addr != UINT32_MAX && s->elcr_addr > 0xffff) {
        error_setg(errp, "isa-i8259: elcr_addr 0x%x is outside the I/O "
                   "space", s->elcr_addr);
        return -EINVAL;
    }
    if (!s->lock) {
        s->lock = &dev->lock;
    }
    memory_region_init_io(&s->io, dev, &pic_ops, s, "pic", PIC_PORT_COUNT,
                          s->lock);
    if (address_space_map(&address_space_io, s->iobase, &s->io, errp) < 0) {
        return -EBUSY;
    }
    if (s->elcr_addr != UINT32_MAX) {
        memory_region_init_io(&s->elcr_io, dev, &elcr_ops, s, "elcr", 1,
                              s->lock);
        if (address_space_map(&address_space_io, s->elcr_addr, &s->elcr_io,
                              errp) < 0) {
            address_space_unmap(&address_space_io, &s->io);
            return -EBUSY;
        }
    }
    if (!device_find_gpio_list(dev, NULL, true)) {
        device_init_gpio_out(dev, &s->int_out, 1);
        device_init_gpio_in_status_named(dev, pic_set_input, NULL,
                                         PIC_NUM_INPUTS);
    }
    s->log_budget = PIC_LOG_BUDGET;
    return 0;
}

static void pic_unrealize(struct device *dev)
{
    struct pic_state *s = pic_from_dev(dev);

    address_space_unmap(&address_space_io, &s->io);
    if (s->elcr_addr != UINT32_MAX) {
        address_space_unmap(&address_space_io, &s->elcr_io);
    }
    /* Unlink from the partner, which may outlive this chip. */
    g_mutex_lock(s->lock);
    if (s->slave) {
        s->slave->cascade = NULL;
        s->slave = NULL;
    }
    if (s->cascade) {
        s->cascade->slave = NULL;
        s->cascade = NULL;
    }
    g_mutex_unlock(s->lock);
}

static const struct property pic_props[] = {
    DEFINE_PROP_UINT32("iobase", struct pic_state, iobase, UINT32_MAX),
    DEFINE_PROP_UINT32("elcr_addr", struct pic_state, elcr_addr,
                       UINT32_MAX),
    DEFINE_PROP_UINT8("elcr_mask", struct pic_state, elcr_mask, 0xff),
    DEFINE_PROP_BOOL("master", struct pic_state, master, false),
    DEFINE_PROP_END_OF_LIST(),
};

static const struct device_class pic_class = {
    .name = TYPE_ISA_I8259,
    .desc = "8259A programmable interrupt controller",
    .bus = "ISA",
    .instance_size = sizeof(struct pic_state),
    .props = pic_props,
    .realize = pic_realize,
    .reset = pic_reset,
    .unrealize = pic_unrealize,
    .user_creatable = false,
};
DEVICE_CLASS_REGISTER(pic_class)

static struct pic_state *pic_new_chip(uint32_t iobase, uint32_t elcr_addr,
                                      uint8_t elcr_mask, bool master,
                                      Error **errp)
{
    struct device *dev = device_new(TYPE_ISA_I8259, errp);
    struct pic_state *s;

    if (!dev) {
        return NULL;
    }
    s = pic_from_dev(dev);
    s->iobase = iobase;
    s->elcr_addr = elcr_addr;
    s->elcr_mask = elcr_mask;
    s->master = master;
    s->lock = &pic_pair_lock;
    return s;
}

struct device *i8259_create(qemu_irq parent_intr, qemu_irq irqs[16],
                            Error **errp)
{
    struct pic_state *master, *slave;

    master = pic_new_chip(0x20, 0x4d0, PIC_ELCR_MASK_MASTER, true, errp);
    slave = master ? pic_new_chip(0xa0, 0x4d1, PIC_ELCR_MASK_SLAVE, false,
                                  errp)
                   : NULL;
    if (!slave) {
        return NULL;
    }
    /* Link before realize: nothing can reach either chip yet. */
    master->slave = slave;
    slave->cascade = master;
    if (device_realize(DEVICE(master), errp) < 0 ||
        device_realize(DEVICE(slave), errp) < 0) {
        return NULL;
    }
    device_connect_gpio_out(DEVICE(master), 0, parent_intr);
    for (int i = 0; i < PIC_NUM_INPUTS; i++) {
        irqs[i] = device_get_gpio_in(DEVICE(master), i);
        irqs[i + PIC_NUM_INPUTS] = device_get_gpio_in(DEVICE(slave), i);
    }
    return DEVICE(master);
}

struct device *i8259_init(qemu_irq parent_intr, qemu_irq irqs[16])
{
    Error *err = NULL;
    struct device *master = i8259_create(parent_intr, irqs, &err);

    if (!master) {
        error_report_err(err);
    }
    return master;
}
