/*
 * Emulator: INT n, INT3, INTO, INT1 delivered through the IDT in 64-bit
 * mode (16-byte gates, IST, CPL 3 -> 0 stack switch through the TSS), in
 * legacy protected mode (8-byte gates, SS0:ESP0) and through the IVT in
 * real-address mode. Expected frames, flags and faults
 * from the SDM (Vol. 3 6.12-6.14, 20.1.4; Vol. 2 INT n).
 */
#include "x86-emu-test.h"

#define GDT   0x10000
#define IDT   0x11000
#define TSS   0x12000
#define KSTK  0x30000        /* TSS.RSP0 */
#define ISTK  0x40008        /* TSS.IST1, not 16-byte aligned */

static void put_gate(unsigned vector, uint64_t target, uint16_t sel,
                     unsigned ist, unsigned type, unsigned dpl, bool p)
{
    uint8_t g[16] = {
        target, target >> 8, sel, sel >> 8, ist,
        (p ? 0x80 : 0) | dpl << 5 | type, target >> 16, target >> 24,
        target >> 32, target >> 40, target >> 48, target >> 56,
    };

    memcpy(t_mem + IDT + vector * 16, g, 16);
}

static void setup(unsigned cpl)
{
    t_long(cpl);
    t_cpu.gdt = (struct x86_dtable){ GDT, 8 * 8 - 1 };
    t_cpu.idt = (struct x86_dtable){ IDT, 256 * 16 - 1 };
    t_put(GDT + 0x08, 0x00af9b000000ffffull, 8);     /* 64-bit code, DPL 0 */
    t_put(GDT + 0x10, 0x00cf93000000ffffull, 8);     /* data, DPL 0 */
    t_put(GDT + 0x18, 0x00affb000000ffffull, 8);     /* 64-bit code, DPL 3 */
    t_put(GDT + 0x20, 0x00cf9b000000ffffull, 8);     /* 32-bit code */
    t_cpu.seg[X86_SEG_TR] = (struct x86_segment){
        .selector = 0x30, .base = TSS, .limit = 0x67, .type = 0xb,
        .present = 1,
    };
    t_put(TSS + 4, KSTK, 8);
    t_put(TSS + 0x24, ISTK, 8);
    put_gate(0x80, 0xffffffff81000000ull, 0x08, 0, 0xe, 3, true);
    put_gate(0x81, 0x2000, 0x08, 0, 0xf, 3, true);   /* trap gate */
    put_gate(0x82, 0x3000, 0x08, 0, 0xe, 0, true);   /* DPL 0 */
    put_gate(0x83, 0x3000, 0x08, 0, 0xe, 3, false);  /* not present */
    put_gate(0x84, 0x3000, 0x20, 0, 0xe, 3, true);   /* 32-bit code */
    put_gate(0x85, 0x3000, 0x08, 1, 0xe, 3, true);   /* IST 1 */
    put_gate(0x86, 0x3000, 0x08, 0, 0xc, 3, true);   /* call gate */
    put_gate(0x87, 0x0000800000000000ull, 0x08, 0, 0xe, 3, true);
    put_gate(3, 0x4000, 0x08, 0, 0xe, 3, true);
    put_gate(1, 0x5000, 0x08, 0, 0xe, 0, true);
    t_cpu.seg[X86_SEG_CS].selector = cpl ? 0x1b : 0x08;
    t_cpu.gpr[X86_RSP] = 0x8008;
    t_cpu.rflags = X86_FL_FIXED | X86_FL_IF | X86_FL_TF | X86_FL_CF;
}

static void check_frame(uint64_t rsp, uint64_t rip, uint16_t cs,
                        uint64_t rflags, uint64_t old_rsp, uint16_t ss)
{
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, rsp);
    g_assert_cmphex(t_get(rsp, 8), ==, rip);
    g_assert_cmphex(t_get(rsp + 8, 8), ==, cs);
    g_assert_cmphex(t_get(rsp + 16, 8), ==, rflags);
    g_assert_cmphex(t_get(rsp + 24, 8), ==, old_rsp);
    g_assert_cmphex(t_get(rsp + 32, 8), ==, ss);
}

static void test_same_cpl(void)
{
    const uint64_t fl = X86_FL_FIXED | X86_FL_IF | X86_FL_TF | X86_FL_CF;

    setup(0);
    t_expect_ok("cd 80");
    /* RSP aligned down to 16 before the 40-byte frame. */
    check_frame(0x8000 - 40, 0x1002, 0x08, fl, 0x8008, 0x10);
    g_assert_cmphex(t_cpu.rip, ==, 0xffffffff81000000ull);
    g_assert_cmphex(t_cpu.rflags, ==, X86_FL_FIXED | X86_FL_CF);
    g_assert_cmphex(t_cpu.seg[X86_SEG_CS].selector, ==, 0x08);
    /* A trap gate leaves IF set. */
    setup(0);
    t_expect_ok("cd 81");
    g_assert_cmphex(t_cpu.rflags, ==, X86_FL_FIXED | X86_FL_IF | X86_FL_CF);
    g_assert_cmphex(t_cpu.rip, ==, 0x2000);
    /* IST: the stack comes from the TSS, aligned. */
    setup(0);
    t_expect_ok("cd 85");
    check_frame(0x40000 - 40, 0x1002, 0x08, fl, 0x8008, 0x10);
    /* INT3 and INT1 are one byte; INT1 ignores the gate's DPL. */
    setup(0);
    t_expect_ok("cc");
    g_assert_cmphex(t_get(t_cpu.gpr[X86_RSP], 8), ==, 0x1001);
    g_assert_cmphex(t_cpu.rip, ==, 0x4000);
    setup(3);
    t_expect_ok("f1");
    g_assert_cmphex(t_cpu.rip, ==, 0x5000);
}

static void test_cpl_change(void)
{
    setup(3);
    t_cpu.seg[X86_SEG_SS].selector = 0x23;
    t_expect_ok("cd 80");
    check_frame(KSTK - 40, 0x1002, 0x1b,
                X86_FL_FIXED | X86_FL_IF | X86_FL_TF | X86_FL_CF, 0x8008,
                0x23);
    g_assert_cmpuint(x86_cpl(&t_cpu), ==, 0);
    g_assert_cmphex(t_cpu.seg[X86_SEG_SS].selector, ==, 0);
    g_assert_cmpuint(t_cpu.seg[X86_SEG_SS].unusable, ==, 1);
    g_assert_true(t_cpu.dirty & X86_DIRTY_SREGS);
}

static void test_faults(void)
{
    setup(3);
    t_expect_exc("cd 82", X86_EXC_GP, 0x82 * 8 + 2);  /* gate DPL < CPL */
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x8008);
    g_assert_cmphex(t_get(0x8000 - 8, 8), ==, 0);
    setup(0);
    t_expect_exc("cd 83", X86_EXC_NP, 0x83 * 8 + 2);
    t_expect_exc("cd 84", X86_EXC_GP, 0x20);          /* not 64-bit code */
    t_expect_exc("cd 86", X86_EXC_GP, 0x86 * 8 + 2);  /* not a trap/intr */
    t_expect_exc("cd 87", X86_EXC_GP, 0);             /* non-canonical */
    t_cpu.idt.limit = 0x80 * 16 + 14;
    t_expect_exc("cd 80", X86_EXC_GP, 0x80 * 8 + 2);  /* past the IDT */
    setup(3);
    t_cpu.seg[X86_SEG_TR].limit = 0x3;                /* no RSP0 */
    t_expect_exc("cd 80", X86_EXC_TS, 0x30);
}

static void test_real_mode(void)
{
    t_real();
    t_cpu.idt = (struct x86_dtable){ 0, 0x3ff };
    t_put(0x21 * 4, 0xf0001234, 4);                  /* F000:1234 */
    t_cpu.seg[X86_SEG_CS].selector = 0x0100;
    t_cpu.seg[X86_SEG_CS].base = 0x1000;
    t_cpu.rip = 0x10;
    t_cpu.gpr[X86_RSP] = 0x200;
    t_cpu.rflags = X86_FL_FIXED | X86_FL_IF | X86_FL_TF | X86_FL_AC |
                   X86_FL_ZF;
    t_expect_ok("cd 21");
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x1fa);
    g_assert_cmphex(t_get(0x1fa, 2), ==, 0x12);      /* IP after INT */
    g_assert_cmphex(t_get(0x1fc, 2), ==, 0x0100);    /* CS */
    g_assert_cmphex(t_get(0x1fe, 2), ==, (X86_FL_FIXED | X86_FL_IF |
                                          X86_FL_TF | X86_FL_ZF) & 0xffff);
    g_assert_cmphex(t_cpu.seg[X86_SEG_CS].base, ==, 0xf0000);
    g_assert_cmphex(t_cpu.rip, ==, 0x1234);
    g_assert_cmphex(t_cpu.rflags, ==, X86_FL_FIXED | X86_FL_ZF);
    /* INTO: only with OF. */
    t_cpu.rip = 0x10;
    t_put(4 * 4, 0x00005678, 4);
    t_expect_ok("ce");
    g_assert_cmphex(t_cpu.rip, ==, 0x11);
    t_cpu.rflags |= X86_FL_OF;
    t_expect_ok("ce");
    g_assert_cmphex(t_cpu.rip, ==, 0x5678);
    g_assert_cmphex(t_cpu.seg[X86_SEG_CS].base, ==, 0);
}

/* Legacy protected mode: 8-byte gates, TSS stacks, 16-bit gates. */
static void put_gate32(unsigned vector, uint32_t target, uint16_t sel,
                       unsigned type, unsigned dpl)
{
    uint8_t g[8] = {
        target, target >> 8, sel, sel >> 8, 0, 0x80 | dpl << 5 | type,
        target >> 16, target >> 24,
    };

    memcpy(t_mem + IDT + vector * 8, g, 8);
}

static void setup32(unsigned cpl)
{
    t_prot(true, cpl);
    t_cpu.gdt = (struct x86_dtable){ GDT, 8 * 8 - 1 };
    t_cpu.idt = (struct x86_dtable){ IDT, 256 * 8 - 1 };
    t_put(GDT + 0x08, 0x00cf9a000000ffffull, 8);     /* code, DPL 0 */
    t_put(GDT + 0x10, 0x00cf92000000ffffull, 8);     /* data, DPL 0 */
    t_put(GDT + 0x18, 0x00cffa000000ffffull, 8);     /* code, DPL 3 */
    t_cpu.seg[X86_SEG_TR] = (struct x86_segment){
        .selector = 0x28, .base = TSS, .limit = 0x67, .type = 0xb,
        .present = 1,
    };
    t_put(TSS + 4, KSTK, 4);                         /* ESP0 */
    t_put(TSS + 8, 0x10, 2);                         /* SS0 */
    put_gate32(0x80, 0x12345678, 0x08, 0xe, 3);
    put_gate32(0x81, 0x2000, 0x08, 0x7, 3);          /* 16-bit trap */
    put_gate32(0x82, 0x3000, 0x08, 0x5, 3);          /* task gate */
    t_cpu.seg[X86_SEG_CS].selector = cpl ? 0x1b : 0x08;
    t_cpu.seg[X86_SEG_SS].selector = cpl ? 0x23 : 0x10;
    t_cpu.gpr[X86_RSP] = 0x8000;
    t_cpu.rflags = X86_FL_FIXED | X86_FL_IF | X86_FL_TF;
}

static void test_protected(void)
{
    setup32(0);
    t_expect_ok("cd 80");
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x7ff4);
    g_assert_cmphex(t_get(0x7ff4, 4), ==, 0x1002);
    g_assert_cmphex(t_get(0x7ff8, 4), ==, 0x08);
    g_assert_cmphex(t_get(0x7ffc, 4), ==, X86_FL_FIXED | X86_FL_IF |
                    X86_FL_TF);
    g_assert_cmphex(t_cpu.rip, ==, 0x12345678);
    g_assert_cmphex(t_cpu.rflags, ==, X86_FL_FIXED);
    g_assert_cmphex(t_mem[GDT + 0x08 + 5], ==, 0x9b);   /* accessed */
    /* CPL 3 -> 0: SS0:ESP0 from the 32-bit TSS, old SS:ESP pushed. */
    setup32(3);
    t_expect_ok("cd 80");
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, KSTK - 20);
    g_assert_cmphex(t_get(KSTK - 8, 4), ==, 0x8000);
    g_assert_cmphex(t_get(KSTK - 4, 4), ==, 0x23);
    g_assert_cmphex(t_get(KSTK - 16, 4), ==, 0x1b);
    g_assert_cmphex(t_cpu.seg[X86_SEG_SS].selector, ==, 0x10);
    g_assert_cmpuint(x86_cpl(&t_cpu), ==, 0);
    /* A 16-bit trap gate: 2-byte slots, IF kept. */
    setup32(0);
    t_expect_ok("cd 81");
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x7ffa);
    g_assert_cmphex(t_get(0x7ffa, 2), ==, 0x1002);
    g_assert_cmphex(t_cpu.rip, ==, 0x2000);
    g_assert_cmphex(t_cpu.rflags, ==, X86_FL_FIXED | X86_FL_IF);
    /* SS0 with the wrong RPL: #TS(SS0); a task gate stops the VM. */
    setup32(3);
    t_put(TSS + 8, 0x13, 2);
    t_expect_exc("cd 80", X86_EXC_TS, 0x10);
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x8000);
    setup32(0);
    g_assert_cmpint(t_run("cd 82"), ==, X86_EMU_UNHANDLED);
    g_assert_nonnull(strstr(t_emu.message, "task gate"));
    /* Virtual-8086 mode is not implemented: the VM stops, RIP stays. */
    t_real();
    t_cpu.cr0 |= X86_CR0_PE_BIT;
    t_cpu.rflags |= X86_FL_VM | X86_FL_IOPL;
    g_assert_cmpint(t_run("cd 80"), ==, X86_EMU_UNHANDLED);
    g_assert_cmphex(t_cpu.rip, ==, 0x1000);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/emulate/intr/same-cpl", test_same_cpl);
    g_test_add_func("/x86/emulate/intr/cpl-change", test_cpl_change);
    g_test_add_func("/x86/emulate/intr/faults", test_faults);
    g_test_add_func("/x86/emulate/intr/real-mode", test_real_mode);
    g_test_add_func("/x86/emulate/intr/protected", test_protected);
    return g_test_run();
}
