/*
 * The x86 instruction emulator: contract between the emulator core
 * (target/i386/emulate*.c, mmu.c) and its users (the KVM emulation-exit
 * handler, the software CPU, unit tests, fuzzers).
 *
 * Flow: the caller hands over instruction bytes (or lets the emulator
 * fetch them through the page walk), x86_decode() turns them into a
 * decoded instruction, x86_emulate_insn() executes it against a
 * struct x86_cpu_state. Every guest-visible effect goes through the
 * callbacks below:
 *   - guest-physical memory (RAM or MMIO) in pieces of 1..16 bytes that
 *     never cross a page; linear -> physical translation is done by the
 *     emulator itself (mmu.c) with the architectural fault codes;
 *   - port I/O, MSRs, CPUID, the TSC;
 *   - x87/SSE/AVX state, fetched only when an instruction needs it.
 * Results:
 *   X86_EMU_OK          executed; RIP advanced; dirty bits say what changed
 *                       (and emu->single_step may ask for a #DB trap)
 *   X86_EMU_EXCEPTION   an exception must be delivered (emu->exc); the
 *                       instruction had no architectural effect, except
 *                       completed iterations of a REP string instruction
 *   X86_EMU_RETRY       a REP string instruction stopped early (bounded
 *                       work per call); RIP unchanged, counts updated
 *   X86_EMU_UNHANDLED   valid but not implemented, or an access the
 *                       caller refused; emu->message says which. The
 *                       caller stops the VM: nothing was changed.
 */
#ifndef TARGET_I386_EMULATE_H
#define TARGET_I386_EMULATE_H

#include "qemu/osdep.h"
#include "target/i386/x86-state.h"

/* Exception vectors (#UD and #GP come from decode.h). */
#define X86_EXC_DE  0
#define X86_EXC_DB  1
#define X86_EXC_BP  3
#define X86_EXC_BR  5
#define X86_EXC_NM  7
#define X86_EXC_TS  10
#define X86_EXC_NP  11
#define X86_EXC_SS  12
#define X86_EXC_PF  14
#define X86_EXC_MF  16
#define X86_EXC_AC  17
#define X86_EXC_XM  19

/* #PF error-code bits (SDM Vol. 3 4.7). */
#define X86_PF_P     (1u << 0)   /* protection violation (else not present) */
#define X86_PF_W     (1u << 1)   /* write access */
#define X86_PF_U     (1u << 2)   /* user-mode access */
#define X86_PF_RSVD  (1u << 3)   /* reserved bit set in a paging entry */
#define X86_PF_I     (1u << 4)   /* instruction fetch */

struct x86_exception {
    uint8_t vector;
    bool has_error_code;
    uint32_t error_code;
    uint64_t cr2;            /* #PF only */
};

enum x86_emu_result {
    X86_EMU_OK,
    X86_EMU_EXCEPTION,
    X86_EMU_RETRY,
    X86_EMU_UNHANDLED,
};

/* Return codes of the memory callbacks besides 0. */
#define X86_MEM_UNHANDLED (-EPERM)   /* refuse: e.g. an in-kernel device */

struct x86_emu_ops {
    /* Guest-physical access of len (1..32) bytes within one page. */
    int (*read_phys)(void *opaque, uint64_t gpa, void *buf, unsigned len);
    int (*write_phys)(void *opaque, uint64_t gpa, const void *buf,
                      unsigned len);
    /*
     * LOCKed read-modify-write: if memory equals *old (len 1..16), store
     * *new and return 1; else copy memory into *old and return 0.
     * NULL: read, compare and write without atomicity.
     */
    int (*cmpxchg_phys)(void *opaque, uint64_t gpa, void *old,
                        const void *new, unsigned len);
    /* Port I/O of 1, 2 or 4 bytes; 0 or X86_MEM_UNHANDLED. */
    int (*io_read)(void *opaque, uint16_t port, unsigned size,
                   uint32_t *val);
    int (*io_write)(void *opaque, uint16_t port, unsigned size,
                    uint32_t val);
    /* 0, or -EINVAL for an MSR the CPU does not have (-> #GP(0)). */
    int (*rdmsr)(void *opaque, uint32_t index, uint64_t *val);
    int (*wrmsr)(void *opaque, uint32_t index, uint64_t val);
    /* CPUID as the guest's CPU model answers it. */
    void (*cpuid)(void *opaque, uint32_t leaf, uint32_t subleaf,
                  uint32_t regs[4]);
    /* Fill cpu->fx and ymmh (X86_VALID_FPU); 0 or -errno. */
    int (*load_fpu)(void *opaque, struct x86_cpu_state *cpu);
    /* Fill cpu->xcr0 (X86_VALID_XCR); NULL: XCR0 is x87|SSE. */
    int (*load_xcr)(void *opaque, struct x86_cpu_state *cpu);
    /*
     * Fill cpu->dr[0-3, 6, 7] (X86_VALID_DR); 0 or -errno. NULL: the
     * reset values (0, DR6 = 0xffff0ff0, DR7 = 0x400).
     */
    int (*load_dr)(void *opaque, struct x86_cpu_state *cpu);
};

/* Guest CPU features the emulator checks (from the guest's CPUID). */
struct x86_emu_features {
    uint32_t leaf1_ecx, leaf1_edx;
    uint32_t leaf7_ebx, leaf7_ecx, leaf7_edx;
    uint32_t ext1_ecx, ext1_edx;       /* 0x80000001 */
    uint32_t xsave_eax;                /* 0xd.0 EAX: supported XCR0 low */
    uint8_t maxphyaddr;                /* 0x80000008 EAX[7:0], or 36 */
    bool vendor_amd;                   /* leaf 0: AuthenticAMD, HygonGenuine */
};

/* CPUID bits used by the validity checks. */
#define X86_F1_ECX_SSE3     (1u << 0)
#define X86_F1_ECX_SSSE3    (1u << 9)
#define X86_F1_ECX_CX16     (1u << 13)
#define X86_F1_ECX_SSE41    (1u << 19)
#define X86_F1_ECX_SSE42    (1u << 20)
#define X86_F1_ECX_MOVBE    (1u << 22)
#define X86_F1_ECX_POPCNT   (1u << 23)
#define X86_F1_ECX_XSAVE    (1u << 26)
#define X86_F1_ECX_AVX      (1u << 28)
#define X86_F1_EDX_FPU      (1u << 0)
#define X86_F1_EDX_TSC      (1u << 4)
#define X86_F1_EDX_MSR      (1u << 5)
#define X86_F1_EDX_CX8      (1u << 8)
#define X86_F1_EDX_CMOV     (1u << 15)
#define X86_F1_EDX_CLFSH    (1u << 19)
#define X86_F1_EDX_MMX      (1u << 23)
#define X86_F1_EDX_FXSR     (1u << 24)
#define X86_F1_EDX_SSE      (1u << 25)
#define X86_F1_EDX_SSE2     (1u << 26)
#define X86_F7_EBX_BMI1     (1u << 3)
#define X86_F7_EBX_AVX2     (1u << 5)
#define X86_F7_EBX_BMI2     (1u << 8)
#define X86_F7_EBX_CLFLUSHOPT (1u << 23)
#define X86_F7_ECX_RDPID    (1u << 22)
#define X86_FE1_ECX_ABM     (1u << 5)   /* LZCNT */
#define X86_FE1_EDX_RDTSCP  (1u << 27)

/* Fill features from a CPUID callback (leaves absent read as zero). */
void x86_emu_features_from_cpuid(struct x86_emu_features *f,
                                 const struct x86_emu_ops *ops,
                                 void *opaque);

/* One emulation context: state, callbacks and the outcome. */
struct x86_emu {
    struct x86_cpu_state *cpu;
    const struct x86_emu_ops *ops;
    void *opaque;
    const struct x86_emu_features *features;
    unsigned max_rep;                /* iterations per call (0: 1024) */
    struct x86_exception exc;        /* valid after X86_EMU_EXCEPTION */
    char message[160];               /* valid after X86_EMU_UNHANDLED */
    const char *mnemonic;            /* of the last decoded instruction */
    /*
     * After X86_EMU_OK: the instruction loaded SS, so interrupts (and
     * debug traps) are inhibited until the next instruction completes.
     */
    bool mov_ss_shadow;
    /* After X86_EMU_OK: STI set IF; the same until the next instruction. */
    bool sti_shadow;
    /*
     * After X86_EMU_OK or X86_EMU_RETRY: RFLAGS.TF was set when the
     * instruction (or, for REP, one iteration) started, so a single-step
     * #DB trap must be delivered now, at the updated RIP. DR6.BS is
     * already set in cpu->dr[6] (X86_DIRTY_DR). Not set after MOV SS /
     * POP SS, after a delivered INT n / INT3 / INTO / INT1 (the handler
     * frame has TF clear), or when the instruction faulted.
     */
    bool single_step;
    /* Internal. */
    uint64_t next_rip;
    bool int_delivered;              /* a software interrupt was delivered */
    char name_buf[X86_NAME_MAX];
};

/*
 * Decode and execute the instruction at CS:RIP. bytes/len: instruction
 * bytes already known (a KVM exit's insn_bytes; may be fewer than the
 * instruction needs, or none): the rest is fetched through the page walk.
 */
enum x86_emu_result x86_emulate(struct x86_emu *emu, const uint8_t *bytes,
                                unsigned len);
/* Execute an already decoded instruction (software CPU, tests). */
enum x86_emu_result x86_emulate_insn(struct x86_emu *emu,
                                     const struct x86_insn *insn);

/* Does the guest's CPUID offer this enum x86_isa feature? */
bool x86_emu_isa_offered(const struct x86_emu_features *f, unsigned isa);
/* Is this decoded instruction one the emulator executes? */
bool x86_emu_implements(const struct x86_insn *insn);

/*
 * Counters since start: instructions executed per enum x86_op (OK,
 * exception or retry outcomes), and outcomes by enum x86_emu_result.
 */
void x86_emu_counters_foreach(void (*fn)(const char *name, uint64_t count,
                                         void *opaque),
                              void *opaque);
uint64_t x86_emu_counter(unsigned op);
void x86_emu_result_counts(uint64_t out[4]);
/* Text of HMP "info emulation": totals by outcome, then per operation. */
void x86_emu_info(GString *out);

#endif
