/*
 * Debug logging selected with -d ITEM[,...] and redirected with -D FILE.
 *
 * Guest-triggerable events (unassigned I/O, odd register writes) are logged
 * through qemu_log_mask() so they cost one branch when the item is off.
 */
#ifndef QEMU_LOG_H
#define QEMU_LOG_H

#include "qemu/osdep.h"

#define LOG_GUEST_ERROR (1u << 0)  /* guest did something invalid */
#define LOG_UNIMP (1u << 1)        /* guest used an unimplemented feature */
#define LOG_INT (1u << 2)          /* interrupts and exceptions */
#define LOG_CPU_RESET (1u << 3)    /* vCPU state on reset */
#define LOG_EMULATE (1u << 4)      /* instructions emulated in userspace */

extern unsigned qemu_loglevel;

static inline bool qemu_loglevel_mask(unsigned mask)
{
    return (qemu_loglevel & mask) != 0;
}

void qemu_log(const char *fmt, ...) QEMU_PRINTF(1, 2);

#define qemu_log_mask(mask, ...)                                               \
    do {                                                                       \
        if (unlikely(qemu_loglevel_mask(mask))) {                              \
            qemu_log(__VA_ARGS__);                                             \
        }                                                                      \
    } while (0)

/* Parse "-d" items; "help" lists them. Returns 0 or -EINVAL. */
int qemu_log_parse_items(const char *items, unsigned *mask, bool *help);
void qemu_log_print_items(FILE *f);
/* "-D file": subsequent log lines go there. */
int qemu_log_set_file(const char *path);

#endif
