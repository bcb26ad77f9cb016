/*
 * The IOAPIC as the pc board builds it (ioapic_init), driven through its
 * MMIO window like a guest, with inputs raised through its GPIO lines and
 * LAPIC EOIs sent with ioapic_eoi_broadcast(). A recording backend stands
 * in for the accelerator. Expected values follow the 82093AA datasheet
 * and, where it leaves room, QEMU 7.2's userspace IOAPIC.
 */
#include "../hw/hw-test.h"
#include "hw/intc/ioapic.h"

#define BASE 0xfec00000ULL
#define IOREGSEL 0x00
#define IOWIN 0x10
#define EOIR 0x40

#define REG_ID 0x00
#define REG_VER 0x01
#define REG_ARB 0x02
#define REG_RTE(pin) (0x10 + 2 * (pin))

#define RTE_FIXED (0ULL << 8)
#define RTE_LOWEST (1ULL << 8)
#define RTE_SMI (2ULL << 8)
#define RTE_NMI (4ULL << 8)
#define RTE_INIT (5ULL << 8)
#define RTE_EXTINT (7ULL << 8)
#define RTE_LOGICAL (1ULL << 11)
#define RTE_DELIVS (1ULL << 12)
#define RTE_ACTIVE_LOW (1ULL << 13)
#define RTE_REMOTE_IRR (1ULL << 14)
#define RTE_LEVEL (1ULL << 15)
#define RTE_MASKED (1ULL << 16)
#define RTE_DEST(d) ((uint64_t)(d) << 56)

#define MSI_TRIGGER_LEVEL (1u << 15)

/* ---- a backend that records ---- */

#define MAX_DELIVERIES 64

struct delivery {
    int pin;
    struct msi_message msg;
};

static struct {
    struct delivery d[MAX_DELIVERIES];
    int count;                  /* deliveries (may exceed MAX_DELIVERIES) */
    int status;                 /* what deliver() returns */
    int route_updates;
    struct msi_message routes[IOAPIC_NUM_PINS];
    bool masked[IOAPIC_NUM_PINS];
    int extint_count;
    int extint_pin;
} rec;

static int rec_deliver(void *opaque, int pin, const struct msi_message *msg)
{
    if (rec.count < MAX_DELIVERIES) {
        rec.d[rec.count] = (struct delivery){ .pin = pin, .msg = *msg };
    }
    rec.count++;
    return rec.status;
}

static void rec_routes_changed(void *opaque, const struct msi_message *msgs,
                               const bool *masked, int n)
{
    g_assert_cmpint(n, ==, IOAPIC_NUM_PINS);
    memcpy(rec.routes, msgs, sizeof(rec.routes));
    memcpy(rec.masked, masked, sizeof(rec.masked));
    rec.route_updates++;
}

static void rec_extint(void *opaque, int pin)
{
    rec.extint_count++;
    rec.extint_pin = pin;
}

static const struct ioapic_backend rec_backend = {
    .deliver = rec_deliver,
    .routes_changed = rec_routes_changed,
    .extint = rec_extint,
};

static struct device *ioapic;

static struct device *create(void)
{
    memset(&rec, 0, sizeof(rec));
    rec.status = IRQ_DELIVERED;
    ioapic = ioapic_init(&rec_backend);
    g_assert_nonnull(ioapic);
    return ioapic;
}

/* ---- guest-style access ---- */

static uint32_t mmio_read(uint64_t off, unsigned size)
{
    return address_space_read(&address_space_memory, BASE + off, size);
}

static void mmio_write(uint64_t off, uint32_t v, unsigned size)
{
    address_space_write(&address_space_memory, BASE + off, v, size);
}

static uint32_t reg_read(uint8_t reg)
{
    mmio_write(IOREGSEL, reg, 4);
    return mmio_read(IOWIN, 4);
}

static void reg_write(uint8_t reg, uint32_t v)
{
    mmio_write(IOREGSEL, reg, 4);
    mmio_write(IOWIN, v, 4);
}

static uint64_t rte_read(int pin)
{
    return reg_read(REG_RTE(pin)) | (uint64_t)reg_read(REG_RTE(pin) + 1)
                                        << 32;
}

/* High dword first, as Linux does: the low one may unmask. */
static void rte_write(int pin, uint64_t rte)
{
    reg_write(REG_RTE(pin) + 1, rte >> 32);
    reg_write(REG_RTE(pin), (uint32_t)rte);
}

static int set(int input, int level)
{
    return qemu_set_irq_status(device_get_gpio_in(ioapic, input), level);
}

static int pulse(int input)
{
    int status = set(input, 1);

    set(input, 0);
    return status;
}

static void assert_delivery(int i, int pin, uint64_t address, uint32_t data)
{
    g_assert_cmpint(rec.count, >, i);
    g_assert_cmpint(rec.d[i].pin, ==, pin);
    g_assert_cmphex(rec.d[i].msg.address, ==, address);
    g_assert_cmphex(rec.d[i].msg.data, ==, data);
}

/* ---- registers ---- */

static void test_reset_state(void)
{
    create();
    g_assert_cmphex(reg_read(REG_ID), ==, 0);
    g_assert_cmphex(reg_read(REG_VER), ==, 0x00170020);
    g_assert_cmphex(reg_read(REG_ARB), ==, 0);
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        g_assert_cmphex(rte_read(pin), ==, RTE_MASKED);
    }
    mmio_write(IOREGSEL, 0x23, 4);
    g_assert_cmphex(mmio_read(IOREGSEL, 4), ==, 0x23);
    /* IOREGSEL holds one byte. */
    mmio_write(IOREGSEL, 0x1234, 4);
    g_assert_cmphex(mmio_read(IOREGSEL, 4), ==, 0x34);
    g_assert_cmpstr(ioapic->path, ==, "/machine/i440fx/ioapic");
}

static void test_id_arb_ver(void)
{
    create();
    /* kvm-unit-tests' checks: only ID bits 27:24 are writable. */
    reg_write(REG_ID, ~0u);
    g_assert_cmphex(reg_read(REG_ID), ==, 0x0f000000);
    g_assert_cmphex(reg_read(REG_ARB), ==, 0x0f000000);
    reg_write(REG_ID, 0x05000000);
    g_assert_cmphex(reg_read(REG_ID), ==, 0x05000000);
    /* ARB and VER are read-only. */
    reg_write(REG_ARB, 0x0a000000);
    g_assert_cmphex(reg_read(REG_ARB), ==, 0x05000000);
    reg_write(REG_VER, 0);
    g_assert_cmphex(reg_read(REG_VER), ==, 0x00170020);
}

static void test_version_property(void)
{
    Error *err = NULL;
    struct device *dev;

    dev = hw_test_create(TYPE_IOAPIC, &err, "version=0x12", NULL);
    g_assert_null(dev);
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), "0x11"));
    error_free(err);
    err = NULL;
    devices_destroy_all();

    /* -global ioapic.version=0x11 reaches the board's IOAPIC. */
    g_assert_cmpint(device_global_add(TYPE_IOAPIC, "version", "0x11", &err),
                    ==, 0);
    create();
    g_assert_cmphex(reg_read(REG_VER), ==, 0x00170011);
    /* Version 0x11 has no EOI register. */
    rte_write(9, 0x41 | RTE_LEVEL);
    set(9, 1);
    g_assert_cmpint(rec.count, ==, 1);
    set(9, 0);
    mmio_write(EOIR, 0x41, 4);
    g_assert_true(rte_read(9) & RTE_REMOTE_IRR);
    /* The LAPIC's EOI broadcast is the way. */
    ioapic_eoi_broadcast(0x41);
    g_assert_false(rte_read(9) & RTE_REMOTE_IRR);
    g_assert_cmpint(rec.count, ==, 1);
    g_assert_cmpint(device_global_add(TYPE_IOAPIC, "version", "0x20", &err),
                    ==, 0);
}

static void test_rte_read_only_bits(void)
{
    create();
    /* Delivery Status and Remote IRR cannot be written. */
    rte_write(3, 0x30 | RTE_DELIVS | RTE_REMOTE_IRR | RTE_LEVEL |
                 RTE_MASKED | RTE_DEST(0xab));
    g_assert_cmphex(rte_read(3), ==,
                    0x30 | RTE_LEVEL | RTE_MASKED | RTE_DEST(0xab));
    /* Every other bit of both halves is kept as written. */
    rte_write(4, 0xffffffffffffffffULL & ~(RTE_DELIVS | RTE_REMOTE_IRR));
    g_assert_cmphex(rte_read(4), ==,
                    0xffffffffffffffffULL & ~(RTE_DELIVS | RTE_REMOTE_IRR));
    /* Remote IRR survives a rewrite of the low dword that clears it. */
    rte_write(5, 0x31 | RTE_LEVEL);
    set(5, 1);
    g_assert_true(rte_read(5) & RTE_REMOTE_IRR);
    reg_write(REG_RTE(5), 0x31 | RTE_LEVEL);
    g_assert_true(rte_read(5) & RTE_REMOTE_IRR);
    g_assert_cmpint(rec.count, ==, 1);  /* so it was not re-sent */
    /* The high dword write leaves the low one alone. */
    reg_write(REG_RTE(5) + 1, 0x01000000);
    g_assert_cmphex(rte_read(5), ==,
                    0x31 | RTE_LEVEL | RTE_REMOTE_IRR | RTE_DEST(1));
}

static void test_wild_indices(void)
{
    uint64_t before[IOAPIC_NUM_PINS];

    create();
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        rte_write(pin, (0x20 + pin) | RTE_MASKED | RTE_DEST(pin));
        before[pin] = rte_read(pin);
    }
    /* Undefined indices read 0 and ignore writes. */
    for (int reg = 0x03; reg < 0x100; reg++) {
        if (reg >= 0x10 && reg < 0x10 + 2 * IOAPIC_NUM_PINS) {
            continue;
        }
        reg_write(reg, 0xdeadbeef);
        g_assert_cmphex(reg_read(reg), ==, 0);
    }
    /* IOWIN accepts only dword accesses. */
    mmio_write(IOREGSEL, REG_RTE(7), 4);
    mmio_write(IOWIN, 0x77, 1);
    mmio_write(IOWIN, 0x7777, 2);
    g_assert_cmphex(mmio_read(IOWIN, 1), ==, 0);
    g_assert_cmphex(mmio_read(IOWIN, 2), ==, 0);
    /* Unassigned offsets in the window. */
    mmio_write(0x20, 0xffffffff, 4);
    mmio_write(0x44, 0xffffffff, 4);
    mmio_write(0xffc, 0xffffffff, 4);
    g_assert_cmphex(mmio_read(0x20, 4), ==, 0);
    g_assert_cmphex(mmio_read(0x40, 4), ==, 0);
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        g_assert_cmphex(rte_read(pin), ==, before[pin]);
    }
    g_assert_cmphex(reg_read(REG_ID), ==, 0);
    g_assert_cmpint(rec.count, ==, 0);
    /* The 256-byte register block repeats through the 4 KiB window. */
    mmio_write(0x100 + IOREGSEL, REG_VER, 4);
    g_assert_cmphex(mmio_read(0x210, 4), ==, 0x00170020);
    /* A qword access is two dword accesses, as on QEMU's bus. */
    address_space_write(&address_space_memory, BASE,
                        0xffffffff00000000ULL | REG_ARB, 8);
    g_assert_cmphex(mmio_read(IOREGSEL, 4), ==, REG_ARB);
    g_assert_cmphex(address_space_read(&address_space_memory, BASE + IOWIN,
                                       8), ==, 0);
    mmio_write(IOREGSEL, REG_VER, 4);
    g_assert_cmphex(address_space_read(&address_space_memory, BASE + IOWIN,
                                       8), ==, 0x00170020);
}

/* ---- edge-triggered pins ---- */

static void test_edge_delivery(void)
{
    create();
    rte_write(5, 0x30 | RTE_FIXED | RTE_DEST(1));
    g_assert_cmpint(set(5, 1), ==, IRQ_DELIVERED);
    assert_delivery(0, 5, 0xfee01000, 0x30);
    /* Held high: no new edge, nothing more. */
    g_assert_cmpint(set(5, 1), ==, IRQ_COALESCED);
    g_assert_cmpint(rec.count, ==, 1);
    set(5, 0);
    g_assert_cmpint(rec.count, ==, 1);
    pulse(5);
    g_assert_cmpint(rec.count, ==, 2);
    /* Edge pins never get Remote IRR; EOIs do nothing to them. */
    g_assert_false(rte_read(5) & RTE_REMOTE_IRR);
    ioapic_eoi_broadcast(0x30);
    g_assert_cmpint(rec.count, ==, 2);
    /* The backend's status comes back to the source (lost ticks). */
    rec.status = IRQ_COALESCED;
    g_assert_cmpint(pulse(5), ==, IRQ_COALESCED);
}

static void test_edge_masked_dropped(void)
{
    create();
    rte_write(6, 0x31 | RTE_MASKED);
    g_assert_cmpint(set(6, 1), ==, IRQ_STATUS_UNKNOWN);
    set(6, 0);
    g_assert_cmpint(rec.count, ==, 0);
    /* Unmasking does not bring the lost edge back. */
    rte_write(6, 0x31);
    g_assert_cmpint(rec.count, ==, 0);
    /* Not even when the line is still high. */
    rte_write(6, 0x31 | RTE_MASKED);
    set(6, 1);
    rte_write(6, 0x31);
    g_assert_cmpint(rec.count, ==, 0);
    set(6, 0);
    pulse(6);
    assert_delivery(0, 6, 0xfee00000, 0x31);
}

static void test_input0_is_pin2(void)
{
    uint64_t counts[IOAPIC_NUM_PINS];

    create();
    rte_write(0, 0x50);
    rte_write(2, 0x52);
    pulse(0);
    assert_delivery(0, 2, 0xfee00000, 0x52);
    g_assert_cmpint(rec.count, ==, 1);
    /* Counters are per input, as QEMU's "info irq" shows them. */
    ioapic_irq_counts(ioapic, counts);
    g_assert_cmpint(counts[0], ==, 1);
    g_assert_cmpint(counts[2], ==, 0);
    /* A level pin 2 follows input 0. */
    rte_write(2, 0x52 | RTE_LEVEL);
    set(0, 1);
    g_assert_cmpint(rec.count, ==, 2);
    g_assert_true(rte_read(2) & RTE_REMOTE_IRR);
    set(0, 0);
    ioapic_eoi_broadcast(0x52);
    g_assert_cmpint(rec.count, ==, 2);
}

/* ---- level-triggered pins ---- */

static void test_level_remote_irr(void)
{
    create();
    rte_write(10, 0x40 | RTE_LEVEL | RTE_DEST(2));
    g_assert_false(rte_read(10) & RTE_REMOTE_IRR);
    g_assert_cmpint(set(10, 1), ==, IRQ_DELIVERED);
    assert_delivery(0, 10, 0xfee02000, 0x40 | MSI_TRIGGER_LEVEL);
    g_assert_true(rte_read(10) & RTE_REMOTE_IRR);
    /* While Remote IRR is set nothing more is sent, even on a new edge. */
    set(10, 0);
    g_assert_cmpint(set(10, 1), ==, IRQ_COALESCED);
    g_assert_cmpint(rec.count, ==, 1);
    /* An EOI of another vector changes nothing. */
    ioapic_eoi_broadcast(0x41);
    g_assert_true(rte_read(10) & RTE_REMOTE_IRR);
    /* EOI with the line still high: cleared and sent again. */
    ioapic_eoi_broadcast(0x40);
    g_assert_cmpint(rec.count, ==, 2);
    g_assert_true(rte_read(10) & RTE_REMOTE_IRR);
    /* Line low, then EOI: cleared, nothing sent. */
    set(10, 0);
    ioapic_eoi_broadcast(0x40);
    g_assert_cmpint(rec.count, ==, 2);
    g_assert_false(rte_read(10) & RTE_REMOTE_IRR);
    /* Stray EOIs (old kernels report edge vectors too) are harmless. */
    ioapic_eoi_broadcast(0x40);
    ioapic_eoi_broadcast(0x30);
    g_assert_cmpint(rec.count, ==, 2);
}

static void test_level_eoi_register(void)
{
    create();
    rte_write(11, 0x42 | RTE_LEVEL);
    rte_write(12, 0x42);                /* edge, same vector */
    set(11, 1);
    g_assert_cmpint(rec.count, ==, 1);
    /* Other vectors and other widths do nothing. */
    mmio_write(EOIR, 0x43, 4);
    mmio_write(EOIR, 0x42, 1);
    g_assert_true(rte_read(11) & RTE_REMOTE_IRR);
    set(11, 0);
    mmio_write(EOIR, 0x42, 4);
    g_assert_false(rte_read(11) & RTE_REMOTE_IRR);
    g_assert_cmpint(rec.count, ==, 1);
    /* EOI register while still asserted: sent again. */
    set(11, 1);
    mmio_write(EOIR, 0x142, 4);     /* only bits 7:0 are the vector */
    g_assert_cmpint(rec.count, ==, 3);
    g_assert_true(rte_read(11) & RTE_REMOTE_IRR);
    /* The edge RTE with the same vector never had Remote IRR. */
    g_assert_false(rte_read(12) & RTE_REMOTE_IRR);
}

static void test_level_eoi_all_pins(void)
{
    create();
    rte_write(13, 0x44 | RTE_LEVEL);
    rte_write(14, 0x44 | RTE_LEVEL);
    set(13, 1);
    set(14, 1);
    g_assert_cmpint(rec.count, ==, 2);
    set(13, 0);
    /* One EOI clears every level RTE with the vector, not the first. */
    ioapic_eoi_broadcast(0x44);
    g_assert_false(rte_read(13) & RTE_REMOTE_IRR);
    g_assert_true(rte_read(14) & RTE_REMOTE_IRR);   /* re-sent */
    g_assert_cmpint(rec.count, ==, 3);
    g_assert_cmpint(rec.d[2].pin, ==, 14);
}

static void test_level_mask_unmask(void)
{
    create();
    rte_write(15, 0x45 | RTE_LEVEL | RTE_MASKED);
    g_assert_cmpint(set(15, 1), ==, IRQ_STATUS_UNKNOWN);
    g_assert_cmpint(rec.count, ==, 0);
    /* The level is kept while masked; unmasking delivers at once. */
    rte_write(15, 0x45 | RTE_LEVEL);
    g_assert_cmpint(rec.count, ==, 1);
    g_assert_true(rte_read(15) & RTE_REMOTE_IRR);
    /* Masked when the EOI comes: cleared, not re-sent until unmasked. */
    rte_write(15, 0x45 | RTE_LEVEL | RTE_MASKED);
    ioapic_eoi_broadcast(0x45);
    g_assert_false(rte_read(15) & RTE_REMOTE_IRR);
    g_assert_cmpint(rec.count, ==, 1);
    rte_write(15, 0x45 | RTE_LEVEL);
    g_assert_cmpint(rec.count, ==, 2);
    /* Masked, line dropped: unmasking sends nothing. */
    rte_write(15, 0x45 | RTE_LEVEL | RTE_MASKED);
    set(15, 0);
    ioapic_eoi_broadcast(0x45);
    rte_write(15, 0x45 | RTE_LEVEL);
    g_assert_cmpint(rec.count, ==, 2);
}

static void test_level_to_edge(void)
{
    create();
    rte_write(16, 0x46 | RTE_LEVEL);
    set(16, 1);
    g_assert_true(rte_read(16) & RTE_REMOTE_IRR);
    /* Switching to edge clears Remote IRR (Linux's 0x11 EOI trick)... */
    rte_write(16, 0x46 | RTE_MASKED);
    g_assert_false(rte_read(16) & RTE_REMOTE_IRR);
    g_assert_cmpint(rec.count, ==, 1);
    /* ...and back to level with the line still high delivers. */
    rte_write(16, 0x46 | RTE_LEVEL);
    g_assert_cmpint(rec.count, ==, 2);
    g_assert_true(rte_read(16) & RTE_REMOTE_IRR);
}

static void test_eoi_storm(void)
{
    int n;

    create();
    rte_write(17, 0x47 | RTE_LEVEL);
    set(17, 1);
    /* A guest that EOIs without quieting the device. */
    for (n = 1; n < 10000; n++) {
        ioapic_eoi_broadcast(0x47);
    }
    g_assert_cmpint(rec.count, ==, 10000);
    /* The 10000th re-delivery in a row waits 10 ms of virtual time. */
    ioapic_eoi_broadcast(0x47);
    g_assert_cmpint(rec.count, ==, 10000);
    g_assert_false(rte_read(17) & RTE_REMOTE_IRR);
    qemu_clock_advance_virtual(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                               9 * 1000 * 1000);
    g_assert_cmpint(rec.count, ==, 10000);
    qemu_clock_advance_virtual(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                               1 * 1000 * 1000);
    g_assert_cmpint(rec.count, ==, 10001);
    g_assert_true(rte_read(17) & RTE_REMOTE_IRR);
    /* The count starts again: the next EOI re-delivers at once. */
    ioapic_eoi_broadcast(0x47);
    g_assert_cmpint(rec.count, ==, 10002);
    /* An RTE write also restarts the count. */
    for (n = 0; n < 9000; n++) {
        ioapic_eoi_broadcast(0x47);
    }
    rte_write(17, 0x47 | RTE_LEVEL);
    for (n = 0; n < 9000; n++) {
        ioapic_eoi_broadcast(0x47);
    }
    g_assert_cmpint(rec.count, ==, 10002 + 18000);
    /* Deasserted while the delay runs: nothing arrives. */
    for (n = 0; n < 1000; n++) {
        ioapic_eoi_broadcast(0x47);
    }
    g_assert_false(rte_read(17) & RTE_REMOTE_IRR);
    set(17, 0);
    n = rec.count;
    qemu_clock_advance_virtual(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                               20 * 1000 * 1000);
    g_assert_cmpint(rec.count, ==, n);
}

/* ---- messages ---- */

static void test_delivery_modes(void)
{
    create();
    rte_write(1, 0x51 | RTE_LOWEST | RTE_DEST(3));
    pulse(1);
    assert_delivery(0, 1, 0xfee03000, 0x151);
    /* NMI, SMI and INIT are edge whatever bit 15 says: no Remote IRR. */
    rte_write(3, 0x00 | RTE_NMI | RTE_LEVEL);
    set(3, 1);
    assert_delivery(1, 3, 0xfee00000, 0x400);
    g_assert_false(rte_read(3) & RTE_REMOTE_IRR);
    set(3, 0);
    pulse(3);
    g_assert_cmpint(rec.count, ==, 3);
    rte_write(4, RTE_INIT | RTE_DEST(1));
    pulse(4);
    assert_delivery(3, 4, 0xfee01000, 0x500);
    rte_write(7, RTE_SMI);
    pulse(7);
    assert_delivery(4, 7, 0xfee00000, 0x200);
    /* Lowest priority keeps its level semantics. */
    rte_write(8, 0x58 | RTE_LOWEST | RTE_LEVEL);
    set(8, 1);
    assert_delivery(5, 8, 0xfee00000, 0x158 | MSI_TRIGGER_LEVEL);
    g_assert_true(rte_read(8) & RTE_REMOTE_IRR);
    /* ExtINT: the CPU must acknowledge the 8259; no MSI is sent. */
    rte_write(9, RTE_EXTINT);
    pulse(9);
    g_assert_cmpint(rec.count, ==, 6);
    g_assert_cmpint(rec.extint_count, ==, 1);
    g_assert_cmpint(rec.extint_pin, ==, 9);
    /* Reserved modes 3 and 6 are dropped. */
    rte_write(10, 0x5a | (3ULL << 8));
    rte_write(11, 0x5b | (6ULL << 8) | RTE_LEVEL);
    pulse(10);
    set(11, 1);
    g_assert_cmpint(rec.count, ==, 6);
}

static void test_destinations(void)
{
    create();
    /* Physical: destination APIC ID in address bits 19:12. */
    rte_write(1, 0x61 | RTE_DEST(0x0f));
    pulse(1);
    assert_delivery(0, 1, 0xfee0f000, 0x61);
    /* Logical: the same bits, plus destination mode in bit 2. */
    rte_write(2, 0x62 | RTE_LOGICAL | RTE_DEST(0x0c));
    pulse(2);
    assert_delivery(1, 2, 0xfee0c004, 0x62);
    rte_write(3, 0x63 | RTE_LOGICAL | RTE_DEST(0xff));
    pulse(3);
    assert_delivery(2, 3, 0xfeeff004, 0x63);
    /* Polarity is not part of the message; level=1 means asserted. */
    rte_write(5, 0x65 | RTE_ACTIVE_LOW | RTE_DEST(1));
    pulse(5);
    assert_delivery(3, 5, 0xfee01000, 0x65);
    /* Bits 55:48 (extended destination) go to address bits 11:4. */
    rte_write(6, 0x66 | 0x00ab000000000000ULL);
    pulse(6);
    assert_delivery(4, 6, 0xfee00ab0, 0x66);
}

static void test_routes_in_sync(void)
{
    int n;

    create();
    n = rec.route_updates;
    g_assert_true(rec.masked[0]);
    rte_write(18, 0x70 | RTE_LEVEL | RTE_LOGICAL | RTE_DEST(2));
    g_assert_cmpint(rec.route_updates, >, n);
    g_assert_false(rec.masked[18]);
    g_assert_cmphex(rec.routes[18].address, ==, 0xfee02004);
    g_assert_cmphex(rec.routes[18].data, ==, 0x70 | MSI_TRIGGER_LEVEL);
    /* Masked pins are reported with their message all the same. */
    rte_write(19, 0x71 | RTE_MASKED | RTE_DEST(1));
    g_assert_true(rec.masked[19]);
    g_assert_cmphex(rec.routes[19].address, ==, 0xfee01000);
    g_assert_cmphex(rec.routes[19].data, ==, 0x71);
    /* Routes are updated while Remote IRR is set, before re-servicing. */
    set(18, 1);
    n = rec.route_updates;
    rte_write(18, 0x72 | RTE_LEVEL | RTE_DEST(1));
    g_assert_cmpint(rec.route_updates, >, n);
    g_assert_cmphex(rec.routes[18].data, ==, 0x72 | MSI_TRIGGER_LEVEL);
    g_assert_true(rte_read(18) & RTE_REMOTE_IRR);
    /* A new backend hears the current table at once. */
    rec.route_updates = 0;
    ioapic_set_backend(ioapic, &rec_backend);
    g_assert_cmpint(rec.route_updates, ==, 1);
    g_assert_cmphex(rec.routes[18].data, ==, 0x72 | MSI_TRIGGER_LEVEL);
}

static void test_machine_reset(void)
{
    create();
    reg_write(REG_ID, 0x03000000);
    rte_write(20, 0x74 | RTE_LEVEL);
    set(20, 1);
    g_assert_true(rte_read(20) & RTE_REMOTE_IRR);
    rec.route_updates = 0;
    devices_reset_all();
    g_assert_cmpint(rec.route_updates, ==, 1);
    g_assert_true(rec.masked[20]);
    g_assert_cmphex(reg_read(REG_ID), ==, 0);
    g_assert_cmphex(rte_read(20), ==, RTE_MASKED);
    /* The line is still high: a level RTE programmed now sees it. */
    rte_write(20, 0x74 | RTE_LEVEL);
    g_assert_cmpint(rec.count, ==, 2);
}

/* ---- without an accelerator: MSI written to the LAPIC window ---- */

static uint64_t msi_addr, msi_data;
static int msi_writes;

static uint64_t msi_read(void *opaque, uint64_t addr, unsigned size)
{
    return 0;
}

static void msi_write(void *opaque, uint64_t addr, uint64_t v, unsigned size)
{
    msi_addr = 0xfee00000 + addr;
    msi_data = v;
    msi_writes++;
}

static const struct mem_region_ops msi_ops = {
    .read = msi_read,
    .write = msi_write,
    .valid_min = 4,
    .valid_max = 4,
};

static void test_bus_backend(void)
{
    static struct mem_region msi_mr;

    memory_region_init_io(&msi_mr, NULL, &msi_ops, NULL, "msi", 0x100000,
                          NULL);
    g_assert_cmpint(address_space_map(&address_space_memory, 0xfee00000,
                                      &msi_mr, NULL), ==, 0);
    msi_writes = 0;
    ioapic = ioapic_init(NULL);
    g_assert_nonnull(ioapic);
    rte_write(4, 0x34 | RTE_LEVEL | RTE_DEST(5));
    set(4, 1);
    g_assert_cmpint(msi_writes, ==, 1);
    g_assert_cmphex(msi_addr, ==, 0xfee05000);
    g_assert_cmphex(msi_data, ==, 0x34 | MSI_TRIGGER_LEVEL);
    ioapic_eoi_broadcast(0x34);
    g_assert_cmpint(msi_writes, ==, 2);
}

static void test_info(void)
{
    GString *s = g_string_new(NULL);

    create();
    rte_write(9, 0x39 | RTE_LEVEL | RTE_ACTIVE_LOW | RTE_DEST(1));
    rte_write(3, 0x33 | RTE_LOGICAL | RTE_LOWEST | RTE_MASKED |
                 RTE_DEST(0x81));
    set(9, 1);
    mmio_write(IOREGSEL, REG_RTE(3), 4);
    ioapic_info(ioapic, s);
    g_assert_true(g_str_has_prefix(s->str, "ioapic0: ver=0x20 id=0x00 "
                                           "sel=0x16 (redir[3])\n"));
    g_assert_nonnull(strstr(s->str, "\n  pin 0  0x0000000000010000 dest=0 "
                                    "vec=0   active-hi edge  masked fixed  "
                                    "physical\n"));
    g_assert_nonnull(strstr(s->str, "\n  pin 3  0x8100000000010933 dest=81 "
                                    "vec=51  active-hi edge  masked lowest "
                                    "logical\n"));
    g_assert_nonnull(strstr(s->str, "\n  pin 9  0x010000000000e039 dest=1 "
                                    "vec=57  active-lo level        fixed  "
                                    "physical\n"));
    g_assert_true(g_str_has_suffix(s->str, "  IRR      9  \n"
                                           "  Remote IRR 9  \n"));
    g_string_free(s, true);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    HW_TEST_ADD("/ioapic/reset-state", test_reset_state);
    HW_TEST_ADD("/ioapic/registers/id-arb-ver", test_id_arb_ver);
    HW_TEST_ADD("/ioapic/registers/version-property", test_version_property);
    HW_TEST_ADD("/ioapic/registers/rte-read-only-bits",
                test_rte_read_only_bits);
    HW_TEST_ADD("/ioapic/registers/wild-indices", test_wild_indices);
    HW_TEST_ADD("/ioapic/edge/delivery", test_edge_delivery);
    HW_TEST_ADD("/ioapic/edge/masked-dropped", test_edge_masked_dropped);
    HW_TEST_ADD("/ioapic/input0-is-pin2", test_input0_is_pin2);
    HW_TEST_ADD("/ioapic/level/remote-irr", test_level_remote_irr);
    HW_TEST_ADD("/ioapic/level/eoi-register", test_level_eoi_register);
    HW_TEST_ADD("/ioapic/level/eoi-all-pins", test_level_eoi_all_pins);
    HW_TEST_ADD("/ioapic/level/mask-unmask", test_level_mask_unmask);
    HW_TEST_ADD("/ioapic/level/to-edge", test_level_to_edge);
    HW_TEST_ADD("/ioapic/level/eoi-storm", test_eoi_storm);
    HW_TEST_ADD("/ioapic/msi/delivery-modes", test_delivery_modes);
    HW_TEST_ADD("/ioapic/msi/destinations", test_destinations);
    HW_TEST_ADD("/ioapic/msi/routes-in-sync", test_routes_in_sync);
    HW_TEST_ADD("/ioapic/machine-reset", test_machine_reset);
    HW_TEST_ADD("/ioapic/bus-backend", test_bus_backend);
    HW_TEST_ADD("/ioapic/info", test_info);
    return g_test_run();
}
