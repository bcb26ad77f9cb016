/*
 * Monitors: QMP (JSON, for tools) and HMP (human commands), each on a
 * chardev. Several monitors may exist at once.
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"

struct chardev;

/* -qmp CHARDEV / -mon chardev=ID,mode=control[,pretty=on]. */
int monitor_init_qmp(struct chardev *chr, bool pretty, Error **errp);
/* -monitor CHARDEV / -mon chardev=ID,mode=readline. */
int monitor_init_hmp(struct chardev *chr, Error **errp);

/*
 * Broadcast a QMP event to every QMP monitor in capabilities mode.
 * data_json is the "data" member as a JSON object text, or NULL. Safe from
 * any thread (delivery happens on the main loop).
 */
void qmp_event_emit(const char *event, const char *data_json);

/* Run one HMP command line, returning its output (human-monitor-command). */
char *hmp_run_command(const char *cmdline);

#endif
