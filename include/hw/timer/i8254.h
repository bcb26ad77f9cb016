/*
 * 8254 programmable interval timer ("isa-pit", userspace model) and the
 * port 0x61 system-control register that gates channel 2 and reads its
 * output.
 */
#ifndef HW_TIMER_I8254_H
#define HW_TIMER_I8254_H

#include "hw/core/device.h"

#define TYPE_ISA_PIT "isa-pit"
#define TYPE_PORT61 "pc-port61"
#define PIT_FREQ 1193182

/* Lost-tick policies (QAPI LostTickPolicy names: "discard", "delay"). */
enum lost_tick_policy {
    LOST_TICK_POLICY_DISCARD,
    LOST_TICK_POLICY_DELAY,
    LOST_TICK_POLICY_SLEW,     /* accepted name, refused at realize */
};

/*
 * Create the PIT at iobase with channel 0 on irq (a status-reporting line
 * lets it count lost ticks), and port 0x61. The PIT also has one input
 * GPIO, as QEMU's: driving it low silences IRQ 0 (HPET legacy mode).
 */
struct device *i8254_pit_init(int iobase, qemu_irq irq);
/* The same, returning NULL and *errp instead of reporting a failure. */
struct device *i8254_pit_create(int iobase, qemu_irq irq, Error **errp);
/* Port 0x61 driving counter 2 of pit (called by i8254_pit_init). */
struct device *port61_init(struct device *pit);

void pit_set_gate(struct device *pit, int channel, int level);
int pit_get_gate(struct device *pit, int channel);
/* Output level of a channel now (virtual clock). */
int pit_get_out(struct device *pit, int channel);
/*
 * Ticks lost so far on channel 0: rising edges the interrupt controller
 * reported coalesced and that were not re-delivered, plus those skipped
 * by the minimum IRQ period.
 */
uint64_t pit_lost_ticks(struct device *pit);
/* Coalesced ticks waiting to be re-delivered (lost_tick_policy=delay). */
uint64_t pit_pending_ticks(struct device *pit);

#endif
