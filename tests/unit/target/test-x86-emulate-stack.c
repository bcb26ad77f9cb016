/*
 * Emulator: PUSHA/POPA, PUSHF/POPF, ENTER/LEAVE and the decimal adjusts.
 * Expected values come from the SDM's pseudocode (re-implemented here
 * step by step, e.g. ENTER's sequential pushes) and, for the flags the
 * SDM leaves undefined, from this project's AMD EPYC development host
 * (measured natively in compatibility mode; see emulate-bcd.c).
 */
#include "x86-emu-test.h"

#define FL_VIF (1u << 19)
#define FL_VIP (1u << 20)
#define FL_ID  (1u << 21)

static void set_gprs(uint64_t base)
{
    for (int i = 0; i < 16; i++) {
        if (i != X86_RSP) {
            t_cpu.gpr[i] = base + i * 0x1111111111ull;
        }
    }
}

static void test_pusha_popa32(void)
{
    uint64_t saved[16];

    t_prot(true, 0);
    set_gprs(0xaaaa000000000000ull);
    t_cpu.gpr[X86_RSP] = 0xdead00008000ull;   /* ESP only is used */
    t_expect_ok("60");
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x7fe0);
    g_assert_cmphex(t_get(0x7ffc, 4), ==, (uint32_t)t_cpu.gpr[X86_RAX]);
    g_assert_cmphex(t_get(0x7ff8, 4), ==, (uint32_t)t_cpu.gpr[X86_RCX]);
    g_assert_cmphex(t_get(0x7fec, 4), ==, 0x8000);         /* ESP before */
    g_assert_cmphex(t_get(0x7fe0, 4), ==, (uint32_t)t_cpu.gpr[X86_RDI]);
    g_assert_cmphex(t_cpu.rip, ==, 0x1001);
    memcpy(saved, t_cpu.gpr, sizeof(saved));
    t_put(0x7fec, 0x12345678, 4);             /* stored ESP: skipped */
    set_gprs(0x5555555555555555ull);
    t_expect_ok("61");
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x8000);
    for (int i = 0; i < 8; i++) {
        if (i != X86_RSP) {
            g_assert_cmphex(t_cpu.gpr[i], ==, (uint32_t)saved[i]);
        }
    }
    g_assert_cmphex(t_cpu.gpr[X86_R8], ==, 0x5555555555555555ull +
                    8 * 0x1111111111ull);
}

/* 16-bit forms: only the low words; a 16-bit SP wraps inside the block. */
static void test_pusha_popa16(void)
{
    t_real();
    t_cpu.gpr[X86_RAX] = 0x11112222;
    t_cpu.gpr[X86_RDI] = 0x3333beef;
    t_cpu.gpr[X86_RSP] = 0x0004;
    t_expect_ok("60");
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0xfff4);
    g_assert_cmphex(t_get(0x0002, 2), ==, 0x2222);          /* AX */
    g_assert_cmphex(t_get(0xfffa, 2), ==, 0x0004);          /* SP */
    g_assert_cmphex(t_get(0xfff4, 2), ==, 0xbeef);          /* DI */
    t_cpu.gpr[X86_RAX] = 0xffffffff;
    t_expect_ok("61");
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0xffff2222);
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x0004);
    /* 66 60 in a 32-bit segment: PUSHA (16 bytes). */
    t_prot(true, 0);
    t_cpu.gpr[X86_RBX] = 0xcafe;
    t_expect_ok("66 60");
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x7ff0);
    g_assert_cmphex(t_get(0x7ff8, 2), ==, 0xcafe);
    /* Invalid in 64-bit mode. */
    t_long(0);
    t_expect_exc("60", X86_EXC_UD, -1);
    t_expect_exc("61", X86_EXC_UD, -1);
}

/* A #SS leaves ESP and memory untouched. */
static void test_pusha_fault(void)
{
    t_prot(true, 0);
    t_cpu.seg[X86_SEG_SS].limit = 0x7fee;
    t_cpu.gpr[X86_RSP] = 0x7ff0;
    t_cpu.gpr[X86_RAX] = 0x1234;
    t_put(0x7fd0, 0x5a5a5a5a5a5a5a5aull, 8);
    t_expect_exc("60", X86_EXC_SS, 0);
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x7ff0);
    g_assert_cmphex(t_get(0x7fd0, 8), ==, 0x5a5a5a5a5a5a5a5aull);
    t_cpu.gpr[X86_RSP] = 0x7fe0;
    t_expect_exc("61", X86_EXC_SS, 0);   /* reads 7fe0..7fff */
}

static void test_pushf(void)
{
    t_prot(true, 3);
    t_cpu.rflags = X86_FL_FIXED | X86_FL_CF | X86_FL_RF | X86_FL_IF |
                   FL_ID | FL_VIP;
    t_expect_ok("9c");
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x7ffc);
    /* RF and VM are never in the image. */
    g_assert_cmphex(t_get(0x7ffc, 4), ==, X86_FL_FIXED | X86_FL_CF |
                    X86_FL_IF | FL_ID | FL_VIP);
    t_expect_ok("66 9c");
    g_assert_cmphex(t_get(0x7ffa, 2), ==, X86_FL_FIXED | X86_FL_CF |
                    X86_FL_IF);
    t_long(0);
    t_cpu.rflags = X86_FL_FIXED | X86_FL_DF;
    t_expect_ok("9c");
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x7ff8);
    g_assert_cmphex(t_get(0x7ff8, 8), ==, X86_FL_FIXED | X86_FL_DF);
}

/* POPF of an all-ones image: which bits change at each privilege. */
static uint64_t popf_all_ones(unsigned size, uint64_t before)
{
    bool def16 = !t_cpu.seg[X86_SEG_CS].db && !t_cpu.seg[X86_SEG_CS].l;
    const char *enc = (size == 2) == def16 ? "9d" : "66 9d";

    t_cpu.rflags = before;
    t_cpu.gpr[X86_RSP] = 0x7000;
    t_put(0x7000, ~0ull, 8);
    t_expect_ok(enc);
    g_assert_cmphex(t_cpu.gpr[X86_RSP] & 0xffff, ==, 0x7000 + size);
    return t_cpu.rflags;
}

static void test_popf(void)
{
    const uint64_t base = X86_FL_FIXED | X86_FL_RF | FL_VIP;
    /* All writable bits but IF, IOPL, RF, VM, VIF, VIP. */
    const uint64_t user = 0x244dd5 | X86_FL_FIXED;

    t_prot(true, 0);          /* CPL 0: IOPL and IF too, RF cleared */
    g_assert_cmphex(popf_all_ones(4, base), ==,
                    user | X86_FL_IF | X86_FL_IOPL | FL_VIP);
    t_prot(true, 3);          /* CPL 3 > IOPL 0: neither IF nor IOPL */
    g_assert_cmphex(popf_all_ones(4, base), ==, user | FL_VIP);
    t_prot(true, 1);          /* CPL 1 = IOPL 1: IF but not IOPL */
    g_assert_cmphex(popf_all_ones(4, base | (1u << 12)), ==,
                    user | X86_FL_IF | (1u << 12) | FL_VIP);
    /* 16-bit: bits 15:0 only; RF stays. */
    t_prot(true, 3);
    g_assert_cmphex(popf_all_ones(2, base), ==, (user & 0xffff) | base);
    t_real();                 /* real mode: everything in 15:0 */
    g_assert_cmphex(popf_all_ones(2, X86_FL_FIXED), ==, 0x7fd7);
    t_long(3);                /* 64-bit: upper bits ignored */
    g_assert_cmphex(popf_all_ones(8, base), ==, user | FL_VIP);
    /* 0 pops clear everything the level may write. */
    t_prot(true, 0);
    t_cpu.rflags = 0x3f7fd7 & ~X86_FL_VM;
    t_put(0x8000, 0, 4);
    t_expect_ok("9d");
    g_assert_cmphex(t_cpu.rflags, ==, X86_FL_FIXED | FL_VIF | FL_VIP);
}

/* Virtual-8086 mode: IOPL 3, or CR4.VME for the 16-bit forms. */
static void test_pushf_popf_v86(void)
{
    t_real();
    t_cpu.cr0 |= X86_CR0_PE_BIT;
    t_cpu.rflags = X86_FL_FIXED | X86_FL_VM | X86_FL_IOPL;
    g_assert_cmphex(popf_all_ones(4, t_cpu.rflags), ==,
                    X86_FL_VM | X86_FL_IOPL | 0x244dd5 | X86_FL_IF |
                    X86_FL_FIXED);
    t_cpu.rflags = X86_FL_FIXED | X86_FL_VM;        /* IOPL 0, no VME */
    t_expect_exc("9c", X86_EXC_GP, 0);
    t_expect_exc("9d", X86_EXC_GP, 0);
    t_cpu.cr4 = 1;                                  /* CR4.VME */
    t_expect_exc("66 9c", X86_EXC_GP, 0);           /* 32-bit form */
    t_cpu.rflags |= FL_VIF;
    t_cpu.gpr[X86_RSP] = 0x100;
    t_expect_ok("9c");
    g_assert_cmphex(t_get(0xfe, 2), ==, X86_FL_FIXED | X86_FL_IF |
                    X86_FL_IOPL);
    /* POPF: IF goes to VIF; TF, or IF with VIP pending, is #GP. */
    t_put(0xfe, X86_FL_CF, 2);
    t_expect_ok("9d");
    g_assert_cmphex(t_cpu.rflags, ==, X86_FL_FIXED | X86_FL_VM | X86_FL_CF);
    t_cpu.gpr[X86_RSP] = 0xfe;
    t_put(0xfe, X86_FL_IF | X86_FL_IOPL, 2);
    t_expect_ok("9d");
    g_assert_cmphex(t_cpu.rflags, ==, X86_FL_FIXED | X86_FL_VM | FL_VIF);
    t_cpu.gpr[X86_RSP] = 0xfe;
    t_put(0xfe, X86_FL_TF, 2);
    t_expect_exc("9d", X86_EXC_GP, 0);
    t_cpu.rflags |= FL_VIP;
    t_put(0xfe, X86_FL_IF, 2);
    t_expect_exc("9d", X86_EXC_GP, 0);
    t_put(0xfe, 0, 2);
    t_expect_ok("9d");
    g_assert_cmphex(t_cpu.rflags, ==, X86_FL_FIXED | X86_FL_VM | FL_VIP);
}

/* Stack bytes with the stack pointer's wrap-around. */
static uint64_t ref_get(uint64_t off, unsigned size, uint64_t mask)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)t_mem[(off + i) & mask & (T_MEM_SIZE - 1)] << (8 * i);
    }
    return v;
}

static void ref_put(uint64_t off, uint64_t v, unsigned size, uint64_t mask)
{
    for (unsigned i = 0; i < size; i++) {
        t_mem[(off + i) & mask & (T_MEM_SIZE - 1)] = v >> (8 * i);
    }
}

/* ENTER as the SDM writes it: one push at a time. */
static void ref_enter(unsigned alloc, unsigned level, unsigned size,
                      unsigned ss)
{
    uint64_t mask = ss == 8 ? ~0ull : (1ull << (ss * 8)) - 1;
    uint64_t omask = size == 8 ? ~0ull : (1ull << (size * 8)) - 1;
    uint64_t sp = t_cpu.gpr[X86_RSP], bp = t_cpu.gpr[X86_RBP];
    uint64_t frame;

    level &= 31;
    sp = (sp - size) & mask;
    ref_put(sp, bp, size, mask);
    frame = sp;
    for (unsigned i = 1; i < level; i++) {
        bp = (bp - size) & mask;
        sp = (sp - size) & mask;
        ref_put(sp, ref_get(bp, size, mask), size, mask);
    }
    if (level) {
        sp = (sp - size) & mask;
        ref_put(sp, frame, size, mask);
    }
    sp = (sp - alloc) & mask;
    if (size == 4) {
        t_cpu.gpr[X86_RBP] = (uint32_t)frame;
    } else {
        t_cpu.gpr[X86_RBP] = (t_cpu.gpr[X86_RBP] & ~omask) | (frame & omask);
    }
    if (ss == 4) {
        t_cpu.gpr[X86_RSP] = (uint32_t)sp;
    } else {
        t_cpu.gpr[X86_RSP] = (t_cpu.gpr[X86_RSP] & ~mask) | sp;
    }
}

/* Random frames in each mode, BP around SP (the reads may see pushes). */
static void test_enter_ref(void)
{
    static uint8_t expect[T_MEM_SIZE];
    static const struct {
        int mode;            /* 0 real, 16/32 prot, 64 long */
        bool opsize;
        unsigned size, ss;
    } modes[] = {
        { 32, false, 4, 4 }, { 32, true, 2, 4 }, { 16, false, 2, 2 },
        { 16, true, 4, 2 }, { 0, false, 2, 2 }, { 64, false, 8, 8 },
        { 64, true, 2, 8 },
    };
    GRand *g = g_rand_new_with_seed(7);

    for (int n = 0; n < 2000; n++) {
        unsigned m = g_rand_int_range(g, 0, G_N_ELEMENTS(modes));
        unsigned alloc = g_rand_int_range(g, 0, 0x10000);
        unsigned level = g_rand_int_range(g, 0, 256);
        uint64_t sp = g_rand_int_range(g, 0, 0x400) + 0x8000;
        char enc[32];
        struct x86_cpu_state want;

        if (modes[m].mode == 64) {
            t_long(0);
        } else if (modes[m].mode) {
            t_prot(modes[m].mode == 32, 0);
        } else {
            t_real();
        }
        if (modes[m].ss == 2 && g_rand_boolean(g)) {
            sp &= 0x3f;                   /* wrap below 0 */
        }
        for (unsigned i = 0; i < 0x10000; i += 4) {
            t_put(i, g_rand_int(g), 4);
        }
        t_cpu.gpr[X86_RSP] = sp | 0x1234500000000ull * (modes[m].ss == 8);
        t_cpu.gpr[X86_RBP] = (sp + g_rand_int_range(g, -64, 256)) & 0xffff;
        t_cpu.gpr[X86_RBP] |= (uint64_t)g_rand_int(g) << 32;
        if (modes[m].ss == 8) {
            t_cpu.gpr[X86_RSP] &= 0xffff;
            t_cpu.gpr[X86_RBP] &= 0xffff;
        }
        want = t_cpu;
        snprintf(enc, sizeof(enc), "%s c8 %02x %02x %02x",
                 modes[m].opsize ? "66" : "", alloc & 0xff, alloc >> 8,
                 level);
        memcpy(expect, t_mem, 0x10000);
        {
            /* Run the reference on a copy of the state and memory. */
            struct x86_cpu_state got_state = t_cpu;
            static uint8_t got_mem[0x10000];

            t_expect_ok(enc);
            got_state = t_cpu;
            memcpy(got_mem, t_mem, sizeof(got_mem));
            memcpy(t_mem, expect, 0x10000);
            t_cpu = want;
            ref_enter(alloc, level, modes[m].size, modes[m].ss);
            if (memcmp(got_mem, t_mem, sizeof(got_mem)) ||
                got_state.gpr[X86_RSP] != t_cpu.gpr[X86_RSP] ||
                got_state.gpr[X86_RBP] != t_cpu.gpr[X86_RBP]) {
                g_test_message("case %d: %s sp %" PRIx64 " bp %" PRIx64
                               " -> sp %" PRIx64 "/%" PRIx64 " bp %"
                               PRIx64 "/%" PRIx64, n, enc,
                               want.gpr[X86_RSP], want.gpr[X86_RBP],
                               got_state.gpr[X86_RSP],
                               t_cpu.gpr[X86_RSP], got_state.gpr[X86_RBP],
                               t_cpu.gpr[X86_RBP]);
                g_assert_not_reached();
            }
        }
    }
    g_rand_free(g);
}

static void test_enter_leave(void)
{
    t_prot(true, 0);
    t_cpu.gpr[X86_RBP] = 0x9000;
    t_put(0x8ffc, 0x11111111, 4);
    t_put(0x8ff8, 0x22222222, 4);
    t_expect_ok("c8 10 00 03");                  /* enter 16, 3 */
    g_assert_cmphex(t_get(0x7ffc, 4), ==, 0x9000);
    g_assert_cmphex(t_get(0x7ff8, 4), ==, 0x11111111);
    g_assert_cmphex(t_get(0x7ff4, 4), ==, 0x22222222);
    g_assert_cmphex(t_get(0x7ff0, 4), ==, 0x7ffc);
    g_assert_cmphex(t_cpu.gpr[X86_RBP], ==, 0x7ffc);
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x7fe0);
    g_assert_cmphex(t_cpu.rip, ==, 0x1004);
    t_expect_ok("c9");                           /* leave */
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x8000);
    g_assert_cmphex(t_cpu.gpr[X86_RBP], ==, 0x9000);
    /* LEAVE in 64-bit mode pops 8 bytes. */
    t_long(0);
    t_cpu.gpr[X86_RBP] = 0x6000;
    t_put(0x6000, 0x123456789abcull, 8);
    t_expect_ok("c9");
    g_assert_cmphex(t_cpu.gpr[X86_RBP], ==, 0x123456789abcull);
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x6008);
}

/*
 * ENTER touches the final top of stack: outside the segment it faults
 * with nothing written. LEAVE with BP outside: #SS, nothing changes.
 */
static void test_enter_leave_fault(void)
{
    t_prot(true, 0);
    t_cpu.seg[X86_SEG_SS].type = 7;              /* expand-down */
    t_cpu.seg[X86_SEG_SS].limit = 0x6fff;        /* valid: 7000.. */
    t_cpu.gpr[X86_RBP] = 0x9000;
    t_expect_exc("c8 00 10 00", X86_EXC_SS, 0);  /* enter 0x1000, 0 */
    g_assert_cmphex(t_get(0x7ffc, 4), ==, 0);
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x8000);
    t_expect_ok("c8 00 0f 00");                  /* enter 0xf00, 0 */
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x70fc);
    t_cpu.gpr[X86_RBP] = 0x6000;
    t_expect_exc("c9", X86_EXC_SS, 0);
    g_assert_cmphex(t_cpu.gpr[X86_RSP], ==, 0x70fc);
    g_assert_cmphex(t_cpu.gpr[X86_RBP], ==, 0x6000);
}

/* Flags the SDM defines, computed from its pseudocode. */
static uint64_t zsp8(unsigned v)
{
    v &= 0xff;
    return (v ? 0 : X86_FL_ZF) | (v & 0x80 ? X86_FL_SF : 0) |
           (__builtin_parity(v) ? 0 : X86_FL_PF);
}

static void sdm_adjust(unsigned op, unsigned *ax, uint64_t *fl,
                       uint64_t *defined)
{
    unsigned al = *ax & 0xff, ah = *ax >> 8;
    bool cf = *fl & X86_FL_CF, af = *fl & X86_FL_AF;
    bool ocf = cf;

    switch (op) {
    case 0x27:                                   /* DAA */
    case 0x2f: {                                 /* DAS */
        unsigned old = al;

        cf = false;
        if ((al & 0xf) > 9 || af) {
            cf = ocf || (op == 0x27 ? al + 6 > 0xff : al < 6);
            al = (op == 0x27 ? al + 6 : al - 6) & 0xff;
            af = true;
        } else {
            af = false;
        }
        if (old > 0x99 || ocf) {
            al = (op == 0x27 ? al + 0x60 : al - 0x60) & 0xff;
            cf = true;
        } else if (op == 0x27) {
            cf = false;
        }
        *ax = (ah << 8) | al;
        *fl = zsp8(al);
        *defined = X86_FL_ARITH & ~(uint64_t)X86_FL_OF;
        break;
    }
    default:                                     /* AAA, AAS */
        if ((al & 0xf) > 9 || af) {
            *ax = op == 0x37 ? *ax + 0x106 : *ax - 6 - 0x100;
            cf = af = true;
        } else {
            cf = af = false;
        }
        *ax &= 0xff0f;
        *fl = 0;
        *defined = X86_FL_CF | X86_FL_AF;
        break;
    }
    *fl |= (cf ? X86_FL_CF : 0) | (af ? X86_FL_AF : 0);
}

static void test_adjust_sdm(void)
{
    static const uint8_t ops[] = { 0x27, 0x2f, 0x37, 0x3f };

    t_prot(true, 0);
    for (int o = 0; o < 4; o++) {
        for (unsigned in = 0; in < 256 * 4 * 4; in++) {
            unsigned ax = ((in >> 10) * 0x55 << 8) | (in & 0xff);
            uint64_t fl = (in & 0x100 ? X86_FL_CF : 0) |
                          (in & 0x200 ? X86_FL_AF : 0);
            uint64_t defined;
            char enc[4];

            t_cpu.gpr[X86_RAX] = 0xabcd0000 | ax;
            t_cpu.rflags = X86_FL_FIXED | fl;
            snprintf(enc, sizeof(enc), "%02x", ops[o]);
            t_expect_ok(enc);
            sdm_adjust(ops[o], &ax, &fl, &defined);
            g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0xabcd0000 | ax);
            g_assert_cmphex(t_cpu.rflags & defined, ==, fl & defined);
        }
    }
    /* AAM: every AL and base; AAD: every AX for some bases. */
    for (unsigned base = 1; base < 256; base++) {
        for (unsigned al = 0; al < 256; al++) {
            char enc[8];

            snprintf(enc, sizeof(enc), "d4 %02x", base);
            t_cpu.gpr[X86_RAX] = 0x7700 | al;
            t_expect_ok(enc);
            g_assert_cmphex(t_cpu.gpr[X86_RAX], ==,
                            ((al / base) << 8) | (al % base));
            g_assert_cmphex(t_cpu.rflags & (X86_FL_ZF | X86_FL_SF |
                                            X86_FL_PF), ==, zsp8(al % base));
        }
    }
    for (unsigned base = 0; base < 256; base += 51) {
        for (unsigned ax = 0; ax < 0x10000; ax++) {
            char enc[8];
            unsigned al = (ax + (ax >> 8) * base) & 0xff;

            snprintf(enc, sizeof(enc), "d5 %02x", base);
            t_cpu.gpr[X86_RAX] = 0x12340000 | ax;
            t_expect_ok(enc);
            g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0x12340000 | al);
            g_assert_cmphex(t_cpu.rflags & (X86_FL_ZF | X86_FL_SF |
                                            X86_FL_PF), ==, zsp8(al));
        }
    }
}

/*
 * All six arithmetic flags as measured on the AMD EPYC host (AX in,
 * flags in, AX out, flags out), undefined ones included.
 */
static void test_adjust_measured(void)
{
    static const struct {
        const char *enc;
        uint16_t ax, fl, ax_out, fl_out;
    } v[] = {
        { "27", 0xfe6b, 0x8d7, 0xfed1, 0xa95 },
        { "27", 0x126f, 0x003, 0x12d5, 0xa91 },
        { "27", 0xffa0, 0x002, 0xff00, 0x245 },
        { "27", 0xfedd, 0x8c6, 0xfe43, 0x211 },
        { "27", 0x80f6, 0x002, 0x8056, 0x205 },
        { "2f", 0xfed7, 0x8c7, 0xfe77, 0xa05 },
        { "2f", 0x00c2, 0x012, 0x005c, 0xa15 },
        { "2f", 0x0066, 0x013, 0x0000, 0x255 },
        { "2f", 0x7f02, 0x8d7, 0x7f9c, 0x295 },
        { "37", 0x7f3c, 0x8d6, 0x8002, 0xa95 },
        { "37", 0x0000, 0x002, 0x0000, 0x244 },
        { "37", 0xfefa, 0x8d6, 0x0000, 0x255 },
        { "37", 0x01fa, 0x8d7, 0x0300, 0x215 },
        { "37", 0xfe65, 0x8d7, 0xff0b, 0x291 },
        { "3f", 0x801d, 0x012, 0x7f07, 0xa15 },
        { "3f", 0x0106, 0x8d7, 0x0000, 0x255 },
        { "3f", 0x011b, 0x8c7, 0x0005, 0x211 },
        { "3f", 0xff61, 0x002, 0xff01, 0x280 },
        { "d5 0a", 0x18d8, 0x002, 0x00c8, 0x281 },
        { "d5 0a", 0x2f9a, 0x002, 0x0070, 0xa11 },
        { "d5 07", 0x2775, 0x8d7, 0x0086, 0xa80 },
        { "d5 07", 0x01ea, 0x002, 0x00f1, 0x290 },
        { "d5 ff", 0xd15f, 0x002, 0x008e, 0xa94 },
        { "d5 ff", 0x4a4b, 0x002, 0x0001, 0x211 },
        { "d4 0a", 0x5541, 0x8d7, 0x0605, 0x204 },
        { "d4 10", 0x5540, 0x002, 0x0400, 0x244 },
        { "d4 07", 0x5543, 0x002, 0x0904, 0x200 },
    };

    t_prot(true, 0);
    for (size_t i = 0; i < G_N_ELEMENTS(v); i++) {
        t_cpu.gpr[X86_RAX] = v[i].ax;
        t_cpu.rflags = v[i].fl | X86_FL_FIXED;
        t_expect_ok(v[i].enc);
        if (t_cpu.gpr[X86_RAX] != v[i].ax_out ||
            (t_cpu.rflags & X86_FL_ARITH) != (v[i].fl_out & X86_FL_ARITH)) {
            g_test_message("%s ax %04x fl %03x: got %04" PRIx64 " %03" PRIx64
                           ", host %04x %03x", v[i].enc, v[i].ax, v[i].fl,
                           t_cpu.gpr[X86_RAX],
                           t_cpu.rflags & X86_FL_ARITH, v[i].ax_out,
                           v[i].fl_out & X86_FL_ARITH);
            g_assert_not_reached();
        }
    }
}

static void test_adjust_faults(void)
{
    t_prot(true, 0);
    t_cpu.gpr[X86_RAX] = 0x1234;
    t_expect_exc("d4 00", X86_EXC_DE, -1);
    g_assert_false(t_emu.exc.has_error_code);
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0x1234);
    t_expect_ok("d5 00");                        /* AAD 0: AL kept */
    g_assert_cmphex(t_cpu.gpr[X86_RAX], ==, 0x34);
    t_long(0);
    t_expect_exc("27", X86_EXC_UD, -1);
    t_expect_exc("2f", X86_EXC_UD, -1);
    t_expect_exc("37", X86_EXC_UD, -1);
    t_expect_exc("3f", X86_EXC_UD, -1);
    t_expect_exc("d4 0a", X86_EXC_UD, -1);
    t_expect_exc("d5 0a", X86_EXC_UD, -1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/emulate/stack/pusha-popa32", test_pusha_popa32);
    g_test_add_func("/x86/emulate/stack/pusha-popa16", test_pusha_popa16);
    g_test_add_func("/x86/emulate/stack/pusha-fault", test_pusha_fault);
    g_test_add_func("/x86/emulate/stack/pushf", test_pushf);
    g_test_add_func("/x86/emulate/stack/popf", test_popf);
    g_test_add_func("/x86/emulate/stack/pushf-popf-v86",
                    test_pushf_popf_v86);
    g_test_add_func("/x86/emulate/stack/enter-leave", test_enter_leave);
    g_test_add_func("/x86/emulate/stack/enter-reference", test_enter_ref);
    g_test_add_func("/x86/emulate/stack/enter-leave-fault",
                    test_enter_leave_fault);
    g_test_add_func("/x86/emulate/bcd/sdm", test_adjust_sdm);
    g_test_add_func("/x86/emulate/bcd/measured", test_adjust_measured);
    g_test_add_func("/x86/emulate/bcd/faults", test_adjust_faults);
    return g_test_run();
}
