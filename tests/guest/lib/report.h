/*
 * Test results on the serial port, one line each, parsed by run-guests.py:
 *   PASS: <name>   FAIL: <name>   SKIP: <name>
 *   SUMMARY: <N> tests, <M> failures
 * Keep names stable (no measured values in them) so that results from
 * different VMMs and configurations line up; report_eq() prints values.
 * The exit code (isa-debug-exit, port 0xf4) is 0 for pass, 1 for fail, so
 * the VMM process exits with status (code << 1) | 1: 1 = pass, 3 = fail.
 */
#ifndef GUEST_REPORT_H
#define GUEST_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#define DEBUG_EXIT_PORT 0xf4

void report(bool pass, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* report(got == want, ...), and an INFO line with both when they differ. */
void report_eq(uint64_t got, uint64_t want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void report_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void report_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int report_failures(void);
/* Print SUMMARY and exit with 0 if nothing failed, else 1. */
void report_summary(void) __attribute__((noreturn));
void exit_code(unsigned code) __attribute__((noreturn));

#endif /* GUEST_REPORT_H */
