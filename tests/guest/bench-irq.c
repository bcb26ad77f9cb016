/*
 * Interrupt-controller benchmark guest (issue 4; tests/bench/run-bench.py).
 * Everything is timed inside the guest with rdtsc, so the same ELF file
 * measures splitvm and the reference QEMU alike. Run with -device
 * pc-testdev (the level round trip needs it).
 *
 *   ioapic-read  IOREGSEL write + IOWIN read of the version register: the
 *                sequence every IOAPIC register access is made of
 *   pit-latch    counter-latch command for channel 0 + two data reads:
 *                how an OS reads the PIT counter
 *   level-irq    a level-triggered interrupt round trip through
 *                pc-testdev: assert the line -> the handler runs,
 *                deasserts the line, EOIs -> back in the loop
 *   timer-irq    an edge timer interrupt: PIT channel 0 one-shot (mode 0)
 *                with count=C on IOAPIC pin 2; cycles from just before
 *                the count's MSB write (which starts the count) to the
 *                handler's first C statement (the runner subtracts the
 *                C / 1.193182 MHz the PIT itself waits)
 *
 * ioapic-read and pit-latch time batches of n operations (median, min and
 * max of the per-operation average over the batches, after a warm-up
 * batch); level-irq and timer-irq time each of n operations.
 *
 * Command line (-append): n=<ops per batch, default 500> batches=<default
 * 7> nirq=<interrupts timed, default 64> only=<benchmark> line=<pc-testdev
 * line, default 10> count=<PIT count, default 239>.
 * only=none runs nothing (a baseline for counting the VMM's exits).
 * Output, one line per benchmark:
 *   BENCH <name> n=N ops=O median=C min=C max=C [count=C]
 * where ops is how many operations the run performed in all (warm-ups
 * included), so that exits counted outside can be divided by it.
 */
#include "guest.h"

#define MAX_SAMPLES     128
#define MAX_BATCHES     31
#define LEVEL_VECTOR    0x50
#define TIMER_VECTOR    0x60
#define PIT_LATCH_CH0   0x00
#define PIT_ONESHOT     0       /* mode 0: interrupt on terminal count */
#define WAIT_MS         200

static uint64_t samples[MAX_SAMPLES > MAX_BATCHES ? MAX_SAMPLES
                                                  : MAX_BATCHES];
static unsigned level_line;
static volatile bool level_armed;
static volatile int level_hits, timer_hits;
static volatile uint64_t timer_tsc;

static void print_result(const char *name, unsigned long n,
                         unsigned long ops, unsigned count)
{
    sort_u64(samples, count);
    printf("BENCH %s n=%lu ops=%lu median=%lu min=%lu max=%lu", name, n,
           ops, samples[count / 2], samples[0], samples[count - 1]);
}

/* ---- register accesses, timed in batches ---- */

static uint64_t batch_ioapic(unsigned long n)
{
    uint64_t t0 = rdtsc();

    for (unsigned long i = n; i; i--) {
        ioapic_read(IOAPIC_REG_VER);
    }
    return rdtsc() - t0;
}

static uint64_t batch_pit(unsigned long n)
{
    uint64_t t0 = rdtsc();

    for (unsigned long i = n; i; i--) {
        outb(PIT_MODE, PIT_LATCH_CH0);
        inb(PIT_CH0);
        inb(PIT_CH0);
    }
    return rdtsc() - t0;
}

static void bench_batches(const char *name, uint64_t (*fn)(unsigned long),
                          unsigned long n, unsigned long batches)
{
    unsigned long warm = n / 10 + 1;

    fn(warm);
    for (unsigned i = 0; i < batches; i++) {
        samples[i] = fn(n) / n;
    }
    print_result(name, n, warm + n * batches, batches);
    printf("\n");
}

/* ---- interrupt round trips, timed one by one ---- */

/*
 * The replay a PVM host's LAPIC can add after the EOI finds level_armed
 * clear: it only EOIs, and the loop below has already stopped its clock.
 */
static void level_handler(struct ex_regs *r)
{
    if (level_armed) {
        level_armed = false;
        testdev_set_irq(level_line, 0);
        level_hits++;
    }
    lapic_eoi();
}

static void timer_handler(struct ex_regs *r)
{
    timer_tsc = rdtsc();
    timer_hits++;
    lapic_eoi();
}

static bool bench_level(unsigned long n, unsigned pin)
{
    ioapic_write_rte(pin, LEVEL_VECTOR | RTE_DM_FIXED | RTE_LEVEL |
                          RTE_DEST(lapic_id()));
    for (unsigned long i = 0; i <= n; i++) {
        int want = level_hits + 1;
        uint64_t t0;

        level_armed = true;
        t0 = rdtsc();
        testdev_set_irq(level_line, 1);
        while (level_hits < want) {
            if (rdtsc() - t0 > WAIT_MS * TSC_PER_MS_GUESS) {
                printf("BENCH level-irq: no interrupt (is -device "
                       "pc-testdev there?)\n");
                return false;
            }
        }
        if (i > 0) {                    /* the first one warms up */
            samples[i - 1] = rdtsc() - t0;
        }
    }
    ioapic_mask(pin, true);
    print_result("level-irq", n, n + 1, n);
    printf("\n");
    return true;
}

static bool bench_timer(unsigned long n, unsigned pin, uint16_t count)
{
    /*
     * Quiet the PIT first: whatever the firmware left running (mode 2 at
     * 18.2 Hz) ends in a one-shot whose edge the masked pin drops, so no
     * stale edge can pass for the first measured one.
     */
    ioapic_mask(pin, true);
    pit_ch0_program(PIT_ONESHOT, 2);
    delay_ms(2);
    ioapic_write_rte(pin, TIMER_VECTOR | RTE_DM_FIXED |
                          RTE_DEST(lapic_id()));
    for (unsigned long i = 0; i <= n; i++) {
        int want = timer_hits + 1;
        uint64_t armed;

        /*
         * Mode 0 starts counting when the MSB arrives. The clock starts
         * before that write: the exit it causes may outlast the count on
         * a busy host, and the interrupt then comes right behind it.
         */
        outb(PIT_MODE, 0x30 | PIT_ONESHOT << 1);
        outb(PIT_CH0, (uint8_t)count);
        armed = rdtsc();
        outb(PIT_CH0, (uint8_t)(count >> 8));
        while (timer_hits < want) {
            if (rdtsc() - armed > WAIT_MS * TSC_PER_MS_GUESS) {
                printf("BENCH timer-irq: no interrupt\n");
                return false;
            }
        }
        if (i > 0) {
            samples[i - 1] = timer_tsc - armed;
        }
    }
    ioapic_mask(pin, true);
    print_result("timer-irq", n, n + 1, n);
    printf(" count=%u\n", count);
    return true;
}

static bool selected(const char *only, const char *name)
{
    return !only[0] || !strcmp(only, name);
}

int main(void)
{
    unsigned long n = param_ulong("n", 500);
    unsigned long batches = param_ulong("batches", 7);
    unsigned long nirq = param_ulong("nirq", 64);
    uint16_t count = param_ulong("count", 239);     /* ~200 us */
    char only[16] = "";
    struct madt_info madt;
    bool ok = true;

    param_get("only", only, sizeof(only));
    n = n ? n : 1;
    batches = batches && batches <= MAX_BATCHES ? batches : MAX_BATCHES;
    nirq = nirq && nirq <= MAX_SAMPLES ? nirq : MAX_SAMPLES;
    level_line = param_ulong("line", 10);

    intr_setup(&madt);
    ioapic_mask_all();
    set_interrupt_handler(LEVEL_VECTOR, level_handler);
    set_interrupt_handler(TIMER_VECTOR, timer_handler);
    testdev_set_irq(level_line, 0);
    irq_enable();
    if (selected(only, "ioapic-read")) {
        bench_batches("ioapic-read", batch_ioapic, n, batches);
    }
    if (selected(only, "pit-latch")) {
        bench_batches("pit-latch", batch_pit, n, batches);
    }
    if (selected(only, "level-irq")) {
        ok &= bench_level(nirq, level_line < 16 ? madt.isa_gsi[level_line]
                                                : level_line);
    }
    if (selected(only, "timer-irq")) {
        ok &= bench_timer(nirq, madt.isa_gsi[0], count);
    }
    irq_disable();
    return ok && stray_count == 0 ? 0 : 1;
}
