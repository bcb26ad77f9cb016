/*
 * Process set-up helpers (system/os-posix.c).
 */
#ifndef SYSTEM_OS_POSIX_H
#define SYSTEM_OS_POSIX_H

/* Fork into the background; the parent exits when os_setup_post runs. */
int os_daemonize(void);
/* Initialisation finished: detach stdio and release the waiting parent. */
void os_setup_post(void);
int os_write_pidfile(const char *path);
void os_set_proc_name(const char *name);

#endif
