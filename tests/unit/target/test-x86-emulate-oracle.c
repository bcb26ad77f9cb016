/*
 * Emulator oracle: every instruction form of emulate-oracle.h runs on
 * random operands twice, natively on this host (in a generated stub that
 * loads and stores all registers) and through target/i386's decoder and
 * emulator on the same initial state, in 64-bit user mode with the test
 * buffer identity-mapped by synthesized page tables. Registers, defined
 * flags, x87/SSE/AVX state and memory must match; when the native run
 * faults (#DE, #GP for misaligned SSE, ...), the emulator must raise an
 * exception of the same class.
 *
 * ORACLE_CASES (environment) sets the cases per form (default 40);
 * ORACLE_FORM=name runs one form only.
 */
#include "qemu/osdep.h"
#include "target/i386/emulate.h"
#include "emulate-oracle.h"

#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

#define BUF_SIZE 8192
#define PT_BASE (1ull << 50)             /* synthesized page tables */
#define FLAGS_SEED_MASK (X86_FL_ARITH | X86_FL_DF)

struct regs {
    uint64_t gpr[16];
    uint64_t rflags;
};

/* The stub page: code, then this block (reached RIP-relative). */
struct stub_data {
    struct regs r;
    uint64_t host_rsp;
    uint64_t host_saved[6];
};

#define CODE_MAX 2048
static uint8_t *page;            /* RWX: code + struct stub_data */
static uint8_t *xarea;           /* guest x87/SSE/AVX image, 64-aligned */
static uint8_t *host_area;
static uint8_t *buf;             /* operand memory, 64-aligned */
static uint8_t *insn_addr;       /* where the instruction sits */
static bool host_avx;
static uint64_t host_xcr0 = 3;

static sigjmp_buf fault_jmp;
static volatile int fault_sig;

static struct stub_data *sdata(void)
{
    return (struct stub_data *)(page + CODE_MAX);
}

/* mov disp32(%rip) <-> reg, 64-bit. */
static uint8_t *emit_rip_mov(uint8_t *p, bool store, unsigned reg,
                             void *target)
{
    *p++ = 0x48 | (reg & 8 ? 4 : 0);
    *p++ = store ? 0x89 : 0x8b;
    *p++ = ((reg & 7) << 3) | 5;
    int32_t d = (uint8_t *)target - (p + 4);
    memcpy(p, &d, 4);
    return p + 4;
}

static uint8_t *emit_area_op(uint8_t *p, bool save)
{
    int32_t d;

    /* mov $7,%eax; xor %edx,%edx; lea xarea(%rip),%rcx */
    *p++ = 0xb8; *p++ = 7; *p++ = 0; *p++ = 0; *p++ = 0;
    *p++ = 0x31; *p++ = 0xd2;
    *p++ = 0x48; *p++ = 0x8d; *p++ = 0x0d;
    d = xarea - (p + 4);
    memcpy(p, &d, 4);
    p += 4;
    /* xsave64/xrstor64 (%rcx) or fxsave64/fxrstor64 (%rcx) */
    *p++ = 0x48; *p++ = 0x0f; *p++ = 0xae;
    if (host_avx) {
        *p++ = save ? 0x21 : 0x29;
    } else {
        *p++ = save ? 0x01 : 0x09;
    }
    return p;
}

static const unsigned callee_saved[6] = { 3, 5, 12, 13, 14, 15 };

/* Build: save host, load guest, instruction, store guest, restore. */
static void build_native(const uint8_t *insn, unsigned len)
{
    struct stub_data *s = sdata();
    uint8_t *p = page;
    int32_t d;

    for (int i = 0; i < 6; i++) {
        p = emit_rip_mov(p, true, callee_saved[i], &s->host_saved[i]);
    }
    p = emit_rip_mov(p, true, 4, &s->host_rsp);
    p = emit_area_op(p, false);
    /* pushq rflags(%rip); popfq */
    *p++ = 0xff; *p++ = 0x35;
    d = (uint8_t *)&s->r.rflags - (p + 4);
    memcpy(p, &d, 4);
    p += 4;
    *p++ = 0x9d;
    for (unsigned r = 0; r < 16; r++) {
        if (r != 4) {
            p = emit_rip_mov(p, false, r, &s->r.gpr[r]);
        }
    }
    p = emit_rip_mov(p, false, 4, &s->r.gpr[4]);
    insn_addr = p;
    memcpy(p, insn, len);
    p += len;
    for (unsigned r = 0; r < 16; r++) {
        p = emit_rip_mov(p, true, r, &s->r.gpr[r]);
    }
    p = emit_rip_mov(p, false, 4, &s->host_rsp);
    *p++ = 0x9c;                          /* pushfq; pop %rax */
    *p++ = 0x58;
    p = emit_rip_mov(p, true, 0, &s->r.rflags);
    *p++ = 0xfc;                          /* cld: the ABI wants DF=0 */
    p = emit_area_op(p, true);
    for (int i = 0; i < 6; i++) {
        p = emit_rip_mov(p, false, callee_saved[i], &s->host_saved[i]);
    }
    *p++ = 0xc3;
    g_assert(p < page + CODE_MAX);
}

static void host_state(bool save)
{
    if (host_avx) {
        if (save) {
            __asm__ volatile("xsave64 (%0)" :: "r"(host_area), "a"(7),
                             "d"(0) : "memory");
        } else {
            __asm__ volatile("xrstor64 (%0)" :: "r"(host_area), "a"(7),
                             "d"(0) : "memory");
        }
    } else if (save) {
        __asm__ volatile("fxsave64 (%0)" :: "r"(host_area) : "memory");
    } else {
        __asm__ volatile("fxrstor64 (%0)" :: "r"(host_area) : "memory");
    }
}

static uintptr_t fault_pc;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    fault_pc = ((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
    fault_sig = sig;
    siglongjmp(fault_jmp, 1);
}

/* Run the stub; returns 0 or the signal that stopped it. */
static int run_native(void)
{
    fault_sig = 0;
    host_state(true);
    if (sigsetjmp(fault_jmp, 1) == 0) {
        ((void (*)(void))page)();
    }
    host_state(false);
    return fault_sig;
}

/* --- Emulated side --- */

/* Pages the emulated guest may touch: the buffer and the stub pages. */
static bool mapped(uint64_t a)
{
    return (a >= (uintptr_t)buf && a < (uintptr_t)buf + BUF_SIZE) ||
           (a >= (uintptr_t)page && a < (uintptr_t)page + 8192);
}

/*
 * Page tables made up on the fly: the table for level L (3 = PML4) and
 * address prefix P sits at PT_BASE | L << 44 | P << 12. Only the pages
 * of mapped() are present, so anything else faults as it does natively.
 */
static uint64_t pt_entry(uint64_t gpa)
{
    uint64_t off = gpa - PT_BASE;
    unsigned level = off >> 44;
    uint64_t prefix = (off >> 12) & ((1ull << 32) - 1);
    uint64_t idx = (off & 4095) / 8;
    uint64_t next = (prefix << 9) | idx;

    if (level == 0) {
        uint64_t la = next << 12;

        return mapped(la) ? la | 0x67 : 0;
    }
    return (PT_BASE | ((uint64_t)(level - 1) << 44) | (next << 12)) | 0x67;
}

static int o_read(void *opaque, uint64_t gpa, void *dst, unsigned len)
{
    if (gpa >= PT_BASE) {
        uint64_t e = pt_entry(gpa);

        memcpy(dst, &e, MIN(len, 8));
        return 0;
    }
    if (mapped(gpa) && mapped(gpa + len - 1)) {
        memcpy(dst, (void *)(uintptr_t)gpa, len);
        return 0;
    }
    return -EFAULT;
}

static int o_write(void *opaque, uint64_t gpa, const void *src, unsigned len)
{
    if (gpa >= (uintptr_t)buf && gpa + len <= (uintptr_t)buf + BUF_SIZE) {
        memcpy((void *)(uintptr_t)gpa, src, len);
        return 0;
    }
    return -EFAULT;
}

static int o_cmpxchg(void *opaque, uint64_t gpa, void *old, const void *new,
                     unsigned len)
{
    uint8_t cur[16];
    int r = o_read(opaque, gpa, cur, len);

    if (r) {
        return r;
    }
    if (memcmp(cur, old, len)) {
        memcpy(old, cur, len);
        return 0;
    }
    return o_write(opaque, gpa, new, len) ? -EFAULT : 1;
}

static void o_cpuid(void *opaque, uint32_t leaf, uint32_t sub,
                    uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]),
                     "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static int o_nomsr(void *opaque, uint32_t index, uint64_t *val)
{
    return -EINVAL;
}

static const struct x86_emu_ops oracle_ops = {
    .read_phys = o_read,
    .write_phys = o_write,
    .cmpxchg_phys = o_cmpxchg,
    .rdmsr = o_nomsr,
    .cpuid = o_cpuid,
};

static struct x86_emu_features features;

static void setup_cpu(struct x86_cpu_state *c, const struct regs *r)
{
    memset(c, 0, sizeof(*c));
    memcpy(c->gpr, r->gpr, sizeof(c->gpr));
    c->rflags = r->rflags | X86_FL_FIXED;
    c->rip = (uintptr_t)insn_addr;
    for (int i = 0; i < X86_NR_SEGS; i++) {
        c->seg[i] = (struct x86_segment){
            .limit = 0xffffffff, .type = 3, .s = 1, .dpl = 3, .present = 1,
            .db = 1, .g = 1,
        };
    }
    c->seg[X86_SEG_CS] = (struct x86_segment){
        .limit = 0xffffffff, .type = 0xb, .s = 1, .dpl = 3, .present = 1,
        .l = 1, .g = 1,
    };
    c->cr0 = X86_CR0_PE_BIT | X86_CR0_PG_BIT | X86_CR0_NE_BIT |
             X86_CR0_WP_BIT | X86_CR0_MP_BIT;
    c->cr3 = PT_BASE | (3ull << 44);
    c->cr4 = X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |
             (host_avx ? X86_CR4_OSXSAVE : 0);
    c->efer = X86_EFER_LME | X86_EFER_LMA_BIT | X86_EFER_NXE;
    c->xcr0 = host_xcr0;
    memcpy(&c->fx, xarea, 512);
    if (host_avx) {
        memcpy(c->ymmh, xarea + 576, sizeof(c->ymmh));
    }
    c->valid = X86_VALID_FPU | X86_VALID_XCR;
}

/* --- Case generation --- */

struct gen {
    uint8_t bytes[32];
    unsigned len;
    unsigned opsize;           /* 2, 4 or 8 */
    bool uses_sib;
};

static uint64_t rnd64(GRand *g)
{
    return ((uint64_t)g_rand_int(g) << 32) | g_rand_int(g);
}

/* "Interesting" integers: edges as often as random values. */
static uint64_t rnd_value(GRand *g)
{
    static const uint64_t edges[] = {
        0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
        0x80000000, 0xffffffff, 0x7fffffffffffffffull,
        0x8000000000000000ull, ~0ull,
    };

    if (g_rand_int_range(g, 0, 3) == 0) {
        return edges[g_rand_int_range(g, 0, G_N_ELEMENTS(edges))];
    }
    return rnd64(g);
}

static bool is_prefix(unsigned b)
{
    return b == 0x66 || b == 0xf2 || b == 0xf3 || b == 0xf0;
}

/* Assemble one random instance of a form (variant: 0, 16- or 64-bit). */
static void generate(GRand *g, const struct form *f, int variant,
                     struct gen *out)
{
    char **tok = g_strsplit(f->enc, " ", -1);
    uint8_t pre[8], op[8];
    unsigned npre = 0, nop = 0, rex = 0;
    int modrm_digit = -2, plus_r = -1, imm = 0;
    bool moffs = false, vex = false, lock = false, mem = false;
    int i = 0;

    memset(out, 0, sizeof(*out));
    out->opsize = 4;
    for (; tok[i] && strlen(tok[i]) == 2 && g_ascii_isxdigit(tok[i][0]);
         i++) {
        unsigned b = strtoul(tok[i], NULL, 16);

        if (nop == 0 && !vex && is_prefix(b)) {
            pre[npre++] = b;
        } else if (nop == 0 && !vex && (b & 0xf0) == 0x40) {
            rex |= b;
        } else {
            if (nop == 0 && (b == 0xc4 || b == 0xc5)) {
                vex = true;
            }
            op[nop++] = b;
        }
    }
    for (; tok[i]; i++) {
        if (!strcmp(tok[i], "/r")) {
            modrm_digit = -1;
        } else if (tok[i][0] == '/') {
            modrm_digit = tok[i][1] - '0';
        } else if (!strcmp(tok[i], "+r")) {
            plus_r = g_rand_int_range(g, 0, 8);
        } else if (!strcmp(tok[i], "moffs")) {
            moffs = true;
        } else if (!strcmp(tok[i], "ib")) {
            imm = 1;
        } else if (!strcmp(tok[i], "iw")) {
            imm = 2;
        } else if (!strcmp(tok[i], "id")) {
            imm = 4;
        } else if (!strcmp(tok[i], "iz")) {
            imm = -4;
        } else if (!strcmp(tok[i], "iv")) {
            imm = -8;
        }
    }
    g_strfreev(tok);
    if (variant == 1) {
        pre[npre++] = 0x66;
        out->opsize = 2;
    } else if (variant == 2) {
        rex |= 0x48;
    }
    if (rex & 8) {
        out->opsize = 8;
    }
    if ((f->flags & F_LOCK) && g_rand_int_range(g, 0, 3) == 0) {
        lock = true;
    }
    if (modrm_digit != -2) {
        mem = lock || (f->flags & F_MEM) ||
              (!(f->flags & F_REG) && g_rand_int_range(g, 0, 3));
    }
    /* REX.R / REX.B at random (the memory base is always RBX). */
    if (!vex && !(f->flags & F_NOREX)) {
        if (g_rand_boolean(g)) {
            rex |= 0x44;
        }
        if (!mem && (modrm_digit != -2 || plus_r >= 0) &&
            g_rand_boolean(g)) {
            rex |= 0x41;
        }
        if (!rex && g_rand_int_range(g, 0, 4) == 0) {
            rex = 0x40;
        }
    }
    {
        uint8_t *p = out->bytes;

        if (lock) {
            *p++ = 0xf0;
        }
        memcpy(p, pre, npre);
        p += npre;
        if (rex) {
            *p++ = rex;
        }
        memcpy(p, op, nop);
        p += nop;
        if (plus_r >= 0) {
            if ((f->flags & F_NORSP) && plus_r == 4 && !(rex & 1)) {
                plus_r = 0;
            }
            p[-1] += plus_r;
        }
        if (modrm_digit != -2) {
            unsigned reg = modrm_digit >= 0 ? (unsigned)modrm_digit
                                            : g_rand_int_range(g, 0, 8);

            /*
             * RBX (the memory base) and RSP are never small: as a bit
             * offset they would send BTS & co. anywhere in the process.
             */
            if ((f->flags & F_SMALL) && modrm_digit < 0 && !(rex & 4) &&
                (reg == 3 || reg == 4)) {
                reg = 0;
            }

            if (!mem) {
                *p++ = 0xc0 | (reg << 3) | g_rand_int_range(g, 0, 8);
            } else if (g_rand_int_range(g, 0, 4) == 0) {
                /* [rbx + rsi*scale + disp8] */
                *p++ = 0x44 | (reg << 3);
                *p++ = (g_rand_int_range(g, 0, 4) << 6) | (6 << 3) | 3;
                *p++ = (f->flags & F_A16) ? 0 : g_rand_int_range(g, -64, 64);
                out->uses_sib = true;
            } else {
                /* [rbx + disp8] */
                int d = g_rand_int_range(g, -64, 64);

                *p++ = 0x43 | (reg << 3);
                *p++ = (f->flags & F_A16) ? (d & ~15) : d;
            }
        }
        if (moffs) {
            uint64_t a = (uintptr_t)buf + 1024 + g_rand_int_range(g, 0, 64);

            memcpy(p, &a, 8);
            p += 8;
        }
        if (imm) {
            unsigned n = imm > 0 ? (unsigned)imm
                         : imm == -8 ? out->opsize
                         : (out->opsize == 2 ? 2 : 4);

            for (unsigned k = 0; k < n; k++) {
                *p++ = (f->flags & F_SIMM) ? (k ? 0 : g_rand_int_range(g, 0, 8))
                                           : g_rand_int(g);
            }
        }
        out->len = p - out->bytes;
    }
}

static void seed_fpu(GRand *g, bool x87)
{
    struct x86_fxsave *fx = (struct x86_fxsave *)xarea;

    memset(xarea, 0, 4096);
    fx->fcw = 0x37f | (g_rand_int_range(g, 0, 4) << 10) |
              (g_rand_boolean(g) ? 0x200 : 0x300);
    /* Random rounding, DAZ/FTZ off, all exceptions masked. */
    fx->mxcsr = 0x1f80 | (g_rand_int_range(g, 0, 4) << 13);
    fx->mxcsr_mask = 0;
    if (x87) {
        unsigned top = g_rand_int_range(g, 0, 8);

        fx->fsw = top << 11;
        fx->ftw = g_rand_int(g) & 0xff;
        for (int i = 0; i < 8; i++) {
            long double v = (long double)(int32_t)g_rand_int(g) /
                            (g_rand_int_range(g, 1, 1000));

            memcpy(fx->st[i], &v, 10);
        }
    }
    for (int i = 0; i < 16; i++) {
        for (int k = 0; k < 16; k += 8) {
            double d = (double)(int32_t)g_rand_int(g) / 7.0;
            uint64_t v = g_rand_boolean(g) ? rnd64(g) : 0;

            if (!v) {
                memcpy(&v, &d, 8);
            }
            memcpy(&fx->xmm[i][k], &v, 8);
        }
    }
    if (host_avx) {
        uint64_t bv = 7;

        memcpy(xarea + 512, &bv, 8);
        for (int i = 0; i < 256; i++) {
            xarea[576 + i] = g_rand_int(g);
        }
    }
}

static void seed_regs(GRand *g, const struct form *f, const struct gen *gen,
                      struct regs *r)
{
    for (int i = 0; i < 16; i++) {
        r->gpr[i] = (f->flags & F_SMALL)
                        ? (uint64_t)(int64_t)g_rand_int_range(g, -300, 300)
                        : rnd_value(g);
    }
    r->gpr[X86_RSP] = (uintptr_t)buf + 6144 + 8 * g_rand_int_range(g, 0, 8);
    r->gpr[X86_RBX] = (uintptr_t)buf + 1024;
    if (gen->uses_sib) {
        r->gpr[X86_RSI] = g_rand_int_range(g, 0, 8);
    }
    if (f->flags & F_STR) {
        r->gpr[X86_RSI] = (uintptr_t)buf + 2048 + g_rand_int_range(g, 0, 64);
        r->gpr[X86_RDI] = (uintptr_t)buf + 4096 + g_rand_int_range(g, 0, 64);
        r->gpr[X86_RCX] = g_rand_int_range(g, 0, 10);
    }
    if (f->flags & F_XCR) {
        r->gpr[X86_RCX] = 0;
    }
    r->rflags = rnd64(g) & FLAGS_SEED_MASK;
    if (!(f->flags & F_STR) && g_rand_boolean(g)) {
        r->rflags &= ~X86_FL_DF;
    }
}

static uint64_t defined_flags(unsigned fm)
{
    switch (fm) {
    case FM_LOGIC:
        return X86_FL_ARITH & ~X86_FL_AF;
    case FM_SHIFT:
        return X86_FL_ARITH & ~(X86_FL_AF | X86_FL_OF);
    case FM_MUL:
        return X86_FL_CF | X86_FL_OF;
    case FM_NONE:
        return 0;
    case FM_BT:
        return X86_FL_CF;
    case FM_BSF:
        return X86_FL_ZF;
    case FM_CNT:
        return X86_FL_CF | X86_FL_ZF;
    case FM_BMI:
        return X86_FL_CF | X86_FL_OF | X86_FL_ZF | X86_FL_SF;
    case FM_BEXTR:
        return X86_FL_CF | X86_FL_OF | X86_FL_ZF;
    default:
        return X86_FL_ARITH;
    }
}

static uint8_t signal_class(int sig)
{
    switch (sig) {
    case SIGFPE:
        return X86_EXC_DE;
    case SIGILL:
        return X86_EXC_UD;
    default:
        return X86_EXC_GP;
    }
}

static uint8_t vector_class(uint8_t v)
{
    switch (v) {
    case X86_EXC_DE: case X86_EXC_MF: case X86_EXC_XM:
        return X86_EXC_DE;
    case X86_EXC_UD:
        return X86_EXC_UD;
    default:                  /* #GP, #SS, #PF, #AC */
        return X86_EXC_GP;
    }
}

static unsigned failures, cases, native_faults;
static void test_oracle_run(void);

static void report_failure(const struct form *f, const struct gen *gen,
                           const char *what)
{
    GString *s = g_string_new(NULL);

    for (unsigned i = 0; i < gen->len; i++) {
        g_string_append_printf(s, "%02x ", gen->bytes[i]);
    }
    if (failures < 40) {
        g_test_message("%s [%s]: %s", f->name, s->str, what);
    }
    failures++;
    g_string_free(s, true);
}

static void compare(const struct form *f, const struct gen *gen,
                    const struct x86_cpu_state *c, const struct regs *nat,
                    const uint8_t *nat_buf, const uint8_t *nat_area)
{
    uint64_t mask = defined_flags(f->fm) | X86_FL_DF;
    const struct x86_fxsave *nfx = (const struct x86_fxsave *)nat_area;
    char what[160];

    for (int i = 0; i < 16; i++) {
        if (c->gpr[i] != nat->gpr[i]) {
            snprintf(what, sizeof(what), "gpr %d: emulated %" PRIx64
                     " native %" PRIx64, i, c->gpr[i], nat->gpr[i]);
            report_failure(f, gen, what);
            return;
        }
    }
    if ((c->rflags ^ nat->rflags) & mask) {
        snprintf(what, sizeof(what), "flags: emulated %" PRIx64 " native %"
                 PRIx64, c->rflags & mask, nat->rflags & mask);
        report_failure(f, gen, what);
        return;
    }
    if (c->rip != (uintptr_t)insn_addr + gen->len) {
        report_failure(f, gen, "RIP not advanced by the length");
        return;
    }
    if (memcmp(buf, nat_buf, BUF_SIZE)) {
        for (int i = 0; i < BUF_SIZE; i++) {
            if (buf[i] != nat_buf[i]) {
                snprintf(what, sizeof(what), "memory +%d: emulated %02x "
                         "native %02x", i, buf[i], nat_buf[i]);
                break;
            }
        }
        report_failure(f, gen, what);
        return;
    }
    if (c->fx.fcw != nfx->fcw || c->fx.fsw != nfx->fsw ||
        c->fx.ftw != nfx->ftw || c->fx.mxcsr != nfx->mxcsr) {
        snprintf(what, sizeof(what), "fcw/fsw/ftw/mxcsr %x/%x/%x/%x vs "
                 "%x/%x/%x/%x", c->fx.fcw, c->fx.fsw, c->fx.ftw,
                 c->fx.mxcsr, nfx->fcw, nfx->fsw, nfx->ftw, nfx->mxcsr);
        report_failure(f, gen, what);
        return;
    }
    for (int i = 0; i < 8; i++) {
        if (memcmp(c->fx.st[i], nfx->st[i], 10)) {
            snprintf(what, sizeof(what), "st(%d) differs", i);
            report_failure(f, gen, what);
            return;
        }
    }
    if (memcmp(c->fx.xmm, nfx->xmm, sizeof(c->fx.xmm)) ||
        (host_avx && memcmp(c->ymmh, nat_area + 576, sizeof(c->ymmh)))) {
        report_failure(f, gen, "vector registers differ");
    }
}

static void run_case(GRand *g, const struct form *f, int variant,
                     uint8_t *init_buf, uint8_t *nat_buf, uint8_t *init_area,
                     uint8_t *nat_area)
{
    struct gen gen;
    struct regs init;
    struct x86_cpu_state cpu;
    struct x86_emu emu;
    enum x86_emu_result res;
    int sig;

    generate(g, f, variant, &gen);
    seed_regs(g, f, &gen, &init);
    seed_fpu(g, f->flags & F_FPU);
    for (int i = 0; i < BUF_SIZE; i++) {
        init_buf[i] = g_rand_int(g);
    }
    memcpy(buf, init_buf, BUF_SIZE);
    memcpy(init_area, xarea, 4096);
    build_native(gen.bytes, gen.len);
    sdata()->r = init;
    sig = run_native();
    memcpy(nat_buf, buf, BUF_SIZE);
    memcpy(nat_area, xarea, 4096);

    memcpy(buf, init_buf, BUF_SIZE);
    memcpy(xarea, init_area, 4096);
    setup_cpu(&cpu, &init);
    emu = (struct x86_emu){
        .cpu = &cpu, .ops = &oracle_ops, .features = &features,
        .max_rep = 1000,
    };
    res = x86_emulate(&emu, gen.bytes, gen.len);
    cases++;
    if (sig) {
        native_faults++;
        if (res != X86_EMU_EXCEPTION) {
            char what[200];

            snprintf(what, sizeof(what), "native signal %d at stub+%ld, "
                     "emulator: %s", sig, (long)(fault_pc - (uintptr_t)page),
                     res == X86_EMU_UNHANDLED ? emu.message : "no fault");
            report_failure(f, &gen, what);
        } else if (vector_class(emu.exc.vector) != signal_class(sig)) {
            char what[64];

            snprintf(what, sizeof(what), "native signal %d, emulated vector "
                     "%u", sig, emu.exc.vector);
            report_failure(f, &gen, what);
        }
        return;
    }
    if (res != X86_EMU_OK) {
        char what[200];

        snprintf(what, sizeof(what), "emulator: %s%s (vector %u)",
                 res == X86_EMU_UNHANDLED ? "unhandled: " : "exception",
                 res == X86_EMU_UNHANDLED ? emu.message : "",
                 emu.exc.vector);
        report_failure(f, &gen, what);
        return;
    }
    compare(f, &gen, &cpu, &sdata()->r, nat_buf, nat_area);
}

static void test_oracle(void)
{
    struct x86_insn probe;

    if (x86_decode((const uint8_t *)"\x01\xd8", 2, X86_MODE_LONG64,
                   &probe) != X86_DECODE_OK) {
        g_test_skip("the decoder does not decode ADD yet (tables missing)");
        return;
    }
    test_oracle_run();
}

static void test_oracle_run(void)
{
    GRand *g = g_rand_new_with_seed(0x5eed);
    const char *env = g_getenv("ORACLE_CASES");
    const char *only = g_getenv("ORACLE_FORM");
    unsigned per_form = env ? strtoul(env, NULL, 0) : 40;
    uint8_t *init_buf = g_malloc(BUF_SIZE), *nat_buf = g_malloc(BUF_SIZE);
    uint8_t *init_area = g_malloc(4096), *nat_area = g_malloc(4096);
    unsigned nforms = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
        const struct form *f = &forms[i];
        int nvar = (f->flags & F_V) ? 3 : 1;

        if (((f->flags & F_AVX) && !host_avx) ||
            (only && strcmp(only, f->name))) {
            continue;
        }
        for (int v = 0; v < nvar; v++) {
            unsigned before = failures;

            nforms++;
            for (unsigned k = 0; k < per_form; k++) {
                run_case(g, f, v, init_buf, nat_buf, init_area, nat_area);
            }
            if (failures != before) {
                g_test_message("FAILED: %s (variant %d): %u of %u cases",
                               f->name, v, failures - before, per_form);
            }
        }
    }
    g_test_message("oracle: %u instruction forms, %u cases, %u native "
                   "faults compared as exceptions, %u mismatches",
                   nforms, cases, native_faults, failures);
    printf("# oracle: %u instruction forms, %u cases, %u native faults, "
           "%u mismatches\n", nforms, cases, native_faults, failures);
    g_free(init_buf);
    g_free(nat_buf);
    g_free(init_area);
    g_free(nat_area);
    g_rand_free(g);
    g_assert_cmpuint(failures, ==, 0);
}

static void setup_host(void)
{
    uint32_t r[4];
    stack_t ss = { .ss_sp = g_malloc(65536), .ss_size = 65536 };
    struct sigaction sa = { .sa_sigaction = on_fault,
                            .sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER };

    o_cpuid(NULL, 1, 0, r);
    if (r[2] & (1u << 27)) {
        uint32_t lo, hi;

        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        host_xcr0 = lo;
        host_avx = (lo & 7) == 7 && (r[2] & (1u << 28));
    }
    page = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert(page != MAP_FAILED);
    /* Within reach of the stub's RIP-relative addressing. */
    xarea = page + 4096;
    host_area = aligned_alloc(64, 4096);
    memset(host_area, 0, 4096);     /* XRSTOR wants a clean header */
    buf = aligned_alloc(4096, BUF_SIZE);
    sigaltstack(&ss, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    x86_emu_features_from_cpuid(&features, &oracle_ops, NULL);
    features.maxphyaddr = 52;
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup_host();
    g_test_add_func("/x86/emulate/oracle", test_oracle);
    return g_test_run();
}
