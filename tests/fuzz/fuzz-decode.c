/*
 * libFuzzer target: the x86 decoder. The first byte picks the mode (bits
 * 1:0), the rest are instruction bytes. Checks the decoder's contract:
 *   - it never reads past the bytes given (ASan, exact-size input);
 *   - OK means 1 <= len <= 15 and len <= bytes given, a sane operand list,
 *     and the same answer when given exactly len bytes; with len - 1 bytes
 *     it asks for more;
 *   - NEED_MORE_BYTES only when fewer than 15 bytes were given;
 *   - INVALID carries #UD or #GP.
 */
#include "target/i386/decode.h"

#include <stdlib.h>
#include <string.h>

static void check_operands(const struct x86_insn *in)
{
    char name[X86_NAME_MAX];
    int i;

    if (in->nops > X86_MAX_OPERANDS || in->op >= X86_OP__COUNT ||
        in->isa >= X86_ISA__COUNT) {
        abort();
    }
    for (i = 0; i < in->nops; i++) {
        const struct x86_operand *o = &in->ops[i];
        switch (o->kind) {
        case X86_OPND_REG:
            if (o->reg.cls == X86_RC_NONE || o->reg.cls > X86_RC_TMM ||
                o->reg.num > 31) {
                abort();
            }
            break;
        case X86_OPND_MEM:
            if ((o->mem.addr_size != 2 && o->mem.addr_size != 4 &&
                 o->mem.addr_size != 8) || o->mem.seg > X86_SEG_GS ||
                (o->mem.scale != 1 && o->mem.scale != 2 &&
                 o->mem.scale != 4 && o->mem.scale != 8)) {
                abort();
            }
            break;
        case X86_OPND_IMM: case X86_OPND_REL: case X86_OPND_FARPTR:
            break;
        default:
            abort();
        }
    }
    x86_insn_name(in, name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    enum x86_cpu_mode mode;
    struct x86_insn in, again;
    enum x86_decode_status st;
    const uint8_t *b;
    size_t n;

    if (size < 1) {
        return 0;
    }
    mode = data[0] & 3;
    b = data + 1;
    n = size - 1;
    st = x86_decode(b, n, mode, &in);
    switch (st) {
    case X86_DECODE_OK:
        if (in.len < 1 || in.len > X86_MAX_INSN_LEN || in.len > n) {
            abort();
        }
        check_operands(&in);
        if (x86_decode(b, in.len, mode, &again) != X86_DECODE_OK ||
            memcmp(&in, &again, sizeof(in)) != 0) {
            abort();
        }
        if (x86_decode(b, in.len - 1, mode, &again) !=
            X86_DECODE_NEED_MORE_BYTES) {
            abort();
        }
        break;
    case X86_DECODE_NEED_MORE_BYTES:
        if (n >= X86_MAX_INSN_LEN) {
            abort();
        }
        break;
    case X86_DECODE_INVALID:
        if (in.fault != X86_EXC_UD && in.fault != X86_EXC_GP) {
            abort();
        }
        break;
    default:
        abort();
    }
    return 0;
}
