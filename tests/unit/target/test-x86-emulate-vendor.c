/*
 * Emulator rules that depend on the guest's CPU vendor or that the
 * oracle test (test-x86-emulate-oracle.c) can only check on one kind of
 * host:
 *   - VEX.W1 VPEXTRQ/VPINSRQ outside 64-bit mode: the SDM says VEX.W is
 *     ignored there (VPEXTRD/VPINSRD); AMD processors raise #UD (an EPYC
 *     host does, seen by the oracle). The emulator follows the guest's
 *     CPUID vendor, so both branches are checked here.
 *   - CRC32 against the published CRC-32C check value of "123456789"
 *     (0xE3069283), independent of the host.
 */
#include "x86-emu-test.h"

static bool host_has_avx(void)
{
    uint32_t a, b, c, d;

    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
                     : "a"(1), "c"(0));
    if (!(c & (1u << 27)) || !(c & (1u << 28))) {
        return false;
    }
    __asm__ volatile("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
    return (a & 7) == 7;
}

/*
 * Protected mode (32-bit, or 64-bit with long) with AVX usable and
 * XMM0 = dwords 0x11111111..0x44444444.
 */
static void avx_machine(bool long_mode, bool amd)
{
    t_cpuid1_ecx = X86_F1_ECX_AVX | X86_F1_ECX_XSAVE | X86_F1_ECX_SSE41;
    if (long_mode) {
        t_long(3);
    } else {
        t_prot(true, 3);
    }
    t_feat.vendor_amd = amd;
    t_cpu.cr0 |= X86_CR0_NE_BIT;
    t_cpu.cr4 = X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT | X86_CR4_OSXSAVE;
    t_cpu.xcr0 = X86_XCR0_X87 | X86_XCR0_SSE | X86_XCR0_AVX;
    t_cpu.fx.fcw = 0x37f;
    t_cpu.fx.mxcsr = 0x1f80;
    for (int i = 0; i < 4; i++) {
        uint32_t v = 0x11111111u * (i + 1);

        memcpy(&t_cpu.fx.xmm[0][4 * i], &v, 4);
    }
    t_cpu.valid = X86_VALID_FPU | X86_VALID_XCR;
}

static void test_vpextrq_w1(void)
{
    if (!host_has_avx()) {
        g_test_skip("the host has no AVX (the emulator runs VEX forms on it)");
        return;
    }
    /* c4 e3 f9 16 c0 01: VEX.128.66.0F3A.W1 16 /r ib, EAX <- XMM0[1]. */
    avx_machine(false, false);
    t_cpu.gpr[X86_RAX] = 0;
    t_expect_ok("c4 e3 f9 16 c0 01");
    g_assert_cmphex(t_cpu.gpr[X86_RAX] & 0xffffffff, ==, 0x22222222);

    avx_machine(false, true);
    t_expect_exc("c4 e3 f9 16 c0 01", X86_EXC_UD, -1);
    /* VPINSRQ xmm1, xmm2, eax, 0 (W1): the same rule. */
    avx_machine(false, true);
    t_expect_exc("c4 e3 e9 22 c8 00", X86_EXC_UD, -1);
    avx_machine(false, false);
    t_cpu.gpr[X86_RAX] = 0xdeadbeef;
    t_expect_ok("c4 e3 e9 22 c8 00");
    {
        uint32_t lo;

        memcpy(&lo, t_cpu.fx.xmm[1], 4);
        g_assert_cmphex(lo, ==, 0xdeadbeef);
    }

    /* 64-bit mode: VPEXTRQ for every vendor. */
    avx_machine(true, true);
    t_expect_ok("c4 e3 f9 16 c0 00");
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0x2222222211111111ull);
}

static const char *vendor;

static void vendor_cpuid(void *opaque, uint32_t leaf, uint32_t sub,
                         uint32_t r[4])
{
    memset(r, 0, 4 * sizeof(uint32_t));
    if (leaf == 0) {
        r[0] = 1;
        memcpy(&r[1], vendor, 4);            /* EBX, EDX, ECX */
        memcpy(&r[3], vendor + 4, 4);
        memcpy(&r[2], vendor + 8, 4);
    }
}

static void test_vendor_from_cpuid(void)
{
    static const struct x86_emu_ops ops = { .cpuid = vendor_cpuid };
    static const char *const amd[] = { "AuthenticAMD", "HygonGenuine" };
    static const char *const other[] = {
        "GenuineIntel", "CentaurHauls", "KVMKVMKVM\0\0\0",
    };
    struct x86_emu_features f;

    for (unsigned i = 0; i < G_N_ELEMENTS(amd); i++) {
        vendor = amd[i];
        x86_emu_features_from_cpuid(&f, &ops, NULL);
        g_assert_true(f.vendor_amd);
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(other); i++) {
        vendor = other[i];
        x86_emu_features_from_cpuid(&f, &ops, NULL);
        g_assert_false(f.vendor_amd);
    }
}

static void test_crc32_check_value(void)
{
    static const char msg[] = "123456789";

    t_cpuid1_ecx = X86_F1_ECX_SSE42;
    t_prot(true, 0);
    t_put(0x2000, 0x3837363534333231ull, 8);    /* "12345678" */
    t_put(0x2008, '9', 1);
    g_assert_cmpmem(t_mem + 0x2000, 9, msg, 9);
    t_cpu.gpr[X86_RAX] = 0xffffffff;
    t_cpu.gpr[X86_RSI] = 0x2000;
    for (int i = 0; i < 9; i++) {
        t_cpu.rip = 0x1000;
        t_expect_ok("f2 0f 38 f0 06");       /* crc32 eax, byte [esi] */
        t_cpu.gpr[X86_RSI]++;
    }
    g_assert_cmphex(t_cpu.gpr[X86_RAX] ^ 0xffffffff, ==, 0xe3069283);

    /* The same over a dword and a word and three bytes, 32-bit dest. */
    t_cpu.gpr[X86_RAX] = 0xffffffff;
    t_cpu.gpr[X86_RSI] = 0x2000;
    t_expect_ok("f2 0f 38 f1 06");           /* crc32 eax, dword [esi] */
    t_cpu.gpr[X86_RSI] = 0x2004;
    t_expect_ok("66 f2 0f 38 f1 06");        /* crc32 eax, word [esi] */
    for (int i = 6; i < 9; i++) {
        t_cpu.gpr[X86_RSI] = 0x2000 + i;
        t_expect_ok("f2 0f 38 f0 06");
    }
    g_assert_cmphex(t_cpu.gpr[X86_RAX] ^ 0xffffffff, ==, 0xe3069283);

    /* Real mode, the whole message as a qword and a byte, 64-bit dest
     * in long mode: the result is zero-extended. */
    t_real();
    t_put(0x2000, 0x3837363534333231ull, 8);
    t_put(0x2008, '9', 1);
    t_cpu.gpr[X86_RAX] = 0xffffffff;
    t_cpu.gpr[X86_RSI] = 0x2000;
    t_expect_ok("66 67 f2 0f 38 f1 06");     /* crc32 eax, dword [esi] */
    t_cpu.gpr[X86_RSI] = 0x2004;
    t_expect_ok("66 67 f2 0f 38 f1 06");
    t_cpu.gpr[X86_RSI] = 0x2008;
    t_expect_ok("67 f2 0f 38 f0 06");        /* crc32 eax, byte [esi] */
    g_assert_cmphex((uint32_t)t_cpu.gpr[X86_RAX] ^ 0xffffffff, ==,
                    0xe3069283);
    t_long(0);
    t_put(0x2000, 0x3837363534333231ull, 8);
    t_put(0x2008, '9', 1);
    t_cpu.gpr[X86_RAX] = 0xabcdef00ffffffffull;
    t_cpu.gpr[X86_RSI] = 0x2000;
    t_expect_ok("f2 48 0f 38 f1 06");        /* crc32 rax, qword [rsi] */
    t_cpu.gpr[X86_RSI] = 0x2008;
    t_expect_ok("f2 48 0f 38 f0 06");        /* crc32 rax, byte [rsi] */
    g_assert_cmphex(t_cpu.gpr[X86_RAX] ^ 0xffffffff, ==, 0xe3069283);
    g_assert_cmphex(t_get(0x2000, 8), ==, 0x3837363534333231ull);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/emulate/vendor/vpextrq-w1", test_vpextrq_w1);
    g_test_add_func("/x86/emulate/vendor/from-cpuid",
                    test_vendor_from_cpuid);
    g_test_add_func("/x86/emulate/vendor/crc32", test_crc32_check_value);
    return g_test_run();
}
