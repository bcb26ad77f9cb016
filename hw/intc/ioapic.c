/*
 * I/O APIC ("ioapic"): 24 pins at 0xFEC00000, register-compatible with the
 * 82093AA (version 0x11) and the ICH parts (version 0x20, with the EOI
 * register), behaving like QEMU's userspace model.
 *
 * The model decides what to deliver; its backend delivers it (see
 * ioapic.h). Each pin's redirection table entry (RTE) is turned into the
 * MSI it stands for, and the backend hears of every RTE change, so under
 * kernel-irqchip=split the KVM routes (and with them KVM's knowledge of
 * which vectors are level-triggered, hence its EOI exits) stay in sync.
 *
 * Behaviour:
 *  - input 0 (ISA IRQ 0, the PIT) is pin 2, as the MADT override says;
 *  - edge pins fire on a rising input; an edge seen while masked is lost
 *    (82093AA manual), as in QEMU and KVM;
 *  - level pins: the line level is latched in IRR; a delivery sets Remote
 *    IRR, which holds further messages back until an EOI with the RTE's
 *    vector (LAPIC EOI broadcast or the EOI register) clears it; if the
 *    line is still high then, the pin is delivered again, except that
 *    after IOAPIC_EOI_STORM_MAX such re-deliveries in a row the next one
 *    waits IOAPIC_EOI_STORM_DELAY_NS (QEMU and KVM use 10000 and 10 ms);
 *  - an RTE write keeps Delivery Status and Remote IRR, clears Remote IRR
 *    when the pin becomes edge-triggered (Linux's EOI trick for 0x11) and
 *    re-services the pin, so unmasking an asserted level pin delivers;
 *  - NMI, SMI, INIT and ExtINT are edge-triggered whatever bit 15 says
 *    (82093AA manual); ExtINT goes to the backend's extint hook (the CPU
 *    must acknowledge the 8259), reserved delivery modes are dropped.
 * Where this differs from QEMU 7.2: an edge is a rising input (QEMU takes
 * every "set to 1" as an edge); a level pin switched from edge to level
 * while its line is high latches the line; ExtINT RTEs cause no INTA cycle
 * when routes are recomputed.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "hw/core/device.h"
#include "hw/intc/ioapic.h"
#include "ioapic_regs.h"

#define IOAPIC_LOG_BUDGET 16            /* guest-error lines per reset */
#define IOAPIC_EOI_STORM_MAX 10000      /* re-deliveries before a pause */
#define IOAPIC_EOI_STORM_DELAY_NS (NANOSECONDS_PER_SECOND / 100)
#define IOAPIC_ALL_PINS ((1u << IOAPIC_NUM_PINS) - 1)

struct ioapic_state {
    struct device parent;
    uint8_t version;              /* "version": 0x11 or 0x20 */
    struct mem_region mmio;       /* IOREGSEL, IOWIN, EOI */
    struct ioapic_backend be;     /* who delivers */
    struct qemu_timer *storm_timer;  /* delayed re-delivery */
    /* Under parent.lock: */
    uint8_t id;                   /* IOAPICID bits 27:24 */
    uint8_t ioregsel;             /* IOREGSEL */
    uint32_t irr;                 /* pending requests, one bit per pin */
    uint32_t line;                /* input levels as last driven */
    uint64_t ioredtbl[IOAPIC_NUM_PINS];  /* redirection table */
    uint32_t eoi_storm[IOAPIC_NUM_PINS]; /* re-deliveries in a row */
    uint64_t counts[IOAPIC_NUM_PINS];    /* rising edges per input */
    unsigned log_budget;          /* guest-error lines left */
};

/* Every realized IOAPIC, for EOI broadcasts (list lock, then device). */
static GMutex ioapics_lock;
static GPtrArray *ioapics;

static struct ioapic_state *ioapic_from_dev(struct device *dev)
{
    return container_of(dev, struct ioapic_state, parent);
}

static void QEMU_PRINTF(2, 3)
ioapic_log(struct ioapic_state *s, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    if (!qemu_loglevel_mask(LOG_GUEST_ERROR) || !s->log_budget) {
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_log("ioapic: %s%s\n", msg,
             --s->log_budget ? "" : " (further messages suppressed)");
    g_free(msg);
}

/* ---- redirection entries ---- */

static unsigned rte_delivery_mode(uint64_t rte)
{
    return (rte & IOAPIC_RTE_DELMOD_MASK) >> IOAPIC_RTE_DELMOD_SHIFT;
}

/*
 * Level semantics (Remote IRR, EOI) apply only to fixed and lowest-
 * priority delivery: the other modes are edge-triggered by definition.
 */
static bool rte_is_level(uint64_t rte)
{
    unsigned dm = rte_delivery_mode(rte);

    return (rte & IOAPIC_RTE_TRIGGER) &&
           (dm == IOAPIC_DM_FIXED || dm == IOAPIC_DM_LOWEST);
}

/* The MSI the RTE describes (QEMU's encoding; polarity is not sent). */
static struct msi_message rte_to_msi(uint64_t rte)
{
    uint64_t dest = rte >> IOAPIC_RTE_DEST_SHIFT;
    uint64_t ext_dest = (rte >> IOAPIC_RTE_EXT_DEST_SHIFT) & 0xff;
    bool logical = rte & IOAPIC_RTE_DESTMOD;

    return (struct msi_message){
        .address = MSI_ADDR_BASE | dest << MSI_ADDR_DEST_ID_SHIFT |
                   ext_dest << MSI_ADDR_EXT_DEST_SHIFT |
                   (uint64_t)logical << MSI_ADDR_DEST_MODE_SHIFT,
        .data = (rte & IOAPIC_RTE_VECTOR_MASK) |
                rte_delivery_mode(rte) << MSI_DATA_DELMOD_SHIFT |
                (uint32_t)rte_is_level(rte) << MSI_DATA_TRIGGER_SHIFT,
    };
}

/* Tell the backend what every pin now means. */
static void ioapic_update_routes_locked(struct ioapic_state *s)
{
    struct msi_message msgs[IOAPIC_NUM_PINS];
    bool masked[IOAPIC_NUM_PINS];

    if (!s->be.routes_changed) {
        return;
    }
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        msgs[pin] = rte_to_msi(s->ioredtbl[pin]);
        masked[pin] = s->ioredtbl[pin] & IOAPIC_RTE_MASK;
    }
    s->be.routes_changed(s->be.opaque, msgs, masked, IOAPIC_NUM_PINS);
}

/* ---- delivery ---- */

/* The level of the input(s) wired to pin: pin 2 hears input 0. */
static bool ioapic_pin_line(struct ioapic_state *s, int pin)
{
    if (pin == 0) {
        return false;
    }
    return s->line & (1u << pin) || (pin == 2 && s->line & 1);
}

/*
 * Send pin's message if it is pending and allowed to go. Returns the
 * backend's status, IRQ_COALESCED when Remote IRR holds it back, or
 * IRQ_STATUS_UNKNOWN when nothing was sent (masked, not pending, dropped).
 */
static int ioapic_service_pin_locked(struct ioapic_state *s, int pin)
{
    uint32_t mask = 1u << pin;
    uint64_t *rte = &s->ioredtbl[pin];
    struct msi_message msg;
    unsigned dm = rte_delivery_mode(*rte);

    if (!(s->irr & mask) || (*rte & IOAPIC_RTE_MASK)) {
        return IRQ_STATUS_UNKNOWN;
    }
    if (rte_is_level(*rte)) {
        if (*rte & IOAPIC_RTE_REMOTE_IRR) {
            return IRQ_COALESCED;
        }
        *rte |= IOAPIC_RTE_REMOTE_IRR;
    } else {
        s->irr &= ~mask;
    }
    switch (dm) {
    case IOAPIC_DM_FIXED:
    case IOAPIC_DM_LOWEST:
    case IOAPIC_DM_SMI:
    case IOAPIC_DM_NMI:
    case IOAPIC_DM_INIT:
        break;
    case IOAPIC_DM_EXTINT:
        if (s->be.extint) {
            s->be.extint(s->be.opaque, pin);
            return IRQ_STATUS_UNKNOWN;
        }
        break;
    default:
        ioapic_log(s, "pin %d: reserved delivery mode %u, interrupt "
                   "dropped", pin, dm);
        return IRQ_STATUS_UNKNOWN;
    }
    msg = rte_to_msi(*rte);
    return s->be.deliver ? s->be.deliver(s->be.opaque, pin, &msg)
                         : IRQ_STATUS_UNKNOWN;
}

static void ioapic_service_all_locked(struct ioapic_state *s)
{
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        ioapic_service_pin_locked(s, pin);
    }
}

/* Input n (GPIO) changed level. */
static int ioapic_set_irq(void *opaque, int n, int level)
{
    struct ioapic_state *s = ioapic_from_dev(opaque);
    int pin = n == 0 ? 2 : n;   /* ISA IRQ 0 -> GSI 2 */
    uint32_t in, mask;
    bool rising;
    int status = IRQ_DELIVERED;

    if (n < 0 || n >= IOAPIC_NUM_PINS) {
        return IRQ_STATUS_UNKNOWN;
    }
    in = 1u << n;
    mask = 1u << pin;
    g_mutex_lock(&s->parent.lock);
    rising = level && !(s->line & in);
    if (rising) {
        s->counts[n]++;
    }
    s->line = level ? s->line | in : s->line & ~in;
    if (rte_is_level(s->ioredtbl[pin])) {
        if (!ioapic_pin_line(s, pin)) {
            s->irr &= ~mask;
        } else {
            s->irr |= mask;
            status = ioapic_service_pin_locked(s, pin);
        }
    } else if (!level) {
        /* nothing: an edge pin only looks at rising inputs */
    } else if (!rising) {
        status = IRQ_COALESCED;     /* already high: no new edge */
    } else if (s->ioredtbl[pin] & IOAPIC_RTE_MASK) {
        status = IRQ_STATUS_UNKNOWN;  /* lost, as the datasheet says */
    } else {
        s->irr |= mask;
        status = ioapic_service_pin_locked(s, pin);
    }
    g_mutex_unlock(&s->parent.lock);
    return status;
}

/* ---- EOI ---- */

static void ioapic_eoi_locked(struct ioapic_state *s, int vector)
{
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        uint64_t *rte = &s->ioredtbl[pin];

        if ((*rte & IOAPIC_RTE_VECTOR_MASK) != (uint64_t)vector ||
            !rte_is_level(*rte) || !(*rte & IOAPIC_RTE_REMOTE_IRR)) {
            continue;
        }
        *rte &= ~IOAPIC_RTE_REMOTE_IRR;
        if ((*rte & IOAPIC_RTE_MASK) || !(s->irr & (1u << pin))) {
            s->eoi_storm[pin] = 0;
            continue;
        }
        /*
         * The line is still high. A guest that EOIs without quieting its
         * device would keep a vCPU busy forever: after a long run of
         * re-deliveries, let some virtual time pass first, as real
         * hardware (which does not re-deliver instantly) would.
         */
        if (++s->eoi_storm[pin] >= IOAPIC_EOI_STORM_MAX) {
            s->eoi_storm[pin] = 0;
            if (!timer_pending(s->storm_timer)) {
                timer_mod(s->storm_timer,
                          qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                          IOAPIC_EOI_STORM_DELAY_NS);
            }
        } else {
            ioapic_service_pin_locked(s, pin);
        }
    }
}

static void ioapic_storm_timer_cb(void *opaque)
{
    struct ioapic_state *s = opaque;

    g_mutex_lock(&s->parent.lock);
    ioapic_service_all_locked(s);
    g_mutex_unlock(&s->parent.lock);
}

void ioapic_eoi_broadcast(int vector)
{
    g_mutex_lock(&ioapics_lock);
    for (guint i = 0; ioapics && i < ioapics->len; i++) {
        struct ioapic_state *s = g_ptr_array_index(ioapics, i);

        g_mutex_lock(&s->parent.lock);
        ioapic_eoi_locked(s, vector);
        g_mutex_unlock(&s->parent.lock);
    }
    g_mutex_unlock(&ioapics_lock);
}

/* ---- registers ---- */

/* Pin of the RTE half IOREGSEL selects, or -1. */
static int ioapic_selected_pin(struct ioapic_state *s)
{
    int index = s->ioregsel - IOAPIC_REG_REDTBL;

    return index >= 0 && index < 2 * IOAPIC_NUM_PINS ? index >> 1 : -1;
}

static uint32_t ioapic_read_indirect(struct ioapic_state *s)
{
    int pin;

    switch (s->ioregsel) {
    case IOAPIC_REG_ID:
    case IOAPIC_REG_ARB:
        return (uint32_t)s->id << IOAPIC_ID_SHIFT;
    case IOAPIC_REG_VER:
        return s->version |
               (IOAPIC_NUM_PINS - 1) << IOAPIC_VER_MRE_SHIFT;
    }
    pin = ioapic_selected_pin(s);
    if (pin < 0) {
        ioapic_log(s, "read of undefined register 0x%02x", s->ioregsel);
        return 0;
    }
    return s->ioredtbl[pin] >> (s->ioregsel & 1 ? 32 : 0);
}

static void ioapic_write_rte(struct ioapic_state *s, int pin, bool high,
                             uint32_t val)
{
    uint64_t *rte = &s->ioredtbl[pin];
    uint64_t ro = *rte & IOAPIC_RTE_RO_BITS;

    if (high) {
        *rte = (*rte & 0xffffffffULL) | (uint64_t)val << 32;
    } else {
        *rte = (*rte & ~0xffffffffULL) | val;
        *rte = (*rte & ~IOAPIC_RTE_RO_BITS) | ro;
    }
    if (!rte_is_level(*rte)) {
        /* Edge now: nothing will EOI it (Linux relies on this for 0x11). */
        *rte &= ~IOAPIC_RTE_REMOTE_IRR;
        s->irr &= ~(1u << pin);
    } else if (ioapic_pin_line(s, pin)) {
        /* A level pin reports its line, however it was set before. */
        s->irr |= 1u << pin;
    }
    s->eoi_storm[pin] = 0;
    /* Routes first, even while Remote IRR is set, then deliver. */
    ioapic_update_routes_locked(s);
    ioapic_service_pin_locked(s, pin);
}

static void ioapic_write_indirect(struct ioapic_state *s, uint32_t val)
{
    int pin;

    switch (s->ioregsel) {
    case IOAPIC_REG_ID:
        s->id = (val >> IOAPIC_ID_SHIFT) & IOAPIC_ID_MASK;
        return;
    case IOAPIC_REG_VER:
    case IOAPIC_REG_ARB:
        return;     /* read-only */
    }
    pin = ioapic_selected_pin(s);
    if (pin < 0) {
        ioapic_log(s, "write 0x%08x to undefined register 0x%02x", val,
                   s->ioregsel);
        return;
    }
    ioapic_write_rte(s, pin, s->ioregsel & 1, val);
}

static uint64_t ioapic_mmio_read(void *opaque, uint64_t addr, unsigned size)
{
    struct ioapic_state *s = opaque;

    switch (addr & IOAPIC_DECODE_MASK) {
    case IOAPIC_IOREGSEL:
        return s->ioregsel;
    case IOAPIC_IOWIN:
        if (size != 4) {
            ioapic_log(s, "%u-byte read of IOWIN reads 0", size);
            return 0;
        }
        return ioapic_read_indirect(s);
    default:
        return 0;
    }
}

static void ioapic_mmio_write(void *opaque, uint64_t addr, uint64_t val,
                              unsigned size)
{
    struct ioapic_state *s = opaque;

    switch (addr & IOAPIC_DECODE_MASK) {
    case IOAPIC_IOREGSEL:
        s->ioregsel = val;
        return;
    case IOAPIC_IOWIN:
        if (size != 4) {
            ioapic_log(s, "%u-byte write to IOWIN ignored", size);
            return;
        }
        ioapic_write_indirect(s, val);
        return;
    case IOAPIC_EOI:
        if (size != 4 || s->version < IOAPIC_VER_ICH) {
            ioapic_log(s, "EOI register write ignored (%u bytes, "
                       "version 0x%x)", size, s->version);
            return;
        }
        ioapic_eoi_locked(s, val & 0xff);
        return;
    default:
        ioapic_log(s, "write to undefined offset 0x%" PRIx64, addr);
        return;
    }
}

static const struct mem_region_ops ioapic_mmio_ops = {
    .read = ioapic_mmio_read,
    .write = ioapic_mmio_write,
    .valid_min = 1,
    .valid_max = 8,
    /* An 8-byte access is two dword accesses, as QEMU's bus makes it. */
    .impl_min = 1,
    .impl_max = 4,
};

/* ---- backend without an accelerator: the MSI goes to the bus ---- */

static int ioapic_bus_deliver(void *opaque, int pin,
                              const struct msi_message *msg)
{
    /* What the 82093AA's APIC-bus message becomes on an ICH: a dword
     * write to the LAPIC window. */
    address_space_write(&address_space_memory, msg->address, msg->data, 4);
    return IRQ_DELIVERED;
}

static const struct ioapic_backend ioapic_bus_backend = {
    .deliver = ioapic_bus_deliver,
};

void ioapic_set_backend(struct device *ioapic, const struct ioapic_backend *be)
{
    struct ioapic_state *s = ioapic_from_dev(ioapic);

    g_mutex_lock(&ioapic->lock);
    s->be = be ? *be : ioapic_bus_backend;
    /* The new backend starts from the current table. */
    ioapic_update_routes_locked(s);
    g_mutex_unlock(&ioapic->lock);
}

/* ---- monitor ---- */

static void ioapic_bitmap_dump(GString *out, const char *name, uint32_t bits)
{
    g_string_append_printf(out, "  %-8s ", name);
    if (!bits) {
        g_string_append(out, "(none)\n");
        return;
    }
    for (int i = 0; i < IOAPIC_NUM_PINS; i++) {
        if (bits & (1u << i)) {
            g_string_append_printf(out, "%-2d ", i);
        }
    }
    g_string_append_c(out, '\n');
}

/* QEMU 7.2's layout ("info pic" under kernel-irqchip=split). */
void ioapic_info(struct device *ioapic, GString *out)
{
    static const char *const dm_names[8] = {
        "fixed", "lowest", "SMI", "...", "NMI", "INIT", "...", "extINT",
    };
    struct ioapic_state *s = ioapic_from_dev(ioapic);
    uint32_t remote_irr = 0;

    g_mutex_lock(&ioapic->lock);
    g_string_append_printf(out, "ioapic0: ver=0x%x id=0x%02x sel=0x%02x",
                           s->version, s->id, s->ioregsel);
    if (s->ioregsel) {
        g_string_append_printf(out, " (redir[%u])\n",
                               (s->ioregsel - IOAPIC_REG_REDTBL) >> 1);
    } else {
        g_string_append_c(out, '\n');
    }
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        uint64_t rte = s->ioredtbl[pin];
        bool logical = rte & IOAPIC_RTE_DESTMOD;

        g_string_append_printf(out, "  pin %-2d 0x%016" PRIx64 " dest=%x"
                               " vec=%-3u %s %-5s %-6s %-6s %s\n", pin, rte,
                               (unsigned)(rte >> IOAPIC_RTE_DEST_SHIFT) &
                                   (logical ? 0xff : 0xf),
                               (unsigned)(rte & IOAPIC_RTE_VECTOR_MASK),
                               rte & IOAPIC_RTE_INTPOL ? "active-lo"
                                                       : "active-hi",
                               rte & IOAPIC_RTE_TRIGGER ? "level" : "edge",
                               rte & IOAPIC_RTE_MASK ? "masked" : "",
                               dm_names[rte_delivery_mode(rte)],
                               logical ? "logical" : "physical");
        if ((rte & IOAPIC_RTE_TRIGGER) && (rte & IOAPIC_RTE_REMOTE_IRR)) {
            remote_irr |= 1u << pin;
        }
    }
    ioapic_bitmap_dump(out, "IRR", s->irr);
    ioapic_bitmap_dump(out, "Remote IRR", remote_irr);
    g_mutex_unlock(&ioapic->lock);
}

void ioapic_irq_counts(struct device *ioapic, uint64_t counts[24])
{
    struct ioapic_state *s = ioapic_from_dev(ioapic);

    g_mutex_lock(&ioapic->lock);
    memcpy(counts, s->counts, sizeof(s->counts));
    g_mutex_unlock(&ioapic->lock);
}

/* ---- life cycle ---- */

static void ioapic_reset(struct device *dev)
{
    struct ioapic_state *s = ioapic_from_dev(dev);

    g_mutex_lock(&dev->lock);
    s->id = 0;
    s->ioregsel = 0;
    s->irr = 0;
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        s->ioredtbl[pin] = IOAPIC_RTE_MASK;
        s->eoi_storm[pin] = 0;
    }
    s->log_budget = IOAPIC_LOG_BUDGET;
    timer_del(s->storm_timer);
    ioapic_update_routes_locked(s);
    g_mutex_unlock(&dev->lock);
}

static int ioapic_realize(struct device *dev, Error **errp)
{
    struct ioapic_state *s = ioapic_from_dev(dev);

    if (s->version != IOAPIC_VER_82093AA && s->version != IOAPIC_VER_ICH) {
        error_setg(errp, "IOAPIC only supports version 0x%x or 0x%x "
                   "(default: 0x%x).", IOAPIC_VER_82093AA, IOAPIC_VER_ICH,
                   IOAPIC_VER_ICH);
        return -EINVAL;
    }
    memory_region_init_io(&s->mmio, dev, &ioapic_mmio_ops, s, "ioapic",
                          IOAPIC_MMIO_SIZE, &dev->lock);
    /* IOREGSEL only selects: its writes may be buffered (one exit less
     * per register access under KVM). */
    memory_region_set_coalescing(&s->mmio, IOAPIC_IOREGSEL, 4);
    if (address_space_map(&address_space_memory, IOAPIC_DEFAULT_BASE,
                          &s->mmio, errp) < 0) {
        return -EBUSY;
    }
    device_init_gpio_in_status_named(dev, ioapic_set_irq, NULL,
                                     IOAPIC_NUM_PINS);
    s->storm_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, ioapic_storm_timer_cb,
                                  s);
    s->be = ioapic_bus_backend;
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        s->ioredtbl[pin] = IOAPIC_RTE_MASK;
    }
    s->log_budget = IOAPIC_LOG_BUDGET;
    g_mutex_lock(&ioapics_lock);
    if (!ioapics) {
        ioapics = g_ptr_array_new();
    }
    g_ptr_array_add(ioapics, s);
    g_mutex_unlock(&ioapics_lock);
    return 0;
}

static void ioapic_unrealize(struct device *dev)
{
    struct ioapic_state *s = ioapic_from_dev(dev);

    g_mutex_lock(&ioapics_lock);
    g_ptr_array_remove(ioapics, s);
    g_mutex_unlock(&ioapics_lock);
    address_space_unmap(&address_space_memory, &s->mmio);
    timer_free(s->storm_timer);
    s->storm_timer = NULL;
}

static const struct property ioapic_props[] = {
    DEFINE_PROP_UINT8("version", struct ioapic_state, version,
                      IOAPIC_VER_ICH),
    DEFINE_PROP_END_OF_LIST(),
};

static const struct device_class ioapic_class = {
    .name = TYPE_IOAPIC,
    .desc = "I/O APIC (82093AA / ICH), 24 pins",
    .bus = "System",
    .instance_size = sizeof(struct ioapic_state),
    .props = ioapic_props,
    .realize = ioapic_realize,
    .reset = ioapic_reset,
    .unrealize = ioapic_unrealize,
    .user_creatable = false,
};
DEVICE_CLASS_REGISTER(ioapic_class)

struct device *ioapic_create(const struct ioapic_backend *be, Error **errp)
{
    struct device *dev = device_new(TYPE_IOAPIC, errp);

    if (!dev) {
        return NULL;
    }
    device_set_path(dev, "/machine/i440fx", "ioapic");
    if (device_realize(dev, errp) < 0) {
        return NULL;
    }
    if (be) {
        ioapic_set_backend(dev, be);
    }
    return dev;
}

struct device *ioapic_init(const struct ioapic_backend *be)
{
    Error *err = NULL;
    struct device *dev = ioapic_create(be, &err);

    if (!dev) {
        error_report_err(err);
    }
    return dev;
}
