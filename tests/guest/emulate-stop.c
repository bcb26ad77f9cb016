/*
 * An instruction the emulator decodes but does not execute (MASKMOVDQU,
 * SSE2) aimed at pc-testdev's I/O RAM: KVM cannot emulate it (on PVM
 * hosts not even on RAM), so it reaches splitvm, which must stop the VM
 * with a message and the X-EMULATION-FAILURE QMP event, not crash or
 * guess (tests/functional/test_emulation.py).
 */
#include "guest.h"

#define TESTDEV_IOMEM 0xff000000ul

int main(void)
{
    asm volatile("mov %%cr4, %%rax\n"
                 "or $0x600, %%rax\n"          /* OSFXSR, OSXMMEXCPT */
                 "mov %%rax, %%cr4" ::: "rax");
    printf("EMULATE-STOP-NEXT\n");
    asm volatile("pcmpeqb %%xmm0, %%xmm0\n"
                 "maskmovdqu %%xmm0, %%xmm0"
                 : : "D"(TESTDEV_IOMEM) : "memory");
    printf("EMULATE-STOP-NOT-STOPPED\n");
    return 1;
}
