/*
 * Compare splitvm's x86 decoder with Zydis on one byte string.
 * Shared by the differential test and the bench-style long run.
 */
#ifndef X86_DECODE_CMP_H
#define X86_DECODE_CMP_H

#include "target/i386/decode.h"

#include <Zydis/Zydis.h>

/* What was compared and what differed. */
enum cmp_result {
    CMP_AGREE_VALID,        /* both decode; length and operands agree */
    CMP_AGREE_INVALID,      /* both reject */
    CMP_DIFF_VALIDITY,      /* one decodes, the other rejects */
    CMP_DIFF_LENGTH,
    CMP_DIFF_OPERANDS,      /* count, kind, register, memory, immediate */
    CMP_DIFF_MNEMONIC,
    CMP__COUNT,
};

struct cmp_ctx {
    ZydisDecoder zy[4];     /* indexed by enum x86_cpu_mode */
};

struct cmp_case {
    const uint8_t *bytes;
    size_t len;
    enum x86_cpu_mode mode;
    /* filled in */
    enum x86_decode_status ours_status;
    struct x86_insn ours;
    ZyanStatus zy_status;
    ZydisDecodedInstruction zy;
    ZydisDecodedOperand zy_ops[ZYDIS_MAX_OPERAND_COUNT];
    char detail[160];       /* first difference, for the report */
};

void cmp_init(struct cmp_ctx *ctx);
enum cmp_result cmp_run(struct cmp_ctx *ctx, struct cmp_case *c);
/* "48 8b 04 25 ..." of the first n bytes */
void cmp_hex(const uint8_t *b, size_t n, char *out, size_t outlen);
const char *cmp_mode_name(enum x86_cpu_mode mode);
const char *cmp_result_name(enum cmp_result r);

#endif
