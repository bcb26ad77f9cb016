/*
 * Property helpers shared inside hw/core.
 */
#ifndef HW_CORE_PROPERTIES_INTERNAL_H
#define HW_CORE_PROPERTIES_INTERNAL_H

#include "hw/core/device.h"

void props_set_defaults(struct device *dev);
void props_free(struct device *dev);

#endif
