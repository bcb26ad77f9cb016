/*
 * Decoder-table helpers for the emulator oracle test: which operations
 * the emulator executes (so the test can say how many its forms reach),
 * and instruction forms built from the x87/SIMD rows, so that every one
 * of those rows runs natively and emulated without being listed by hand.
 */
#include "qemu/osdep.h"
#include "target/i386/emulate.h"
#undef F_LOCK               /* fcntl.h; the decoder has its own */
#include "target/i386/decode-internal.h"
#include "oracle-rows.h"

static bool row_skipped(const struct x86_row *r, int vex)
{
    return vex ? !(r->flags & (F_V | F_VEX)) : (r->flags & F_VEX) != 0;
}

static struct x86_insn row_insn(const struct x86_row *r, int map, int vex)
{
    struct x86_insn insn = { .op = r->op, .map = map };

    insn.encoding = vex ? X86_ENC_VEX : X86_ENC_LEGACY;
    insn.isa = vex && (r->flags & F_V) ? r->visa : r->isa;
    return insn;
}

unsigned oracle_implemented_ops(const struct x86_emu_features *features,
                                bool want[][2])
{
    unsigned n = 0;

    memset(want, 0, sizeof(bool) * 2 * X86_OP__COUNT);
    for (int m = 0; m < 4; m++) {
        const struct x86_map_table *t = &x86_decode_maps[m];

        for (size_t i = 0; i < t->count; i++) {
            const struct x86_row *r = &t->rows[i];

            for (int vex = 0; vex < 2; vex++) {
                struct x86_insn insn = row_insn(r, m, vex);

                if (row_skipped(r, vex)) {
                    continue;
                }
                if (x86_emu_implements(&insn) &&
                    x86_emu_isa_offered(features, insn.isa) &&
                    !want[r->op][vex]) {
                    want[r->op][vex] = true;
                    n++;
                }
            }
        }
    }
    return n;
}

static bool simd_isa(unsigned isa)
{
    switch (isa) {
    case X86_ISA_X87: case X86_ISA_MMX: case X86_ISA_SSE:
    case X86_ISA_SSE2: case X86_ISA_SSE3: case X86_ISA_SSSE3:
    case X86_ISA_SSE41: case X86_ISA_SSE42: case X86_ISA_AVX:
    case X86_ISA_AVX2: case X86_ISA_FMA: case X86_ISA_F16C:
    case X86_ISA_AES: case X86_ISA_PCLMUL: case X86_ISA_FXSR:
        return true;
    default:
        return false;
    }
}

static bool has_modrm(const struct x86_row *r, int map)
{
    if (r->reg != ANY || r->rm != ANY || (r->flags & F_MODRM) ||
        (map == 0 && r->opc >= 0xd8 && r->opc <= 0xdf)) {
        return true;
    }
    for (int k = 0; k < 4 && r->o[k]; k++) {
        switch (OPND_AM(r->o[k])) {
        case AM_E: case AM_G: case AM_M: case AM_N: case AM_P: case AM_Q:
        case AM_R: case AM_U: case AM_V: case AM_W: case AM_ST:
            return true;
        default:
            break;
        }
    }
    return false;
}

static bool uses_vvvv(const struct x86_row *r)
{
    for (int k = 0; k < 4 && r->o[k]; k++) {
        if (OPND_AM(r->o[k]) == AM_H || OPND_AM(r->o[k]) == AM_B) {
            return true;
        }
    }
    return false;
}

static bool xmm_memory_16(const struct x86_row *r)
{
    for (int k = 0; k < 4 && r->o[k]; k++) {
        unsigned am = OPND_AM(r->o[k]);
        unsigned sz = OPND_MS(r->o[k]) ? OPND_MS(r->o[k])
                                       : OPND_RS(r->o[k]);

        if ((am == AM_W || am == AM_M) && (sz == SZ_dq || sz == SZ_x)) {
            return true;
        }
    }
    return false;
}

static void add_form(GArray *forms, const struct x86_row *r, int map,
                     int vex, int l)
{
    static const char *const escape[4] = { "", "0f ", "0f 38 ", "0f 3a " };
    static const char *const pfx_name[] = {
        [P_ANY] = "", [P_NP] = "", [P_66] = "66 ", [P_F3] = "f3 ",
        [P_F2] = "f2 ", [P_NF] = "",
    };
    struct row_form f = { .flags = 0 };
    GString *e = g_string_new(NULL);
    bool w = (r->flags & (F_W1 | F_OPSZ64)) || (vex && (r->flags & F_VW1));

    if (vex) {
        unsigned pp = r->pfx == P_66 ? 1 : r->pfx == P_F3 ? 2
                      : r->pfx == P_F2 ? 3 : 0;
        unsigned vvvv = uses_vvvv(r) ? 2 : 0;

        g_string_append_printf(e, "c4 %02x %02x ", 0xe0 | map,
                               (w ? 0x80 : 0) | ((~vvvv & 15) << 3) |
                               (l << 2) | pp);
        f.flags |= ROWF_VEX | ROWF_A16;
    } else {
        g_string_append(e, pfx_name[r->pfx]);
        if (w) {
            g_string_append(e, "48 ");   /* 64-bit only: skipped elsewhere */
        }
        g_string_append(e, escape[map]);
    }
    g_string_append_printf(e, "%02x", r->opc);
    if (has_modrm(r, map)) {
        if (r->rm != ANY) {
            g_string_append_printf(e, " %02x", 0xc0 | (r->reg & 7) << 3 |
                                               r->rm);
        } else if (r->reg != ANY) {
            g_string_append_printf(e, " /%u", r->reg);
        } else {
            g_string_append(e, " /r");
        }
    }
    for (int k = 0; k < 4 && r->o[k]; k++) {
        unsigned am = OPND_AM(r->o[k]), sz = OPND_RS(r->o[k]);

        if (am == AM_L || ((am == AM_I || am == AM_IS) && sz == SZ_b)) {
            g_string_append(e, " ib");
        } else if (am == AM_I) {
            g_string_append(e, sz == SZ_w ? " iw" : sz == SZ_z ? " iz"
                                                               : " id");
        }
    }
    if (r->flags & F_MEM) {
        f.flags |= ROWF_MEM;
    }
    if (r->flags & (F_REG | F_MODIGN)) {
        f.flags |= ROWF_REG;
    }
    if (r->isa == X86_ISA_X87 || r->isa == X86_ISA_MMX) {
        f.flags |= ROWF_FPU;
    }
    if (!vex && xmm_memory_16(r)) {
        f.flags |= ROWF_A16;
    }
    snprintf(f.name, sizeof(f.name), "row %s%s%s [%s]",
             vex && x86_op_name(r->op)[0] != 'v' ? "v" : "",
             x86_op_name(r->op), vex && l ? " L1" : "", e->str);
    snprintf(f.enc, sizeof(f.enc), "%s", e->str);
    g_string_free(e, true);
    g_array_append_val(forms, f);
}

unsigned oracle_row_forms(const struct x86_emu_features *features,
                          struct row_form **out)
{
    GArray *forms = g_array_new(false, true, sizeof(struct row_form));
    unsigned n;

    for (int m = 0; m < 4; m++) {
        const struct x86_map_table *t = &x86_decode_maps[m];

        for (size_t i = 0; i < t->count; i++) {
            const struct x86_row *r = &t->rows[i];

            if (r->flags & F_3DNOW) {
                continue;
            }
            for (int vex = 0; vex < 2; vex++) {
                struct x86_insn insn = row_insn(r, m, vex);

                if (row_skipped(r, vex) || !simd_isa(insn.isa) ||
                    !x86_emu_implements(&insn) ||
                    !x86_emu_isa_offered(features, insn.isa)) {
                    continue;
                }
                if (!vex || (r->flags & (F_L0 | F_V128 | F_LIG))) {
                    add_form(forms, r, m, vex, 0);
                } else if (r->flags & F_L1) {
                    add_form(forms, r, m, vex, 1);
                } else {
                    add_form(forms, r, m, vex, 0);
                    add_form(forms, r, m, vex, 1);
                }
            }
        }
    }
    n = forms->len;
    *out = (struct row_form *)g_array_free(forms, false);
    return n;
}
