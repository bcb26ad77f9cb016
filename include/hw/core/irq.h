/*
 * Interrupt lines.
 *
 * A line is a (handler, opaque, n) triple: setting its level calls the
 * receiver's handler. Boards wire a device's output lines to another
 * device's input lines; devices never know who is on the other end.
 *
 * Lock order: a source may set a line while holding its own lock; the
 * receiver takes its own lock inside the handler, and never calls back into
 * a source while holding it.
 */
#ifndef HW_CORE_IRQ_H
#define HW_CORE_IRQ_H

#include "qemu/osdep.h"

typedef void qemu_irq_handler(void *opaque, int n, int level);
/*
 * A receiver that can say what happened to a rising edge returns
 * IRQ_DELIVERED, IRQ_COALESCED (the previous interrupt on this line had
 * not been taken yet, so this one merged with it) or IRQ_STATUS_UNKNOWN.
 * Timers use it to count lost ticks.
 */
typedef int qemu_irq_status_handler(void *opaque, int n, int level);

#define IRQ_DELIVERED 1
#define IRQ_COALESCED 0
#define IRQ_STATUS_UNKNOWN (-1)

struct irq_state {
    qemu_irq_handler *handler;          /* one of the two is set */
    qemu_irq_status_handler *status_handler;
    void *opaque;
    int n;
};

typedef struct irq_state *qemu_irq;

qemu_irq qemu_allocate_irq(qemu_irq_handler *handler, void *opaque, int n);
qemu_irq qemu_allocate_irq_status(qemu_irq_status_handler *handler,
                                  void *opaque, int n);
/* An array of count lines numbered 0..count-1, sharing handler and opaque. */
qemu_irq *qemu_allocate_irqs(qemu_irq_handler *handler, void *opaque,
                             int count);
void qemu_free_irq(qemu_irq irq);

static inline void qemu_set_irq(qemu_irq irq, int level)
{
    if (!irq) {
        return;
    }
    if (irq->handler) {
        irq->handler(irq->opaque, irq->n, level);
    } else {
        irq->status_handler(irq->opaque, irq->n, level);
    }
}

/* Set the level and learn whether the edge was delivered or coalesced. */
static inline int qemu_set_irq_status(qemu_irq irq, int level)
{
    if (!irq) {
        return IRQ_STATUS_UNKNOWN;
    }
    if (irq->status_handler) {
        return irq->status_handler(irq->opaque, irq->n, level);
    }
    irq->handler(irq->opaque, irq->n, level);
    return IRQ_STATUS_UNKNOWN;
}

static inline void qemu_irq_raise(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
}

static inline void qemu_irq_lower(qemu_irq irq)
{
    qemu_set_irq(irq, 0);
}

static inline void qemu_irq_pulse(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
    qemu_set_irq(irq, 0);
}

#endif
