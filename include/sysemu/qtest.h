/*
 * The qtest protocol server (-qtest) and accelerator (-accel qtest).
 */
#ifndef SYSEMU_QTEST_H
#define SYSEMU_QTEST_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"

/*
 * Start the qtest server on a chardev spec ("unix:PATH", "stdio",
 * "tcp:...", "chardev:ID"); log_path NULL logs to stderr as QEMU does,
 * "none" disables logging.
 */
int qtest_server_init(const char *spec, const char *log_path, Error **errp);
/* True when the qtest accelerator drives the machine. */
bool qtest_enabled(void);

#endif
