/*
 * Each common exception reaches the guest's IDT handler with the right
 * vector, error code and RIP, and the guest recovers and carries on.
 */
#include "guest.h"
#include "usermode.h"

/* Not mapped: our page tables stop at 4 GiB. */
#define UNMAPPED_ADDR       0x100000000UL
#define NONCANONICAL_ADDR   0x8000000000000000UL

#define PF_ERR_WRITE        (1 << 1)

/* Each probe marks the faulting instruction's address with a label. */
extern char de_insn[], ud_insn[], pf_read_insn[], pf_write_insn[];
extern char gp_insn[], bp_after[];

static void do_divide_error(void *arg)
{
    asm volatile("xor %%edx, %%edx\n"
                 "xor %%ecx, %%ecx\n"
                 "de_insn: divl %%ecx"
                 : : "a"(1) : "rcx", "rdx");
}

static void do_ud2(void *arg)
{
    asm volatile("ud_insn: ud2");
}

static void do_read_unmapped(void *arg)
{
    asm volatile("pf_read_insn: movq (%0), %%rax"
                 : : "r"(UNMAPPED_ADDR) : "rax", "memory");
}

static void do_write_unmapped(void *arg)
{
    asm volatile("pf_write_insn: movq %%rax, (%0)"
                 : : "r"(UNMAPPED_ADDR + 8), "a"(0) : "memory");
}

static void do_noncanonical(void *arg)
{
    asm volatile("gp_insn: movq (%0), %%rax"
                 : : "r"(NONCANONICAL_ADDR) : "rax", "memory");
}

/*
 * Runs at CPL 3: PVM hosts interpret CPL 0 code with KVM's emulator,
 * which cannot execute INT3 (the VM stops with an emulation failure).
 */
static void do_int3(void)
{
    asm volatile("int3\n"
                 "bp_after: ud2");
}

static void do_nothing(void *arg)
{
}

struct probe {
    const char *name;
    unsigned vector;
    uint64_t error_code;
    const char *rip;        /* where the exception must report */
    uint64_t cr2;           /* checked for #PF only */
};

static void check(const struct probe *p, bool faulted,
                  const struct exception_info *info)
{
    report_eq(faulted ? info->vector : ~0ull, p->vector, "%s: vector",
              p->name);
    if (!faulted) {
        return;
    }
    report_eq(info->rip, (uint64_t)p->rip, "%s: rip", p->name);
    report_eq(info->error_code, p->error_code, "%s: error code", p->name);
    if (p->vector == PF_VECTOR) {
        report_eq(info->cr2, p->cr2, "%s: cr2", p->name);
    }
}

static void run_probe(void (*fn)(void *), const struct probe *p)
{
    struct exception_info info;

    check(p, run_expect_exception(fn, NULL, &info), &info);
}

static void run_user_probe(void (*fn)(void), const struct probe *p)
{
    struct exception_info info;
    bool faulted = run_user_expect_exception(fn, &info);

    check(p, faulted, &info);
    report_eq(faulted ? info.cs & 3 : ~0ull, 3, "%s: from CPL 3", p->name);
}

int main(void)
{
    run_probe(do_divide_error, &(struct probe) {
        .name = "#DE divide by zero", .vector = DE_VECTOR, .rip = de_insn });
    run_probe(do_ud2, &(struct probe) {
        .name = "#UD ud2", .vector = UD_VECTOR, .rip = ud_insn });
    run_probe(do_read_unmapped, &(struct probe) {
        .name = "#PF read above 4G", .vector = PF_VECTOR,
        .rip = pf_read_insn, .cr2 = UNMAPPED_ADDR });
    run_probe(do_write_unmapped, &(struct probe) {
        .name = "#PF write above 4G", .vector = PF_VECTOR,
        .error_code = PF_ERR_WRITE, .rip = pf_write_insn,
        .cr2 = UNMAPPED_ADDR + 8 });
    run_probe(do_noncanonical, &(struct probe) {
        .name = "#GP non-canonical", .vector = GP_VECTOR, .rip = gp_insn });
    /* A trap: RIP points after the int3. */
    run_user_probe(do_int3, &(struct probe) {
        .name = "#BP int3", .vector = BP_VECTOR, .rip = bp_after });
    /* After all that, a well-behaved function still runs to the end. */
    struct exception_info info;
    report(!run_expect_exception(do_nothing, NULL, &info),
           "no exception from a fault-free function");
    report_summary();
}
