/*
 * Emulator: LGDT, LIDT, SGDT, SIDT, LLDT, LTR, SLDT, STR, LAR, LSL,
 * VERR, VERW, ARPL. Expected behaviour from the SDM's operation and
 * exception sections; LAR's bits 19:16 (undefined in the SDM) as this
 * project's AMD host returns them (the limit's bits: LAR of its 64-bit
 * user code selector 33h gives 00AFFB00h).
 */
#include "x86-emu-test.h"

#define GDT  0x10000
#define ACC(dpl, type) (0x90 | ((dpl) << 5) | (type))
#define SYS(dpl, type) (0x80 | ((dpl) << 5) | (type))

static void put_desc(unsigned index, uint32_t base, uint32_t limit,
                     uint8_t access, uint8_t flags)
{
    uint8_t d[8] = {
        limit, limit >> 8, base, base >> 8, base >> 16, access,
        (flags << 4) | ((limit >> 16) & 0xf), base >> 24,
    };

    memcpy(t_mem + GDT + index * 8, d, 8);
}

static void fill_gdt(void)
{
    t_cpu.gdt = (struct x86_dtable){ GDT, 12 * 8 - 1 };
    put_desc(1, 0, 0xfffff, ACC(0, 0xb), 0xc);        /* 08 code */
    put_desc(2, 0, 0xfffff, ACC(0, 3), 0xc);          /* 10 data */
    put_desc(3, 0x11000, 0x17, SYS(0, 2), 0);         /* 18 LDT */
    put_desc(4, 0x12000, 0x67, SYS(0, 9), 0);         /* 20 TSS */
    put_desc(5, 0x13000, 0x67, SYS(0, 0xb), 0);       /* 28 busy TSS */
    put_desc(6, 0, 0xfffff, ACC(3, 3) & 0x7f, 0xc);   /* 30 not present */
    put_desc(7, 0, 0xfffff, ACC(3, 0xe), 0xa);        /* 38 conf. code */
    put_desc(8, 0x14000, 0x2b, SYS(0, 1), 0);         /* 40 16-bit TSS */
    put_desc(9, 0, 0, SYS(3, 0xc), 0);                /* 48 call gate */
    put_desc(10, 0x15000, 0x27, SYS(0, 2), 0);        /* 50 LDT, 16 B */
    t_put(GDT + 11 * 8, 0xffff8000, 8);               /* base 63:32 */
}

static void setup(bool m64, unsigned cpl)
{
    if (m64) {
        t_long(cpl);
    } else {
        t_prot(true, cpl);
    }
    fill_gdt();
}

static void test_lgdt_lidt(void)
{
    setup(false, 0);
    t_cpu.gpr[X86_RBX] = 0x2000;
    t_put(0x2000, 0x017f, 2);
    t_put(0x2002, 0x89abcdef, 4);
    t_expect_ok("0f 01 13");                     /* lgdt [ebx] */
    g_assert_cmphex(t_cpu.gdt.base, ==, 0x89abcdef);
    g_assert_cmphex(t_cpu.gdt.limit, ==, 0x17f);
    g_assert_true(t_cpu.dirty & X86_DIRTY_SREGS);
    t_expect_ok("66 0f 01 1b");                  /* lidt (16-bit) */
    g_assert_cmphex(t_cpu.idt.base, ==, 0xabcdef);
    /* SGDT/SIDT store 6 bytes with the full 32-bit base. */
    t_cpu.gpr[X86_RBX] = 0x3000;
    t_put(0x3000, ~0ull, 8);
    t_expect_ok("0f 01 0b");                     /* sidt [ebx] */
    g_assert_cmphex(t_get(0x3000, 8), ==, 0xffff00abcdef017full);
    t_expect_ok("66 0f 01 03");                  /* sgdt, 16-bit */
    g_assert_cmphex(t_get(0x3000, 6), ==, 0x89abcdef017full);
    /* Privilege: LGDT needs CPL 0; SGDT only with CR4.UMIP. */
    setup(false, 3);
    t_cpu.gpr[X86_RBX] = 0x2000;
    t_expect_exc("0f 01 13", X86_EXC_GP, 0);
    t_expect_ok("0f 01 03");
    t_cpu.cr4 = 1u << 11;
    t_expect_exc("0f 01 03", X86_EXC_GP, 0);
    t_expect_exc("0f 00 c0", X86_EXC_GP, 0);     /* sldt eax */
    t_cpu.cr4 = 0;
    /* 64-bit: 10 bytes, the base must be canonical. */
    setup(true, 0);
    t_cpu.gpr[X86_RBX] = 0x2000;
    t_put(0x2000, 0xfff, 2);
    t_put(0x2002, 0xffff800012345000ull, 8);
    t_expect_ok("0f 01 13");
    g_assert_cmphex(t_cpu.gdt.base, ==, 0xffff800012345000ull);
    t_put(0x2002, 0x0000800012345000ull, 8);
    t_expect_exc("0f 01 1b", X86_EXC_GP, 0);
    t_expect_ok("0f 01 03");                     /* sgdt [rbx] */
    g_assert_cmphex(t_get(0x2002, 8), ==, 0xffff800012345000ull);
}

static void test_lldt(void)
{
    const struct x86_segment *ldtr = &t_cpu.seg[X86_SEG_LDTR];

    setup(false, 0);
    t_cpu.gpr[X86_RAX] = 0x18;
    t_expect_ok("0f 00 d0");                     /* lldt ax */
    g_assert_cmphex(ldtr->selector, ==, 0x18);
    g_assert_cmphex(ldtr->base, ==, 0x11000);
    g_assert_cmphex(ldtr->limit, ==, 0x17);
    g_assert_cmpuint(ldtr->type, ==, 2);
    t_expect_ok("0f 00 c1");                     /* sldt ecx */
    g_assert_cmphex(t_cpu.gpr[X86_RCX], ==, 0x18);
    t_cpu.gpr[X86_RAX] = 0;
    t_expect_ok("0f 00 d0");
    g_assert_cmpuint(ldtr->unusable, ==, 1);
    t_cpu.gpr[X86_RAX] = 0x1c;                   /* TI = 1 */
    t_expect_exc("0f 00 d0", X86_EXC_GP, 0x1c);
    t_cpu.gpr[X86_RAX] = 0x20;                   /* a TSS */
    t_expect_exc("0f 00 d0", X86_EXC_GP, 0x20);
    t_mem[GDT + 3 * 8 + 5] &= 0x7f;
    t_cpu.gpr[X86_RAX] = 0x18;
    t_expect_exc("0f 00 d0", X86_EXC_NP, 0x18);
    t_cpu.gpr[X86_RAX] = 0x60;                   /* past the GDT */
    t_expect_exc("0f 00 d0", X86_EXC_GP, 0x60);
    /* 64-bit mode: 16-byte descriptors. */
    setup(true, 0);
    t_cpu.gpr[X86_RAX] = 0x50;
    t_expect_ok("0f 00 d0");
    g_assert_cmphex(ldtr->base, ==, 0xffff800000015000ull);
    t_cpu.gpr[X86_RAX] = 0x58;                   /* upper half at 60h */
    t_expect_exc("0f 00 d0", X86_EXC_GP, 0x58);
    t_put(GDT + 11 * 8 + 4, 0x0100, 4);          /* upper type != 0 */
    t_cpu.gpr[X86_RAX] = 0x50;
    t_expect_exc("0f 00 d0", X86_EXC_GP, 0x50);
    /* Real mode: #UD (protected-mode instruction). */
    t_real();
    t_expect_exc("0f 00 d0", X86_EXC_UD, -1);
}

static void test_ltr(void)
{
    const struct x86_segment *tr = &t_cpu.seg[X86_SEG_TR];

    setup(false, 0);
    t_cpu.gpr[X86_RAX] = 0x20;
    t_expect_ok("0f 00 d8");                     /* ltr ax */
    g_assert_cmphex(tr->selector, ==, 0x20);
    g_assert_cmphex(tr->base, ==, 0x12000);
    g_assert_cmpuint(tr->type, ==, 0xb);
    g_assert_cmphex(t_mem[GDT + 4 * 8 + 5], ==, SYS(0, 0xb));  /* busy */
    t_cpu.gpr[X86_RBX] = 0x2000;
    t_expect_ok("0f 00 0b");                     /* str [ebx] */
    g_assert_cmphex(t_get(0x2000, 2), ==, 0x20);
    t_expect_exc("0f 00 d8", X86_EXC_GP, 0x20);  /* now busy */
    t_cpu.gpr[X86_RAX] = 0x3;
    t_expect_exc("0f 00 d8", X86_EXC_GP, 0);     /* null */
    t_cpu.gpr[X86_RAX] = 0x18;
    t_expect_exc("0f 00 d8", X86_EXC_GP, 0x18);  /* an LDT */
    t_cpu.gpr[X86_RAX] = 0x40;
    t_expect_ok("0f 00 d8");                     /* 16-bit TSS */
    g_assert_cmpuint(tr->type, ==, 3);
    setup(false, 3);
    t_cpu.gpr[X86_RAX] = 0x20;
    t_expect_exc("0f 00 d8", X86_EXC_GP, 0);
    setup(true, 0);
    t_cpu.gpr[X86_RAX] = 0x40;
    t_expect_exc("0f 00 d8", X86_EXC_GP, 0x40);  /* no 16-bit TSS */
}

/* LAR/LSL/VERR/VERW: ZF and the result; a bad selector is no fault. */
static void query(const char *enc, uint16_t sel, bool zf, uint64_t res)
{
    t_cpu.gpr[X86_RCX] = sel;
    t_cpu.gpr[X86_RAX] = 0xdeadbeefcafef00dull;
    t_cpu.rflags = X86_FL_FIXED | (zf ? 0 : X86_FL_ZF);
    t_expect_ok(enc);
    g_assert_cmpint(!!(t_cpu.rflags & X86_FL_ZF), ==, zf);
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, res);
}

static void test_queries(void)
{
    const uint64_t none = 0xdeadbeefcafef00dull;

    setup(false, 3);
    query("0f 02 c1", 0x3b, true, 0x00affe00);   /* lar eax, ecx */
    query("66 0f 02 c1", 0x3b, true, 0xdeadbeefcafefe00ull);
    query("0f 02 c1", 0x13, false, none);        /* DPL 0 < CPL 3 */
    query("0f 02 c1", 0x4b, true, 0x0000ec00);   /* call gate, DPL 3 */
    query("0f 02 c1", 0x03, false, none);        /* null */
    query("0f 02 c1", 0x63, false, none);        /* past the GDT */
    query("0f 03 c1", 0x3b, true, 0xffffffff);   /* lsl */
    query("0f 03 c1", 0x4b, false, none);        /* no gates for LSL */
    query("0f 00 e1", 0x3b, true, none);         /* verr: readable */
    query("0f 00 e9", 0x3b, false, none);        /* verw: code */
    query("0f 00 e9", 0x33, true, none);         /* not present is ok */
    setup(false, 0);
    query("0f 03 c1", 0x20, true, 0x67);         /* TSS limit */
    query("0f 02 c1", 0x20, true, 0x00008900);
    query("0f 00 e9", 0x10, true, none);
    query("0f 00 e9", 0x13, false, none);        /* RPL 3 > DPL 0 */
    setup(true, 0);
    query("48 0f 02 c1", 0x48, true, 0x0000ec00);
    query("48 0f 02 c1", 0x40, false, none);     /* 16-bit TSS */
}

static void test_arpl(void)
{
    setup(false, 0);
    t_cpu.gpr[X86_RAX] = 0x12340010;
    t_cpu.gpr[X86_RCX] = 0x2;
    t_expect_ok("63 c8");                        /* arpl ax, cx */
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0x12340012);
    g_assert_true(t_cpu.rflags & X86_FL_ZF);
    t_cpu.gpr[X86_RCX] = 0x1;
    t_expect_ok("63 c8");
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0x12340012);
    g_assert_false(t_cpu.rflags & X86_FL_ZF);
    t_cpu.gpr[X86_RBX] = 0x2000;
    t_put(0x2000, 0x5678, 2);
    t_cpu.gpr[X86_RCX] = 0x3;
    t_expect_ok("63 0b");                        /* arpl [ebx], cx */
    g_assert_cmphex(t_get(0x2000, 2), ==, 0x567b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/emulate/dt/lgdt-lidt-sgdt-sidt", test_lgdt_lidt);
    g_test_add_func("/x86/emulate/dt/lldt-sldt", test_lldt);
    g_test_add_func("/x86/emulate/dt/ltr-str", test_ltr);
    g_test_add_func("/x86/emulate/dt/lar-lsl-verr-verw", test_queries);
    g_test_add_func("/x86/emulate/dt/arpl", test_arpl);
    return g_test_run();
}
