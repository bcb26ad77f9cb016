/*
 * Prints a marker, then triple-faults: with an empty IDT the #UD cannot be
 * delivered (#GP), neither can that (#DF), and a failed #DF shuts the CPU
 * down. Run with -no-reboot: the VMM must exit with status 0. The runner
 * checks the status and that the marker came out first.
 */
#include "guest.h"

int main(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) empty_idt = { 0, 0 };

    printf("TRIPLE-FAULT-NEXT\n");
    asm volatile("lidt %0\n"
                 "ud2" : : "m"(empty_idt));
    /* Not reached; if it is, fail loudly. */
    report(false, "survived a triple fault");
    report_summary();
}
