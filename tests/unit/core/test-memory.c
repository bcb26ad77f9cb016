/*
 * Address-space dispatch (hw/core/memory.c) as a vCPU's PIO/MMIO exit and
 * DMA use it: mapping and overlap errors, accesses cut at a region's end
 * and at its largest valid size (an outw to a one-byte port gives that
 * port the low byte and the next port the high byte, as QEMU's bus),
 * unclaimed reads as all-ones logged under -d unimp, invalid sizes under
 * -d guest_errors, wide accesses split for narrow handlers and narrow
 * ones widened, the region lock, and byte-buffer access mixing RAM, MMIO
 * and holes.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "exec/memory.h"

#define MAX_ACCESSES 16

/* A register file that records every handler call. */
struct regs {
    uint8_t bytes[64];
    GMutex lock;
    int n;
    struct {
        bool write;
        uint64_t off;
        unsigned size;
        uint64_t value;
        bool locked;        /* the region lock was held */
    } log[MAX_ACCESSES];
};

static void record(struct regs *r, bool write, uint64_t off, unsigned size,
                   uint64_t value)
{
    bool free_lock = g_mutex_trylock(&r->lock);

    if (free_lock) {
        g_mutex_unlock(&r->lock);
    }
    g_assert_cmpint(r->n, <, MAX_ACCESSES);
    r->log[r->n].write = write;
    r->log[r->n].off = off;
    r->log[r->n].size = size;
    r->log[r->n].value = value;
    r->log[r->n].locked = !free_lock;
    r->n++;
}

static uint64_t regs_read(void *opaque, uint64_t off, unsigned size)
{
    struct regs *r = opaque;
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)r->bytes[off + i] << (8 * i);
    }
    record(r, false, off, size, v);
    return v;
}

static void regs_write(void *opaque, uint64_t off, uint64_t value,
                       unsigned size)
{
    struct regs *r = opaque;

    for (unsigned i = 0; i < size; i++) {
        r->bytes[off + i] = value >> (8 * i);
    }
    record(r, true, off, size, value);
}

static const struct mem_region_ops ops_byte = {
    .read = regs_read, .write = regs_write, .valid_max = 1,
};
static const struct mem_region_ops ops_default = {   /* 1..4 */
    .read = regs_read, .write = regs_write,
};
static const struct mem_region_ops ops_wide_impl_byte = {
    .read = regs_read, .write = regs_write, .valid_max = 8, .impl_max = 1,
};
static const struct mem_region_ops ops_word_only = {
    .read = regs_read, .write = regs_write, .valid_min = 2, .valid_max = 2,
};
static const struct mem_region_ops ops_impl_dword = {
    .read = regs_read, .write = regs_write, .valid_min = 1, .valid_max = 4,
    .impl_min = 4, .impl_max = 4,
};

static struct regs *regs_new(void)
{
    struct regs *r = g_new0(struct regs, 1);

    g_mutex_init(&r->lock);
    for (unsigned i = 0; i < sizeof(r->bytes); i++) {
        r->bytes[i] = 0x10 + i;
    }
    return r;
}

static struct mem_region *map(struct address_space *as, uint64_t addr,
                              uint64_t size, const struct mem_region_ops *ops,
                              struct regs *r, const char *name)
{
    struct mem_region *mr = g_new0(struct mem_region, 1);
    Error *err = NULL;

    memory_region_init_io(mr, NULL, ops, r, name, size, &r->lock);
    g_assert_cmpint(address_space_map(as, addr, mr, &err), ==, 0);
    return mr;
}

/* -d log captured in a file. */
static char *log_path;

static void log_start(unsigned mask)
{
    g_assert_cmpint(qemu_log_set_file(log_path), ==, 0);
    qemu_loglevel = mask;
}

static char *log_stop(void)
{
    char *s = NULL;

    qemu_loglevel = 0;
    g_assert_true(g_file_get_contents(log_path, &s, NULL, NULL));
    return s;
}

static void test_map_overlap_lookup(void)
{
    struct regs *r = regs_new();
    struct mem_region *a, *b, c;
    Error *err = NULL;

    address_space_clear(&address_space_io);
    a = map(&address_space_io, 0x3f8, 8, &ops_byte, r, "serial");
    b = map(&address_space_io, 0x60, 1, &ops_byte, r, "kbd");
    memory_region_init_io(&c, NULL, &ops_byte, r, "clash", 4, NULL);
    g_assert_cmpint(address_space_map(&address_space_io, 0x3fc, &c, &err),
                    ==, -EBUSY);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "I/O port range 0x3fc-0x3ff of 'clash' overlaps "
                    "'serial'");
    error_free(err);
    err = NULL;
    g_assert_false(c.mapped);
    /* Just below and just above the region are free. */
    g_assert_cmpint(address_space_map(&address_space_io, 0x3f4, &c, &err),
                    ==, 0);
    g_assert_true(address_space_lookup(&address_space_io, 0x3f7) == &c);
    g_assert_true(address_space_lookup(&address_space_io, 0x3f8) == a);
    g_assert_true(address_space_lookup(&address_space_io, 0x3ff) == a);
    g_assert_null(address_space_lookup(&address_space_io, 0x400));
    g_assert_true(address_space_lookup(&address_space_io, 0x60) == b);
    g_assert_null(address_space_lookup(&address_space_io, 0x61));
    address_space_unmap(&address_space_io, &c);
    g_assert_null(address_space_lookup(&address_space_io, 0x3f7));
    address_space_unmap(&address_space_io, &c);   /* twice: harmless */
    g_assert_false(c.mapped);
    address_space_clear(&address_space_io);
    g_assert_null(address_space_lookup(&address_space_io, 0x3f8));
    g_assert_false(a->mapped);
    g_free(a);
    g_free(b);
    g_free(r);
}

static void collect(struct mem_region *mr, void *opaque)
{
    g_string_append_printf(opaque, "%s@%" PRIx64 " ", mr->name, mr->addr);
}

static void test_foreach_order(void)
{
    struct regs *r = regs_new();
    struct mem_region *m[3];
    GString *s = g_string_new(NULL);

    address_space_clear(&address_space_io);
    m[0] = map(&address_space_io, 0x510, 2, &ops_byte, r, "c");
    m[1] = map(&address_space_io, 0x80, 1, &ops_byte, r, "a");
    m[2] = map(&address_space_io, 0x92, 1, &ops_byte, r, "b");
    address_space_foreach(&address_space_io, collect, s);
    g_assert_cmpstr(s->str, ==, "a@80 b@92 c@510 ");
    g_string_free(s, TRUE);
    address_space_clear(&address_space_io);
    for (int i = 0; i < 3; i++) {
        g_free(m[i]);
    }
    g_free(r);
}

/* An access of the region's own size reaches the handler whole, under
 * the region's lock. */
static void test_exact_access(void)
{
    struct regs *r = regs_new();
    struct mem_region *mr;

    address_space_clear(&address_space_io);
    mr = map(&address_space_io, 0x100, 16, &ops_default, r, "dev");
    g_assert_cmphex(address_space_read(&address_space_io, 0x104, 4), ==,
                    0x17161514);
    address_space_write(&address_space_io, 0x102, 0xbeef, 2);
    g_assert_cmpint(r->n, ==, 2);
    g_assert_cmpuint(r->log[0].size, ==, 4);
    g_assert_cmpuint(r->log[0].off, ==, 4);
    g_assert_true(r->log[0].locked);
    g_assert_true(r->log[1].write);
    g_assert_cmpuint(r->log[1].off, ==, 2);
    g_assert_cmphex(r->log[1].value, ==, 0xbeef);
    address_space_clear(&address_space_io);
    g_free(mr);
    g_free(r);
}

/* outw/outl to one-byte ports: cut at valid_max, the rest continues at
 * the next port (low byte first). */
static void test_cut_at_valid_max(void)
{
    struct regs *r = regs_new();
    struct mem_region *mr;

    address_space_clear(&address_space_io);
    mr = map(&address_space_io, 0x70, 2, &ops_byte, r, "rtc");
    address_space_write(&address_space_io, 0x70, 0xaabb, 2);
    g_assert_cmpint(r->n, ==, 2);
    g_assert_cmpuint(r->log[0].off, ==, 0);
    g_assert_cmphex(r->log[0].value, ==, 0xbb);
    g_assert_cmpuint(r->log[0].size, ==, 1);
    g_assert_cmpuint(r->log[1].off, ==, 1);
    g_assert_cmphex(r->log[1].value, ==, 0xaa);
    r->n = 0;
    /* inl at 0x70: two bytes from the device, two unclaimed (0xff). */
    g_assert_cmphex(address_space_read(&address_space_io, 0x70, 4), ==,
                    0xffffaabb);
    g_assert_cmpint(r->n, ==, 2);
    address_space_clear(&address_space_io);
    g_free(mr);
    g_free(r);
}

/* An access running past the region's end is cut there; the rest goes
 * to whatever is mapped next. */
static void test_cut_at_region_end(void)
{
    struct regs *r1 = regs_new(), *r2 = regs_new();
    struct mem_region *a, *b;

    address_space_clear(&address_space_io);
    a = map(&address_space_io, 0x200, 2, &ops_default, r1, "a");
    b = map(&address_space_io, 0x202, 2, &ops_default, r2, "b");
    r2->bytes[0] = 0xcc;
    r2->bytes[1] = 0xdd;
    g_assert_cmphex(address_space_read(&address_space_io, 0x200, 4), ==,
                    0xddcc1110);
    g_assert_cmpint(r1->n, ==, 1);
    g_assert_cmpuint(r1->log[0].size, ==, 2);
    g_assert_cmpint(r2->n, ==, 1);
    g_assert_cmpuint(r2->log[0].size, ==, 2);
    /* Unaligned: the last byte of "a", two bytes of "b", then 0x204. */
    address_space_write(&address_space_io, 0x201, 0x44332211, 4);
    g_assert_cmphex(r1->bytes[1], ==, 0x11);
    g_assert_cmphex(r2->bytes[0], ==, 0x22);
    g_assert_cmphex(r2->bytes[1], ==, 0x33);
    /* The fourth byte (0x204) is unclaimed: dropped. */
    address_space_clear(&address_space_io);
    g_free(a);
    g_free(b);
    g_free(r1);
    g_free(r2);
}

/* Reads of nothing are all-ones at every size and are logged under
 * -d unimp only; writes are dropped and logged. */
static void test_unassigned(void)
{
    char *log;

    address_space_clear(&address_space_io);
    address_space_clear(&address_space_memory);
    g_assert_cmphex(address_space_read(&address_space_io, 0x1234, 1), ==,
                    0xff);
    g_assert_cmphex(address_space_read(&address_space_io, 0x1234, 2), ==,
                    0xffff);
    g_assert_cmphex(address_space_read(&address_space_io, 0x1234, 4), ==,
                    0xffffffff);
    g_assert_cmphex(address_space_read(&address_space_memory, 0xfed00000, 8),
                    ==, UINT64_MAX);
    log_start(LOG_UNIMP);
    g_assert_cmphex(address_space_read(&address_space_io, 0x2f, 1), ==, 0xff);
    address_space_write(&address_space_io, 0x2f, 0x5a, 1);
    log = log_stop();
    g_assert_cmpstr(log, ==, "unassigned io read 0x2f size 1\n"
                             "unassigned io write 0x2f size 1 value 0x5a\n");
    g_free(log);
    /* Without -d unimp nothing is logged. */
    log_start(LOG_GUEST_ERROR);
    address_space_read(&address_space_io, 0x2f, 1);
    log = log_stop();
    g_assert_cmpstr(log, ==, "");
    g_free(log);
}

/* A size the region does not accept: all-ones / dropped, guest error. */
static void test_invalid_size(void)
{
    struct regs *r = regs_new();
    struct mem_region *mr;
    char *log;

    address_space_clear(&address_space_io);
    mr = map(&address_space_io, 0x300, 2, &ops_word_only, r, "word");
    log_start(LOG_GUEST_ERROR);
    g_assert_cmphex(address_space_read(&address_space_io, 0x300, 1), ==,
                    0xff);
    address_space_write(&address_space_io, 0x301, 0x1, 1);
    log = log_stop();
    g_assert_cmpint(r->n, ==, 0);
    g_assert_cmpstr(log, ==, "word: invalid 1-byte read at 0x300\n"
                             "word: invalid 1-byte write at 0x301\n");
    g_free(log);
    g_assert_cmphex(address_space_read(&address_space_io, 0x300, 2), ==,
                    0x1110);
    address_space_clear(&address_space_io);
    g_free(mr);
    g_free(r);
}

/* Wider than the handlers implement: split into little-endian pieces. */
static void test_split_for_impl_max(void)
{
    struct regs *r = regs_new();
    struct mem_region *mr;

    address_space_clear(&address_space_memory);
    mr = map(&address_space_memory, 0xfee00000, 16, &ops_wide_impl_byte, r,
             "mmio");
    g_assert_cmphex(address_space_read(&address_space_memory, 0xfee00000, 8),
                    ==, UINT64_C(0x1716151413121110));
    g_assert_cmpint(r->n, ==, 8);
    for (int i = 0; i < 8; i++) {
        g_assert_cmpuint(r->log[i].off, ==, i);
        g_assert_cmpuint(r->log[i].size, ==, 1);
    }
    r->n = 0;
    address_space_write(&address_space_memory, 0xfee00008,
                        UINT64_C(0x8877665544332211), 8);
    g_assert_cmpint(r->n, ==, 8);
    g_assert_cmphex(r->bytes[8], ==, 0x11);
    g_assert_cmphex(r->bytes[15], ==, 0x88);
    address_space_clear(&address_space_memory);
    g_free(mr);
    g_free(r);
}

/* Narrower than the handlers implement: read the unit, pick the bytes. */
static void test_widen_for_impl_min(void)
{
    struct regs *r = regs_new();
    struct mem_region *mr;

    address_space_clear(&address_space_io);
    mr = map(&address_space_io, 0xcf8, 4, &ops_impl_dword, r, "cfg");
    g_assert_cmphex(address_space_read(&address_space_io, 0xcfa, 1), ==,
                    0x12);
    g_assert_cmphex(address_space_read(&address_space_io, 0xcfa, 2), ==,
                    0x1312);
    g_assert_cmpint(r->n, ==, 2);
    g_assert_cmpuint(r->log[0].off, ==, 0);
    g_assert_cmpuint(r->log[0].size, ==, 4);
    address_space_clear(&address_space_io);
    g_free(mr);
    g_free(r);
}

/* Byte-buffer access (DMA, loaders, qtest): RAM directly, MMIO through
 * the handlers, holes read 0xff and report -EFAULT, ROM drops writes. */
static void test_rw_buffer(void)
{
    static uint8_t ram[0x2000], rom[0x1000];
    struct regs *r = regs_new();
    struct mem_region *mr;
    uint8_t buf[0x20];
    Error *err = NULL;

    address_space_clear(&address_space_memory);
    memset(ram, 0, sizeof(ram));
    memset(rom, 0xab, sizeof(rom));
    g_assert_cmpint(memory_add_ram("ram", 0x0, sizeof(ram), ram, false,
                                   &err), ==, 0);
    g_assert_cmpint(memory_add_ram("rom", 0x3000, sizeof(rom), rom, true,
                                   &err), ==, 0);
    mr = map(&address_space_memory, 0x2000, 0x10, &ops_wide_impl_byte, r,
             "mmio");

    /* RAM -> MMIO straddle. */
    memset(buf, 0x5a, sizeof(buf));
    g_assert_cmpint(address_space_rw(&address_space_memory, 0x1ff8, buf, 16,
                                     true), ==, 0);
    g_assert_cmphex(ram[0x1ff8], ==, 0x5a);
    g_assert_cmphex(ram[0x1fff], ==, 0x5a);
    g_assert_cmphex(r->bytes[0], ==, 0x5a);
    g_assert_cmphex(r->bytes[7], ==, 0x5a);
    g_assert_cmphex(r->bytes[8], ==, 0x18);

    /* MMIO end -> hole: the hole reads 0xff and the call says -EFAULT. */
    memset(buf, 0, sizeof(buf));
    g_assert_cmpint(address_space_rw(&address_space_memory, 0x200c, buf, 8,
                                     false), ==, -EFAULT);
    g_assert_cmphex(buf[0], ==, 0x1c);
    g_assert_cmphex(buf[3], ==, 0x1f);
    g_assert_cmphex(buf[4], ==, 0xff);
    g_assert_cmphex(buf[7], ==, 0xff);

    /* ROM reads, ignores writes. */
    memset(buf, 0, sizeof(buf));
    g_assert_cmpint(address_space_rw(&address_space_memory, 0x3000, buf, 4,
                                     true), ==, 0);
    g_assert_cmphex(rom[0], ==, 0xab);
    g_assert_cmpint(address_space_rw(&address_space_memory, 0x3ffe, buf, 2,
                                     false), ==, 0);
    g_assert_cmphex(buf[0], ==, 0xab);

    /* guest_ram_ptr only for ranges inside one block. */
    g_assert_true(guest_ram_ptr(0x10, 0x10) == ram + 0x10);
    g_assert_true(guest_ram_ptr(0x1ff0, 0x10) == ram + 0x1ff0);
    g_assert_null(guest_ram_ptr(0x1ff0, 0x11));
    g_assert_null(guest_ram_ptr(0x2000, 1));
    g_assert_null(guest_ram_ptr(0x2fff, 2));
    g_assert_true(guest_ram_ptr(0x3000, 1) == rom);

    address_space_clear(&address_space_memory);
    g_assert_null(guest_ram_ptr(0x10, 1));
    g_free(mr);
    g_free(r);
}

static int coalesced_calls;
static uint64_t coalesced_addr, coalesced_size;
static bool coalesced_pio;

static void on_coalesce(bool pio, uint64_t addr, uint64_t size)
{
    coalesced_calls++;
    coalesced_pio = pio;
    coalesced_addr = addr;
    coalesced_size = size;
}

/* A coalescable index register is announced when its region is mapped. */
static void test_coalescing_listener(void)
{
    struct regs *r = regs_new();
    struct mem_region mr;
    Error *err = NULL;

    address_space_clear(&address_space_io);
    memory_set_coalescing_listener(on_coalesce);
    memory_region_init_io(&mr, NULL, &ops_byte, r, "pit", 4, NULL);
    memory_region_set_coalescing(&mr, 3, 1);
    g_assert_cmpint(address_space_map(&address_space_io, 0x40, &mr, &err),
                    ==, 0);
    g_assert_cmpint(coalesced_calls, ==, 1);
    g_assert_true(coalesced_pio);
    g_assert_cmphex(coalesced_addr, ==, 0x43);
    g_assert_cmpuint(coalesced_size, ==, 1);
    memory_set_coalescing_listener(NULL);
    address_space_clear(&address_space_io);
    g_free(r);
}

struct ioev_call {
    bool pio;
    uint64_t addr;
    unsigned size;
    uint64_t value;
    bool add;
};
static struct ioev_call ioev_calls[8];
static int ioev_n;

static void on_ioeventfd(bool pio, uint64_t addr, unsigned size,
                         uint64_t value, bool add)
{
    g_assert_cmpint(ioev_n, <, G_N_ELEMENTS(ioev_calls));
    ioev_calls[ioev_n++] = (struct ioev_call){ pio, addr, size, value, add };
}

static void check_ioev(int i, bool pio, uint64_t addr, unsigned size,
                       uint64_t value, bool add)
{
    g_assert_cmpint(i, <, ioev_n);
    g_assert_cmpint(ioev_calls[i].pio, ==, pio);
    g_assert_cmphex(ioev_calls[i].addr, ==, addr);
    g_assert_cmpuint(ioev_calls[i].size, ==, size);
    g_assert_cmphex(ioev_calls[i].value, ==, value);
    g_assert_cmpint(ioev_calls[i].add, ==, add);
}

/*
 * Declared ioeventfd writes reach the accelerator at the mapped address
 * when the region is mapped and leave when it is unmapped (and follow a
 * remap); the write itself still goes through the handler when no
 * accelerator buffers it (qtest), unchanged.
 */
static void test_ioeventfd_listener(void)
{
    struct regs *r = regs_new();
    struct mem_region io, mmio;
    Error *err = NULL;

    address_space_clear(&address_space_io);
    address_space_clear(&address_space_memory);
    ioev_n = 0;
    memory_set_ioeventfd_listener(on_ioeventfd);
    memory_region_init_io(&io, NULL, &ops_byte, r, "lines", 24, NULL);
    memory_region_add_ioeventfd(&io, 0, 1, 0);
    memory_region_add_ioeventfd(&io, 23, 1, 0);
    memory_region_init_io(&mmio, NULL, &ops_default, r, "doorbell", 16,
                          NULL);
    memory_region_add_ioeventfd(&mmio, 8, 4, 0x12345678);
    g_assert_cmpint(ioev_n, ==, 0);         /* nothing until mapped */

    g_assert_cmpint(address_space_map(&address_space_io, 0x2000, &io, &err),
                    ==, 0);
    g_assert_cmpint(ioev_n, ==, 2);
    check_ioev(0, true, 0x2000, 1, 0, true);
    check_ioev(1, true, 0x2017, 1, 0, true);
    g_assert_cmpint(address_space_map(&address_space_memory, 0xfe000000,
                                      &mmio, &err), ==, 0);
    g_assert_cmpint(ioev_n, ==, 3);
    check_ioev(2, false, 0xfe000008, 4, 0x12345678, true);

    address_space_unmap(&address_space_io, &io);
    g_assert_cmpint(ioev_n, ==, 5);
    check_ioev(3, true, 0x2000, 1, 0, false);
    check_ioev(4, true, 0x2017, 1, 0, false);
    g_assert_cmpint(address_space_map(&address_space_io, 0x3000, &io, &err),
                    ==, 0);
    g_assert_cmpint(ioev_n, ==, 7);
    check_ioev(5, true, 0x3000, 1, 0, true);
    check_ioev(6, true, 0x3017, 1, 0, true);

    /* Without the accelerator taking it, the write is dispatched. */
    r->n = 0;
    address_space_write(&address_space_io, 0x3017, 0, 1);
    address_space_write(&address_space_io, 0x3017, 1, 1);
    g_assert_cmpint(r->n, ==, 2);
    g_assert_true(r->log[0].write);
    g_assert_cmphex(r->log[0].off, ==, 23);
    g_assert_cmphex(r->log[0].value, ==, 0);
    g_assert_cmphex(r->log[1].value, ==, 1);

    /* No listener: mapping announces nothing. */
    memory_set_ioeventfd_listener(NULL);
    address_space_unmap(&address_space_io, &io);
    g_assert_cmpint(address_space_map(&address_space_io, 0x2000, &io, &err),
                    ==, 0);
    g_assert_cmpint(ioev_n, ==, 7);
    address_space_clear(&address_space_io);
    address_space_clear(&address_space_memory);
    g_free(io.ioeventfds);
    g_free(mmio.ioeventfds);
    g_free(r);
}

int main(int argc, char **argv)
{
    char *dir;
    int ret;

    g_test_init(&argc, &argv, NULL);
    dir = g_dir_make_tmp("test-memory-XXXXXX", NULL);
    log_path = g_build_filename(dir, "log", NULL);
    g_test_add_func("/memory/map-overlap-lookup", test_map_overlap_lookup);
    g_test_add_func("/memory/foreach-order", test_foreach_order);
    g_test_add_func("/memory/exact-access", test_exact_access);
    g_test_add_func("/memory/cut-at-valid-max", test_cut_at_valid_max);
    g_test_add_func("/memory/cut-at-region-end", test_cut_at_region_end);
    g_test_add_func("/memory/unassigned", test_unassigned);
    g_test_add_func("/memory/invalid-size", test_invalid_size);
    g_test_add_func("/memory/split-for-impl-max", test_split_for_impl_max);
    g_test_add_func("/memory/widen-for-impl-min", test_widen_for_impl_min);
    g_test_add_func("/memory/rw-buffer", test_rw_buffer);
    g_test_add_func("/memory/coalescing-listener", test_coalescing_listener);
    g_test_add_func("/memory/ioeventfd-listener", test_ioeventfd_listener);
    ret = g_test_run();
    unlink(log_path);
    rmdir(dir);
    return ret;
}
