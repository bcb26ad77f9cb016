/*
 * Legacy BIOS state for direct kernel boot (see bios-stub.h).
 */
#include "qemu/osdep.h"
#include "hw/i386/bios-stub.h"

/* 8259 and 8254 programming as a PC BIOS does it. */
#define PIC_MASTER_CMD 0x20
#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_CMD 0xa0
#define PIC_SLAVE_DATA 0xa1
#define PIC_ICW1_INIT_ICW4 0x11      /* edge, cascade, ICW4 follows */
#define PIC_MASTER_VECTOR 0x08
#define PIC_SLAVE_VECTOR 0x70
#define PIC_ICW3_MASTER 0x04         /* slave on IRQ 2 */
#define PIC_ICW3_SLAVE 0x02          /* cascade identity 2 */
#define PIC_ICW4_8086 0x01
#define PIC_OCW2_EOI 0x20
#define PIT_CH0 0x40
#define PIT_MODE 0x43
#define PIT_CH0_LOHI_MODE2 0x34      /* counter 0, LSB+MSB, rate generator */

/* x86 opcodes the stub uses. */
#define OP_MOV_AL_IMM 0xb0
#define OP_OUT_IMM_AL 0xe6
#define OP_MOV_EAX_IMM 0xb8
#define OP_MOV_ECX_IMM 0xb9
#define OP_MOV_EBX_IMM 0xbb
#define OP_PUSH_EAX 0x50
#define OP_POP_EAX 0x58
#define OP_IRET 0xcf
#define OP_GRP5 0xff
#define MODRM_JMP_ECX 0xe1

/* Real-mode BIOS data area fields. */
#define BDA_COM_PORTS 0x400
#define BDA_EQUIPMENT 0x410
#define BDA_BASE_MEM_KB 0x413
#define BDA_EBDA_SEGMENT 0x40e
#define EBDA_SEGMENT 0x9fc0
#define BASE_MEM_KB 639

struct emitter {
    uint8_t *buf;
    size_t cap;
    size_t len;
};

static void emit(struct emitter *e, uint8_t b)
{
    if (e->len < e->cap) {
        e->buf[e->len] = b;
    }
    e->len++;
}

static void emit32(struct emitter *e, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        emit(e, v >> (8 * i));
    }
}

static void emit_outb(struct emitter *e, uint8_t port, uint8_t value)
{
    emit(e, OP_MOV_AL_IMM);
    emit(e, value);
    emit(e, OP_OUT_IMM_AL);
    emit(e, port);
}

size_t bios_stub_build_code(uint8_t *buf, size_t cap, uint32_t entry,
                            uint32_t eax, uint32_t ebx)
{
    struct emitter e = { buf, cap, 0 };

    emit_outb(&e, PIC_MASTER_CMD, PIC_ICW1_INIT_ICW4);
    emit_outb(&e, PIC_SLAVE_CMD, PIC_ICW1_INIT_ICW4);
    emit_outb(&e, PIC_MASTER_DATA, PIC_MASTER_VECTOR);
    emit_outb(&e, PIC_SLAVE_DATA, PIC_SLAVE_VECTOR);
    emit_outb(&e, PIC_MASTER_DATA, PIC_ICW3_MASTER);
    emit_outb(&e, PIC_SLAVE_DATA, PIC_ICW3_SLAVE);
    emit_outb(&e, PIC_MASTER_DATA, PIC_ICW4_8086);
    emit_outb(&e, PIC_SLAVE_DATA, PIC_ICW4_8086);
    emit_outb(&e, PIC_MASTER_DATA, BIOS_PIC_MASTER_MASK);
    emit_outb(&e, PIC_SLAVE_DATA, BIOS_PIC_SLAVE_MASK);
    /* Count 0 = 65536: 18.2 Hz. */
    emit_outb(&e, PIT_MODE, PIT_CH0_LOHI_MODE2);
    emit_outb(&e, PIT_CH0, 0);
    emit_outb(&e, PIT_CH0, 0);
    emit(&e, OP_MOV_EAX_IMM);
    emit32(&e, eax);
    emit(&e, OP_MOV_EBX_IMM);
    emit32(&e, ebx);
    emit(&e, OP_MOV_ECX_IMM);
    emit32(&e, entry);
    emit(&e, OP_GRP5);
    emit(&e, MODRM_JMP_ECX);
    return e.len;
}

/* Real-mode IRQ handler: acknowledge the PIC(s) and return. */
static size_t build_eoi_stub(uint8_t *p, bool slave)
{
    size_t n = 0;

    p[n++] = OP_PUSH_EAX;            /* push ax (16-bit code) */
    p[n++] = OP_MOV_AL_IMM;
    p[n++] = PIC_OCW2_EOI;
    if (slave) {
        p[n++] = OP_OUT_IMM_AL;
        p[n++] = PIC_SLAVE_CMD;
    }
    p[n++] = OP_OUT_IMM_AL;
    p[n++] = PIC_MASTER_CMD;
    p[n++] = OP_POP_EAX;             /* pop ax */
    p[n++] = OP_IRET;
    return n;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        p[i] = v >> (8 * i);
    }
}

#define SEG_OFF(addr) ((uint16_t)((addr) - BIOS_SEGMENT_BASE))
#define BIOS_SEGMENT 0xf000
#define EOI_MASTER_ADDR 0xf0100
#define EOI_SLAVE_ADDR 0xf0110
/* Flat 4 GiB descriptors: 32-bit code (0x08) and data (0x10). */
#define GDT_CODE32 0x00cf9a000000ffffULL
#define GDT_DATA32 0x00cf92000000ffffULL

static void set_ivt(uint8_t *low, int vector, uint32_t handler)
{
    put16(low + vector * 4, SEG_OFF(handler));
    put16(low + vector * 4 + 2, BIOS_SEGMENT);
}

void bios_stub_install(struct machine_state *ms, uint32_t entry,
                       uint32_t eax, uint32_t ebx, int nr_serial)
{
    static const uint16_t com_ports[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
    uint8_t *low = g_malloc0(0x500);
    uint8_t *seg = g_malloc0(0x10000);

    for (int v = 0; v < 256; v++) {
        set_ivt(low, v, BIOS_IRET_ADDR);
    }
    for (int i = 0; i < 8; i++) {
        set_ivt(low, PIC_MASTER_VECTOR + i, EOI_MASTER_ADDR);
        set_ivt(low, PIC_SLAVE_VECTOR + i, EOI_SLAVE_ADDR);
    }
    nr_serial = MIN(nr_serial, 4);
    for (int i = 0; i < nr_serial; i++) {
        put16(low + BDA_COM_PORTS + 2 * i, com_ports[i]);
    }
    put16(low + BDA_EQUIPMENT, nr_serial << 9);
    put16(low + BDA_EBDA_SEGMENT, EBDA_SEGMENT);
    put16(low + BDA_BASE_MEM_KB, BASE_MEM_KB);

    put64(seg + SEG_OFF(BIOS_GDT_ADDR) + 8, GDT_CODE32);
    put64(seg + SEG_OFF(BIOS_GDT_ADDR) + 16, GDT_DATA32);
    build_eoi_stub(seg + SEG_OFF(EOI_MASTER_ADDR), false);
    build_eoi_stub(seg + SEG_OFF(EOI_SLAVE_ADDR), true);
    seg[SEG_OFF(BIOS_IRET_ADDR)] = OP_IRET;
    bios_stub_build_code(seg + SEG_OFF(BIOS_STUB_ADDR),
                         0x10000 - SEG_OFF(BIOS_STUB_ADDR), entry, eax, ebx);

    machine_add_boot_image(ms, "bios ivt+bda", 0, low, 0x500, 0);
    machine_add_boot_image(ms, "bios segment", BIOS_SEGMENT_BASE, seg,
                           0x10000, 0);
    g_free(low);
    g_free(seg);

    ms->boot_regs = (struct x86_boot_regs){
        .valid = true,
        .protected_flat = true,
        .eip = BIOS_STUB_ADDR,
        .gdt_base = BIOS_GDT_ADDR,
        .gdt_limit = 3 * 8 - 1,
    };
}
