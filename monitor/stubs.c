/*
 * TEMPORARY: the monitor entry points until monitor/qmp.c and
 * monitor/hmp.c exist. Each fails with an explicit message, so no option
 * is silently ignored. Delete this file when the real ones land.
 */
#include "qemu/osdep.h"
#include "monitor/monitor.h"
#include "chardev/char.h"

int monitor_init_qmp(struct chardev *chr, bool pretty, Error **errp)
{
    error_setg(errp, "QMP monitors are not supported yet");
    return -ENOTSUP;
}

int monitor_init_hmp(struct chardev *chr, Error **errp)
{
    error_setg(errp, "HMP monitors are not supported yet");
    return -ENOTSUP;
}

void qmp_event_emit(const char *event, const char *data_json)
{
}

char *hmp_run_command(const char *cmdline)
{
    return g_strdup("");
}

struct chardev *qemu_chr_new_mux(const char *label, const char *spec,
                                 Error **errp)
{
    error_setg(errp, "mon: (the monitor multiplexer) is not supported yet");
    return NULL;
}
