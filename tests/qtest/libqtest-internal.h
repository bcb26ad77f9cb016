/*
 * libqtest internals shared by its two files: libqtest.c (process,
 * qtest protocol) and libqtest-qmp.c (QMP).
 */
#ifndef LIBQTEST_INTERNAL_H
#define LIBQTEST_INTERNAL_H

#include "libqtest.h"

#include <sys/types.h>

#define MAX_IRQ 256
/* libqtest waits this long for the VMM to connect (QEMU: 50 s). */
#define CONNECT_TIMEOUT_MS 50000
#define QUIT_TIMEOUT_MS 30000

struct QTestState {
    pid_t pid;
    int fd;                     /* qtest socket */
    int qmp_fd;                 /* QMP socket, -1 without QMP */
    int expected_status;
    bool exited;                /* reaped already */
    int wstatus;
    GString *rx;                /* qtest bytes not yet consumed */
    GString *qmp_rx;            /* QMP bytes not yet framed */
    GQueue *qmp_events;         /* JsonObject *, events waiting */
    GQueue *qmp_msgs;           /* JsonObject *, framed, in order */
    bool irq_level[MAX_IRQ];
    GString *irq_events;        /* "IRQ ..." lines since the last query */
    char *sock_path;
    char *qmp_path;
};

/* Write all of buf; fails the test on error. */
void qtest_send_all(int fd, const void *buf, size_t len);
/* Append what arrives on fd to rx; fails the test on EOF. */
void qtest_recv_more(int fd, GString *rx, const char *what);

#endif
