/*
 * x86 control-register bits and the QEMU-style register dump, for the KVM
 * glue, error reports and HMP "info registers".
 */
#ifndef TARGET_I386_KVM_REGS_H
#define TARGET_I386_KVM_REGS_H

#include "qemu/osdep.h"
#include <linux/kvm.h>

#define X86_CR0_PE (1u << 0)
#define X86_CR0_ET (1u << 4)
#define X86_CR0_PG (1u << 31)
#define X86_EFER_LMA (1u << 10)
#define X86_RFLAGS_IF (1u << 9)

/* QEMU's "info registers" layout (32- or 64-bit by EFER.LMA). */
void x86_dump_registers(FILE *f, const struct kvm_regs *regs,
                        const struct kvm_sregs *sregs);

#endif
