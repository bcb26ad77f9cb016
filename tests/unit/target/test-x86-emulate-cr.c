/*
 * Emulator: MOV to/from control and debug registers, CLTS, LMSW, SMSW.
 * Expected behaviour from the SDM (Vol. 2 MOV CR/DR exception lists,
 * Vol. 3 2.5, 4.4.1, 10.8.5, 18.2) and KVM's set_cr*() rules, which the
 * emulator must not be looser than (its values go back to KVM).
 */
#include "x86-emu-test.h"

#define CR4_DE     (1ull << 3)
#define CR4_PCIDE  (1ull << 17)
#define CR4_UMIP   (1ull << 11)
#define CR4_CET    (1ull << 23)

static void mov_to_cr_ok(const char *enc, uint64_t v)
{
    t_cpu.gpr[X86_RAX] = v;
    t_expect_ok(enc);
}

static void mov_to_cr_gp(const char *enc, uint64_t v)
{
    t_cpu.gpr[X86_RAX] = v;
    t_expect_exc(enc, X86_EXC_GP, 0);
}

/* Every form needs CPL 0: #GP(0) at CPL 3 and in virtual-8086 mode. */
static void test_privilege(void)
{
    static const char *const enc[] = {
        "0f 20 c0", "0f 22 c0", "0f 21 c0", "0f 23 f8", "0f 06", "0f 01 f0",
    };

    for (int v86 = 0; v86 < 2; v86++) {
        for (size_t i = 0; i < G_N_ELEMENTS(enc); i++) {
            t_prot(true, 3);
            if (v86) {
                t_real();
                t_cpu.cr0 |= X86_CR0_PE_BIT;
                t_cpu.rflags |= X86_FL_VM | X86_FL_IOPL;
            }
            t_cpu.cr0 |= X86_CR0_TS_BIT;
            t_expect_exc(enc[i], X86_EXC_GP, 0);
            g_assert_cmphex(t_cpu.cr0 & X86_CR0_TS_BIT, !=, 0);
        }
    }
    /* Real mode is CPL 0. */
    t_real();
    t_cpu.cr0 |= X86_CR0_TS_BIT;
    t_expect_ok("0f 06");
    g_assert_cmphex(t_cpu.cr0, ==, X86_CR0_ET_BIT);
    g_assert_true(t_cpu.dirty & X86_DIRTY_SREGS);
}

static void test_read(void)
{
    t_prot(true, 0);
    t_cpu.cr0 |= X86_CR0_WP_BIT;
    t_cpu.cr2 = 0xdeadbeef;
    t_cpu.cr3 = 0x123000;
    t_cpu.cr4 = X86_CR4_PSE;
    t_cpu.gpr[X86_RBX] = ~0ull;
    t_expect_ok("0f 20 c3");                     /* mov ebx, cr0 */
    g_assert_cmphex(t_cpu.gpr[X86_RBX], ==, t_cpu.cr0);
    t_expect_ok("0f 20 d1");                     /* mov ecx, cr2 */
    g_assert_cmphex(t_cpu.gpr[X86_RCX], ==, 0xdeadbeef);
    t_expect_ok("0f 20 da");                     /* mov edx, cr3 */
    g_assert_cmphex(t_cpu.gpr[X86_RDX], ==, 0x123000);
    t_expect_ok("0f 20 e6");                     /* mov esi, cr4 */
    g_assert_cmphex(t_cpu.gpr[X86_RSI], ==, X86_CR4_PSE);
    g_assert_false(t_cpu.dirty & X86_DIRTY_SREGS);
    t_long(0);
    t_cpu.cr2 = 0xffff800012345678ull;
    t_cpu.cr8 = 9;
    t_expect_ok("41 0f 20 d1");                  /* mov r9, cr2 */
    g_assert_cmphex(t_cpu.gpr[X86_R9], ==, 0xffff800012345678ull);
    t_expect_ok("44 0f 20 c0");                  /* mov rax, cr8 */
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 9);
    /* The mod field is ignored: C0 and 00 both name registers. */
    t_expect_ok("44 0f 20 00");
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 9);
    /* CR1, CR5-7, CR9-15 do not exist. */
    t_expect_exc("0f 20 c8", X86_EXC_UD, -1);
    t_expect_exc("0f 22 e8", X86_EXC_UD, -1);
    t_expect_exc("44 0f 20 c8", X86_EXC_UD, -1);
}

static void test_cr0(void)
{
    t_prot(true, 0);
    /* Reserved bits 31:0 are ignored, ET reads 1. */
    mov_to_cr_ok("0f 22 c0", X86_CR0_PE_BIT | X86_CR0_MP_BIT | 0x1ffaffc0);
    g_assert_cmphex(t_cpu.cr0, ==, X86_CR0_PE_BIT | X86_CR0_MP_BIT |
                    X86_CR0_ET_BIT);
    /* The same value again: nothing to write back. */
    mov_to_cr_ok("0f 22 c0", t_cpu.cr0);
    g_assert_false(t_cpu.dirty & X86_DIRTY_SREGS);
    mov_to_cr_gp("0f 22 c0", X86_CR0_PG_BIT);               /* PG, no PE */
    mov_to_cr_gp("0f 22 c0", X86_CR0_PE_BIT | X86_CR0_NW_BIT);
    mov_to_cr_ok("0f 22 c0", X86_CR0_PE_BIT | X86_CR0_NW_BIT |
                 X86_CR0_CD_BIT);
    /* Paging on, 32-bit. */
    mov_to_cr_ok("0f 22 c0", X86_CR0_PE_BIT | X86_CR0_PG_BIT);
    g_assert_cmphex(t_cpu.cr0, ==, X86_CR0_PE_BIT | X86_CR0_PG_BIT |
                    X86_CR0_ET_BIT);
    g_assert_true(t_cpu.dirty & X86_DIRTY_SREGS);
    /* Back to real mode. */
    mov_to_cr_ok("0f 22 c0", 0);
    g_assert_cmphex(t_cpu.cr0, ==, X86_CR0_ET_BIT);
}

/* Entering and leaving IA-32e mode (SDM 10.8.5). */
static void test_cr0_long_mode(void)
{
    const uint64_t pe_pg = X86_CR0_PE_BIT | X86_CR0_PG_BIT;

    t_prot(true, 0);
    t_cpu.efer = X86_EFER_LME;
    mov_to_cr_gp("0f 22 c0", pe_pg);             /* no CR4.PAE */
    t_cpu.cr4 = X86_CR4_PAE;
    t_cpu.seg[X86_SEG_CS].l = 1;
    mov_to_cr_gp("0f 22 c0", pe_pg);             /* CS.L set */
    t_cpu.seg[X86_SEG_CS].l = 0;
    mov_to_cr_ok("0f 22 c0", pe_pg);
    g_assert_cmphex(t_cpu.efer, ==, X86_EFER_LME | X86_EFER_LMA_BIT);
    /* Compatibility mode may clear PG: LMA goes. */
    mov_to_cr_ok("0f 22 c0", X86_CR0_PE_BIT);
    g_assert_cmphex(t_cpu.efer, ==, X86_EFER_LME);
    /* 64-bit mode may not. Bits 63:32 are reserved. */
    t_long(0);
    t_cpu.cr0 |= X86_CR0_PG_BIT;
    t_cpu.cr4 = X86_CR4_PAE;
    mov_to_cr_gp("0f 22 c0", X86_CR0_PE_BIT);
    mov_to_cr_gp("0f 22 c0", pe_pg | (1ull << 32));
    mov_to_cr_ok("0f 22 c0", pe_pg | X86_CR0_WP_BIT);
    g_assert_cmphex(t_cpu.efer, ==, X86_EFER_LME | X86_EFER_LMA_BIT);
    /* CR4.CET needs CR0.WP; CR4.PCIDE needs CR0.PG. */
    t_cpu.cr4 |= CR4_CET;
    mov_to_cr_gp("0f 22 c0", pe_pg);
    t_cpu.cr4 = X86_CR4_PAE | CR4_PCIDE;
    t_cpu.seg[X86_SEG_CS].l = 0;                 /* compatibility mode */
    mov_to_cr_gp("0f 22 c0", X86_CR0_PE_BIT);
}

/* PAE paging outside long mode: the PDPTEs are checked (SDM 4.4.1). */
static void test_pdptes(void)
{
    const uint64_t pe_pg = X86_CR0_PE_BIT | X86_CR0_PG_BIT;

    t_prot(true, 0);
    t_cpu.cr4 = X86_CR4_PAE;
    t_cpu.cr3 = 0x3000;
    t_put(0x3000, 0x4001, 8);
    t_put(0x3008, 0x4000 | 0x2, 8);              /* not present: ignored */
    t_put(0x3010, 0x5001 | (1ull << 45), 8);     /* above MAXPHYADDR 40 */
    mov_to_cr_gp("0f 22 c0", pe_pg);
    g_assert_cmphex(t_cpu.cr0 & X86_CR0_PG_BIT, ==, 0);
    t_put(0x3010, 0x5001, 8);
    mov_to_cr_ok("0f 22 c0", pe_pg);
    /* MOV CR3 loads them too; bits 2:1 and 8:5 are reserved. */
    t_put(0x6018, 0x7001 | 0x20, 8);
    mov_to_cr_gp("0f 22 d8", 0x6000);
    g_assert_cmphex(t_cpu.cr3, ==, 0x3000);
    t_put(0x6018, 0x7001, 8);
    mov_to_cr_ok("0f 22 d8", 0x6000);
    g_assert_cmphex(t_cpu.cr3, ==, 0x6000);
    /* So does a CR4 write that changes PGE. */
    t_put(0x6000, 0x7001 | 0x4, 8);
    mov_to_cr_gp("0f 22 e0", X86_CR4_PAE | (1ull << 7));
    mov_to_cr_ok("0f 22 e0", X86_CR4_PAE | X86_CR4_OSFXSR);
}

static void test_cr3(void)
{
    t_long(0);
    t_cpu.cr0 |= X86_CR0_PG_BIT;
    t_cpu.cr4 = X86_CR4_PAE;
    mov_to_cr_ok("0f 22 d8", 0xff12345000ull);    /* 40-bit MAXPHYADDR */
    g_assert_cmphex(t_cpu.cr3, ==, 0xff12345000ull);
    mov_to_cr_gp("0f 22 d8", 0x10012345000ull);
    mov_to_cr_gp("0f 22 d8", (1ull << 63) | 0x1000);
    /* With PCIDE, bit 63 means "no flush" and is not stored. */
    t_cpu.cr4 |= CR4_PCIDE;
    mov_to_cr_ok("0f 22 d8", (1ull << 63) | 0x2005);
    g_assert_cmphex(t_cpu.cr3, ==, 0x2005);
    /* 32-bit paging: the whole 32-bit value. */
    t_prot(true, 0);
    mov_to_cr_ok("0f 22 d8", 0xfffff018);
    g_assert_cmphex(t_cpu.cr3, ==, 0xfffff018);
}

static void test_cr4(void)
{
    t_prot(true, 0);
    mov_to_cr_ok("0f 22 e0", X86_CR4_PSE | X86_CR4_OSFXSR | CR4_DE | 1);
    g_assert_cmphex(t_cpu.cr4, ==, X86_CR4_PSE | X86_CR4_OSFXSR | CR4_DE |
                    1);
    /* Feature bits follow the guest's CPUID. */
    mov_to_cr_gp("0f 22 e0", X86_CR4_SMEP);
    mov_to_cr_gp("0f 22 e0", X86_CR4_OSXSAVE);
    mov_to_cr_gp("0f 22 e0", 1ull << 15);        /* reserved */
    t_cpuid1_ecx = X86_F1_ECX_XSAVE | (1u << 17);        /* XSAVE, PCID */
    t_cpuid7_ebx = 1u << 7;                              /* SMEP */
    t_cpuid7_ecx = (1u << 16) | (1u << 2) | (1u << 7);   /* LA57 UMIP CET */
    t_prot(true, 0);
    mov_to_cr_ok("0f 22 e0", X86_CR4_SMEP | X86_CR4_OSXSAVE | CR4_UMIP);
    /* PCIDE only in IA-32e mode, and with CR3[11:0] = 0. */
    mov_to_cr_gp("0f 22 e0", CR4_PCIDE);
    t_long(0);
    t_cpu.cr0 |= X86_CR0_PG_BIT;
    t_cpu.cr4 = X86_CR4_PAE;
    t_cpu.cr3 = 0x5001;
    mov_to_cr_gp("0f 22 e0", X86_CR4_PAE | CR4_PCIDE);
    t_cpu.cr3 = 0x5000;
    mov_to_cr_ok("0f 22 e0", X86_CR4_PAE | CR4_PCIDE);
    /* Long mode: PAE stays, LA57 does not change; CET needs CR0.WP. */
    mov_to_cr_gp("0f 22 e0", 0);
    mov_to_cr_gp("0f 22 e0", X86_CR4_PAE | X86_CR4_LA57);
    mov_to_cr_gp("0f 22 e0", X86_CR4_PAE | CR4_CET);
    t_cpu.cr0 |= X86_CR0_WP_BIT;
    mov_to_cr_ok("0f 22 e0", X86_CR4_PAE | CR4_CET);
    mov_to_cr_gp("0f 22 e0", X86_CR4_PAE | (1ull << 32));
    t_cpuid1_ecx = t_cpuid7_ebx = t_cpuid7_ecx = 0;
}

static void test_cr2_cr8(void)
{
    t_long(0);
    mov_to_cr_ok("0f 22 d0", 0x8000000000001234ull);
    g_assert_cmphex(t_cpu.cr2, ==, 0x8000000000001234ull);
    mov_to_cr_ok("44 0f 22 c0", 0xf);
    g_assert_cmphex(t_cpu.cr8, ==, 0xf);
    mov_to_cr_gp("44 0f 22 c0", 0x10);
    g_assert_cmphex(t_cpu.cr8, ==, 0xf);
}

static int loads;

static int t_load_dr(void *opaque, struct x86_cpu_state *cpu)
{
    loads++;
    for (int i = 0; i < 4; i++) {
        cpu->dr[i] = 0x1000 * (i + 1);
    }
    cpu->dr[6] = 0xffff4ff1;
    cpu->dr[7] = 0x401;
    return 0;
}

static void test_dr(void)
{
    struct x86_emu_ops ops = t_ops;

    t_prot(true, 0);
    t_expect_ok("0f 21 f8");                     /* mov eax, dr7 */
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0x400);
    ops.load_dr = t_load_dr;
    t_prot(true, 0);
    t_emu.ops = &ops;
    loads = 0;
    t_expect_ok("0f 21 d3");                     /* mov ebx, dr2 */
    g_assert_cmphex(t_cpu.gpr[X86_RBX], ==, 0x3000);
    t_expect_ok("0f 21 e1");                     /* mov ecx, dr4 = dr6 */
    g_assert_cmphex(t_cpu.gpr[X86_RCX], ==, 0xffff4ff1);
    g_assert_cmpint(loads, ==, 1);
    g_assert_false(t_cpu.dirty & X86_DIRTY_DR);
    /* DR6: only B0-3, BD, BS, BT; the rest reads as 1. */
    mov_to_cr_ok("0f 23 f0", 0x00000002);
    g_assert_cmphex(t_cpu.dr[6], ==, 0xffff0ff2);
    g_assert_true(t_cpu.dirty & X86_DIRTY_DR);
    mov_to_cr_ok("0f 23 e8", 0xffffffff);        /* dr5 = dr7 */
    g_assert_cmphex(t_cpu.dr[7], ==, 0xffff2fff);
    /* With CR4.DE, DR4 and DR5 are #UD. */
    t_cpu.cr4 = CR4_DE;
    t_expect_exc("0f 21 e0", X86_EXC_UD, -1);
    t_expect_exc("0f 23 e8", X86_EXC_UD, -1);
    /* DR7.GD: #DB before the access, DR6.BD set, GD cleared. */
    g_assert_true(t_cpu.dr[7] & (1u << 13));
    t_cpu.dirty = 0;
    t_cpu.gpr[X86_RAX] = 0;
    t_expect_exc("0f 21 c0", X86_EXC_DB, -1);
    g_assert_false(t_emu.exc.has_error_code);
    g_assert_cmphex(t_cpu.dr[6] & (1u << 13), !=, 0);
    g_assert_cmphex(t_cpu.dr[7] & (1u << 13), ==, 0);
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0);
    t_expect_ok("0f 21 c0");
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0x1000);
    /* 64-bit: DR0-3 take 64 bits, DR6/DR7 bits 63:32 are #GP. */
    t_long(0);
    t_emu.ops = &ops;
    mov_to_cr_ok("0f 23 c8", 0xffff888812345678ull);
    g_assert_cmphex(t_cpu.dr[1], ==, 0xffff888812345678ull);
    mov_to_cr_gp("0f 23 f8", 1ull << 32);
    mov_to_cr_gp("0f 23 f0", 1ull << 40);
    t_expect_exc("44 0f 21 c0", X86_EXC_UD, -1);  /* DR8 */
    t_emu.ops = &t_ops;
}

static void test_lmsw_smsw(void)
{
    t_real();
    t_cpu.cr0 |= X86_CR0_TS_BIT | X86_CR0_CD_BIT;
    t_cpu.gpr[X86_RAX] = 0xfffd;                 /* PE, EM, TS=1, MP=0 */
    t_expect_ok("0f 01 f0");                     /* lmsw ax */
    g_assert_cmphex(t_cpu.cr0, ==, X86_CR0_ET_BIT | X86_CR0_CD_BIT |
                    X86_CR0_PE_BIT | X86_CR0_EM_BIT | X86_CR0_TS_BIT);
    /* PE cannot be cleared. */
    t_cpu.gpr[X86_RAX] = 0;
    t_expect_ok("0f 01 f0");
    g_assert_cmphex(t_cpu.cr0, ==, X86_CR0_ET_BIT | X86_CR0_CD_BIT |
                    X86_CR0_PE_BIT);
    /* LMSW from memory, SMSW to memory (16 bits) and to a register. */
    t_prot(true, 0);
    t_cpu.cr0 |= X86_CR0_NE_BIT | X86_CR0_TS_BIT;
    t_cpu.gpr[X86_RBX] = 0x2000;
    t_put(0x2000, 0x0004, 2);
    t_expect_ok("0f 01 33");                     /* lmsw [ebx] */
    g_assert_cmphex(t_cpu.cr0, ==, X86_CR0_NE_BIT | X86_CR0_ET_BIT |
                    X86_CR0_PE_BIT | X86_CR0_EM_BIT);
    t_put(0x2000, 0xaaaaaaaa, 4);
    t_expect_ok("0f 01 23");                     /* smsw [ebx] */
    g_assert_cmphex(t_get(0x2000, 4), ==, 0xaaaa0035);
    t_expect_ok("0f 01 e1");                     /* smsw ecx */
    g_assert_cmphex(t_cpu.gpr[X86_RCX], ==, t_cpu.cr0);
    /* SMSW is unprivileged unless CR4.UMIP. */
    t_prot(true, 3);
    t_expect_ok("0f 01 e1");
    t_cpu.cr4 = CR4_UMIP;
    t_expect_exc("0f 01 e1", X86_EXC_GP, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/emulate/cr/privilege", test_privilege);
    g_test_add_func("/x86/emulate/cr/read", test_read);
    g_test_add_func("/x86/emulate/cr/cr0", test_cr0);
    g_test_add_func("/x86/emulate/cr/cr0-long-mode", test_cr0_long_mode);
    g_test_add_func("/x86/emulate/cr/pdptes", test_pdptes);
    g_test_add_func("/x86/emulate/cr/cr3", test_cr3);
    g_test_add_func("/x86/emulate/cr/cr4", test_cr4);
    g_test_add_func("/x86/emulate/cr/cr2-cr8", test_cr2_cr8);
    g_test_add_func("/x86/emulate/dr", test_dr);
    g_test_add_func("/x86/emulate/cr/lmsw-smsw", test_lmsw_smsw);
    return g_test_run();
}
