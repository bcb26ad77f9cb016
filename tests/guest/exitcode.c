/*
 * Writes the number given as code=N on the command line to the
 * isa-debug-exit port; the VMM must exit with status (N << 1) | 1.
 */
#include "guest.h"

int main(void)
{
    unsigned long code = param_ulong("code", 0);

    printf("EXIT-CODE %lu\n", code);
    exit_code((unsigned)code);
}
