/* Multiboot info access and the command-line parameter parser. */
#include "libc.h"
#include "multiboot.h"
#include "x86-defs.h"

extern uint32_t mb_info_addr;   /* EBX at entry, from entry.S */

const struct multiboot_info *mb_info(void)
{
    if (mb_magic != MULTIBOOT_BOOT_MAGIC) {
        return NULL;
    }
    return (const struct multiboot_info *)(uintptr_t)mb_info_addr;
}

const char *mb_cmdline(void)
{
    const struct multiboot_info *mbi = mb_info();

    if (!mbi || !(mbi->flags & MB_INFO_CMDLINE) || !mbi->cmdline) {
        return "";
    }
    return (const char *)(uintptr_t)mbi->cmdline;
}

static const char *skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    return p;
}

static const char *skip_word(const char *p)
{
    while (*p && *p != ' ' && *p != '\t') {
        p++;
    }
    return p;
}

bool param_get(const char *key, char *buf, size_t len)
{
    size_t klen = strlen(key);
    /* The first word is the kernel path (QEMU puts it there). */
    const char *p = skip_word(skip_spaces(mb_cmdline()));

    for (p = skip_spaces(p); *p; p = skip_spaces(skip_word(p))) {
        if (strncmp(p, key, klen) != 0 || p[klen] != '=') {
            continue;
        }
        const char *v = p + klen + 1;
        size_t n = skip_word(v) - v;
        if (len == 0) {
            return true;
        }
        if (n >= len) {
            n = len - 1;
        }
        memcpy(buf, v, n);
        buf[n] = '\0';
        return true;
    }
    return false;
}

unsigned long param_ulong(const char *key, unsigned long dflt)
{
    char buf[24];

    if (!param_get(key, buf, sizeof(buf))) {
        return dflt;
    }
    return strtoul(buf, NULL);
}
