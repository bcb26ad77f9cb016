/*
 * Helpers shared by the files of the x86 emulator (emulate*.c).
 */
#ifndef TARGET_I386_EMULATE_INTERNAL_H
#define TARGET_I386_EMULATE_INTERNAL_H

#include "target/i386/emulate.h"
#include "target/i386/decode.h"
#include "target/i386/mmu.h"

/*
 * Status of a step inside the emulator: 0 = go on; EMU_EXC = emu->exc is
 * set; EMU_UNHANDLED = emu->message is set; EMU_RETRY = REP interrupted.
 * Negative errno from callbacks are turned into EMU_UNHANDLED by
 * emu_fail_errno().
 */
#define EMU_EXC        1
#define EMU_UNHANDLED  2
#define EMU_RETRY      3

static inline uint64_t size_mask(unsigned size)
{
    return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

static inline uint64_t sign_bit(unsigned size)
{
    return 1ull << (size * 8 - 1);
}

static inline int64_t sext(uint64_t v, unsigned size)
{
    unsigned sh = 64 - size * 8;

    return size >= 8 ? (int64_t)v : (int64_t)(v << sh) >> sh;
}

int emu_raise(struct x86_emu *emu, uint8_t vector, bool has_err,
              uint32_t err);
int emu_gp0(struct x86_emu *emu);
int emu_ud(struct x86_emu *emu);
int emu_unhandled(struct x86_emu *emu, const char *fmt, ...)
    QEMU_PRINTF(2, 3);
/* A negative errno or X86_MEM_UNHANDLED from a callback; passes 1 on. */
int emu_mem_status(struct x86_emu *emu, int r, uint64_t addr);

/* Make XCR0 valid (ops->load_xcr); 0, or -1 with emu->message set. */
int x86_emu_need_xcr(struct x86_emu *emu);

/* GPR access by operand size (1 = low byte, AH..BH via high8). */
uint64_t emu_get_gpr(struct x86_emu *emu, unsigned num, unsigned size,
                     bool high8);
void emu_set_gpr(struct x86_emu *emu, unsigned num, unsigned size,
                 bool high8, uint64_t v);

/* Effective address of a memory operand (truncated to its size). */
uint64_t emu_ea(struct x86_emu *emu, const struct x86_insn *insn,
                const struct x86_operand *op);
/* seg:offset access; access is X86_ACC_READ or X86_ACC_WRITE. */
int emu_read_mem(struct x86_emu *emu, unsigned seg, uint64_t off,
                 void *buf, unsigned size, unsigned access);
int emu_write_mem(struct x86_emu *emu, unsigned seg, uint64_t off,
                  const void *buf, unsigned size);

/* Operand values (register, memory or immediate), little-endian. */
int emu_read_op(struct x86_emu *emu, const struct x86_insn *insn,
                const struct x86_operand *op, uint64_t *v);
/* For a read-modify-write destination: checks write access too. */
int emu_read_op_rmw(struct x86_emu *emu, const struct x86_insn *insn,
                    const struct x86_operand *op, uint64_t *v);
int emu_write_op(struct x86_emu *emu, const struct x86_insn *insn,
                 const struct x86_operand *op, uint64_t v);

/* Stack (SS, address size from SS.B / 64-bit mode). */
unsigned emu_stack_size(struct x86_emu *emu);
int emu_push(struct x86_emu *emu, uint64_t v, unsigned size);
int emu_pop_peek(struct x86_emu *emu, uint64_t *v, unsigned size);

/* Flag computation (emulate-alu.c). */
uint64_t alu_flags_logic(uint64_t r, unsigned size);
uint64_t alu_add(uint64_t a, uint64_t b, uint64_t carry, unsigned size,
                 uint64_t *flags);
uint64_t alu_sub(uint64_t a, uint64_t b, uint64_t borrow, unsigned size,
                 uint64_t *flags);
bool x86_cond(uint64_t rflags, unsigned cond);
void emu_set_flags(struct x86_emu *emu, uint64_t flags, uint64_t mask);

/* Instruction groups; each returns 0 or an EMU_* status. */
int emu_exec_int(struct x86_emu *emu, const struct x86_insn *insn);
int emu_exec_string(struct x86_emu *emu, const struct x86_insn *insn);
int emu_exec_io(struct x86_emu *emu, const struct x86_insn *insn);
int emu_exec_sys(struct x86_emu *emu, const struct x86_insn *insn);
int emu_exec_fpu(struct x86_emu *emu, const struct x86_insn *insn);
int emu_exec_stack(struct x86_emu *emu, const struct x86_insn *insn);
int emu_exec_bcd(struct x86_emu *emu, const struct x86_insn *insn);
int emu_exec_cr(struct x86_emu *emu, const struct x86_insn *insn);
int emu_exec_seg(struct x86_emu *emu, const struct x86_insn *insn);
int emu_exec_dt(struct x86_emu *emu, const struct x86_insn *insn);
int emu_exec_intr(struct x86_emu *emu, const struct x86_insn *insn);
/* MOV Sreg, r/m and POP Sreg (emulate-seg.c). */
int emu_mov_to_sreg(struct x86_emu *emu, const struct x86_insn *insn);
int emu_pop_sreg(struct x86_emu *emu, const struct x86_insn *insn);
/*
 * Descriptors (emulate-seg.c): read the 8 bytes for sel from the GDT or
 * LDT (*la: their linear address; #GP(sel) past the limit or without an
 * LDT); decode them; OR bits into the type byte (accessed, TSS busy) by
 * compare-and-exchange as an implicit supervisor write.
 */
int emu_read_descriptor(struct x86_emu *emu, uint16_t sel, uint8_t desc[8],
                        uint64_t *la);
void emu_desc_to_seg(const uint8_t d[8], uint16_t sel,
                     struct x86_segment *s);
int emu_desc_set_type_bits(struct x86_emu *emu, uint64_t la,
                           uint8_t type_byte, uint8_t bits);
/* Does the group handle this operation? */
bool emu_int_handles(unsigned op);
bool emu_string_handles(unsigned op);
bool emu_sys_handles(unsigned op);
bool emu_fpu_handles(const struct x86_insn *insn);
bool emu_stack_handles(unsigned op);
bool emu_bcd_handles(unsigned op);
bool emu_cr_handles(unsigned op);
/* Debug registers on demand (before an instruction changes anything). */
int emu_need_dr(struct x86_emu *emu);
/* Record a single-step trap: DR6.BS set, X86_DIRTY_DR. */
void emu_set_dr6_bs(struct x86_emu *emu);
bool emu_seg_handles(unsigned op);
bool emu_dt_handles(unsigned op);
bool emu_intr_handles(unsigned op);

/* I/O permission (IOPL, TSS bitmap) for size bytes at port. */
int emu_io_allowed(struct x86_emu *emu, uint16_t port, unsigned size);

#endif
