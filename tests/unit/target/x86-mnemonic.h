/*
 * Mnemonic comparison helpers shared by the decoder's differential tests.
 */
#ifndef X86_MNEMONIC_H
#define X86_MNEMONIC_H

#include "target/i386/decode.h"

bool x86_is_string_op(const struct x86_insn *in);
/* ours: x86_insn_name(); other: another decoder's mnemonic, lower case */
bool x86_same_mnemonic(const struct x86_insn *in, const char *ours,
                       const char *other);

#endif
