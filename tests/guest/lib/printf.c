/*
 * A small printf: %d %i %u %x %X %p %s %c %%, the 'l'/'ll'/'z' length
 * modifiers, '0' and '-' flags and a field width. Output goes to COM1 or
 * into a buffer. Console output is serialised with a spinlock so that
 * APs and the BSP do not interleave inside a line.
 */
#include <stdbool.h>

#include "libc.h"
#include "serial.h"
#include "spinlock.h"

struct sink {
    char *buf;          /* NULL: write to the serial port */
    size_t size;        /* buffer size including the NUL */
    size_t len;         /* characters produced so far */
};

static struct spinlock console_lock;

static void emit(struct sink *s, char c)
{
    if (!s->buf) {
        if (c == '\n') {
            /* -serial stdio puts the terminal in raw mode. */
            serial_putc('\r');
        }
        serial_putc(c);
    } else if (s->len + 1 < s->size) {
        s->buf[s->len] = c;
    }
    s->len++;
}

struct spec {
    bool zero_pad;
    bool left;
    int width;
};

static void emit_padded(struct sink *s, const struct spec *sp,
                        const char *str, int n)
{
    int pad = sp->width > n ? sp->width - n : 0;

    if (!sp->left) {
        while (pad-- > 0) {
            emit(s, sp->zero_pad ? '0' : ' ');
        }
    }
    for (int i = 0; i < n; i++) {
        emit(s, str[i]);
    }
    if (sp->left) {
        while (pad-- > 0) {
            emit(s, ' ');
        }
    }
}

static void emit_number(struct sink *s, const struct spec *sp,
                        unsigned long v, unsigned base, bool negative,
                        bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = sizeof(tmp);
    struct spec num = *sp;

    do {
        tmp[--n] = digits[v % base];
        v /= base;
    } while (v);
    if (negative) {
        if (sp->zero_pad) {
            /* The sign goes before the zero padding: -0042. */
            emit(s, '-');
            num.width = sp->width > 0 ? sp->width - 1 : 0;
        } else {
            tmp[--n] = '-';
        }
    }
    emit_padded(s, &num, tmp + n, sizeof(tmp) - n);
}

static const char *parse_spec(const char *f, struct spec *sp, int *longs)
{
    sp->zero_pad = false;
    sp->left = false;
    sp->width = 0;
    *longs = 0;
    for (;; f++) {
        if (*f == '0') {
            sp->zero_pad = true;
        } else if (*f == '-') {
            sp->left = true;
        } else {
            break;
        }
    }
    while (*f >= '0' && *f <= '9') {
        sp->width = sp->width * 10 + (*f++ - '0');
    }
    while (*f == 'l' || *f == 'z') {
        (*longs)++;
        f++;
    }
    return f;
}

static void format(struct sink *s, const char *f, va_list ap)
{
    struct spec sp;
    int longs;

    for (; *f; f++) {
        if (*f != '%') {
            emit(s, *f);
            continue;
        }
        f = parse_spec(f + 1, &sp, &longs);
        switch (*f) {
        case 'd':
        case 'i': {
            long v = longs ? va_arg(ap, long) : va_arg(ap, int);
            emit_number(s, &sp, v < 0 ? -(unsigned long)v : (unsigned long)v,
                        10, v < 0, false);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            unsigned long v = longs ? va_arg(ap, unsigned long)
                                    : va_arg(ap, unsigned int);
            emit_number(s, &sp, v, *f == 'u' ? 10 : 16, false, *f == 'X');
            break;
        }
        case 'p':
            emit(s, '0');
            emit(s, 'x');
            emit_number(s, &sp, (unsigned long)va_arg(ap, void *), 16,
                        false, false);
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str) {
                str = "(null)";
            }
            emit_padded(s, &sp, str, strlen(str));
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            emit_padded(s, &sp, &c, 1);
            break;
        }
        case '\0':
            return;
        default:
            emit(s, *f);
            break;
        }
    }
}

int vprintf(const char *fmt, va_list ap)
{
    struct sink s = { .buf = NULL };

    spin_lock(&console_lock);
    format(&s, fmt, ap);
    spin_unlock(&console_lock);
    return (int)s.len;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink s = { .buf = buf, .size = size };

    format(&s, fmt, ap);
    if (size) {
        buf[s.len < size ? s.len : size - 1] = '\0';
    }
    return (int)s.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* For crash paths: no lock, so a fault inside printf can still report. */
void puts_raw(const char *s)
{
    struct sink sink = { .buf = NULL };

    while (*s) {
        emit(&sink, *s++);
    }
}
