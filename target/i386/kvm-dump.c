/*
 * Register dump in the layout QEMU users know from "info registers" and
 * from KVM internal-error reports.
 */
#include "qemu/osdep.h"
#include "target/i386/kvm-regs.h"

/* QEMU prints the descriptor's attribute word as in the GDT entry. */
static uint32_t seg_flags(const struct kvm_segment *s)
{
    return (s->type << 8) | (s->s << 12) | (s->dpl << 13) |
           (s->present << 15) | (s->avl << 20) | (s->l << 21) |
           (s->db << 22) | (s->g << 23);
}

static void dump_seg(FILE *f, const char *name, const struct kvm_segment *s,
                     bool lma)
{
    if (lma) {
        fprintf(f, "%-3s=%04x %016" PRIx64 " %08x %08x\n", name, s->selector,
                (uint64_t)s->base, s->limit, seg_flags(s));
    } else {
        fprintf(f, "%-3s=%04x %08x %08x %08x\n", name, s->selector,
                (uint32_t)s->base, s->limit, seg_flags(s));
    }
}

static void dump_flags(FILE *f, uint64_t fl)
{
    fprintf(f, "[%c%c%c%c%c%c%c]", fl & 0x800 ? 'O' : '-',
            fl & 0x400 ? 'D' : '-', fl & 0x80 ? 'S' : '-',
            fl & 0x40 ? 'Z' : '-', fl & 0x10 ? 'A' : '-',
            fl & 0x4 ? 'P' : '-', fl & 0x1 ? 'C' : '-');
}

void x86_dump_registers(FILE *f, const struct kvm_regs *r,
                        const struct kvm_sregs *s)
{
    bool lma = s->efer & X86_EFER_LMA;

    if (lma) {
        fprintf(f, "RAX=%016llx RBX=%016llx RCX=%016llx RDX=%016llx\n"
                   "RSI=%016llx RDI=%016llx RBP=%016llx RSP=%016llx\n"
                   "R8 =%016llx R9 =%016llx R10=%016llx R11=%016llx\n"
                   "R12=%016llx R13=%016llx R14=%016llx R15=%016llx\n"
                   "RIP=%016llx RFL=%08llx ",
                r->rax, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi, r->rbp,
                r->rsp, r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14,
                r->r15, r->rip, r->rflags);
    } else {
        fprintf(f, "EAX=%08x EBX=%08x ECX=%08x EDX=%08x\n"
                   "ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n"
                   "EIP=%08x EFL=%08x ",
                (uint32_t)r->rax, (uint32_t)r->rbx, (uint32_t)r->rcx,
                (uint32_t)r->rdx, (uint32_t)r->rsi, (uint32_t)r->rdi,
                (uint32_t)r->rbp, (uint32_t)r->rsp, (uint32_t)r->rip,
                (uint32_t)r->rflags);
    }
    dump_flags(f, r->rflags);
    fprintf(f, " CPL=%d\n", s->cs.dpl);
    dump_seg(f, "ES", &s->es, lma);
    dump_seg(f, "CS", &s->cs, lma);
    dump_seg(f, "SS", &s->ss, lma);
    dump_seg(f, "DS", &s->ds, lma);
    dump_seg(f, "FS", &s->fs, lma);
    dump_seg(f, "GS", &s->gs, lma);
    dump_seg(f, "LDT", &s->ldt, lma);
    dump_seg(f, "TR", &s->tr, lma);
    if (lma) {
        fprintf(f, "GDT=     %016llx %08x\nIDT=     %016llx %08x\n",
                s->gdt.base, s->gdt.limit, s->idt.base, s->idt.limit);
    } else {
        fprintf(f, "GDT=     %08x %08x\nIDT=     %08x %08x\n",
                (uint32_t)s->gdt.base, s->gdt.limit, (uint32_t)s->idt.base,
                s->idt.limit);
    }
    fprintf(f, "CR0=%08llx CR2=%016llx CR3=%016llx CR4=%08llx\n", s->cr0,
            s->cr2, s->cr3, s->cr4);
    fprintf(f, "EFER=%016llx APIC_BASE=%016llx\n", s->efer, s->apic_base);
}
