/*
 * The few C library functions guests use. GCC may also emit calls to
 * memset/memcpy/memmove/memcmp on its own, even with -ffreestanding.
 */
#ifndef GUEST_LIBC_H
#define GUEST_LIBC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/* Parse a decimal or 0x-prefixed hex number; *end points past it. */
unsigned long strtoul(const char *s, const char **end);

/* Sort n values ascending (insertion sort: the benchmarks sort a few
 * dozen samples to take medians). */
void sort_u64(uint64_t *v, unsigned n);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
void puts_raw(const char *s);

#endif /* GUEST_LIBC_H */
