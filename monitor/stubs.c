/*
 * TEMPORARY: the monitor multiplexer entry point until chardev/char-mux.c
 * exists. It fails with an explicit message, so no option is silently
 * ignored. Delete this file when the real one lands.
 */
#include "qemu/osdep.h"
#include "monitor/monitor.h"
#include "chardev/char.h"

struct chardev *qemu_chr_new_mux(const char *label, const char *spec,
                                 Error **errp)
{
    error_setg(errp, "mon: (the monitor multiplexer) is not supported yet");
    return NULL;
}
