/*
 * Interrupt entry stubs for all 256 vectors, each 16 bytes long so that
 * C finds vector v at isr_stubs + 16 * v. Every stub pushes an error code
 * (a dummy 0 where the CPU pushes none) and the vector, so the common code
 * sees one frame layout: struct ex_regs in exceptions.h.
 */
    .text
    .code64

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || \
                           (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

    .align 16
    .globl isr_stubs
isr_stubs:
    .set vec, 0
    .rept 256
    .align 16
    .if !HAS_ERROR_CODE(vec)
    pushq $0
    .endif
    pushq $vec
    jmp isr_common
    .set vec, vec + 1
    .endr

isr_common:
    /* Reverse order of struct ex_regs: rax ends up lowest. */
    push %r15
    push %r14
    push %r13
    push %r12
    push %r11
    push %r10
    push %r9
    push %r8
    push %rbp
    push %rdi
    push %rsi
    push %rdx
    push %rcx
    push %rbx
    push %rax
    cld
    mov %rsp, %rdi                  /* 16-aligned: 22 quadwords pushed */
    call handle_interrupt
    pop %rax
    pop %rbx
    pop %rcx
    pop %rdx
    pop %rsi
    pop %rdi
    pop %rbp
    pop %r8
    pop %r9
    pop %r10
    pop %r11
    pop %r12
    pop %r13
    pop %r14
    pop %r15
    add $16, %rsp                   /* vector and error code */
    iretq

/*
 * int expect_call(void (*fn)(void *), void *arg)
 * Calls fn(arg) and returns 0. If fn faults, the exception handler resumes
 * at expect_recover on the stack saved in expect_saved_rsp, which returns 1
 * from here with the callee-saved registers restored: a setjmp/longjmp
 * across the exception.
 */
    .globl expect_call, expect_recover
expect_call:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    sub $8, %rsp                    /* keep the call 16-aligned */
    mov %rsp, expect_saved_rsp(%rip)
    mov %rdi, %rax
    mov %rsi, %rdi
    call *%rax
    xor %eax, %eax
    jmp 1f
expect_recover:
    mov $1, %eax
1:  add $8, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret
