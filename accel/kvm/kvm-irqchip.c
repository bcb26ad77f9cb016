/*
 * KVM interrupt-controller glue for the three irqchip modes.
 *
 *   on     KVM's PIC/IOAPIC/PIT; GSIs are raised with KVM_IRQ_LINE_STATUS.
 *   split  only the LAPICs are in KVM. The userspace IOAPIC keeps one MSI
 *          route per pin (GSI n = pin n) in sync with its redirection
 *          table, so KVM knows which vectors are level-triggered and exits
 *          with KVM_EXIT_IOAPIC_EOI when one is EOI'd; pins fire through
 *          those routes. The userspace PIC's INTR reaches the boot vCPU
 *          through KVM_INTERRUPT once KVM says it can take it, otherwise
 *          through an interrupt-window exit.
 *
 * Locking: route updates come from the IOAPIC with its lock held and take
 * routes_lock (IOAPIC -> routes, never the other way round). The PIC INTR
 * handler runs with the PIC lock held and only sets a flag and kicks.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "hw/intc/i8259.h"
#include "hw/intc/ioapic.h"
#include "sysemu/kvm.h"
#include "kvm-internal.h"

#include <sys/ioctl.h>

#define SPLIT_IRQCHIP_PINS 24

static GMutex routes_lock;
static struct msi_message route_shadow[SPLIT_IRQCHIP_PINS];
static bool routes_valid;

static struct device *pic_master;
static gint pic_intr_level;            /* PIC INTR as last set */
static uint64_t pic_injections;        /* KVM_INTERRUPT calls (info irq) */

/* ---- kernel-irqchip=on ---- */

/* Raise or lower a GSI through KVM's routing table. */
static int kvm_irq_line_status(int gsi, int level)
{
    struct kvm_irq_level irq = { .irq = gsi, .level = level };
    int ret;

    ret = kvm_vm_ioctl(KVM_IRQ_LINE_STATUS, &irq);
    if (ret < 0) {
        return IRQ_STATUS_UNKNOWN;
    }
    /* status: >0 delivered, 0 coalesced, <0 nobody took it */
    return irq.status > 0 ? IRQ_DELIVERED
           : irq.status == 0 ? IRQ_COALESCED : IRQ_STATUS_UNKNOWN;
}

int kvm_arch_set_gsi(void *opaque, int gsi, int level)
{
    /* GSI 2 is the cascade: nothing may be routed there. */
    if (gsi == 2) {
        return IRQ_STATUS_UNKNOWN;
    }
    return kvm_irq_line_status(gsi, level);
}

/* ---- split: GSI routes mirroring the IOAPIC ---- */

static int kvm_commit_ioapic_routes_locked(void)
{
    struct kvm_irq_routing *r;
    int ret;

    r = g_malloc0(sizeof(*r) + SPLIT_IRQCHIP_PINS * sizeof(r->entries[0]));
    r->nr = SPLIT_IRQCHIP_PINS;
    for (int pin = 0; pin < SPLIT_IRQCHIP_PINS; pin++) {
        r->entries[pin].gsi = pin;
        r->entries[pin].type = KVM_IRQ_ROUTING_MSI;
        r->entries[pin].u.msi.address_lo = (uint32_t)route_shadow[pin].address;
        r->entries[pin].u.msi.address_hi = route_shadow[pin].address >> 32;
        r->entries[pin].u.msi.data = route_shadow[pin].data;
    }
    ret = kvm_vm_ioctl(KVM_SET_GSI_ROUTING, r);
    g_free(r);
    return ret;
}

int kvm_split_irqchip_create(Error **errp)
{
    struct kvm_enable_cap cap = {
        .cap = KVM_CAP_SPLIT_IRQCHIP,
        .args = { SPLIT_IRQCHIP_PINS },
    };
    int ret;

    if (!kvm_check_extension(KVM_CAP_SPLIT_IRQCHIP)) {
        error_setg(errp, "kernel-irqchip=split (the default): this KVM "
                   "lacks KVM_CAP_SPLIT_IRQCHIP; use kernel-irqchip=on");
        return -ENOSYS;
    }
    ret = kvm_vm_ioctl(KVM_ENABLE_CAP, &cap);
    if (ret < 0) {
        error_setg(errp, "Could not enable split irqchip mode: %s",
                   g_strerror(-ret));
        return ret;
    }
    /* Placeholder routes so GSIs 0-23 exist before the guest programs the
     * IOAPIC; the IOAPIC's reset pushes the real ones. */
    g_mutex_lock(&routes_lock);
    memset(route_shadow, 0, sizeof(route_shadow));
    ret = kvm_commit_ioapic_routes_locked();
    routes_valid = ret == 0;
    g_mutex_unlock(&routes_lock);
    if (ret < 0) {
        error_setg(errp, "KVM_SET_GSI_ROUTING failed: %s", g_strerror(-ret));
    }
    return ret;
}

/*
 * Recommit after an RTE change. A failure is retried on the next change
 * but would leave level pins without EOI exits: say so, once.
 */
static void kvm_update_ioapic_routes_locked(void)
{
    static bool reported;
    int ret = kvm_commit_ioapic_routes_locked();

    routes_valid = ret == 0;
    if (ret < 0 && !reported) {
        reported = true;
        error_report("KVM_SET_GSI_ROUTING failed: %s; IOAPIC routes are "
                     "stale (level interrupts may stop)", g_strerror(-ret));
    }
}

static void kvm_ioapic_routes_changed(void *opaque,
                                      const struct msi_message *msgs,
                                      const bool *masked, int n)
{
    bool changed = false;

    n = MIN(n, SPLIT_IRQCHIP_PINS);
    g_mutex_lock(&routes_lock);
    for (int pin = 0; pin < n; pin++) {
        /*
         * Masked pins keep their route (QEMU keeps the stale one too): a
         * level vector still in service must keep its EOI exit.
         */
        if (masked[pin]) {
            continue;
        }
        if (route_shadow[pin].address != msgs[pin].address ||
            route_shadow[pin].data != msgs[pin].data) {
            route_shadow[pin] = msgs[pin];
            changed = true;
        }
    }
    /* KVM_SET_GSI_ROUTING costs an SRCU grace period: only on change. */
    if (changed || !routes_valid) {
        kvm_update_ioapic_routes_locked();
    }
    g_mutex_unlock(&routes_lock);
}

static int kvm_ioapic_deliver(void *opaque, int pin,
                              const struct msi_message *msg)
{
    bool stale;
    int status;

    /* Fire through the route so KVM sets TMR for level vectors; make sure
     * the route says what the IOAPIC means first. */
    g_mutex_lock(&routes_lock);
    stale = route_shadow[pin].address != msg->address ||
            route_shadow[pin].data != msg->data;
    if (stale) {
        route_shadow[pin] = *msg;
        kvm_update_ioapic_routes_locked();
    }
    g_mutex_unlock(&routes_lock);
    /*
     * An MSI route ignores level 0, so no lowering ioctl is needed. GSI n
     * is pin n here: pin 2 (ISA IRQ 0's) is an ordinary route.
     */
    status = kvm_irq_line_status(pin, 1);
    qemu_log_mask(LOG_INT, "ioapic: pin %d -> MSI addr 0x%08" PRIx64
                  " data 0x%04x (vector 0x%02x)%s\n", pin, msg->address,
                  msg->data, msg->data & 0xff,
                  status == IRQ_COALESCED ? " coalesced" : "");
    return status;
}

static void kvm_pic_kick(void)
{
    if (kvm_state.nr_vcpus > 0) {
        kvm_vcpu_kick(kvm_state.vcpus[0]);
    }
}

static void kvm_ioapic_extint(void *opaque, int pin)
{
    /* KVM drops ExtINT MSIs: the CPU must run an INTA cycle on the PIC. */
    kvm_pic_kick();
}

static const struct ioapic_backend kvm_ioapic_backend = {
    .deliver = kvm_ioapic_deliver,
    .routes_changed = kvm_ioapic_routes_changed,
    .extint = kvm_ioapic_extint,
};

void kvm_attach_ioapic(struct machine_state *ms, struct device *ioapic)
{
    ioapic_set_backend(ioapic, &kvm_ioapic_backend);
}

/* ---- split: PIC INTR to the boot vCPU ---- */

static void kvm_pic_intr(void *opaque, int n, int level)
{
    int old = g_atomic_int_exchange(&pic_intr_level, level);

    if (level && !old) {
        kvm_pic_kick();
    }
}

qemu_irq kvm_pic_intr_line(struct machine_state *ms)
{
    return qemu_allocate_irq(kvm_pic_intr, NULL, 0);
}

void kvm_attach_pic(struct machine_state *ms, struct device *master)
{
    pic_master = master;
}

/*
 * Before each KVM_RUN of the boot vCPU: inject a pending PIC interrupt if
 * KVM can take it now, else ask for an interrupt-window exit.
 */
void kvm_irqchip_pre_run(struct kvm_vcpu *vcpu)
{
    struct kvm_run *run = vcpu->run;
    bool pending;

    if (vcpu->index != 0 || !pic_master) {
        return;
    }
    pending = g_atomic_int_get(&pic_intr_level);
    if (pending && run->ready_for_interrupt_injection && run->if_flag) {
        struct kvm_interrupt intr;

        intr.irq = pic_read_irq(pic_master);
        if (kvm_vcpu_ioctl(vcpu, KVM_INTERRUPT, &intr) == 0) {
            pic_injections++;
            qemu_log_mask(LOG_INT, "pic: vector 0x%02x injected into CPU 0\n",
                          intr.irq);
        }
        pending = g_atomic_int_get(&pic_intr_level);
        /* Only one ExtINT fits: the next waits for another window. */
        run->request_interrupt_window = pending;
        return;
    }
    run->request_interrupt_window = pending;
}

uint64_t kvm_pic_injection_count(void)
{
    return pic_injections;
}

/* ---- KVM_EXIT_IOAPIC_EOI ---- */

void kvm_handle_ioapic_eoi(struct kvm_vcpu *vcpu)
{
    /* Old kernels also report edge vectors: the IOAPIC ignores vectors
     * with no level RTE. */
    ioapic_eoi_broadcast(vcpu->run->eoi.vector);
}
