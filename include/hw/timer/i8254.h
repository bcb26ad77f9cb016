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

/* Create the PIT at iobase with channel 0 on irq, and port 0x61. */
struct device *i8254_pit_init(int iobase, qemu_irq irq);

void pit_set_gate(struct device *pit, int channel, int level);
int pit_get_gate(struct device *pit, int channel);
/* Output level of a channel now (virtual clock). */
int pit_get_out(struct device *pit, int channel);
/* Ticks lost so far on channel 0 (coalesced and not re-delivered). */
uint64_t pit_lost_ticks(struct device *pit);

#endif
