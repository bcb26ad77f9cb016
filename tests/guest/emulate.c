/*
 * Instructions a kernel's own emulator may hand to the VMM: kernel-mode
 * x87 and SSE2 arithmetic (on PVM hosts every such instruction exits to
 * userspace), LOCK CMPXCHG8B and MOVNTI, REP string I/O to a port,
 * XGETBV (#UD without XSAVE), and SSE/odd-width accesses to MMIO (the
 * pc-testdev I/O RAM, when the machine has one), nested ENTER,
 * LAR/LSL/VERR/VERW, INT3 and INT n, and a single-step trap after an
 * emulated instruction. Each result is checked
 * against the value the architecture defines.
 *
 * Under the reference QEMU on a PVM host the VM stops at the first
 * emulation failure (run-guests.py expects that there).
 */
#include "guest.h"

#define CR4_OSFXSR      (1u << 9)
#define CR4_OSXMMEXCPT  (1u << 10)
#define CR4_OSXSAVE     (1u << 18)
#define COM1_SCRATCH    0x3ff
#define TESTDEV_IOMEM   0xff000000ul

static void write_cr4(uint64_t v)
{
    asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static void test_x87(void)
{
    int32_t r32 = 0;
    int64_t r64 = 0;
    uint16_t sw = 0, cw = 0, cw_trunc;
    int32_t seven = 7, three = 3;
    uint64_t flags;

    asm volatile("fninit\n"
                 "fld1\n"
                 "fld1\n"
                 "faddp\n"
                 "fistpl %0" : "=m"(r32));
    report_eq(r32, 2, "x87: fld1; fld1; faddp; fistp = 2");
    asm volatile("fildl %1\n"
                 "fildl %2\n"
                 "fdivrp\n"            /* st1 / st0 -> 7/3 */
                 "fistpl %0" : "=m"(r32) : "m"(seven), "m"(three));
    report_eq(r32, 2, "x87: fild 7; fild 3; fdivrp; fistp = 2 (nearest)");
    asm volatile("fnstcw %0" : "=m"(cw));
    report_eq(cw, 0x37f, "x87: fnstcw after fninit = 0x37f");
    cw_trunc = cw | 0xc00;
    asm volatile("fldcw %2\n"
                 "fildl %3\n"
                 "fildl %4\n"
                 "fdivrp\n"
                 "fldl2e\n"             /* 1.44 */
                 "faddp\n"              /* 3.77 */
                 "fistpl %0\n"
                 "fldcw %1"
                 : "=m"(r32) : "m"(cw), "m"(cw_trunc), "m"(seven),
                   "m"(three));
    report_eq(r32, 3, "x87: RC=truncate: 7/3 + log2(e) -> 3");
    asm volatile("fld1\n"
                 "fldz\n"
                 "fcomip %%st(1), %%st\n"   /* 0 < 1: CF=1 */
                 "pushfq\n"
                 "popq %0\n"
                 "fstp %%st(0)" : "=r"(flags));
    report((flags & 0x41) == 0x01, "x87: fcomip 0 vs 1 sets CF, clears ZF");
    asm volatile("fld1\n"
                 "fchs\n"
                 "ftst\n"
                 "fnstsw %%ax\n"
                 "fstp %%st(0)" : "=a"(sw));
    report((sw & 0x4500) == 0x0100, "x87: ftst of -1: C0=1 C2=0 C3=0 "
           "(fnstsw ax)");
    asm volatile("fildl %1\n"
                 "fimull %1\n"
                 "fsqrt\n"
                 "fistpll %0" : "=m"(r64) : "m"(seven));
    report_eq(r64, 7, "x87: sqrt(7*7) = 7 (fimul, fsqrt, fistp m64)");
}

/*
 * The VMM skips KVM_SET_XSAVE when an instruction leaves the x87/SSE
 * image as it was (compares, conversions to a general register, repeated
 * stores). Changes confined to MXCSR flags must still reach KVM, and the
 * registers must survive the instructions whose write-back is skipped.
 */
static void test_fpu_writeback(void)
{
    static const double two_and_half = 2.5;
    uint32_t mx_clear = 0x1f80, mx0 = 0, mx1 = 0, mx2 = 0;
    int32_t r1 = 0, r2 = 0, r3 = 0;
    uint64_t flags;

    /* Earlier conversions left MXCSR.PE set: clear it first. */
    asm volatile("ldmxcsr %1\n"
                 "stmxcsr %0" : "=m"(mx0) : "m"(mx_clear));
    asm volatile("cvttsd2si %7, %0\n"       /* 2, sets MXCSR.PE only */
                 "stmxcsr %3\n"
                 "cvttsd2si %7, %1\n"       /* image unchanged */
                 "stmxcsr %4\n"
                 "cvtsi2sd %8, %%xmm5\n"
                 "comisd %7, %%xmm5\n"     /* 9 vs 2.5: image unchanged */
                 "pushfq\n"
                 "popq %5\n"
                 "cvttsd2si %%xmm5, %2"
                 : "=&r"(r1), "=&r"(r2), "=&r"(r3), "=m"(mx1), "=m"(mx2),
                   "=&r"(flags)
                 : "m"(mx_clear), "m"(two_and_half), "r"(9)
                 : "cc");
    report_eq(mx0, 0x1f80, "sse2: ldmxcsr 0x1f80, stmxcsr");
    report(r1 == 2 && r2 == 2 && (mx1 & 0x3f) == 0x20 && mx2 == mx1,
           "sse2: cvttsd2si 2.5 sets MXCSR.PE, which stays set (MXCSR-only "
           "change written back)");
    report(r3 == 9 && (flags & 0x45) == 0,
           "sse2: comisd leaves xmm5 intact; 9.0 > 2.5 clears ZF PF CF");
}

static void test_sse2(void)
{
    int32_t r = 0;
    uint32_t a[4] = { 1, 2, 3, 0xffffffff }, b[4] = { 10, 20, 30, 1 };
    uint32_t out[4] __attribute__((aligned(16)));
    double d = 0;
    uint64_t flags;

    write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
    asm volatile("cvtsi2sd %1, %%xmm0\n"
                 "cvtsi2sd %2, %%xmm1\n"
                 "divsd %%xmm1, %%xmm0\n"      /* 2.5 */
                 "addsd %%xmm0, %%xmm0\n"      /* 5.0 */
                 "mulsd %%xmm1, %%xmm0\n"      /* 20.0 */
                 "sqrtsd %%xmm0, %%xmm0\n"     /* 4.47 */
                 "cvttsd2si %%xmm0, %0"
                 : "=r"(r) : "r"(10), "r"(4));
    report_eq(r, 4, "sse2: cvtsi2sd, divsd, addsd, mulsd, sqrtsd, "
              "cvttsd2si");
    asm volatile("cvtsi2sd %1, %%xmm2\n"
                 "subsd %%xmm2, %%xmm2\n"
                 "movsd %%xmm2, %0" : "=m"(d) : "r"(3));
    {
        uint64_t bits;

        memcpy(&bits, &d, sizeof(bits));
        report_eq(bits, 0, "sse2: subsd x - x = +0.0 (movsd store)");
    }
    asm volatile("movdqu %1, %%xmm3\n"
                 "movdqu %2, %%xmm4\n"
                 "paddd %%xmm4, %%xmm3\n"
                 "pxor %%xmm5, %%xmm5\n"
                 "psubd %%xmm3, %%xmm5\n"
                 "movdqa %%xmm5, %0"
                 : "=m"(out) : "m"(a), "m"(b));
    report(out[0] == (uint32_t)-11 && out[1] == (uint32_t)-22 &&
           out[2] == (uint32_t)-33 && out[3] == 0,
           "sse2: movdqu, paddd (wraps), pxor, psubd, movdqa store");
    asm volatile("cvtsi2sd %1, %%xmm6\n"
                 "cvtsi2sd %2, %%xmm7\n"
                 "comisd %%xmm7, %%xmm6\n"     /* 1 vs 2: CF=1 */
                 "pushfq\n"
                 "popq %0" : "=r"(flags) : "r"(1), "r"(2));
    report((flags & 0x45) == 0x01, "sse2: comisd 1.0 vs 2.0 sets CF only");
    asm volatile("cvtsi2ss %1, %%xmm0\n"
                 "shufps $0, %%xmm0, %%xmm0\n"
                 "addps %%xmm0, %%xmm0\n"
                 "cvttps2dq %%xmm0, %%xmm0\n"
                 "movdqu %%xmm0, %0" : "=m"(out) : "r"(21));
    report(out[0] == 42 && out[3] == 42, "sse: shufps, addps, cvttps2dq "
           "= 42 in every lane");
    test_fpu_writeback();
}

static void test_locked(void)
{
    uint64_t mem __attribute__((aligned(8))) = 0x1122334455667788ull;
    uint32_t lo = 0x55667788, hi = 0x11223344;
    uint8_t zf;
    uint64_t nt = 0;

    asm volatile("lock cmpxchg8b %0\n"
                 "setz %1"
                 : "+m"(mem), "=r"(zf), "+a"(lo), "+d"(hi)
                 : "b"(0xdeadbeef), "c"(0xcafef00d));
    report(zf && mem == 0xcafef00ddeadbeefull,
           "lock cmpxchg8b: equal -> stores ECX:EBX, ZF=1");
    lo = 0;
    asm volatile("lock cmpxchg8b %0\n"
                 "setz %1"
                 : "+m"(mem), "=r"(zf), "+a"(lo), "+d"(hi)
                 : "b"(1), "c"(2));
    report(!zf && lo == 0xdeadbeef && hi == 0xcafef00d,
           "lock cmpxchg8b: mismatch -> loads EDX:EAX, ZF=0");
    asm volatile("movnti %1, %0" : "=m"(nt) : "r"(0x0123456789abcdefull));
    report_eq(nt, 0x0123456789abcdefull, "movnti m64");
}

static void test_string_io(void)
{
    static const uint8_t out[4] = { 0x11, 0x22, 0x33, 0x44 };
    uint8_t in[4] = { 0 };
    const void *src = out;
    void *dst = in;
    uint64_t cnt = 4;

    asm volatile("cld\n"
                 "rep outsb" : "+S"(src), "+c"(cnt) : "d"(COM1_SCRATCH)
                 : "memory");
    report(cnt == 0 && src == out + 4, "rep outsb: RCX=0, RSI advanced");
    report_eq(inb(COM1_SCRATCH), 0x44, "rep outsb: last byte in the "
              "UART scratch register");
    cnt = 4;
    asm volatile("rep insb" : "+D"(dst), "+c"(cnt) : "d"(COM1_SCRATCH)
                 : "memory");
    report(cnt == 0 && in[0] == 0x44 && in[3] == 0x44 && dst == in + 4,
           "rep insb: four reads of the scratch register");
}

static void do_xgetbv(void *arg)
{
    uint32_t lo, hi;

    asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    *(uint64_t *)arg = ((uint64_t)hi << 32) | lo;
}

/*
 * XGETBV with CR4.OSXSAVE = 0 is #UD whatever CPUID says. The AVX part
 * runs only with -append avx=1 (a CPU model with XSAVE and AVX): on PVM
 * hosts the guest's CPUID instruction shows host bits, not the model's.
 */
static void test_xgetbv(void)
{
    struct exception_info info;
    uint64_t xcr0 = 0;

    write_cr4(read_cr4() & ~(uint64_t)CR4_OSXSAVE);
    report(run_expect_exception(do_xgetbv, &xcr0, &info) &&
           info.vector == UD_VECTOR, "xgetbv with CR4.OSXSAVE=0: #UD");
    if (!param_ulong("avx", 0)) {
        report_skip("AVX: CPU model without AVX (needs -append avx=1)");
        return;
    }
    write_cr4(read_cr4() | CR4_OSXSAVE);
    report(!run_expect_exception(do_xgetbv, &xcr0, &info) &&
           (xcr0 & 1), "xgetbv: XCR0.x87 set");
    if ((xcr0 & 6) != 6) {
        asm volatile("xsetbv" : : "c"(0), "a"((uint32_t)(xcr0 | 7)),
                     "d"((uint32_t)(xcr0 >> 32)));
        do_xgetbv(&xcr0);
    }
    report((xcr0 & 7) == 7, "xsetbv: XCR0 = x87|SSE|AVX");
    {
        uint32_t src[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, dst[8] = { 0 };

        asm volatile("vmovdqu %1, %%ymm0\n"
                     "vpaddd %%ymm0, %%ymm0, %%ymm1\n"
                     "vmovdqu %%ymm1, %0" : "=m"(dst) : "m"(src));
        report(dst[0] == 2 && dst[7] == 16,
               "avx: vmovdqu ymm load, vpaddd ymm, vmovdqu ymm store");
    }
}

static void test_mmio(void)
{
    volatile uint8_t *io = (volatile uint8_t *)TESTDEV_IOMEM;
    uint32_t v[4] = { 0x01020304, 0x05060708, 0x090a0b0c, 0x0d0e0f10 };
    uint32_t back[4] = { 0 };
    uint64_t q;

    if (!testdev_present()) {
        report_skip("MMIO: no pc-testdev (I/O RAM at 0xff000000)");
        return;
    }
    asm volatile("movdqu %1, %%xmm0\n"
                 "movdqu %%xmm0, (%0)\n"
                 "movdqu (%0), %%xmm1\n"
                 "movdqu %%xmm1, %2"
                 : : "r"(io), "m"(v), "m"(back) : "memory");
    report(back[0] == v[0] && back[3] == v[3],
           "MMIO: movdqu store and load through pc-testdev I/O RAM");
    asm volatile("movnti %1, 16(%0)" : : "r"(io), "r"(0x1122334455667788ull)
                 : "memory");
    q = *(volatile uint64_t *)(io + 16);
    report_eq(q, 0x1122334455667788ull, "MMIO: movnti m64");
    {
        int32_t seven = 7, r = 0;

        *(volatile uint32_t *)(io + 48) = 0;
        asm volatile("fninit\n"
                     "fildl %2\n"
                     "fsts 48(%1)\n"       /* second one: image unchanged */
                     "fsts 48(%1)\n"
                     "fistpl %0"
                     : "=m"(r) : "r"(io), "m"(seven) : "memory");
        report(r == 7 && *(volatile uint32_t *)(io + 48) == 0x40e00000,
               "MMIO: fild 7; fsts m32 twice (7.0f); fistp = 7");
    }
    *(volatile uint32_t *)(io + 33) = 0xa1b2c3d4;   /* misaligned */
    report_eq(*(volatile uint16_t *)(io + 34), 0xb2c3,
              "MMIO: misaligned dword write, word read back");
    {
        uint32_t lo = 0xc3d4, hi = 0;
        uint8_t zf;

        *(volatile uint64_t *)(io + 40) = 0xc3d4;
        asm volatile("lock cmpxchg8b 40(%2)\n"
                     "setz %0"
                     : "=r"(zf), "+a"(lo), "+r"(io), "+d"(hi)
                     : "b"(0x600d), "c"(0x1) : "memory");
        q = *(volatile uint64_t *)(io + 40);
        if (!zf || q != 0x10000600dull) {
            report_info("cmpxchg8b: ZF=%u EDX:EAX=%x:%x memory=0x%llx", zf,
                        hi, lo, (unsigned long long)q);
        }
        report(zf && q == 0x10000600dull, "MMIO: lock cmpxchg8b");
    }
}

/*
 * ENTER with a nesting level (KVM's own emulator refuses levels above 0)
 * and the descriptor queries LAR/LSL/VERR/VERW (it has none of them): on
 * PVM hosts they reach the userspace emulator, elsewhere they run
 * natively; the results are the architecture's either way.
 */
static void test_enter_lar(void)
{
    static uint64_t stack[16];
    uint64_t outer[4] = { 0x1111, 0x2222, 0x3333, 0x4444 };
    uint64_t *top = stack + 16, res[2];
    uint64_t ar, limit;
    uint8_t zf_lar, zf_lsl, zf_r, zf_w, zf_w2;

    /* Fixed registers: RBP may not carry an operand here. */
    asm volatile("mov %%rsp, %%r12\n\t"
                 "mov %%rbp, %%r13\n\t"
                 "mov %[top], %%rsp\n\t"
                 "mov %[bp], %%rbp\n\t"
                 "enter $32, $3\n\t"
                 "mov %%rbp, 0(%[res])\n\t"
                 "mov %%rsp, 8(%[res])\n\t"
                 "mov %%r13, %%rbp\n\t"
                 "mov %%r12, %%rsp"
                 : : [top] "S"(top), [bp] "d"(outer + 4), [res] "D"(res)
                 : "r12", "r13", "memory");
    report(res[0] == (uint64_t)(top - 1) && res[1] == (uint64_t)(top - 8) &&
           top[-1] == (uint64_t)(outer + 4) && top[-2] == 0x4444 &&
           top[-3] == 0x3333 && top[-4] == (uint64_t)(top - 1),
           "enter $32, $3: frame pointers copied, RBP and RSP");
    asm volatile("lar %[sel], %[ar]; setz %[z1]\n\t"
                 "lsl %[sel], %[lim]; setz %[z2]\n\t"
                 "verr %w[sel]; setz %[z3]\n\t"
                 "verw %w[sel]; setz %[z4]\n\t"
                 "verw %w[usel]; setz %[z5]"
                 : [ar] "=&r"(ar), [lim] "=&r"(limit), [z1] "=&r"(zf_lar),
                   [z2] "=&r"(zf_lsl), [z3] "=&r"(zf_r), [z4] "=&r"(zf_w),
                   [z5] "=&r"(zf_w2)
                 : [sel] "r"((uint64_t)SEL_CODE64),
                   [usel] "r"((uint64_t)SEL_UDATA | 3));
    report(zf_lar && (ar & ~0x100ull) == 0x00af9a00 && zf_lsl &&
           limit == 0xffffffff && zf_r && !zf_w && zf_w2,
           "lar/lsl/verr/verw of the 64-bit code and user data selectors");
}

static volatile unsigned soft_int_count;
static volatile uint64_t soft_int_rip, soft_int_rflags;

static void soft_int_handler(struct ex_regs *regs)
{
    soft_int_count++;
    soft_int_rip = regs->rip;
    soft_int_rflags = regs->rflags;
}

static void do_int3(void *arg)
{
    asm volatile("int3\n\t"
                 ".globl emulate_after_int3\n"
                 "emulate_after_int3:");
}

/*
 * INT3 and INT n at CPL 0: this PVM host's KVM refuses them (its own
 * emulator delivers software interrupts only in real mode), so they reach
 * the userspace emulator, which delivers them through the guest's IDT.
 */
static void test_soft_int(void)
{
    extern char emulate_after_int3[], emulate_after_int40[];
    struct exception_info info;
    uint64_t flags;

    report(run_expect_exception(do_int3, NULL, &info) &&
           info.vector == BP_VECTOR &&
           info.rip == (uint64_t)emulate_after_int3,
           "int3: #BP with RIP after the instruction");
    set_interrupt_handler(0x40, soft_int_handler);
    asm volatile("pushfq; pop %0\n\t"
                 "int $0x40\n\t"
                 ".globl emulate_after_int40\n"
                 "emulate_after_int40:" : "=r"(flags) : : "memory");
    report(soft_int_count == 1 &&
           soft_int_rip == (uint64_t)emulate_after_int40 &&
           soft_int_rflags == flags,
           "int $0x40: handler ran once, frame RIP and RFLAGS");
}

static volatile unsigned step_count;
static volatile uint64_t step_rip, step_dr6;

static void step_handler(struct ex_regs *regs)
{
    uint64_t dr6;

    asm volatile("mov %%dr6, %0" : "=r"(dr6));
    step_count++;
    step_rip = regs->rip;
    step_dr6 = dr6;
    regs->rflags &= ~(uint64_t)0x100;          /* stop stepping */
}

/*
 * TF set by POPF: the trap comes after the next instruction, an FILD
 * that exits to the userspace emulator on this host. The #DB handler
 * must see the RIP after the FILD and DR6.BS, exactly once.
 */
static void test_single_step(void)
{
    extern char emulate_after_step[];
    int32_t nine = 9, r32 = 0;

    asm volatile("mov %0, %%dr6" : : "r"((uint64_t)0xffff0ff0));
    set_interrupt_handler(DB_VECTOR, step_handler);
    asm volatile("fninit\n\t"
                 "pushfq\n\t"
                 "orq $0x100, (%%rsp)\n\t"
                 "popfq\n\t"
                 "fildl %1\n\t"
                 ".globl emulate_after_step\n"
                 "emulate_after_step:\n\t"
                 "fistpl %0" : "=m"(r32) : "m"(nine) : "memory");
    report(step_count == 1 && step_rip == (uint64_t)emulate_after_step &&
           (step_dr6 & 0x4000) && r32 == 9,
           "TF: one #DB after an emulated fild, RIP after it, DR6.BS");
    asm volatile("mov %0, %%dr6" : : "r"((uint64_t)0xffff0ff0));
}

int main(void)
{
    test_x87();
    test_sse2();
    test_locked();
    test_string_io();
    test_xgetbv();
    test_mmio();
    test_enter_lar();
    test_soft_int();
    test_single_step();
    report_summary();
}
