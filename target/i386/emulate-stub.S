/*
 * Host-assisted x87/SSE/AVX execution (see emulate-fpu.c).
 *
 * void x86_stub_run(struct x86_stub_ctx *ctx)
 *
 * Saves the host's x87/SSE/AVX state, loads the guest's image, runs the
 * one re-encoded guest instruction at ctx->code with RDI pointing at the
 * memory-operand buffer and RAX/RCX/RDX and the arithmetic flags taken
 * from ctx, stores the guest image and those registers back, and restores
 * the host state. Only non-waiting x87 instructions (FXSAVE/FXRSTOR,
 * XSAVE/XRSTOR) run after the guest instruction, so a pending unmasked
 * x87 exception never traps on the host.
 *
 * ctx layout (must match struct x86_stub_ctx):
 *   0 code, 8 guest area, 16 host area, 24 buffer,
 *   32 rax, 40 rcx, 48 rdx, 56 rflags, 64 use_xsave
 */
#define ARITH_FLAGS 0x8d5

    .text
    .globl x86_stub_run
    .type x86_stub_run, @function
x86_stub_run:
    push %rbx
    push %r12
    push %r13
    mov %rdi, %r12
    mov 64(%r12), %r13
    mov $7, %eax
    xor %edx, %edx
    mov 16(%r12), %rbx
    test %r13, %r13
    jz 1f
    xsave64 (%rbx)
    mov 8(%r12), %rbx
    xrstor64 (%rbx)
    jmp 2f
1:  fxsave64 (%rbx)
    mov 8(%r12), %rbx
    fxrstor64 (%rbx)
2:  pushfq
    pop %rax
    and $~ARITH_FLAGS, %rax
    mov 56(%r12), %rdx
    and $ARITH_FLAGS, %rdx
    or %rdx, %rax
    push %rax
    popfq
    mov 24(%r12), %rdi
    mov 32(%r12), %rax
    mov 40(%r12), %rcx
    mov 48(%r12), %rdx
    call *(%r12)
    mov %rax, 32(%r12)
    mov %rcx, 40(%r12)
    mov %rdx, 48(%r12)
    pushfq
    pop %rax
    mov %rax, 56(%r12)
    mov $7, %eax
    xor %edx, %edx
    mov 8(%r12), %rbx
    test %r13, %r13
    jz 3f
    xsave64 (%rbx)
    mov 16(%r12), %rbx
    xrstor64 (%rbx)
    jmp 4f
3:  fxsave64 (%rbx)
    mov 16(%r12), %rbx
    fxrstor64 (%rbx)
4:  pop %r13
    pop %r12
    pop %rbx
    ret
    .size x86_stub_run, .-x86_stub_run

    .section .note.GNU-stack,"",@progbits
