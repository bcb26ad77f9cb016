/* Everything a guest program needs; guests include only this. */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acpi.h"
#include "delay.h"
#include "exceptions.h"
#include "fwcfg.h"
#include "intr.h"
#include "io.h"
#include "ioapic.h"
#include "lapic.h"
#include "libc.h"
#include "multiboot.h"
#include "pc-testdev.h"
#include "pic.h"
#include "pit.h"
#include "report.h"
#include "setup.h"
#include "smp.h"
#include "spinlock.h"
#include "x86-defs.h"

#endif /* GUEST_H */
