/*
 * void enter_user_mode(void (*fn)(void))  -- does not return
 * iretq to fn at CPL 3 with the user stack from usermode.c. If fn returns,
 * it lands on user_return_trap, whose ud2 ends the excursion with #UD.
 */
#include "x86-defs.h"

    .text
    .code64
    .globl enter_user_mode
enter_user_mode:
    lea user_stack_top - 8(%rip), %rax
    movq $user_return_trap, (%rax)  /* fn's return address */
    pushq $(SEL_UDATA | 3)          /* SS */
    pushq %rax                      /* RSP */
    pushq $0x2                      /* RFLAGS: IF off, reserved bit 1 */
    pushq $(SEL_UCODE64 | 3)        /* CS */
    pushq %rdi                      /* RIP */
    iretq

user_return_trap:
    ud2

    /* Not zeroed at start (see linker.ld): stacks need no clearing. */
    .section .stack, "aw", @nobits
    .align 16
    .space USER_STACK_SIZE
user_stack_top:
    .space USER_STACK_SIZE
    .globl trap_stack_top
trap_stack_top:
