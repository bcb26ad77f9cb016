/*
 * TEMPORARY: the qtest entry points until qtest/qtest.c exists. Delete
 * this file when the real server lands.
 */
#include "qemu/osdep.h"
#include "sysemu/qtest.h"

int qtest_server_init(const char *spec, const char *log_path, Error **errp)
{
    error_setg(errp, "the qtest server is not supported yet");
    return -ENOTSUP;
}

bool qtest_enabled(void)
{
    return false;
}
