/* PASS/FAIL bookkeeping and the isa-debug-exit convention. */
#include <stdarg.h>

#include "io.h"
#include "libc.h"
#include "report.h"

static int tests, failures;

static void report_line(const char *tag, const char *fmt, va_list ap)
{
    char name[160];

    /* One printf per line, so a line is never split by another CPU. */
    vsnprintf(name, sizeof(name), fmt, ap);
    printf("%s: %s\n", tag, name);
}

void report(bool pass, const char *fmt, ...)
{
    va_list ap;

    tests++;
    if (!pass) {
        failures++;
    }
    va_start(ap, fmt);
    report_line(pass ? "PASS" : "FAIL", fmt, ap);
    va_end(ap);
}

void report_eq(uint64_t got, uint64_t want, const char *fmt, ...)
{
    char name[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(name, sizeof(name), fmt, ap);
    va_end(ap);
    report(got == want, "%s", name);
    if (got != want) {
        report_info("  got 0x%lx, want 0x%lx", got, want);
    }
}

void report_skip(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    report_line("SKIP", fmt, ap);
    va_end(ap);
}

void report_info(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    report_line("INFO", fmt, ap);
    va_end(ap);
}

int report_failures(void)
{
    return failures;
}

void report_summary(void)
{
    printf("SUMMARY: %d tests, %d failures\n", tests, failures);
    exit_code(failures ? 1 : 0);
}

void exit_code(unsigned code)
{
    outl(DEBUG_EXIT_PORT, code);
    /* No isa-debug-exit device: stop here; the runner's timeout reports. */
    for (;;) {
        asm volatile("cli; hlt");
    }
}
