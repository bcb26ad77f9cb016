/*
 * x86 opcode tables: one row per entry of the Intel SDM vol. 2 opcode maps
 * (appendix A, tables and the group tables ).
 *
 * Reading a row: O(opcode, OP, isa, flags, operands...) is an opcode that
 * the prefixes do not select; G(opcode, /digit, ...) a group member
 * selected by ModRM.reg; GRM(opcode, /digit, rm, ...) a register-only
 * (mod = 11) encoding such as 0F 01 D0; P(opcode, prefix, ...) a form
 * selected by a mandatory prefix (NP = none, 66, F3, F2; NF = none or 66
 * as operand size). V(...) is a row the SDM writes with a leading "v":
 * the legacy SSE form plus a VEX form that adds the H operand; VO(...) is
 * VEX only. Operands use the SDM notation (Ev, Gv, Vx, Wss, Ib, ...); the
 * definitions below say what each letter pair means here.
 *
 * Rows for one opcode are tried in order, first match wins: specific rows
 * (a prefix, a /digit, mod = 11) come before the general one.
 */
#include "target/i386/decode-internal.h"

/* ---- operand notation ------------------------------------------------ */
#define OP_(am, rs)     OPND(AM_##am, SZ_##rs, 0, 0)
#define OPM_(am, rs, ms) OPND(AM_##am, SZ_##rs, SZ_##ms, 0)

/* General-purpose register or memory (ModRM r/m), register (ModRM.reg). */
#define Eb OP_(E, b)
#define Ew OP_(E, w)
#define Ed OP_(E, d)
#define Eq OP_(E, q)
#define Ev OP_(E, v)
#define Ey OP_(E, y)
#define Ez OP_(E, z)
#define Gb OP_(G, b)
#define Gw OP_(G, w)
#define Gd OP_(G, d)
#define Gq OP_(G, q)
#define Gv OP_(G, v)
#define Gy OP_(G, y)
#define Gz OP_(G, z)
#define By OP_(B, y)
/* Memory only; M alone: an address whose size the encoding leaves open. */
#define M   OPND(AM_M, SZ_NONE, SZ_u, 0)
#define Mb  OPM_(M, NONE, b)
#define Mw  OPM_(M, NONE, w)
#define Md  OPM_(M, NONE, d)
#define Mq  OPM_(M, NONE, q)
#define Mdq OPM_(M, NONE, dq)
#define Mqq OPM_(M, NONE, qq)
#define Mx  OPM_(M, NONE, x)
#define Mv  OPM_(M, NONE, v)
#define My  OPM_(M, NONE, y)
#define Mp  OPM_(M, NONE, p)
#define Ms  OPM_(M, NONE, s)
#define Ma  OPM_(M, NONE, a)
#define Mt  OPM_(M, NONE, t)
#define Menv OPM_(M, NONE, env)
#define Mfsv OPM_(M, NONE, fsv)
#define M512 OPM_(M, NONE, 512)
#define M64B OPM_(M, NONE, 64)
/* Register only (ModRM.mod = 11). */
#define Rd  OP_(R, d)
#define Rq  OP_(R, q)
#define Ry  OP_(R, y)
#define Rv  OP_(R, v)
#define Rc  OP_(R, c)
/* Register of one size, memory of another: SDM "Rv/Mw" etc. */
#define RvMw OPM_(E, v, w)
#define RdMw OPM_(E, d, w)
#define RzMw OPM_(E, z, w)
#define RdMb OPM_(E, d, b)
#define RyMw OPM_(E, y, w)
#define RyMb OPM_(E, y, b)
#define Ey_d OPM_(E, y, d)
/* Control, debug, segment registers. */
#define Ec  OP_(E, c)
#define Gc  OP_(G, c)
#define Cc  OP_(C, c)
#define Dc  OP_(D, c)
#define Sw  OP_(S, w)
/* Vectors: V = ModRM.reg, W = r/m or memory, U = r/m register only, H =
 * VEX.vvvv, L = imm8[7:4]. x = XMM or YMM by VEX.L; dq = XMM; qq = YMM;
 * ps/pd = packed (x); ss/sd/d/q: XMM register, 4/8-byte memory; h/qt/oc:
 * XMM register, memory half/quarter/eighth of the vector length. */
#define Vx  OP_(V, x)
#define Vdq OP_(V, dq)
#define Vqq OP_(V, qq)
#define Vps Vx
#define Vpd Vx
#define Vss Vdq
#define Vsd Vdq
#define Vq  Vdq
#define Vd  Vdq
#define Vy  Vdq
#define Hx  OP_(H, x)
#define Hdq OP_(H, dq)
#define Hqq OP_(H, qq)
#define Hps Hx
#define Hpd Hx
#define Hss Hdq
#define Hsd Hdq
#define Hq  Hdq
#define Wx  OP_(W, x)
#define Wdq OP_(W, dq)
#define Wqq OP_(W, qq)
#define Wps Wx
#define Wpd Wx
#define Wss OPM_(W, dq, d)
#define Wsd OPM_(W, dq, q)
#define Wd  OPM_(W, dq, d)
#define Wq  OPM_(W, dq, q)
#define Ww  OPM_(W, dq, w)
#define Wb  OPM_(W, dq, b)
#define Wh  OPM_(W, dq, h)
#define Wqt OPM_(W, dq, qt)
#define Wdup OPM_(W, x, dup)
#define Woc OPM_(W, dq, oc)
#define Ux  OP_(U, x)
#define Udq OP_(U, dq)
#define Uqq OP_(U, qq)
#define Ups Ux
#define Upd Ux
#define Uq  Udq
#define Lx  OP_(L, x)
#define Mvx OPND(AM_MV, SZ_x, SZ_d, 0)      /* VSIB, d elements */
#define Mvq OPND(AM_MV, SZ_x, SZ_q, 0)      /* VSIB, q elements */
#define XMM0 OP_(XMM0, dq)
/* MMX: P = ModRM.reg, Q = r/m or memory, N = r/m register only. */
#define Pq  OP_(P, q)
#define Pd  OP_(P, q)
#define Qq  OPM_(Q, q, q)
#define Qd  OPM_(Q, q, d)
#define Nq  OP_(N, q)
/* Immediates, branch offsets, direct addresses. Ibs: sign-extended. */
#define Ib  OP_(I, b)
#define Iw  OP_(I, w)
#define Iz  OP_(I, z)
#define Iv  OP_(I, v)
#define Ibs OP_(IS, b)
#define Jb  OP_(J, b)
#define Jz  OP_(J, z)
#define Ap  OP_(A, p)
#define Ob  OP_(O, b)
#define Ov  OP_(O, v)
/* String operands. */
#define Xb  OP_(X, b)
#define Xv  OP_(X, v)
#define Xz  OP_(X, z)
#define Yb  OP_(Y, b)
#define Yv  OP_(Y, v)
#define Yz  OP_(Y, z)
/* Register in opcode bits 2:0. */
#define Zb  OP_(Z, b)
#define Zv  OP_(Z, v)
#define Zy  OP_(Z, y)
/* Fixed registers. */
#define AL  OPND(AM_GPR, SZ_b, 0, X86_RAX)
#define CL  OPND(AM_GPR, SZ_b, 0, X86_RCX)
#define AX  OPND(AM_GPR, SZ_w, 0, X86_RAX)
#define DX  OPND(AM_GPR, SZ_w, 0, X86_RDX)
#define rAX OPND(AM_GPR, SZ_v, 0, X86_RAX)
#define eAX OPND(AM_GPR, SZ_z, 0, X86_RAX)
#define ECX OPND(AM_GPR, SZ_d, 0, X86_RCX)
#define EAX OPND(AM_GPR, SZ_d, 0, X86_RAX)
#define EDX OPND(AM_GPR, SZ_d, 0, X86_RDX)
#define RAX OPND(AM_GPR, SZ_q, 0, X86_RAX)
#define RCX OPND(AM_GPR, SZ_q, 0, X86_RCX)
#define RDX OPND(AM_GPR, SZ_q, 0, X86_RDX)
#define rAXa OPND(AM_GPR, SZ_ad, 0, X86_RAX)   /* address-sized */
#define sES OPND(AM_SEG, SZ_w, 0, X86_SEG_ES)
#define sCS OPND(AM_SEG, SZ_w, 0, X86_SEG_CS)
#define sSS OPND(AM_SEG, SZ_w, 0, X86_SEG_SS)
#define sDS OPND(AM_SEG, SZ_w, 0, X86_SEG_DS)
#define sFS OPND(AM_SEG, SZ_w, 0, X86_SEG_FS)
#define sGS OPND(AM_SEG, SZ_w, 0, X86_SEG_GS)
#define ONE OP_(ONE, b)
#define ST0 OP_(ST0, t)
#define STi OP_(ST, t)
/* Opmask registers (VEX-encoded AVX-512 mask instructions). */
#define KG  OP_(KG, q)
#define KH  OP_(KH, q)
#define KU  OP_(KU, q)
#define KEb OPM_(KE, q, b)
#define KEw OPM_(KE, q, w)
#define KEd OPM_(KE, q, d)
#define KEq OPM_(KE, q, q)
#define Rad OP_(R, ad)
/* AMX tile registers. */
#define TG  OPND(AM_TG, SZ_NONE, 0, 0)
#define TH  OPND(AM_TH, SZ_NONE, 0, 0)
#define TU  OPND(AM_TU, SZ_NONE, 0, 0)
/* MPX. */
#define BNDr OP_(BNDR, dq)
#define BNDm OPM_(BNDE, dq, bnd)
#define Mib  OPND(AM_MIB, SZ_NONE, SZ_u, 0)
#define GA   OP_(GA, ad)

/* ---- row forms ---------------------------------------------------------- */
#define ROW(o_, p_, r_, m_, op_, isa_, visa_, fl_, ...) \
    { .opc = (o_), .pfx = (p_), .reg = (r_), .rm = (m_), \
      .op = X86_OP_##op_, .isa = X86_ISA_##isa_, .visa = X86_ISA_##visa_, \
      .flags = (fl_), .o = { __VA_ARGS__ } }

#define O(o, op, isa, fl, ...)  ROW(o, P_ANY, ANY, ANY, op, isa, BASE, fl, __VA_ARGS__)
#define G(o, r, op, isa, fl, ...) ROW(o, P_ANY, r, ANY, op, isa, BASE, fl, __VA_ARGS__)
#define GRM(o, r, m, op, isa, fl, ...) \
    ROW(o, P_ANY, r, m, op, isa, BASE, (fl) | F_REG, __VA_ARGS__)
#define P(o, p, op, isa, fl, ...) ROW(o, P_##p, ANY, ANY, op, isa, BASE, fl, __VA_ARGS__)
#define PG(o, p, r, op, isa, fl, ...) ROW(o, P_##p, r, ANY, op, isa, BASE, fl, __VA_ARGS__)
#define PGRM(o, p, r, m, op, isa, fl, ...) \
    ROW(o, P_##p, r, m, op, isa, BASE, (fl) | F_REG, __VA_ARGS__)
/* Legacy SSE + VEX ("v" rows). VI: integer, VEX.256 needs AVX2. */
#define V(o, p, op, isa, fl, ...) \
    ROW(o, P_##p, ANY, ANY, op, isa, AVX, (fl) | F_V, __VA_ARGS__)
#define VI(o, p, op, isa, fl, ...) \
    ROW(o, P_##p, ANY, ANY, op, isa, AVX, (fl) | F_V | F_VI, __VA_ARGS__)
#define VG(o, p, r, op, isa, fl, ...) \
    ROW(o, P_##p, r, ANY, op, isa, AVX, (fl) | F_V | F_VI, __VA_ARGS__)
/* VEX only. */
#define VO(o, p, op, isa, fl, ...) \
    ROW(o, P_##p, ANY, ANY, op, isa, isa, (fl) | F_VEX, __VA_ARGS__)
#define VOG(o, p, r, op, isa, fl, ...) \
    ROW(o, P_##p, r, ANY, op, isa, isa, (fl) | F_VEX, __VA_ARGS__)

/* The eight ALU operations of opcodes 00-3F, rows x0-x5 of each. */
#define ALU6(base, op, lk) \
    O(base + 0, op, BASE, lk, Eb, Gb), \
    O(base + 1, op, BASE, lk, Ev, Gv), \
    O(base + 2, op, BASE, 0, Gb, Eb), \
    O(base + 3, op, BASE, 0, Gv, Ev), \
    O(base + 4, op, BASE, 0, AL, Ib), \
    O(base + 5, op, BASE, 0, rAX, Iz)

/* Group 1 (80-83): /0 ADD ... /7 CMP. */
#define GRP1(o, fl, a, b) \
    G(o, 0, ADD, BASE, F_LOCK | (fl), a, b), G(o, 1, OR, BASE, F_LOCK | (fl), a, b), \
    G(o, 2, ADC, BASE, F_LOCK | (fl), a, b), G(o, 3, SBB, BASE, F_LOCK | (fl), a, b), \
    G(o, 4, AND, BASE, F_LOCK | (fl), a, b), G(o, 5, SUB, BASE, F_LOCK | (fl), a, b), \
    G(o, 6, XOR, BASE, F_LOCK | (fl), a, b), G(o, 7, CMP, BASE, (fl), a, b)

/* Group 2 (C0, C1, D0-D3): rotates and shifts; /6 is SAL (= SHL). */
#define GRP2(o, a, b) \
    G(o, 0, ROL, BASE, 0, a, b), G(o, 1, ROR, BASE, 0, a, b), \
    G(o, 2, RCL, BASE, 0, a, b), G(o, 3, RCR, BASE, 0, a, b), \
    G(o, 4, SHL, BASE, 0, a, b), G(o, 5, SHR, BASE, 0, a, b), \
    G(o, 6, SAL, BASE, 0, a, b), G(o, 7, SAR, BASE, 0, a, b)

/* Sixteen consecutive condition-coded opcodes. */
#define COND16(o, op, isa, fl, ...) \
    O(o + 0, op, isa, (fl) | F_COND, __VA_ARGS__), O(o + 1, op, isa, (fl) | F_COND, __VA_ARGS__), \
    O(o + 2, op, isa, (fl) | F_COND, __VA_ARGS__), O(o + 3, op, isa, (fl) | F_COND, __VA_ARGS__), \
    O(o + 4, op, isa, (fl) | F_COND, __VA_ARGS__), O(o + 5, op, isa, (fl) | F_COND, __VA_ARGS__), \
    O(o + 6, op, isa, (fl) | F_COND, __VA_ARGS__), O(o + 7, op, isa, (fl) | F_COND, __VA_ARGS__), \
    O(o + 8, op, isa, (fl) | F_COND, __VA_ARGS__), O(o + 9, op, isa, (fl) | F_COND, __VA_ARGS__), \
    O(o + 10, op, isa, (fl) | F_COND, __VA_ARGS__), O(o + 11, op, isa, (fl) | F_COND, __VA_ARGS__), \
    O(o + 12, op, isa, (fl) | F_COND, __VA_ARGS__), O(o + 13, op, isa, (fl) | F_COND, __VA_ARGS__), \
    O(o + 14, op, isa, (fl) | F_COND, __VA_ARGS__), O(o + 15, op, isa, (fl) | F_COND, __VA_ARGS__)

/* Eight consecutive opcodes with the register in bits 2:0. */
#define REG8(o, op, isa, fl, ...) \
    O(o + 0, op, isa, fl, __VA_ARGS__), O(o + 1, op, isa, fl, __VA_ARGS__), \
    O(o + 2, op, isa, fl, __VA_ARGS__), O(o + 3, op, isa, fl, __VA_ARGS__), \
    O(o + 4, op, isa, fl, __VA_ARGS__), O(o + 5, op, isa, fl, __VA_ARGS__), \
    O(o + 6, op, isa, fl, __VA_ARGS__), O(o + 7, op, isa, fl, __VA_ARGS__)

/* x87 memory forms (mod != 11) of one escape opcode, /0../7. */
#define X87M(o, r, op, sz) G(o, r, op, X87, F_MEM, sz)
/* x87 register forms (mod = 11), ModRM.reg selects. */
#define X87R(o, r, op, ...) G(o, r, op, X87, F_REG, __VA_ARGS__)
/* x87 register form fixed to one ModRM byte. */
#define X87B(o, modrm, op, ...) \
    GRM(o, ((modrm) >> 3) & 7, (modrm) & 7, op, X87, 0, __VA_ARGS__)

/* ==== One-byte opcode map (SDM table A-2) ============================== */
static const struct x86_row rows_primary[] = {
    ALU6(0x00, ADD, F_LOCK),
    O(0x06, PUSH, BASE, F_I64, sES),
    O(0x07, POP, BASE, F_I64, sES),
    ALU6(0x08, OR, F_LOCK),
    O(0x0e, PUSH, BASE, F_I64, sCS),
    /* 0F: two-byte escape */
    ALU6(0x10, ADC, F_LOCK),
    O(0x16, PUSH, BASE, F_I64, sSS),
    O(0x17, POP, BASE, F_I64, sSS),
    ALU6(0x18, SBB, F_LOCK),
    O(0x1e, PUSH, BASE, F_I64, sDS),
    O(0x1f, POP, BASE, F_I64, sDS),
    ALU6(0x20, AND, F_LOCK),
    /* 26: SEG=ES prefix */
    O(0x27, DAA, BASE, F_I64),
    ALU6(0x28, SUB, F_LOCK),
    /* 2E: SEG=CS prefix */
    O(0x2f, DAS, BASE, F_I64),
    ALU6(0x30, XOR, F_LOCK),
    /* 36: SEG=SS prefix */
    O(0x37, AAA, BASE, F_I64),
    ALU6(0x38, CMP, 0),
    /* 3E: SEG=DS prefix */
    O(0x3f, AAS, BASE, F_I64),
    /* 40-4F: INC/DEC, REX prefixes in 64-bit mode */
    REG8(0x40, INC, BASE, F_I64, Zv),
    REG8(0x48, DEC, BASE, F_I64, Zv),
    REG8(0x50, PUSH, BASE, F_D64, Zv),
    REG8(0x58, POP, BASE, F_D64, Zv),
    O(0x60, PUSHA, BASE, F_I64),
    O(0x61, POPA, BASE, F_I64),
    O(0x62, BOUND, BASE, F_I64 | F_MEM, Gv, Ma),  /* 62 with mod=11: EVEX */
    O(0x63, ARPL, BASE, F_I64 | F_PM, Ew, Gw),
    O(0x63, MOVSXD, BASE, F_O64, Gv, Ez),
    /* 64, 65: SEG=FS/GS; 66, 67: operand/address size */
    O(0x68, PUSH, BASE, F_D64, Iz),
    O(0x69, IMUL, BASE, 0, Gv, Ev, Iz),
    O(0x6a, PUSH, BASE, F_D64, Ibs),
    O(0x6b, IMUL, BASE, 0, Gv, Ev, Ibs),
    O(0x6c, INS, BASE, 0, Yb, DX),
    O(0x6d, INS, BASE, 0, Yz, DX),
    O(0x6e, OUTS, BASE, 0, DX, Xb),
    O(0x6f, OUTS, BASE, 0, DX, Xz),
    COND16(0x70, JCC, BASE, F_F64, Jb),
    GRP1(0x80, 0, Eb, Ib),
    GRP1(0x81, 0, Ev, Iz),
    GRP1(0x82, F_I64, Eb, Ib),
    GRP1(0x83, 0, Ev, Ibs),
    O(0x84, TEST, BASE, 0, Eb, Gb),
    O(0x85, TEST, BASE, 0, Ev, Gv),
    O(0x86, XCHG, BASE, F_LOCK, Eb, Gb),
    O(0x87, XCHG, BASE, F_LOCK, Ev, Gv),
    O(0x88, MOV, BASE, 0, Eb, Gb),
    O(0x89, MOV, BASE, 0, Ev, Gv),
    O(0x8a, MOV, BASE, 0, Gb, Eb),
    O(0x8b, MOV, BASE, 0, Gv, Ev),
    O(0x8c, MOV, BASE, 0, RvMw, Sw),
    O(0x8d, LEA, BASE, F_MEM, Gv, M),
    O(0x8e, MOV, BASE, 0, Sw, Ew),
    G(0x8f, 0, POP, BASE, F_D64, Ev),           /* Grp 1A */
    /* 90: XCHG r8, rAX with REX.B; F3 90 PAUSE; NOP */
    P(0x90, F3, PAUSE, BASE, 0),
    O(0x90, XCHG, BASE, F_REXB, Zv, rAX),
    O(0x90, NOP, BASE, 0),
    O(0x91, XCHG, BASE, 0, Zv, rAX), O(0x92, XCHG, BASE, 0, Zv, rAX),
    O(0x93, XCHG, BASE, 0, Zv, rAX), O(0x94, XCHG, BASE, 0, Zv, rAX),
    O(0x95, XCHG, BASE, 0, Zv, rAX), O(0x96, XCHG, BASE, 0, Zv, rAX),
    O(0x97, XCHG, BASE, 0, Zv, rAX),
    O(0x98, CBW, BASE, 0),                      /* CBW/CWDE/CDQE */
    O(0x99, CWD, BASE, 0),                      /* CWD/CDQ/CQO */
    O(0x9a, CALLF, BASE, F_I64, Ap),
    O(0x9b, FWAIT, BASE, 0),
    O(0x9c, PUSHF, BASE, F_D64),
    O(0x9d, POPF, BASE, F_D64),
    O(0x9e, SAHF, BASE, 0),
    O(0x9f, LAHF, BASE, 0),
    O(0xa0, MOV, BASE, 0, AL, Ob),
    O(0xa1, MOV, BASE, 0, rAX, Ov),
    O(0xa2, MOV, BASE, 0, Ob, AL),
    O(0xa3, MOV, BASE, 0, Ov, rAX),
    O(0xa4, MOVS, BASE, 0, Yb, Xb),
    O(0xa5, MOVS, BASE, 0, Yv, Xv),
    O(0xa6, CMPS, BASE, 0, Xb, Yb),
    O(0xa7, CMPS, BASE, 0, Xv, Yv),
    O(0xa8, TEST, BASE, 0, AL, Ib),
    O(0xa9, TEST, BASE, 0, rAX, Iz),
    O(0xaa, STOS, BASE, 0, Yb, AL),
    O(0xab, STOS, BASE, 0, Yv, rAX),
    O(0xac, LODS, BASE, 0, AL, Xb),
    O(0xad, LODS, BASE, 0, rAX, Xv),
    O(0xae, SCAS, BASE, 0, AL, Yb),
    O(0xaf, SCAS, BASE, 0, rAX, Yv),
    REG8(0xb0, MOV, BASE, 0, Zb, Ib),
    REG8(0xb8, MOV, BASE, 0, Zv, Iv),
    GRP2(0xc0, Eb, Ib),
    GRP2(0xc1, Ev, Ib),
    O(0xc2, RET, BASE, F_F64, Iw),
    O(0xc3, RET, BASE, F_F64),
    O(0xc4, LES, BASE, F_I64 | F_MEM, Gz, Mp),   /* C4 with mod=11: VEX */
    O(0xc5, LDS, BASE, F_I64 | F_MEM, Gz, Mp),   /* C5 with mod=11: VEX */
    GRM(0xc6, 7, 0, XABORT, RTM, 0, Ib),         /* Grp 11 */
    G(0xc6, 0, MOV, BASE, 0, Eb, Ib),
    GRM(0xc7, 7, 0, XBEGIN, RTM, 0, Jz),
    G(0xc7, 0, MOV, BASE, 0, Ev, Iz),
    O(0xc8, ENTER, BASE, F_D64, Iw, Ib),
    O(0xc9, LEAVE, BASE, F_D64),
    O(0xca, RETF, BASE, 0, Iw),
    O(0xcb, RETF, BASE, 0),
    O(0xcc, INT3, BASE, 0),
    O(0xcd, INT, BASE, 0, Ib),
    O(0xce, INTO, BASE, F_I64),
    O(0xcf, IRET, BASE, 0),
    GRP2(0xd0, Eb, ONE),
    GRP2(0xd1, Ev, ONE),
    GRP2(0xd2, Eb, CL),
    GRP2(0xd3, Ev, CL),
    O(0xd4, AAM, BASE, F_I64, Ib),
    O(0xd5, AAD, BASE, F_I64, Ib),
    O(0xd6, SALC, BASE, F_I64),
    O(0xd7, XLAT, BASE, 0),

    /* D8-DF: x87 escapes (SDM tables) */
    X87M(0xd8, 0, FADD, Md), X87M(0xd8, 1, FMUL, Md),
    X87M(0xd8, 2, FCOM, Md), X87M(0xd8, 3, FCOMP, Md),
    X87M(0xd8, 4, FSUB, Md), X87M(0xd8, 5, FSUBR, Md),
    X87M(0xd8, 6, FDIV, Md), X87M(0xd8, 7, FDIVR, Md),
    X87R(0xd8, 0, FADD, ST0, STi), X87R(0xd8, 1, FMUL, ST0, STi),
    X87R(0xd8, 2, FCOM, STi), X87R(0xd8, 3, FCOMP, STi),
    X87R(0xd8, 4, FSUB, ST0, STi), X87R(0xd8, 5, FSUBR, ST0, STi),
    X87R(0xd8, 6, FDIV, ST0, STi), X87R(0xd8, 7, FDIVR, ST0, STi),

    X87M(0xd9, 0, FLD, Md), X87M(0xd9, 2, FST, Md), X87M(0xd9, 3, FSTP, Md),
    X87M(0xd9, 4, FLDENV, Menv), X87M(0xd9, 5, FLDCW, Mw),
    X87M(0xd9, 6, FNSTENV, Menv), X87M(0xd9, 7, FNSTCW, Mw),
    X87R(0xd9, 0, FLD, STi), X87R(0xd9, 1, FXCH, STi),
    X87B(0xd9, 0xd0, FNOP),
    X87R(0xd9, 3, FSTP, STi),                   /* alias of DD D8+i */
    X87B(0xd9, 0xe0, FCHS), X87B(0xd9, 0xe1, FABS),
    X87B(0xd9, 0xe4, FTST), X87B(0xd9, 0xe5, FXAM),
    X87B(0xd9, 0xe8, FLD1), X87B(0xd9, 0xe9, FLDL2T),
    X87B(0xd9, 0xea, FLDL2E), X87B(0xd9, 0xeb, FLDPI),
    X87B(0xd9, 0xec, FLDLG2), X87B(0xd9, 0xed, FLDLN2),
    X87B(0xd9, 0xee, FLDZ),
    X87B(0xd9, 0xf0, F2XM1), X87B(0xd9, 0xf1, FYL2X),
    X87B(0xd9, 0xf2, FPTAN), X87B(0xd9, 0xf3, FPATAN),
    X87B(0xd9, 0xf4, FXTRACT), X87B(0xd9, 0xf5, FPREM1),
    X87B(0xd9, 0xf6, FDECSTP), X87B(0xd9, 0xf7, FINCSTP),
    X87B(0xd9, 0xf8, FPREM), X87B(0xd9, 0xf9, FYL2XP1),
    X87B(0xd9, 0xfa, FSQRT), X87B(0xd9, 0xfb, FSINCOS),
    X87B(0xd9, 0xfc, FRNDINT), X87B(0xd9, 0xfd, FSCALE),
    X87B(0xd9, 0xfe, FSIN), X87B(0xd9, 0xff, FCOS),

    X87M(0xda, 0, FIADD, Md), X87M(0xda, 1, FIMUL, Md),
    X87M(0xda, 2, FICOM, Md), X87M(0xda, 3, FICOMP, Md),
    X87M(0xda, 4, FISUB, Md), X87M(0xda, 5, FISUBR, Md),
    X87M(0xda, 6, FIDIV, Md), X87M(0xda, 7, FIDIVR, Md),
    X87R(0xda, 0, FCMOVB, ST0, STi), X87R(0xda, 1, FCMOVE, ST0, STi),
    X87R(0xda, 2, FCMOVBE, ST0, STi), X87R(0xda, 3, FCMOVU, ST0, STi),
    X87B(0xda, 0xe9, FUCOMPP),

    X87M(0xdb, 0, FILD, Md), X87M(0xdb, 1, FISTTP, Md),
    X87M(0xdb, 2, FIST, Md), X87M(0xdb, 3, FISTP, Md),
    X87M(0xdb, 5, FLD, Mt), X87M(0xdb, 7, FSTP, Mt),
    X87R(0xdb, 0, FCMOVNB, ST0, STi), X87R(0xdb, 1, FCMOVNE, ST0, STi),
    X87R(0xdb, 2, FCMOVNBE, ST0, STi), X87R(0xdb, 3, FCMOVNU, ST0, STi),
    X87B(0xdb, 0xe0, FNENI), X87B(0xdb, 0xe1, FNDISI),
    X87B(0xdb, 0xe2, FNCLEX), X87B(0xdb, 0xe3, FNINIT),
    X87B(0xdb, 0xe4, FNSETPM),
    X87R(0xdb, 5, FUCOMI, ST0, STi), X87R(0xdb, 6, FCOMI, ST0, STi),

    X87M(0xdc, 0, FADD, Mq), X87M(0xdc, 1, FMUL, Mq),
    X87M(0xdc, 2, FCOM, Mq), X87M(0xdc, 3, FCOMP, Mq),
    X87M(0xdc, 4, FSUB, Mq), X87M(0xdc, 5, FSUBR, Mq),
    X87M(0xdc, 6, FDIV, Mq), X87M(0xdc, 7, FDIVR, Mq),
    X87R(0xdc, 0, FADD, STi, ST0), X87R(0xdc, 1, FMUL, STi, ST0),
    X87R(0xdc, 2, FCOM, STi), X87R(0xdc, 3, FCOMP, STi),     /* aliases */
    X87R(0xdc, 4, FSUBR, STi, ST0), X87R(0xdc, 5, FSUB, STi, ST0),
    X87R(0xdc, 6, FDIVR, STi, ST0), X87R(0xdc, 7, FDIV, STi, ST0),

    X87M(0xdd, 0, FLD, Mq), X87M(0xdd, 1, FISTTP, Mq),
    X87M(0xdd, 2, FST, Mq), X87M(0xdd, 3, FSTP, Mq),
    X87M(0xdd, 4, FRSTOR, Mfsv), X87M(0xdd, 6, FNSAVE, Mfsv),
    X87M(0xdd, 7, FNSTSW, Mw),
    X87R(0xdd, 0, FFREE, STi), X87R(0xdd, 1, FXCH, STi),
    X87R(0xdd, 2, FST, STi),
    X87R(0xdd, 3, FSTP, STi), X87R(0xdd, 4, FUCOM, STi),
    X87R(0xdd, 5, FUCOMP, STi),

    X87M(0xde, 0, FIADD, Mw), X87M(0xde, 1, FIMUL, Mw),
    X87M(0xde, 2, FICOM, Mw), X87M(0xde, 3, FICOMP, Mw),
    X87M(0xde, 4, FISUB, Mw), X87M(0xde, 5, FISUBR, Mw),
    X87M(0xde, 6, FIDIV, Mw), X87M(0xde, 7, FIDIVR, Mw),
    X87R(0xde, 0, FADDP, STi, ST0), X87R(0xde, 1, FMULP, STi, ST0),
    X87R(0xde, 2, FCOMP, STi),
    X87B(0xde, 0xd9, FCOMPP),
    X87R(0xde, 4, FSUBRP, STi, ST0), X87R(0xde, 5, FSUBP, STi, ST0),
    X87R(0xde, 6, FDIVRP, STi, ST0), X87R(0xde, 7, FDIVP, STi, ST0),

    X87M(0xdf, 0, FILD, Mw), X87M(0xdf, 1, FISTTP, Mw),
    X87M(0xdf, 2, FIST, Mw), X87M(0xdf, 3, FISTP, Mw),
    X87M(0xdf, 4, FBLD, Mt), X87M(0xdf, 5, FILD, Mq),
    X87M(0xdf, 6, FBSTP, Mt), X87M(0xdf, 7, FISTP, Mq),
    X87R(0xdf, 0, FFREEP, STi), X87R(0xdf, 1, FXCH, STi),    /* aliases */
    X87R(0xdf, 2, FSTP, STi), X87R(0xdf, 3, FSTP, STi),
    X87B(0xdf, 0xe0, FNSTSW, AX),
    X87R(0xdf, 5, FUCOMIP, ST0, STi), X87R(0xdf, 6, FCOMIP, ST0, STi),

    O(0xe0, LOOPNE, BASE, F_F64, Jb),
    O(0xe1, LOOPE, BASE, F_F64, Jb),
    O(0xe2, LOOP, BASE, F_F64, Jb),
    O(0xe3, JCXZ, BASE, F_F64, Jb),
    O(0xe4, IN, BASE, 0, AL, Ib),
    O(0xe5, IN, BASE, 0, eAX, Ib),
    O(0xe6, OUT, BASE, 0, Ib, AL),
    O(0xe7, OUT, BASE, 0, Ib, eAX),
    O(0xe8, CALL, BASE, F_F64, Jz),
    O(0xe9, JMP, BASE, F_F64, Jz),
    O(0xea, JMPF, BASE, F_I64, Ap),
    O(0xeb, JMP, BASE, F_F64, Jb),
    O(0xec, IN, BASE, 0, AL, DX),
    O(0xed, IN, BASE, 0, eAX, DX),
    O(0xee, OUT, BASE, 0, DX, AL),
    O(0xef, OUT, BASE, 0, DX, eAX),
    /* F0: LOCK prefix */
    O(0xf1, INT1, BASE, 0),
    /* F2, F3: REPNE/REP prefixes */
    O(0xf4, HLT, BASE, 0),
    O(0xf5, CMC, BASE, 0),
    G(0xf6, 0, TEST, BASE, 0, Eb, Ib),          /* Grp 3 */
    G(0xf6, 1, TEST, BASE, 0, Eb, Ib),          /* undocumented alias of /0 */
    G(0xf6, 2, NOT, BASE, F_LOCK, Eb),
    G(0xf6, 3, NEG, BASE, F_LOCK, Eb),
    G(0xf6, 4, MUL, BASE, 0, Eb),
    G(0xf6, 5, IMUL, BASE, 0, Eb),
    G(0xf6, 6, DIV, BASE, 0, Eb),
    G(0xf6, 7, IDIV, BASE, 0, Eb),
    G(0xf7, 0, TEST, BASE, 0, Ev, Iz),
    G(0xf7, 1, TEST, BASE, 0, Ev, Iz),
    G(0xf7, 2, NOT, BASE, F_LOCK, Ev),
    G(0xf7, 3, NEG, BASE, F_LOCK, Ev),
    G(0xf7, 4, MUL, BASE, 0, Ev),
    G(0xf7, 5, IMUL, BASE, 0, Ev),
    G(0xf7, 6, DIV, BASE, 0, Ev),
    G(0xf7, 7, IDIV, BASE, 0, Ev),
    O(0xf8, CLC, BASE, 0),
    O(0xf9, STC, BASE, 0),
    O(0xfa, CLI, BASE, 0),
    O(0xfb, STI, BASE, 0),
    O(0xfc, CLD, BASE, 0),
    O(0xfd, STD, BASE, 0),
    G(0xfe, 0, INC, BASE, F_LOCK, Eb),          /* Grp 4 */
    G(0xfe, 1, DEC, BASE, F_LOCK, Eb),
    G(0xff, 0, INC, BASE, F_LOCK, Ev),          /* Grp 5 */
    G(0xff, 1, DEC, BASE, F_LOCK, Ev),
    G(0xff, 2, CALL, BASE, F_F64, Ev),
    G(0xff, 3, CALLF, BASE, F_MEM, Mp),
    G(0xff, 4, JMP, BASE, F_F64, Ev),
    G(0xff, 5, JMPF, BASE, F_MEM, Mp),
    G(0xff, 6, PUSH, BASE, F_D64, Ev),
};

/* MMX form (NP) and SSE2 form (66, also VEX) of an integer operation. */
#define MMXSSE(o, op, misa) \
    P(o, NP, op, misa, 0, Pq, Qq), VI(o, 66, op, SSE2, 0, Vx, Hx, Wx)
/* Shift by MMX/XMM count: the XMM count is always 128 bits. */
#define MMXSSE_SH(o, op) \
    P(o, NP, op, MMX, 0, Pq, Qq), VI(o, 66, op, SSE2, 0, Vx, Hx, Wdq)
/* Packed/scalar single/double quadruple (0F 51-5F rows). */
#define PSSD(o, op, isa1, isa2) \
    V(o, NP, op##PS, isa1, 0, Vps, Hps, Wps), \
    V(o, 66, op##PD, isa2, 0, Vpd, Hpd, Wpd), \
    V(o, F3, op##SS, isa1, F_LIG, Vss, Hss, Wss), \
    V(o, F2, op##SD, isa2, F_LIG, Vsd, Hsd, Wsd)
/* Shift-by-immediate groups 12-14: NP MMX, 66 XMM (VEX: Hx, Ux, Ib). */
#define SHIMM(o, r, op) \
    PG(o, NP, r, op, MMX, F_REG, Nq, Ib), \
    VG(o, 66, r, op, SSE2, F_REG, Hx, Ux, Ib)


/* VEX-encoded opmask instructions (SDM table A-3, AVX-512 "k" rows):
 * NP W0 = word, NP W1 = quadword, 66 W0 = byte, 66 W1 = doubleword. */
#define KOP3(o, b) \
    VO(o, NP, b##W, AVX512, F_W0 | F_L1 | F_REG, KG, KH, KU), \
    VO(o, NP, b##Q, AVX512, F_W1 | F_L1 | F_REG, KG, KH, KU), \
    VO(o, 66, b##B, AVX512, F_W0 | F_L1 | F_REG, KG, KH, KU), \
    VO(o, 66, b##D, AVX512, F_W1 | F_L1 | F_REG, KG, KH, KU)
#define KOP2(o, b) \
    VO(o, NP, b##W, AVX512, F_W0 | F_L0 | F_REG, KG, KU), \
    VO(o, NP, b##Q, AVX512, F_W1 | F_L0 | F_REG, KG, KU), \
    VO(o, 66, b##B, AVX512, F_W0 | F_L0 | F_REG, KG, KU), \
    VO(o, 66, b##D, AVX512, F_W1 | F_L0 | F_REG, KG, KU)

/* ==== Two-byte opcode map, 0F xx (SDM table A-3) ======================= */
static const struct x86_row rows_0f[] = {
    G(0x00, 0, SLDT, BASE, F_PM, RvMw),         /* Grp 6 */
    G(0x00, 1, STR, BASE, F_PM, RvMw),
    G(0x00, 2, LLDT, BASE, F_PM, Ew),
    G(0x00, 3, LTR, BASE, F_PM, Ew),
    G(0x00, 4, VERR, BASE, F_PM, Ew),
    G(0x00, 5, VERW, BASE, F_PM, Ew),
    /* Grp 7, mod = 11 encodings first */
    PGRM(0x01, NP, 0, 0, ENCLV, SGX, F_PM),
    PGRM(0x01, NP, 0, 1, VMCALL, VMX, 0),
    PGRM(0x01, NP, 0, 2, VMLAUNCH, VMX, F_PM),
    PGRM(0x01, NP, 0, 3, VMRESUME, VMX, F_PM),
    PGRM(0x01, NP, 0, 4, VMXOFF, VMX, F_PM),
    PGRM(0x01, NP, 0, 5, PCONFIG, OTHER, 0),
    PGRM(0x01, NP, 1, 0, MONITOR, MONITOR, 0),
    PGRM(0x01, NP, 1, 1, MWAIT, MONITOR, 0),
    PGRM(0x01, NP, 1, 2, CLAC, SMAP, 0),
    PGRM(0x01, NP, 1, 3, STAC, SMAP, 0),
    PGRM(0x01, NP, 1, 7, ENCLS, SGX, F_PM),
    PGRM(0x01, 66, 1, 4, TDCALL, OTHER, 0),
    PGRM(0x01, 66, 1, 5, SEAMRET, OTHER, F_O64),
    PGRM(0x01, 66, 1, 6, SEAMOPS, OTHER, F_O64),
    PGRM(0x01, 66, 1, 7, SEAMCALL, OTHER, F_O64),
    PGRM(0x01, NP, 2, 0, XGETBV, XSAVE, 0),
    PGRM(0x01, NP, 2, 1, XSETBV, XSAVE, 0),
    PGRM(0x01, NP, 2, 4, VMFUNC, VMX, 0),
    PGRM(0x01, NP, 2, 5, XEND, RTM, 0),
    PGRM(0x01, NP, 2, 6, XTEST, RTM, 0),
    PGRM(0x01, NP, 2, 7, ENCLU, SGX, F_PM),
    GRM(0x01, 3, 0, VMRUN, SVM, F_PM, rAXa),
    GRM(0x01, 3, 1, VMMCALL, SVM, 0),
    GRM(0x01, 3, 2, VMLOAD, SVM, F_PM, rAXa),
    GRM(0x01, 3, 3, VMSAVE, SVM, F_PM, rAXa),
    GRM(0x01, 3, 4, STGI, SVM, F_PM),
    GRM(0x01, 3, 5, CLGI, SVM, F_PM),
    GRM(0x01, 3, 6, SKINIT, SVM, F_PM, EAX),
    GRM(0x01, 3, 7, INVLPGA, SVM, F_PM, rAXa, ECX),
    PGRM(0x01, NP, 5, 0, SERIALIZE, OTHER, 0),
    PGRM(0x01, F2, 5, 0, XSUSLDTRK, OTHER, 0),
    PGRM(0x01, F2, 5, 1, XRESLDTRK, OTHER, 0),
    PGRM(0x01, F3, 5, 0, SETSSBSY, CET, F_PM),
    PGRM(0x01, F3, 5, 2, SAVEPREVSSP, CET, F_PM),
    PGRM(0x01, F3, 5, 4, UIRET, OTHER, F_O64),
    PGRM(0x01, F3, 5, 5, TESTUI, OTHER, F_O64),
    PGRM(0x01, F3, 5, 6, CLUI, OTHER, F_O64),
    PGRM(0x01, F3, 5, 7, STUI, OTHER, F_O64),
    PGRM(0x01, F3, 7, 2, MCOMMIT, OTHER, 0),
    PGRM(0x01, F2, 7, 6, RMPUPDATE, OTHER, F_O64, RAX, RCX),
    PGRM(0x01, F2, 7, 7, PVALIDATE, OTHER, 0, rAXa, ECX, EDX),
    PGRM(0x01, F3, 7, 6, RMPADJUST, OTHER, F_O64, RAX, RCX, RDX),
    PGRM(0x01, F3, 7, 7, PSMASH, OTHER, F_O64, RAX),
    PGRM(0x01, NP, 5, 6, RDPKRU, PKU, 0),
    PGRM(0x01, NP, 5, 7, WRPKRU, PKU, 0),
    GRM(0x01, 7, 0, SWAPGS, LM, F_O64),
    GRM(0x01, 7, 1, RDTSCP, RDTSCP, 0),
    PGRM(0x01, NP, 7, 2, MONITORX, OTHER, 0),
    PGRM(0x01, NP, 7, 3, MWAITX, OTHER, 0),
    GRM(0x01, 7, 4, CLZERO, OTHER, 0, rAXa),
    GRM(0x01, 7, 5, RDPRU, OTHER, 0),
    PGRM(0x01, NP, 7, 6, INVLPGB, OTHER, 0, rAXa, EDX, ECX),
    PGRM(0x01, NP, 7, 7, TLBSYNC, OTHER, 0),
    PG(0x01, F3, 5, RSTORSSP, CET, F_PM | F_MEM, Mq),
    G(0x01, 0, SGDT, BASE, F_MEM, Ms),
    G(0x01, 1, SIDT, BASE, F_MEM, Ms),
    G(0x01, 2, LGDT, BASE, F_MEM, Ms),
    G(0x01, 3, LIDT, BASE, F_MEM, Ms),
    G(0x01, 4, SMSW, BASE, 0, RvMw),
    G(0x01, 6, LMSW, BASE, 0, Ew),
    G(0x01, 7, INVLPG, BASE, F_MEM, Mb),
    O(0x02, LAR, BASE, F_PM, Gv, RzMw),
    O(0x03, LSL, BASE, F_PM, Gv, RzMw),
    O(0x05, SYSCALL, SYSCALL, F_PM),
    O(0x06, CLTS, BASE, 0),
    O(0x07, SYSRET, SYSCALL, F_PM),
    O(0x08, INVD, BASE, 0),
    P(0x09, F3, WBNOINVD, OTHER, 0),
    O(0x09, WBINVD, BASE, 0),
    O(0x0b, UD2, BASE, 0),
    G(0x0d, 1, PREFETCHW, PREFETCHW, F_MEM, Mb),
    G(0x0d, 2, PREFETCHWT1, OTHER, F_MEM, Mb),      /* AMD: /0, /3-/7 */
    O(0x0d, PREFETCH, 3DNOW, F_MEM, Mb),
    O(0x0d, NOP, BASE, 0, Ev),                  /* reserved-NOP space */
    O(0x0e, FEMMS, 3DNOW, 0),
    O(0x0f, NONE, 3DNOW, F_3DNOW, Pq, Qq),          /* suffix = opcode */

    V(0x10, NP, MOVUPS, SSE, 0, Vps, Wps),
    V(0x10, 66, MOVUPD, SSE2, 0, Vpd, Wpd),
    P(0x10, F3, MOVSS, SSE, 0, Vdq, Wss),
    VO(0x10, F3, MOVSS, AVX, F_VNAME | F_LIG | F_MEM, Vdq, Md),
    VO(0x10, F3, MOVSS, AVX, F_VNAME | F_LIG | F_REG, Vdq, Hdq, Udq),
    P(0x10, F2, MOVSD, SSE2, 0, Vdq, Wsd),
    VO(0x10, F2, MOVSD, AVX, F_VNAME | F_LIG | F_MEM, Vdq, Mq),
    VO(0x10, F2, MOVSD, AVX, F_VNAME | F_LIG | F_REG, Vdq, Hdq, Udq),
    V(0x11, NP, MOVUPS, SSE, 0, Wps, Vps),
    V(0x11, 66, MOVUPD, SSE2, 0, Wpd, Vpd),
    P(0x11, F3, MOVSS, SSE, 0, Wss, Vss),
    VO(0x11, F3, MOVSS, AVX, F_VNAME | F_LIG | F_MEM, Md, Vdq),
    VO(0x11, F3, MOVSS, AVX, F_VNAME | F_LIG | F_REG, Udq, Hdq, Vdq),
    P(0x11, F2, MOVSD, SSE2, 0, Wsd, Vsd),
    VO(0x11, F2, MOVSD, AVX, F_VNAME | F_LIG | F_MEM, Mq, Vdq),
    VO(0x11, F2, MOVSD, AVX, F_VNAME | F_LIG | F_REG, Udq, Hdq, Vdq),
    V(0x12, NP, MOVLPS, SSE, F_MEM | F_L0, Vdq, Hq, Mq),
    V(0x12, NP, MOVHLPS, SSE, F_REG | F_L0, Vdq, Hq, Uq),
    V(0x12, 66, MOVLPD, SSE2, F_MEM | F_L0, Vdq, Hq, Mq),
    V(0x12, F3, MOVSLDUP, SSE3, 0, Vx, Wx),
    V(0x12, F2, MOVDDUP, SSE3, 0, Vx, Wdup),
    V(0x13, NP, MOVLPS, SSE, F_MEM | F_L0, Mq, Vq),
    V(0x13, 66, MOVLPD, SSE2, F_MEM | F_L0, Mq, Vq),
    V(0x14, NP, UNPCKLPS, SSE, 0, Vx, Hx, Wx),
    V(0x14, 66, UNPCKLPD, SSE2, 0, Vx, Hx, Wx),
    V(0x15, NP, UNPCKHPS, SSE, 0, Vx, Hx, Wx),
    V(0x15, 66, UNPCKHPD, SSE2, 0, Vx, Hx, Wx),
    V(0x16, NP, MOVHPS, SSE, F_MEM | F_L0, Vdq, Hq, Mq),
    V(0x16, NP, MOVLHPS, SSE, F_REG | F_L0, Vdq, Hq, Uq),
    V(0x16, 66, MOVHPD, SSE2, F_MEM | F_L0, Vdq, Hq, Mq),
    V(0x16, F3, MOVSHDUP, SSE3, 0, Vx, Wx),
    V(0x17, NP, MOVHPS, SSE, F_MEM | F_L0, Mq, Vq),
    V(0x17, 66, MOVHPD, SSE2, F_MEM | F_L0, Mq, Vq),
    G(0x18, 0, PREFETCHNTA, SSE, F_MEM, Mb),     /* Grp 16 */
    G(0x18, 1, PREFETCHT0, SSE, F_MEM, Mb),
    G(0x18, 2, PREFETCHT1, SSE, F_MEM, Mb),
    G(0x18, 3, PREFETCHT2, SSE, F_MEM, Mb),
    O(0x18, NOP, BASE, 0, Ev),                  /* reserved-NOP space */
    O(0x19, NOP, BASE, 0, Ev),
    P(0x1a, F3, BNDCL, MPX, F_NOA16 | F_AS64, BNDr, Ec),
    P(0x1a, F2, BNDCU, MPX, F_NOA16 | F_AS64, BNDr, Ec),
    P(0x1a, 66, BNDMOV, MPX, F_NOA16 | F_AS64, BNDr, BNDm),
    P(0x1a, NP, BNDLDX, MPX, F_NOA16 | F_AS64 | F_MEM | F_NORIP, BNDr, Mib),
    O(0x1a, NOP, BASE, 0, Ev),
    P(0x1b, F3, BNDMK, MPX, F_NOA16 | F_AS64 | F_MEM | F_NORIP, BNDr, M),
    P(0x1b, F2, BNDCN, MPX, F_NOA16 | F_AS64, BNDr, Ec),
    P(0x1b, 66, BNDMOV, MPX, F_NOA16 | F_AS64, BNDm, BNDr),
    P(0x1b, NP, BNDSTX, MPX, F_NOA16 | F_AS64 | F_MEM | F_NORIP, Mib, BNDr),
    O(0x1b, NOP, BASE, 0, Ev),
    PG(0x1c, NP, 0, CLDEMOTE, OTHER, F_MEM, Mb),
    O(0x1c, NOP, BASE, 0, Ev),
    O(0x1d, NOP, BASE, 0, Ev),
    PGRM(0x1e, F3, 7, 2, ENDBR64, CET, 0),
    PGRM(0x1e, F3, 7, 3, ENDBR32, CET, 0),
    PG(0x1e, F3, 1, RDSSP, CET, F_REG, Ry),
    O(0x1e, NOP, BASE, 0, Ev),
    O(0x1f, NOP, BASE, 0, Ev),

    O(0x20, MOV_CR, BASE, F_MODIGN, Rc, Cc),
    O(0x21, MOV_DR, BASE, F_MODIGN, Rc, Dc),
    O(0x22, MOV_CR, BASE, F_MODIGN, Cc, Rc),
    O(0x23, MOV_DR, BASE, F_MODIGN, Dc, Rc),
    V(0x28, NP, MOVAPS, SSE, 0, Vps, Wps),
    V(0x28, 66, MOVAPD, SSE2, 0, Vpd, Wpd),
    V(0x29, NP, MOVAPS, SSE, 0, Wps, Vps),
    V(0x29, 66, MOVAPD, SSE2, 0, Wpd, Vpd),
    P(0x2a, NP, CVTPI2PS, SSE, 0, Vdq, Qq),
    P(0x2a, 66, CVTPI2PD, SSE2, 0, Vdq, Qq),
    V(0x2a, F3, CVTSI2SS, SSE, F_LIG, Vss, Hss, Ey),
    V(0x2a, F2, CVTSI2SD, SSE2, F_LIG, Vsd, Hsd, Ey),
    V(0x2b, NP, MOVNTPS, SSE, F_MEM, Mx, Vps),
    V(0x2b, 66, MOVNTPD, SSE2, F_MEM, Mx, Vpd),
    P(0x2b, F3, MOVNTSS, SSE4A, F_MEM, Md, Vdq),
    P(0x2b, F2, MOVNTSD, SSE4A, F_MEM, Mq, Vdq),
    P(0x2c, NP, CVTTPS2PI, SSE, 0, Pq, Wq),
    P(0x2c, 66, CVTTPD2PI, SSE2, 0, Pq, Wdq),
    V(0x2c, F3, CVTTSS2SI, SSE, F_LIG, Gy, Wss),
    V(0x2c, F2, CVTTSD2SI, SSE2, F_LIG, Gy, Wsd),
    P(0x2d, NP, CVTPS2PI, SSE, 0, Pq, Wq),
    P(0x2d, 66, CVTPD2PI, SSE2, 0, Pq, Wdq),
    V(0x2d, F3, CVTSS2SI, SSE, F_LIG, Gy, Wss),
    V(0x2d, F2, CVTSD2SI, SSE2, F_LIG, Gy, Wsd),
    V(0x2e, NP, UCOMISS, SSE, F_LIG, Vss, Wss),
    V(0x2e, 66, UCOMISD, SSE2, F_LIG, Vsd, Wsd),
    V(0x2f, NP, COMISS, SSE, F_LIG, Vss, Wss),
    V(0x2f, 66, COMISD, SSE2, F_LIG, Vsd, Wsd),

    O(0x30, WRMSR, BASE, 0),
    O(0x31, RDTSC, BASE, 0),
    O(0x32, RDMSR, BASE, 0),
    O(0x33, RDPMC, BASE, 0),
    O(0x34, SYSENTER, SEP, 0),
    O(0x35, SYSEXIT, SEP, 0),
    P(0x37, NP, GETSEC, SMX, 0),
    /* 38, 3A: three-byte escapes */
    COND16(0x40, CMOVCC, CMOV, 0, Gv, Ev),
    KOP3(0x41, KAND),
    KOP3(0x42, KANDN),
    KOP2(0x44, KNOT),
    KOP3(0x45, KOR),
    KOP3(0x46, KXNOR),
    KOP3(0x47, KXOR),
    KOP3(0x4a, KADD),
    VO(0x4b, NP, KUNPCKWD, AVX512, F_W0 | F_L1 | F_REG, KG, KH, KU),
    VO(0x4b, NP, KUNPCKDQ, AVX512, F_W1 | F_L1 | F_REG, KG, KH, KU),
    VO(0x4b, 66, KUNPCKBW, AVX512, F_W0 | F_L1 | F_REG, KG, KH, KU),

    P(0x50, NP, MOVMSKPS, SSE, F_REG, Gy, Ups),
    VO(0x50, NP, MOVMSKPS, AVX, F_VNAME | F_REG, Gd, Ups),   /* VEX: W ignored */
    P(0x50, 66, MOVMSKPD, SSE2, F_REG, Gy, Upd),
    VO(0x50, 66, MOVMSKPD, AVX, F_VNAME | F_REG, Gd, Upd),
    V(0x51, NP, SQRTPS, SSE, 0, Vps, Wps),
    V(0x51, 66, SQRTPD, SSE2, 0, Vpd, Wpd),
    V(0x51, F3, SQRTSS, SSE, F_LIG, Vss, Hss, Wss),
    V(0x51, F2, SQRTSD, SSE2, F_LIG, Vsd, Hsd, Wsd),
    V(0x52, NP, RSQRTPS, SSE, 0, Vps, Wps),
    V(0x52, F3, RSQRTSS, SSE, F_LIG, Vss, Hss, Wss),
    V(0x53, NP, RCPPS, SSE, 0, Vps, Wps),
    V(0x53, F3, RCPSS, SSE, F_LIG, Vss, Hss, Wss),
    V(0x54, NP, ANDPS, SSE, 0, Vps, Hps, Wps),
    V(0x54, 66, ANDPD, SSE2, 0, Vpd, Hpd, Wpd),
    V(0x55, NP, ANDNPS, SSE, 0, Vps, Hps, Wps),
    V(0x55, 66, ANDNPD, SSE2, 0, Vpd, Hpd, Wpd),
    V(0x56, NP, ORPS, SSE, 0, Vps, Hps, Wps),
    V(0x56, 66, ORPD, SSE2, 0, Vpd, Hpd, Wpd),
    V(0x57, NP, XORPS, SSE, 0, Vps, Hps, Wps),
    V(0x57, 66, XORPD, SSE2, 0, Vpd, Hpd, Wpd),
    PSSD(0x58, ADD, SSE, SSE2),
    PSSD(0x59, MUL, SSE, SSE2),
    V(0x5a, NP, CVTPS2PD, SSE2, 0, Vpd, Wh),
    V(0x5a, 66, CVTPD2PS, SSE2, 0, Vdq, Wpd),
    V(0x5a, F3, CVTSS2SD, SSE2, F_LIG, Vsd, Hdq, Wss),
    V(0x5a, F2, CVTSD2SS, SSE2, F_LIG, Vss, Hdq, Wsd),
    V(0x5b, NP, CVTDQ2PS, SSE2, 0, Vps, Wx),
    V(0x5b, 66, CVTPS2DQ, SSE2, 0, Vx, Wps),
    V(0x5b, F3, CVTTPS2DQ, SSE2, 0, Vx, Wps),
    PSSD(0x5c, SUB, SSE, SSE2),
    PSSD(0x5d, MIN, SSE, SSE2),
    PSSD(0x5e, DIV, SSE, SSE2),
    PSSD(0x5f, MAX, SSE, SSE2),

    P(0x60, NP, PUNPCKLBW, MMX, 0, Pq, Qd),
    VI(0x60, 66, PUNPCKLBW, SSE2, 0, Vx, Hx, Wx),
    P(0x61, NP, PUNPCKLWD, MMX, 0, Pq, Qd),
    VI(0x61, 66, PUNPCKLWD, SSE2, 0, Vx, Hx, Wx),
    P(0x62, NP, PUNPCKLDQ, MMX, 0, Pq, Qd),
    VI(0x62, 66, PUNPCKLDQ, SSE2, 0, Vx, Hx, Wx),
    MMXSSE(0x63, PACKSSWB, MMX),
    MMXSSE(0x64, PCMPGTB, MMX),
    MMXSSE(0x65, PCMPGTW, MMX),
    MMXSSE(0x66, PCMPGTD, MMX),
    MMXSSE(0x67, PACKUSWB, MMX),
    MMXSSE(0x68, PUNPCKHBW, MMX),
    MMXSSE(0x69, PUNPCKHWD, MMX),
    MMXSSE(0x6a, PUNPCKHDQ, MMX),
    MMXSSE(0x6b, PACKSSDW, MMX),
    VI(0x6c, 66, PUNPCKLQDQ, SSE2, 0, Vx, Hx, Wx),
    VI(0x6d, 66, PUNPCKHQDQ, SSE2, 0, Vx, Hx, Wx),
    P(0x6e, NP, MOVQ, MMX, F_OPSZ64, Pq, Eq),
    P(0x6e, NP, MOVD, MMX, 0, Pq, Ed),
    V(0x6e, 66, MOVQ, SSE2, F_OPSZ64 | F_L0, Vq, Eq),
    V(0x6e, 66, MOVD, SSE2, F_L0, Vd, Ed),
    P(0x6f, NP, MOVQ, MMX, 0, Pq, Qq),
    V(0x6f, 66, MOVDQA, SSE2, 0, Vx, Wx),
    V(0x6f, F3, MOVDQU, SSE2, 0, Vx, Wx),

    P(0x70, NP, PSHUFW, SSE, 0, Pq, Qq, Ib),
    VI(0x70, 66, PSHUFD, SSE2, 0, Vx, Wx, Ib),
    VI(0x70, F3, PSHUFHW, SSE2, 0, Vx, Wx, Ib),
    VI(0x70, F2, PSHUFLW, SSE2, 0, Vx, Wx, Ib),
    SHIMM(0x71, 2, PSRLW), SHIMM(0x71, 4, PSRAW), SHIMM(0x71, 6, PSLLW),
    SHIMM(0x72, 2, PSRLD), SHIMM(0x72, 4, PSRAD), SHIMM(0x72, 6, PSLLD),
    SHIMM(0x73, 2, PSRLQ), SHIMM(0x73, 6, PSLLQ),
    VG(0x73, 66, 3, PSRLDQ, SSE2, F_REG, Hx, Ux, Ib),
    VG(0x73, 66, 7, PSLLDQ, SSE2, F_REG, Hx, Ux, Ib),
    MMXSSE(0x74, PCMPEQB, MMX),
    MMXSSE(0x75, PCMPEQW, MMX),
    MMXSSE(0x76, PCMPEQD, MMX),
    VO(0x77, NP, VZEROUPPER, AVX, F_L0),
    VO(0x77, NP, VZEROALL, AVX, F_L1),
    P(0x77, NP, EMMS, MMX, 0),
    P(0x78, NP, VMREAD, VMX, F_PM, Ec, Gc),
    PG(0x78, 66, 0, EXTRQ, SSE4A, F_REG, Udq, Ib, Ib),
    P(0x78, F2, INSERTQ, SSE4A, F_REG, Vdq, Udq, Ib, Ib),
    P(0x79, NP, VMWRITE, VMX, F_PM, Gc, Ec),
    P(0x79, 66, EXTRQ, SSE4A, F_REG, Vdq, Udq),
    P(0x79, F2, INSERTQ, SSE4A, F_REG, Vdq, Udq),
    V(0x7c, 66, HADDPD, SSE3, 0, Vpd, Hpd, Wpd),
    V(0x7c, F2, HADDPS, SSE3, 0, Vps, Hps, Wps),
    V(0x7d, 66, HSUBPD, SSE3, 0, Vpd, Hpd, Wpd),
    V(0x7d, F2, HSUBPS, SSE3, 0, Vps, Hps, Wps),
    P(0x7e, NP, MOVQ, MMX, F_OPSZ64, Eq, Pq),
    P(0x7e, NP, MOVD, MMX, 0, Ed, Pq),
    V(0x7e, 66, MOVQ, SSE2, F_OPSZ64 | F_L0, Eq, Vq),
    V(0x7e, 66, MOVD, SSE2, F_L0, Ed, Vd),
    V(0x7e, F3, MOVQ, SSE2, F_L0, Vq, Wq),
    P(0x7f, NP, MOVQ, MMX, 0, Qq, Pq),
    V(0x7f, 66, MOVDQA, SSE2, 0, Wx, Vx),
    V(0x7f, F3, MOVDQU, SSE2, 0, Wx, Vx),

    COND16(0x80, JCC, BASE, F_F64, Jz),
    COND16(0x90, SETCC, BASE, 0, Eb),
    VO(0x90, NP, KMOVW, AVX512, F_W0 | F_L0, KG, KEw),
    VO(0x90, NP, KMOVQ, AVX512, F_W1 | F_L0, KG, KEq),
    VO(0x90, 66, KMOVB, AVX512, F_W0 | F_L0, KG, KEb),
    VO(0x90, 66, KMOVD, AVX512, F_W1 | F_L0, KG, KEd),
    VO(0x91, NP, KMOVW, AVX512, F_W0 | F_L0 | F_MEM, Mw, KG),
    VO(0x91, NP, KMOVQ, AVX512, F_W1 | F_L0 | F_MEM, Mq, KG),
    VO(0x91, 66, KMOVB, AVX512, F_W0 | F_L0 | F_MEM, Mb, KG),
    VO(0x91, 66, KMOVD, AVX512, F_W1 | F_L0 | F_MEM, Md, KG),
    /* KMOV to/from a GPR: W1 selects r64 in 64-bit mode only */
    VO(0x92, NP, KMOVW, AVX512, F_W0 | F_L0 | F_REG, KG, Rd),
    VO(0x92, 66, KMOVB, AVX512, F_W0 | F_L0 | F_REG, KG, Rd),
    VO(0x92, F2, KMOVQ, AVX512, F_OPSZ64 | F_L0 | F_REG, KG, Rq),
    VO(0x92, F2, KMOVD, AVX512, F_L0 | F_REG, KG, Rd),
    VO(0x93, NP, KMOVW, AVX512, F_W0 | F_L0 | F_REG, Gd, KU),
    VO(0x93, 66, KMOVB, AVX512, F_W0 | F_L0 | F_REG, Gd, KU),
    VO(0x93, F2, KMOVQ, AVX512, F_OPSZ64 | F_L0 | F_REG, Gq, KU),
    VO(0x93, F2, KMOVD, AVX512, F_L0 | F_REG, Gd, KU),
    KOP2(0x98, KORTEST),
    KOP2(0x99, KTEST),
    O(0xa0, PUSH, BASE, F_D64, sFS),
    O(0xa1, POP, BASE, F_D64, sFS),
    O(0xa2, CPUID, BASE, 0),
    O(0xa3, BT, BASE, 0, Ev, Gv),
    O(0xa4, SHLD, BASE, 0, Ev, Gv, Ib),
    O(0xa5, SHLD, BASE, 0, Ev, Gv, CL),
    O(0xa8, PUSH, BASE, F_D64, sGS),
    O(0xa9, POP, BASE, F_D64, sGS),
    O(0xaa, RSM, BASE, 0),
    O(0xab, BTS, BASE, F_LOCK, Ev, Gv),
    O(0xac, SHRD, BASE, 0, Ev, Gv, Ib),
    O(0xad, SHRD, BASE, 0, Ev, Gv, CL),
    /* Grp 15 */
    PG(0xae, F3, 0, RDFSBASE, FSGSBASE, F_REG | F_O64, Ry),
    PG(0xae, F3, 1, RDGSBASE, FSGSBASE, F_REG | F_O64, Ry),
    PG(0xae, F3, 2, WRFSBASE, FSGSBASE, F_REG | F_O64, Ry),
    PG(0xae, F3, 3, WRGSBASE, FSGSBASE, F_REG | F_O64, Ry),
    PG(0xae, F3, 4, PTWRITE, OTHER, 0, Ey),
    PG(0xae, F3, 5, INCSSP, CET, F_PM | F_REG, Ry),
    PG(0xae, F3, 6, UMONITOR, OTHER, F_REG, Rad),
    PG(0xae, F3, 6, CLRSSBSY, CET, F_PM | F_MEM, Mq),
    PG(0xae, 66, 6, TPAUSE, OTHER, F_REG, Rd),
    PG(0xae, F2, 6, UMWAIT, OTHER, F_REG, Rd),
    PG(0xae, 66, 6, CLWB, CLWB, F_MEM, Mb),
    PG(0xae, 66, 7, CLFLUSHOPT, CLFLUSHOPT, F_MEM, Mb),
    PG(0xae, NP, 5, LFENCE, SSE2, F_REG),
    PG(0xae, NP, 6, MFENCE, SSE2, F_REG),
    PG(0xae, NP, 7, SFENCE, SSE, F_REG),
    PG(0xae, NP, 0, FXSAVE, FXSR, F_MEM, M512),
    PG(0xae, NP, 1, FXRSTOR, FXSR, F_MEM, M512),
    ROW(0xae, P_NP, 2, ANY, LDMXCSR, SSE, AVX, F_MEM | F_V | F_L0, Md),
    ROW(0xae, P_NP, 3, ANY, STMXCSR, SSE, AVX, F_MEM | F_V | F_L0, Md),
    PG(0xae, NP, 4, XSAVE, XSAVE, F_MEM, M),
    PG(0xae, NP, 5, XRSTOR, XSAVE, F_MEM, M),
    PG(0xae, NP, 6, XSAVEOPT, XSAVEOPT, F_MEM, M),
    PG(0xae, NP, 7, CLFLUSH, CLFLUSH, F_MEM, Mb),
    O(0xaf, IMUL, BASE, 0, Gv, Ev),

    O(0xb0, CMPXCHG, BASE, F_LOCK, Eb, Gb),
    O(0xb1, CMPXCHG, BASE, F_LOCK, Ev, Gv),
    O(0xb2, LSS, BASE, F_MEM, Gv, Mp),
    O(0xb3, BTR, BASE, F_LOCK, Ev, Gv),
    O(0xb4, LFS, BASE, F_MEM, Gv, Mp),
    O(0xb5, LGS, BASE, F_MEM, Gv, Mp),
    O(0xb6, MOVZX, BASE, 0, Gv, Eb),
    O(0xb7, MOVZX, BASE, 0, Gv, Ew),
    P(0xb8, F3, POPCNT, POPCNT, 0, Gv, Ev),     /* NP 0F B8: JMPE (IA-64) */
    O(0xb9, UD1, BASE, 0, Gd, Ed),              /* Grp 10 */
    G(0xba, 4, BT, BASE, 0, Ev, Ib),            /* Grp 8 */
    G(0xba, 5, BTS, BASE, F_LOCK, Ev, Ib),
    G(0xba, 6, BTR, BASE, F_LOCK, Ev, Ib),
    G(0xba, 7, BTC, BASE, F_LOCK, Ev, Ib),
    O(0xbb, BTC, BASE, F_LOCK, Ev, Gv),
    P(0xbc, F3, TZCNT, BMI1, 0, Gv, Ev),
    O(0xbc, BSF, BASE, 0, Gv, Ev),
    P(0xbd, F3, LZCNT, LZCNT, 0, Gv, Ev),
    O(0xbd, BSR, BASE, 0, Gv, Ev),
    O(0xbe, MOVSX, BASE, 0, Gv, Eb),
    O(0xbf, MOVSX, BASE, 0, Gv, Ew),

    O(0xc0, XADD, BASE, F_LOCK, Eb, Gb),
    O(0xc1, XADD, BASE, F_LOCK, Ev, Gv),
    V(0xc2, NP, CMPPS, SSE, 0, Vps, Hps, Wps, Ib),
    V(0xc2, 66, CMPPD, SSE2, 0, Vpd, Hpd, Wpd, Ib),
    V(0xc2, F3, CMPSS, SSE, F_LIG, Vss, Hss, Wss, Ib),
    V(0xc2, F2, CMPSD, SSE2, F_LIG, Vsd, Hsd, Wsd, Ib),
    P(0xc3, NP, MOVNTI, SSE2, F_MEM, My, Gy),
    P(0xc4, NP, PINSRW, SSE, 0, Pq, RdMw, Ib),
    V(0xc4, 66, PINSRW, SSE2, F_L0, Vdq, Hdq, RdMw, Ib),
    P(0xc5, NP, PEXTRW, SSE, F_REG, Gd, Nq, Ib),
    V(0xc5, 66, PEXTRW, SSE2, F_REG | F_L0, Gd, Udq, Ib),
    V(0xc6, NP, SHUFPS, SSE, 0, Vps, Hps, Wps, Ib),
    V(0xc6, 66, SHUFPD, SSE2, 0, Vpd, Hpd, Wpd, Ib),
    /* Grp 9 */
    G(0xc7, 1, CMPXCHG16B, CX16, F_MEM | F_LOCK | F_W1, Mdq),
    G(0xc7, 1, CMPXCHG8B, CX8, F_MEM | F_LOCK, Mq),
    PG(0xc7, NP, 3, XRSTORS, XSAVES, F_MEM, M),
    PG(0xc7, NP, 4, XSAVEC, XSAVEC, F_MEM, M),
    PG(0xc7, NP, 5, XSAVES, XSAVES, F_MEM, M),
    PG(0xc7, NP, 6, VMPTRLD, VMX, F_PM | F_MEM, Mq),
    PG(0xc7, 66, 6, VMCLEAR, VMX, F_PM | F_MEM, Mq),
    PG(0xc7, F3, 6, VMXON, VMX, F_PM | F_MEM, Mq),
    PG(0xc7, NP, 7, VMPTRST, VMX, F_PM | F_MEM, Mq),
    PG(0xc7, NF, 6, RDRAND, RDRAND, F_REG, Rv),
    PG(0xc7, NF, 7, RDSEED, RDSEED, F_REG, Rv),
    PG(0xc7, F3, 7, RDPID, RDPID, F_REG, Rc),
    PG(0xc7, F3, 6, SENDUIPI, OTHER, F_REG | F_O64, Rq),
    REG8(0xc8, BSWAP, BASE, 0, Zv),

    V(0xd0, 66, ADDSUBPD, SSE3, 0, Vpd, Hpd, Wpd),
    V(0xd0, F2, ADDSUBPS, SSE3, 0, Vps, Hps, Wps),
    MMXSSE_SH(0xd1, PSRLW),
    MMXSSE_SH(0xd2, PSRLD),
    MMXSSE_SH(0xd3, PSRLQ),
    MMXSSE(0xd4, PADDQ, SSE2),
    MMXSSE(0xd5, PMULLW, MMX),
    V(0xd6, 66, MOVQ, SSE2, F_L0, Wq, Vq),
    P(0xd6, F3, MOVQ2DQ, SSE2, F_REG, Vdq, Nq),
    P(0xd6, F2, MOVDQ2Q, SSE2, F_REG, Pq, Uq),
    P(0xd7, NP, PMOVMSKB, SSE, F_REG, Gd, Nq),
    VI(0xd7, 66, PMOVMSKB, SSE2, F_REG, Gd, Ux),
    MMXSSE(0xd8, PSUBUSB, MMX),
    MMXSSE(0xd9, PSUBUSW, MMX),
    MMXSSE(0xda, PMINUB, SSE),
    MMXSSE(0xdb, PAND, MMX),
    MMXSSE(0xdc, PADDUSB, MMX),
    MMXSSE(0xdd, PADDUSW, MMX),
    MMXSSE(0xde, PMAXUB, SSE),
    MMXSSE(0xdf, PANDN, MMX),

    MMXSSE(0xe0, PAVGB, SSE),
    MMXSSE_SH(0xe1, PSRAW),
    MMXSSE_SH(0xe2, PSRAD),
    MMXSSE(0xe3, PAVGW, SSE),
    MMXSSE(0xe4, PMULHUW, SSE),
    MMXSSE(0xe5, PMULHW, MMX),
    V(0xe6, 66, CVTTPD2DQ, SSE2, 0, Vdq, Wpd),
    V(0xe6, F3, CVTDQ2PD, SSE2, 0, Vx, Wh),
    V(0xe6, F2, CVTPD2DQ, SSE2, 0, Vdq, Wpd),
    P(0xe7, NP, MOVNTQ, SSE, F_MEM, Mq, Pq),
    VI(0xe7, 66, MOVNTDQ, SSE2, F_MEM, Mx, Vx),
    MMXSSE(0xe8, PSUBSB, MMX),
    MMXSSE(0xe9, PSUBSW, MMX),
    MMXSSE(0xea, PMINSW, SSE),
    MMXSSE(0xeb, POR, MMX),
    MMXSSE(0xec, PADDSB, MMX),
    MMXSSE(0xed, PADDSW, MMX),
    MMXSSE(0xee, PMAXSW, SSE),
    MMXSSE(0xef, PXOR, MMX),

    V(0xf0, F2, LDDQU, SSE3, F_MEM, Vx, Mx),
    MMXSSE_SH(0xf1, PSLLW),
    MMXSSE_SH(0xf2, PSLLD),
    MMXSSE_SH(0xf3, PSLLQ),
    MMXSSE(0xf4, PMULUDQ, SSE2),
    MMXSSE(0xf5, PMADDWD, MMX),
    MMXSSE(0xf6, PSADBW, SSE),
    P(0xf7, NP, MASKMOVQ, SSE, F_REG, Pq, Nq),
    V(0xf7, 66, MASKMOVDQU, SSE2, F_REG | F_L0, Vdq, Udq),
    MMXSSE(0xf8, PSUBB, MMX),
    MMXSSE(0xf9, PSUBW, MMX),
    MMXSSE(0xfa, PSUBD, MMX),
    MMXSSE(0xfb, PSUBQ, SSE2),
    MMXSSE(0xfc, PADDB, MMX),
    MMXSSE(0xfd, PADDW, MMX),
    MMXSSE(0xfe, PADDD, MMX),
    O(0xff, UD0, BASE, 0, Gd, Ed),
};

/* SSSE3: NP MMX form and 66 XMM form (also VEX). */
#define SSSE3(o, op) \
    P(o, NP, op, SSSE3, 0, Pq, Qq), VI(o, 66, op, SSSE3, 0, Vx, Hx, Wx)
/* SSE4.1/4.2 integer three-operand 66 rows. */
#define S41(o, op, isa) VI(o, 66, op, isa, 0, Vx, Hx, Wx)
/* FMA: packed (W0 = PS, W1 = PD) and scalar (W0 = SS, W1 = SD) pairs. */
#define FMAP(o, ps, pd) \
    VO(o, 66, ps, FMA, F_W0, Vx, Hx, Wx), VO(o, 66, pd, FMA, F_W1, Vx, Hx, Wx)
#define FMAS(o, ss, sd) \
    VO(o, 66, ss, FMA, F_W0 | F_LIG, Vdq, Hdq, Wss), \
    VO(o, 66, sd, FMA, F_W1 | F_LIG, Vdq, Hdq, Wsd)
#define FMA12(b, n) \
    FMAP(b + 0x0, VFMADDSUB##n##PS, VFMADDSUB##n##PD), \
    FMAP(b + 0x1, VFMSUBADD##n##PS, VFMSUBADD##n##PD), \
    FMAP(b + 0x2, VFMADD##n##PS, VFMADD##n##PD), \
    FMAS(b + 0x3, VFMADD##n##SS, VFMADD##n##SD), \
    FMAP(b + 0x4, VFMSUB##n##PS, VFMSUB##n##PD), \
    FMAS(b + 0x5, VFMSUB##n##SS, VFMSUB##n##SD), \
    FMAP(b + 0x6, VFNMADD##n##PS, VFNMADD##n##PD), \
    FMAS(b + 0x7, VFNMADD##n##SS, VFNMADD##n##SD), \
    FMAP(b + 0x8, VFNMSUB##n##PS, VFNMSUB##n##PD), \
    FMAS(b + 0x9, VFNMSUB##n##SS, VFNMSUB##n##SD)
/* VSIB gathers: index XMM/YMM by VEX.L (x) or always XMM (dq). */
#define MVx_d OPND(AM_MV, SZ_x, SZ_d, 0)
#define MVx_q OPND(AM_MV, SZ_x, SZ_q, 0)
#define MVdq_q OPND(AM_MV, SZ_dq, SZ_q, 0)

/* ==== Three-byte opcode map 0F 38 xx (SDM table A-4) ==================== */
static const struct x86_row rows_0f38[] = {
    SSSE3(0x00, PSHUFB),
    SSSE3(0x01, PHADDW),
    SSSE3(0x02, PHADDD),
    SSSE3(0x03, PHADDSW),
    SSSE3(0x04, PMADDUBSW),
    SSSE3(0x05, PHSUBW),
    SSSE3(0x06, PHSUBD),
    SSSE3(0x07, PHSUBSW),
    SSSE3(0x08, PSIGNB),
    SSSE3(0x09, PSIGNW),
    SSSE3(0x0a, PSIGND),
    SSSE3(0x0b, PMULHRSW),
    VO(0x0c, 66, VPERMILPS, AVX, F_W0, Vx, Hx, Wx),
    VO(0x0d, 66, VPERMILPD, AVX, F_W0, Vx, Hx, Wx),
    VO(0x0e, 66, VTESTPS, AVX, F_W0, Vx, Wx),
    VO(0x0f, 66, VTESTPD, AVX, F_W0, Vx, Wx),
    P(0x10, 66, PBLENDVB, SSE41, 0, Vdq, Wdq, XMM0),
    VO(0x13, 66, VCVTPH2PS, F16C, F_W0, Vx, Wh),
    P(0x14, 66, BLENDVPS, SSE41, 0, Vdq, Wdq, XMM0),
    P(0x15, 66, BLENDVPD, SSE41, 0, Vdq, Wdq, XMM0),
    VO(0x16, 66, VPERMPS, AVX2, F_W0 | F_L1, Vqq, Hqq, Wqq),
    V(0x17, 66, PTEST, SSE41, 0, Vx, Wx),
    VO(0x18, 66, VBROADCASTSS, AVX, F_W0, Vx, Wd),
    VO(0x19, 66, VBROADCASTSD, AVX, F_W0 | F_L1, Vqq, Wq),
    VO(0x1a, 66, VBROADCASTF128, AVX, F_W0 | F_L1 | F_MEM, Vqq, Mdq),
    P(0x1c, NP, PABSB, SSSE3, 0, Pq, Qq),
    VI(0x1c, 66, PABSB, SSSE3, 0, Vx, Wx),
    P(0x1d, NP, PABSW, SSSE3, 0, Pq, Qq),
    VI(0x1d, 66, PABSW, SSSE3, 0, Vx, Wx),
    P(0x1e, NP, PABSD, SSSE3, 0, Pq, Qq),
    VI(0x1e, 66, PABSD, SSSE3, 0, Vx, Wx),
    VI(0x20, 66, PMOVSXBW, SSE41, 0, Vx, Wh),
    VI(0x21, 66, PMOVSXBD, SSE41, 0, Vx, Wqt),
    VI(0x22, 66, PMOVSXBQ, SSE41, 0, Vx, Woc),
    VI(0x23, 66, PMOVSXWD, SSE41, 0, Vx, Wh),
    VI(0x24, 66, PMOVSXWQ, SSE41, 0, Vx, Wqt),
    VI(0x25, 66, PMOVSXDQ, SSE41, 0, Vx, Wh),
    S41(0x28, PMULDQ, SSE41),
    S41(0x29, PCMPEQQ, SSE41),
    VI(0x2a, 66, MOVNTDQA, SSE41, F_MEM, Vx, Mx),
    S41(0x2b, PACKUSDW, SSE41),
    VO(0x2c, 66, VMASKMOVPS, AVX, F_W0 | F_MEM, Vx, Hx, Mx),
    VO(0x2d, 66, VMASKMOVPD, AVX, F_W0 | F_MEM, Vx, Hx, Mx),
    VO(0x2e, 66, VMASKMOVPS, AVX, F_W0 | F_MEM, Mx, Hx, Vx),
    VO(0x2f, 66, VMASKMOVPD, AVX, F_W0 | F_MEM, Mx, Hx, Vx),
    VI(0x30, 66, PMOVZXBW, SSE41, 0, Vx, Wh),
    VI(0x31, 66, PMOVZXBD, SSE41, 0, Vx, Wqt),
    VI(0x32, 66, PMOVZXBQ, SSE41, 0, Vx, Woc),
    VI(0x33, 66, PMOVZXWD, SSE41, 0, Vx, Wh),
    VI(0x34, 66, PMOVZXWQ, SSE41, 0, Vx, Wqt),
    VI(0x35, 66, PMOVZXDQ, SSE41, 0, Vx, Wh),
    VO(0x36, 66, VPERMD, AVX2, F_W0 | F_L1, Vqq, Hqq, Wqq),
    S41(0x37, PCMPGTQ, SSE42),
    S41(0x38, PMINSB, SSE41),
    S41(0x39, PMINSD, SSE41),
    S41(0x3a, PMINUW, SSE41),
    S41(0x3b, PMINUD, SSE41),
    S41(0x3c, PMAXSB, SSE41),
    S41(0x3d, PMAXSD, SSE41),
    S41(0x3e, PMAXUW, SSE41),
    S41(0x3f, PMAXUD, SSE41),
    S41(0x40, PMULLD, SSE41),
    V(0x41, 66, PHMINPOSUW, SSE41, F_L0, Vdq, Wdq),
    VO(0x45, 66, VPSRLVD, AVX2, F_W0, Vx, Hx, Wx),
    VO(0x45, 66, VPSRLVQ, AVX2, F_W1, Vx, Hx, Wx),
    VO(0x46, 66, VPSRAVD, AVX2, F_W0, Vx, Hx, Wx),
    VO(0x47, 66, VPSLLVD, AVX2, F_W0, Vx, Hx, Wx),
    VO(0x47, 66, VPSLLVQ, AVX2, F_W1, Vx, Hx, Wx),
    /* AMX (VEX.128, W0) */
    ROW(0x49, P_NP, 0, 0, TILERELEASE, OTHER, OTHER, F_VEX | F_L0 | F_W0 | F_REG | F_O64),
    ROW(0x49, P_NP, 0, ANY, LDTILECFG, OTHER, OTHER, F_VEX | F_L0 | F_W0 | F_MEM | F_O64, M64B),
    ROW(0x49, P_66, 0, ANY, STTILECFG, OTHER, OTHER, F_VEX | F_L0 | F_W0 | F_MEM | F_O64, M64B),
    ROW(0x49, P_F2, ANY, 0, TILEZERO, OTHER, OTHER, F_VEX | F_L0 | F_W0 | F_REG | F_O64, TG),
    VO(0x4b, F2, TILELOADD, OTHER, F_L0 | F_W0 | F_MEM | F_SIBMEM | F_O64, TG, M),
    VO(0x4b, 66, TILELOADDT1, OTHER, F_L0 | F_W0 | F_MEM | F_SIBMEM | F_O64, TG, M),
    VO(0x4b, F3, TILESTORED, OTHER, F_L0 | F_W0 | F_MEM | F_SIBMEM | F_O64, M, TG),
    VO(0x50, 66, VPDPBUSD, OTHER, F_W0, Vx, Hx, Wx),      /* AVX-VNNI */
    VO(0x51, 66, VPDPBUSDS, OTHER, F_W0, Vx, Hx, Wx),
    VO(0x52, 66, VPDPWSSD, OTHER, F_W0, Vx, Hx, Wx),
    VO(0x53, 66, VPDPWSSDS, OTHER, F_W0, Vx, Hx, Wx),
    VO(0x5c, F3, TDPBF16PS, OTHER, F_L0 | F_W0 | F_REG | F_O64, TG, TU, TH),
    VO(0x5e, F2, TDPBSSD, OTHER, F_L0 | F_W0 | F_REG | F_O64, TG, TU, TH),
    VO(0x5e, F3, TDPBSUD, OTHER, F_L0 | F_W0 | F_REG | F_O64, TG, TU, TH),
    VO(0x5e, 66, TDPBUSD, OTHER, F_L0 | F_W0 | F_REG | F_O64, TG, TU, TH),
    VO(0x5e, NP, TDPBUUD, OTHER, F_L0 | F_W0 | F_REG | F_O64, TG, TU, TH),
    VO(0x58, 66, VPBROADCASTD, AVX2, F_W0, Vx, Wd),
    VO(0x59, 66, VPBROADCASTQ, AVX2, F_W0, Vx, Wq),
    VO(0x5a, 66, VBROADCASTI128, AVX2, F_W0 | F_L1 | F_MEM, Vqq, Mdq),
    VO(0x78, 66, VPBROADCASTB, AVX2, F_W0, Vx, Wb),
    VO(0x79, 66, VPBROADCASTW, AVX2, F_W0, Vx, Ww),
    P(0x80, 66, INVEPT, VMX, F_PM | F_MEM, Gc, Mdq),
    P(0x81, 66, INVVPID, VMX, F_PM | F_MEM, Gc, Mdq),
    P(0x82, 66, INVPCID, INVPCID, F_MEM, Gc, Mdq),
    VO(0x8c, 66, VPMASKMOVD, AVX2, F_W0 | F_MEM, Vx, Hx, Mx),
    VO(0x8c, 66, VPMASKMOVQ, AVX2, F_W1 | F_MEM, Vx, Hx, Mx),
    VO(0x8e, 66, VPMASKMOVD, AVX2, F_W0 | F_MEM, Mx, Hx, Vx),
    VO(0x8e, 66, VPMASKMOVQ, AVX2, F_W1 | F_MEM, Mx, Hx, Vx),
    VO(0x90, 66, VPGATHERDD, AVX2, F_W0 | F_MEM, Vx, MVx_d, Hx),
    VO(0x90, 66, VPGATHERDQ, AVX2, F_W1 | F_MEM, Vx, MVdq_q, Hx),
    VO(0x91, 66, VPGATHERQD, AVX2, F_W0 | F_MEM, Vdq, MVx_d, Hdq),
    VO(0x91, 66, VPGATHERQQ, AVX2, F_W1 | F_MEM, Vx, MVx_q, Hx),
    VO(0x92, 66, VGATHERDPS, AVX2, F_W0 | F_MEM, Vx, MVx_d, Hx),
    VO(0x92, 66, VGATHERDPD, AVX2, F_W1 | F_MEM, Vx, MVdq_q, Hx),
    VO(0x93, 66, VGATHERQPS, AVX2, F_W0 | F_MEM, Vdq, MVx_d, Hdq),
    VO(0x93, 66, VGATHERQPD, AVX2, F_W1 | F_MEM, Vx, MVx_q, Hx),
    FMA12(0x96, 132),
    FMA12(0xa6, 213),
    FMA12(0xb6, 231),
    P(0xc8, NP, SHA1NEXTE, SHA, 0, Vdq, Wdq),
    P(0xc9, NP, SHA1MSG1, SHA, 0, Vdq, Wdq),
    P(0xca, NP, SHA1MSG2, SHA, 0, Vdq, Wdq),
    P(0xcb, NP, SHA256RNDS2, SHA, 0, Vdq, Wdq, XMM0),
    P(0xcc, NP, SHA256MSG1, SHA, 0, Vdq, Wdq),
    P(0xcd, NP, SHA256MSG2, SHA, 0, Vdq, Wdq),
    ROW(0xcf, P_66, ANY, ANY, GF2P8MULB, GFNI, GFNI, F_V | F_VW0, Vx, Hx, Wx),
    PG(0xd8, F3, 0, AESENCWIDE128KL, OTHER, F_MEM, M),
    PG(0xd8, F3, 1, AESDECWIDE128KL, OTHER, F_MEM, M),
    PG(0xd8, F3, 2, AESENCWIDE256KL, OTHER, F_MEM, M),
    PG(0xd8, F3, 3, AESDECWIDE256KL, OTHER, F_MEM, M),
    V(0xdb, 66, AESIMC, AES, F_L0, Vdq, Wdq),
    V(0xdc, 66, AESENC, AES, 0, Vx, Hx, Wx),              /* VEX.256: VAES */
    P(0xdc, F3, AESENC128KL, OTHER, F_MEM, Vdq, M),
    P(0xdc, F3, LOADIWKEY, OTHER, F_REG, Vdq, Udq),
    V(0xdd, 66, AESENCLAST, AES, 0, Vx, Hx, Wx),
    P(0xdd, F3, AESDEC128KL, OTHER, F_MEM, Vdq, M),
    V(0xde, 66, AESDEC, AES, 0, Vx, Hx, Wx),
    P(0xde, F3, AESENC256KL, OTHER, F_MEM, Vdq, M),
    V(0xdf, 66, AESDECLAST, AES, 0, Vx, Hx, Wx),
    P(0xdf, F3, AESDEC256KL, OTHER, F_MEM, Vdq, M),
    P(0xf0, NF, MOVBE, MOVBE, F_MEM, Gv, Mv),
    P(0xf0, F2, CRC32, SSE42, 0, Gy, Eb),
    P(0xf1, NF, MOVBE, MOVBE, F_MEM, Mv, Gv),
    P(0xf1, F2, CRC32, SSE42, 0, Gy, Ev),
    VO(0xf2, NP, ANDN, BMI1, F_L0, Gy, By, Ey),
    VOG(0xf3, NP, 1, BLSR, BMI1, F_L0, By, Ey),
    VOG(0xf3, NP, 2, BLSMSK, BMI1, F_L0, By, Ey),
    VOG(0xf3, NP, 3, BLSI, BMI1, F_L0, By, Ey),
    VO(0xf5, NP, BZHI, BMI2, F_L0, Gy, Ey, By),
    VO(0xf5, F3, PEXT, BMI2, F_L0, Gy, By, Ey),
    VO(0xf5, F2, PDEP, BMI2, F_L0, Gy, By, Ey),
    P(0xf5, 66, WRUSS, CET, F_PM | F_MEM, My, Gy),
    P(0xf6, 66, ADCX, ADX, 0, Gy, Ey),
    P(0xf6, F3, ADOX, ADX, 0, Gy, Ey),
    VO(0xf6, F2, MULX, BMI2, F_L0, Gy, By, Ey),
    P(0xf6, NP, WRSS, CET, F_PM | F_MEM, My, Gy),
    VO(0xf7, NP, BEXTR, BMI1, F_L0, Gy, Ey, By),
    VO(0xf7, 66, SHLX, BMI2, F_L0, Gy, Ey, By),
    VO(0xf7, F3, SARX, BMI2, F_L0, Gy, Ey, By),
    VO(0xf7, F2, SHRX, BMI2, F_L0, Gy, Ey, By),
    P(0xf8, 66, MOVDIR64B, OTHER, F_MEM, GA, M64B),
    P(0xf8, F2, ENQCMD, OTHER, F_MEM, GA, M64B),
    P(0xf8, F3, ENQCMDS, OTHER, F_MEM, GA, M64B),
    P(0xf9, NP, MOVDIRI, OTHER, F_MEM, My, Gy),
    P(0xfa, F3, ENCODEKEY128, OTHER, F_REG, Gd, Rd),
    P(0xfb, F3, ENCODEKEY256, OTHER, F_REG, Gd, Rd),
};

/* ==== Three-byte opcode map 0F 3A xx (SDM table A-5) ==================== */
static const struct x86_row rows_0f3a[] = {
    VO(0x00, 66, VPERMQ, AVX2, F_W1 | F_L1, Vqq, Wqq, Ib),
    VO(0x01, 66, VPERMPD, AVX2, F_W1 | F_L1, Vqq, Wqq, Ib),
    VO(0x02, 66, VPBLENDD, AVX2, F_W0, Vx, Hx, Wx, Ib),
    VO(0x04, 66, VPERMILPS, AVX, F_W0, Vx, Wx, Ib),
    VO(0x05, 66, VPERMILPD, AVX, F_W0, Vx, Wx, Ib),
    VO(0x06, 66, VPERM2F128, AVX, F_W0 | F_L1, Vqq, Hqq, Wqq, Ib),
    V(0x08, 66, ROUNDPS, SSE41, 0, Vx, Wx, Ib),
    V(0x09, 66, ROUNDPD, SSE41, 0, Vx, Wx, Ib),
    V(0x0a, 66, ROUNDSS, SSE41, F_LIG, Vss, Hss, Wss, Ib),
    V(0x0b, 66, ROUNDSD, SSE41, F_LIG, Vsd, Hsd, Wsd, Ib),
    V(0x0c, 66, BLENDPS, SSE41, 0, Vx, Hx, Wx, Ib),
    V(0x0d, 66, BLENDPD, SSE41, 0, Vx, Hx, Wx, Ib),
    VI(0x0e, 66, PBLENDW, SSE41, 0, Vx, Hx, Wx, Ib),
    P(0x0f, NP, PALIGNR, SSSE3, 0, Pq, Qq, Ib),
    VI(0x0f, 66, PALIGNR, SSSE3, 0, Vx, Hx, Wx, Ib),
    V(0x14, 66, PEXTRB, SSE41, F_L0, RdMb, Vdq, Ib),
    V(0x15, 66, PEXTRW, SSE41, F_L0, RdMw, Vdq, Ib),
    V(0x16, 66, PEXTRQ, SSE41, F_L0 | F_OPSZ64, Eq, Vdq, Ib),
    V(0x16, 66, PEXTRD, SSE41, F_L0, Ed, Vdq, Ib),
    V(0x17, 66, EXTRACTPS, SSE41, F_L0, Ed, Vdq, Ib),
    VO(0x18, 66, VINSERTF128, AVX, F_W0 | F_L1, Vqq, Hqq, Wdq, Ib),
    VO(0x19, 66, VEXTRACTF128, AVX, F_W0 | F_L1, Wdq, Vqq, Ib),
    VO(0x1d, 66, VCVTPS2PH, F16C, F_W0, Wh, Vx, Ib),
    V(0x20, 66, PINSRB, SSE41, F_L0, Vdq, Hdq, RdMb, Ib),
    V(0x21, 66, INSERTPS, SSE41, F_L0, Vdq, Hdq, Wd, Ib),
    V(0x22, 66, PINSRQ, SSE41, F_L0 | F_OPSZ64, Vdq, Hdq, Eq, Ib),
    V(0x22, 66, PINSRD, SSE41, F_L0, Vdq, Hdq, Ed, Ib),
    VO(0x30, 66, KSHIFTRB, AVX512, F_W0 | F_L0 | F_REG, KG, KU, Ib),
    VO(0x30, 66, KSHIFTRW, AVX512, F_W1 | F_L0 | F_REG, KG, KU, Ib),
    VO(0x31, 66, KSHIFTRD, AVX512, F_W0 | F_L0 | F_REG, KG, KU, Ib),
    VO(0x31, 66, KSHIFTRQ, AVX512, F_W1 | F_L0 | F_REG, KG, KU, Ib),
    VO(0x32, 66, KSHIFTLB, AVX512, F_W0 | F_L0 | F_REG, KG, KU, Ib),
    VO(0x32, 66, KSHIFTLW, AVX512, F_W1 | F_L0 | F_REG, KG, KU, Ib),
    VO(0x33, 66, KSHIFTLD, AVX512, F_W0 | F_L0 | F_REG, KG, KU, Ib),
    VO(0x33, 66, KSHIFTLQ, AVX512, F_W1 | F_L0 | F_REG, KG, KU, Ib),
    VO(0x38, 66, VINSERTI128, AVX2, F_W0 | F_L1, Vqq, Hqq, Wdq, Ib),
    VO(0x39, 66, VEXTRACTI128, AVX2, F_W0 | F_L1, Wdq, Vqq, Ib),
    V(0x40, 66, DPPS, SSE41, 0, Vx, Hx, Wx, Ib),
    V(0x41, 66, DPPD, SSE41, F_L0, Vdq, Hdq, Wdq, Ib),
    VI(0x42, 66, MPSADBW, SSE41, 0, Vx, Hx, Wx, Ib),
    V(0x44, 66, PCLMULQDQ, PCLMUL, 0, Vx, Hx, Wx, Ib),   /* VEX.256: VPCLMULQDQ */
    VO(0x46, 66, VPERM2I128, AVX2, F_W0 | F_L1, Vqq, Hqq, Wqq, Ib),
    VO(0x4a, 66, VBLENDVPS, AVX, F_W0, Vx, Hx, Wx, Lx),
    VO(0x4b, 66, VBLENDVPD, AVX, F_W0, Vx, Hx, Wx, Lx),
    VO(0x4c, 66, VPBLENDVB, AVX, F_W0, Vx, Hx, Wx, Lx),
    V(0x60, 66, PCMPESTRM, SSE42, F_L0, Vdq, Wdq, Ib),
    V(0x61, 66, PCMPESTRI, SSE42, F_L0, Vdq, Wdq, Ib),
    V(0x62, 66, PCMPISTRM, SSE42, F_L0, Vdq, Wdq, Ib),
    V(0x63, 66, PCMPISTRI, SSE42, F_L0, Vdq, Wdq, Ib),
    P(0xcc, NP, SHA1RNDS4, SHA, 0, Vdq, Wdq, Ib),
    ROW(0xce, P_66, ANY, ANY, GF2P8AFFINEQB, GFNI, GFNI, F_V | F_VW1, Vx, Hx, Wx, Ib),
    ROW(0xcf, P_66, ANY, ANY, GF2P8AFFINEINVQB, GFNI, GFNI, F_V | F_VW1, Vx, Hx, Wx, Ib),
    V(0xdf, 66, AESKEYGENASSIST, AES, F_L0, Vdq, Wdq, Ib),
    PGRM(0xf0, F3, 0, 0, HRESET, OTHER, 0, Ib, EAX),
    VO(0xf0, F2, RORX, BMI2, F_L0, Gy, Ey, Ib),
};

const struct x86_map_table x86_decode_maps[4] = {
    [X86_MAP_PRIMARY] = { rows_primary, sizeof(rows_primary) / sizeof(rows_primary[0]) },
    [X86_MAP_0F] = { rows_0f, sizeof(rows_0f) / sizeof(rows_0f[0]) },
    [X86_MAP_0F38] = { rows_0f38, sizeof(rows_0f38) / sizeof(rows_0f38[0]) },
    [X86_MAP_0F3A] = { rows_0f3a, sizeof(rows_0f3a) / sizeof(rows_0f3a[0]) },
};

/* 3DNow! operations by suffix byte (AMD 3DNow! Technology Manual, table 11). */
const uint16_t x86_3dnow_ops[256] = {
    [0x0c] = X86_OP_PI2FW, [0x0d] = X86_OP_PI2FD,
    [0x1c] = X86_OP_PF2IW, [0x1d] = X86_OP_PF2ID,
    [0x8a] = X86_OP_PFNACC, [0x8e] = X86_OP_PFPNACC,
    [0x90] = X86_OP_PFCMPGE, [0x94] = X86_OP_PFMIN,
    [0x96] = X86_OP_PFRCP, [0x97] = X86_OP_PFRSQRT,
    [0x9a] = X86_OP_PFSUB, [0x9e] = X86_OP_PFADD,
    [0xa0] = X86_OP_PFCMPGT, [0xa4] = X86_OP_PFMAX,
    [0xa6] = X86_OP_PFRCPIT1, [0xa7] = X86_OP_PFRSQIT1,
    [0xaa] = X86_OP_PFSUBR, [0xae] = X86_OP_PFACC,
    [0xb0] = X86_OP_PFCMPEQ, [0xb4] = X86_OP_PFMUL,
    [0xb6] = X86_OP_PFRCPIT2, [0xb7] = X86_OP_PMULHRW,
    [0xbb] = X86_OP_PSWAPD, [0xbf] = X86_OP_PAVGUSB,
};
