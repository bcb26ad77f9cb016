/*
 * Running a function at CPL 3, for exceptions that cannot be raised from
 * CPL 0 on every host (see usermode.c).
 */
#ifndef GUEST_USERMODE_H
#define GUEST_USERMODE_H

#include <stdbool.h>

#include "exceptions.h"

/*
 * Run fn at CPL 3 on a private stack until it raises an exception, which
 * returns here (at CPL 0) with *info filled in. fn must not return: if it
 * does, the ud2 behind it reports #UD.
 */
bool run_user_expect_exception(void (*fn)(void), struct exception_info *info);

#endif /* GUEST_USERMODE_H */
