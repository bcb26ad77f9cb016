/*
 * Decoder-table helpers for the emulator oracle test, kept apart from
 * test-x86-emulate-oracle.c because decode-internal.h's row flags share
 * names with the forms table's.
 */
#ifndef ORACLE_ROWS_H
#define ORACLE_ROWS_H

/*
 * want[op][vex] = the emulator executes operation op in that encoding
 * (legacy, VEX) and this host's CPUID offers it; returns how many.
 */
unsigned oracle_implemented_ops(const struct x86_emu_features *features,
                                bool want[][2]);

/* A form made from a decoder row (x87, MMX, SSE*, AVX*, FMA, ...). */
#define ROWF_MEM   (1u << 0)   /* r/m must be memory */
#define ROWF_REG   (1u << 1)   /* r/m must be a register */
#define ROWF_FPU   (1u << 2)   /* x87 or MMX: seed the x87 stack */
#define ROWF_VEX   (1u << 3)   /* VEX: no REX, needs AVX state */
#define ROWF_A16   (1u << 4)   /* 16-byte aligned displacement */

struct row_form {
    char name[64];
    char enc[64];              /* the forms table's template syntax */
    unsigned flags;            /* ROWF_* */
};

/*
 * Forms for every x87/SIMD row the emulator executes and the host
 * offers (VEX rows without a fixed L once per L); returns the count and
 * a g_new array in *out.
 */
unsigned oracle_row_forms(const struct x86_emu_features *features,
                          struct row_form **out);

#endif
