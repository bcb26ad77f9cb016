/*
 * Port-I/O round-trip benchmark guest (tests/bench/run-bench.py).
 *
 * Times batches of "outb %al, $port" with rdtsc and prints the median and
 * spread of the cycles per instruction. Port 0x80 is chosen because every
 * VMM compared sends it to user space: KVM's in-kernel irqchip claims only
 * the PICs (0x20/0x21, 0xa0/0xa1) and ELCR (0x4d0/0x4d1), its PIT
 * 0x40-0x43 and 0x61, while 0x80 is a do-nothing sink in QEMU's pc board,
 * in splitvm and in tests/bench/kvm-floor.c alike, and neither VMM lets
 * KVM coalesce it. Each measured instruction is therefore one complete
 * KVM_RUN exit and re-entry through the VMM's dispatch.
 *
 * The same loop without the outb is timed too ("loop"): on PVM hosts
 * guest kernel code is interpreted, so even the dec/jnz around the outb
 * costs measurable time; it is printed so that readers can subtract it.
 *
 * Command line (-append): n=<ops per batch> batches=<count> port=<port>.
 * Output, one line each:
 *   BENCH pio-out port=0x80 n=N batches=B median=C min=C max=C loop=C
 */
#include "guest.h"

#define MAX_BATCHES 31

static uint64_t batch[MAX_BATCHES];

/* Cycles for n iterations of the bare loop: the overhead to subtract. */
static uint64_t time_loop(unsigned long n)
{
    uint64_t t0 = rdtsc();

    for (unsigned long i = n; i; i--) {
        barrier();
    }
    return rdtsc() - t0;
}

static uint64_t time_outb(uint16_t port, unsigned long n)
{
    uint64_t t0 = rdtsc();

    for (unsigned long i = n; i; i--) {
        outb(port, 0);
    }
    return rdtsc() - t0;
}

int main(void)
{
    unsigned long n = param_ulong("n", 1000);
    unsigned long batches = param_ulong("batches", 7);
    uint16_t port = (uint16_t)param_ulong("port", 0x80);
    uint64_t loop;

    if (n == 0) {
        n = 1;
    }
    if (batches == 0 || batches > MAX_BATCHES) {
        batches = MAX_BATCHES;
    }
    time_outb(port, n / 10 + 1);        /* warm up the exit path */
    for (unsigned i = 0; i < batches; i++) {
        batch[i] = time_outb(port, n) / n;
    }
    loop = time_loop(n) / n;
    sort_u64(batch, batches);
    printf("BENCH pio-out port=0x%x n=%lu batches=%lu median=%lu min=%lu "
           "max=%lu loop=%lu\n", port, n, batches, batch[batches / 2],
           batch[0], batch[batches - 1], loop);
    return 0;
}
