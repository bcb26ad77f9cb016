/*
 * Arithmetic flags and condition codes (SDM Vol. 1 3.4.3, Appendix B).
 */
#include "qemu/osdep.h"
#include "emulate-internal.h"

/* ZF, SF and PF of a result; PF looks at the low byte only. */
static uint64_t flags_zsp(uint64_t r, unsigned size)
{
    uint64_t f = 0;

    r &= size_mask(size);
    if (r == 0) {
        f |= X86_FL_ZF;
    }
    if (r & sign_bit(size)) {
        f |= X86_FL_SF;
    }
    if (!__builtin_parity(r & 0xff)) {
        f |= X86_FL_PF;
    }
    return f;
}

/* AND, OR, XOR, TEST: CF = OF = 0; AF is undefined and left clear. */
uint64_t alu_flags_logic(uint64_t r, unsigned size)
{
    return flags_zsp(r, size);
}

uint64_t alu_add(uint64_t a, uint64_t b, uint64_t carry, unsigned size,
                 uint64_t *flags)
{
    uint64_t m = size_mask(size);
    uint64_t r;
    uint64_t f;
    bool cf;

    a &= m;
    b &= m;
    r = (a + b + carry) & m;
    cf = carry ? r <= a : r < a;
    f = flags_zsp(r, size);
    f |= cf ? X86_FL_CF : 0;
    f |= ((a ^ r) & (b ^ r) & sign_bit(size)) ? X86_FL_OF : 0;
    f |= ((a ^ b ^ r) & 0x10) ? X86_FL_AF : 0;
    *flags = f;
    return r;
}

uint64_t alu_sub(uint64_t a, uint64_t b, uint64_t borrow, unsigned size,
                 uint64_t *flags)
{
    uint64_t m = size_mask(size);
    uint64_t r;
    uint64_t f;
    bool cf;

    a &= m;
    b &= m;
    r = (a - b - borrow) & m;
    cf = borrow ? a <= b : a < b;
    f = flags_zsp(r, size);
    f |= cf ? X86_FL_CF : 0;
    f |= ((a ^ b) & (a ^ r) & sign_bit(size)) ? X86_FL_OF : 0;
    f |= ((a ^ b ^ r) & 0x10) ? X86_FL_AF : 0;
    *flags = f;
    return r;
}

/* Condition codes 0-15 as in Jcc/SETcc/CMOVcc (SDM Vol. 1 Table B-1). */
bool x86_cond(uint64_t fl, unsigned cond)
{
    bool cf = fl & X86_FL_CF, zf = fl & X86_FL_ZF, sf = fl & X86_FL_SF;
    bool of = fl & X86_FL_OF, pf = fl & X86_FL_PF;
    bool r;

    switch ((cond >> 1) & 7) {
    case 0:
        r = of;
        break;
    case 1:
        r = cf;
        break;
    case 2:
        r = zf;
        break;
    case 3:
        r = cf || zf;
        break;
    case 4:
        r = sf;
        break;
    case 5:
        r = pf;
        break;
    case 6:
        r = sf != of;
        break;
    default:
        r = zf || sf != of;
        break;
    }
    return (cond & 1) ? !r : r;
}

void emu_set_flags(struct x86_emu *emu, uint64_t flags, uint64_t mask)
{
    emu->cpu->rflags = (emu->cpu->rflags & ~mask) | (flags & mask);
    emu->cpu->dirty |= X86_DIRTY_GPRS;
}
