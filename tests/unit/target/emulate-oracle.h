/*
 * Instruction forms for the emulator oracle test (test-x86-emulate-oracle.c).
 *
 * Each row is an encoding template: hex bytes (legacy prefixes first),
 * "/r" (ModRM, random register and r/m), "/0".."/7" (ModRM with that
 * opcode extension), "+r" (register in the opcode's low bits), "ib",
 * "iw", "id", "iz" (16 or 32 bits by operand size), "iv" (the operand
 * size, 2/4/8), "moffs" (an address in the test buffer, as wide as the
 * address size). Flags choose operand-size variants, register- or
 * memory-only forms, LOCK, and how registers are seeded; fm says which
 * arithmetic flags are architecturally defined. The same rows run in
 * 64-bit, 32-bit and 16-bit code (test-x86-emulate-oracle.c): a row that
 * names a REX prefix is 64-bit only, F_I64 rows are invalid there.
 */
#ifndef EMULATE_ORACLE_H
#define EMULATE_ORACLE_H

#define F_V      (1u << 0)   /* also with 66 and (64-bit mode) REX.W */
#define F_MEM    (1u << 1)   /* r/m must be memory */
#define F_REG    (1u << 2)   /* r/m must be a register */
#define F_LK   (1u << 3)   /* may take LOCK with a memory operand */
#define F_SMALL  (1u << 4)   /* seed GPRs with small signed values */
#define F_STR    (1u << 5)   /* RSI/RDI in the buffer, RCX 0..9 */
#define F_A16    (1u << 6)   /* memory operand 16-byte aligned */
#define F_FPU    (1u << 7)   /* random x87 stack and control word */
#define F_SIMM   (1u << 8)   /* immediates 0..7 (shift counts) */
#define F_NOREX  (1u << 9)   /* no REX prefix (VEX forms) */
#define F_XCR    (1u << 10)  /* ECX = 0 */
#define F_AVX    (1u << 11)  /* needs AVX on the host */
#define F_NORSP  (1u << 12)  /* never RSP in ModRM.reg/+r */
#define F_D32    (1u << 13)  /* 32-bit operand: in 16-bit code add 66 */
#define F_I64    (1u << 14)  /* invalid in 64-bit mode (skipped there) */
#define F_A32    (1u << 15)  /* 32/64-bit addressing: in 16-bit code add 67 */
#define F_FLSTK  (1u << 16)  /* stack top holds a flags image (POPF) */
#define F_BPSTK  (1u << 17)  /* rBP points into the stack area (LEAVE) */
#define F_CPUID  (1u << 18)  /* EAX a leaf whose values do not depend on the CPU */
#define F_TSC    (1u << 19)  /* EDX:EAX a TSC: compared with a tolerance */
#define F_NOUMIP (1u << 20)  /* skipped when the host has UMIP */
#define F_SEL    (1u << 21)  /* loads a segment register: registers and
                                memory hold selectors (needs FSGSBASE) */

enum {
    FM_ALL,      /* all six arithmetic flags */
    FM_LOGIC,    /* AF undefined */
    FM_SHIFT,    /* AF and OF undefined (counts 0..7) */
    FM_MUL,      /* only CF and OF defined */
    FM_NONE,     /* no arithmetic flag defined (DIV) */
    FM_BT,       /* only CF defined */
    FM_BSF,      /* only ZF defined */
    FM_CNT,      /* CF and ZF defined */
    FM_BMI,      /* AF and PF undefined */
    FM_BEXTR,    /* only ZF, CF, OF defined */
    FM_POPF,     /* arithmetic flags, IF, IOPL, AC, ID (POPF at CPL 3) */
};

struct form {
    const char *name;
    const char *enc;
    unsigned flags;
    unsigned fm;
};

#define ALU(n, b) \
    { n " Eb,Gb", #b "0 /r", F_LK, FM_ALL }, \
    { n " Ev,Gv", #b "1 /r", F_V | F_LK, FM_ALL }, \
    { n " Gb,Eb", #b "2 /r", 0, FM_ALL }, \
    { n " Gv,Ev", #b "3 /r", F_V, FM_ALL }, \
    { n " AL,Ib", #b "4 ib", 0, FM_ALL }, \
    { n " eAX,Iz", #b "5 iz", F_V, FM_ALL }
#define GRP1(n, d) \
    { n " Eb,Ib", "80 /" #d " ib", F_LK, FM_ALL }, \
    { n " Ev,Iz", "81 /" #d " iz", F_V | F_LK, FM_ALL }, \
    { n " Ev,Ib", "83 /" #d " ib", F_V | F_LK, FM_ALL }
#define SHIFT(n, d) \
    { n " Eb,1", "d0 /" #d, 0, FM_SHIFT }, \
    { n " Ev,1", "d1 /" #d, F_V, FM_SHIFT }, \
    { n " Eb,CL", "d2 /" #d, F_SMALL, FM_SHIFT }, \
    { n " Ev,CL", "d3 /" #d, F_V | F_SMALL, FM_SHIFT }, \
    { n " Eb,Ib", "c0 /" #d " ib", F_SIMM, FM_SHIFT }, \
    { n " Ev,Ib", "c1 /" #d " ib", F_V | F_SIMM, FM_SHIFT }
#define SSE(n, e) { n, e " /r", F_A16, FM_ALL }
#define SSE4(n, op) \
    SSE(n "ps", "0f " op), SSE(n "pd", "66 0f " op), \
    SSE(n "ss", "f3 0f " op), SSE(n "sd", "f2 0f " op)
#define X87M(n, e) { n, e, F_FPU | F_MEM, FM_ALL }
#define X87R(n, e) { n, e, F_FPU, FM_ALL }

static const struct form forms[] = {
    /* ALU with all operand forms, exact flags. */
    ALU("add", 0), ALU("adc", 1), ALU("and", 2), ALU("xor", 3),
    { "or Eb,Gb", "08 /r", F_LK, FM_LOGIC },
    { "or Ev,Gv", "09 /r", F_V | F_LK, FM_LOGIC },
    { "or Gv,Ev", "0b /r", F_V, FM_LOGIC },
    { "sbb Eb,Gb", "18 /r", F_LK, FM_ALL },
    { "sbb Ev,Gv", "19 /r", F_V | F_LK, FM_ALL },
    { "sbb Gv,Ev", "1b /r", F_V, FM_ALL },
    { "sub Eb,Gb", "28 /r", F_LK, FM_ALL },
    { "sub Ev,Gv", "29 /r", F_V | F_LK, FM_ALL },
    { "sub Gv,Ev", "2b /r", F_V, FM_ALL },
    { "sub eAX,Iz", "2d iz", F_V, FM_ALL },
    { "cmp Eb,Gb", "38 /r", 0, FM_ALL },
    { "cmp Ev,Gv", "39 /r", F_V, FM_ALL },
    { "cmp Gv,Ev", "3b /r", F_V, FM_ALL },
    { "cmp AL,Ib", "3c ib", 0, FM_ALL },
    GRP1("add", 0), GRP1("or", 1), GRP1("adc", 2), GRP1("sbb", 3),
    GRP1("and", 4), GRP1("sub", 5), GRP1("xor", 6),
    { "cmp Eb,Ib", "80 /7 ib", 0, FM_ALL },
    { "cmp Ev,Iz", "81 /7 iz", F_V, FM_ALL },
    { "cmp Ev,Ib", "83 /7 ib", F_V, FM_ALL },
    { "test Eb,Gb", "84 /r", 0, FM_LOGIC },
    { "test Ev,Gv", "85 /r", F_V, FM_LOGIC },
    { "test AL,Ib", "a8 ib", 0, FM_LOGIC },
    { "test Eb,Ib", "f6 /0 ib", 0, FM_LOGIC },
    { "test Ev,Iz", "f7 /0 iz", F_V, FM_LOGIC },
    { "inc Eb", "fe /0", F_LK, FM_ALL },
    { "dec Eb", "fe /1", F_LK, FM_ALL },
    { "inc Ev", "ff /0", F_V | F_LK, FM_ALL },
    { "dec Ev", "ff /1", F_V | F_LK, FM_ALL },
    { "not Eb", "f6 /2", F_LK, FM_ALL },
    { "not Ev", "f7 /2", F_V | F_LK, FM_ALL },
    { "neg Eb", "f6 /3", F_LK, FM_ALL },
    { "neg Ev", "f7 /3", F_V | F_LK, FM_ALL },
    /* Moves. */
    { "mov Eb,Gb", "88 /r", 0, FM_ALL },
    { "mov Ev,Gv", "89 /r", F_V, FM_ALL },
    { "mov Gb,Eb", "8a /r", 0, FM_ALL },
    { "mov Gv,Ev", "8b /r", F_V, FM_ALL },
    { "mov Eb,Ib", "c6 /0 ib", 0, FM_ALL },
    { "mov Ev,Iz", "c7 /0 iz", F_V, FM_ALL },
    { "mov r8,Ib", "b0 +r ib", 0, FM_ALL },
    { "mov r,Iv", "b8 +r iv", F_V | F_NORSP, FM_ALL },
    { "mov AL,moffs", "a0 moffs", 0, FM_ALL },
    { "mov eAX,moffs", "a1 moffs", F_V, FM_ALL },
    { "mov moffs,AL", "a2 moffs", 0, FM_ALL },
    { "mov moffs,eAX", "a3 moffs", F_V, FM_ALL },
    { "movzx Gv,Eb", "0f b6 /r", F_V, FM_ALL },
    { "movzx Gv,Ew", "0f b7 /r", F_V, FM_ALL },
    { "movsx Gv,Eb", "0f be /r", F_V, FM_ALL },
    { "movsx Gv,Ew", "0f bf /r", F_V, FM_ALL },
    { "movsxd Gq,Ed", "48 63 /r", 0, FM_ALL },
    { "movbe Gv,Mv", "0f 38 f0 /r", F_V | F_MEM, FM_ALL },
    { "movbe Mv,Gv", "0f 38 f1 /r", F_V | F_MEM, FM_ALL },
    { "movnti My,Gy", "0f c3 /r", F_MEM, FM_ALL },
    { "lea Gv,M", "8d /r", F_V | F_MEM, FM_ALL },
    /* PUSH/POP with an ESP-based operand (POP adds first): 32/64-bit
     * addressing only. */
    { "push [esp+d8]", "ff 74 24 ib", F_A32, FM_ALL },
    { "pop [esp+d8]", "8f 44 24 ib", F_A32, FM_ALL },
    { "xchg r,eAX", "90 +r", F_V, FM_ALL },
    { "pause", "f3 90", 0, FM_ALL },
    /* Exchanges. */
    { "xchg Eb,Gb", "86 /r", 0, FM_ALL },
    { "xchg Ev,Gv", "87 /r", F_V, FM_ALL },
    { "xadd Eb,Gb", "0f c0 /r", F_LK, FM_ALL },
    { "xadd Ev,Gv", "0f c1 /r", F_V | F_LK, FM_ALL },
    { "cmpxchg Eb,Gb", "0f b0 /r", F_LK, FM_ALL },
    { "cmpxchg Ev,Gv", "0f b1 /r", F_V | F_LK, FM_ALL },
    { "cmpxchg8b Mq", "0f c7 /1", F_MEM | F_LK | F_SMALL, FM_ALL },
    { "cmpxchg16b Mdq", "48 0f c7 /1", F_MEM | F_LK | F_A16 | F_SMALL,
      FM_ALL },
    /* Bit tests: register offsets may reach outside the operand. */
    { "bt Ev,Gv", "0f a3 /r", F_V | F_SMALL, FM_BT },
    { "bts Ev,Gv", "0f ab /r", F_V | F_SMALL | F_LK, FM_BT },
    { "btr Ev,Gv", "0f b3 /r", F_V | F_SMALL | F_LK, FM_BT },
    { "btc Ev,Gv", "0f bb /r", F_V | F_SMALL | F_LK, FM_BT },
    { "bt Ev,Ib", "0f ba /4 ib", F_V, FM_BT },
    { "bts Ev,Ib", "0f ba /5 ib", F_V | F_LK, FM_BT },
    { "btr Ev,Ib", "0f ba /6 ib", F_V | F_LK, FM_BT },
    { "btc Ev,Ib", "0f ba /7 ib", F_V | F_LK, FM_BT },
    /* Bit scans and counts (BSF/BSR leave ZF defined only). */
    { "bsf Gv,Ev", "0f bc /r", F_V, FM_BSF },
    { "bsr Gv,Ev", "0f bd /r", F_V, FM_BSF },
    { "tzcnt Gv,Ev", "f3 0f bc /r", F_V, FM_CNT },
    { "lzcnt Gv,Ev", "f3 0f bd /r", F_V, FM_CNT },
    { "popcnt Gv,Ev", "f3 0f b8 /r", F_V, FM_ALL },
    /* Double shifts (counts 0..7), flags and accumulator forms. */
    { "shld Ev,Gv,Ib", "0f a4 /r ib", F_V | F_SIMM, FM_SHIFT },
    { "shrd Ev,Gv,Ib", "0f ac /r ib", F_V | F_SIMM, FM_SHIFT },
    /* 16-bit forms with CL > 16 are undefined: 32/64-bit only. */
    { "shld Ed,Gd,CL", "0f a5 /r", F_SMALL | F_D32, FM_SHIFT },
    { "shrd Ed,Gd,CL", "0f ad /r", F_SMALL | F_D32, FM_SHIFT },
    { "shld Eq,Gq,CL", "48 0f a5 /r", F_SMALL, FM_SHIFT },
    { "shrd Eq,Gq,CL", "48 0f ad /r", F_SMALL, FM_SHIFT },
    { "clc", "f8", 0, FM_ALL }, { "stc", "f9", 0, FM_ALL },
    { "cmc", "f5", 0, FM_ALL }, { "cld", "fc", 0, FM_ALL },
    { "std", "fd", 0, FM_ALL }, { "lahf", "9f", 0, FM_ALL },
    { "sahf", "9e", 0, FM_ALL }, { "cbw/cwde/cdqe", "98", F_V, FM_ALL },
    { "cwd/cdq/cqo", "99", F_V, FM_ALL },
    /* BSWAP of a 16-bit register is undefined. */
    { "bswap r32", "0f c8 +r", F_NORSP | F_D32, FM_ALL },
    { "bswap r64", "48 0f c8 +r", F_NORSP, FM_ALL },
    { "xlat", "d7", F_STR, FM_ALL },
    { "ud2", "0f 0b", 0, FM_ALL },
    { "ud0", "0f ff /r", 0, FM_ALL }, { "ud1", "0f b9 /r", 0, FM_ALL },
    /* BMI1/BMI2 (VEX, vvvv = RCX; W0 and W1). */
    { "andn", "c4 e2 70 f2 /r", F_NOREX, FM_BMI },
    { "andn q", "c4 e2 f0 f2 /r", F_NOREX, FM_BMI },
    { "bextr", "c4 e2 70 f7 /r", F_NOREX, FM_BEXTR },
    { "bextr q", "c4 e2 f0 f7 /r", F_NOREX, FM_BEXTR },
    { "blsr", "c4 e2 70 f3 /1", F_NOREX, FM_BMI },
    { "blsmsk q", "c4 e2 f0 f3 /2", F_NOREX, FM_BMI },
    { "blsi", "c4 e2 70 f3 /3", F_NOREX, FM_BMI },
    { "bzhi", "c4 e2 70 f5 /r", F_NOREX | F_SMALL, FM_BMI },
    { "bzhi q", "c4 e2 f0 f5 /r", F_NOREX, FM_BMI },
    { "pdep", "c4 e2 73 f5 /r", F_NOREX, FM_ALL },
    { "pext q", "c4 e2 f2 f5 /r", F_NOREX, FM_ALL },
    { "mulx", "c4 e2 73 f6 /r", F_NOREX, FM_ALL },
    { "mulx q", "c4 e2 f3 f6 /r", F_NOREX, FM_ALL },
    { "rorx", "c4 e3 7b f0 /r ib", F_NOREX, FM_ALL },
    { "rorx q", "c4 e3 fb f0 /r ib", F_NOREX, FM_ALL },
    { "sarx", "c4 e2 72 f7 /r", F_NOREX, FM_ALL },
    { "shlx q", "c4 e2 f1 f7 /r", F_NOREX, FM_ALL },
    { "shrx", "c4 e2 73 f7 /r", F_NOREX, FM_ALL },
    /* Conditional moves and sets (all 16 conditions by flag seeds). */
    { "seto Eb", "0f 90 /r", 0, FM_ALL }, { "setb Eb", "0f 92 /r", 0, FM_ALL },
    { "setz Eb", "0f 94 /r", 0, FM_ALL }, { "setbe Eb", "0f 96 /r", 0, FM_ALL },
    { "sets Eb", "0f 98 /r", 0, FM_ALL }, { "setp Eb", "0f 9a /r", 0, FM_ALL },
    { "setl Eb", "0f 9c /r", 0, FM_ALL }, { "setle Eb", "0f 9e /r", 0, FM_ALL },
    { "setnle Eb", "0f 9f /r", 0, FM_ALL },
    { "cmovo Gv,Ev", "0f 40 /r", F_V, FM_ALL },
    { "cmovnb Gv,Ev", "0f 43 /r", F_V, FM_ALL },
    { "cmovz Gv,Ev", "0f 44 /r", F_V, FM_ALL },
    { "cmova Gv,Ev", "0f 47 /r", F_V, FM_ALL },
    { "cmovs Gv,Ev", "0f 48 /r", F_V, FM_ALL },
    { "cmovnp Gv,Ev", "0f 4b /r", F_V, FM_ALL },
    { "cmovl Gv,Ev", "0f 4c /r", F_V, FM_ALL },
    { "cmovg Gv,Ev", "0f 4f /r", F_V, FM_ALL },
    /* Stack. */
    { "push Ev", "ff /6", F_MEM, FM_ALL },
    { "pop Ev", "8f /0", F_MEM, FM_ALL },
    { "push r", "50 +r", F_NORSP, FM_ALL },
    { "pop r", "58 +r", F_NORSP, FM_ALL },
    { "push Iz", "68 iz", 0, FM_ALL },
    { "push es", "06", F_V | F_I64, FM_ALL },
    { "push cs", "0e", F_V | F_I64, FM_ALL },
    { "push ss", "16", F_V | F_I64, FM_ALL },
    { "push ds", "1e", F_V | F_I64, FM_ALL },
    { "push fs", "0f a0", F_V, FM_ALL },
    { "push gs", "0f a8", F_V, FM_ALL },
    { "mov Ev,Sw", "8c /r", F_V, FM_ALL },
    /*
     * Segment loads: the selectors are Linux's GDT entries (null, kernel
     * and user code/data, TSS, LDT, empty TLS, beyond the limit) and our
     * LDT's, with all RPLs; the descriptor checks decide.
     */
    { "mov Sw,Ew", "8e /r", F_V | F_SEL, FM_ALL },
    { "pop es", "07", F_V | F_I64 | F_SEL, FM_ALL },
    { "pop ss", "17", F_V | F_I64 | F_SEL, FM_ALL },
    { "pop ds", "1f", F_V | F_I64 | F_SEL, FM_ALL },
    { "pop fs", "0f a1", F_V | F_SEL, FM_ALL },
    { "pop gs", "0f a9", F_V | F_SEL, FM_ALL },
    { "les Gz,Mp", "c4 /r", F_V | F_MEM | F_I64 | F_SEL | F_NOREX, FM_ALL },
    { "lds Gz,Mp", "c5 /r", F_V | F_MEM | F_I64 | F_SEL | F_NOREX, FM_ALL },
    { "lss Gv,Mp", "0f b2 /r", F_V | F_MEM | F_SEL, FM_ALL },
    { "lfs Gv,Mp", "0f b4 /r", F_V | F_MEM | F_SEL, FM_ALL },
    { "lgs Gv,Mp", "0f b5 /r", F_V | F_MEM | F_SEL, FM_ALL },
    /* Descriptor queries on the same selectors (only ZF is written). */
    { "lar Gv,Ew", "0f 02 /r", F_V | F_SEL, FM_BSF },
    { "lsl Gv,Ew", "0f 03 /r", F_V | F_SEL, FM_BSF },
    { "verr Ew", "0f 00 /4", F_SEL, FM_BSF },
    { "verw Ew", "0f 00 /5", F_SEL, FM_BSF },
    { "arpl Ew,Gw", "63 /r", F_I64 | F_SEL, FM_BSF },
    /* INC/DEC r: REX prefixes in 64-bit mode. */
    { "inc r", "40 +r", F_V | F_I64, FM_ALL },
    { "dec r", "48 +r", F_V | F_I64, FM_ALL },
    /* Shifts and rotates. */
    SHIFT("rol", 0), SHIFT("ror", 1), SHIFT("rcl", 2), SHIFT("rcr", 3),
    SHIFT("shl", 4), SHIFT("shr", 5), SHIFT("sar", 7),
    { "sal Ev,1 (/6)", "d1 /6", F_V, FM_SHIFT },
    { "sal Eb,CL (/6)", "d2 /6", F_SMALL, FM_SHIFT },
    /* Multiply and divide (#DE cases compared as exceptions). */
    { "mul Eb", "f6 /4", 0, FM_MUL }, { "mul Ev", "f7 /4", F_V, FM_MUL },
    { "imul Eb", "f6 /5", 0, FM_MUL }, { "imul Ev", "f7 /5", F_V, FM_MUL },
    { "imul Gv,Ev", "0f af /r", F_V, FM_MUL },
    { "imul Gv,Ev,Iz", "69 /r iz", F_V, FM_MUL },
    { "imul Gv,Ev,Ib", "6b /r ib", F_V, FM_MUL },
    { "div Eb", "f6 /6", F_SMALL, FM_NONE },
    { "div Ev", "f7 /6", F_V | F_SMALL, FM_NONE },
    { "idiv Eb", "f6 /7", F_SMALL, FM_NONE },
    { "idiv Ev", "f7 /7", F_V | F_SMALL, FM_NONE },
    /* Strings (with and without REP, both directions). */
    { "movsb", "a4", F_STR, FM_ALL }, { "movs", "a5", F_STR | F_V, FM_ALL },
    { "rep movsb", "f3 a4", F_STR, FM_ALL },
    { "rep movs", "f3 a5", F_STR | F_V, FM_ALL },
    { "stosb", "aa", F_STR, FM_ALL },
    { "rep stos", "f3 ab", F_STR | F_V, FM_ALL },
    { "lodsb", "ac", F_STR, FM_ALL }, { "lods", "ad", F_STR | F_V, FM_ALL },
    { "cmpsb", "a6", F_STR, FM_ALL },
    { "repe cmps", "f3 a7", F_STR | F_V, FM_ALL },
    { "repne cmpsb", "f2 a6", F_STR, FM_ALL },
    { "scasb", "ae", F_STR, FM_ALL },
    { "repne scas", "f2 af", F_STR | F_V, FM_ALL },
    { "repe scasb", "f3 ae", F_STR, FM_ALL },
    /* Port I/O at CPL 3, IOPL 0, no I/O bitmap: #GP natively and emulated. */
    { "in AL,Ib", "e4 ib", 0, FM_ALL }, { "in eAX,DX", "ed", F_V, FM_ALL },
    { "out Ib,AL", "e6 ib", 0, FM_ALL }, { "out DX,eAX", "ef", F_V, FM_ALL },
    { "insb", "6c", F_STR, FM_ALL }, { "rep outs", "f3 6f", F_STR | F_V, FM_ALL },
    /* System instructions that run unprivileged. */
    { "xgetbv", "0f 01 d0", F_XCR, FM_ALL },
    { "clflushopt Mb", "66 0f ae /7", F_MEM, FM_ALL },
    { "cpuid", "0f a2", F_CPUID, FM_ALL },
    { "rdtsc", "0f 31", F_TSC, FM_ALL }, { "rdtscp", "0f 01 f9", F_TSC, FM_ALL },
    /* Privileged: #GP at CPL 3, natively and emulated. */
    { "xsetbv", "0f 01 d1", F_XCR, FM_ALL },
    { "rdmsr", "0f 32", 0, FM_ALL }, { "wrmsr", "0f 30", 0, FM_ALL },
    { "invd", "0f 08", 0, FM_ALL }, { "wbinvd", "0f 09", 0, FM_ALL },
    /* Control/debug registers: #GP at CPL 3 (emulate-cr.c). */
    { "mov r,cr0", "0f 20 c0", 0, FM_ALL },
    { "mov cr3,r", "0f 22 d8", 0, FM_ALL },
    { "mov r,dr7", "0f 21 f8", 0, FM_ALL },
    { "mov dr0,r", "0f 23 c0", 0, FM_ALL },
    { "clts", "0f 06", 0, FM_ALL }, { "lmsw", "0f 01 /6", 0, FM_ALL },
    /* Descriptor tables (emulate-dt.c): #GP at CPL 3. */
    { "lgdt", "0f 01 /2", F_MEM, FM_ALL }, { "lidt", "0f 01 /3", F_MEM, FM_ALL },
    { "lldt", "0f 00 /2", 0, FM_ALL }, { "ltr", "0f 00 /3", 0, FM_ALL },
    { "cli", "fa", 0, FM_ALL }, { "sti", "fb", 0, FM_ALL },
    { "swapgs", "0f 01 f8", 0, FM_ALL },
    { "salc", "d6", F_I64, FM_ALL },
    { "bound", "62 /r", F_I64 | F_MEM, FM_ALL },
    /* Only where the CPU lacks UMIP: with it, Linux emulates SMSW for
     * user space (low 32 bits only, partial stores at a page end), so the
     * native side would not be the processor. */
    { "smsw Ev", "0f 01 /4", F_V | F_NOUMIP, FM_ALL },
    { "clflush Mb", "0f ae /7", F_MEM, FM_ALL },
    { "nop Ev", "0f 1f /0", F_V, FM_ALL },
    { "lfence", "0f ae e8", 0, FM_ALL }, { "mfence", "0f ae f0", 0, FM_ALL },
    /* SSE/SSE2 moves. */
    SSE("movups", "0f 10"), SSE("movups st", "0f 11"),
    SSE("movaps", "0f 28"), SSE("movaps st", "0f 29"),
    SSE("movupd", "66 0f 10"), SSE("movapd st", "66 0f 29"),
    SSE("movss", "f3 0f 10"), SSE("movss st", "f3 0f 11"),
    SSE("movsd", "f2 0f 10"), SSE("movsd st", "f2 0f 11"),
    SSE("movdqa", "66 0f 6f"), SSE("movdqa st", "66 0f 7f"),
    SSE("movdqu", "f3 0f 6f"), SSE("movdqu st", "f3 0f 7f"),
    SSE("movd x,Ey", "66 0f 6e"), SSE("movd Ey,x", "66 0f 7e"),
    SSE("movq x,Wq", "f3 0f 7e"), SSE("movq Wq,x", "66 0f d6"),
    { "movntdq", "66 0f e7 /r", F_MEM | F_A16, FM_ALL },
    { "movntps", "0f 2b /r", F_MEM | F_A16, FM_ALL },
    { "movlps", "0f 12 /r", F_MEM, FM_ALL },
    { "movhps st", "0f 17 /r", F_MEM, FM_ALL },
    { "movlpd st", "66 0f 13 /r", F_MEM, FM_ALL },
    SSE("movhlps/movlps", "0f 12"),
    SSE("unpcklps", "0f 14"), SSE("unpckhpd", "66 0f 15"),
    /* SSE/SSE2 floating point. */
    SSE4("add", "58"), SSE4("mul", "59"), SSE4("sub", "5c"),
    SSE4("min", "5d"), SSE4("div", "5e"), SSE4("max", "5f"),
    SSE4("sqrt", "51"),
    SSE("andps", "0f 54"), SSE("andnpd", "66 0f 55"), SSE("orps", "0f 56"),
    SSE("xorpd", "66 0f 57"),
    SSE("cvtss2sd", "f3 0f 5a"), SSE("cvtsd2ss", "f2 0f 5a"),
    SSE("cvtps2pd", "0f 5a"), SSE("cvtpd2ps", "66 0f 5a"),
    SSE("cvtdq2ps", "0f 5b"), SSE("cvtps2dq", "66 0f 5b"),
    SSE("cvttps2dq", "f3 0f 5b"), SSE("cvtdq2pd", "f3 0f e6"),
    SSE("cvttpd2dq", "66 0f e6"),
    SSE("cvtsi2sd", "f2 0f 2a"), SSE("cvtsi2ss", "f3 0f 2a"),
    SSE("cvttsd2si", "f2 0f 2c"), SSE("cvttss2si", "f3 0f 2c"),
    SSE("cvtsd2si", "f2 0f 2d"),
    SSE("ucomiss", "0f 2e"), SSE("comiss", "0f 2f"),
    SSE("ucomisd", "66 0f 2e"), SSE("comisd", "66 0f 2f"),
    { "cmpps", "0f c2 /r ib", F_A16 | F_SIMM, FM_ALL },
    { "cmpsd", "f2 0f c2 /r ib", F_A16 | F_SIMM, FM_ALL },
    { "shufps", "0f c6 /r ib", F_A16, FM_ALL },
    { "shufpd", "66 0f c6 /r ib", F_A16, FM_ALL },
    { "movmskps", "0f 50 /r", F_REG, FM_ALL },
    { "movmskpd", "66 0f 50 /r", F_REG, FM_ALL },
    /* SSE2 integer. */
    SSE("paddb", "66 0f fc"), SSE("paddw", "66 0f fd"),
    SSE("paddd", "66 0f fe"), SSE("paddq", "66 0f d4"),
    SSE("psubb", "66 0f f8"), SSE("psubw", "66 0f f9"),
    SSE("psubd", "66 0f fa"), SSE("psubq", "66 0f fb"),
    SSE("paddusb", "66 0f dc"), SSE("paddsw", "66 0f ed"),
    SSE("psubusw", "66 0f d9"), SSE("psubsb", "66 0f e8"),
    SSE("pand", "66 0f db"), SSE("pandn", "66 0f df"),
    SSE("por", "66 0f eb"), SSE("pxor", "66 0f ef"),
    SSE("pcmpeqb", "66 0f 74"), SSE("pcmpeqw", "66 0f 75"),
    SSE("pcmpeqd", "66 0f 76"), SSE("pcmpgtb", "66 0f 64"),
    SSE("pcmpgtd", "66 0f 66"),
    SSE("punpcklbw", "66 0f 60"), SSE("punpcklwd", "66 0f 61"),
    SSE("punpckldq", "66 0f 62"), SSE("punpcklqdq", "66 0f 6c"),
    SSE("punpckhbw", "66 0f 68"), SSE("punpckhqdq", "66 0f 6d"),
    SSE("packsswb", "66 0f 63"), SSE("packuswb", "66 0f 67"),
    SSE("packssdw", "66 0f 6b"),
    SSE("pmullw", "66 0f d5"), SSE("pmulhw", "66 0f e5"),
    SSE("pmulhuw", "66 0f e4"), SSE("pmuludq", "66 0f f4"),
    SSE("pmaddwd", "66 0f f5"), SSE("psadbw", "66 0f f6"),
    SSE("pavgb", "66 0f e0"), SSE("pminub", "66 0f da"),
    SSE("pmaxsw", "66 0f ee"),
    SSE("psllw", "66 0f f1"), SSE("psrld", "66 0f d2"),
    SSE("psraw", "66 0f e1"), SSE("psrlq", "66 0f d3"),
    { "pshufd", "66 0f 70 /r ib", F_A16, FM_ALL },
    { "pshuflw", "f2 0f 70 /r ib", F_A16, FM_ALL },
    { "pshufhw", "f3 0f 70 /r ib", F_A16, FM_ALL },
    { "psrlw imm", "66 0f 71 /2 ib", F_REG, FM_ALL },
    { "psrad imm", "66 0f 72 /4 ib", F_REG, FM_ALL },
    { "psllq imm", "66 0f 73 /6 ib", F_REG, FM_ALL },
    { "psrldq imm", "66 0f 73 /3 ib", F_REG, FM_ALL },
    { "pslldq imm", "66 0f 73 /7 ib", F_REG, FM_ALL },
    { "pmovmskb", "66 0f d7 /r", F_REG, FM_ALL },
    { "pinsrw", "66 0f c4 /r ib", 0, FM_ALL },
    { "pextrw", "66 0f c5 /r ib", F_REG, FM_ALL },
    /* MMX (aliases the x87 registers). */
    { "paddd mm", "0f fe /r", F_FPU, FM_ALL },
    { "pxor mm", "0f ef /r", F_FPU, FM_ALL },
    { "movq mm,Eq", "48 0f 6e /r", F_FPU, FM_ALL },
    { "movd mm,Ed", "0f 6e /r", F_FPU, FM_ALL },
    { "movd Ed,mm", "0f 7e /r", F_FPU, FM_ALL },
    /* x87. */
    X87R("fld1", "d9 e8"), X87R("fldz", "d9 ee"), X87R("fldpi", "d9 eb"),
    X87M("fld m32", "d9 /0"), X87M("fld m64", "dd /0"),
    X87M("fld m80", "db /5"), X87M("fild m16", "df /0"),
    X87M("fild m32", "db /0"), X87M("fild m64", "df /5"),
    X87M("fst m32", "d9 /2"), X87M("fstp m32", "d9 /3"),
    X87M("fst m64", "dd /2"), X87M("fstp m64", "dd /3"),
    X87M("fstp m80", "db /7"), X87M("fist m16", "df /2"),
    X87M("fist m32", "db /2"), X87M("fistp m32", "db /3"),
    X87M("fistp m64", "df /7"), X87M("fisttp m32", "db /1"),
    X87M("fadd m32", "d8 /0"), X87M("fmul m32", "d8 /1"),
    X87M("fcom m32", "d8 /2"), X87M("fsub m32", "d8 /4"),
    X87M("fsubr m32", "d8 /5"), X87M("fdiv m32", "d8 /6"),
    X87M("fdivr m32", "d8 /7"), X87M("fadd m64", "dc /0"),
    X87M("fmul m64", "dc /1"), X87M("fdiv m64", "dc /6"),
    X87M("fiadd m32", "da /0"), X87M("fimul m16", "de /1"),
    X87M("fnstsw m16", "dd /7"), X87M("fnstcw m16", "d9 /7"),
    X87M("fnstenv", "d9 /6"), X87M("fnsave", "dd /6"),
    X87R("fadd st,st(i)", "d8 /0"), X87R("fmul st(i),st", "dc /1"),
    X87R("faddp", "de c1"), X87R("fsubp", "de e9"), X87R("fsubrp", "de e1"),
    X87R("fmulp", "de c9"), X87R("fdivp", "de f9"), X87R("fdivrp", "de f1"),
    X87R("fxch", "d9 /1"), X87R("fld st(i)", "d9 /0"),
    X87R("fstp st(i)", "dd /3"), X87R("fchs", "d9 e0"),
    X87R("fabs", "d9 e1"), X87R("fsqrt", "d9 fa"), X87R("frndint", "d9 fc"),
    X87R("fprem", "d9 f8"), X87R("fscale", "d9 fd"), X87R("ftst", "d9 e4"),
    X87R("fxam", "d9 e5"), X87R("fninit", "db e3"), X87R("fnclex", "db e2"),
    X87R("fnstsw ax", "df e0"), X87R("fcomi", "db /6"),
    X87R("fucomip", "df /5"), X87R("fcmovb", "da /0"),
    X87R("fcmovnbe", "db /2"), X87R("fincstp", "d9 f7"),
    X87R("ffree", "dd /0"), X87R("fcompp", "de d9"),
    X87R("fwait", "9b"),
    /* AVX/AVX2 (VEX), when the host has them. */
    { "vmovdqu ymm,m", "c5 fe 6f /r", F_NOREX | F_AVX, FM_ALL },
    { "vmovdqu m,ymm", "c5 fe 7f /r", F_NOREX | F_AVX, FM_ALL },
    { "vmovdqa ymm", "c5 fd 6f /r", F_NOREX | F_AVX | F_A16, FM_ALL },
    { "vmovups ymm st", "c5 fc 11 /r", F_NOREX | F_AVX, FM_ALL },
    { "vmovdqu xmm", "c5 fa 6f /r", F_NOREX | F_AVX, FM_ALL },
    { "vmovd xmm,Ed", "c5 f9 6e /r", F_NOREX | F_AVX, FM_ALL },
    { "vaddps ymm", "c5 f4 58 /r", F_NOREX | F_AVX, FM_ALL },
    { "vpaddd ymm", "c5 e5 fe /r", F_NOREX | F_AVX, FM_ALL },
    { "vxorps xmm", "c5 e8 57 /r", F_NOREX | F_AVX, FM_ALL },
    { "vbroadcastss", "c4 e2 7d 18 /r", F_NOREX | F_AVX | F_MEM, FM_ALL },
    /*
     * Stack and decimal-adjust forms (emulate-stack.c, emulate-bcd.c).
     * The flag masks are subsets of what the SDM defines (DAA/DAS: all
     * but OF; AAA/AAS: CF, AF; AAM/AAD: SF, ZF, PF); the undefined ones
     * are checked against host measurements in test-x86-emulate-stack.
     * PUSHF/POPF: IF = 1 and IOPL = 0 as in user mode; the image POPF
     * loads has random IF, IOPL, ID, VIF, VIP (CPL 3 must leave IF and
     * IOPL alone) and never TF, AC or NT, which would trap or change
     * the test process afterwards.
     */
    { "pushf", "9c", F_V, FM_ALL },
    { "popf", "9d", F_V | F_FLSTK, FM_POPF },
    { "leave", "c9", F_V | F_BPSTK, FM_ALL },
    { "pusha", "60", F_I64, FM_ALL },
    { "popa", "61", F_I64, FM_ALL },
    { "enter 8,0", "c8 08 00 00", 0, FM_ALL },
    { "enter 16,1", "c8 10 00 01", 0, FM_ALL },
    { "daa", "27", F_I64, FM_SHIFT },
    { "das", "2f", F_I64, FM_SHIFT },
    { "aaa", "37", F_I64, FM_BT },
    { "aas", "3f", F_I64, FM_BT },
    { "aam", "d4 ib", F_I64, FM_BSF },
    { "aad", "d5 ib", F_I64, FM_BSF },
};

#endif
