/*
 * Control and debug registers: MOV to/from CR0/CR2/CR3/CR4/CR8 and
 * DR0-DR7, CLTS, LMSW, SMSW (SDM Vol. 2 "MOV—Move to/from Control
 * Registers", "MOV—Move to/from Debug Registers"; Vol. 3 2.5 for the
 * register layouts, 4.4.1 for PAE PDPTE loading, 10.8.5 for entering
 * and leaving IA-32e mode, 18.2 for the debug registers).
 *
 * The checks are at least as strict as KVM's (arch/x86/kvm/x86.c
 * kvm_set_cr0/cr3/cr4 and KVM_SET_SREGS's validity rules): a value the
 * emulator accepts goes back to KVM through the sregs, which would
 * otherwise refuse it at the next KVM_RUN. Privilege comes first (#GP),
 * then the register-specific #UD and #DB (as KVM orders them).
 */
#include "qemu/osdep.h"
#include "emulate-internal.h"

#define CR4_VME         (1ull << 0)
#define CR4_PVI         (1ull << 1)
#define CR4_TSD         (1ull << 2)
#define CR4_DE          (1ull << 3)
#define CR4_MCE         (1ull << 6)
#define CR4_PGE         (1ull << 7)
#define CR4_PCE         (1ull << 8)
#define CR4_UMIP        (1ull << 11)
#define CR4_VMXE        (1ull << 13)
#define CR4_SMXE        (1ull << 14)
#define CR4_FSGSBASE    (1ull << 16)
#define CR4_PCIDE       (1ull << 17)
#define CR4_PKE         (1ull << 22)
#define CR4_CET         (1ull << 23)
/* CR4 bits whose change reloads the PDPTEs under PAE paging. */
#define CR4_PDPTR_BITS  (CR4_PGE | X86_CR4_PSE | X86_CR4_PAE | X86_CR4_SMEP)

/* CR0 bits that exist; writes to the others in bits 31:0 are ignored. */
#define CR0_DEFINED (X86_CR0_PE_BIT | X86_CR0_MP_BIT | X86_CR0_EM_BIT | \
                     X86_CR0_TS_BIT | X86_CR0_ET_BIT | X86_CR0_NE_BIT | \
                     X86_CR0_WP_BIT | X86_CR0_AM_BIT | X86_CR0_NW_BIT | \
                     X86_CR0_CD_BIT | X86_CR0_PG_BIT)

#define CR3_PCID_MASK   0xfffull
#define CR3_NOFLUSH     (1ull << 63)

#define DR6_BD          (1u << 13)
#define DR6_BS          (1u << 14)
#define DR6_FIXED_1     0xfffe0ff0u     /* bits 4-10 (12, 17-31) read 1 */
#define DR6_BLD         (1u << 11)      /* active low; 1 without BLD */
#define DR6_RTM         (1u << 16)      /* active low; 1 without RTM */
#define DR6_VOLATILE    0x0000e00fu     /* B0-B3, BD, BS, BT */
#define DR7_GD          (1u << 13)
#define DR7_FIXED_1     0x400u
#define DR7_VOLATILE    0xffff2bffu
#define F7_EBX_FSGSBASE (1u << 0)
#define F7_EBX_SMEP     (1u << 7)
#define F7_EBX_RTM      (1u << 11)
#define F7_EBX_SMAP     (1u << 20)
#define F7_ECX_UMIP     (1u << 2)
#define F7_ECX_PKU      (1u << 3)
#define F7_ECX_CET_SS   (1u << 7)
#define F7_ECX_LA57     (1u << 16)
#define F7_ECX_BLD      (1u << 24)
#define F1_ECX_VMX      (1u << 5)
#define F1_ECX_SMX      (1u << 6)
#define F1_ECX_PCID     (1u << 17)

/* CR4 bits the guest's CPUID lets software set (SDM Vol. 3 2.5). */
static uint64_t cr4_valid_bits(const struct x86_emu_features *f)
{
    uint64_t v = CR4_VME | CR4_PVI | CR4_TSD | CR4_DE | X86_CR4_PSE |
                 X86_CR4_PAE | CR4_MCE | CR4_PGE | CR4_PCE |
                 X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
    const struct {
        const uint32_t *word;
        uint32_t bit;
        uint64_t cr4;
    } gated[] = {
        { &f->leaf7_ecx, F7_ECX_UMIP, CR4_UMIP },
        { &f->leaf7_ecx, F7_ECX_LA57, X86_CR4_LA57 },
        { &f->leaf1_ecx, F1_ECX_VMX, CR4_VMXE },
        { &f->leaf1_ecx, F1_ECX_SMX, CR4_SMXE },
        { &f->leaf7_ebx, F7_EBX_FSGSBASE, CR4_FSGSBASE },
        { &f->leaf1_ecx, F1_ECX_PCID, CR4_PCIDE },
        { &f->leaf1_ecx, X86_F1_ECX_XSAVE, X86_CR4_OSXSAVE },
        { &f->leaf7_ebx, F7_EBX_SMEP, X86_CR4_SMEP },
        { &f->leaf7_ebx, F7_EBX_SMAP, X86_CR4_SMAP },
        { &f->leaf7_ecx, F7_ECX_PKU, CR4_PKE },
        { &f->leaf7_ecx, F7_ECX_CET_SS, CR4_CET },
    };

    for (size_t i = 0; i < ARRAY_SIZE(gated); i++) {
        if (*gated[i].word & gated[i].bit) {
            v |= gated[i].cr4;
        }
    }
    return v;
}

static uint64_t phys_mask(const struct x86_emu *emu)
{
    unsigned m = emu->features->maxphyaddr ? emu->features->maxphyaddr : 36;

    return m >= 52 ? (1ull << 52) - 1 : (1ull << m) - 1;
}

/*
 * PAE paging outside long mode loads the four PDPTEs when CR3 is written
 * or the paging mode changes (SDM 4.4.1): a present one with reserved
 * bits set is #GP(0).
 */
static int check_pdptes(struct x86_emu *emu, uint64_t cr3)
{
    uint64_t rsvd = (~phys_mask(emu) & ~0xfffull) | 0x1e6;

    for (int i = 0; i < 4; i++) {
        uint64_t gpa = (cr3 & 0xffffffe0u) + i * 8, e = 0;
        int r = emu->ops->read_phys(emu->opaque, gpa, &e, 8);

        if (r < 0) {
            return emu_mem_status(emu, r, gpa);
        }
        if ((e & 1) && (e & rsvd)) {
            return emu_gp0(emu);
        }
    }
    return 0;
}

static bool pae_paging(uint64_t cr0, uint64_t cr4, uint64_t efer)
{
    return (cr0 & X86_CR0_PG_BIT) && (cr4 & X86_CR4_PAE) &&
           !(efer & X86_EFER_LMA_BIT);
}

static void set_sreg_field(struct x86_emu *emu, uint64_t *field,
                           uint64_t v)
{
    if (*field != v) {
        *field = v;
        emu->cpu->dirty |= X86_DIRTY_SREGS;
    }
}

static int write_cr0(struct x86_emu *emu, uint64_t v)
{
    struct x86_cpu_state *cpu = emu->cpu;
    uint64_t old = cpu->cr0, efer = cpu->efer;
    bool pg_on = (v & X86_CR0_PG_BIT) && !(old & X86_CR0_PG_BIT);

    if (v >> 32) {
        return emu_gp0(emu);
    }
    v = (v & CR0_DEFINED) | X86_CR0_ET_BIT;
    if (((v & X86_CR0_NW_BIT) && !(v & X86_CR0_CD_BIT)) ||
        ((v & X86_CR0_PG_BIT) && !(v & X86_CR0_PE_BIT))) {
        return emu_gp0(emu);
    }
    if (!(v & X86_CR0_PG_BIT) &&
        ((cpu->cr4 & CR4_PCIDE) || x86_64bit_mode(cpu))) {
        return emu_gp0(emu);
    }
    if (!(v & X86_CR0_WP_BIT) && (cpu->cr4 & CR4_CET)) {
        return emu_gp0(emu);
    }
    if (pg_on && (efer & X86_EFER_LME)) {
        /* Activating IA-32e mode needs PAE and a CS without L. */
        if (!(cpu->cr4 & X86_CR4_PAE) || cpu->seg[X86_SEG_CS].l) {
            return emu_gp0(emu);
        }
        efer |= X86_EFER_LMA_BIT;
    } else if (!(v & X86_CR0_PG_BIT)) {
        efer &= ~X86_EFER_LMA_BIT;     /* leaving IA-32e mode */
    }
    if (pg_on && pae_paging(v, cpu->cr4, efer)) {
        int r = check_pdptes(emu, cpu->cr3);

        if (r) {
            return r;
        }
    }
    set_sreg_field(emu, &cpu->cr0, v);
    set_sreg_field(emu, &cpu->efer, efer);
    return 0;
}

static int write_cr3(struct x86_emu *emu, uint64_t v)
{
    struct x86_cpu_state *cpu = emu->cpu;

    if (x86_long_mode(cpu)) {
        /* Bit 63 with CR4.PCIDE: keep the TLB; it is not stored. */
        if (cpu->cr4 & CR4_PCIDE) {
            v &= ~CR3_NOFLUSH;
        }
        if (v & ~phys_mask(emu)) {
            return emu_gp0(emu);
        }
    } else if (pae_paging(cpu->cr0, cpu->cr4, cpu->efer)) {
        int r = check_pdptes(emu, v);

        if (r) {
            return r;
        }
    }
    set_sreg_field(emu, &cpu->cr3, v);
    return 0;
}

static int write_cr4(struct x86_emu *emu, uint64_t v)
{
    struct x86_cpu_state *cpu = emu->cpu;
    uint64_t old = cpu->cr4;

    if (v & ~cr4_valid_bits(emu->features)) {
        return emu_gp0(emu);
    }
    if (x86_long_mode(cpu) &&
        (!(v & X86_CR4_PAE) || ((v ^ old) & X86_CR4_LA57))) {
        return emu_gp0(emu);
    }
    if ((v & CR4_PCIDE) && !(old & CR4_PCIDE) &&
        (!x86_long_mode(cpu) || (cpu->cr3 & CR3_PCID_MASK))) {
        return emu_gp0(emu);
    }
    if ((v & CR4_CET) && !(cpu->cr0 & X86_CR0_WP_BIT)) {
        return emu_gp0(emu);
    }
    if (((v ^ old) & CR4_PDPTR_BITS) &&
        pae_paging(cpu->cr0, v, cpu->efer)) {
        int r = check_pdptes(emu, cpu->cr3);

        if (r) {
            return r;
        }
    }
    set_sreg_field(emu, &cpu->cr4, v);
    return 0;
}

static int exec_mov_cr(struct x86_emu *emu, const struct x86_insn *insn)
{
    const struct x86_operand *dst = &insn->ops[0], *src = &insn->ops[1];
    struct x86_cpu_state *cpu = emu->cpu;
    bool to_cr = dst->reg.cls == X86_RC_CR;
    unsigned n = to_cr ? dst->reg.num : src->reg.num;
    uint64_t *reg[9] = {
        [0] = &cpu->cr0, [2] = &cpu->cr2, [3] = &cpu->cr3, [4] = &cpu->cr4,
        [8] = &cpu->cr8,
    };
    uint64_t v;

    if (x86_cpl(cpu) != 0) {
        return emu_gp0(emu);
    }
    if (!to_cr) {
        v = *reg[n];
        emu_set_gpr(emu, dst->reg.num, dst->size, false, v);
        return 0;
    }
    v = emu_get_gpr(emu, src->reg.num, src->size, false);
    switch (n) {
    case 0:
        return write_cr0(emu, v);
    case 2:
        set_sreg_field(emu, &cpu->cr2, v);
        return 0;
    case 3:
        return write_cr3(emu, v);
    case 4:
        return write_cr4(emu, v);
    default:
        /* CR8: the task-priority class; bits 63:4 are reserved. */
        if (v & ~0xfull) {
            return emu_gp0(emu);
        }
        set_sreg_field(emu, &cpu->cr8, v);
        return 0;
    }
}

int emu_need_dr(struct x86_emu *emu)
{
    struct x86_cpu_state *cpu = emu->cpu;

    if (cpu->valid & X86_VALID_DR) {
        return 0;
    }
    if (!emu->ops->load_dr) {
        memset(cpu->dr, 0, sizeof(cpu->dr));
        cpu->dr[6] = 0xffff0ff0;
        cpu->dr[7] = DR7_FIXED_1;
    } else if (emu->ops->load_dr(emu->opaque, cpu)) {
        return emu_unhandled(emu, "debug registers of the vCPU are not "
                             "available");
    }
    cpu->valid |= X86_VALID_DR;
    return 0;
}

/* DR6 as stored: the fixed ones, BLD/RTM read 1 when not offered. */
static uint64_t dr6_value(const struct x86_emu *emu, uint64_t v)
{
    uint64_t fixed = DR6_FIXED_1, vol = DR6_VOLATILE;

    if (emu->features->leaf7_ebx & F7_EBX_RTM) {
        vol |= DR6_RTM;
    } else {
        fixed |= DR6_RTM;
    }
    if (emu->features->leaf7_ecx & F7_ECX_BLD) {
        vol |= DR6_BLD;
    } else {
        fixed |= DR6_BLD;
    }
    return (v & vol) | fixed;
}

void emu_set_dr6_bs(struct x86_emu *emu)
{
    struct x86_cpu_state *cpu = emu->cpu;

    cpu->dr[6] = dr6_value(emu, cpu->dr[6] | DR6_BS);
    cpu->dirty |= X86_DIRTY_DR;
}

static int exec_mov_dr(struct x86_emu *emu, const struct x86_insn *insn)
{
    const struct x86_operand *dst = &insn->ops[0], *src = &insn->ops[1];
    struct x86_cpu_state *cpu = emu->cpu;
    bool to_dr = dst->reg.cls == X86_RC_DR;
    unsigned n = to_dr ? dst->reg.num : src->reg.num;
    uint64_t v;
    int r;

    if (x86_cpl(cpu) != 0) {
        return emu_gp0(emu);
    }
    if (n == 4 || n == 5) {
        /* Aliases of DR6/DR7 unless CR4.DE makes them reserved. */
        if (cpu->cr4 & CR4_DE) {
            return emu_ud(emu);
        }
        n += 2;
    }
    r = emu_need_dr(emu);
    if (r) {
        return r;
    }
    if (cpu->dr[7] & DR7_GD) {
        /* General detect: #DB before the access, DR6.BD set, GD cleared. */
        cpu->dr[6] = dr6_value(emu, cpu->dr[6] | DR6_BD);
        cpu->dr[7] &= ~(uint64_t)DR7_GD;
        cpu->dirty |= X86_DIRTY_DR;
        return emu_raise(emu, X86_EXC_DB, false, 0);
    }
    if (!to_dr) {
        emu_set_gpr(emu, dst->reg.num, dst->size, false, cpu->dr[n]);
        return 0;
    }
    v = emu_get_gpr(emu, src->reg.num, src->size, false);
    if (n >= 6 && (v >> 32)) {
        return emu_gp0(emu);
    }
    if (n == 6) {
        v = dr6_value(emu, v);
    } else if (n == 7) {
        v = (v & DR7_VOLATILE) | DR7_FIXED_1;
    }
    cpu->dr[n] = v;
    cpu->dirty |= X86_DIRTY_DR;
    return 0;
}

/* LMSW loads PE, MP, EM, TS; it can set PE but never clear it. */
static int exec_lmsw(struct x86_emu *emu, const struct x86_insn *insn)
{
    uint64_t v, cr0 = emu->cpu->cr0;
    int r;

    if (x86_cpl(emu->cpu) != 0) {
        return emu_gp0(emu);
    }
    r = emu_read_op(emu, insn, &insn->ops[0], &v);
    if (r) {
        return r;
    }
    cr0 = (cr0 & ~0xeull) | (v & 0xf) | (cr0 & X86_CR0_PE_BIT);
    return write_cr0(emu, cr0);
}

/* SMSW: CR0 (the low word for a memory operand); UMIP stops CPL > 0. */
static int exec_smsw(struct x86_emu *emu, const struct x86_insn *insn)
{
    const struct x86_operand *o = &insn->ops[0];

    if ((emu->cpu->cr4 & CR4_UMIP) && x86_cpl(emu->cpu) > 0) {
        return emu_gp0(emu);
    }
    return emu_write_op(emu, insn, o, emu->cpu->cr0 & size_mask(o->size));
}

bool emu_cr_handles(unsigned op)
{
    switch (op) {
    case X86_OP_MOV_CR: case X86_OP_MOV_DR: case X86_OP_CLTS:
    case X86_OP_LMSW: case X86_OP_SMSW:
        return true;
    default:
        return false;
    }
}

int emu_exec_cr(struct x86_emu *emu, const struct x86_insn *insn)
{
    switch (insn->op) {
    case X86_OP_MOV_CR:
        return exec_mov_cr(emu, insn);
    case X86_OP_MOV_DR:
        return exec_mov_dr(emu, insn);
    case X86_OP_CLTS:
        if (x86_cpl(emu->cpu) != 0) {
            return emu_gp0(emu);
        }
        set_sreg_field(emu, &emu->cpu->cr0,
                       emu->cpu->cr0 & ~X86_CR0_TS_BIT);
        return 0;
    case X86_OP_LMSW:
        return exec_lmsw(emu, insn);
    default:
        return exec_smsw(emu, insn);
    }
}
