/*
 * Interrupt line allocation.
 */
#include "qemu/osdep.h"
#include "hw/core/irq.h"

qemu_irq qemu_allocate_irq(qemu_irq_handler *handler, void *opaque, int n)
{
    struct irq_state *irq = g_new0(struct irq_state, 1);

    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

qemu_irq qemu_allocate_irq_status(qemu_irq_status_handler *handler,
                                  void *opaque, int n)
{
    struct irq_state *irq = g_new0(struct irq_state, 1);

    irq->status_handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

qemu_irq *qemu_allocate_irqs(qemu_irq_handler *handler, void *opaque,
                             int count)
{
    qemu_irq *irqs = g_new0(qemu_irq, count);

    for (int i = 0; i < count; i++) {
        irqs[i] = qemu_allocate_irq(handler, opaque, i);
    }
    return irqs;
}

void qemu_free_irq(qemu_irq irq)
{
    g_free(irq);
}
