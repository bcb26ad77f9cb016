/*
 * CPL 3 support: a TSS (whose RSP0 gives traps from CPL 3 a kernel stack)
 * and an iretq into user mode. Why: hosts where /dev/kvm interprets guest
 * kernel mode with KVM's instruction emulator (PVM) cannot execute INT3
 * or INT n at CPL 0, while user-mode code runs natively; so #BP is raised
 * from CPL 3, which works everywhere.
 */
#include "io.h"
#include "libc.h"
#include "usermode.h"
#include "x86-defs.h"

struct tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];        /* stack for a switch to CPL 0, 1, 2 */
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;    /* past the limit: no I/O bitmap */
} __attribute__((packed));

#define TSS_TYPE_AVAILABLE  0x89    /* present, 64-bit TSS, available */

extern uint64_t gdt[];
extern char trap_stack_top[];       /* usermode.S */
void enter_user_mode(void *fn);

static struct tss64 tss __attribute__((aligned(16)));

static void tss_init(void)
{
    uint64_t base = (uint64_t)&tss;
    uint64_t limit = sizeof(tss) - 1;

    tss.rsp[0] = (uint64_t)trap_stack_top;
    tss.iomap_base = sizeof(tss);
    gdt[SEL_TSS / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 |
                       (uint64_t)TSS_TYPE_AVAILABLE << 40 |
                       (base >> 24 & 0xff) << 56;
    gdt[SEL_TSS / 8 + 1] = base >> 32;
    asm volatile("ltr %w0" : : "r"(SEL_TSS));
}

bool run_user_expect_exception(void (*fn)(void), struct exception_info *info)
{
    if (!tss.rsp[0]) {
        tss_init();
    }
    return run_expect_exception(enter_user_mode, (void *)fn, info);
}
