/*
 * Emulator: CLI/STI (IOPL, CR4.VME/PVI, the STI shadow), SWAPGS, RDPID,
 * SALC and BOUND. Expected behaviour from the SDM's operation sections.
 */
#include "x86-emu-test.h"

#define FL_VIF (1u << 19)
#define FL_VIP (1u << 20)
#define CR4_VME 1u
#define CR4_PVI 2u

static uint64_t kernel_gs = 0xffff888000001000ull, tsc_aux = 0x12345678;

static int m_rdmsr(void *opaque, uint32_t index, uint64_t *val)
{
    switch (index) {
    case 0xc0000102:
        *val = kernel_gs;
        return 0;
    case 0xc0000103:
        *val = tsc_aux;
        return 0;
    default:
        return -EINVAL;
    }
}

static int m_wrmsr(void *opaque, uint32_t index, uint64_t val)
{
    if (index != 0xc0000102) {
        return -EINVAL;
    }
    kernel_gs = val;
    return 0;
}

static struct x86_emu_ops msr_ops;

static void with_msrs(void)
{
    msr_ops = t_ops;
    msr_ops.rdmsr = m_rdmsr;
    msr_ops.wrmsr = m_wrmsr;
    t_emu.ops = &msr_ops;
}

static void cli_sti(const char *enc, uint64_t flags_before, uint64_t want)
{
    t_cpu.rflags = flags_before | X86_FL_FIXED;
    t_expect_ok(enc);
    g_assert_cmphex(t_cpu.rflags, ==, want | X86_FL_FIXED);
}

static void test_cli_sti(void)
{
    const uint64_t iopl3 = X86_FL_IOPL;

    t_real();                                    /* no checks */
    cli_sti("fb", 0, X86_FL_IF);
    g_assert_true(t_emu.sti_shadow);
    cli_sti("fb", X86_FL_IF, X86_FL_IF);         /* already set */
    g_assert_false(t_emu.sti_shadow);
    cli_sti("fa", X86_FL_IF, 0);
    t_prot(true, 0);
    cli_sti("fa", X86_FL_IF, 0);
    t_prot(true, 3);                             /* IOPL 3 >= CPL 3 */
    cli_sti("fb", iopl3, iopl3 | X86_FL_IF);
    t_cpu.rflags = X86_FL_FIXED | (1u << 12);    /* IOPL 1 < CPL 3 */
    t_expect_exc("fa", X86_EXC_GP, 0);
    t_expect_exc("fb", X86_EXC_GP, 0);
    /* CR4.PVI at CPL 3: VIF instead; STI with VIP pending is #GP. */
    t_cpu.cr4 = CR4_PVI;
    cli_sti("fb", 0, FL_VIF);
    g_assert_false(t_emu.sti_shadow);
    cli_sti("fa", FL_VIF | X86_FL_IF, X86_FL_IF);
    t_cpu.rflags = X86_FL_FIXED | FL_VIP;
    t_expect_exc("fb", X86_EXC_GP, 0);
    t_prot(true, 1);                             /* PVI is CPL 3 only */
    t_cpu.cr4 = CR4_PVI;
    t_expect_exc("fa", X86_EXC_GP, 0);
    /* Virtual-8086 mode: IOPL 3, else CR4.VME. */
    t_real();
    t_cpu.cr0 |= X86_CR0_PE_BIT;
    cli_sti("fb", X86_FL_VM | iopl3, X86_FL_VM | iopl3 | X86_FL_IF);
    t_cpu.rflags = X86_FL_FIXED | X86_FL_VM;
    t_expect_exc("fa", X86_EXC_GP, 0);
    t_cpu.cr4 = CR4_VME;
    cli_sti("fa", X86_FL_VM | FL_VIF | X86_FL_IF, X86_FL_VM | X86_FL_IF);
    cli_sti("fb", X86_FL_VM, X86_FL_VM | FL_VIF);
    t_cpu.rflags = X86_FL_FIXED | X86_FL_VM | FL_VIP;
    t_expect_exc("fb", X86_EXC_GP, 0);
}

static void test_swapgs_rdpid(void)
{
    t_long(0);
    with_msrs();
    t_cpu.seg[X86_SEG_GS].base = 0x7f0000001000ull;
    t_expect_ok("0f 01 f8");
    g_assert_cmphex(t_cpu.seg[X86_SEG_GS].base, ==, 0xffff888000001000ull);
    g_assert_cmphex(kernel_gs, ==, 0x7f0000001000ull);
    g_assert_true(t_cpu.dirty & X86_DIRTY_SREGS);
    t_long(3);
    with_msrs();
    t_expect_exc("0f 01 f8", X86_EXC_GP, 0);
    t_prot(true, 0);
    t_expect_exc("0f 01 f8", X86_EXC_UD, -1);    /* 64-bit mode only */
    /* RDPID is unprivileged; the host offers it to the fake CPUID? */
    t_cpuid7_ecx = 1u << 22;
    t_long(3);
    with_msrs();
    t_cpu.gpr[X86_RBX] = ~0ull;
    t_expect_ok("f3 0f c7 fb");                  /* rdpid rbx */
    g_assert_cmphex(t_cpu.gpr[X86_RBX], ==, 0x12345678);
    t_prot(true, 3);
    with_msrs();
    t_expect_ok("f3 0f c7 f9");                  /* rdpid ecx */
    g_assert_cmphex(t_cpu.gpr[X86_RCX], ==, 0x12345678);
    t_cpuid7_ecx = 0;
    t_prot(true, 3);
    t_expect_exc("f3 0f c7 f9", X86_EXC_UD, -1); /* not offered */
}

static void test_salc_bound(void)
{
    t_prot(true, 3);
    t_cpu.gpr[X86_RAX] = 0x1234;
    t_cpu.rflags = X86_FL_FIXED | X86_FL_CF;
    t_expect_ok("d6");
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0x12ff);
    t_cpu.rflags = X86_FL_FIXED;
    t_expect_ok("d6");
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0x1200);
    g_assert_cmphex(t_cpu.rflags, ==, X86_FL_FIXED);
    /* BOUND eax, [ebx]: signed bounds, inclusive. */
    t_cpu.gpr[X86_RBX] = 0x2000;
    t_put(0x2000, (uint32_t)-5, 4);
    t_put(0x2004, 100, 4);
    for (int v = -6; v <= 101; v++) {
        t_cpu.gpr[X86_RAX] = (uint32_t)v;
        if (v < -5 || v > 100) {
            t_expect_exc("62 03", X86_EXC_BR, -1);
            g_assert_false(t_emu.exc.has_error_code);
        } else {
            t_expect_ok("62 03");
        }
    }
    /* 16-bit: two words. */
    t_put(0x2000, 0x0010fff0, 4);                /* -16 .. 16 */
    t_cpu.gpr[X86_RAX] = 0xffff0011;
    t_expect_exc("66 62 03", X86_EXC_BR, -1);
    t_cpu.gpr[X86_RAX] = 0x0000fff0;
    t_expect_ok("66 62 03");
    t_long(0);
    t_expect_exc("d6", X86_EXC_UD, -1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/emulate/sys/cli-sti", test_cli_sti);
    g_test_add_func("/x86/emulate/sys/swapgs-rdpid", test_swapgs_rdpid);
    g_test_add_func("/x86/emulate/sys/salc-bound", test_salc_bound);
    return g_test_run();
}
