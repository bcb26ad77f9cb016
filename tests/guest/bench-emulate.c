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
 * On PVM hosts KVM runs guest kernel-mode code through its own emulator,
 * so the loop's own "sub; jne" costs about a third of an MMIO exit: the
 * "loop" line times the empty loop, for run-bench.py to subtract.
 *
 * Command line (-append): n=<ops per batch> batches=<count>
 * [only=<name>]. Output: BENCH loop, mmio-mov, mmio-emulated (fildl),
 * mmio-emulated-store (fsts) and mmio-emulated-int (cmpxchg16b) lines,
 * cycles per loop iteration (median, min, max over the batches).
 */
#include "guest.h"

#define MAX_BATCHES 31
#define IORAM 0xff000000ul

static uint64_t batch[MAX_BATCHES];

static uint64_t time_loop(unsigned long n)
{
    uint64_t t0 = rdtsc();

    for (unsigned long i = n; i; i--) {
        asm volatile("" : : : "memory");
    }
    return rdtsc() - t0;
}

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
 * An x87 store to MMIO: the x87 image is read (KVM_GET_XSAVE), but from
 * the second iteration on it is left as it was (same FIP/FDP/FOP, no
 * stack change), so the VMM skips KVM_SET_XSAVE.
 */
static uint64_t time_fst(unsigned long n)
{
    uint64_t t0;

    asm volatile("fninit\n"
                 "fld1");
    t0 = rdtsc();
    for (unsigned long i = n; i; i--) {
        asm volatile("fsts (%0)" : : "r"(IORAM) : "memory");
    }
    t0 = rdtsc() - t0;
    asm volatile("fninit");
    return t0;
}

/*
 * An integer instruction this host's KVM also hands to userspace:
 * CMPXCHG16B (CPUID CX16, offered by qemu64). It needs no FPU state, but
 * KVM's emulator first fetches the 16-byte operand (two 8-byte
 * KVM_EXIT_MMIO) and only then gives up, so each one costs three exits.
 * Operand and registers are all zero: every iteration compares equal and
 * stores zeroes, without setup instructions in the loop.
 */
static uint64_t time_cmpxchg16b(unsigned long n)
{
    uint64_t t0, lo = 0, hi = 0, newlo = 0, newhi = 0;

    *(volatile uint64_t *)IORAM = 0;
    *(volatile uint64_t *)(IORAM + 8) = 0;
    t0 = rdtsc();
    for (unsigned long i = n; i; i--) {
        asm volatile("cmpxchg16b (%4)"
                     : "+a"(lo), "+d"(hi), "+b"(newlo), "+c"(newhi)
                     : "r"(IORAM)
                     : "memory", "cc");
    }
    return rdtsc() - t0;
}

static void run(const char *name, uint64_t (*fn)(unsigned long),
                unsigned long n, unsigned long batches)
{
    char only[32];

    if (param_get("only", only, sizeof(only)) && strcmp(only, name)) {
        return;
    }
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
    run("loop", time_loop, n, batches);
    run("mmio-mov", time_mov, n, batches);
    run("mmio-emulated", time_fild, n, batches);
    run("mmio-emulated-store", time_fst, n, batches);
    run("mmio-emulated-int", time_cmpxchg16b, n, batches);
    return 0;
}
