/*
 * Segmentation and paging for the x86 emulator (see include/target/i386/mmu.h).
 *
 * Paging follows SDM Vol. 3 chapter 4: the walk accumulates R/W and U/S
 * (an access is allowed only if every level allows it) and XD (any level
 * forbids execution); the checks and the #PF error code follow 4.6 and
 * 4.7. Protection keys are not implemented (CR4.PKE is not offered to
 * guests by the CPU models that use this emulator).
 */
#include "qemu/osdep.h"
#include "target/i386/mmu.h"

#define PTE_P    (1ull << 0)
#define PTE_RW   (1ull << 1)
#define PTE_US   (1ull << 2)
#define PTE_A    (1ull << 5)
#define PTE_D    (1ull << 6)
#define PTE_PS   (1ull << 7)
#define PTE_XD   (1ull << 63)

#define PAGE_SIZE 4096ull
#define PAGE_MASK (~(PAGE_SIZE - 1))

/* One level of a walk: where the entry is and how big it is. */
struct walk {
    uint64_t addr[5];         /* gpa of the entry at each level used */
    uint64_t val[5];
    unsigned width;           /* entry size: 4 or 8 */
    int n;                    /* entries recorded */
    int first_ad;             /* first entry with A/D bits (PAE: 1) */
    bool user_ok, write_ok, nx;
};

static void set_fault(struct x86_emu *emu, uint64_t la, uint32_t err)
{
    emu->exc = (struct x86_exception){
        .vector = X86_EXC_PF, .has_error_code = true, .error_code = err,
        .cr2 = la,
    };
}

static uint64_t phys_mask(struct x86_emu *emu)
{
    unsigned m = emu->features && emu->features->maxphyaddr
                     ? emu->features->maxphyaddr : 36;

    return m >= 52 ? (1ull << 52) - 1 : (1ull << m) - 1;
}

static int read_entry(struct x86_emu *emu, struct walk *w, uint64_t gpa,
                      uint64_t *val)
{
    uint64_t v = 0;
    int r = emu->ops->read_phys(emu->opaque, gpa, &v, w->width);

    if (r < 0) {
        return r;
    }
    w->addr[w->n] = gpa;
    w->val[w->n] = v;
    w->n++;
    *val = v;
    w->user_ok &= (v & PTE_US) != 0;
    w->write_ok &= (v & PTE_RW) != 0;
    return 0;
}

/* Set A on every entry and D on the leaf for a write (SDM 4.8). */
static int set_accessed_dirty(struct x86_emu *emu, struct walk *w,
                              bool write)
{
    for (int i = w->first_ad; i < w->n; i++) {
        uint64_t want = w->val[i] | PTE_A;
        int r;

        if (i == w->n - 1 && write) {
            want |= PTE_D;
        }
        if (want == w->val[i]) {
            continue;
        }
        if (emu->ops->cmpxchg_phys) {
            uint64_t old = w->val[i];

            r = emu->ops->cmpxchg_phys(emu->opaque, w->addr[i], &old, &want,
                                       w->width);
            /* Lost a race with another vCPU: its update is as good. */
            r = r < 0 ? r : 0;
        } else {
            r = emu->ops->write_phys(emu->opaque, w->addr[i], &want,
                                     w->width);
        }
        if (r < 0) {
            return r;
        }
    }
    return 0;
}

/* Reserved bits of a 64-bit entry at a level (1 = PTE ... 5 = PML5E). */
static uint64_t rsvd_bits64(struct x86_emu *emu, int level, bool large)
{
    uint64_t r = ~phys_mask(emu) & 0x000ffffffffff000ull;

    if (!(emu->cpu->efer & X86_EFER_NXE)) {
        r |= PTE_XD;
    }
    if (level >= 4) {
        r |= PTE_PS;
    } else if (large && level == 3) {
        r |= 0x3fffe000ull;       /* bits 29:13 of a 1-GByte page */
    } else if (large && level == 2) {
        r |= 0x1fe000ull;         /* bits 20:13 of a 2-MByte page */
    }
    return r;
}

/* Walk of 4/5-level and PAE tables; *pa gets the frame and offset. */
static int walk64(struct x86_emu *emu, struct walk *w, uint64_t la,
                  uint64_t *pa, uint32_t *fault)
{
    const struct x86_cpu_state *cpu = emu->cpu;
    int level;
    uint64_t table;
    uint64_t e;
    int r;

    w->width = 8;
    if (x86_long_mode(cpu)) {
        level = cpu->cr4 & X86_CR4_LA57 ? 5 : 4;
        table = cpu->cr3 & phys_mask(emu) & PAGE_MASK;
    } else {
        /* PAE: the PDPTE is the level-3 entry, with its own layout. */
        r = read_entry(emu, w, (cpu->cr3 & 0xffffffe0u) + ((la >> 30) & 3) * 8,
                       &e);
        if (r < 0) {
            return r;
        }
        /* PDPTEs carry no R/W, U/S, and no accessed bit. */
        w->user_ok = w->write_ok = true;
        w->first_ad = 1;
        if (!(e & PTE_P)) {
            *fault = 0;
            return 1;
        }
        if (e & ((~phys_mask(emu) & 0x000ffffffffff000ull) | PTE_XD |
                 0x1e6ull)) {
            *fault = X86_PF_P | X86_PF_RSVD;
            return 1;
        }
        table = e & phys_mask(emu) & PAGE_MASK;
        level = 2;
    }
    for (;; level--) {
        unsigned shift = 12 + 9 * (level - 1);
        bool large;

        r = read_entry(emu, w, table + ((la >> shift) & 511) * 8, &e);
        if (r < 0) {
            return r;
        }
        if (!(e & PTE_P)) {
            *fault = 0;
            return 1;
        }
        large = level > 1 && (e & PTE_PS);
        if (e & rsvd_bits64(emu, level, large)) {
            *fault = X86_PF_P | X86_PF_RSVD;
            return 1;
        }
        if ((e & PTE_XD) && (cpu->efer & X86_EFER_NXE)) {
            w->nx = true;
        }
        if (level == 1 || large) {
            uint64_t size_mask = (1ull << shift) - 1;

            *pa = (e & phys_mask(emu) & ~size_mask) | (la & size_mask);
            return 0;
        }
        table = e & phys_mask(emu) & PAGE_MASK;
    }
}

/* 32-bit paging (CR4.PAE = 0), with 4-MByte pages under CR4.PSE. */
static int walk32(struct x86_emu *emu, struct walk *w, uint64_t la,
                  uint64_t *pa, uint32_t *fault)
{
    const struct x86_cpu_state *cpu = emu->cpu;
    uint64_t pde, pte;
    int r;

    w->width = 4;
    r = read_entry(emu, w, (cpu->cr3 & 0xfffff000u) + ((la >> 22) & 1023) * 4,
                   &pde);
    if (r < 0) {
        return r;
    }
    if (!(pde & PTE_P)) {
        *fault = 0;
        return 1;
    }
    if ((pde & PTE_PS) && (cpu->cr4 & X86_CR4_PSE)) {
        /* PSE-36: PDE bits 20:13 are physical-address bits 39:32. */
        uint64_t hi = ((pde >> 13) & 0xff) << 32;
        uint64_t rsvd = 1ull << 21;

        if (hi & ~phys_mask(emu)) {
            rsvd = ~0ull;
        }
        if (pde & rsvd) {
            *fault = X86_PF_P | X86_PF_RSVD;
            return 1;
        }
        *pa = hi | (pde & 0xffc00000u) | (la & 0x3fffff);
        return 0;
    }
    r = read_entry(emu, w, (pde & 0xfffff000u) + ((la >> 12) & 1023) * 4,
                   &pte);
    if (r < 0) {
        return r;
    }
    if (!(pte & PTE_P)) {
        *fault = 0;
        return 1;
    }
    *pa = (pte & 0xfffff000u) | (la & 0xfff);
    return 0;
}

/* SDM 4.6: access rights of a translation for this access. */
static bool access_allowed(struct x86_emu *emu, const struct walk *w,
                           unsigned type, bool user, bool implicit)
{
    const struct x86_cpu_state *cpu = emu->cpu;

    if (type == X86_ACC_FETCH && w->nx) {
        return false;
    }
    if (user) {
        return w->user_ok && (type != X86_ACC_WRITE || w->write_ok);
    }
    if (type == X86_ACC_WRITE && !w->write_ok &&
        (cpu->cr0 & X86_CR0_WP_BIT)) {
        return false;
    }
    if (w->user_ok && type == X86_ACC_FETCH &&
        (cpu->cr4 & X86_CR4_SMEP)) {
        return false;
    }
    if (w->user_ok && type != X86_ACC_FETCH && (cpu->cr4 & X86_CR4_SMAP) &&
        (implicit || !(cpu->rflags & X86_FL_AC))) {
        return false;
    }
    return true;
}

int x86_mmu_translate(struct x86_emu *emu, uint64_t la, unsigned access,
                      uint64_t *gpa)
{
    const struct x86_cpu_state *cpu = emu->cpu;
    unsigned type = access & X86_ACC_TYPE_MASK;
    bool implicit = access & X86_ACC_IMPLICIT;
    bool user = !implicit && x86_cpl(cpu) == 3;
    struct walk w = { .user_ok = true, .write_ok = true };
    uint32_t fault = 0;
    uint64_t pa = 0;
    int r;

    if (!(cpu->cr0 & X86_CR0_PG_BIT)) {
        *gpa = la & 0xffffffffu;
        return 0;
    }
    if (cpu->cr4 & X86_CR4_PAE) {
        r = walk64(emu, &w, la, &pa, &fault);
    } else {
        r = walk32(emu, &w, la & 0xffffffffu, &pa, &fault);
    }
    if (r < 0) {
        return r;
    }
    if (r == 0 && !access_allowed(emu, &w, type, user, implicit)) {
        fault = X86_PF_P;
        r = 1;
    }
    if (r) {
        bool nx_paging = (cpu->cr4 & X86_CR4_PAE) &&
                         (cpu->efer & X86_EFER_NXE);

        fault |= type == X86_ACC_WRITE ? X86_PF_W : 0;
        fault |= user ? X86_PF_U : 0;
        if (type == X86_ACC_FETCH &&
            (nx_paging || (cpu->cr4 & X86_CR4_SMEP))) {
            fault |= X86_PF_I;
        }
        set_fault(emu, la, fault);
        return 1;
    }
    if (!(access & X86_ACC_NO_AD)) {
        r = set_accessed_dirty(emu, &w, type == X86_ACC_WRITE);
        if (r < 0) {
            return r;
        }
    }
    *gpa = pa;
    return 0;
}

bool x86_is_canonical(const struct x86_cpu_state *cpu, uint64_t la)
{
    unsigned bits = cpu->cr4 & X86_CR4_LA57 ? 57 : 48;
    int64_t s = (int64_t)(la << (64 - bits)) >> (64 - bits);

    return (uint64_t)s == la;
}

static int seg_fault(struct x86_emu *emu, enum x86_seg seg)
{
    emu->exc = (struct x86_exception){
        .vector = seg == X86_SEG_SS ? X86_EXC_SS : X86_EXC_GP,
        .has_error_code = true, .error_code = 0,
    };
    return 1;
}

/* Type and presence checks of a protected-mode data access (SDM 5.4). */
static bool seg_type_ok(const struct x86_segment *s, unsigned type)
{
    bool code = s->type & 8;

    if (s->unusable || !s->present || !s->s) {
        return false;
    }
    if (type == X86_ACC_WRITE) {
        return !code && (s->type & 2);
    }
    if (type == X86_ACC_READ && code) {
        return s->type & 2;       /* execute-only code is not readable */
    }
    return true;
}

static bool seg_limit_ok(const struct x86_segment *s, uint64_t offset,
                         unsigned size)
{
    uint64_t last = offset + size - 1;
    bool expand_down = s->s && !(s->type & 8) && (s->type & 4);

    if (expand_down) {
        uint64_t upper = s->db ? 0xffffffffull : 0xffffull;

        return offset > s->limit && last <= upper;
    }
    return last <= s->limit;
}

int x86_seg_linear(struct x86_emu *emu, enum x86_seg seg, uint64_t offset,
                   unsigned size, unsigned access, uint64_t *la)
{
    const struct x86_cpu_state *cpu = emu->cpu;
    const struct x86_segment *s = &cpu->seg[seg];
    uint64_t addr;

    if (x86_64bit_mode(cpu)) {
        addr = offset;
        if (seg == X86_SEG_FS || seg == X86_SEG_GS) {
            addr += s->base;
        }
        if (!x86_is_canonical(cpu, addr) ||
            !x86_is_canonical(cpu, addr + size - 1)) {
            return seg_fault(emu, seg);
        }
    } else {
        bool prot = !x86_real_mode(cpu) && !x86_v86_mode(cpu);
        unsigned type = access & X86_ACC_TYPE_MASK;

        if (prot && type != X86_ACC_FETCH && !seg_type_ok(s, type)) {
            return seg_fault(emu, seg);
        }
        if (!seg_limit_ok(s, offset, size)) {
            return seg_fault(emu, seg);
        }
        addr = (s->base + offset) & 0xffffffffu;
    }
    if ((cpu->cr0 & X86_CR0_AM_BIT) && (cpu->rflags & X86_FL_AC) &&
        x86_cpl(cpu) == 3 && size <= 8 && (size & (size - 1)) == 0 &&
        (addr & (size - 1))) {
        emu->exc = (struct x86_exception){
            .vector = X86_EXC_AC, .has_error_code = true, .error_code = 0,
        };
        return 1;
    }
    *la = addr;
    return 0;
}

static uint64_t linear_wrap(const struct x86_cpu_state *cpu, uint64_t la)
{
    return x86_long_mode(cpu) ? la : la & 0xffffffffu;
}

int x86_read_linear(struct x86_emu *emu, uint64_t la, void *buf,
                    unsigned size, unsigned access)
{
    uint8_t *p = buf;

    while (size) {
        unsigned chunk = MIN(size, PAGE_SIZE - (la & (PAGE_SIZE - 1)));
        uint64_t gpa;
        int r = x86_mmu_translate(emu, la, access, &gpa);

        if (r) {
            return r;
        }
        r = emu->ops->read_phys(emu->opaque, gpa, p, chunk);
        if (r < 0) {
            return r;
        }
        p += chunk;
        size -= chunk;
        la = linear_wrap(emu->cpu, la + chunk);
    }
    return 0;
}

int x86_write_linear(struct x86_emu *emu, uint64_t la, const void *buf,
                     unsigned size)
{
    struct {
        uint64_t gpa;
        unsigned len;
    } piece[(512 / PAGE_SIZE) + 2];
    const uint8_t *p = buf;
    unsigned n = 0;

    if (size > 512) {
        return -EINVAL;
    }
    /* Translate everything first: a #PF must leave memory untouched. */
    for (unsigned left = size; left; n++) {
        unsigned chunk = MIN(left, PAGE_SIZE - (la & (PAGE_SIZE - 1)));
        int r = x86_mmu_translate(emu, la, X86_ACC_WRITE, &piece[n].gpa);

        if (r) {
            return r;
        }
        piece[n].len = chunk;
        left -= chunk;
        la = linear_wrap(emu->cpu, la + chunk);
    }
    for (unsigned i = 0; i < n; i++) {
        int r = emu->ops->write_phys(emu->opaque, piece[i].gpa, p,
                                     piece[i].len);

        if (r < 0) {
            return r;
        }
        p += piece[i].len;
    }
    return 0;
}
