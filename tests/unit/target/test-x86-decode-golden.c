/*
 * Golden test: the decode corpus of Go's x86asm package
 * (golang-golang-x-arch-dev, x86asm/testdata/decode.txt), an independent
 * decoder's answers for 1,200+ encodings in 32- and 64-bit mode. Each line
 * is "HEX|TRAILING<TAB>MODE<TAB>SYNTAX<TAB>TEXT": the instruction is the
 * bytes before '|'. For the Intel-syntax lines we check that we accept
 * exactly the instructions x86asm accepts, with the same length and
 * mnemonic; differences must be in known[] with a reason.
 */
#include "target/i386/decode.h"
#include "x86-mnemonic.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CORPUS "/usr/share/gocode/src/golang.org/x/arch/x86/x86asm/testdata/decode.txt"

struct line {
    uint8_t bytes[32];
    size_t insn_len;            /* bytes before '|' */
    size_t total;
    enum x86_cpu_mode mode;
    char mnemonic[32];          /* "" for "error: ..." */
};

static bool parse(char *s, struct line *l)
{
    char *f[4], *save = NULL, *p;
    int i;

    for (i = 0; i < 4; i++) {
        f[i] = strtok_r(i ? NULL : s, "\t\n", &save);
        if (!f[i]) {
            return false;
        }
    }
    if (strcmp(f[2], "intel")) {
        return false;
    }
    l->mode = !strcmp(f[1], "64") ? X86_MODE_LONG64 : X86_MODE_PROT32;
    l->total = l->insn_len = 0;
    for (p = f[0]; *p && l->total < sizeof(l->bytes);) {
        if (*p == '|') {
            l->insn_len = l->total;
            p++;
            continue;
        }
        sscanf(p, "%2hhx", &l->bytes[l->total++]);
        p += 2;
    }
    l->mnemonic[0] = 0;
    if (strncmp(f[3], "error:", 6)) {
        /* skip prefixes x86asm prints as words */
        static const char *const pfx[] = {
            "lock ", "rep ", "repne ", "data16 ", "data32 ", "addr16 ",
            "addr32 ", "rex ",
            "rex.w ", "rex.b ", "rex.r ", "rex.x ", "rex.wb ",
        };
        char *t = f[3];
        bool again = true;
        while (again) {
            again = false;
            for (i = 0; i < (int)G_N_ELEMENTS(pfx); i++) {
                if (!strncmp(t, pfx[i], strlen(pfx[i]))) {
                    t += strlen(pfx[i]);
                    again = true;
                }
            }
        }
        sscanf(t, "%31s", l->mnemonic);
    }
    return true;
}

/* ---- known, justified disagreements ----------------------------------- */

struct result {
    const struct line *l;
    enum x86_decode_status st;
    const struct x86_insn *in;
    const char *what;           /* "validity", "length", "mnemonic" */
};

struct known {
    const char *name;
    const char *reason;
    bool (*match)(const struct result *r);
    unsigned hits;
};

static bool go_is(const struct result *r, const char *const *names)
{
    for (; *names; names++) {
        if (!strcmp(r->l->mnemonic, *names)) {
            return true;
        }
    }
    return false;
}

static bool has_byte(const struct line *l, uint8_t b)
{
    return memchr(l->bytes, b, l->insn_len) != NULL;
}

static bool m_prefix_alone(const struct result *r)
{
    static const char *const p[] = {
        "es", "cs", "ss", "ds", "fs", "gs", "data16", "addr32", NULL,
    };
    return r->l->insn_len == 1 && go_is(r, p);
}

static bool m_np(const struct result *r)
{
    static const char *const p[] = {
        "fxsave", "fxrstor", "xsave", "xrstor", "xrstors", "xsavec",
        "xsaves", "movnti", NULL,
    };
    return r->st != X86_DECODE_OK && has_byte(r->l, 0x66) && go_is(r, p);
}

static bool m_fsgsbase_mem(const struct result *r)
{
    static const char *const p[] = {
        "rdfsbase", "rdgsbase", "wrfsbase", "wrgsbase", NULL,
    };
    return r->st != X86_DECODE_OK && go_is(r, p);
}

static bool m_test_regs(const struct result *r)
{
    return r->st != X86_DECODE_OK && r->l->bytes[0] == 0x0f &&
           (r->l->bytes[1] == 0x24 || r->l->bytes[1] == 0x26);
}

static bool m_lock(const struct result *r)
{
    static const char *const p[] = { "movbe", "crc32", NULL };
    return r->st != X86_DECODE_OK && has_byte(r->l, 0xf0) && go_is(r, p);
}

static bool m_vmx(const struct result *r)
{
    return r->st == X86_DECODE_OK && !r->l->mnemonic[0] &&
           r->in->isa == X86_ISA_VMX;
}

static bool m_syscall32(const struct result *r)
{
    return r->st == X86_DECODE_OK && !r->l->mnemonic[0] &&
           r->l->mode == X86_MODE_PROT32 &&
           (r->in->op == X86_OP_SYSCALL || r->in->op == X86_OP_SYSRET);
}

static bool m_double_rex(const struct result *r)
{
    return r->st == X86_DECODE_OK && !r->l->mnemonic[0] &&
           r->l->mode == X86_MODE_LONG64 &&
           (r->l->bytes[0] & 0xf0) == 0x40 && (r->l->bytes[1] & 0xf0) == 0x40;
}

static bool m_clwb(const struct result *r)
{
    return r->st == X86_DECODE_OK && r->in->op == X86_OP_CLWB &&
           !strcmp(r->l->mnemonic, "xsaveopt");
}

static bool m_rdrand_mem(const struct result *r)
{
    return r->st == X86_DECODE_OK && r->in->modrm.mod != 3 &&
           !strcmp(r->l->mnemonic, "rdrand");
}

static struct known known[] = {
    { "prefix-alone",
      "x86asm prints a prefix as an instruction of its own (\"es\", "
      "\"data16\") when it cannot decode what follows; the processor "
      "decodes prefixes and opcode as one instruction (here: a valid one, "
      "or #UD for the whole).", m_prefix_alone },
    { "np-prefix",
      "SDM \"NP 0F AE /0 FXSAVE\", \"NP 0F C3 MOVNTI\", ...: NP means a "
      "66/F2/F3 prefix is not allowed (#UD or another instruction); "
      "x86asm ignores the 66. Zydis agrees with us.", m_np },
    { "fsgsbase-memory",
      "SDM RDFSBASE/WRFSBASE: \"F3 0F AE /0 RDFSBASE r32\" - register "
      "operand only; x86asm also accepts memory forms.", m_fsgsbase_mem },
    { "test-registers",
      "0F 24/0F 26 (MOV to/from test registers) existed on the 386/486 "
      "only; blank in SDM table A-3, #UD since the Pentium.", m_test_regs },
    { "lock-not-allowed",
      "SDM MOVBE/CRC32: \"#UD If the LOCK prefix is used\"; x86asm prints "
      "\"lock movbe\".", m_lock },
    { "vmx",
      "x86asm does not know VMX instructions (0F C7 /6 VMPTRLD, SDM vol. "
      "3C chapter 31).", m_vmx },
    { "syscall-outside-64",
      "SDM lists SYSCALL/SYSRET as invalid outside 64-bit mode on Intel, "
      "but AMD processors (and splitvm's default AuthenticAMD qemu64 "
      "model) execute them in legacy mode; the decoder accepts them and "
      "the emulator decides by vendor and EFER.SCE.", m_syscall32 },
    { "repeated-rex",
      "SDM vol. 2 §2.2.1: a REX not immediately before the opcode is "
      "ignored, so \"40 40 11\" is ADC with the second REX (Zydis agrees); "
      "x86asm rejects it.", m_double_rex },
    { "clwb",
      "SDM: \"66 0F AE /6 CLWB m8\"; x86asm predates CLWB and decodes it as "
      "XSAVEOPT with a 66 prefix.", m_clwb },
    { "rdrand-memory",
      "SDM: RDRAND is \"0F C7 /6 RDRAND r16/r32/r64\", mod = 11 only; the "
      "memory form 0F C7 /6 is VMPTRLD m64. x86asm prints rdrand.",
      m_rdrand_mem },
};

static void test_corpus(void)
{
    FILE *f = fopen(CORPUS, "r");
    char buf[512], copy[512], name[X86_NAME_MAX];
    unsigned lines = 0, agree = 0, explained = 0, unexplained = 0;
    size_t i;

    if (!f) {
        g_test_skip(CORPUS " not found: install golang-golang-x-arch-dev "
                    "(scripts/install-deps.sh)");
        return;
    }
    while (fgets(buf, sizeof(buf), f)) {
        struct line l;
        struct x86_insn in;
        struct result r = { .l = &l, .in = &in };
        bool ok, gok;

        g_strlcpy(copy, buf, sizeof(copy));
        if (!parse(buf, &l)) {
            continue;
        }
        lines++;
        r.st = x86_decode(l.bytes, l.total, l.mode, &in);
        ok = r.st == X86_DECODE_OK;
        gok = l.mnemonic[0] != 0;
        name[0] = 0;
        if (ok) {
            x86_insn_name(&in, name);
        }
        if (ok != gok) {
            r.what = "validity";
        } else if (ok && in.len != l.insn_len) {
            r.what = "length";
        } else if (ok && !x86_same_mnemonic(&in, name, l.mnemonic)) {
            r.what = "mnemonic";
        } else {
            agree++;
            continue;
        }
        for (i = 0; i < G_N_ELEMENTS(known); i++) {
            if (known[i].match(&r)) {
                known[i].hits++;
                explained++;
                break;
            }
        }
        if (i == G_N_ELEMENTS(known)) {
            unexplained++;
            g_test_message("UNEXPLAINED %s: ours %s/%u: %s", r.what,
                           ok ? name : "invalid", in.len, copy);
        }
    }
    fclose(f);
    g_test_message("%u lines (Intel syntax, 32/64-bit), %u agree, "
                   "%u explained, %u unexplained", lines, agree, explained,
                   unexplained);
    for (i = 0; i < G_N_ELEMENTS(known); i++) {
        if (known[i].hits) {
            g_test_message("  known %-20s %u", known[i].name, known[i].hits);
        }
    }
    g_assert_cmpuint(lines, >, 2000);
    g_assert_cmpuint(unexplained, ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86-decode/golden/x86asm", test_corpus);
    return g_test_run();
}
