/*
 * I/O APIC (82093AA / ICH-style) userspace model: 24 pins at 0xFEC00000.
 *
 * The model only decides *what* to deliver; a backend delivers it. Under
 * kernel-irqchip=split the KVM backend keeps one MSI route per pin in sync
 * (routes_changed) and fires the pin's GSI (deliver); under qtest the
 * default backend writes the MSI to guest memory like a real bus would.
 *
 * Inputs: 24 unnamed GPIO lines (status-reporting). Input 0 is remapped to
 * pin 2 inside the model, as QEMU does, so that qtest's
 * "irq_intercept_in ioapic" reports the PIT as input 0 just like QEMU.
 */
#ifndef HW_INTC_IOAPIC_H
#define HW_INTC_IOAPIC_H

#include "hw/core/device.h"

#define TYPE_IOAPIC "ioapic"
#define IOAPIC_NUM_PINS 24
#define IOAPIC_DEFAULT_BASE 0xfec00000ULL

/* An x86 MSI as the LAPICs see it (address 0xFEExxxxx, data). */
struct msi_message {
    uint64_t address;
    uint32_t data;
};

struct ioapic_backend {
    /*
     * Deliver pin's interrupt; msg is the MSI its RTE describes (trigger
     * mode in data bit 15). Returns IRQ_DELIVERED/IRQ_COALESCED/
     * IRQ_STATUS_UNKNOWN. Called with the IOAPIC lock held: must not call
     * back into the IOAPIC.
     */
    int (*deliver)(void *opaque, int pin, const struct msi_message *msg);
    /*
     * The redirection table changed: the MSI of every pin (masked pins
     * have masked[pin] set; their message is still the RTE's). Called with
     * the IOAPIC lock held.
     */
    void (*routes_changed)(void *opaque, const struct msi_message *msgs,
                           const bool *masked, int n);
    /* A pin in ExtINT delivery mode was asserted: go through the PIC. */
    void (*extint)(void *opaque, int pin);
    void *opaque;
};

/*
 * Create "ioapic" at /machine/i440fx/ioapic, mapped at 0xFEC00000, with
 * backend be (NULL: MSIs are written to the memory address space). NULL
 * and *errp on failure (e.g. -global ioapic.version=0x12).
 */
struct device *ioapic_create(const struct ioapic_backend *be, Error **errp);
/* The same, reporting a failure itself. */
struct device *ioapic_init(const struct ioapic_backend *be);
/* Replace the backend (the accelerator installs its own). */
void ioapic_set_backend(struct device *ioapic, const struct ioapic_backend *be);
/*
 * A LAPIC EOI'd vector (KVM_EXIT_IOAPIC_EOI or the EOI register): clear
 * Remote IRR of every level RTE with this vector on every IOAPIC and
 * re-deliver those whose line is still asserted.
 */
void ioapic_eoi_broadcast(int vector);

/* HMP "info ioapic". */
void ioapic_info(struct device *ioapic, GString *out);
/* HMP "info irq": per-pin interrupt counts. */
void ioapic_irq_counts(struct device *ioapic, uint64_t counts[24]);

#endif
