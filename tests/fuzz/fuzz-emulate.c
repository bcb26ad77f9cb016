/*
 * libFuzzer target: decode + emulate one instruction on a random CPU state.
 *
 * Input: a 64-byte state seed, then up to 15 instruction bytes. The seed
 * picks the mode (real, 16/32-bit protected, 64-bit), paging on or off
 * (PAE/4-level), CPL, CR0/CR4 bits, EFLAGS, the GPRs and the x87/SSE
 * control words. Memory is 64 KiB wrapped around every guest-physical
 * address, pre-filled from the input, so page-table entries and operands
 * are fuzzed too; port I/O reads return input bytes. The guest's features
 * are the host's (the emulator executes x87/SIMD forms on the host).
 * Checks: no crash, hang or sanitizer report; a result inside the enum;
 * X86_EMU_OK moves RIP by 1..15 bytes (or to a wrapped value); an
 * exception carries a vector below 32; X86_EMU_UNHANDLED has a message.
 */
#include "qemu/osdep.h"
#include "target/i386/emulate.h"

#define MEM_SIZE 0x10000

static uint8_t mem[MEM_SIZE];
static struct x86_emu_features features;

static int f_read(void *opaque, uint64_t gpa, void *buf, unsigned len)
{
    for (unsigned i = 0; i < len; i++) {
        ((uint8_t *)buf)[i] = mem[(gpa + i) % MEM_SIZE];
    }
    return 0;
}

static int f_write(void *opaque, uint64_t gpa, const void *buf, unsigned len)
{
    for (unsigned i = 0; i < len; i++) {
        mem[(gpa + i) % MEM_SIZE] = ((const uint8_t *)buf)[i];
    }
    return 0;
}

static int f_cmpxchg(void *opaque, uint64_t gpa, void *old, const void *new,
                     unsigned len)
{
    uint8_t cur[16];

    f_read(opaque, gpa, cur, len);
    if (memcmp(cur, old, len)) {
        memcpy(old, cur, len);
        return 0;
    }
    return f_write(opaque, gpa, new, len) ? -EIO : 1;
}

static int f_io_read(void *opaque, uint16_t port, unsigned size,
                     uint32_t *val)
{
    *val = port * 0x01010101u;
    return port == 0x20 ? X86_MEM_UNHANDLED : 0;
}

static int f_io_write(void *opaque, uint16_t port, unsigned size,
                      uint32_t val)
{
    return 0;
}

static int f_rdmsr(void *opaque, uint32_t index, uint64_t *val)
{
    *val = index * 3ull;
    return index & 1 ? -EINVAL : 0;
}

static int f_wrmsr(void *opaque, uint32_t index, uint64_t val)
{
    return index & 1 ? -EINVAL : 0;
}

static void f_cpuid(void *opaque, uint32_t leaf, uint32_t sub,
                    uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]),
                     "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static const struct x86_emu_ops ops = {
    .read_phys = f_read,
    .write_phys = f_write,
    .cmpxchg_phys = f_cmpxchg,
    .io_read = f_io_read,
    .io_write = f_io_write,
    .rdmsr = f_rdmsr,
    .wrmsr = f_wrmsr,
    .cpuid = f_cpuid,
};

static uint64_t take64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return v;
}

static void setup(struct x86_cpu_state *c, const uint8_t *s)
{
    unsigned mode = s[0] & 3, cpl = (s[0] >> 2) & 3;
    bool paging = s[0] & 0x10;

    memset(c, 0, sizeof(*c));
    for (int i = 0; i < 16; i++) {
        c->gpr[i] = take64(s + 8 + (i % 7) * 8) >> (i & 7) * 4;
    }
    c->rip = s[1] | (s[2] << 8);
    c->rflags = (take64(s + 1) & 0x40cd5) | X86_FL_FIXED;
    for (int i = 0; i < X86_NR_SEGS; i++) {
        c->seg[i] = (struct x86_segment){
            .base = (s[3 + i] & 0xf) << 12, .limit = s[3 + i] & 0x80
                                            ? 0xffff : 0xffffffff,
            .type = i == X86_SEG_CS ? 0xb : (s[3 + i] >> 4) & 0xf,
            .s = 1, .dpl = cpl, .present = 1, .db = mode >= 2,
            .g = 1, .unusable = (s[3 + i] & 0x70) == 0x70,
        };
    }
    c->seg[X86_SEG_TR].type = 0xb;
    c->seg[X86_SEG_TR].s = 0;
    c->cr0 = mode ? X86_CR0_PE_BIT : 0;
    c->cr0 |= (s[12] & 0x2f) | ((uint64_t)(s[12] & 0x40) << 10) |
              ((uint64_t)(s[12] & 0x80) << 11);
    c->cr4 = X86_CR4_OSFXSR | ((uint64_t)(s[13] & 0x7) << 18) |
             ((s[13] & 0x8) ? X86_CR4_OSXMMEXCPT : 0) |
             ((s[13] & 0x10) ? X86_CR4_PSE : 0);
    if (mode == 3) {
        c->efer = X86_EFER_LME | X86_EFER_LMA_BIT |
                  (s[13] & 0x20 ? X86_EFER_NXE : 0);
        c->cr0 |= X86_CR0_PG_BIT | X86_CR0_PE_BIT;
        c->cr4 |= X86_CR4_PAE;
        c->seg[X86_SEG_CS].l = 1;
        c->seg[X86_SEG_CS].db = 0;
    } else if (paging && mode) {
        c->cr0 |= X86_CR0_PG_BIT;
        c->cr4 |= s[13] & 0x40 ? X86_CR4_PAE : 0;
    }
    c->cr3 = (s[14] | (s[15] << 8)) & 0xffe0;
    c->xcr0 = 3 | (s[13] & 0x80 ? 4 : 0);
    c->fx.fcw = 0x37f ^ (s[16] & 0x3f);
    c->fx.fsw = (s[17] & 0x7f) << 8 | (s[17] & 0x80);
    c->fx.ftw = s[18];
    c->fx.mxcsr = 0x1f80 ^ ((s[19] & 0x3f) << 7);
    for (int i = 0; i < 8; i++) {
        memcpy(c->fx.st[i], s + 20 + i * 4, 10);
    }
    for (int i = 0; i < 16; i++) {
        memcpy(c->fx.xmm[i], s + (i * 3) % 48, 16);
    }
    c->valid = X86_VALID_FPU | X86_VALID_XCR;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct x86_cpu_state cpu;
    struct x86_emu emu;
    enum x86_emu_result r;
    uint64_t rip0;

    if (size < 64) {
        return 0;
    }
    if (!features.maxphyaddr) {
        x86_emu_features_from_cpuid(&features, &ops, NULL);
    }
    for (size_t i = 0; i < MEM_SIZE; i++) {
        mem[i] = data[i % size] ^ (i >> 8);
    }
    setup(&cpu, data);
    rip0 = cpu.rip;
    emu = (struct x86_emu){
        .cpu = &cpu, .ops = &ops, .features = &features, .max_rep = 64,
    };
    r = x86_emulate(&emu, data + 64, MIN(size - 64, 15));
    switch (r) {
    case X86_EMU_OK:
        if (cpu.rip == rip0 && !(cpu.dirty & X86_DIRTY_RIP)) {
            abort();
        }
        break;
    case X86_EMU_EXCEPTION:
        if (emu.exc.vector >= 32) {
            abort();
        }
        break;
    case X86_EMU_RETRY:
        break;
    case X86_EMU_UNHANDLED:
        if (!emu.message[0]) {
            abort();
        }
        break;
    default:
        abort();
    }
    return 0;
}
