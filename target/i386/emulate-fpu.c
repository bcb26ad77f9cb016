/*
 * x87, MMX, SSE and AVX instructions.
 *
 * Arithmetic is executed by the host processor itself ("host-assisted"):
 * the guest instruction is re-encoded into a one-instruction stub whose
 * memory operand, if any, is [RDI] pointing at a buffer holding the guest
 * operand, and whose general-purpose register operands are RCX (ModRM.reg)
 * and RDX (ModRM.rm). The stub runs between a load of the guest's
 * x87/SSE/AVX image and a save of it (emulate-stub.S). This gives the
 * exact results, exception flags, x87 stack and tag behaviour of real
 * hardware for every form, which a software FPU would have to reproduce
 * bit for bit. It is safe because only the instruction forms listed here
 * are re-encoded, the encoding is rebuilt from decoded fields (never
 * copied), the only memory operand is the buffer, and:
 *   - SSE runs with all MXCSR exceptions masked; unmasked ones the guest
 *     would take are detected from the flags and raised as #XM (or #UD
 *     with CR4.OSXMMEXCPT = 0) with the destination unchanged;
 *   - x87 runs with the guest's control word: its exceptions are delayed
 *     to the next waiting instruction, and the stub wrapper only executes
 *     non-waiting ones afterwards. A waiting x87 instruction with FSW.ES
 *     set raises #MF here instead of executing.
 * The guest CPUID never offers more than the host has (KVM filters it).
 * Software paths: FWAIT, FNSTSW AX, LDMXCSR/STMXCSR, FXSAVE/FXRSTOR.
 */
#include "qemu/osdep.h"
#include "emulate-internal.h"

#include <sys/mman.h>

struct x86_stub_ctx {
    void *code;
    void *guest;
    void *host;
    void *buf;
    uint64_t rax, rcx, rdx;
    uint64_t rflags;
    uint64_t use_xsave;
};

void x86_stub_run(struct x86_stub_ctx *ctx);

#define XSAVE_AREA 4096
#define XSAVE_YMM_OFFSET 576     /* standard format, component 2 */
#define MXCSR_EXC_MASKS 0x1f80u
#define MXCSR_FLAGS 0x3fu
#define FSW_ES (1u << 7)

static bool host_ready;
static bool host_xsave;          /* XSAVE with x87|SSE|AVX enabled by OS */
static uint32_t host_mxcsr_mask = 0xffbf;
static GOnce host_once = G_ONCE_INIT;

/* Per thread: the stub page and the save areas. */
static __thread uint8_t *stub_page;
static __thread uint8_t *areas;  /* guest area, host area, buffer */

static gpointer host_probe(gpointer unused)
{
    uint32_t a, b, c, d;
    struct x86_fxsave fx __attribute__((aligned(16)));

    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
                     : "a"(1), "c"(0));
    if (c & (1u << 27)) {        /* OSXSAVE */
        uint32_t lo, hi;

        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        host_xsave = (lo & 7) == 7;
    }
    memset(&fx, 0, sizeof(fx));
    __asm__ volatile("fxsave64 %0" : "=m"(fx));
    if (fx.mxcsr_mask) {
        host_mxcsr_mask = fx.mxcsr_mask;
    }
    host_ready = true;
    return NULL;
}

static bool thread_ready(void)
{
    g_once(&host_once, host_probe, NULL);
    if (!stub_page) {
        void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

        if (p == MAP_FAILED) {
            return false;
        }
        stub_page = p;
    }
    if (!areas) {
        areas = aligned_alloc(64, 3 * XSAVE_AREA);
        if (!areas) {
            return false;
        }
        /* XSAVE leaves XCOMP_BV and the reserved header bytes alone, and
         * XRSTOR faults unless they are zero. */
        memset(areas, 0, 3 * XSAVE_AREA);
    }
    return true;
}

/* Forms that must not run as a stub (implicit memory, masked stores...). */
static bool stub_excluded(const struct x86_insn *insn)
{
    switch (insn->op) {
    case X86_OP_MASKMOVQ: case X86_OP_MASKMOVDQU:
    case X86_OP_VMASKMOVPS: case X86_OP_VMASKMOVPD:
    case X86_OP_VPMASKMOVD: case X86_OP_VPMASKMOVQ:
    case X86_OP_VPGATHERDD: case X86_OP_VPGATHERDQ:
    case X86_OP_VPGATHERQD: case X86_OP_VPGATHERQQ:
    case X86_OP_VGATHERDPS: case X86_OP_VGATHERDPD:
    case X86_OP_VGATHERQPS: case X86_OP_VGATHERQPD:
    case X86_OP_XSAVE: case X86_OP_XRSTOR: case X86_OP_XSAVEOPT:
    case X86_OP_XSAVEC: case X86_OP_XSAVES: case X86_OP_XRSTORS:
        return true;
    default:
        return false;
    }
}

static bool software_op(unsigned op)
{
    switch (op) {
    case X86_OP_FWAIT: case X86_OP_LDMXCSR: case X86_OP_STMXCSR:
    case X86_OP_FXSAVE: case X86_OP_FXRSTOR:
        return true;
    default:
        return false;
    }
}

bool emu_fpu_handles(const struct x86_insn *insn)
{
    if (software_op(insn->op)) {
        return true;
    }
    if (stub_excluded(insn) || insn->encoding == X86_ENC_EVEX ||
        insn->encoding == X86_ENC_3DNOW) {
        return false;
    }
    switch (insn->isa) {
    case X86_ISA_X87: case X86_ISA_MMX: case X86_ISA_SSE:
    case X86_ISA_SSE2: case X86_ISA_SSE3: case X86_ISA_SSSE3:
    case X86_ISA_SSE41: case X86_ISA_SSE42: case X86_ISA_AVX:
    case X86_ISA_AVX2: case X86_ISA_FMA: case X86_ISA_F16C:
    case X86_ISA_AES: case X86_ISA_PCLMUL:
        /* Integer ops the decoder files under SSE (MOVNTI...) are not ours. */
        return !emu_int_handles(insn->op) && !emu_sys_handles(insn->op);
    default:
        return false;
    }
}

static bool is_x87(const struct x86_insn *insn)
{
    return insn->isa == X86_ISA_X87 || insn->op == X86_OP_FWAIT;
}

/* x87 control instructions: no #MF check, FIP/FOP left alone. */
static bool x87_control(unsigned op)
{
    switch (op) {
    case X86_OP_FNINIT: case X86_OP_FNCLEX: case X86_OP_FLDCW:
    case X86_OP_FNSTCW: case X86_OP_FNSTSW: case X86_OP_FNSTENV:
    case X86_OP_FLDENV: case X86_OP_FNSAVE: case X86_OP_FRSTOR:
    case X86_OP_FNENI: case X86_OP_FNDISI: case X86_OP_FNSETPM:
        return true;
    default:
        return false;
    }
}

/* Instructions that set EFLAGS from their result. */
static bool writes_eflags(unsigned op)
{
    switch (op) {
    case X86_OP_COMISS: case X86_OP_COMISD: case X86_OP_UCOMISS:
    case X86_OP_UCOMISD: case X86_OP_PTEST: case X86_OP_VTESTPS:
    case X86_OP_VTESTPD: case X86_OP_PCMPESTRI: case X86_OP_PCMPESTRM:
    case X86_OP_PCMPISTRI: case X86_OP_PCMPISTRM: case X86_OP_FCOMI:
    case X86_OP_FCOMIP: case X86_OP_FUCOMI: case X86_OP_FUCOMIP:
        return true;
    default:
        return false;
    }
}

/* SSE forms whose ModRM.reg names a general-purpose register. */
static bool reg_field_is_gpr(const struct x86_insn *insn)
{
    switch (insn->op) {
    case X86_OP_CVTTSS2SI: case X86_OP_CVTTSD2SI: case X86_OP_CVTSS2SI:
    case X86_OP_CVTSD2SI: case X86_OP_MOVMSKPS: case X86_OP_MOVMSKPD:
    case X86_OP_PMOVMSKB:
        return true;
    case X86_OP_PEXTRW:
        return insn->map == X86_MAP_0F;      /* 0F C5; 0F3A 15 is r/m */
    default:
        return false;
    }
}

/* Legacy 16-byte memory operands that need no alignment. */
static bool unaligned_ok(const struct x86_insn *insn)
{
    switch (insn->op) {
    case X86_OP_MOVUPS: case X86_OP_MOVUPD: case X86_OP_MOVDQU:
    case X86_OP_LDDQU: case X86_OP_PCMPESTRI: case X86_OP_PCMPESTRM:
    case X86_OP_PCMPISTRI: case X86_OP_PCMPISTRM:
        return true;
    default:
        return false;
    }
}

/* VEX forms that still require an aligned operand. */
static bool vex_needs_align(unsigned op)
{
    switch (op) {
    case X86_OP_MOVAPS: case X86_OP_MOVAPD: case X86_OP_MOVDQA:
    case X86_OP_MOVNTPS: case X86_OP_MOVNTPD: case X86_OP_MOVNTDQ:
    case X86_OP_MOVNTDQA:
        return true;
    default:
        return false;
    }
}

/* Stores: the memory operand is written, never read. */
static bool is_store(const struct x86_insn *insn, int mem)
{
    if (mem != 0) {
        return false;
    }
    switch (insn->op) {
    case X86_OP_MOVUPS: case X86_OP_MOVUPD: case X86_OP_MOVAPS:
    case X86_OP_MOVAPD: case X86_OP_MOVDQA: case X86_OP_MOVDQU:
    case X86_OP_MOVSS: case X86_OP_MOVSD: case X86_OP_MOVLPS:
    case X86_OP_MOVHPS: case X86_OP_MOVLPD: case X86_OP_MOVHPD:
    case X86_OP_MOVNTPS: case X86_OP_MOVNTPD: case X86_OP_MOVNTDQ:
    case X86_OP_MOVNTQ: case X86_OP_MOVD: case X86_OP_MOVQ:
    case X86_OP_PEXTRW: case X86_OP_PEXTRB: case X86_OP_PEXTRD:
    case X86_OP_PEXTRQ: case X86_OP_EXTRACTPS: case X86_OP_VEXTRACTF128:
    case X86_OP_VEXTRACTI128: case X86_OP_VCVTPS2PH:
    case X86_OP_FST: case X86_OP_FSTP: case X86_OP_FIST: case X86_OP_FISTP:
    case X86_OP_FISTTP: case X86_OP_FBSTP: case X86_OP_FNSTCW:
    case X86_OP_FNSTSW: case X86_OP_FNSTENV: case X86_OP_FNSAVE:
        return true;
    default:
        return false;
    }
}

static int find_mem(const struct x86_insn *insn)
{
    for (int i = 0; i < insn->nops; i++) {
        if (insn->ops[i].kind == X86_OPND_MEM) {
            return i;
        }
    }
    return -1;
}

static int find_gpr(const struct x86_insn *insn)
{
    for (int i = 0; i < insn->nops; i++) {
        if (insn->ops[i].kind == X86_OPND_REG && !insn->ops[i].implicit &&
            insn->ops[i].reg.cls == X86_RC_GPR) {
            return i;
        }
    }
    return -1;
}

/* CR0/CR4/XCR0 conditions for using the x87/SSE/AVX unit (SDM 2.5, 13). */
static int check_unit(struct x86_emu *emu, const struct x86_insn *insn)
{
    const struct x86_cpu_state *cpu = emu->cpu;
    bool ts = cpu->cr0 & X86_CR0_TS_BIT, em = cpu->cr0 & X86_CR0_EM_BIT;

    if (insn->op == X86_OP_FWAIT) {
        return ts && (cpu->cr0 & X86_CR0_MP_BIT)
                   ? emu_raise(emu, X86_EXC_NM, false, 0) : 0;
    }
    if (is_x87(insn)) {
        return em || ts ? emu_raise(emu, X86_EXC_NM, false, 0) : 0;
    }
    if (insn->encoding == X86_ENC_VEX) {
        if (x86_emu_need_xcr(emu)) {
            return EMU_UNHANDLED;
        }
        if (!(cpu->cr4 & X86_CR4_OSXSAVE) ||
            (cpu->xcr0 & (X86_XCR0_SSE | X86_XCR0_AVX)) !=
                (X86_XCR0_SSE | X86_XCR0_AVX)) {
            return emu_ud(emu);
        }
        return ts ? emu_raise(emu, X86_EXC_NM, false, 0) : 0;
    }
    if (em) {
        return emu_ud(emu);
    }
    if (insn->isa != X86_ISA_MMX && !(cpu->cr4 & X86_CR4_OSFXSR)) {
        return emu_ud(emu);
    }
    return ts ? emu_raise(emu, X86_EXC_NM, false, 0) : 0;
}

static int load_fpu(struct x86_emu *emu)
{
    if (emu->cpu->valid & X86_VALID_FPU) {
        return 0;
    }
    if (!emu->ops->load_fpu || emu->ops->load_fpu(emu->opaque, emu->cpu)) {
        return emu_unhandled(emu, "the vCPU's x87/SSE state is not "
                             "available");
    }
    emu->cpu->valid |= X86_VALID_FPU;
    return 0;
}

/* Re-encode the instruction with [RDI] / RCX / RDX operands. */
static unsigned build_stub(const struct x86_insn *insn, bool mem,
                           bool reg_gpr, bool rm_gpr, uint8_t *p)
{
    bool is64 = insn->mode == X86_MODE_LONG64;
    unsigned reg = insn->modrm.reg | (is64 && insn->rex.r ? 8 : 0);
    unsigned rm = insn->modrm.rm | (is64 && insn->rex.b ? 8 : 0);
    uint8_t *start = p;

    if (reg_gpr) {
        reg = 1;                 /* RCX */
    }
    if (rm_gpr) {
        rm = 2;                  /* RDX */
    }
    if (insn->encoding == X86_ENC_VEX) {
        unsigned vvvv = insn->vex.vvvv & (is64 ? 15 : 7);
        bool w = insn->vex.w && (is64 || !rm_gpr);

        *p++ = 0xc4;
        *p++ = (reg & 8 ? 0 : 0x80) | 0x40 | (!mem && (rm & 8) ? 0 : 0x20) |
               (insn->map & 0x1f);
        *p++ = (w ? 0x80 : 0) | ((~vvvv & 15) << 3) | (insn->vex.l ? 4 : 0) |
               (insn->vex.pp & 3);
    } else {
        bool w = is64 && insn->rex.w;
        uint8_t rex = 0x40 | (w ? 8 : 0) | (reg & 8 ? 4 : 0) |
                      (!mem && (rm & 8) ? 1 : 0);

        /*
         * x87: the environment formats (FNSTENV/FLDENV/FNSAVE/FRSTOR)
         * follow the operand size, which in 16-bit code is 16 without a
         * 66 prefix and 32 with one; the stub runs in 64-bit mode.
         */
        if (is_x87(insn) ? insn->op_size == 2
                         : insn->prefix.opsize &&
                           insn->prefix.mandatory != X86_PFX_66) {
            *p++ = 0x66;
        }
        switch (insn->prefix.mandatory) {
        case X86_PFX_66:
            *p++ = 0x66;
            break;
        case X86_PFX_F3:
            *p++ = 0xf3;
            break;
        case X86_PFX_F2:
            *p++ = 0xf2;
            break;
        default:
            break;
        }
        if (rex != 0x40) {
            *p++ = rex;
        }
        if (insn->map != X86_MAP_PRIMARY) {
            *p++ = 0x0f;
        }
        if (insn->map == X86_MAP_0F38) {
            *p++ = 0x38;
        } else if (insn->map == X86_MAP_0F3A) {
            *p++ = 0x3a;
        }
    }
    *p++ = insn->opcode;
    if (insn->modrm.present) {
        *p++ = mem ? ((reg & 7) << 3) | 7
                   : 0xc0 | ((reg & 7) << 3) | (rm & 7);
    }
    for (int i = 0; i < insn->imm_count; i++) {
        for (int b = 0; b < insn->imm_size[i]; b++) {
            uint8_t v = insn->imm_raw[i] >> (8 * b);

            /* is4 register (imm8[7:4]): bit 7 is ignored outside
             * 64-bit mode, where only XMM0-7 exist. */
            if (!is64 && (insn->op == X86_OP_VBLENDVPS ||
                          insn->op == X86_OP_VBLENDVPD ||
                          insn->op == X86_OP_VPBLENDVB)) {
                v &= 0x7f;
            }
            *p++ = v;
        }
    }
    *p++ = 0xc3;                 /* ret */
    return p - start;
}

/* Copy the guest image to/from the stub's work area. */
static void image_in(const struct x86_cpu_state *cpu, uint8_t *area,
                     bool sse)
{
    struct x86_fxsave *fx = (struct x86_fxsave *)area;

    memset(area, 0, XSAVE_AREA);
    *fx = cpu->fx;
    fx->mxcsr &= host_mxcsr_mask;
    if (sse) {
        fx->mxcsr |= MXCSR_EXC_MASKS;
    }
    fx->mxcsr_mask = 0;
    if (host_xsave) {
        uint64_t bv = 7;

        memcpy(area + 512, &bv, 8);
        memcpy(area + XSAVE_YMM_OFFSET, cpu->ymmh, sizeof(cpu->ymmh));
    }
}

static void image_out(struct x86_cpu_state *cpu, uint8_t *area)
{
    struct x86_fxsave *fx = (struct x86_fxsave *)area;
    uint32_t mask = cpu->fx.mxcsr_mask;

    if (host_xsave) {
        uint64_t bv;

        memcpy(&bv, area + 512, 8);
        if (!(bv & 1)) {         /* x87 in its initial configuration */
            uint32_t mxcsr = fx->mxcsr;

            memset(fx, 0, 160);
            fx->fcw = 0x37f;
            fx->mxcsr = mxcsr;
        }
        if (!(bv & 2)) {
            memset(fx->xmm, 0, sizeof(fx->xmm));
        }
        if (bv & 4) {
            memcpy(cpu->ymmh, area + XSAVE_YMM_OFFSET, sizeof(cpu->ymmh));
        } else {
            memset(cpu->ymmh, 0, sizeof(cpu->ymmh));
        }
    }
    fx->mxcsr_mask = mask;
    memcpy(&cpu->fx, fx, sizeof(cpu->fx));
    cpu->dirty |= X86_DIRTY_FPU;
}

/* MXCSR after an SSE stub; 1 = an unmasked exception must be raised. */
static int sse_exceptions(struct x86_emu *emu, uint32_t guest_mxcsr,
                          uint32_t after)
{
    uint32_t raised = after & MXCSR_FLAGS;
    uint32_t unmasked = raised & ~(guest_mxcsr >> 7) & MXCSR_FLAGS;

    if (!unmasked) {
        return 0;
    }
    emu->cpu->fx.mxcsr = guest_mxcsr | raised;
    emu->cpu->dirty |= X86_DIRTY_FPU;
    if (emu->cpu->cr4 & X86_CR4_OSXMMEXCPT) {
        return emu_raise(emu, X86_EXC_XM, false, 0);
    }
    return emu_ud(emu);
}

static int mem_operand(struct x86_emu *emu, const struct x86_insn *insn,
                       int mem, uint64_t *la)
{
    const struct x86_operand *o = &insn->ops[mem];
    unsigned size = o->size;
    unsigned access = is_store(insn, mem) ? X86_ACC_WRITE : X86_ACC_READ;
    unsigned align = 0;
    int r;

    if (size == 0 || size > 512) {
        return emu_unhandled(emu, "%s with a %u-byte memory operand",
                             emu->mnemonic, size);
    }
    r = x86_seg_linear(emu, o->mem.seg, emu_ea(emu, insn, o), size, access,
                       la);
    if (r) {
        return r;
    }
    if (insn->encoding == X86_ENC_VEX) {
        align = vex_needs_align(insn->op) ? size : 0;
    } else if (!is_x87(insn) && size == 16 && !unaligned_ok(insn)) {
        align = 16;
    }
    if (align && (*la & (align - 1))) {
        return emu_gp0(emu);
    }
    return 0;
}

static void x87_last_insn(struct x86_emu *emu, const struct x86_insn *insn,
                          struct x86_fxsave *fx, int mem)
{
    fx->fop = ((insn->opcode & 7) << 8) | insn->modrm.raw;
    fx->fip = emu->cpu->rip;
    if (mem >= 0) {
        fx->fdp = emu_ea(emu, insn, &insn->ops[mem]);
    }
}

static int exec_stub(struct x86_emu *emu, const struct x86_insn *insn)
{
    bool sse = !is_x87(insn) && insn->isa != X86_ISA_MMX;
    int mem = find_mem(insn);
    int gpr = find_gpr(insn);
    bool reg_gpr = gpr >= 0 && reg_field_is_gpr(insn);
    bool rm_gpr = gpr >= 0 && !reg_gpr && mem < 0;
    bool store = mem >= 0 && is_store(insn, mem);
    struct x86_stub_ctx ctx;
    uint8_t *guest = areas, *buf = areas + 2 * XSAVE_AREA;
    uint64_t la = 0;
    int r;

    if (insn->encoding == X86_ENC_VEX && !host_xsave) {
        return emu_unhandled(emu, "%s needs XSAVE on the host",
                             emu->mnemonic);
    }
    if (is_x87(insn) && !x87_control(insn->op) &&
        (emu->cpu->fx.fsw & FSW_ES)) {
        if (!(emu->cpu->cr0 & X86_CR0_NE_BIT)) {
            return emu_unhandled(emu, "pending x87 exception with CR0.NE=0 "
                                 "(FERR# reporting) is not supported");
        }
        return emu_raise(emu, X86_EXC_MF, false, 0);
    }
    memset(buf, 0, 1024);
    if (mem >= 0) {
        r = mem_operand(emu, insn, mem, &la);
        if (r == 0 && !store) {
            r = emu_mem_status(emu, x86_read_linear(emu, la, buf,
                                                    insn->ops[mem].size,
                                                    X86_ACC_READ), la);
        }
        if (r) {
            return r;
        }
    }
    image_in(emu->cpu, guest, sse);
    ctx = (struct x86_stub_ctx){
        .code = stub_page, .guest = guest, .host = areas + XSAVE_AREA,
        .buf = buf, .rax = emu->cpu->gpr[X86_RAX],
        .rcx = reg_gpr ? emu->cpu->gpr[insn->ops[gpr].reg.num]
                       : emu->cpu->gpr[X86_RCX],
        .rdx = rm_gpr ? emu->cpu->gpr[insn->ops[gpr].reg.num]
                      : emu->cpu->gpr[X86_RDX],
        .rflags = emu->cpu->rflags, .use_xsave = host_xsave,
    };
    build_stub(insn, mem >= 0, reg_gpr, rm_gpr, stub_page);
    x86_stub_run(&ctx);
    if (sse) {
        uint32_t after = ((struct x86_fxsave *)guest)->mxcsr;

        r = sse_exceptions(emu, emu->cpu->fx.mxcsr, after);
        if (r) {
            return r;
        }
        ((struct x86_fxsave *)guest)->mxcsr =
            emu->cpu->fx.mxcsr | (after & MXCSR_FLAGS);
    } else if (is_x87(insn) && !x87_control(insn->op)) {
        x87_last_insn(emu, insn, (struct x86_fxsave *)guest, mem);
    }
    if (store) {
        r = x86_write_linear(emu, la, buf, insn->ops[mem].size);
        if (r) {
            return emu_mem_status(emu, r, la);
        }
    }
    if (insn->mode != X86_MODE_LONG64) {
        /*
         * XMM8-15 and their upper halves do not exist outside 64-bit
         * mode; the stub runs in 64-bit mode, where VZEROUPPER/VZEROALL
         * clear them. Keep the guest's (a 64-bit kernel sees them).
         */
        struct x86_fxsave *fx = (struct x86_fxsave *)guest;

        if (host_xsave) {
            uint64_t bv;

            /* A component in its initial state was not written: make
             * it explicit before merging. */
            memcpy(&bv, guest + 512, 8);
            if (!(bv & 2)) {
                memset(fx->xmm, 0, sizeof(fx->xmm));
            }
            if (!(bv & 4)) {
                memset(guest + XSAVE_YMM_OFFSET, 0, sizeof(emu->cpu->ymmh));
            }
            bv |= 6;
            memcpy(guest + 512, &bv, 8);
            memcpy(guest + XSAVE_YMM_OFFSET + 8 * 16, emu->cpu->ymmh[8],
                   8 * 16);
        }
        memcpy(fx->xmm[8], emu->cpu->fx.xmm[8], 8 * 16);
    }
    image_out(emu->cpu, guest);
    if (gpr >= 0 && gpr == 0) {
        emu_set_gpr(emu, insn->ops[0].reg.num, insn->ops[0].size, false,
                    reg_gpr ? ctx.rcx : ctx.rdx);
    }
    if (insn->op == X86_OP_PCMPESTRI || insn->op == X86_OP_PCMPISTRI) {
        emu_set_gpr(emu, X86_RCX, 4, false, ctx.rcx);
    }
    if (writes_eflags(insn->op)) {
        emu_set_flags(emu, ctx.rflags, X86_FL_ARITH);
    }
    return 0;
}

/* FXSAVE/FXRSTOR: XMM8-15 only in 64-bit mode (SDM Vol. 2 FXSAVE). */
static int exec_fxsave(struct x86_emu *emu, const struct x86_insn *insn)
{
    unsigned size = insn->mode == X86_MODE_LONG64 ? 416 : 288;
    struct x86_fxsave img;
    uint64_t la;
    int mem = find_mem(insn);
    int r;

    if (mem < 0) {
        return emu_ud(emu);
    }
    r = x86_seg_linear(emu, insn->ops[mem].mem.seg,
                       emu_ea(emu, insn, &insn->ops[mem]), 512,
                       insn->op == X86_OP_FXSAVE ? X86_ACC_WRITE
                                                 : X86_ACC_READ, &la);
    if (r) {
        return r;
    }
    if (la & 15) {
        return emu_gp0(emu);
    }
    if (insn->op == X86_OP_FXSAVE) {
        img = emu->cpu->fx;
        img.mxcsr_mask = host_mxcsr_mask;
        r = x86_write_linear(emu, la, &img, size);
        return emu_mem_status(emu, r, la);
    }
    img = emu->cpu->fx;
    r = x86_read_linear(emu, la, &img, size, X86_ACC_READ);
    if (r) {
        return emu_mem_status(emu, r, la);
    }
    if (img.mxcsr & ~host_mxcsr_mask) {
        return emu_gp0(emu);
    }
    img.mxcsr_mask = emu->cpu->fx.mxcsr_mask;
    emu->cpu->fx = img;
    emu->cpu->dirty |= X86_DIRTY_FPU;
    return 0;
}

static int exec_software(struct x86_emu *emu, const struct x86_insn *insn)
{
    struct x86_cpu_state *cpu = emu->cpu;
    int mem = find_mem(insn);
    uint64_t v = 0;
    int r;

    switch (insn->op) {
    case X86_OP_FWAIT:
        if (cpu->fx.fsw & FSW_ES) {
            return emu_raise(emu, X86_EXC_MF, false, 0);
        }
        return 0;
    case X86_OP_LDMXCSR:
        r = emu_read_op(emu, insn, &insn->ops[mem < 0 ? 0 : mem], &v);
        if (r) {
            return r;
        }
        if (v & ~(uint64_t)host_mxcsr_mask) {
            return emu_gp0(emu);
        }
        cpu->fx.mxcsr = v;
        cpu->dirty |= X86_DIRTY_FPU;
        return 0;
    case X86_OP_STMXCSR:
        return emu_write_op(emu, insn, &insn->ops[mem < 0 ? 0 : mem],
                            cpu->fx.mxcsr);
    default:
        return exec_fxsave(emu, insn);
    }
}

int emu_exec_fpu(struct x86_emu *emu, const struct x86_insn *insn)
{
    int r;

    /*
     * VEX.W1 VPEXTRQ/VPINSRQ outside 64-bit mode: the SDM says W is
     * ignored there (the decoder gives VPEXTRD/VPINSRD); AMD processors
     * raise #UD instead (seen on an EPYC host by the oracle test).
     */
    if (insn->encoding == X86_ENC_VEX && insn->vex.w &&
        insn->mode != X86_MODE_LONG64 && emu->features &&
        emu->features->vendor_amd &&
        (insn->op == X86_OP_PEXTRD || insn->op == X86_OP_PINSRD)) {
        return emu_ud(emu);
    }
    r = check_unit(emu, insn);

    if (r == 0) {
        r = load_fpu(emu);
    }
    if (r) {
        return r;
    }
    if (software_op(insn->op)) {
        return exec_software(emu, insn);
    }
    /* FNSTSW AX: the one x87 form with a general-purpose destination. */
    if (insn->op == X86_OP_FNSTSW && find_mem(insn) < 0) {
        emu_set_gpr(emu, X86_RAX, 2, false, emu->cpu->fx.fsw);
        return 0;
    }
    if (!thread_ready()) {
        return emu_unhandled(emu, "%s: no executable stub page (mmap "
                             "failed)", emu->mnemonic);
    }
    return exec_stub(emu, insn);
}
