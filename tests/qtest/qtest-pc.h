/*
 * What the qtest suites know about the pc machine: where its board-made
 * devices live in the QOM tree. They sit under /machine/unattached as
 * device[N], after the CPUs (device[0]... as on QEMU), but the numbers
 * after that differ from QEMU's (docs/system/qtest.md), so the suites find
 * them by type: PC_PIC_MASTER(s) is the first isa-i8259 in creation order.
 * The IOAPIC is /machine/i440fx/ioapic (partial path "ioapic"), fw_cfg
 * /machine/fw_cfg.
 */
#ifndef QTEST_PC_H
#define QTEST_PC_H

#include "libqtest.h"

#include <stdio.h>

/*
 * Path of the nth (from 0, by N) /machine/unattached/device[N] of type,
 * found with qom-list; the string lives until the next call with the same
 * slot (one static slot per caller macro below).
 */
static inline int pc_int_cmp(const int *a, const int *b)
{
    return *a - *b;
}

static inline const char *pc_unattached_path(QTestState *s, const char *type,
                                             int nth, char **slot)
{
    JsonObject *r = qtest_qmp(s, "{'execute': 'qom-list', 'arguments': "
                                 "{'path': '/machine/unattached'}}");
    JsonArray *list = json_object_get_array_member(r, "return");
    char *child = g_strdup_printf("child<%s>", type);
    GArray *idx = g_array_new(FALSE, FALSE, sizeof(int));

    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *e = json_array_get_object_element(list, i);
        int n;

        if (!strcmp(json_object_get_string_member(e, "type"), child) &&
            sscanf(json_object_get_string_member(e, "name"), "device[%d]",
                   &n) == 1) {
            g_array_append_val(idx, n);
        }
    }
    g_array_sort(idx, (GCompareFunc)pc_int_cmp);
    g_assert_cmpint(nth, <, idx->len);
    g_free(*slot);
    *slot = g_strdup_printf("/machine/unattached/device[%d]",
                            g_array_index(idx, int, nth));
    g_array_free(idx, TRUE);
    g_free(child);
    json_object_unref(r);
    return *slot;
}

#define PC_PIC_MASTER(s) \
    ({ static char *slot_; pc_unattached_path(s, "isa-i8259", 0, &slot_); })
#define PC_PIC_SLAVE(s) \
    ({ static char *slot_; pc_unattached_path(s, "isa-i8259", 1, &slot_); })
#define PC_PIT(s) \
    ({ static char *slot_; pc_unattached_path(s, "isa-pit", 0, &slot_); })
#define PC_IOAPIC "ioapic"

/* Start a pc machine for a device suite (qtest and QMP, as QEMU's). */
static inline QTestState *pc_start(const char *extra_args)
{
    return qtest_init(extra_args);
}

#endif
