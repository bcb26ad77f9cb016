/*
 * Common includes and helpers every splitvm source file starts with.
 */
#ifndef QEMU_OSDEP_H
#define QEMU_OSDEP_H

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#define KiB (INT64_C(1) << 10)
#define MiB (INT64_C(1) << 20)
#define GiB (INT64_C(1) << 30)
#define TiB (INT64_C(1) << 40)

#ifndef container_of
#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define QEMU_ALIGN_UP(n, m) (((n) + (m) - 1) / (m) * (m))
#define QEMU_ALIGN_DOWN(n, m) ((n) / (m) * (m))
#define QEMU_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define QEMU_NORETURN __attribute__((noreturn))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* The program name used as the prefix of every message, as QEMU does. */
extern const char *qemu_prog_name;

#endif
