/* State captured at entry, before the runtime changed anything. */
#ifndef GUEST_SETUP_H
#define GUEST_SETUP_H

#include <stdint.h>

/* 8259 interrupt mask registers (master, slave) as the loader left them. */
extern uint8_t pic_imr_at_entry[2];

#endif /* GUEST_SETUP_H */
