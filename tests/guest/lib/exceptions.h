/*
 * IDT, exception reporting and hooks. Vectors 0-31 are installed at start
 * and, unless a test claims them, print vector, error code, RIP and CR2 and
 * fail the test. Vectors 32-255 get a gate only when a handler is set.
 */
#ifndef GUEST_EXCEPTIONS_H
#define GUEST_EXCEPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#define DE_VECTOR   0
#define DB_VECTOR   1
#define NMI_VECTOR  2
#define BP_VECTOR   3
#define UD_VECTOR   6
#define DF_VECTOR   8
#define GP_VECTOR   13
#define PF_VECTOR   14

/* The interrupt frame as isr.S lays it out on the stack. */
struct ex_regs {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t vector;
    uint64_t error_code;    /* 0 for vectors without one */
    uint64_t rip, cs, rflags, rsp, ss;
};

/* A handler may change regs (e.g. rip) to decide where to resume. */
typedef void (*interrupt_handler)(struct ex_regs *regs);

struct exception_info {
    unsigned vector;
    uint64_t error_code;
    uint64_t rip;           /* of the faulting instruction (or after int3) */
    uint64_t cs;            /* its code segment: RPL = CPL at the fault */
    uint64_t cr2;           /* valid for #PF */
};

void idt_init(void);
void idt_load(void);        /* for APs: the BSP's table */
void set_interrupt_handler(unsigned vector, interrupt_handler fn);

/*
 * Run fn(arg). Returns true, with *info filled in, if fn raised an
 * exception; execution then resumes here instead of inside fn.
 */
bool run_expect_exception(void (*fn)(void *), void *arg,
                          struct exception_info *info);

#endif /* GUEST_EXCEPTIONS_H */
