/*
 * A small machine for emulator unit tests: 1 MiB of flat guest memory
 * (reads beyond it return all-ones), paging off unless a test builds
 * tables, a fixed CPUID, and helpers that put the vCPU in real,
 * 16/32-bit protected or 64-bit mode and run one instruction.
 */
#ifndef X86_EMU_TEST_H
#define X86_EMU_TEST_H

#include "qemu/osdep.h"
#include "target/i386/emulate.h"
#include "target/i386/mmu.h"

#define T_MEM_SIZE (1u << 20)

static uint8_t t_mem[T_MEM_SIZE];
static struct x86_cpu_state t_cpu;
static struct x86_emu_features t_feat;
static struct x86_emu t_emu;
/* CPUID leaf 1 ECX/EDX and leaf 7 EBX/ECX the fake CPUID reports. */
static uint32_t t_cpuid1_ecx, t_cpuid1_edx = X86_F1_EDX_FPU |
    X86_F1_EDX_TSC | X86_F1_EDX_MSR | X86_F1_EDX_CX8 | X86_F1_EDX_CMOV |
    X86_F1_EDX_MMX | X86_F1_EDX_FXSR | X86_F1_EDX_SSE | X86_F1_EDX_SSE2;
static uint32_t t_cpuid7_ebx, t_cpuid7_ecx;

static int t_read(void *opaque, uint64_t gpa, void *buf, unsigned len)
{
    if (gpa + len > T_MEM_SIZE) {
        memset(buf, 0xff, len);
        return 0;
    }
    memcpy(buf, t_mem + gpa, len);
    return 0;
}

static int t_write(void *opaque, uint64_t gpa, const void *buf,
                   unsigned len)
{
    if (gpa + len <= T_MEM_SIZE) {
        memcpy(t_mem + gpa, buf, len);
    }
    return 0;
}

static void t_cpuid(void *opaque, uint32_t leaf, uint32_t sub,
                    uint32_t r[4])
{
    memset(r, 0, 4 * sizeof(uint32_t));
    switch (leaf) {
    case 0:
        r[0] = 7;
        break;
    case 1:
        r[2] = t_cpuid1_ecx;
        r[3] = t_cpuid1_edx;
        break;
    case 7:
        r[1] = t_cpuid7_ebx;
        r[2] = t_cpuid7_ecx;
        break;
    case 0x80000000:
        r[0] = 0x80000008;
        break;
    case 0x80000001:
        r[3] = (1u << 29) | (1u << 20);     /* LM, NX */
        break;
    case 0x80000008:
        r[0] = 40;
        break;
    }
}

static const struct x86_emu_ops t_ops = {
    .read_phys = t_read,
    .write_phys = t_write,
    .cpuid = t_cpuid,
};

static void t_seg(unsigned i, uint16_t sel, uint64_t base, uint32_t limit,
                  uint8_t type, uint8_t dpl, bool db)
{
    t_cpu.seg[i] = (struct x86_segment){
        .selector = sel, .base = base, .limit = limit, .type = type,
        .s = 1, .dpl = dpl, .present = 1, .db = db, .g = limit > 0xfffff,
    };
}

/* Protected mode, flat 4 GiB segments, CS.D = db, SS.B = db. */
static void t_prot(bool db, unsigned cpl)
{
    memset(t_mem, 0, sizeof(t_mem));
    memset(&t_cpu, 0, sizeof(t_cpu));
    t_cpu.cr0 = X86_CR0_PE_BIT | X86_CR0_ET_BIT;
    t_cpu.rflags = X86_FL_FIXED;
    for (int i = 0; i < 6; i++) {
        t_seg(i, 0x10 | cpl, 0, 0xffffffff, 3, cpl, db);
    }
    t_seg(X86_SEG_CS, 0x08 | cpl, 0, 0xffffffff, 0xb, cpl, db);
    t_cpu.seg[X86_SEG_LDTR].unusable = 1;
    t_cpu.seg[X86_SEG_TR] = (struct x86_segment){
        .type = 0xb, .present = 1, .limit = 0x67,
    };
    t_cpu.rip = 0x1000;
    t_cpu.gpr[X86_RSP] = 0x8000;
    x86_emu_features_from_cpuid(&t_feat, &t_ops, NULL);
    t_emu = (struct x86_emu){
        .cpu = &t_cpu, .ops = &t_ops, .features = &t_feat,
    };
}

/* Real-address mode: 64 KiB segments at selector * 16. */
static inline void t_real(void)
{
    t_prot(false, 0);
    t_cpu.cr0 = X86_CR0_ET_BIT;
    for (int i = 0; i < 6; i++) {
        t_seg(i, 0, 0, 0xffff, i == X86_SEG_CS ? 0xb : 3, 0, false);
    }
}

/*
 * 64-bit mode. Paging stays off: the emulator translates linear to
 * physical with CR0.PG = 0, which keeps the tests free of page tables
 * (only the CR tests care about the PG/LMA pairing, and set it up).
 */
static inline void t_long(unsigned cpl)
{
    t_prot(false, cpl);
    t_cpu.efer = X86_EFER_LME | X86_EFER_LMA_BIT;
    t_cpu.seg[X86_SEG_CS].l = 1;
}

static inline enum x86_emu_result t_run(const char *hex)
{
    uint8_t b[16];
    unsigned n = 0;

    for (const char *p = hex; *p && n < sizeof(b);) {
        if (*p == ' ') {
            p++;
            continue;
        }
        b[n++] = g_ascii_xdigit_value(p[0]) * 16 + g_ascii_xdigit_value(p[1]);
        p += 2;
    }
    t_cpu.dirty = 0;
    return x86_emulate(&t_emu, b, n);
}

/* Expect an exception (vector, error code); RIP must not move. */
static inline void t_expect_exc(const char *hex, uint8_t vector, int err)
{
    uint64_t rip = t_cpu.rip;
    enum x86_emu_result r = t_run(hex);

    if (r != X86_EMU_EXCEPTION) {
        g_test_message("%s: result %d (%s), expected vector %u", hex, r,
                       t_emu.message, vector);
    }
    g_assert_cmpint(r, ==, X86_EMU_EXCEPTION);
    g_assert_cmpuint(t_emu.exc.vector, ==, vector);
    if (err >= 0) {
        g_assert_true(t_emu.exc.has_error_code);
        g_assert_cmphex(t_emu.exc.error_code, ==, err);
    }
    g_assert_cmphex(t_cpu.rip, ==, rip);
}

static inline void t_expect_ok(const char *hex)
{
    enum x86_emu_result r = t_run(hex);

    if (r != X86_EMU_OK) {
        g_test_message("%s: result %d, vector %u err %#x, %s", hex, r,
                       t_emu.exc.vector, t_emu.exc.error_code,
                       t_emu.message);
    }
    g_assert_cmpint(r, ==, X86_EMU_OK);
}

static inline void t_put(uint64_t gpa, uint64_t v, unsigned size)
{
    memcpy(t_mem + gpa, &v, size);
}

static inline uint64_t t_get(uint64_t gpa, unsigned size)
{
    uint64_t v = 0;

    memcpy(&v, t_mem + gpa, size);
    return v;
}

#endif
