/*
 * x86 instruction decoder (contract in include/target/i386/decode.h).
 *
 * Steps, each a small function: prefixes (legacy + REX), VEX/EVEX, opcode
 * (map and byte), table row, ModRM/SIB/displacement, immediates, operands,
 * validity. The tables are in decode-tables.c; rows for one opcode are
 * found through an index built once.
 */
#include "target/i386/decode-internal.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* Rows of one opcode, in table order: row_ptrs[map][first .. first+count). */
struct opc_index {
    uint16_t first;
    uint16_t count;
    bool has_modrm;
};

#define MAX_MAP_ROWS 2048

static struct opc_index opc_index[4][256];
static const struct x86_row *row_ptrs[4][MAX_MAP_ROWS];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static bool spec_needs_modrm(uint32_t spec)
{
    switch (OPND_AM(spec)) {
    case AM_C: case AM_D: case AM_E: case AM_G: case AM_M: case AM_N:
    case AM_P: case AM_Q: case AM_R: case AM_S: case AM_U: case AM_V:
    case AM_W: case AM_ST: case AM_BNDR: case AM_BNDE: case AM_MV:
    case AM_MIB: case AM_GA: case AM_KG: case AM_KE: case AM_KU:
    case AM_TG: case AM_TU:
        return true;
    default:
        return false;
    }
}

static bool row_needs_modrm(const struct x86_row *r)
{
    int i;

    if (r->reg != ANY || r->rm != ANY ||
        (r->flags & (F_MEM | F_REG | F_MODRM | F_3DNOW))) {
        return true;
    }
    for (i = 0; i < 4; i++) {
        if (spec_needs_modrm(r->o[i])) {
            return true;
        }
    }
    return false;
}

/* Group each map's rows by opcode, keeping table order within a group. */
static void build_index(void)
{
    unsigned map, opc, next;
    size_t i;

    for (map = 0; map < 4; map++) {
        const struct x86_map_table *t = &x86_decode_maps[map];
        for (i = 0; i < t->count && i < MAX_MAP_ROWS; i++) {
            struct opc_index *e = &opc_index[map][t->rows[i].opc];
            e->count++;
            e->has_modrm |= row_needs_modrm(&t->rows[i]);
        }
        for (opc = 0, next = 0; opc < 256; opc++) {
            opc_index[map][opc].first = next;
            next += opc_index[map][opc].count;
            opc_index[map][opc].count = 0;
        }
        for (i = 0; i < t->count && i < MAX_MAP_ROWS; i++) {
            struct opc_index *e = &opc_index[map][t->rows[i].opc];
            row_ptrs[map][e->first + e->count++] = &t->rows[i];
        }
    }
}

/*
 * Table sanity for the unit tests: every map fits the index, and all rows
 * of one opcode agree on whether the opcode has a ModRM byte (an opcode
 * with ModRM forms must not also have a row without operands that would
 * be read differently). Returns 0 or map * 256 + opcode + 1.
 */
int x86_decode_check_tables(void)
{
    unsigned map;
    size_t i;

    pthread_once(&index_once, build_index);
    for (map = 0; map < 4; map++) {
        const struct x86_map_table *t = &x86_decode_maps[map];
        if (t->count > MAX_MAP_ROWS) {
            return map * 256 + 1;
        }
        for (i = 0; i < t->count; i++) {
            const struct x86_row *r = &t->rows[i];
            bool has = opc_index[map][r->opc].has_modrm;
            if (has != row_needs_modrm(r) && r->o[0] != 0) {
                return map * 256 + r->opc + 1;
            }
        }
    }
    return 0;
}

static void set_rex(struct x86_insn *insn, uint8_t b)
{
    insn->rex.present = true;
    insn->rex.raw = b;
    insn->rex.w = b & 8;
    insn->rex.r = b & 4;
    insn->rex.x = b & 2;
    insn->rex.b = b & 1;
}

/*
 * Legacy prefixes and REX. A REX is only a REX right before the opcode:
 * one followed by a legacy prefix is ignored (SDM vol. 2 §2.2.1).
 */
static enum x86_decode_status decode_prefixes(struct dstate *s)
{
    struct x86_insn *insn = s->insn;
    uint8_t last_rep = 0;

    for (;;) {
        uint8_t b;
        TRY(need(s, 1));
        b = s->b[s->pos];
        switch (b) {
        case 0xf0:
            insn->prefix.lock = true;
            break;
        case 0xf2:
        case 0xf3:
            last_rep = b;
            break;
        case 0x26: case 0x2e: case 0x36: case 0x3e:
            /* 64-bit mode ignores these: an earlier FS/GS stays. */
            if (s->mode != X86_MODE_LONG64) {
                insn->prefix.seg = (b >> 3) & 3;
            }
            break;
        case 0x64:
        case 0x65:
            insn->prefix.seg = X86_SEG_FS + (b & 1);
            break;
        case 0x66:
            insn->prefix.opsize = true;
            break;
        case 0x67:
            insn->prefix.addrsize = true;
            break;
        default:
            if (s->mode == X86_MODE_LONG64 && (b & 0xf0) == 0x40) {
                set_rex(insn, b);
                s->pos++;
                continue;
            }
            insn->prefix.rep = last_rep == 0xf3 ? X86_REP_REPE :
                               last_rep == 0xf2 ? X86_REP_REPNE : X86_REP_NONE;
            return X86_DECODE_OK;
        }
        memset(&insn->rex, 0, sizeof(insn->rex));
        insn->prefix.count++;
        s->pos++;
    }
}

static uint8_t legacy_mandatory_prefix(const struct x86_insn *insn)
{
    if (insn->prefix.rep == X86_REP_REPE) {
        return X86_PFX_F3;
    }
    if (insn->prefix.rep == X86_REP_REPNE) {
        return X86_PFX_F2;
    }
    return insn->prefix.opsize ? X86_PFX_66 : X86_PFX_NONE;
}

/* Prefixes that make a following VEX/EVEX #UD (SDM vol. 2 §2.3.2). */
static bool vex_conflicts(const struct x86_insn *insn)
{
    return insn->rex.present || insn->prefix.opsize || insn->prefix.lock ||
           insn->prefix.rep != X86_REP_NONE;
}

/* C5 (2-byte) and C4 (3-byte) VEX; s->pos is at the C4/C5 byte. */
static enum x86_decode_status decode_vex(struct dstate *s)
{
    struct x86_insn *insn = s->insn;
    bool three = s->b[s->pos] == 0xc4;
    uint8_t b1, b2;

    TRY(need(s, three ? 4 : 3));
    if (vex_conflicts(insn)) {
        return fail(s, X86_EXC_UD);
    }
    b1 = s->b[s->pos + 1];
    insn->encoding = X86_ENC_VEX;
    insn->vex.size = three ? 3 : 2;
    insn->vex.r = !(b1 & 0x80);
    if (three) {
        b2 = s->b[s->pos + 2];
        insn->vex.x = !(b1 & 0x40);
        insn->vex.b = !(b1 & 0x20);
        insn->vex.mmmmm = b1 & 0x1f;
        insn->vex.w = b2 & 0x80;
    } else {
        b2 = b1;
        insn->vex.mmmmm = X86_MAP_0F;
    }
    insn->vex.vvvv = s->vvvv_raw = (~b2 >> 3) & 15;
    insn->vex.l = (b2 >> 2) & 1;
    insn->vex.pp = b2 & 3;
    if (s->mode != X86_MODE_LONG64) {
        /* Outside 64-bit mode only 8 registers: R/X are 0 (the C4/C5
         * vs LES/LDS test), B and vvvv[3] are ignored. */
        insn->vex.b = false;
        insn->vex.vvvv &= 7;
    }
    s->pos += insn->vex.size;
    if (insn->vex.mmmmm < X86_MAP_0F || insn->vex.mmmmm > X86_MAP_0F3A) {
        return fail(s, X86_EXC_UD);
    }
    insn->map = insn->vex.mmmmm;
    s->mp = insn->vex.pp;
    s->w64 = insn->vex.w && s->mode == X86_MODE_LONG64;
    insn->vec_len = insn->vex.l ? 32 : 16;
    return X86_DECODE_OK;
}

/* 62 EVEX: the four-byte prefix (SDM vol. 2 §2.7.1). */
static enum x86_decode_status decode_evex(struct dstate *s)
{
    struct x86_insn *insn = s->insn;
    uint8_t p0, p1, p2;

    TRY(need(s, 5));
    if (vex_conflicts(insn)) {
        return fail(s, X86_EXC_UD);
    }
    p0 = s->b[s->pos + 1];
    p1 = s->b[s->pos + 2];
    p2 = s->b[s->pos + 3];
    /* P0[3] must be 0, P1[2] must be 1; map 0, 4 and 7 are reserved. */
    if ((p0 & 0x08) || !(p1 & 0x04)) {
        return fail(s, X86_EXC_UD);
    }
    insn->encoding = X86_ENC_EVEX;
    insn->vex.size = 4;
    insn->vex.r = !(p0 & 0x80);
    insn->vex.x = !(p0 & 0x40);
    insn->vex.b = !(p0 & 0x20);
    insn->vex.r2 = !(p0 & 0x10);
    insn->vex.mmmmm = p0 & 7;
    insn->vex.w = p1 & 0x80;
    insn->vex.vvvv = (~p1 >> 3) & 15;
    insn->vex.pp = p1 & 3;
    insn->vex.z = p2 & 0x80;
    insn->vex.l = (p2 >> 5) & 3;
    insn->vex.bcst = p2 & 0x10;
    insn->vex.v2 = !(p2 & 0x08);
    insn->vex.aaa = p2 & 7;
    if (s->mode != X86_MODE_LONG64) {
        /* 8 registers outside 64-bit mode: R/X are 0 by the 62 vs BOUND
         * test; B, R', V' and vvvv[3] are ignored. */
        insn->vex.b = insn->vex.r2 = insn->vex.v2 = false;
        insn->vex.vvvv &= 7;
    }
    switch (insn->vex.mmmmm) {
    case 1: case 2: case 3: case 5: case 6:
        break;
    default:
        return fail(s, X86_EXC_UD);
    }
    s->pos += 4;
    insn->map = insn->vex.mmmmm;
    s->mp = insn->vex.pp;
    s->w64 = insn->vex.w && s->mode == X86_MODE_LONG64;
    insn->vec_len = 16 << (insn->vex.l > 2 ? 2 : insn->vex.l);
    insn->isa = X86_ISA_AVX512;
    insn->op = X86_OP_EVEX;
    return X86_DECODE_OK;
}

/* Escape bytes and the opcode byte (VEX/EVEX imply the map). */
static enum x86_decode_status decode_opcode(struct dstate *s)
{
    struct x86_insn *insn = s->insn;
    uint8_t b;

    TRY(need(s, 1));
    b = s->b[s->pos];
    if ((b == 0xc4 || b == 0xc5 || b == 0x62) && s->mode != X86_MODE_REAL) {
        /* Outside 64-bit mode these are LES/LDS/BOUND unless the next
         * byte would be a register ModRM (mod = 11). */
        TRY(need(s, 2));
        if (s->mode == X86_MODE_LONG64 || (s->b[s->pos + 1] & 0xc0) == 0xc0) {
            TRY(b == 0x62 ? decode_evex(s) : decode_vex(s));
            TRY(need(s, 1));
            insn->opcode = s->b[s->pos++];
            return X86_DECODE_OK;
        }
    }
    s->mp = legacy_mandatory_prefix(insn);
    s->w64 = insn->rex.w;
    s->pos++;
    if (b != 0x0f) {
        insn->map = X86_MAP_PRIMARY;
        insn->opcode = b;
        return X86_DECODE_OK;
    }
    TRY(need(s, 1));
    b = s->b[s->pos++];
    if (b == 0x38 || b == 0x3a) {
        insn->map = b == 0x38 ? X86_MAP_0F38 : X86_MAP_0F3A;
        TRY(need(s, 1));
        b = s->b[s->pos++];
    } else {
        insn->map = X86_MAP_0F;
    }
    insn->opcode = b;
    return X86_DECODE_OK;
}

static bool prefix_matches(const struct dstate *s, uint8_t pfx)
{
    switch (pfx) {
    case P_ANY:
        return true;
    case P_NP:
        return s->mp == X86_PFX_NONE;
    case P_66:
        return s->mp == X86_PFX_66;
    case P_F3:
        return s->mp == X86_PFX_F3;
    case P_F2:
        return s->mp == X86_PFX_F2;
    case P_NF:
        return s->mp == X86_PFX_NONE || s->mp == X86_PFX_66;
    }
    return false;
}

/* Does the row describe this encoding (ignoring operand validity)? */
static bool row_matches(const struct dstate *s, const struct x86_row *r)
{
    const struct x86_insn *insn = s->insn;
    bool vex = insn->encoding == X86_ENC_VEX;
    bool w = vex ? insn->vex.w : insn->rex.w;
    uint32_t f = r->flags;

    if (vex ? !(f & (F_V | F_VEX)) : (f & F_VEX)) {
        return false;
    }
    if (!prefix_matches(s, r->pfx)) {
        return false;
    }
    if ((r->reg != ANY && insn->modrm.reg != r->reg) ||
        (r->rm != ANY && insn->modrm.rm != r->rm)) {
        return false;
    }
    if (((f & F_MEM) && insn->modrm.mod == 3) ||
        ((f & F_REG) && insn->modrm.mod != 3)) {
        return false;
    }
    if (((f & F_W0) && w) || ((f & F_W1) && !w) ||
        ((f & F_OPSZ64) && !s->w64) || ((f & F_REXB) && !insn->rex.b)) {
        return false;
    }
    if (vex && (((f & F_L0) && insn->vex.l) || ((f & F_L1) && !insn->vex.l) ||
                ((f & F_VW0) && w) || ((f & F_VW1) && !w))) {
        return false;
    }
    if (((f & F_I64) && s->mode == X86_MODE_LONG64) ||
        ((f & F_O64) && s->mode != X86_MODE_LONG64) ||
        ((f & F_PM) && s->mode == X86_MODE_REAL)) {
        return false;
    }
    return true;
}

/* Operand-size and address-size attributes (SDM vol. 1 §3.6, §3.6.1). */
static void compute_sizes(struct dstate *s)
{
    struct x86_insn *insn = s->insn;
    const struct x86_row *r = s->row;
    bool o66 = insn->prefix.opsize && r->pfx != P_66;
    bool a67 = insn->prefix.addrsize;

    if (s->mode == X86_MODE_LONG64) {
        if ((r->flags & F_F64) || s->w64) {
            insn->op_size = 8;
        } else if (o66) {
            insn->op_size = 2;
        } else {
            insn->op_size = (r->flags & F_D64) ? 8 : 4;
        }
        insn->addr_size = a67 && !(r->flags & F_AS64) ? 4 : 8;
    } else {
        bool d32 = s->mode == X86_MODE_PROT32;
        insn->op_size = (d32 ^ o66) ? 4 : 2;
        insn->addr_size = (d32 ^ a67) ? 4 : 2;
    }
}

/* Choose the row for the opcode; read ModRM first if the opcode has one. */
static enum x86_decode_status select_row(struct dstate *s)
{
    struct x86_insn *insn = s->insn;
    const struct opc_index *e;
    const struct x86_row *const *rows;
    unsigned i;

    /* EVEX maps 5 and 6 have no table here; every EVEX opcode has ModRM */
    if (insn->encoding == X86_ENC_EVEX) {
        e = NULL;
        rows = NULL;
    } else {
        e = &opc_index[insn->map][insn->opcode];
        rows = &row_ptrs[insn->map][e->first];
    }
    if (!e || e->has_modrm) {
        TRY(need(s, 1));
        insn->modrm.present = true;
        insn->modrm.raw = s->b[s->pos++];
        insn->modrm.mod = insn->modrm.raw >> 6;
        insn->modrm.reg = (insn->modrm.raw >> 3) & 7;
        insn->modrm.rm = insn->modrm.raw & 7;
    }
    if (insn->encoding == X86_ENC_EVEX) {
        return X86_DECODE_OK;
    }
    for (i = 0; i < e->count; i++) {
        if (row_matches(s, rows[i])) {
            s->row = rows[i];
            return X86_DECODE_OK;
        }
    }
    return fail(s, X86_EXC_UD);
}

static bool row_uses_vvvv(const struct x86_row *r)
{
    int i;

    for (i = 0; i < 4; i++) {
        if (OPND_AM(r->o[i]) == AM_H || OPND_AM(r->o[i]) == AM_B ||
            OPND_AM(r->o[i]) == AM_MV || OPND_AM(r->o[i]) == AM_KH ||
            OPND_AM(r->o[i]) == AM_TH) {
            return true;
        }
    }
    return false;
}

/* Encoding rules checked once the operands are known. */
static enum x86_decode_status check_valid(struct dstate *s)
{
    struct x86_insn *insn = s->insn;
    const struct x86_row *r = s->row;

    /* LOCK only on the listed read-modify-write forms with a memory
     * destination (SDM vol. 2 "LOCK"), else #UD. */
    if (insn->prefix.lock &&
        !((r->flags & F_LOCK) && insn->ops[0].kind == X86_OPND_MEM)) {
        return fail(s, X86_EXC_UD);
    }
    /* VEX.vvvv is reserved (1111b, all four bits even outside 64-bit
     * mode) when it names no operand. */
    if (insn->encoding == X86_ENC_VEX && s->vvvv_raw && !row_uses_vvvv(r)) {
        return fail(s, X86_EXC_UD);
    }
    if ((r->flags & F_NORIP) && s->ea_base == X86_RIP &&
        insn->modrm.mod != 3) {
        return fail(s, X86_EXC_UD);
    }
    if ((r->flags & F_SIBMEM) && insn->modrm.mod != 3 && !insn->sib.present) {
        return fail(s, X86_EXC_UD);
    }
    /* MPX: 16-bit addressing is #UD (SDM vol. 2A BNDCL "#UD"). */
    if ((r->flags & F_NOA16) && insn->modrm.mod != 3 && insn->addr_size == 2) {
        return fail(s, X86_EXC_UD);
    }
    /* AMX dot products: the three tiles must differ (SDM TDPBSSD "#UD"). */
    if (OPND_AM(r->o[0]) == AM_TG && OPND_AM(r->o[2]) == AM_TH &&
        (insn->ops[0].reg.num == insn->ops[1].reg.num ||
         insn->ops[0].reg.num == insn->ops[2].reg.num ||
         insn->ops[1].reg.num == insn->ops[2].reg.num)) {
        return fail(s, X86_EXC_UD);
    }
    /* MOV CS, r/m is #UD (SDM vol. 2 "MOV": "loading CS ... #UD"). */
    if (insn->map == X86_MAP_PRIMARY && insn->opcode == 0x8e &&
        insn->modrm.reg == X86_SEG_CS) {
        return fail(s, X86_EXC_UD);
    }
    return X86_DECODE_OK;
}

static void finish(struct dstate *s)
{
    struct x86_insn *insn = s->insn;
    const struct x86_row *r = s->row;
    int i;

    if (r->flags & F_COND) {
        insn->cond = insn->opcode & 15;
    }
    if (insn->encoding == X86_ENC_VEX) {
        insn->vex_of_legacy = r->flags & (F_V | F_VNAME);
        insn->isa = r->visa;
        if ((r->flags & F_VI) && insn->vex.l) {
            insn->isa = X86_ISA_AVX2;
        }
    } else {
        insn->isa = r->isa;
        for (i = 0; i < insn->nops; i++) {
            if (insn->ops[i].kind == X86_OPND_REG &&
                insn->ops[i].reg.cls == X86_RC_XMM) {
                insn->vec_len = 16;
            }
        }
    }
    if (r->pfx != P_ANY && r->pfx != P_NF) {
        insn->prefix.mandatory = s->mp;
    }
}

/* 3DNow!: the byte after ModRM/SIB/displacement selects the operation. */
static enum x86_decode_status decode_3dnow_suffix(struct dstate *s)
{
    struct x86_insn *insn = s->insn;
    uint8_t suffix;

    TRY(need(s, 1));
    suffix = s->b[s->pos++];
    insn->encoding = X86_ENC_3DNOW;
    insn->opcode = suffix;
    insn->op = x86_3dnow_ops[suffix];
    if (insn->op == X86_OP_NONE) {
        return fail(s, X86_EXC_UD);
    }
    return X86_DECODE_OK;
}

/* EVEX: ModRM, SIB, displacement (disp8 is scaled, not longer) and the
 * imm8 that the map/opcode implies; operands are not decoded. */
static enum x86_decode_status decode_evex_body(struct dstate *s)
{
    struct x86_insn *insn = s->insn;
    static const struct x86_row no_row;
    uint8_t opc = insn->opcode;
    bool imm8;
    uint64_t v;

    s->row = &no_row;
    compute_sizes(s);
    TRY(x86_decode_modrm_ea(s));
    imm8 = insn->map == X86_MAP_0F3A ||
           (insn->map == X86_MAP_0F &&
            ((opc >= 0x70 && opc <= 0x73) || opc == 0xc2 ||
             (opc >= 0xc4 && opc <= 0xc6)));
    if (imm8) {
        insn->imm_offset = s->pos;
        TRY(fetch(s, 1, &v));
        insn->imm_raw[0] = v;
        insn->imm_size[0] = 1;
        insn->imm_count = 1;
    }
    return X86_DECODE_OK;
}

static enum x86_decode_status decode_body(struct dstate *s)
{
    struct x86_insn *insn = s->insn;
    const struct x86_row *r = s->row;
    int i, k = 0;

    insn->op = r->op;
    compute_sizes(s);
    TRY(x86_decode_modrm_ea(s));
    for (i = 0; i < 4 && r->o[i]; i++) {
        TRY(x86_decode_imm(s, r->o[i]));
    }
    if (r->flags & F_3DNOW) {
        TRY(decode_3dnow_suffix(s));
    }
    for (i = 0; i < 4 && r->o[i]; i++) {
        TRY(x86_decode_add_operand(s, r->o[i], &k));
    }
    finish(s);
    return check_valid(s);
}

enum x86_decode_status x86_decode(const uint8_t *bytes, size_t avail,
                                  enum x86_cpu_mode mode,
                                  struct x86_insn *insn)
{
    struct dstate s = {
        .b = bytes, .avail = avail, .mode = mode, .insn = insn,
        .ea_base = X86_REG_NONE, .ea_index = X86_REG_NONE,
    };
    enum x86_decode_status r;

    pthread_once(&index_once, build_index);
    memset(insn, 0, sizeof(*insn));
    insn->mode = mode;
    insn->prefix.seg = X86_SEG_NONE;

    r = decode_prefixes(&s);
    if (r == X86_DECODE_OK) {
        r = decode_opcode(&s);
    }
    if (r == X86_DECODE_OK) {
        r = insn->encoding == X86_ENC_EVEX ? X86_DECODE_OK : select_row(&s);
    }
    if (r == X86_DECODE_OK) {
        if (insn->encoding == X86_ENC_EVEX) {
            r = select_row(&s);
            r = r == X86_DECODE_OK ? decode_evex_body(&s) : r;
        } else {
            r = decode_body(&s);
        }
    }
    insn->len = s.pos;
    return r;
}
