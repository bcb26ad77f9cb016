/*
 * Compare splitvm's x86 decoder with Zydis 4.0 on one byte string: status,
 * length, mnemonic (modulo naming conventions listed below) and the
 * operands Zydis shows (explicit and implicit; hidden ones are not part
 * of the syntax).
 */
#include "x86-decode-cmp.h"
#include "x86-mnemonic.h"

#include <stdio.h>
#include <string.h>

static const ZydisMachineMode zy_modes[4] = {
    [X86_MODE_REAL] = ZYDIS_MACHINE_MODE_REAL_16,
    [X86_MODE_PROT16] = ZYDIS_MACHINE_MODE_LEGACY_16,
    [X86_MODE_PROT32] = ZYDIS_MACHINE_MODE_LEGACY_32,
    [X86_MODE_LONG64] = ZYDIS_MACHINE_MODE_LONG_64,
};
static const ZydisStackWidth zy_stack[4] = {
    ZYDIS_STACK_WIDTH_16, ZYDIS_STACK_WIDTH_16, ZYDIS_STACK_WIDTH_32,
    ZYDIS_STACK_WIDTH_64,
};

void cmp_init(struct cmp_ctx *ctx)
{
    int m;

    for (m = 0; m < 4; m++) {
        ZydisDecoderInit(&ctx->zy[m], zy_modes[m], zy_stack[m]);
        /* Both are in the SDM; Zydis leaves them off by default. */
        ZydisDecoderEnableMode(&ctx->zy[m], ZYDIS_DECODER_MODE_WBNOINVD, true);
        ZydisDecoderEnableMode(&ctx->zy[m], ZYDIS_DECODER_MODE_CLDEMOTE, true);
    }
}

const char *cmp_mode_name(enum x86_cpu_mode mode)
{
    static const char *const n[] = { "real", "prot16", "prot32", "long64" };
    return n[mode & 3];
}

const char *cmp_result_name(enum cmp_result r)
{
    static const char *const n[] = {
        "agree (valid)", "agree (invalid)", "validity", "length",
        "operands", "mnemonic",
    };
    return r < CMP__COUNT ? n[r] : "?";
}

void cmp_hex(const uint8_t *b, size_t n, char *out, size_t outlen)
{
    size_t i, o = 0;

    out[0] = 0;
    for (i = 0; i < n && o + 4 < outlen; i++) {
        o += snprintf(out + o, outlen - o, i ? " %02x" : "%02x", b[i]);
    }
}

/* Our register in Zydis's spelling. */
static void reg_name(uint8_t cls, uint8_t num, unsigned size, char *buf)
{
    static const char *const g64[] = {
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    };
    static const char *const g32[] = {
        "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
    };
    static const char *const g16[] = {
        "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
    };
    static const char *const g8[] = {
        "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
    };
    static const char *const g8h[] = { "ah", "ch", "dh", "bh" };
    static const char *const seg[] = { "es", "cs", "ss", "ds", "fs", "gs" };

    switch (cls) {
    case X86_RC_GPR:
        if (num == X86_RIP) {
            strcpy(buf, size == 4 ? "eip" : "rip");
        } else if (num >= 8) {
            const char *suf = size == 1 ? "b" : size == 2 ? "w" :
                              size == 4 ? "d" : "";
            sprintf(buf, "r%u%s", num, suf);
        } else {
            strcpy(buf, size == 1 ? g8[num] : size == 2 ? g16[num] :
                        size == 4 ? g32[num] : g64[num & 7]);
        }
        break;
    case X86_RC_GPR8H: strcpy(buf, g8h[num & 3]); break;
    case X86_RC_SEG: strcpy(buf, num < 6 ? seg[num] : "?seg"); break;
    case X86_RC_CR: sprintf(buf, "cr%u", num); break;
    case X86_RC_DR: sprintf(buf, "dr%u", num); break;
    case X86_RC_MMX: sprintf(buf, "mm%u", num); break;
    case X86_RC_XMM: sprintf(buf, "xmm%u", num); break;
    case X86_RC_YMM: sprintf(buf, "ymm%u", num); break;
    case X86_RC_ZMM: sprintf(buf, "zmm%u", num); break;
    case X86_RC_ST: sprintf(buf, "st%u", num); break;
    case X86_RC_K: sprintf(buf, "k%u", num); break;
    case X86_RC_BND: sprintf(buf, "bnd%u", num); break;
    case X86_RC_TMM: sprintf(buf, "tmm%u", num); break;
    default: strcpy(buf, "?"); break;
    }
}

static const char *zreg(ZydisRegister r)
{
    return r == ZYDIS_REGISTER_NONE ? "-" : ZydisRegisterGetString(r);
}

static void mem_base_name(const struct x86_operand *o, uint8_t r, char *buf,
                          bool index)
{
    if (r == X86_REG_NONE) {
        strcpy(buf, "-");
    } else if (index && o->mem.index_cls != X86_RC_GPR) {
        reg_name(o->mem.index_cls, r, 0, buf);
    } else {
        reg_name(X86_RC_GPR, r, o->mem.addr_size, buf);
    }
}

/* Operands Zydis shows in its syntax. */
static int zy_visible(const struct cmp_case *c, const ZydisDecodedOperand **v)
{
    int i, n = 0;

    for (i = 0; i < c->zy.operand_count; i++) {
        if (c->zy_ops[i].visibility != ZYDIS_OPERAND_VISIBILITY_HIDDEN) {
            v[n++] = &c->zy_ops[i];
        }
    }
    return n;
}

/*
 * Ours, minus what Zydis's syntax leaves out: the implicit operands of
 * string instructions (Zydis uses the size-suffixed forms, movsb, which
 * have none).
 */
static int ours_visible(const struct x86_insn *in, const struct x86_operand **v)
{
    int i, n = 0;

    for (i = 0; i < in->nops; i++) {
        const struct x86_operand *o = &in->ops[i];
        if (o->implicit && x86_is_string_op(in)) {
            continue;
        }
        v[n++] = o;
    }
    return n;
}

static bool cmp_mem(struct cmp_case *c, int i, const struct x86_operand *o,
                    const ZydisDecodedOperand *z)
{
    char b[16], x[16], seg[8];
    uint64_t dmask = o->mem.addr_size == 8 ? ~0ull :
                     (1ull << (o->mem.addr_size * 8)) - 1;

    mem_base_name(o, o->mem.base, b, false);
    mem_base_name(o, o->mem.index, x, true);
    reg_name(X86_RC_SEG, o->mem.seg, 2, seg);
    if (strcmp(b, zreg(z->mem.base)) || strcmp(x, zreg(z->mem.index))) {
        snprintf(c->detail, sizeof(c->detail), "op%d mem base/index %s/%s vs %s/%s",
                 i, b, x, zreg(z->mem.base), zreg(z->mem.index));
        return false;
    }
    if (o->mem.index != X86_REG_NONE && o->mem.scale != z->mem.scale) {
        snprintf(c->detail, sizeof(c->detail), "op%d scale %u vs %u", i,
                 o->mem.scale, z->mem.scale);
        return false;
    }
    if (((uint64_t)o->mem.disp & dmask) != ((uint64_t)z->mem.disp.value & dmask)) {
        snprintf(c->detail, sizeof(c->detail), "op%d disp %llx vs %llx", i,
                 (unsigned long long)o->mem.disp,
                 (unsigned long long)z->mem.disp.value);
        return false;
    }
    /* LEA-style address generation: the segment plays no part. */
    if (z->mem.type != ZYDIS_MEMOP_TYPE_AGEN && strcmp(seg, zreg(z->mem.segment))) {
        snprintf(c->detail, sizeof(c->detail), "op%d seg %s vs %s", i, seg,
                 zreg(z->mem.segment));
        return false;
    }
    if (o->size && z->mem.type == ZYDIS_MEMOP_TYPE_MEM &&
        o->size * 8 != z->size) {
        snprintf(c->detail, sizeof(c->detail), "op%d mem size %u vs %u bits",
                 i, o->size * 8, z->size);
        return false;
    }
    return true;
}

static bool cmp_operand(struct cmp_case *c, int i, const struct x86_operand *o,
                        const ZydisDecodedOperand *z)
{
    char name[16];
    uint64_t mask;

    switch (o->kind) {
    case X86_OPND_REG:
        reg_name(o->reg.cls, o->reg.num, o->size, name);
        if (z->type != ZYDIS_OPERAND_TYPE_REGISTER ||
            strcmp(name, zreg(z->reg.value))) {
            snprintf(c->detail, sizeof(c->detail), "op%d reg %s vs %s", i,
                     name, z->type == ZYDIS_OPERAND_TYPE_REGISTER ?
                     zreg(z->reg.value) : "(not a register)");
            return false;
        }
        return true;
    case X86_OPND_MEM:
        if (z->type != ZYDIS_OPERAND_TYPE_MEMORY) {
            snprintf(c->detail, sizeof(c->detail), "op%d mem vs type %d", i,
                     z->type);
            return false;
        }
        return cmp_mem(c, i, o, z);
    case X86_OPND_IMM:
    case X86_OPND_REL:
        mask = o->size >= 8 ? ~0ull : (1ull << (o->size * 8)) - 1;
        if (z->type != ZYDIS_OPERAND_TYPE_IMMEDIATE ||
            (o->kind == X86_OPND_REL) != !!z->imm.is_relative ||
            ((uint64_t)o->imm.value & mask) != (z->imm.value.u & mask)) {
            snprintf(c->detail, sizeof(c->detail), "op%d imm %llx vs %llx", i,
                     (unsigned long long)o->imm.value,
                     (unsigned long long)z->imm.value.u);
            return false;
        }
        return true;
    case X86_OPND_FARPTR:
        if (z->type != ZYDIS_OPERAND_TYPE_POINTER ||
            z->ptr.segment != o->imm.sel ||
            z->ptr.offset != (uint32_t)o->imm.value) {
            snprintf(c->detail, sizeof(c->detail), "op%d farptr", i);
            return false;
        }
        return true;
    }
    return false;
}

enum cmp_result cmp_run(struct cmp_ctx *ctx, struct cmp_case *c)
{
    const ZydisDecodedOperand *zv[ZYDIS_MAX_OPERAND_COUNT];
    const struct x86_operand *ov[X86_MAX_OPERANDS];
    char ours_name[X86_NAME_MAX];
    const char *zname;
    bool ours_ok, zy_ok;
    int i, nz, no;

    c->detail[0] = 0;
    c->ours_status = x86_decode(c->bytes, c->len, c->mode, &c->ours);
    c->zy_status = ZydisDecoderDecodeFull(&ctx->zy[c->mode], c->bytes, c->len,
                                          &c->zy, c->zy_ops);
    ours_ok = c->ours_status == X86_DECODE_OK;
    zy_ok = ZYAN_SUCCESS(c->zy_status);
    if (!ours_ok && !zy_ok) {
        return CMP_AGREE_INVALID;
    }
    if (ours_ok != zy_ok) {
        snprintf(c->detail, sizeof(c->detail), "ours %s, zydis %s",
                 ours_ok ? "valid" : "invalid", zy_ok ? "valid" : "invalid");
        return CMP_DIFF_VALIDITY;
    }
    if (c->ours.len != c->zy.length) {
        snprintf(c->detail, sizeof(c->detail), "length %u vs %u",
                 c->ours.len, c->zy.length);
        return CMP_DIFF_LENGTH;
    }
    x86_insn_name(&c->ours, ours_name);
    zname = ZydisMnemonicGetString(c->zy.mnemonic);
    if (c->ours.op == X86_OP_EVEX) {
        return CMP_AGREE_VALID;     /* EVEX: length only */
    }
    if (!x86_same_mnemonic(&c->ours, ours_name, zname ? zname : "?")) {
        snprintf(c->detail, sizeof(c->detail), "mnemonic %s vs %s", ours_name,
                 zname ? zname : "?");
        return CMP_DIFF_MNEMONIC;
    }
    nz = zy_visible(c, zv);
    no = ours_visible(&c->ours, ov);
    if (nz != no) {
        snprintf(c->detail, sizeof(c->detail), "operand count %d vs %d", no,
                 nz);
        return CMP_DIFF_OPERANDS;
    }
    for (i = 0; i < no; i++) {
        if (!cmp_operand(c, i, ov[i], zv[i])) {
            return CMP_DIFF_OPERANDS;
        }
    }
    return CMP_AGREE_VALID;
}
