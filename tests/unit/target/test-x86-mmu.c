/*
 * Emulator address translation: page walks in every paging mode with the
 * architectural #PF error codes (SDM Vol. 3 4.7), accessed/dirty bits,
 * SMEP/SMAP, and segment limit/type/canonical checks.
 */
#include "qemu/osdep.h"
#include "target/i386/mmu.h"

#define MEM_SIZE (4u << 20)

static uint8_t *mem;
static unsigned writes;

static int t_read(void *opaque, uint64_t gpa, void *buf, unsigned len)
{
    if (gpa + len > MEM_SIZE) {
        memset(buf, 0xff, len);
        return 0;
    }
    memcpy(buf, mem + gpa, len);
    return 0;
}

static int t_write(void *opaque, uint64_t gpa, const void *buf, unsigned len)
{
    writes++;
    if (gpa + len <= MEM_SIZE) {
        memcpy(mem + gpa, buf, len);
    }
    return 0;
}

static const struct x86_emu_ops ops = {
    .read_phys = t_read,
    .write_phys = t_write,
};

static struct x86_cpu_state cpu;
static struct x86_emu_features feat = { .maxphyaddr = 40 };
static struct x86_emu emu = { .cpu = &cpu, .ops = &ops, .features = &feat };

static void put64(uint64_t gpa, uint64_t v)
{
    memcpy(mem + gpa, &v, 8);
}

static void put32(uint64_t gpa, uint32_t v)
{
    memcpy(mem + gpa, &v, 4);
}

static uint64_t get64(uint64_t gpa)
{
    uint64_t v;

    memcpy(&v, mem + gpa, 8);
    return v;
}

static void reset(void)
{
    memset(mem, 0, MEM_SIZE);
    memset(&cpu, 0, sizeof(cpu));
    cpu.cr0 = X86_CR0_PE_BIT | X86_CR0_PG_BIT | X86_CR0_WP_BIT;
    cpu.rflags = X86_FL_FIXED;
    for (int i = 0; i < X86_NR_SEGS; i++) {
        cpu.seg[i] = (struct x86_segment){
            .limit = 0xffffffff, .type = 3, .s = 1, .present = 1, .db = 1,
            .g = 1,
        };
    }
    cpu.seg[X86_SEG_CS].type = 0xb;
}

static void set_cpl(unsigned cpl)
{
    cpu.seg[X86_SEG_CS].dpl = cpl;
    cpu.seg[X86_SEG_SS].dpl = cpl;
}

/* Expect a translation; returns the gpa. */
static uint64_t xlate_ok(uint64_t la, unsigned acc)
{
    uint64_t gpa = 0;
    int r = x86_mmu_translate(&emu, la, acc, &gpa);

    if (r) {
        g_test_message("la %" PRIx64 ": vector %u err %#x", la,
                       emu.exc.vector, emu.exc.error_code);
    }
    g_assert_cmpint(r, ==, 0);
    return gpa;
}

static void xlate_pf(uint64_t la, unsigned acc, uint32_t err)
{
    uint64_t gpa = 0;

    g_assert_cmpint(x86_mmu_translate(&emu, la, acc, &gpa), ==, 1);
    g_assert_cmpint(emu.exc.vector, ==, X86_EXC_PF);
    g_assert_cmphex(emu.exc.error_code, ==, err);
    g_assert_cmphex(emu.exc.cr2, ==, la);
}

static void test_no_paging(void)
{
    reset();
    cpu.cr0 = X86_CR0_PE_BIT;
    g_assert_cmphex(xlate_ok(0x12345678, X86_ACC_WRITE), ==, 0x12345678);
}

/* 32-bit paging: PD at 0x1000, PT at 0x2000. */
static void test_paging32(void)
{
    reset();
    cpu.cr3 = 0x1000;
    put32(0x1000 + 1 * 4, 0x2000 | 7);              /* 4M..8M: U, RW */
    put32(0x2000 + 5 * 4, 0x345000 | 5);            /* page 5: U, RO */
    put32(0x2000 + 6 * 4, 0x346000 | 3);            /* page 6: S, RW */
    g_assert_cmphex(xlate_ok(0x405123, X86_ACC_READ), ==, 0x345123);
    /* A set on both levels, D not set by a read. */
    g_assert_cmphex(mem[0x1004] & 0x60, ==, 0x20);
    g_assert_cmphex(mem[0x2014] & 0x60, ==, 0x20);
    xlate_pf(0x405000, X86_ACC_WRITE, X86_PF_P | X86_PF_W);
    cpu.cr0 &= ~X86_CR0_WP_BIT;                     /* WP=0: S may write */
    g_assert_cmphex(xlate_ok(0x405000, X86_ACC_WRITE), ==, 0x345000);
    g_assert_cmphex(mem[0x2014] & 0x40, ==, 0x40);  /* dirty */
    set_cpl(3);
    xlate_pf(0x405000, X86_ACC_WRITE, X86_PF_P | X86_PF_W | X86_PF_U);
    xlate_pf(0x406000, X86_ACC_READ, X86_PF_P | X86_PF_U);
    xlate_pf(0x407000, X86_ACC_READ, X86_PF_U);     /* not present */
    xlate_pf(0x800000, X86_ACC_FETCH, X86_PF_U);    /* PDE not present */
    /* Implicit supervisor access from CPL 3 is a supervisor access. */
    g_assert_cmphex(xlate_ok(0x406000, X86_ACC_READ | X86_ACC_IMPLICIT),
                    ==, 0x346000);
    set_cpl(0);
    /* 4-MByte page with PSE; PSE-36 high bits; bit 21 reserved. */
    cpu.cr4 = X86_CR4_PSE;
    put32(0x1000 + 3 * 4, 0x00c00000 | (0x12 << 13) | 0x83);
    g_assert_cmphex(xlate_ok(0xc12345, X86_ACC_READ), ==, 0x1200c12345ull);
    put32(0x1000 + 4 * 4, 0x01000000 | (1 << 21) | 0x83);
    xlate_pf(0x1000000, X86_ACC_READ, X86_PF_P | X86_PF_RSVD);
    /* Without CR4.PSE the PS bit is ignored: 0x83 entry is a table. */
    cpu.cr4 = 0;
    put32(0x1000 + 3 * 4, 0x2000 | 0x83);
    g_assert_cmphex(xlate_ok(0xc05000, X86_ACC_READ), ==, 0x345000);
    /* No NX in 32-bit paging: the I bit needs SMEP there. */
    xlate_pf(0x407000, X86_ACC_FETCH, 0);
    cpu.cr4 = X86_CR4_SMEP;
    xlate_pf(0x407000, X86_ACC_FETCH, X86_PF_I);
}

/* PAE: PDPT at 0x1000 (32-byte aligned), PD 0x2000, PT 0x3000. */
static void test_pae(void)
{
    reset();
    cpu.cr4 = X86_CR4_PAE;
    cpu.efer = X86_EFER_NXE;
    cpu.cr3 = 0x1020;                              /* PDPT at 0x1020 */
    put64(0x1020 + 1 * 8, 0x2000 | 1);             /* 1G..2G */
    put64(0x2000 + 2 * 8, 0x3000 | 7);             /* +4M */
    put64(0x3000 + 1 * 8, 0x9000 | 7 | (1ull << 63));
    put64(0x2000 + 3 * 8, 0x40000000ull | 0x87);   /* 2M page */
    g_assert_cmphex(xlate_ok(0x40401abc, X86_ACC_READ), ==, 0x9abc);
    xlate_pf(0x40401000, X86_ACC_FETCH, X86_PF_P | X86_PF_I);
    g_assert_cmphex(xlate_ok(0x40612345, X86_ACC_FETCH), ==, 0x40012345);
    xlate_pf(0x00001000, X86_ACC_READ, 0);         /* PDPTE 0 absent */
    /* NXE off: XD is a reserved bit. */
    cpu.efer = 0;
    xlate_pf(0x40401000, X86_ACC_READ, X86_PF_P | X86_PF_RSVD);
    /* Reserved bits in the PDPTE (bit 5). */
    cpu.efer = X86_EFER_NXE;
    put64(0x1020 + 2 * 8, 0x2000 | 1 | 0x20);
    xlate_pf(0x80000000, X86_ACC_WRITE, X86_PF_P | X86_PF_RSVD | X86_PF_W);
}

/* 4-level: PML4 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000. */
static void setup_4level(void)
{
    reset();
    cpu.cr4 = X86_CR4_PAE;
    cpu.efer = X86_EFER_LME | X86_EFER_LMA_BIT | X86_EFER_NXE;
    cpu.seg[X86_SEG_CS].l = 1;
    cpu.seg[X86_SEG_CS].db = 0;
    cpu.cr3 = 0x1000;
    put64(0x1000 + 0x1ff * 8, 0x2000 | 7);         /* top 512G */
    put64(0x1000 + 0 * 8, 0x2000 | 7);
    put64(0x2000 + 0 * 8, 0x3000 | 7);
    put64(0x2000 + 1 * 8, 0x80000000ull | 0x83);   /* 1G page, S */
    put64(0x3000 + 0 * 8, 0x4000 | 7);
    put64(0x3000 + 1 * 8, 0x600000 | 0x87);        /* 2M page, U */
    put64(0x4000 + 1 * 8, 0x5000 | 7);             /* U RW */
    put64(0x4000 + 2 * 8, 0x6000 | 5);             /* U RO */
    put64(0x4000 + 3 * 8, 0x7000 | 3);             /* S RW */
}

static void test_4level(void)
{
    setup_4level();
    g_assert_cmphex(xlate_ok(0x1234, X86_ACC_WRITE), ==, 0x5234);
    g_assert_cmphex(get64(0x4008) & 0x60, ==, 0x60);   /* A and D */
    g_assert_cmphex(get64(0x1000) & 0x60, ==, 0x20);   /* A only */
    g_assert_cmphex(xlate_ok(0xffffff8000001234ull, X86_ACC_READ), ==,
                    0x5234);
    g_assert_cmphex(xlate_ok(0x212345, X86_ACC_READ), ==, 0x612345);
    g_assert_cmphex(xlate_ok(0x40000000 + 0x1234567, X86_ACC_READ), ==,
                    0x81234567);
    xlate_pf(0x2000, X86_ACC_WRITE, X86_PF_P | X86_PF_W);
    set_cpl(3);
    xlate_pf(0x40000000, X86_ACC_READ, X86_PF_P | X86_PF_U);
    xlate_pf(0x3000, X86_ACC_WRITE, X86_PF_P | X86_PF_W | X86_PF_U);
    xlate_pf(0x4000, X86_ACC_FETCH, X86_PF_I | X86_PF_U);
    set_cpl(0);
    /* Bit 40 is beyond MAXPHYADDR 40: reserved. */
    put64(0x4000 + 4 * 8, 0x10000000000ull | 0x8000 | 3);
    xlate_pf(0x4000, X86_ACC_READ, X86_PF_P | X86_PF_RSVD);
    /* PS in a PML4E is reserved. */
    put64(0x1000 + 1 * 8, 0x2000 | 0x83);
    xlate_pf(0x8000000000ull, X86_ACC_READ, X86_PF_P | X86_PF_RSVD);
    /* 2-MByte page with bit 13 set. */
    put64(0x3000 + 2 * 8, 0x800000 | 0x2000 | 0x83);
    xlate_pf(0x400000, X86_ACC_READ, X86_PF_P | X86_PF_RSVD);
}

static void test_smep_smap(void)
{
    setup_4level();
    cpu.cr4 |= X86_CR4_SMEP | X86_CR4_SMAP;
    xlate_pf(0x1000, X86_ACC_FETCH, X86_PF_P | X86_PF_I);
    xlate_pf(0x1000, X86_ACC_READ, X86_PF_P);
    xlate_pf(0x1000, X86_ACC_WRITE, X86_PF_P | X86_PF_W);
    cpu.rflags |= X86_FL_AC;
    g_assert_cmphex(xlate_ok(0x1000, X86_ACC_WRITE), ==, 0x5000);
    xlate_pf(0x1000, X86_ACC_READ | X86_ACC_IMPLICIT, X86_PF_P);
    g_assert_cmphex(xlate_ok(0x3000, X86_ACC_FETCH), ==, 0x7000);
    set_cpl(3);
    g_assert_cmphex(xlate_ok(0x1000, X86_ACC_FETCH), ==, 0x5000);
}

static void test_5level(void)
{
    reset();
    cpu.cr4 = X86_CR4_PAE | X86_CR4_LA57;
    cpu.efer = X86_EFER_LME | X86_EFER_LMA_BIT;
    cpu.cr3 = 0x1000;
    put64(0x1000 + 1 * 8, 0x2000 | 3);             /* PML5E 1 */
    put64(0x2000, 0x3000 | 3);
    put64(0x3000, 0x4000 | 3);
    put64(0x4000, 0x5000 | 3);
    put64(0x5000 + 8, 0x7000 | 3);
    g_assert_cmphex(xlate_ok((1ull << 48) | 0x1010, X86_ACC_READ), ==,
                    0x7010);
    xlate_pf(0x1010, X86_ACC_READ, 0);
}

static void test_cross_page_write(void)
{
    uint8_t buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    uint8_t back[8];

    setup_4level();
    /* 0x3000 is RW supervisor, 0x4000 is not mapped. */
    writes = 0;
    g_assert_cmpint(x86_write_linear(&emu, 0x3ffc, buf, 8), ==, 1);
    g_assert_cmphex(emu.exc.cr2, ==, 0x4000);
    g_assert_cmphex(emu.exc.error_code, ==, X86_PF_W);
    g_assert_cmpint(mem[0x7ffc], ==, 0);
    /* 0x1000 -> 0x5000 and 0x2000 -> 0x6000 (RO, but CPL 0 and WP=0). */
    cpu.cr0 &= ~X86_CR0_WP_BIT;
    g_assert_cmpint(x86_write_linear(&emu, 0x1ffd, buf, 8), ==, 0);
    g_assert_cmpmem(mem + 0x5ffd, 3, buf, 3);
    g_assert_cmpmem(mem + 0x6000, 5, buf + 3, 5);
    g_assert_cmpint(x86_read_linear(&emu, 0x1ffd, back, 8, X86_ACC_READ),
                    ==, 0);
    g_assert_cmpmem(back, 8, buf, 8);
}

static void seg_fault(enum x86_seg seg, uint64_t off, unsigned size,
                      unsigned acc, uint8_t vector)
{
    uint64_t la;

    g_assert_cmpint(x86_seg_linear(&emu, seg, off, size, acc, &la), ==, 1);
    g_assert_cmpint(emu.exc.vector, ==, vector);
    g_assert_cmpint(emu.exc.error_code, ==, 0);
}

static uint64_t seg_ok(enum x86_seg seg, uint64_t off, unsigned size,
                       unsigned acc)
{
    uint64_t la = 0;

    g_assert_cmpint(x86_seg_linear(&emu, seg, off, size, acc, &la), ==, 0);
    return la;
}

static void test_segments(void)
{
    reset();
    cpu.cr0 = X86_CR0_PE_BIT;
    cpu.seg[X86_SEG_DS].base = 0x10000;
    cpu.seg[X86_SEG_DS].limit = 0xfff;
    g_assert_cmphex(seg_ok(X86_SEG_DS, 0xffc, 4, X86_ACC_READ), ==, 0x10ffc);
    seg_fault(X86_SEG_DS, 0xffd, 4, X86_ACC_READ, X86_EXC_GP);
    cpu.seg[X86_SEG_SS].limit = 0xfff;
    seg_fault(X86_SEG_SS, 0x1000, 2, X86_ACC_WRITE, X86_EXC_SS);
    /* Code segments are never writable; execute-only is not readable. */
    seg_fault(X86_SEG_CS, 0, 4, X86_ACC_WRITE, X86_EXC_GP);
    cpu.seg[X86_SEG_CS].type = 0x8;
    seg_fault(X86_SEG_CS, 0, 4, X86_ACC_READ, X86_EXC_GP);
    /* Read-only data segment. */
    cpu.seg[X86_SEG_ES].type = 1;
    seg_fault(X86_SEG_ES, 0, 1, X86_ACC_WRITE, X86_EXC_GP);
    g_assert_cmphex(seg_ok(X86_SEG_ES, 0, 1, X86_ACC_READ), ==, 0);
    /* Expand-down, 16-bit: valid offsets are limit+1 .. 0xffff. */
    cpu.seg[X86_SEG_FS] = (struct x86_segment){
        .base = 0x100000, .limit = 0xfff, .type = 7, .s = 1, .present = 1,
    };
    seg_fault(X86_SEG_FS, 0xfff, 1, X86_ACC_READ, X86_EXC_GP);
    g_assert_cmphex(seg_ok(X86_SEG_FS, 0x1000, 1, X86_ACC_WRITE), ==,
                    0x101000);
    seg_fault(X86_SEG_FS, 0xfffe, 4, X86_ACC_READ, X86_EXC_GP);
    /* Null selector. */
    cpu.seg[X86_SEG_GS].unusable = 1;
    seg_fault(X86_SEG_GS, 0, 1, X86_ACC_READ, X86_EXC_GP);
    /* Real mode: no type checks, but the limit applies; 32-bit wrap. */
    cpu.cr0 = 0;
    cpu.seg[X86_SEG_CS].type = 0x8;
    g_assert_cmphex(seg_ok(X86_SEG_CS, 0, 4, X86_ACC_WRITE), ==, 0);
    cpu.seg[X86_SEG_DS].base = 0xfffffff0;
    cpu.seg[X86_SEG_DS].limit = 0xffff;
    g_assert_cmphex(seg_ok(X86_SEG_DS, 0x20, 1, X86_ACC_READ), ==, 0x10);
}

static void test_segments64(void)
{
    setup_4level();
    cpu.seg[X86_SEG_DS].base = 0x5000;               /* ignored */
    cpu.seg[X86_SEG_DS].limit = 0;
    cpu.seg[X86_SEG_FS].base = 0x7000;
    g_assert_cmphex(seg_ok(X86_SEG_DS, 0x10, 8, X86_ACC_WRITE), ==, 0x10);
    g_assert_cmphex(seg_ok(X86_SEG_FS, 0x10, 8, X86_ACC_READ), ==, 0x7010);
    seg_fault(X86_SEG_DS, 0x0000800000000000ull, 1, X86_ACC_READ,
              X86_EXC_GP);
    seg_fault(X86_SEG_SS, 0x00007ffffffffffcull, 8, X86_ACC_READ,
              X86_EXC_SS);
    /* #AC: CR0.AM, EFLAGS.AC, CPL 3 and a misaligned access. */
    cpu.cr0 |= X86_CR0_AM_BIT;
    cpu.rflags |= X86_FL_AC;
    g_assert_cmphex(seg_ok(X86_SEG_DS, 0x11, 4, X86_ACC_READ), ==, 0x11);
    set_cpl(3);
    seg_fault(X86_SEG_DS, 0x11, 4, X86_ACC_READ, X86_EXC_AC);
    g_assert_cmphex(seg_ok(X86_SEG_DS, 0x11, 1, X86_ACC_READ), ==, 0x11);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mem = g_malloc0(MEM_SIZE);
    g_test_add_func("/x86/mmu/no-paging", test_no_paging);
    g_test_add_func("/x86/mmu/32-bit", test_paging32);
    g_test_add_func("/x86/mmu/pae", test_pae);
    g_test_add_func("/x86/mmu/4-level", test_4level);
    g_test_add_func("/x86/mmu/5-level", test_5level);
    g_test_add_func("/x86/mmu/smep-smap", test_smep_smap);
    g_test_add_func("/x86/mmu/cross-page-write", test_cross_page_write);
    g_test_add_func("/x86/seg/protected", test_segments);
    g_test_add_func("/x86/seg/64-bit", test_segments64);
    return g_test_run();
}
