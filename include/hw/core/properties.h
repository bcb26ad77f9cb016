/*
 * Property introspection for -device NAME,help, QMP and HMP.
 */
#ifndef HW_CORE_PROPERTIES_H
#define HW_CORE_PROPERTIES_H

#include "hw/core/device.h"

/* QEMU's type name for -device help ("uint32", "bool", "str" ...). */
const char *prop_type_name(const struct property *p);
/* The default value as text, or NULL when the property has none. */
char *prop_default_string(const struct property *p);
/* Print "NAME options:" and one line per property, QEMU's layout. */
void device_class_print_props(FILE *f, const struct device_class *dc);

#endif
