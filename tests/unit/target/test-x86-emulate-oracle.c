/*
 * Emulator oracle: every instruction form of emulate-oracle.h runs on
 * random operands twice, natively on this host (in a generated stub that
 * loads and stores all registers) and through target/i386's decoder and
 * emulator on the same initial state, with the test buffer
 * identity-mapped by synthesized page tables. Registers, defined flags,
 * x87/SSE/AVX state and memory must match; when the native run faults
 * (#DE, #GP for misaligned SSE, ...), the emulator must raise an
 * exception of the same class.
 *
 * Four modes, one test each:
 *   64-bit   - the stub runs in the process's own 64-bit code segment;
 *   32-bit   - the stub far-returns into the 32-bit user code segment
 *              (__USER32_CS, 0x23: compatibility mode, flat DS/ES/SS =
 *              0x2b); code, data and stack sit in a MAP_32BIT mapping;
 *              operand size 32 and (66) 16, address size 32;
 *   16-bit   - a 16-bit code segment and a 16-bit data/stack segment in
 *              the LDT (modify_ldt), both based at that mapping: operand
 *              size 16 and (66) 32, address size 16 and (67) 32, SP
 *              stack. The emulator runs the same bytes with the same
 *              segments (CS.D = 0, SS.B = 0).
 *   32-bit segmented - 32-bit code with LDT DS/ES/SS based at that
 *              mapping (32-bit, 4 GiB): operand size 32 / 16 (66),
 *              address size 32 / 16 (67, a third of the cases).
 * The 32- and 16-bit stubs come back with a far jump to the 64-bit
 * segment (0x33). Forms that exist only in 64-bit mode (REX) are skipped
 * there and counted.
 *
 * ORACLE_CASES (environment) sets the cases per form (default 40);
 * ORACLE_FORM=name runs one form only.
 */
#include "qemu/osdep.h"
#include "target/i386/emulate.h"
#include "emulate-oracle.h"
#include "oracle-rows.h"

#include <asm/ldt.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>

#define BUF_SIZE 8192
#define PT_BASE (1ull << 50)             /* synthesized page tables */
#define FLAGS_SEED_MASK (X86_FL_ARITH | X86_FL_DF)

/*
 * The low mapping (MAP_32BIT, so every address fits 32 bits and even the
 * 16-bit segments can reach it): code + struct stub_data, the x87/SSE/AVX
 * image, then the operand buffer of the 32- and 16-bit modes. The 16-bit
 * segments are based at its start.
 */
#define LOW_XAREA 4096
#define LOW_BUF 8192
#define LOW_SIZE (LOW_BUF + BUF_SIZE)

/* Selectors: Linux x86-64's user code segments, our LDT entries 0 and 1. */
#define SEL_CS64 0x33
#define SEL_CS32 0x23
#define SEL_CS16 ((0 << 3) | 4 | 3)
#define SEL_DS16 ((1 << 3) | 4 | 3)
#define SEL_ES16 ((2 << 3) | 4 | 3)
#define SEL_SS16 ((3 << 3) | 4 | 3)
#define SEL_DS32 ((4 << 3) | 4 | 3)
#define SEL_ES32 ((5 << 3) | 4 | 3)
#define SEL_SS32 ((6 << 3) | 4 | 3)

/*
 * In 16-bit code DS (and CS) are based at low, ES and SS a little
 * higher, so that using the wrong segment gives a wrong address.
 */
#define ES16_DELTA 0x1000
#define SS16_DELTA 0x800

/*
 * OM32S: 32-bit code (CS 0x23) with DS/ES/SS from the LDT based at the
 * low mapping (32-bit, 4 GiB limit): non-zero segment bases, and 67 for
 * 16-bit addressing, which the flat segments cannot reach.
 */
enum omode { OM64, OM32, OM16, OM32S, OM_COUNT };

static const char *const mode_names[OM_COUNT] = {
    "64-bit", "32-bit", "16-bit", "32-bit segmented",
};

struct regs {
    uint64_t gpr[16];
    uint64_t rflags;
};

/* The stub page: code, then this block (reached RIP-relative). */
struct stub_data {
    struct regs r;
    uint64_t host_rsp;
    uint64_t host_saved[6];
    uint64_t host_ds, host_es, host_ss;
    uint64_t host_fs, host_gs, host_fsbase, host_gsbase;
    uint64_t sel[6];             /* selectors after the instruction */
    uint64_t low_stack[8];       /* far return and PUSHF of 32/16-bit */
};

#define CODE_MAX 2048
static uint8_t *low;             /* RWX, below 2 GiB: see LOW_* */
static uint8_t *page;            /* = low: code + struct stub_data */
static uint8_t *xarea;           /* guest x87/SSE/AVX image, 64-aligned */
static uint8_t *host_area;
static uint8_t *buf;             /* operand memory of the current mode */
static uint8_t *buf64;           /* 64-bit mode: an ordinary heap buffer */
static uint8_t *insn_addr;       /* where the instruction sits */
static bool host_avx;
static bool host_umip;           /* Linux then emulates SMSW & co. */
static bool host_fsgsbase;       /* RD/WRFSBASE usable: FS/GS loads */
static bool sel_mirror_checked, sel_mirror_ok;  /* check_sel_mirror() */
static uint64_t host_xcr0 = 3;
static enum omode mode;
static uint16_t host_fs, host_gs, host_ds, host_es;
static bool legacy;              /* emulate with EFER.LMA = 0 */
/* Re-emulating a 16-bit case in real mode or virtual-8086 mode. */
static enum { RERUN_NONE, RERUN_REAL, RERUN_V86 } rerun;
static unsigned rerun_cases[3];
static bool ldt_ready;
static const char *ldt_error;

static sigjmp_buf fault_jmp;
static volatile int fault_sig;

static struct stub_data *sdata(void)
{
    return (struct stub_data *)(page + CODE_MAX);
}

/* Base of CS in the current mode. */
static uintptr_t cs_base(void)
{
    return mode == OM16 ? (uintptr_t)low : 0;
}

/* Base of segment register seg (X86_SEG_*) in the current mode. */
static uintptr_t seg_base_of(int seg)
{
    if (seg == X86_SEG_CS) {
        return cs_base();
    }
    if (mode != OM16 && mode != OM32S) {
        return 0;
    }
    return (uintptr_t)low + (seg == X86_SEG_ES ? ES16_DELTA
                             : seg == X86_SEG_SS ? SS16_DELTA : 0);
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

/*
 * 32- or 16-bit code: mov absolute <-> 32-bit register (8B/89 with
 * mod = 00, r/m = disp32 or, with 16-bit addressing, disp16; 66 selects
 * the 32-bit operand in 16-bit code). DS is flat or based at low.
 */
static uint8_t *emit_abs_mov(uint8_t *p, bool store, unsigned reg,
                             void *target)
{
    uint32_t a = (uintptr_t)target - seg_base_of(X86_SEG_DS);

    if (mode == OM16) {
        *p++ = 0x66;
    }
    *p++ = store ? 0x89 : 0x8b;
    if (mode == OM16) {
        *p++ = (reg << 3) | 6;
        memcpy(p, &a, 2);
        return p + 2;
    }
    *p++ = (reg << 3) | 5;
    memcpy(p, &a, 4);
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

/* 64-bit: save the host's callee-saved registers, RSP and DS/ES/SS. */
static uint8_t *emit_host_save(uint8_t *p)
{
    struct stub_data *s = sdata();
    static const uint8_t mov_from_seg[3] = { 0xd8, 0xc0, 0xd0 };
    uint64_t *slot[3] = { &s->host_ds, &s->host_es, &s->host_ss };

    for (int i = 0; i < 6; i++) {
        p = emit_rip_mov(p, true, callee_saved[i], &s->host_saved[i]);
    }
    p = emit_rip_mov(p, true, 4, &s->host_rsp);
    for (int i = 0; i < 3; i++) {
        *p++ = 0x8c;                      /* mov %ds/%es/%ss,%eax */
        *p++ = mov_from_seg[i];
        p = emit_rip_mov(p, true, 0, slot[i]);
    }
    if (host_fsgsbase) {
        /* The forms may load FS/GS: keep the selectors and bases (TLS). */
        *p++ = 0x8c; *p++ = 0xe0;         /* mov %fs,%eax */
        p = emit_rip_mov(p, true, 0, &s->host_fs);
        *p++ = 0x8c; *p++ = 0xe8;         /* mov %gs,%eax */
        p = emit_rip_mov(p, true, 0, &s->host_gs);
        memcpy(p, "\xf3\x48\x0f\xae\xc0", 5);   /* rdfsbase %rax */
        p = emit_rip_mov(p + 5, true, 0, &s->host_fsbase);
        memcpy(p, "\xf3\x48\x0f\xae\xc8", 5);   /* rdgsbase %rax */
        p = emit_rip_mov(p + 5, true, 0, &s->host_gsbase);
    }
    return p;
}

/* 64-bit: the selectors the instruction left, into sdata()->sel. */
static uint8_t *emit_store_sels(uint8_t *p)
{
    static const uint8_t from_seg[6] = {
        [X86_SEG_ES] = 0xc0, [X86_SEG_CS] = 0xc8, [X86_SEG_SS] = 0xd0,
        [X86_SEG_DS] = 0xd8, [X86_SEG_FS] = 0xe0, [X86_SEG_GS] = 0xe8,
    };

    for (int i = 0; i < 6; i++) {
        *p++ = 0x8c;                      /* mov %sreg,%eax */
        *p++ = from_seg[i];
        p = emit_rip_mov(p, true, 0, &sdata()->sel[i]);
    }
    return p;
}

/* 64-bit: DS/ES/SS and RSP back, store the x87/SSE image, return. */
static uint8_t *emit_host_restore(uint8_t *p)
{
    struct stub_data *s = sdata();
    static const uint8_t mov_to_seg[3] = { 0xd8, 0xc0, 0xd0 };
    uint64_t *slot[3] = { &s->host_ds, &s->host_es, &s->host_ss };

    for (int i = 0; i < 3; i++) {
        p = emit_rip_mov(p, false, 0, slot[i]);
        *p++ = 0x8e;                      /* mov %eax,%ds/%es/%ss */
        *p++ = mov_to_seg[i];
    }
    if (host_fsgsbase) {
        p = emit_rip_mov(p, false, 0, &s->host_fs);
        *p++ = 0x8e; *p++ = 0xe0;         /* mov %eax,%fs */
        p = emit_rip_mov(p, false, 0, &s->host_gs);
        *p++ = 0x8e; *p++ = 0xe8;         /* mov %eax,%gs */
        p = emit_rip_mov(p, false, 0, &s->host_fsbase);
        memcpy(p, "\xf3\x48\x0f\xae\xd0", 5);   /* wrfsbase %rax */
        p = emit_rip_mov(p + 5, false, 0, &s->host_gsbase);
        memcpy(p, "\xf3\x48\x0f\xae\xd8", 5);   /* wrgsbase %rax */
        p += 5;
    }
    p = emit_rip_mov(p, false, 4, &s->host_rsp);
    *p++ = 0xfc;                          /* cld: the ABI wants DF=0 */
    p = emit_area_op(p, true);
    for (int i = 0; i < 6; i++) {
        p = emit_rip_mov(p, false, callee_saved[i], &s->host_saved[i]);
    }
    *p++ = 0xc3;
    return p;
}

/* Build: save host, load guest, instruction, store guest, restore. */
static void build_native64(const uint8_t *insn, unsigned len)
{
    struct stub_data *s = sdata();
    uint8_t *p = page;
    int32_t d;

    p = emit_host_save(p);
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
    p = emit_store_sels(p);
    p = emit_rip_mov(p, false, 4, &s->host_rsp);
    *p++ = 0x9c;                          /* pushfq; pop %rax */
    *p++ = 0x58;
    p = emit_rip_mov(p, true, 0, &s->r.rflags);
    p = emit_host_restore(p);
    g_assert(p < page + CODE_MAX);
}

/*
 * 32/16-bit: the 64-bit part loads the guest image, switches to a stack
 * in the low mapping, loads RFLAGS and far-returns (LRETQ) to the
 * compatibility-mode part, which sets DS/ES/SS, loads the eight GPRs,
 * runs the instruction, stores the GPRs and EFLAGS and far-jumps back to
 * the 64-bit code segment.
 */
static void build_native_compat(const uint8_t *insn, unsigned len)
{
    struct stub_data *s = sdata();
    uint8_t *p = page, *entry, *back;
    uint32_t stack_top = (uintptr_t)&s->low_stack[8];
    uint32_t a;
    int32_t d;
    bool m16 = mode == OM16;

    p = emit_host_save(p);
    p = emit_area_op(p, false);
    *p++ = 0xbc;                          /* mov $low_stack,%esp */
    memcpy(p, &stack_top, 4);
    p += 4;
    *p++ = 0xff; *p++ = 0x35;             /* pushq rflags(%rip); popfq */
    d = (uint8_t *)&s->r.rflags - (p + 4);
    memcpy(p, &d, 4);
    p += 4;
    *p++ = 0x9d;
    *p++ = 0x6a;                          /* push $cs */
    *p++ = m16 ? SEL_CS16 : SEL_CS32;
    *p++ = 0x68;                          /* push $entry (patched) */
    entry = p;
    p += 4;
    *p++ = 0x48; *p++ = 0xcb;             /* lretq */

    a = (uintptr_t)p - cs_base();
    memcpy(entry, &a, 4);
    if (mode == OM16 || mode == OM32S) {
        static const uint8_t sel16[3] = { SEL_DS16, SEL_ES16, SEL_SS16 };
        static const uint8_t sel32[3] = { SEL_DS32, SEL_ES32, SEL_SS32 };
        static const uint8_t to_seg[3] = { 0xd8, 0xc0, 0xd0 };

        for (int i = 0; i < 3; i++) {
            *p++ = 0xb8;                  /* mov $sel,%ax / %eax */
            *p++ = m16 ? sel16[i] : sel32[i];
            *p++ = 0;
            if (!m16) {
                *p++ = 0; *p++ = 0;
            }
            *p++ = 0x8e;                  /* mov %ax,%ds/%es/%ss */
            *p++ = to_seg[i];
        }
    } else {
        *p++ = 0x8c; *p++ = 0xd0;         /* mov %ss,%eax */
        *p++ = 0x8e; *p++ = 0xd8;         /* mov %eax,%ds */
        *p++ = 0x8e; *p++ = 0xc0;         /* mov %eax,%es */
    }
    for (unsigned r = 0; r < 8; r++) {
        if (r != 4) {
            p = emit_abs_mov(p, false, r, &s->r.gpr[r]);
        }
    }
    p = emit_abs_mov(p, false, 4, &s->r.gpr[4]);
    insn_addr = p;
    memcpy(p, insn, len);
    p += len;
    /*
     * Straight back to 64-bit code, which stores everything RIP-relative:
     * the instruction may have loaded DS, ES or SS (MOV/POP Sreg, LDS...),
     * which 64-bit mode ignores for addressing.
     */
    if (m16) {
        *p++ = 0x66;
    }
    *p++ = 0xea;                          /* ljmpl $0x33,$back */
    back = p;
    p += 4;
    *p++ = SEL_CS64; *p++ = 0;

    a = (uintptr_t)p;
    memcpy(back, &a, 4);
    for (unsigned r = 0; r < 16; r++) {
        p = emit_rip_mov(p, true, r, &s->r.gpr[r]);
    }
    p = emit_store_sels(p);
    *p++ = 0xbc;                          /* mov $low_stack,%esp */
    memcpy(p, &stack_top, 4);
    p += 4;
    *p++ = 0x9c;                          /* pushfq; pop %rax */
    *p++ = 0x58;
    p = emit_rip_mov(p, true, 0, &s->r.rflags);
    p = emit_host_restore(p);
    g_assert(p < page + CODE_MAX);
}

static void build_native(const uint8_t *insn, unsigned len)
{
    if (mode == OM64) {
        build_native64(insn, len);
    } else {
        build_native_compat(insn, len);
    }
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

/* The registers at the native fault, in struct regs order. */
static struct regs fault_regs;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    static const int greg[16] = {
        REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI,
        REG_RDI, REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13,
        REG_R14, REG_R15,
    };
    const greg_t *gr = ((ucontext_t *)uc)->uc_mcontext.gregs;

    for (int i = 0; i < 16; i++) {
        fault_regs.gpr[i] = gr[greg[i]];
    }
    fault_regs.rflags = gr[REG_EFL];
    fault_pc = gr[REG_RIP];
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
    } else if (mode != OM64) {
        /* A fault in 32/16-bit code leaves our DS/ES (SS is reset). */
        struct stub_data *s = sdata();

        __asm__ volatile("mov %0, %%ds; mov %1, %%es"
                         :: "r"((uint32_t)s->host_ds),
                            "r"((uint32_t)s->host_es));
    }
    if (fault_sig && host_fsgsbase) {
        struct stub_data *s = sdata();

        __asm__ volatile("mov %0, %%fs; mov %1, %%gs; wrfsbase %2; "
                         "wrgsbase %3"
                         :: "r"((uint32_t)s->host_fs),
                            "r"((uint32_t)s->host_gs),
                            "r"(s->host_fsbase), "r"(s->host_gsbase));
    }
    host_state(false);
    return fault_sig;
}

/* --- Emulated side --- */

/* Pages the emulated guest may touch: the buffer and the stub pages. */
/*
 * The descriptor tables segment loads read, emulator side only: Linux's
 * x86-64 GDT (the entries user code can name) and our LDT as setup_ldt()
 * wrote it, at linear addresses below mmap_min_addr, where nothing of
 * the process lives.
 */
#define GDT_LA 0x10000u
#define LDT_LA 0x11000u
#define ORACLE_GDT_ENTRIES 16    /* GDT_ENTRIES of x86-64 Linux */
#define ORACLE_LDT_ENTRIES 7
#define LDT_SEL ((9 << 3))       /* GDT_ENTRY_LDT */

static uint64_t gdt_img[ORACLE_GDT_ENTRIES], ldt_img[ORACLE_LDT_ENTRIES];

static bool mapped(uint64_t a)
{
    return (a >= (uintptr_t)buf && a < (uintptr_t)buf + BUF_SIZE) ||
           (a >= (uintptr_t)page && a < (uintptr_t)page + LOW_BUF) ||
           (a >= GDT_LA && a < LDT_LA + 4096);
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

/*
 * Legacy protected mode (EFER.LMA = 0) uses PAE paging: CR3 is a 32-bit
 * address, so the four PDPTEs sit at PDPT_GPA and point at the same
 * synthesized page directories (level 1) as the 4-level tables.
 */
#define PDPT_GPA 0xffffe000u

/*
 * Or 32-bit paging (CR4.PAE = 0): the page directory at PD32_GPA, the
 * page table for directory entry i at PT32_GPA + i * 4 KiB; 4-byte
 * entries, A and D already set.
 */
#define PD32_GPA 0xfff00000u
#define PT32_GPA 0xf0000000u

static bool paging32;            /* legacy mode with 32-bit paging */

static int o_read(void *opaque, uint64_t gpa, void *dst, unsigned len)
{
    if (gpa >= PT32_GPA && gpa < PT32_GPA + (1024u << 12)) {
        uint32_t idx = (gpa - PT32_GPA) / 4;            /* = la >> 12 */
        uint32_t e = mapped((uint64_t)idx << 12) ? idx << 12 | 0x67 : 0;

        memcpy(dst, &e, MIN(len, 4));
        return 0;
    }
    if (gpa >= PD32_GPA && gpa < PD32_GPA + 4096) {
        uint32_t e = (PT32_GPA + (uint32_t)((gpa - PD32_GPA) / 4 << 12)) |
                     0x67;

        memcpy(dst, &e, MIN(len, 4));
        return 0;
    }
    if (gpa >= PDPT_GPA && gpa < PDPT_GPA + 32) {
        uint64_t i = (gpa - PDPT_GPA) / 8;
        uint64_t e = PT_BASE | (1ull << 44) | (i << 12) | 1;

        memcpy(dst, &e, MIN(len, 8));
        return 0;
    }
    if (gpa >= PT_BASE) {
        uint64_t e = pt_entry(gpa);

        memcpy(dst, &e, MIN(len, 8));
        return 0;
    }
    if (gpa >= GDT_LA && gpa + len <= LDT_LA + 4096) {
        uint8_t tables[8192] = { 0 };

        memcpy(tables, gdt_img, sizeof(gdt_img));
        memcpy(tables + 4096, ldt_img, sizeof(ldt_img));
        memcpy(dst, tables + (gpa - GDT_LA), len);
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

/* RDTSC/RDTSCP read the TSC and TSC_AUX through rdmsr: the host's. */
static int o_rdmsr(void *opaque, uint32_t index, uint64_t *val)
{
    uint32_t lo, hi, aux;

    switch (index) {
    case 0x10:                          /* IA32_TSC */
        __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
        *val = (uint64_t)hi << 32 | lo;
        return 0;
    case 0xc0000103:                    /* TSC_AUX */
        __asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
        *val = aux;
        return 0;
    default:
        return -EINVAL;
    }
}

/*
 * Port I/O: at CPL 3 with IOPL 0 and no TSS I/O bitmap (TR limit 0) every
 * IN/OUT/INS/OUTS must raise #GP before reaching a port, as it does
 * natively (SIGSEGV); reaching one is reported as a failure.
 */
static bool io_reached;

static int o_io_read(void *opaque, uint16_t port, unsigned size,
                     uint32_t *val)
{
    io_reached = true;
    *val = 0;
    return 0;
}

static int o_io_write(void *opaque, uint16_t port, unsigned size,
                      uint32_t val)
{
    io_reached = true;
    return 0;
}

static const struct x86_emu_ops oracle_ops = {
    .io_read = o_io_read,
    .io_write = o_io_write,
    .read_phys = o_read,
    .write_phys = o_write,
    .cmpxchg_phys = o_cmpxchg,
    .rdmsr = o_rdmsr,
    .cpuid = o_cpuid,
};

static struct x86_emu_features features;

static void setup_cpu(struct x86_cpu_state *c, const struct regs *r)
{
    memset(c, 0, sizeof(*c));
    memcpy(c->gpr, r->gpr, sizeof(c->gpr));
    c->rflags = r->rflags | X86_FL_FIXED | X86_FL_IF;   /* as in user mode */
    c->rip = (uintptr_t)insn_addr - cs_base();
    for (int i = 0; i < X86_NR_SEGS; i++) {
        c->seg[i] = (struct x86_segment){
            .limit = 0xffffffff, .type = 3, .s = 1, .dpl = 3, .present = 1,
            .db = 1, .g = 1, .selector = 0x2b,
        };
    }
    c->seg[X86_SEG_CS] = (struct x86_segment){
        .limit = 0xffffffff, .type = 0xb, .s = 1, .dpl = 3, .present = 1,
        .l = mode == OM64, .db = mode == OM32 || mode == OM32S, .g = 1,
        .selector = mode == OM64 ? SEL_CS64 : SEL_CS32,
    };
    if (mode == OM16) {
        /* The LDT descriptors of setup_ldt(): byte-granular, 64 KiB. */
        c->seg[X86_SEG_CS] = (struct x86_segment){
            .base = (uintptr_t)low, .limit = 0xffff, .type = 0xb, .s = 1,
            .dpl = 3, .present = 1, .selector = SEL_CS16,
        };
        for (int i = X86_SEG_ES; i <= X86_SEG_DS; i++) {
            if (i != X86_SEG_CS) {
                c->seg[i] = (struct x86_segment){
                    .base = seg_base_of(i), .limit = 0xffff, .type = 3,
                    .s = 1, .dpl = 3, .present = 1,
                    .selector = i == X86_SEG_ES ? SEL_ES16
                                : i == X86_SEG_SS ? SEL_SS16 : SEL_DS16,
                };
            }
        }
    } else if (mode == OM32S) {
        /* LDT entries 4-6: 32-bit data, 4 GiB limit, bases from low. */
        for (int i = X86_SEG_ES; i <= X86_SEG_DS; i++) {
            if (i != X86_SEG_CS) {
                c->seg[i] = (struct x86_segment){
                    .base = seg_base_of(i), .limit = 0xffffffff, .type = 3,
                    .s = 1, .dpl = 3, .present = 1, .db = 1, .g = 1,
                    .selector = i == X86_SEG_ES ? SEL_ES32
                                : i == X86_SEG_SS ? SEL_SS32 : SEL_DS32,
                };
            }
        }
    }
    /*
     * The selectors the native code sees (PUSH Sreg, MOV r/m,Sreg read
     * them): the process's own FS/GS, and in 64-bit mode its DS/ES
     * (null; the 32-bit stub loads 0x2b).
     */
    c->seg[X86_SEG_FS].selector = host_fs;
    c->seg[X86_SEG_GS].selector = host_gs;
    if (mode == OM64) {
        c->seg[X86_SEG_DS].selector = host_ds;
        c->seg[X86_SEG_ES].selector = host_es;
    }
    c->gdt = (struct x86_dtable){ .base = GDT_LA,
                                  .limit = ORACLE_GDT_ENTRIES * 8 - 1 };
    c->seg[X86_SEG_LDTR] = (struct x86_segment){
        .selector = LDT_SEL, .base = LDT_LA, .limit = ORACLE_LDT_ENTRIES * 8 - 1,
        .type = 2, .present = 1,
    };
    /* Linux's CR0 (what its UMIP emulation of SMSW reports, too). */
    c->cr0 = X86_CR0_PE_BIT | X86_CR0_PG_BIT | X86_CR0_NE_BIT |
             X86_CR0_WP_BIT | X86_CR0_MP_BIT | X86_CR0_ET_BIT |
             X86_CR0_AM_BIT;
    c->cr3 = PT_BASE | (3ull << 44);
    c->cr4 = X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |
             (host_avx ? X86_CR4_OSXSAVE : 0);
    c->efer = X86_EFER_LME | X86_EFER_LMA_BIT | X86_EFER_NXE;
    if (legacy) {
        /* 32-bit protected mode proper, not compatibility mode. */
        c->cr3 = PDPT_GPA;
        c->efer = X86_EFER_NXE;
    }
    if (paging32) {
        c->cr3 = PD32_GPA;
        c->cr4 &= ~(uint64_t)X86_CR4_PAE;
    }
    if (rerun == RERUN_REAL) {
        /* Same cached segments (base, 64 KiB limit), CPL 0, no paging. */
        c->cr0 &= ~(uint64_t)(X86_CR0_PE_BIT | X86_CR0_PG_BIT);
        c->cr3 = 0;
        c->efer = 0;
        for (int i = X86_SEG_ES; i <= X86_SEG_DS; i++) {
            c->seg[i].dpl = 0;
        }
    } else if (rerun == RERUN_V86) {
        /* EFLAGS.VM in legacy protected mode with PAE paging, CPL 3. */
        c->rflags |= X86_FL_VM;
        c->cr3 = PDPT_GPA;
        c->efer = X86_EFER_NXE;
    }
    c->xcr0 = host_xcr0;
    memcpy(&c->fx, xarea, 512);
    if (host_avx) {
        memcpy(c->ymmh, xarea + 576, sizeof(c->ymmh));
    }
    c->valid = X86_VALID_FPU | X86_VALID_XCR;
}

/* --- Case generation --- */

/* How a case addresses memory (base/index registers get buffer offsets). */
enum mem_form {
    MF_NONE,
    MF_BASE,                   /* [rBX + disp8] */
    MF_BASE_INDEX,             /* [rBX + rSI*s + disp8], 16-bit: [BX+SI+d8] */
    MF_BP_DI,                  /* 16-bit only: [BP+DI+d8] (SS) */
};

struct gen {
    uint8_t bytes[32];
    unsigned len;
    unsigned opsize;           /* 2, 4 or 8 */
    unsigned asize;            /* 2, 4 or 8 */
    enum mem_form mf;
    int mem_seg;               /* segment of the (source) memory operand */
};

static uint64_t rnd64(GRand *g)
{
    return ((uint64_t)g_rand_int(g) << 32) | g_rand_int(g);
}

static uint64_t size_mask_of(unsigned size)
{
    return size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
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

/* A form that names a REX prefix exists only in 64-bit mode. */
static bool form_is_64bit_only(const struct form *f)
{
    char **tok;
    bool rex = false;

    if (f->flags & F_I64) {
        return false;
    }
    tok = g_strsplit(f->enc, " ", -1);

    for (int i = 0; tok[i] && strlen(tok[i]) == 2 &&
                    g_ascii_isxdigit(tok[i][0]); i++) {
        unsigned b = strtoul(tok[i], NULL, 16);

        if ((b & 0xf0) == 0x40) {
            rex = true;
        }
        if (!is_prefix(b)) {
            break;
        }
    }
    g_strfreev(tok);
    return rex;
}

/*
 * Operand-size variants of a form in the current mode: 64-bit 0 / 66 /
 * REX.W, 32-bit 0 / 66, 16-bit 0 / 66 (F_V forms); one otherwise.
 */
static int form_variants(const struct form *f)
{
    if (!(f->flags & F_V)) {
        return 1;
    }
    return mode == OM64 ? 3 : 2;
}

/*
 * Assemble one random instance of a form. variant 1 adds 66, variant 2
 * REX.W (64-bit mode). In 16-bit mode a third of the cases add 67
 * (32-bit addressing); F_D32 forms always take 66 there.
 */
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
    out->opsize = mode == OM16 ? 2 : 4;
    out->asize = mode == OM64 ? 8 : mode == OM16 ? 2 : 4;
    for (; tok[i] && strlen(tok[i]) == 2 && g_ascii_isxdigit(tok[i][0]);
         i++) {
        unsigned b = strtoul(tok[i], NULL, 16);

        if (nop == 0 && !vex && is_prefix(b)) {
            pre[npre++] = b;
        } else if (nop == 0 && !vex && (b & 0xf0) == 0x40 &&
                   !(f->flags & F_I64)) {
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
    g_assert(mode == OM64 || !rex);
    if (variant == 1 || (mode == OM16 && (f->flags & F_D32))) {
        pre[npre++] = 0x66;
        out->opsize = mode == OM16 ? 4 : 2;
    } else if (variant == 2) {
        rex |= 0x48;
    }
    if (rex & 8) {
        out->opsize = 8;
    }
    if (mode == OM16 &&
        ((f->flags & F_A32) || g_rand_int_range(g, 0, 3) == 0)) {
        pre[npre++] = 0x67;
        out->asize = 4;
    } else if (mode == OM32S && !(f->flags & F_A32) &&
               g_rand_int_range(g, 0, 3) == 0) {
        pre[npre++] = 0x67;
        out->asize = 2;
    }
    if ((f->flags & F_LK) && g_rand_int_range(g, 0, 3) == 0) {
        lock = true;
    }
    if (modrm_digit != -2) {
        mem = lock || (f->flags & F_MEM) ||
              (!(f->flags & F_REG) && g_rand_int_range(g, 0, 3));
    }
    /*
     * A segment override (ES/CS/SS/DS) on a quarter of the forms that
     * address memory: ignored in 64-bit mode, a different base in 16-bit
     * code, #GP for writes through CS outside 64-bit mode.
     */
    out->mem_seg = (f->flags & F_A32) ? X86_SEG_SS : X86_SEG_DS;
    if ((mem || moffs || (f->flags & (F_STR | F_A32))) &&
        g_rand_int_range(g, 0, 4) == 0) {
        static const uint8_t seg_prefix[4] = { 0x26, 0x2e, 0x36, 0x3e };
        int seg = g_rand_int_range(g, 0, 4);   /* ES, CS, SS, DS */

        pre[npre++] = seg_prefix[seg];
        out->mem_seg = -1 - seg;               /* fixed: see below */
    }
    /* REX.R / REX.B at random (the memory base is always RBX). */
    if (mode == OM64 && !vex && !(f->flags & F_NOREX)) {
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
            int d = g_rand_int_range(g, -64, 64);

            if (f->flags & F_A16) {
                d &= ~15;
            }
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
            } else if (out->asize == 2) {
                /* [bx+d8], [bx+si+d8] or [bp+di+d8] */
                static const uint8_t rm16[3] = { 7, 0, 3 };
                int k = g_rand_int_range(g, 0, 3);

                out->mf = k == 0 ? MF_BASE : k == 1 ? MF_BASE_INDEX
                                                    : MF_BP_DI;
                if (out->mf == MF_BP_DI && out->mem_seg >= 0) {
                    out->mem_seg = X86_SEG_SS;      /* BP: SS by default */
                }
                *p++ = 0x40 | (reg << 3) | rm16[k];
                *p++ = d;
            } else if (g_rand_int_range(g, 0, 4) == 0) {
                /* [rbx + rsi*scale + disp8] */
                *p++ = 0x44 | (reg << 3);
                *p++ = (g_rand_int_range(g, 0, 4) << 6) | (6 << 3) | 3;
                *p++ = (f->flags & F_A16) ? 0 : d;
                out->mf = MF_BASE_INDEX;
            } else {
                /* [rbx + disp8] */
                *p++ = 0x43 | (reg << 3);
                *p++ = d;
                out->mf = MF_BASE;
            }
        }
        if (out->mem_seg < 0) {
            out->mem_seg = -1 - out->mem_seg;       /* the override */
        }
        if (moffs) {
            uint64_t a = (uintptr_t)buf - seg_base_of(out->mem_seg) + 1024 +
                         g_rand_int_range(g, 0, 64);

            memcpy(p, &a, out->asize);
            p += out->asize;
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

/* Selectors for F_SEL forms: see emulate-oracle.h. */
static uint16_t rnd_selector(GRand *g)
{
    static const uint8_t sels[] = {
        0x00, 0x08, 0x10, 0x18, 0x20, 0x28, 0x30, 0x38, 0x48, 0x60, 0x80,
        0x04, 0x0c, 0x14, 0x1c, 0x24, 0x2c, 0x34, 0x3c,
    };

    return sels[g_rand_int_range(g, 0, G_N_ELEMENTS(sels))] |
           g_rand_int_range(g, 0, 4);
}

/*
 * A register used as an address of `size` bytes: the buffer offset in
 * its low bits and, outside 64-bit mode, random bits above them, which
 * the processor ignores (16-bit addressing uses BX, not EBX).
 */
static uint64_t addr_reg(GRand *g, const struct form *f, unsigned size,
                         uint64_t v)
{
    /*
     * Not with F_SMALL: the register may also be a BT* bit offset, which
     * must stay small (in 16-bit code the bit address wraps within the
     * segment and could reach the stub's own code).
     */
    if (size == 8 || (f->flags & F_SMALL)) {
        return v;
    }
    return (rnd64(g) & ~size_mask_of(size)) | v;
}

static void seed_regs(GRand *g, const struct form *f, const struct gen *gen,
                      struct regs *r)
{
    /* Offsets of the buffer in the memory operand's segment, ES, SS. */
    uintptr_t b = (uintptr_t)buf - seg_base_of(gen->mem_seg);
    uintptr_t b_es = (uintptr_t)buf - seg_base_of(X86_SEG_ES);
    uintptr_t b_ss = (uintptr_t)buf - seg_base_of(X86_SEG_SS);
    unsigned ss = mode == OM64 ? 8 : mode == OM16 ? 2 : 4;
    /* One case in eight addresses the end of the buffer (guard page). */
    bool edge = g_rand_int_range(g, 0, 8) == 0;
    uint64_t near = edge ? BUF_SIZE - 8 * g_rand_int_range(g, 1, 9) : 1024;

    for (int i = 0; i < 16; i++) {
        r->gpr[i] = (f->flags & F_SMALL)
                        ? (uint64_t)(int64_t)g_rand_int_range(g, -300, 300)
                        : rnd_value(g);
        if (f->flags & F_SEL) {
            r->gpr[i] = (r->gpr[i] & ~0xffffull) | rnd_selector(g);
        }
    }
    r->gpr[X86_RSP] = addr_reg(g, f, ss, b_ss + 6144 +
                                         8 * g_rand_int_range(g, 0, 8));
    r->gpr[X86_RBX] = addr_reg(g, f, gen->asize, b + near);
    if (gen->mf == MF_BASE_INDEX) {
        r->gpr[X86_RSI] = addr_reg(g, f, gen->asize, g_rand_int_range(g, 0, 8));
    } else if (gen->mf == MF_BP_DI) {
        r->gpr[X86_RBP] = addr_reg(g, f, gen->asize, b + near);
        r->gpr[X86_RDI] = addr_reg(g, f, gen->asize, g_rand_int_range(g, 0, 8));
    }
    if (f->flags & F_STR) {
        r->gpr[X86_RSI] = addr_reg(g, f, gen->asize,
                                   b + (edge && g_rand_boolean(g)
                                        ? BUF_SIZE - 16 : 2048) +
                                   g_rand_int_range(g, 0, 16));
        r->gpr[X86_RDI] = addr_reg(g, f, gen->asize,
                                   b_es + (edge ? BUF_SIZE - 16 : 4096) +
                                   g_rand_int_range(g, 0, 16));
        r->gpr[X86_RCX] = addr_reg(g, f, gen->asize, g_rand_int_range(g, 0, 10));
    }
    if (f->flags & F_XCR) {
        r->gpr[X86_RCX] = 0;
    }
    if (f->flags & F_CPUID) {
        /* Leaves without APIC IDs or other per-CPU values. */
        static const uint32_t leaves[] = {
            0, 7, 0xd, 0x80000000, 0x80000001, 0x80000008,
        };

        r->gpr[X86_RAX] = (rnd64(g) & ~0xffffffffull) |
                          leaves[g_rand_int_range(g, 0, G_N_ELEMENTS(leaves))];
        r->gpr[X86_RCX] = (rnd64(g) & ~0xffffffffull) |
                          g_rand_int_range(g, 0, 2);
    }
    if (f->flags & F_BPSTK) {
        r->gpr[X86_RBP] = addr_reg(g, f, gen->asize == 8 ? 8 : ss,
                                   b_ss + 6144 + 8 * g_rand_int_range(g, 8, 16));
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
    case FM_POPF:
        return X86_FL_ARITH | X86_FL_IF | X86_FL_IOPL | X86_FL_AC |
               (1u << 21);                          /* ID */
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

/* Operations the emulator executes (and the host offers) vs. reached. */
static bool ops_want[X86_OP__COUNT][2];
static bool ops_hit[OM_COUNT][X86_OP__COUNT][2];
static unsigned ops_want_count;

static const enum x86_cpu_mode decode_mode[OM_COUNT] = {
    X86_MODE_LONG64, X86_MODE_PROT32, X86_MODE_PROT16, X86_MODE_PROT32,
};

static unsigned ops_reached(int m)
{
    unsigned n = 0;

    for (unsigned op = 0; op < X86_OP__COUNT; op++) {
        for (int v = 0; v < 2; v++) {
            bool hit = m >= 0 ? ops_hit[m][op][v]
                              : ops_hit[OM64][op][v] || ops_hit[OM32][op][v]
                                || ops_hit[OM16][op][v] ||
                                ops_hit[OM32S][op][v];

            n += ops_want[op][v] && hit;
        }
    }
    return n;
}

static unsigned failures, cases, native_faults;

static const struct regs *cur_init;   /* of the case being compared */

static void report_failure(const struct form *f, const struct gen *gen,
                           const char *what)
{
    GString *s = g_string_new(NULL);

    for (unsigned i = 0; i < gen->len; i++) {
        g_string_append_printf(s, "%02x ", gen->bytes[i]);
    }
    if (failures < 40) {
        g_test_message("%s%s %s [%s]: %s", mode_names[mode],
                       rerun == RERUN_REAL ? " (emulated in real mode)"
                       : rerun == RERUN_V86 ? " (emulated in virtual-8086 "
                                              "mode)" : "", f->name,
                       s->str, what);
        g_string_truncate(s, 0);
        for (int i = 0; i < (mode == OM64 ? 16 : 8); i++) {
            g_string_append_printf(s, " %" PRIx64, cur_init->gpr[i]);
        }
        g_test_message("  initial GPRs:%s, flags %" PRIx64 "; buffer at +%"
                       PRIx64, s->str, cur_init->rflags,
                       (uint64_t)((uintptr_t)buf - seg_base_of(X86_SEG_DS)));
    }
    failures++;
    g_string_free(s, true);
}

/*
 * Which bits of GPR i the native run reports: all in 64-bit mode; the
 * low 32 bits of EAX..EDI in 32/16-bit code (the upper halves are
 * undefined after a mode switch, and R8-R15 do not exist there; the
 * emulator must leave those alone). With a 16-bit stack segment ESP[31:16]
 * survive interrupts too: a 64-bit kernel's espfix64 rebuilds them on the
 * return to user mode.
 */
static uint64_t native_gpr_mask(int i)
{
    if (mode == OM64) {
        return ~0ull;
    }
    return i >= 8 ? 0 : 0xffffffff;
}

/* The first byte where the emulated and native buffers differ, if any. */
static bool describe_memory_difference(const uint8_t *nat_buf, char *what,
                                       size_t size, const char *prefix)
{
    for (int i = 0; i < BUF_SIZE; i++) {
        if (buf[i] != nat_buf[i]) {
            snprintf(what, size, "%smemory +%d: emulated %02x native %02x",
                     prefix, i, buf[i], nat_buf[i]);
            return true;
        }
    }
    return false;
}

static void compare(const struct form *f, const struct gen *gen,
                    const struct x86_cpu_state *c, const struct regs *init,
                    const struct regs *nat, const uint8_t *nat_buf,
                    const uint8_t *nat_area)
{
    uint64_t mask = defined_flags(f->fm) | X86_FL_DF;
    const struct x86_fxsave *nfx = (const struct x86_fxsave *)nat_area;
    char what[160];

    for (int i = 0; i < 16; i++) {
        uint64_t m = native_gpr_mask(i);
        /* Bits the native run cannot see: the emulator must keep them. */
        uint64_t keep = m ? 0 : ~0ull;

        if ((c->gpr[i] ^ nat->gpr[i]) & m) {
            snprintf(what, sizeof(what), "gpr %d: emulated %" PRIx64
                     " native %" PRIx64, i, c->gpr[i] & m, nat->gpr[i] & m);
            report_failure(f, gen, what);
            return;
        }
        if ((c->gpr[i] ^ init->gpr[i]) & keep) {
            snprintf(what, sizeof(what), "gpr %d: emulated %" PRIx64
                     " changed bits the instruction cannot reach (was %"
                     PRIx64 ")", i, c->gpr[i], init->gpr[i]);
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
    for (int i = 0; i < 6; i++) {
        static const char names[6][3] = { "es", "cs", "ss", "ds", "fs",
                                          "gs" };

        if (i != X86_SEG_CS &&
            c->seg[i].selector != (uint16_t)sdata()->sel[i]) {
            snprintf(what, sizeof(what), "%s: emulated %#x native %#x",
                     names[i], c->seg[i].selector,
                     (uint16_t)sdata()->sel[i]);
            report_failure(f, gen, what);
            return;
        }
    }
    if (c->rip != (uintptr_t)insn_addr - cs_base() + gen->len) {
        report_failure(f, gen, "RIP not advanced by the length");
        return;
    }
    if (describe_memory_difference(nat_buf, what, sizeof(what), "")) {
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

static int host_cpu;              /* CPU of the native run */
static unsigned fault_states;     /* faults whose state was compared */

/*
 * Both faulted: the state must be the same too. A faulting instruction
 * changes nothing (a REP string instruction keeps the iterations it
 * finished, natively and emulated), so the emulator's registers, flags
 * and memory must equal the native ones at the fault (from the signal
 * frame), RIP must still point at the instruction, and natively the
 * fault must be at the instruction, not elsewhere in the stub.
 */
static void compare_at_fault(const struct form *f, const struct gen *gen,
                             const struct x86_cpu_state *c,
                             const struct regs *init, const uint8_t *nat_buf)
{
    uint64_t start = (uintptr_t)insn_addr - cs_base();
    uint64_t mask = defined_flags(f->fm) | X86_FL_DF;
    char what[160];

    fault_states++;
    if (fault_pc != start) {
        snprintf(what, sizeof(what), "native fault at %" PRIxPTR ", not "
                 "at the instruction (%" PRIx64 ")", fault_pc, start);
        report_failure(f, gen, what);
        return;
    }
    if (c->rip != start) {
        report_failure(f, gen, "RIP moved although the instruction "
                       "faulted");
        return;
    }
    for (int i = 0; i < 16; i++) {
        uint64_t m = native_gpr_mask(i);

        if (((c->gpr[i] ^ fault_regs.gpr[i]) & m) ||
            (!m && c->gpr[i] != init->gpr[i])) {
            snprintf(what, sizeof(what), "at the fault: gpr %d: emulated %"
                     PRIx64 " native %" PRIx64, i, c->gpr[i],
                     fault_regs.gpr[i]);
            report_failure(f, gen, what);
            return;
        }
    }
    if ((c->rflags ^ fault_regs.rflags) & mask) {
        snprintf(what, sizeof(what), "at the fault: flags: emulated %"
                 PRIx64 " native %" PRIx64, c->rflags & mask,
                 fault_regs.rflags & mask);
        report_failure(f, gen, what);
        return;
    }
    if (describe_memory_difference(nat_buf, what, sizeof(what),
                                   "at the fault: ")) {
        report_failure(f, gen, what);
    }
}

/*
 * RDTSC/RDTSCP: the emulator reads the TSC a little after the native run,
 * so EDX:EAX must be close, not equal; then the native low halves are
 * taken so that compare() checks everything else exactly (the upper
 * halves in 64-bit mode too). TSC_AUX (ECX of RDTSCP) names the CPU: it
 * is compared only if the thread stayed on the same one.
 */
static bool tsc_close(const struct form *f, const struct gen *gen,
                      struct x86_cpu_state *c, const struct regs *nat)
{
    uint64_t nt = (nat->gpr[X86_RDX] << 32) | (uint32_t)nat->gpr[X86_RAX];
    uint64_t et = (c->gpr[X86_RDX] << 32) | (uint32_t)c->gpr[X86_RAX];

    if (et - nt > (1ull << 36) && nt - et > (1ull << 36)) {
        char what[120];

        snprintf(what, sizeof(what), "TSC: emulated %" PRIx64 " native %"
                 PRIx64, et, nt);
        report_failure(f, gen, what);
        return false;
    }
    c->gpr[X86_RAX] = (c->gpr[X86_RAX] & ~0xffffffffull) |
                      (uint32_t)nat->gpr[X86_RAX];
    c->gpr[X86_RDX] = (c->gpr[X86_RDX] & ~0xffffffffull) |
                      (uint32_t)nat->gpr[X86_RDX];
    if (sched_getcpu() != host_cpu) {
        c->gpr[X86_RCX] = (c->gpr[X86_RCX] & ~0xffffffffull) |
                          (uint32_t)nat->gpr[X86_RCX];
    }
    return true;
}

/*
 * What a real-mode or virtual-8086 re-run may compare: what decodes the
 * same in real mode (not VEX: C4/C5 are LES/LDS there; not LAR & co.),
 * not POPF (CPL 0 may change IF; IOPL-sensitive in
 * virtual-8086 mode, like PUSHF), not the x87 environment and state
 * images (their own layout of FIP/FDP there).
 */
static bool real_mode_comparable(const struct gen *gen)
{
    struct x86_insn insn, real;

    /* Protected-mode-only instructions (LAR, LSL, VERR, ARPL...) are
     * #UD there: the decoder says so. */
    if (x86_decode(gen->bytes, gen->len, X86_MODE_PROT16, &insn) !=
            X86_DECODE_OK ||
        x86_decode(gen->bytes, gen->len, X86_MODE_REAL, &real) !=
            X86_DECODE_OK || real.op != insn.op) {
        return false;
    }
    switch (insn.op) {
    case X86_OP_POPF: case X86_OP_PUSHF: case X86_OP_FNSTENV:
    case X86_OP_FLDENV:
    case X86_OP_FNSAVE: case X86_OP_FRSTOR:
        return false;
    default:
        return insn.encoding == X86_ENC_LEGACY;
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
    unsigned failures_before = failures;
    int sig;

    /*
     * Natively 32/16-bit code runs in compatibility mode; the emulator
     * runs every other case in legacy protected mode, which a 32-bit
     * guest uses and which executes the same instructions identically.
     */
    legacy = mode != OM64 && (cases & 1);
    paging32 = legacy && (cases & 2);
    generate(g, f, variant, &gen);
    {
        struct x86_insn insn;

        if (x86_decode(gen.bytes, gen.len, decode_mode[mode], &insn) ==
                X86_DECODE_OK && insn.op < X86_OP__COUNT) {
            ops_hit[mode][insn.op][insn.encoding == X86_ENC_VEX] = true;
        }
    }
    seed_regs(g, f, &gen, &init);
    cur_init = &init;
    seed_fpu(g, f->flags & F_FPU);
    for (int i = 0; i < BUF_SIZE; i++) {
        init_buf[i] = g_rand_int(g);
    }
    if (f->flags & F_SEL) {
        /* Memory of selectors (far pointers: offset words too). */
        for (int i = 0; i < BUF_SIZE; i += 2) {
            uint16_t v = rnd_selector(g);

            memcpy(init_buf + i, &v, 2);
        }
    }
    if (f->flags & F_FLSTK) {
        /* POPF's image: random except TF, AC, NT and the fixed bits. */
        uint64_t off = (init.gpr[X86_RSP] & size_mask_of(mode == OM64 ? 8 :
                        mode == OM16 ? 2 : 4)) + seg_base_of(X86_SEG_SS) -
                       (uintptr_t)buf;
        uint64_t v = (rnd64(g) & ~(uint64_t)(X86_FL_TF | X86_FL_AC |
                                             X86_FL_NT | X86_FL_RF |
                                             X86_FL_VM)) | X86_FL_FIXED;

        g_assert(off + 8 <= BUF_SIZE);
        memcpy(init_buf + off, &v, 8);
    }
    memcpy(buf, init_buf, BUF_SIZE);
    memcpy(init_area, xarea, 4096);
    build_native(gen.bytes, gen.len);
    sdata()->r = init;
    host_cpu = sched_getcpu();
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
    io_reached = false;
    res = x86_emulate(&emu, gen.bytes, gen.len);
    cases++;
    if (io_reached) {
        report_failure(f, &gen, "emulator accessed a port at CPL 3 with "
                       "IOPL 0");
        return;
    }
    if (sig) {
        native_faults++;
        if (g_getenv("ORACLE_SHOW_FAULTS")) {
            printf("# %s %s: native signal %d, emulated vector %u\n",
                   mode_names[mode], f->name, sig,
                   res == X86_EMU_EXCEPTION ? emu.exc.vector : 255);
        }
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
        } else {
            compare_at_fault(f, &gen, &cpu, &init, nat_buf);
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
    if ((f->flags & F_TSC) && !tsc_close(f, &gen, &cpu, &sdata()->r)) {
        return;
    }
    compare(f, &gen, &cpu, &init, &sdata()->r, nat_buf, nat_area);
    if (mode == OM16 && failures == failures_before &&
        real_mode_comparable(&gen)) {
        /*
         * Real mode cannot run natively under a 64-bit kernel, but with
         * the same segment bases and limits an unprivileged instruction
         * that did not fault computes the same as in 16-bit protected
         * mode: emulate it again in real mode against the same result.
         */
        memcpy(buf, init_buf, BUF_SIZE);
        memcpy(xarea, init_area, 4096);
        rerun = (cases & 2) ? RERUN_V86 : RERUN_REAL;
        setup_cpu(&cpu, &init);
        emu.cpu = &cpu;
        res = x86_emulate(&emu, gen.bytes, gen.len);
        rerun_cases[rerun]++;
        if (res != X86_EMU_OK) {
            char what[200];

            snprintf(what, sizeof(what), "emulator: %s%s (vector %u)",
                     res == X86_EMU_UNHANDLED ? "unhandled: " : "exception",
                     res == X86_EMU_UNHANDLED ? emu.message : "",
                     emu.exc.vector);
            report_failure(f, &gen, what);
        } else if (!(f->flags & F_TSC) ||
                   tsc_close(f, &gen, &cpu, &sdata()->r)) {
            compare(f, &gen, &cpu, &init, &sdata()->r, nat_buf, nat_area);
        }
        rerun = RERUN_NONE;
    }
}

/* Forms made from the decoder's x87/SIMD rows (oracle-rows.c). */
static struct form *row_forms;
static unsigned n_row_forms;

static void make_row_forms(void)
{
    struct row_form *rf;

    n_row_forms = oracle_row_forms(&features, &rf);
    row_forms = g_new0(struct form, n_row_forms);
    for (unsigned i = 0; i < n_row_forms; i++) {
        unsigned fl = 0;

        fl |= rf[i].flags & ROWF_MEM ? F_MEM : 0;
        fl |= rf[i].flags & ROWF_REG ? F_REG : 0;
        fl |= rf[i].flags & ROWF_FPU ? F_FPU : 0;
        fl |= rf[i].flags & ROWF_VEX ? F_NOREX | F_AVX : 0;
        fl |= rf[i].flags & ROWF_A16 ? F_A16 : 0;
        row_forms[i] = (struct form){
            .name = g_strdup(rf[i].name), .enc = g_strdup(rf[i].enc),
            .flags = fl, .fm = FM_ALL,
        };
    }
    g_free(rf);
}

static unsigned mode_forms[OM_COUNT], mode_cases[OM_COUNT];
static unsigned mode_skipped[OM_COUNT];  /* forms invalid in the mode */
static unsigned mode_prefixed[OM_COUNT]; /* forms run with 66 */

static void run_mode(void)
{
    GRand *g = g_rand_new_with_seed(0x5eed + mode);
    const char *env = g_getenv("ORACLE_CASES");
    const char *only = g_getenv("ORACLE_FORM");
    unsigned per_form = env ? strtoul(env, NULL, 0) : 40;
    uint8_t *init_buf = g_malloc(BUF_SIZE), *nat_buf = g_malloc(BUF_SIZE);
    uint8_t *init_area = g_malloc(4096), *nat_area = g_malloc(4096);
    unsigned failures_before = failures, cases_before = cases;
    unsigned fault_states_before = fault_states;
    unsigned faults_before = native_faults;

    buf = mode == OM64 ? buf64 : low + LOW_BUF;
    for (size_t i = 0; i < G_N_ELEMENTS(forms) + n_row_forms; i++) {
        bool from_row = i >= G_N_ELEMENTS(forms);
        const struct form *f = from_row ? &row_forms[i - G_N_ELEMENTS(forms)]
                                        : &forms[i];
        int nvar = form_variants(f);
        /* The hand-written forms get the cases, each row a quarter. */
        unsigned n_cases = from_row && !only ? MAX(per_form / 4, 1)
                                             : per_form;

        if (((f->flags & F_AVX) && !host_avx) ||
            ((f->flags & F_NOUMIP) && host_umip) ||
            ((f->flags & F_SEL) && (!host_fsgsbase || !sel_mirror_ok)) ||
            (only && strcmp(only, f->name))) {
            continue;
        }
        if (mode == OM64 ? (f->flags & F_I64) != 0
                         : form_is_64bit_only(f)) {
            mode_skipped[mode]++;
            continue;
        }
        for (int v = 0; v < nvar; v++) {
            unsigned before = failures;

            mode_forms[mode]++;
            if (v == 1 || (mode == OM16 && (f->flags & F_D32))) {
                mode_prefixed[mode]++;
            }
            for (unsigned k = 0; k < n_cases; k++) {
                run_case(g, f, v, init_buf, nat_buf, init_area, nat_area);
            }
            if (failures != before) {
                g_test_message("FAILED: %s %s (variant %d): %u of %u cases",
                               mode_names[mode], f->name, v,
                               failures - before, n_cases);
            }
        }
    }
    mode_cases[mode] = cases - cases_before;
    printf("# oracle %s: %u instruction forms (%u with 66), %u skipped "
           "(invalid in this mode), %u cases, %u native faults compared as "
           "exceptions (%u with their state), %u mismatches; %u of the "
           "emulator's %u operations reached\n", mode_names[mode],
           mode_forms[mode], mode_prefixed[mode], mode_skipped[mode],
           mode_cases[mode], native_faults - faults_before,
           fault_states - fault_states_before,
           failures - failures_before, ops_reached(mode), ops_want_count);
    g_free(init_buf);
    g_free(nat_buf);
    g_free(init_area);
    g_free(nat_area);
    g_rand_free(g);
    if (mode == OM16) {
        printf("# oracle 16-bit: of the cases that ran without a fault, %u "
               "emulated again in real mode and %u in virtual-8086 mode "
               "against the same result\n", rerun_cases[RERUN_REAL],
               rerun_cases[RERUN_V86]);
    }
    g_assert_cmpuint(failures, ==, failures_before);
}

static bool decoder_ready(void)
{
    struct x86_insn probe;

    if (x86_decode((const uint8_t *)"\x01\xd8", 2, X86_MODE_LONG64,
                   &probe) != X86_DECODE_OK) {
        g_test_skip("the decoder does not decode ADD yet (tables missing)");
        return false;
    }
    return true;
}

/*
 * Can this process run code in the current (32/16-bit) mode? Runs
 * "inc eAX" (40, a REX prefix in 64-bit mode) on EAX = 0xffff, which
 * gives 0x10000 in 32-bit and 0 in 16-bit code: the stub really runs in
 * the mode it is meant to.
 */
static const char *mode_unavailable(void)
{
    static const uint8_t inc_eax = 0x40;
    static char why[160];
    uint32_t want = mode == OM16 ? 0 : 0x10000;
    int sig;

    if ((mode == OM16 || mode == OM32S) && !ldt_ready) {
        return ldt_error;
    }
    memset(&sdata()->r, 0, sizeof(sdata()->r));
    sdata()->r.gpr[X86_RAX] = 0xffff;
    sdata()->r.gpr[X86_RSP] = (uintptr_t)low + LOW_BUF + 4096 -
                              seg_base_of(X86_SEG_SS);
    memset(xarea, 0, 4096);
    xarea[24] = 0x80;                   /* MXCSR = 0x1f80 */
    xarea[25] = 0x1f;
    build_native(&inc_eax, 1);
    sig = run_native();
    if (sig) {
        snprintf(why, sizeof(why), "a far transfer to the %s code segment "
                 "faults (signal %d): the kernel has no %s user segment",
                 mode_names[mode], sig,
                 mode == OM16 ? "16-bit" : "IA-32 (ia32_emulation=0?)");
        return why;
    }
    g_assert_cmphex((uint32_t)sdata()->r.gpr[X86_RAX], ==, want);
    return NULL;
}

/*
 * The F_SEL forms trust the GDT mirror of setup_gdt(). Check it once: in
 * 64-bit code, MOV ES of every selector of rnd_selector()'s list must
 * fault natively exactly when the emulator (reading the mirror) raises
 * an exception; on a kernel whose GDT differs the forms are skipped.
 */
static void check_sel_mirror(void)
{
    static const uint8_t mov_es_ax[2] = { 0x8e, 0xc0 };
    enum omode saved = mode;

    sel_mirror_checked = true;
    sel_mirror_ok = true;
    mode = OM64;
    buf = buf64;
    for (unsigned v = 0; v < 0x90 && sel_mirror_ok; v++) {
        struct regs init = { .rflags = 0 };
        struct x86_cpu_state cpu;
        struct x86_emu emu;
        enum x86_emu_result res;
        int sig;

        if (v == 0x78 || v == 0x79 || v == 0x7a || v == 0x7b) {
            continue;                   /* CPUNODE: never used */
        }
        init.gpr[X86_RAX] = v;
        init.gpr[X86_RSP] = (uintptr_t)buf64 + 4096;
        memset(xarea, 0, 4096);
        xarea[24] = 0x80;               /* MXCSR = 0x1f80 */
        xarea[25] = 0x1f;
        build_native(mov_es_ax, 2);
        sdata()->r = init;
        sig = run_native();
        setup_cpu(&cpu, &init);
        emu = (struct x86_emu){ .cpu = &cpu, .ops = &oracle_ops,
                                .features = &features };
        res = x86_emulate(&emu, mov_es_ax, 2);
        if ((sig != 0) != (res == X86_EMU_EXCEPTION) ||
            (!sig && res != X86_EMU_OK)) {
            printf("# oracle: selector %#x: native %s, emulated %s: this "
                   "kernel's GDT is not the mirror\n", v,
                   sig ? "faults" : "loads",
                   res == X86_EMU_OK ? "loads" : "does not load");
            sel_mirror_ok = false;
        }
    }
    mode = saved;
}

static void test_oracle(gconstpointer data)
{
    const char *why;

    mode = GPOINTER_TO_INT(data);
    if (!decoder_ready()) {
        return;
    }
    if (!sel_mirror_checked && host_fsgsbase) {
        check_sel_mirror();
    }
    if (mode != OM64 && (why = mode_unavailable())) {
        printf("# oracle %s: skipped: %s\n", mode_names[mode], why);
        g_test_skip(why);
        return;
    }
    run_mode();
}

static void test_summary(void)
{
    printf("# oracle: 64-bit %u forms, 32-bit %u, 16-bit %u, 32-bit "
           "segmented %u (%u cases, %u mismatches)\n", mode_forms[OM64],
           mode_forms[OM32], mode_forms[OM16], mode_forms[OM32S], cases,
           failures);
    printf("# oracle: %zu hand-written forms (emulate-oracle.h), %u from "
           "the decoder's x87/SIMD rows\n", G_N_ELEMENTS(forms),
           n_row_forms);
    printf("# oracle: operations the emulator executes and this CPU "
           "offers (legacy and VEX counted apart): %u, reached in some "
           "mode: %u\n", ops_want_count, ops_reached(-1));
    if (g_test_verbose() || g_getenv("ORACLE_LIST_MISSING")) {
        for (unsigned op = 0; op < X86_OP__COUNT; op++) {
            for (int v = 0; v < 2; v++) {
                if (ops_want[op][v] && !ops_hit[OM64][op][v] &&
                    !ops_hit[OM32][op][v] && !ops_hit[OM16][op][v] &&
                    !ops_hit[OM32S][op][v]) {
                    printf("# not reached: %s%s\n", v ? "v" : "",
                           x86_op_name(op));
                }
            }
        }
    }
    g_test_message("oracle: 64-bit %u forms, 32-bit %u, 16-bit %u, 32-bit "
                   "segmented %u", mode_forms[OM64], mode_forms[OM32],
                   mode_forms[OM16], mode_forms[OM32S]);
}

/* A code/data descriptor as modify_ldt() and the GDT encode it. */
static uint64_t make_desc(uint32_t base, uint32_t limit, unsigned type,
                          unsigned dpl, bool avl, bool l, bool db, bool g)
{
    return (limit & 0xffff) | (uint64_t)(base & 0xffffff) << 16 |
           (uint64_t)type << 40 | 1ull << 44 | (uint64_t)dpl << 45 |
           1ull << 47 | (uint64_t)(limit >> 16 & 0xf) << 48 |
           (uint64_t)avl << 52 | (uint64_t)l << 53 | (uint64_t)db << 54 |
           (uint64_t)g << 55 | (uint64_t)(base >> 24) << 56;
}

/* Linux x86-64's GDT entries a user selector can reach (0-10, 12-14). */
static void setup_gdt(void)
{
    gdt_img[1] = make_desc(0, 0xfffff, 0xb, 0, 0, 0, 1, 1); /* KERNEL32_CS */
    gdt_img[2] = make_desc(0, 0xfffff, 0xb, 0, 0, 1, 0, 1); /* KERNEL_CS */
    gdt_img[3] = make_desc(0, 0xfffff, 0x3, 0, 0, 0, 1, 1); /* KERNEL_DS */
    gdt_img[4] = make_desc(0, 0xfffff, 0xb, 3, 0, 0, 1, 1); /* USER32_CS */
    gdt_img[5] = make_desc(0, 0xfffff, 0x3, 3, 0, 0, 1, 1); /* USER_DS */
    gdt_img[6] = make_desc(0, 0xfffff, 0xb, 3, 0, 1, 0, 1); /* USER_CS */
    /* TSS (7-8) and LDT (9-10): system descriptors, never loadable. */
    gdt_img[7] = 0x00008b0000000067ull;
    gdt_img[9] = 0x0000820000000037ull;
    /* 12-14 (TLS): empty in a 64-bit process; 15 (CPUNODE) is never
     * named by the forms: its limit is the CPU number. */
}

/*
 * LDT entry 0: 16-bit code, entry 1: 16-bit data/stack (B = 0), both
 * based at the low mapping with a 64 KiB limit.
 */
static void setup_ldt(void)
{
    struct user_desc d = {
        .entry_number = 0, .base_addr = (uintptr_t)low, .limit = 0xffff,
        .seg_32bit = 0, .contents = MODIFY_LDT_CONTENTS_CODE,
        .read_exec_only = 0, .limit_in_pages = 0, .seg_not_present = 0,
        .useable = 1,
    };

    setup_gdt();
    ldt_img[0] = make_desc((uintptr_t)low, 0xffff, 0xb, 3, 1, 0, 0, 0);
    ldt_img[1] = make_desc((uintptr_t)low, 0xffff, 0x3, 3, 1, 0, 0, 0);
    ldt_img[2] = make_desc((uintptr_t)low + ES16_DELTA, 0xffff, 0x3, 3, 1,
                           0, 0, 0);
    ldt_img[3] = make_desc((uintptr_t)low + SS16_DELTA, 0xffff, 0x3, 3, 1,
                           0, 0, 0);
    ldt_img[4] = make_desc((uintptr_t)low, 0xfffff, 0x3, 3, 1, 0, 1, 1);
    ldt_img[5] = make_desc((uintptr_t)low + ES16_DELTA, 0xfffff, 0x3, 3, 1,
                           0, 1, 1);
    ldt_img[6] = make_desc((uintptr_t)low + SS16_DELTA, 0xfffff, 0x3, 3, 1,
                           0, 1, 1);
    if (syscall(SYS_modify_ldt, 0x11, &d, sizeof(d)) != 0) {
        ldt_error = "modify_ldt refused a 16-bit code segment "
                    "(CONFIG_MODIFY_LDT_SYSCALL or CONFIG_X86_16BIT off)";
        return;
    }
    d.entry_number = 1;
    d.contents = MODIFY_LDT_CONTENTS_DATA;
    if (syscall(SYS_modify_ldt, 0x11, &d, sizeof(d)) != 0) {
        ldt_error = "modify_ldt refused a 16-bit data segment";
        return;
    }
    for (int i = 2; i <= 3; i++) {
        d.entry_number = i;
        d.base_addr = (uintptr_t)low + (i == 2 ? ES16_DELTA : SS16_DELTA);
        if (syscall(SYS_modify_ldt, 0x11, &d, sizeof(d)) != 0) {
            ldt_error = "modify_ldt refused a 16-bit data segment";
            return;
        }
    }
    /* Entries 4-6: DS, ES, SS of "32-bit segmented", 32-bit, 4 GiB. */
    for (int i = 4; i <= 6; i++) {
        d.entry_number = i;
        d.base_addr = (uintptr_t)low + (i == 5 ? ES16_DELTA
                                        : i == 6 ? SS16_DELTA : 0);
        d.seg_32bit = 1;
        d.limit = 0xfffff;
        d.limit_in_pages = 1;
        if (syscall(SYS_modify_ldt, 0x11, &d, sizeof(d)) != 0) {
            ldt_error = "modify_ldt refused a 32-bit data segment";
            return;
        }
    }
    ldt_ready = true;
}

static void setup_host(void)
{
    uint32_t r[4];
    stack_t ss = { .ss_sp = g_malloc(65536), .ss_size = 65536 };
    struct sigaction sa = { .sa_sigaction = on_fault,
                            .sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER };

    o_cpuid(NULL, 7, 0, r);
    host_umip = r[2] & (1u << 2);
    host_fsgsbase = getauxval(AT_HWCAP2) & (1u << 1);   /* HWCAP2_FSGSBASE */
    o_cpuid(NULL, 1, 0, r);
    if (r[2] & (1u << 27)) {
        uint32_t lo, hi;

        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        host_xcr0 = lo;
        host_avx = (lo & 7) == 7 && (r[2] & (1u << 28));
    }
    __asm__ volatile("mov %%fs, %0; mov %%gs, %1; mov %%ds, %2; "
                     "mov %%es, %3" : "=r"(host_fs), "=r"(host_gs),
                     "=r"(host_ds), "=r"(host_es));
    /*
     * Both buffers end at a PROT_NONE guard page, which the synthesized
     * page tables leave unmapped too: accesses that run off the end
     * fault natively and emulated, after the same partial work.
     */
    low = mmap(NULL, LOW_SIZE + 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    g_assert(low != MAP_FAILED);
    g_assert(mprotect(low + LOW_SIZE, 4096, PROT_NONE) == 0);
    g_assert((uintptr_t)low + LOW_SIZE <= 0x80000000u);
    page = low;
    /* Within reach of the stub's RIP-relative addressing. */
    xarea = low + LOW_XAREA;
    host_area = aligned_alloc(64, 4096);
    memset(host_area, 0, 4096);     /* XRSTOR wants a clean header */
    buf64 = mmap(NULL, BUF_SIZE + 4096, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert(buf64 != MAP_FAILED);
    g_assert(mprotect(buf64 + BUF_SIZE, 4096, PROT_NONE) == 0);
    buf = buf64;
    sigaltstack(&ss, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    x86_emu_features_from_cpuid(&features, &oracle_ops, NULL);
    features.maxphyaddr = 52;
    ops_want_count = oracle_implemented_ops(&features, ops_want);
    make_row_forms();
    setup_ldt();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup_host();
    g_test_add_data_func("/x86/emulate/oracle/64", GINT_TO_POINTER(OM64),
                         test_oracle);
    g_test_add_data_func("/x86/emulate/oracle/32", GINT_TO_POINTER(OM32),
                         test_oracle);
    g_test_add_data_func("/x86/emulate/oracle/16", GINT_TO_POINTER(OM16),
                         test_oracle);
    g_test_add_data_func("/x86/emulate/oracle/32-segmented",
                         GINT_TO_POINTER(OM32S), test_oracle);
    g_test_add_func("/x86/emulate/oracle/summary", test_summary);
    return g_test_run();
}
