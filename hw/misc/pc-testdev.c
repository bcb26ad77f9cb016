/*
 * "pc-testdev", QEMU's x86 test device (interface in
 * include/hw/misc/pc-testdev.h): a scratch register, a "flush page" port,
 * ports that drive the ISA/GSI interrupt lines and 64 KiB of MMIO-backed
 * RAM. kvm-unit-tests and tests/guest use it to provoke exits and
 * interrupts from inside a guest.
 *
 * The IRQ ports reach the lines the board installed on the ISA bus, so a
 * write takes exactly the path a real ISA device's interrupt takes (on pc:
 * PIC input n and IOAPIC input n, or KVM's GSI n with the in-kernel
 * irqchip). QEMU 7.2 aborts on lines 16-23 (its ISA bus has 16); here they
 * reach IOAPIC pins 16-23, which is what the port range promises.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "exec/memory.h"
#include "hw/boards.h"
#include "hw/core/device.h"
#include "hw/isa/isa.h"
#include "hw/misc/pc-testdev.h"

#include <sys/mman.h>

#define GUEST_PAGE_SIZE 4096ULL

struct pc_testdev_state {
    struct device parent;
    struct mem_region scratch;      /* 0xe0-0xe3, any width */
    struct mem_region scratch_byte; /* 0xe8-0xeb, split into bytes */
    struct mem_region flush;        /* 0xe4, 4-byte writes */
    struct mem_region irq;          /* 0x2000 + n, byte writes */
    struct mem_region ioram;        /* MMIO at 0xff000000 */
    uint32_t scratch_data;          /* the register behind both windows */
    uint8_t ioram_buf[PC_TESTDEV_IORAM_SIZE];  /* "I/O RAM" contents */
};

/* ---- scratch register: byte lanes of one 32-bit value ---- */

static uint32_t lane_mask(uint64_t addr, unsigned size)
{
    uint64_t bits = size >= 4 ? 0xffffffffULL : (1ULL << (size * 8)) - 1;

    return (uint32_t)(bits << ((addr & 3) * 8));
}

static uint64_t scratch_read(void *opaque, uint64_t addr, unsigned size)
{
    struct pc_testdev_state *s = opaque;

    return (s->scratch_data & lane_mask(addr, size)) >> ((addr & 3) * 8);
}

static void scratch_write(void *opaque, uint64_t addr, uint64_t value,
                          unsigned size)
{
    struct pc_testdev_state *s = opaque;
    uint32_t mask = lane_mask(addr, size);

    s->scratch_data = (s->scratch_data & ~mask) |
                      ((uint32_t)(value << ((addr & 3) * 8)) & mask);
}

static const struct mem_region_ops scratch_ops = {
    .read = scratch_read,
    .write = scratch_write,
    .valid_min = 1,
    .valid_max = 4,
};

/* The second window is QEMU's byte-implemented one: the bus splits. */
static const struct mem_region_ops scratch_byte_ops = {
    .read = scratch_read,
    .write = scratch_write,
    .valid_min = 1,
    .valid_max = 4,
    .impl_min = 1,
    .impl_max = 1,
};

/* ---- flush page ---- */

/*
 * Make the host drop every secondary mapping of the guest page (KVM's
 * shadow/EPT entries are torn down through the MMU notifier that any
 * protection change fires), so the guest's next access faults in KVM.
 * QEMU does this with PROT_NONE and back, which leaves a window where
 * another thread touching the page (a device doing DMA, KVM itself on
 * another vCPU) gets SIGSEGV or EFAULT. Adding PROT_EXEC and removing it
 * again changes the protection just as well without ever taking access
 * away. Only if the host refuses executable anonymous memory do we fall
 * back to read-only and back, where only concurrent writes can race.
 */
static void flush_guest_page(uint64_t gpa)
{
    uint8_t *host = guest_ram_ptr(gpa, GUEST_PAGE_SIZE);
    const int rw = PROT_READ | PROT_WRITE;

    if (!host || ((uintptr_t)host & (GUEST_PAGE_SIZE - 1))) {
        qemu_log_mask(LOG_GUEST_ERROR, "pc-testdev: flush of 0x%" PRIx64
                      ": not a page of guest RAM\n", gpa);
        return;
    }
    if (mprotect(host, GUEST_PAGE_SIZE, rw | PROT_EXEC) < 0 &&
        mprotect(host, GUEST_PAGE_SIZE, PROT_READ) < 0) {
        qemu_log_mask(LOG_GUEST_ERROR, "pc-testdev: flush of 0x%" PRIx64
                      " failed: %s\n", gpa, strerror(errno));
        return;
    }
    mprotect(host, GUEST_PAGE_SIZE, rw);
}

static void flush_write(void *opaque, uint64_t addr, uint64_t value,
                        unsigned size)
{
    if (size != 4 || addr != 0) {
        qemu_log_mask(LOG_GUEST_ERROR, "pc-testdev: flush port takes only "
                      "4-byte writes\n");
        return;
    }
    flush_guest_page((uint32_t)value & ~(GUEST_PAGE_SIZE - 1));
}

static uint64_t read_zero(void *opaque, uint64_t addr, unsigned size)
{
    return 0;
}

/*
 * QEMU declares only 4-byte accesses valid here; its bus then drops other
 * writes and reads them as 0 (checked: inb 0xe4 gives 0 on QEMU 7.2),
 * while ours would answer all-ones, so take every width and filter.
 */
static const struct mem_region_ops flush_ops = {
    .read = read_zero,
    .write = flush_write,
    .valid_min = 1,
    .valid_max = 4,
};

/* ---- IRQ lines ---- */

static void irq_write(void *opaque, uint64_t addr, uint64_t value,
                      unsigned size)
{
    qemu_irq line = isa_get_irq(addr);

    if (!line) {
        qemu_log_mask(LOG_GUEST_ERROR, "pc-testdev: the board has no "
                      "interrupt line %" PRIu64 "\n", addr);
        return;
    }
    qemu_set_irq(line, value != 0);
}

/*
 * Wider accesses reach consecutive lines byte by byte, as on QEMU's bus;
 * reads give 0 as on QEMU 7.2 (its region has no read handler).
 */
static const struct mem_region_ops irq_ops = {
    .read = read_zero,
    .write = irq_write,
    .valid_min = 1,
    .valid_max = 1,
};

/*
 * Lowering a line (a byte write of 0) need not exit: the accelerator
 * buffers it in an eventfd and applies it before it handles the next exit
 * of any vCPU, so the EOI exit of a handler that deasserts and EOIs finds
 * the line low, and an assert written after it is applied after it. That
 * is enough only while the IOAPIC is ours: with kernel-irqchip=on KVM's
 * IOAPIC takes the EOI without an exit and would find the line still high
 * and deliver again, so there every write exits.
 */
static bool deassert_may_wait(void)
{
    return current_machine && current_machine->cfg.irqchip != IRQCHIP_ON;
}

/* ---- I/O RAM ---- */

static uint64_t ioram_read(void *opaque, uint64_t addr, unsigned size)
{
    struct pc_testdev_state *s = opaque;
    uint64_t v = 0;

    memcpy(&v, &s->ioram_buf[addr], size);      /* little-endian host */
    return v;
}

static void ioram_write(void *opaque, uint64_t addr, uint64_t value,
                        unsigned size)
{
    struct pc_testdev_state *s = opaque;

    memcpy(&s->ioram_buf[addr], &value, size);
}

static const struct mem_region_ops ioram_ops = {
    .read = ioram_read,
    .write = ioram_write,
    .valid_min = 1,
    .valid_max = 8,
};

/* ---- device ---- */

struct testdev_region {
    size_t field;                   /* offsetof the mem_region */
    const struct mem_region_ops *ops;
    const char *name;
    bool mmio;
    uint64_t addr, size;
    bool locked;                    /* has state: take the device lock */
};

static const struct testdev_region testdev_regions[] = {
    { offsetof(struct pc_testdev_state, scratch), &scratch_ops,
      "pc-testdev-ioport", false, PC_TESTDEV_SCRATCH,
      PC_TESTDEV_SCRATCH_LEN, true },
    { offsetof(struct pc_testdev_state, flush), &flush_ops,
      "pc-testdev-flush-page", false, PC_TESTDEV_FLUSH_PAGE, 4, false },
    { offsetof(struct pc_testdev_state, scratch_byte), &scratch_byte_ops,
      "pc-testdev-ioport-byte", false, PC_TESTDEV_SCRATCH_BYTE,
      PC_TESTDEV_SCRATCH_LEN, true },
    { offsetof(struct pc_testdev_state, irq), &irq_ops,
      "pc-testdev-irq-line", false, PC_TESTDEV_IRQ_BASE,
      PC_TESTDEV_NUM_IRQS, false },
    { offsetof(struct pc_testdev_state, ioram), &ioram_ops,
      "pc-testdev-iomem", true, PC_TESTDEV_IORAM_BASE,
      PC_TESTDEV_IORAM_SIZE, true },
};

static struct mem_region *region_of(struct pc_testdev_state *s,
                                    const struct testdev_region *r)
{
    return (struct mem_region *)((char *)s + r->field);
}

static void testdev_unmap(struct pc_testdev_state *s, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const struct testdev_region *r = &testdev_regions[i];

        struct mem_region *mr = region_of(s, r);

        address_space_unmap(r->mmio ? &address_space_memory
                                    : &address_space_io, mr);
        g_clear_pointer(&mr->ioeventfds, g_free);
        mr->nr_ioeventfds = 0;
    }
}

static int testdev_realize(struct device *dev, Error **errp)
{
    struct pc_testdev_state *s = container_of(dev, struct pc_testdev_state,
                                              parent);

    if (!isa_bus_present()) {
        error_setg(errp, "No 'ISA' bus found for device '%s'",
                   TYPE_PC_TESTDEV);
        return -ENODEV;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(testdev_regions); i++) {
        const struct testdev_region *r = &testdev_regions[i];
        struct mem_region *mr = region_of(s, r);

        memory_region_init_io(mr, dev, r->ops, s, r->name, r->size,
                              r->locked ? &dev->lock : NULL);
        if (mr == &s->irq && deassert_may_wait()) {
            for (uint64_t line = 0; line < r->size; line++) {
                memory_region_add_ioeventfd(mr, line, 1, 0);
            }
        }
        if (address_space_map(r->mmio ? &address_space_memory
                                      : &address_space_io,
                              r->addr, mr, errp) < 0) {
            testdev_unmap(s, i);
            return -EBUSY;
        }
    }
    return 0;
}

static void testdev_unrealize(struct device *dev)
{
    testdev_unmap(container_of(dev, struct pc_testdev_state, parent),
                  G_N_ELEMENTS(testdev_regions));
}

/* No reset handler: as in QEMU, the scratch register and I/O RAM keep
 * their contents across a machine reset. */
static const struct device_class pc_testdev_class = {
    .name = TYPE_PC_TESTDEV,
    .bus = "ISA",
    .category = "Misc devices",
    .instance_size = sizeof(struct pc_testdev_state),
    .realize = testdev_realize,
    .unrealize = testdev_unrealize,
    .user_creatable = true,
};
DEVICE_CLASS_REGISTER(pc_testdev_class)
