/*
 * Coverage of the decoder's opcode tables by the emulator: every row
 * (legacy and VEX forms separately) the emulator executes, overall and
 * among those this host's CPUID offers; the others stop the VM with a
 * message naming the instruction.
 */
#include "qemu/osdep.h"
#include "target/i386/emulate.h"
#undef F_LOCK               /* fcntl.h; the decoder has its own */
#include "target/i386/decode-internal.h"

static void h_cpuid(void *opaque, uint32_t leaf, uint32_t sub,
                    uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]),
                     "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static const struct x86_emu_ops host_ops = { .cpuid = h_cpuid };
static struct x86_emu_features features;

/*
 * Walk the decoder's opcode tables: how many rows (legacy and VEX forms
 * counted separately) the emulator executes, overall and among those the
 * host's CPUID offers. The rest stop the VM with a message.
 */
static void test_rows(void)
{
    unsigned rows = 0, impl = 0, offered = 0, offered_impl = 0;

    for (int m = 0; m < 4; m++) {
        const struct x86_map_table *t = &x86_decode_maps[m];

        for (size_t i = 0; i < t->count; i++) {
            const struct x86_row *r = &t->rows[i];

            for (int vex = 0; vex < 2; vex++) {
                struct x86_insn insn = { .op = r->op, .map = m };
                bool ok;

                if (vex && !(r->flags & (F_V | F_VEX))) {
                    continue;
                }
                if (!vex && (r->flags & F_VEX)) {
                    continue;
                }
                insn.encoding = vex ? X86_ENC_VEX : X86_ENC_LEGACY;
                insn.isa = vex && (r->flags & F_V) ? r->visa : r->isa;
                ok = x86_emu_implements(&insn);
                rows++;
                impl += ok;
                if (x86_emu_isa_offered(&features, insn.isa)) {
                    offered++;
                    offered_impl += ok;
                    if (!ok && g_test_verbose()) {
                        printf("# not executed: %s%s\n", vex ? "v" : "",
                               x86_op_name(insn.op));
                    }
                }
            }
        }
    }
    printf("# decoder rows: %u, executed by the emulator: %u; offered by "
           "this host's CPUID: %u, executed: %u\n", rows, impl, offered,
           offered_impl);
    g_assert_cmpuint(impl, >, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    x86_emu_features_from_cpuid(&features, &host_ops, NULL);
    g_test_add_func("/x86/emulate/decoder-rows", test_rows);
    return g_test_run();
}
