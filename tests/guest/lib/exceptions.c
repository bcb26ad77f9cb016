/*
 * IDT management and the C side of interrupt dispatch (isr.S calls
 * handle_interrupt). Gates are written at run time because a gate splits
 * the handler address into pieces, which no relocation can express.
 */
#include "exceptions.h"
#include "io.h"
#include "libc.h"
#include "report.h"
#include "x86-defs.h"

#define IDT_ENTRIES     256
#define STUB_SIZE       16      /* see isr.S */
#define GATE_INTR_P     0x8e00  /* present, DPL 0, 64-bit interrupt gate */
#define GATE_DPL3       0x6000  /* INT3 may be used at CPL 3 */

struct idt_gate {
    uint16_t offset_lo;
    uint16_t selector;
    uint16_t flags;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t reserved;
};

extern char isr_stubs[];
extern char expect_recover[];
int expect_call(void (*fn)(void *), void *arg);

static struct idt_gate idt[IDT_ENTRIES] __attribute__((aligned(16)));
static interrupt_handler handlers[IDT_ENTRIES];

/* State of run_expect_exception(); one at a time, BSP only. */
uint64_t expect_saved_rsp;
static volatile bool expecting;
static struct exception_info *expect_info;

static void set_gate(unsigned vector)
{
    uint64_t addr = (uint64_t)(isr_stubs + vector * STUB_SIZE);

    idt[vector] = (struct idt_gate) {
        .offset_lo = (uint16_t)addr,
        .selector = SEL_CODE64,
        .flags = GATE_INTR_P | (vector == BP_VECTOR ? GATE_DPL3 : 0),
        .offset_mid = (uint16_t)(addr >> 16),
        .offset_hi = (uint32_t)(addr >> 32),
    };
}

void idt_load(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) desc = { sizeof(idt) - 1, (uint64_t)idt };

    asm volatile("lidt %0" : : "m"(desc));
}

void idt_init(void)
{
    for (unsigned v = 0; v < 32; v++) {
        set_gate(v);
    }
    idt_load();
}

void set_interrupt_handler(unsigned vector, interrupt_handler fn)
{
    handlers[vector] = fn;
    if (fn || vector < 32) {
        set_gate(vector);
    } else {
        idt[vector].flags = 0;  /* not present */
    }
}

static const char *exception_name(unsigned v)
{
    static const char *const names[32] = {
        "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
        "#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "15",
        "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
    };

    return v < 32 && names[v] ? names[v] : "?";
}

static void unexpected(struct ex_regs *r)
{
    printf("EXCEPTION: vector %lu (%s) error 0x%lx rip 0x%lx cr2 0x%lx\n",
           r->vector, exception_name(r->vector), r->error_code, r->rip,
           read_cr2());
    report(false, "unexpected %s at rip 0x%lx",
           r->vector < 32 ? exception_name(r->vector) : "interrupt",
           r->rip);
    report_summary();
}

void handle_interrupt(struct ex_regs *r)
{
    if (r->vector < 32 && expecting) {
        expecting = false;
        *expect_info = (struct exception_info) {
            .vector = (unsigned)r->vector,
            .error_code = r->error_code,
            .rip = r->rip,
            .cs = r->cs,
            .cr2 = r->vector == PF_VECTOR ? read_cr2() : 0,
        };
        /* Resume at CPL 0 even if the fault came from CPL 3. */
        r->rip = (uint64_t)expect_recover;
        r->rsp = expect_saved_rsp;
        r->cs = SEL_CODE64;
        r->ss = SEL_DATA;
        return;
    }
    if (handlers[r->vector]) {
        handlers[r->vector](r);
        return;
    }
    unexpected(r);
}

bool run_expect_exception(void (*fn)(void *), void *arg,
                          struct exception_info *info)
{
    bool faulted;

    *info = (struct exception_info) { .vector = ~0u };
    expect_info = info;
    expecting = true;
    faulted = expect_call(fn, arg);
    expecting = false;
    return faulted;
}
