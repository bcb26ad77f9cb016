/*
 * Emulator: the single-step trap (SDM Vol. 3 17.3.1.4). With RFLAGS.TF
 * set at the start of an instruction, emu->single_step asks for a #DB
 * trap after it, at the next RIP, with DR6.BS set; MOV SS / POP SS,
 * faulting instructions and delivered software interrupts do not trap;
 * a REP string instruction traps after each iteration; POPF setting TF
 * traps only after the following instruction.
 */
#include "x86-emu-test.h"

#define DR6_BS (1u << 14)

/* Reset DR6 (0xffff0ff0) with BS set. */
#define DR6_STEPPED 0xffff4ff0ull

static void expect_trap(uint64_t rip)
{
    g_assert_true(t_emu.single_step);
    g_assert_cmphex(t_cpu.rip, ==, rip);
    g_assert_cmphex(t_cpu.dr[6], ==, DR6_STEPPED);
    g_assert_true(t_cpu.dirty & X86_DIRTY_DR);
}

static void expect_no_trap(void)
{
    g_assert_false(t_emu.single_step);
    g_assert_false(t_cpu.dirty & X86_DIRTY_DR);
    g_assert_false(t_cpu.dr[6] & DR6_BS);
}

/* TF set: a trap with RIP after the instruction; TF clear: none. */
static void test_trap(void)
{
    t_long(0);
    t_expect_ok("90");
    expect_no_trap();
    t_cpu.rflags |= X86_FL_TF;
    t_cpu.gpr[X86_RAX] = 1;
    t_expect_ok("48 83 c0 02");                  /* add rax, 2 */
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 3);
    expect_trap(0x1005);                         /* after the nop */
    g_assert_true(t_cpu.rflags & X86_FL_TF);     /* TF itself stays */
    /* B0-B3 from an earlier #DB are kept; BS is added. */
    t_cpu.dr[6] = 0xffff0ff1;
    t_expect_ok("90");
    g_assert_cmphex(t_cpu.dr[6], ==, DR6_STEPPED | 1);
    /* 16-bit IP wraps before the trap is reported. */
    t_real();
    t_cpu.rflags |= X86_FL_TF;
    t_cpu.rip = 0xffff;
    t_expect_ok("90");
    expect_trap(0);
}

/* MOV SS and POP SS suppress it; the next instruction traps again. */
static void test_mov_ss(void)
{
    t_real();
    t_cpu.rflags |= X86_FL_TF;
    t_cpu.gpr[X86_RAX] = 0x2000;
    t_expect_ok("8e d0");                        /* mov ss, ax */
    g_assert_cmphex(t_cpu.seg[X86_SEG_SS].base, ==, 0x20000);
    g_assert_true(t_emu.mov_ss_shadow);
    g_assert_cmphex(t_cpu.rip, ==, 0x1002);
    expect_no_trap();
    t_expect_ok("90");
    expect_trap(0x1003);
    t_real();
    t_cpu.rflags |= X86_FL_TF;
    t_put(0x8000, 0x3000, 2);
    t_expect_ok("17");                           /* pop ss */
    g_assert_cmphex(t_cpu.seg[X86_SEG_SS].base, ==, 0x30000);
    g_assert_cmphex(t_cpu.rip, ==, 0x1001);
    expect_no_trap();
    /* MOV DS is no SS load: it traps. */
    t_expect_ok("8e d8");
    expect_trap(0x1003);
}

/* A faulting instruction reports its fault, not the trap. */
static void test_fault(void)
{
    t_long(0);
    t_cpu.rflags |= X86_FL_TF;
    t_expect_exc("0f 0b", X86_EXC_UD, -1);       /* ud2 */
    expect_no_trap();
    t_cpu.gpr[X86_RCX] = 0;
    t_expect_exc("f7 f1", X86_EXC_DE, -1);       /* div ecx */
    expect_no_trap();
    /* #GP from a store past the DS limit in 32-bit mode: no store. */
    t_prot(true, 0);
    t_cpu.rflags |= X86_FL_TF;
    t_cpu.seg[X86_SEG_DS].limit = 0xfff;
    t_cpu.seg[X86_SEG_DS].g = 0;
    t_expect_exc("c6 05 00 20 00 00 01", X86_EXC_GP, 0);  /* mov [0x2000] */
    expect_no_trap();
    g_assert_cmphex(t_get(0x2000, 1), ==, 0);
}

/* REP MOVSB: one iteration per step, RIP kept until RCX runs out. */
static void test_rep(void)
{
    t_long(0);
    t_cpu.rflags |= X86_FL_TF;
    t_cpu.gpr[X86_RCX] = 3;
    t_cpu.gpr[X86_RSI] = 0x3000;
    t_cpu.gpr[X86_RDI] = 0x4000;
    t_put(0x3000, 0x332211, 3);
    for (int i = 0; i < 2; i++) {
        g_assert_cmpint(t_run("f3 a4"), ==, X86_EMU_RETRY);
        expect_trap(0x1000);
        g_assert_cmphex(t_cpu.gpr[X86_RCX], ==, 2 - i);
        g_assert_cmphex(t_cpu.gpr[X86_RDI], ==, 0x4001 + i);
        g_assert_cmphex(t_get(0x4000, 3), ==,
                        0x332211 & ((0x100u << 8 * i) - 1));
    }
    t_expect_ok("f3 a4");                        /* the last iteration */
    expect_trap(0x1002);
    g_assert_cmphex(t_cpu.gpr[X86_RCX], ==, 0);
    g_assert_cmphex(t_get(0x4000, 3), ==, 0x332211);
    /* Count zero: nothing moves, the instruction still traps. */
    t_cpu.rip = 0x1000;
    t_cpu.dr[6] = 0xffff0ff0;
    t_expect_ok("f3 a4");
    expect_trap(0x1002);
    g_assert_cmphex(t_cpu.gpr[X86_RDI], ==, 0x4003);
    /* The per-call limit is restored: without TF the whole count runs. */
    t_cpu.rflags &= ~(uint64_t)X86_FL_TF;
    t_cpu.rip = 0x1000;
    t_cpu.gpr[X86_RCX] = 3;
    t_cpu.dr[6] = 0xffff0ff0;
    t_expect_ok("f3 a4");
    g_assert_cmphex(t_cpu.gpr[X86_RCX], ==, 0);
    g_assert_false(t_emu.single_step);
}

/* TF is sampled at the start: POPF setting it does not trap. */
static void test_popf(void)
{
    t_long(0);
    t_put(0x8000, X86_FL_FIXED | X86_FL_TF, 8);
    t_expect_ok("9d");
    g_assert_true(t_cpu.rflags & X86_FL_TF);
    g_assert_cmphex(t_cpu.rip, ==, 0x1001);
    expect_no_trap();
    t_expect_ok("90");                           /* the next one traps */
    expect_trap(0x1002);
    t_cpu.dr[6] = 0xffff0ff0;
    t_cpu.gpr[X86_RSP] = 0x8000;
    t_put(0x8000, X86_FL_FIXED, 8);
    t_expect_ok("9d");                           /* clears TF: traps */
    g_assert_false(t_cpu.rflags & X86_FL_TF);
    expect_trap(0x1003);
}

/* INT n delivery clears TF in the handler: no trap; INTO not taken traps. */
static void test_int(void)
{
    t_real();
    t_cpu.idt = (struct x86_dtable){ 0, 0x3ff };
    t_cpu.rflags |= X86_FL_TF;
    t_put(0x21 * 4, 0x50001234, 4);              /* IVT: 5000:1234 */
    t_expect_ok("cd 21");
    g_assert_cmphex(t_cpu.rip, ==, 0x1234);
    g_assert_cmphex(t_cpu.seg[X86_SEG_CS].selector, ==, 0x5000);
    g_assert_false(t_cpu.rflags & X86_FL_TF);
    g_assert_true(t_get(0x7ffe, 2) & X86_FL_TF); /* pushed FLAGS */
    expect_no_trap();
    t_real();
    t_cpu.idt = (struct x86_dtable){ 0, 0x3ff };
    t_cpu.rflags |= X86_FL_TF;
    t_put(3 * 4, 0x50001234, 4);
    t_expect_ok("cc");                           /* int3 */
    expect_no_trap();
    t_real();
    t_cpu.rflags |= X86_FL_TF;
    t_expect_ok("ce");                           /* into, OF clear */
    expect_trap(0x1001);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/emulate/step/trap", test_trap);
    g_test_add_func("/x86/emulate/step/mov-ss", test_mov_ss);
    g_test_add_func("/x86/emulate/step/fault", test_fault);
    g_test_add_func("/x86/emulate/step/rep", test_rep);
    g_test_add_func("/x86/emulate/step/popf", test_popf);
    g_test_add_func("/x86/emulate/step/int", test_int);
    return g_test_run();
}
