/*
 * Decoder throughput: decode the .text section of an x86-64 ELF file
 * (default: this program) front to back in 64-bit mode, again and again
 * for at least half a second of CPU time, and print instructions decoded
 * per second. An undecodable byte is skipped and counted.
 *
 * Output (one line): decode-bench: FILE insns=N invalid=N bytes=N
 *                    cpu_s=S minsn_per_s=R
 */
#include "target/i386/decode.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;

    if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
        fseek(f, 0, SEEK_SET)) {
        return NULL;
    }
    buf = malloc(n);
    if (!buf || fread(buf, 1, n, f) != (size_t)n) {
        return NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* The .text section of an ELF64 image, or NULL. */
static const uint8_t *elf_text(const uint8_t *img, size_t len, size_t *tlen)
{
    const Elf64_Ehdr *eh = (const void *)img;
    const Elf64_Shdr *sh, *strtab;
    int i;

    if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_machine != EM_X86_64 ||
        eh->e_shoff + (size_t)eh->e_shnum * sizeof(*sh) > len ||
        eh->e_shstrndx >= eh->e_shnum) {
        return NULL;
    }
    sh = (const void *)(img + eh->e_shoff);
    strtab = &sh[eh->e_shstrndx];
    for (i = 0; i < eh->e_shnum; i++) {
        size_t name = strtab->sh_offset + sh[i].sh_name;
        if (name + 6 <= len && !strcmp((const char *)img + name, ".text") &&
            sh[i].sh_offset + sh[i].sh_size <= len) {
            *tlen = sh[i].sh_size;
            return img + sh[i].sh_offset;
        }
    }
    return NULL;
}

static double cpu_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/proc/self/exe";
    size_t len, tlen, pos, insns = 0, invalid = 0, bytes = 0;
    const uint8_t *text;
    uint8_t *img = read_file(path, &len);
    struct x86_insn insn;
    double t0, t;

    if (!img || !(text = elf_text(img, len, &tlen))) {
        fprintf(stderr, "decode-bench: %s: not a readable x86-64 ELF file\n",
                path);
        return 1;
    }
    t0 = cpu_seconds();
    do {
        for (pos = 0; pos < tlen;) {
            size_t avail = tlen - pos < 15 ? tlen - pos : 15;
            if (x86_decode(text + pos, avail, X86_MODE_LONG64, &insn) ==
                X86_DECODE_OK) {
                pos += insn.len;
                insns++;
            } else {
                pos++;
                invalid++;
            }
        }
        bytes += tlen;
        t = cpu_seconds() - t0;
    } while (t < 0.5);
    printf("decode-bench: %s insns=%zu invalid=%zu bytes=%zu cpu_s=%.3f "
           "minsn_per_s=%.1f\n", path, insns, invalid, bytes, t,
           insns / t / 1e6);
    return 0;
}
