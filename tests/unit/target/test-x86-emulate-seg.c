/*
 * Emulator: segment-register loads (MOV Sreg, POP Sreg, LDS/LES/LFS/LGS/
 * LSS) in real, virtual-8086, protected and 64-bit mode. Expected
 * behaviour: the SDM's operation sections of those instructions (the
 * SS and DS/ES/FS/GS checks, #GP/#SS/#NP with the selector as error
 * code, null-selector rules) and Vol. 3 3.4.5 for the descriptor layout.
 */
#include "x86-emu-test.h"

#define GDT      0x10000
#define LDT      0x11000

/* An 8-byte code/data/system descriptor. */
static void put_desc(uint64_t table, unsigned index, uint32_t base,
                     uint32_t limit, uint8_t access, uint8_t flags)
{
    uint8_t d[8] = {
        limit, limit >> 8, base, base >> 8, base >> 16, access,
        (flags << 4) | ((limit >> 16) & 0xf), base >> 24,
    };

    memcpy(t_mem + table + index * 8, d, 8);
}

/* P=1, S=1, DPL, type. */
#define ACC(dpl, type) (0x90 | ((dpl) << 5) | (type))

static void fill_tables(void)
{
    t_cpu.gdt = (struct x86_dtable){ GDT, 10 * 8 - 1 };
    put_desc(GDT, 1, 0, 0xfffff, ACC(0, 0xb), 0xc);        /* 08 code */
    put_desc(GDT, 2, 0x12345000, 0xfffff, ACC(0, 3), 0xc); /* 10 data */
    put_desc(GDT, 3, 0x300000, 0x1ffff, ACC(3, 2), 0x4);   /* 18 DPL 3 */
    put_desc(GDT, 4, 0, 0xfffff, ACC(0, 1), 0xc);          /* 20 RO */
    put_desc(GDT, 5, 0, 0xfffff, ACC(0, 9), 0xc);          /* 28 XO code */
    put_desc(GDT, 6, 0x400000, 0xfff, ACC(0, 0xf), 0x4);   /* 30 conf. */
    put_desc(GDT, 7, 0, 0xfffff, ACC(0, 3) & 0x7f, 0xc);   /* 38 not P */
    put_desc(GDT, 8, LDT, 0x17, 0x82, 0);                  /* 40 LDT */
    put_desc(GDT, 9, 0, 0xfffff, ACC(3, 3), 0xc);          /* 48 DPL 3 */
    put_desc(LDT, 1, 0xabc000, 0xffff, ACC(3, 3), 0x4);    /* 0c in LDT */
    t_cpu.seg[X86_SEG_LDTR] = (struct x86_segment){
        .selector = 0x40, .base = LDT, .limit = 0x17, .type = 2,
        .present = 1,
    };
}

/* Protected mode (db: 32-bit) or, with long, 64-bit mode. */
static void setup(bool db, unsigned cpl)
{
    t_prot(db, cpl);
    fill_tables();
}

static void setup_long(unsigned cpl)
{
    t_long(cpl);
    fill_tables();
}

static void load_ok(const char *enc, uint16_t sel)
{
    t_cpu.gpr[X86_RAX] = 0xffff0000u | sel;
    t_expect_ok(enc);
    g_assert_true(t_cpu.dirty & X86_DIRTY_SREGS);
}

static void load_fault(const char *enc, uint16_t sel, uint8_t vector,
                       uint16_t err)
{
    struct x86_segment before[X86_NR_SEGS];

    memcpy(before, t_cpu.seg, sizeof(before));
    t_cpu.gpr[X86_RAX] = sel;
    t_expect_exc(enc, vector, err);
    g_assert_cmpmem(before, sizeof(before), t_cpu.seg, sizeof(before));
}

static void test_data_segment(void)
{
    const struct x86_segment *ds = &t_cpu.seg[X86_SEG_DS];

    setup(true, 0);
    load_ok("8e d8", 0x10);                      /* mov ds, ax */
    g_assert_cmphex(ds->selector, ==, 0x10);
    g_assert_cmphex(ds->base, ==, 0x12345000);
    g_assert_cmphex(ds->limit, ==, 0xffffffff);
    g_assert_cmpuint(ds->type, ==, 3);
    g_assert_cmpuint(ds->s, ==, 1);
    g_assert_cmpuint(ds->db, ==, 1);
    g_assert_cmpuint(ds->g, ==, 1);
    g_assert_false(t_emu.mov_ss_shadow);
    /* Byte granularity; the accessed bit is set in the GDT. */
    g_assert_cmphex(t_mem[GDT + 3 * 8 + 5], ==, ACC(3, 2));
    load_ok("8e c0", 0x1b);                      /* mov es, ax */
    g_assert_cmphex(t_cpu.seg[X86_SEG_ES].limit, ==, 0x1ffff);
    g_assert_cmphex(t_cpu.seg[X86_SEG_ES].type, ==, 3);
    g_assert_cmphex(t_mem[GDT + 3 * 8 + 5], ==, ACC(3, 3));
    /* Readable code may be loaded, execute-only code not. */
    load_ok("8e e0", 0x30);                      /* mov fs, ax */
    g_assert_cmphex(t_cpu.seg[X86_SEG_FS].base, ==, 0x400000);
    load_fault("8e e0", 0x28, X86_EXC_GP, 0x28);
    /* RPL > DPL; outside the GDT; a system descriptor; not present. */
    load_fault("8e d8", 0x13, X86_EXC_GP, 0x10);
    load_fault("8e d8", 0x50, X86_EXC_GP, 0x50);
    load_fault("8e d8", 0x40, X86_EXC_GP, 0x40);
    load_fault("8e d8", 0x38, X86_EXC_NP, 0x38);
    /* A memory source: mov gs, ss:[ebx]. */
    t_cpu.gpr[X86_RBX] = 0x2000;
    t_put(0x2000, 0x48, 2);
    t_expect_ok("36 8e 2b");
    g_assert_cmphex(t_cpu.seg[X86_SEG_GS].selector, ==, 0x48);
    g_assert_cmpuint(t_cpu.seg[X86_SEG_GS].dpl, ==, 3);
    /* MOV CS is #UD. */
    t_expect_exc("8e c8", X86_EXC_UD, -1);
}

static void test_cpl3(void)
{
    setup(true, 3);
    load_fault("8e d8", 0x10, X86_EXC_GP, 0x10);   /* CPL > DPL */
    load_fault("8e d8", 0x13, X86_EXC_GP, 0x10);
    load_ok("8e d8", 0x4b);
    /* Conforming readable code: no privilege check. */
    load_ok("8e d8", 0x33);
    g_assert_cmphex(t_cpu.seg[X86_SEG_DS].base, ==, 0x400000);
    /* LDT selectors. */
    load_ok("8e c0", 0x0f);
    g_assert_cmphex(t_cpu.seg[X86_SEG_ES].base, ==, 0xabc000);
    load_fault("8e c0", 0x1f, X86_EXC_GP, 0x1c);   /* past the LDT */
    t_cpu.seg[X86_SEG_LDTR].unusable = 1;
    load_fault("8e c0", 0x0f, X86_EXC_GP, 0x0c);
}

static void test_null(void)
{
    setup(true, 0);
    load_ok("8e d8", 0x0003);
    g_assert_cmphex(t_cpu.seg[X86_SEG_DS].selector, ==, 3);
    g_assert_cmpuint(t_cpu.seg[X86_SEG_DS].unusable, ==, 1);
    /* A later access through it is #GP(0) (mmu.c). */
    t_cpu.gpr[X86_RBX] = 0x2000;
    t_expect_exc("8b 03", X86_EXC_GP, 0);
    load_fault("8e d0", 0, X86_EXC_GP, 0);          /* mov ss: never */
    /* 64-bit mode: SS may be null at CPL < 3 with RPL = CPL. */
    setup_long(0);
    load_ok("8e d0", 0);
    g_assert_cmpuint(t_cpu.seg[X86_SEG_SS].unusable, ==, 0);
    g_assert_cmpuint(t_cpu.seg[X86_SEG_SS].dpl, ==, 0);
    g_assert_true(t_emu.mov_ss_shadow);
    load_fault("8e d0", 3, X86_EXC_GP, 0);
    setup_long(3);
    load_fault("8e d0", 3, X86_EXC_GP, 0);
    /* FS/GS: base 0 and unusable. */
    t_cpu.seg[X86_SEG_FS].base = 0x7fff00000000ull;
    load_ok("8e e0", 0);
    g_assert_cmphex(t_cpu.seg[X86_SEG_FS].base, ==, 0);
}

static void test_stack_segment(void)
{
    setup(true, 0);
    load_ok("8e d0", 0x10);                      /* mov ss, ax */
    g_assert_true(t_emu.mov_ss_shadow);
    g_assert_cmphex(t_cpu.seg[X86_SEG_SS].base, ==, 0x12345000);
    load_fault("8e d0", 0x13, X86_EXC_GP, 0x10);   /* RPL != CPL */
    load_fault("8e d0", 0x18, X86_EXC_GP, 0x18);   /* DPL != CPL */
    load_fault("8e d0", 0x20, X86_EXC_GP, 0x20);   /* read-only */
    load_fault("8e d0", 0x30, X86_EXC_GP, 0x30);   /* code */
    load_fault("8e d0", 0x38, X86_EXC_SS, 0x38);   /* not present */
    g_assert_false(t_emu.mov_ss_shadow);
    setup(true, 3);
    load_ok("8e d0", 0x4b);
    load_fault("8e d0", 0x48, X86_EXC_GP, 0x48);
}

static void test_pop(void)
{
    setup(true, 0);
    t_put(0x8000, 0xabcd0010, 4);
    t_expect_ok("1f");                           /* pop ds */
    g_assert_cmphex(t_cpu.seg[X86_SEG_DS].selector, ==, 0x10);
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x8004);
    t_put(0x8004, 0x38, 2);
    t_expect_exc("07", X86_EXC_NP, 0x38);        /* pop es */
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x8004);
    t_put(0x8004, 0x10, 2);
    t_expect_ok("66 17");                        /* pop ss, 16-bit */
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x8006);
    g_assert_true(t_emu.mov_ss_shadow);
    /* 64-bit: POP FS/GS take 8 bytes; POP DS is #UD. */
    setup_long(0);
    t_put(0x8000, 0x10, 8);
    t_expect_ok("0f a9");                        /* pop gs */
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x8008);
    g_assert_cmphex(t_cpu.seg[X86_SEG_GS].base, ==, 0x12345000);
    t_expect_exc("1f", X86_EXC_UD, -1);
}

static void test_load_far(void)
{
    setup(true, 0);
    t_cpu.gpr[X86_RBX] = 0x2000;
    t_put(0x2000, 0x89abcdef, 4);
    t_put(0x2004, 0x10, 2);
    t_expect_ok("c5 03");                        /* lds eax, [ebx] */
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0x89abcdef);
    g_assert_cmphex(t_cpu.seg[X86_SEG_DS].base, ==, 0x12345000);
    t_expect_ok("36 0f b2 23");                  /* lss esp, ss:[ebx] */
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x89abcdef);
    g_assert_true(t_emu.mov_ss_shadow);
    t_cpu.gpr[X86_RSP] = 0x8000;
    t_put(0x2002, 0x30, 2);                      /* m16:16 */
    t_cpu.gpr[X86_RCX] = 0x11112222;
    t_expect_ok("66 26 0f b4 0b");               /* lfs cx, es:[ebx] */
    g_assert_cmphex(t_cpu.gpr[X86_RCX], ==, 0x1111cdef);
    g_assert_cmphex(t_cpu.seg[X86_SEG_FS].selector, ==, 0x30);
    /* A faulting selector leaves the register alone. */
    t_put(0x2004, 0x28, 2);
    t_cpu.gpr[X86_RDX] = 0x5555;
    t_expect_exc("26 c4 13", X86_EXC_GP, 0x28);  /* les edx, es:[ebx] */
    g_assert_cmphex(t_cpu.gpr[X86_RDX], ==, 0x5555);
    /* 64-bit, REX.W: m16:64. */
    setup_long(0);
    t_cpu.gpr[X86_RBX] = 0x2000;
    t_put(0x2000, 0x123456789abcull, 8);
    t_put(0x2008, 0x48, 2);
    t_expect_ok("48 0f b5 03");                  /* lgs rax, [rbx] */
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0x123456789abcull);
    g_assert_cmphex(t_cpu.seg[X86_SEG_GS].selector, ==, 0x48);
}

static void test_real_v86(void)
{
    t_real();
    t_cpu.seg[X86_SEG_DS].limit = 0xffffffff;    /* "unreal" */
    load_ok("8e d8", 0x1234);
    g_assert_cmphex(t_cpu.seg[X86_SEG_DS].base, ==, 0x12340);
    g_assert_cmphex(t_cpu.seg[X86_SEG_DS].limit, ==, 0xffffffff);
    t_cpu.gpr[X86_RSP] = 0x100;
    t_put(0x100, 0xf000, 2);
    t_expect_ok("07");                           /* pop es */
    g_assert_cmphex(t_cpu.seg[X86_SEG_ES].base, ==, 0xf0000);
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x102);
    /* Virtual-8086 mode: a 64 KiB DPL 3 data segment. */
    t_cpu.cr0 |= X86_CR0_PE_BIT;
    t_cpu.rflags |= X86_FL_VM;
    load_ok("8e e8", 0x0042);                    /* mov gs, ax */
    g_assert_cmphex(t_cpu.seg[X86_SEG_GS].base, ==, 0x420);
    g_assert_cmphex(t_cpu.seg[X86_SEG_GS].limit, ==, 0xffff);
    g_assert_cmpuint(t_cpu.seg[X86_SEG_GS].dpl, ==, 3);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/emulate/seg/data", test_data_segment);
    g_test_add_func("/x86/emulate/seg/cpl3", test_cpl3);
    g_test_add_func("/x86/emulate/seg/null", test_null);
    g_test_add_func("/x86/emulate/seg/stack", test_stack_segment);
    g_test_add_func("/x86/emulate/seg/pop", test_pop);
    g_test_add_func("/x86/emulate/seg/load-far", test_load_far);
    g_test_add_func("/x86/emulate/seg/real-v86", test_real_v86);
    return g_test_run();
}
