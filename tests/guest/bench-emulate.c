/*
 * Cost of an MMIO access the VMM's instruction emulator executes against
 * a plain MMIO exit (tests/bench/run-bench.py, docs/devel/x86-emulator.md).
 *
 * Both read a dword of pc-testdev's I/O RAM (0xff000000), which KVM
 * cannot satisfy itself: "mov (mmio), %eax" is decoded by KVM and ends in
 * one KVM_EXIT_MMIO; "fildl (mmio)" is x87, which KVM's emulator does not
 * know, so it ends in KVM_EXIT_INTERNAL_ERROR and splitvm's emulator
 * decodes it, reads the operand through the device model and executes
 * it. The x87 stack is reset (fninit) outside the timed loop; a full
 * stack only sets the masked invalid-operation flag.
 *
 * Command line (-append): n=<ops per batch> batches=<count>.
 * Output: BENCH mmio-mov, mmio-emulated (fildl) and mmio-emulated-int
 * (cmpxchg16b) lines, cycles per
 * instruction (median, min, max over the batches).
 */
#include "guest.h"

#define MAX_BATCHES 31
#define IORAM 0xff000000ul

static uint64_t batch[MAX_BATCHES];

static uint64_t time_mov(unsigned long n)
{
    volatile uint32_t *p = (volatile uint32_t *)IORAM;
    uint64_t t0 = rdtsc();

    for (unsigned long i = n; i; i--) {
        (void)*p;
    }
    return rdtsc() - t0;
}

static uint64_t time_fild(unsigned long n)
{
    uint64_t t0;

    asm volatile("fninit");
    t0 = rdtsc();
    for (unsigned long i = n; i; i--) {
        asm volatile("fildl (%0)" : : "r"(IORAM) : "memory");
    }
    return rdtsc() - t0;
}

/*
 * An integer instruction this host's KVM also hands to userspace:
 * CMPXCHG16B (CPUID CX16, offered by qemu64). It needs no FPU state, so it
 * shows the emulator's own cost; fildl adds KVM_GET_XSAVE/KVM_SET_XSAVE.
 * RDX:RAX never match the I/O RAM's contents (0 vs ~0), so every
 * iteration loads the operand.
 */
static uint64_t time_cmpxchg16b(unsigned long n)
{
    uint64_t t0;

    *(volatile uint64_t *)IORAM = 0;
    *(volatile uint64_t *)(IORAM + 8) = 0;
    t0 = rdtsc();
    for (unsigned long i = n; i; i--) {
        uint64_t lo = ~0ull, hi = ~0ull;

        asm volatile("cmpxchg16b (%4)"
                     : "+a"(lo), "+d"(hi)
                     : "b"(0ull), "c"(0ull), "r"(IORAM)
                     : "memory", "cc");
    }
    return rdtsc() - t0;
}

static void run(const char *name, uint64_t (*fn)(unsigned long),
                unsigned long n, unsigned long batches)
{
    fn(n / 10 + 1);
    for (unsigned i = 0; i < batches; i++) {
        batch[i] = fn(n) / n;
    }
    sort_u64(batch, batches);
    printf("BENCH %s n=%lu batches=%lu median=%lu min=%lu max=%lu\n", name,
           n, batches, (unsigned long)batch[batches / 2],
           (unsigned long)batch[0], (unsigned long)batch[batches - 1]);
}

int main(void)
{
    unsigned long n = param_ulong("n", 500);
    unsigned long batches = param_ulong("batches", 7);

    if (n == 0) {
        n = 1;
    }
    if (batches == 0 || batches > MAX_BATCHES) {
        batches = MAX_BATCHES;
    }
    if (!testdev_present()) {
        printf("BENCH skipped: no pc-testdev\n");
        return 1;
    }
    run("mmio-mov", time_mov, n, batches);
    run("mmio-emulated", time_fild, n, batches);
    run("mmio-emulated-int", time_cmpxchg16b, n, batches);
    return 0;
}
