/*
 * I/O-port and guest-physical address spaces.
 *
 * Each space publishes an immutable, sorted table of mapped regions. A
 * layout change builds a new table and swaps the pointer; readers on vCPU
 * threads never lock. Old tables are kept until exit (layout changes are
 * rare: board set-up and a few guest-programmed relocations), so a reader
 * holding a stale pointer is always safe.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "exec/memory.h"
#include "hw/core/device.h"

struct map_table {
    size_t count;
    struct mem_region *regions[];   /* sorted by addr, non-overlapping */
};

struct address_space {
    const char *name;
    struct map_table *table;        /* current, read atomically */
    GPtrArray *retired;             /* old tables */
    GMutex update_lock;             /* serialises writers */
};

struct address_space address_space_io = { .name = "I/O" };
struct address_space address_space_memory = { .name = "memory" };

static struct ram_block ram_blocks[16];
static size_t ram_block_count;
static void (*ram_listener)(const struct ram_block *rb);
static void (*coalescing_listener)(bool pio, uint64_t addr, uint64_t size);
static void (*ioeventfd_listener)(bool pio, uint64_t addr, unsigned size,
                                  uint64_t value, bool add);
static void (*coalesced_flusher)(void);

void memory_region_init_io(struct mem_region *mr, struct device *owner,
                           const struct mem_region_ops *ops, void *opaque,
                           const char *name, uint64_t size, GMutex *lock)
{
    *mr = (struct mem_region){
        .name = name,
        .ops = ops,
        .opaque = opaque,
        .size = size,
        .lock = lock,
        .owner = owner,
    };
}

static struct map_table *table_get(struct address_space *as)
{
    return g_atomic_pointer_get(&as->table);
}

static void table_publish(struct address_space *as, struct map_table *t)
{
    struct map_table *old = table_get(as);

    g_atomic_pointer_set(&as->table, t);
    if (old) {
        if (!as->retired) {
            as->retired = g_ptr_array_new_with_free_func(g_free);
        }
        g_ptr_array_add(as->retired, old);
    }
}

static struct mem_region *table_lookup(struct map_table *t, uint64_t addr)
{
    size_t lo = 0;
    size_t hi;

    if (!t) {
        return NULL;
    }
    hi = t->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        struct mem_region *mr = t->regions[mid];

        if (addr < mr->addr) {
            hi = mid;
        } else if (addr - mr->addr >= mr->size) {
            lo = mid + 1;
        } else {
            return mr;
        }
    }
    return NULL;
}

static void ioeventfds_notify(struct address_space *as,
                              struct mem_region *mr, bool add)
{
    for (unsigned i = 0; ioeventfd_listener && i < mr->nr_ioeventfds; i++) {
        const struct mem_ioeventfd *e = &mr->ioeventfds[i];

        ioeventfd_listener(as == &address_space_io, mr->addr + e->offset,
                           e->size, e->value, add);
    }
}

int address_space_map(struct address_space *as, uint64_t addr,
                      struct mem_region *mr, Error **errp)
{
    struct map_table *old;
    struct map_table *t;
    size_t n = 0;
    size_t pos;

    assert(mr->size > 0 && !mr->mapped);
    g_mutex_lock(&as->update_lock);
    old = table_get(as);
    n = old ? old->count : 0;
    pos = 0;
    for (size_t i = 0; i < n; i++) {
        struct mem_region *o = old->regions[i];

        if (addr <= o->addr + o->size - 1 && o->addr <= addr + mr->size - 1) {
            error_setg(errp, "%s range 0x%" PRIx64 "-0x%" PRIx64
                       " of '%s' overlaps '%s'",
                       as == &address_space_io ? "I/O port" : "memory",
                       addr, addr + mr->size - 1, mr->name, o->name);
            g_mutex_unlock(&as->update_lock);
            return -EBUSY;
        }
        if (o->addr < addr) {
            pos = i + 1;
        }
    }
    t = g_malloc(sizeof(*t) + (n + 1) * sizeof(t->regions[0]));
    t->count = n + 1;
    for (size_t i = 0, j = 0; i < n + 1; i++) {
        t->regions[i] = i == pos ? mr : old->regions[j++];
    }
    mr->addr = addr;
    mr->mapped = true;
    table_publish(as, t);
    g_mutex_unlock(&as->update_lock);
    if (mr->coalesce_size && coalescing_listener) {
        coalescing_listener(as == &address_space_io,
                            addr + mr->coalesce_offset, mr->coalesce_size);
    }
    ioeventfds_notify(as, mr, true);
    return 0;
}

void memory_region_add_ioeventfd(struct mem_region *mr, uint64_t offset,
                                 unsigned size, uint64_t value)
{
    assert(!mr->mapped && size && offset + size <= mr->size);
    mr->ioeventfds = g_renew(struct mem_ioeventfd, mr->ioeventfds,
                             mr->nr_ioeventfds + 1);
    mr->ioeventfds[mr->nr_ioeventfds++] = (struct mem_ioeventfd){
        .offset = offset, .size = size, .value = value,
    };
}

void memory_set_ioeventfd_listener(void (*fn)(bool pio, uint64_t addr,
                                              unsigned size, uint64_t value,
                                              bool add))
{
    ioeventfd_listener = fn;
}

void memory_region_set_coalescing(struct mem_region *mr, uint64_t offset,
                                  uint64_t size)
{
    assert(!mr->mapped && offset + size <= mr->size);
    mr->coalesce_offset = offset;
    mr->coalesce_size = size;
}

void memory_set_coalescing_listener(void (*fn)(bool pio, uint64_t addr,
                                               uint64_t size))
{
    coalescing_listener = fn;
}

void memory_set_coalesced_flusher(void (*fn)(void))
{
    coalesced_flusher = fn;
}

void memory_flush_coalesced(void)
{
    if (coalesced_flusher) {
        coalesced_flusher();
    }
}

void address_space_unmap(struct address_space *as, struct mem_region *mr)
{
    struct map_table *old;
    struct map_table *t;

    g_mutex_lock(&as->update_lock);
    old = table_get(as);
    if (!mr->mapped || !old) {
        g_mutex_unlock(&as->update_lock);
        return;
    }
    /* Writes still buffered in an eventfd land before the region goes. */
    ioeventfds_notify(as, mr, false);
    t = g_malloc(sizeof(*t) + old->count * sizeof(t->regions[0]));
    t->count = 0;
    for (size_t i = 0; i < old->count; i++) {
        if (old->regions[i] != mr) {
            t->regions[t->count++] = old->regions[i];
        }
    }
    mr->mapped = false;
    table_publish(as, t);
    g_mutex_unlock(&as->update_lock);
}

void address_space_clear(struct address_space *as)
{
    struct map_table *old;

    g_mutex_lock(&as->update_lock);
    old = table_get(as);
    for (size_t i = 0; old && i < old->count; i++) {
        old->regions[i]->mapped = false;
    }
    table_publish(as, NULL);
    g_mutex_unlock(&as->update_lock);
    if (as == &address_space_memory) {
        ram_block_count = 0;
    }
}

struct mem_region *address_space_lookup(struct address_space *as,
                                        uint64_t addr)
{
    return table_lookup(table_get(as), addr);
}

void address_space_foreach(struct address_space *as,
                           void (*fn)(struct mem_region *mr, void *opaque),
                           void *opaque)
{
    struct map_table *t = table_get(as);

    for (size_t i = 0; t && i < t->count; i++) {
        fn(t->regions[i], opaque);
    }
}

int memory_add_ram(const char *name, uint64_t gpa, uint64_t size,
                   uint8_t *host, bool readonly, Error **errp)
{
    struct ram_block *rb;

    if (ram_block_count == ARRAY_SIZE(ram_blocks)) {
        error_setg(errp, "too many RAM blocks");
        return -ENOSPC;
    }
    rb = &ram_blocks[ram_block_count];
    *rb = (struct ram_block){
        .name = name, .gpa = gpa, .size = size, .host = host,
        .readonly = readonly,
    };
    /* Publish the entry before the count so lock-free readers see it. */
    g_atomic_pointer_set(&ram_block_count, ram_block_count + 1);
    if (ram_listener) {
        ram_listener(rb);
    }
    return 0;
}

const struct ram_block *memory_ram_blocks(size_t *count)
{
    *count = ram_block_count;
    return ram_blocks;
}

void memory_set_ram_listener(void (*fn)(const struct ram_block *rb))
{
    ram_listener = fn;
}

static struct ram_block *ram_lookup(uint64_t gpa)
{
    for (size_t i = 0; i < ram_block_count; i++) {
        struct ram_block *rb = &ram_blocks[i];

        if (gpa >= rb->gpa && gpa - rb->gpa < rb->size) {
            return rb;
        }
    }
    return NULL;
}

void *guest_ram_ptr(uint64_t gpa, uint64_t len)
{
    struct ram_block *rb = ram_lookup(gpa);

    if (!rb || len > rb->size - (gpa - rb->gpa)) {
        return NULL;
    }
    return rb->host + (gpa - rb->gpa);
}

/* ---- single accesses ---- */

static unsigned valid_min(const struct mem_region_ops *ops)
{
    return ops->valid_min ? ops->valid_min : 1;
}

static unsigned valid_max(const struct mem_region_ops *ops)
{
    return ops->valid_max ? ops->valid_max : 4;
}

static unsigned impl_max(const struct mem_region_ops *ops)
{
    return ops->impl_max ? ops->impl_max : valid_max(ops);
}

static unsigned impl_min(const struct mem_region_ops *ops)
{
    return ops->impl_min ? ops->impl_min : valid_min(ops);
}

static bool access_valid(struct mem_region *mr, uint64_t off, unsigned size)
{
    return size >= valid_min(mr->ops) && size <= valid_max(mr->ops) &&
           off + size <= mr->size;
}

static uint64_t region_read_locked(struct mem_region *mr, uint64_t off,
                                   unsigned size)
{
    unsigned step = impl_max(mr->ops);
    unsigned lo = impl_min(mr->ops);
    uint64_t value = 0;

    if (!mr->ops->read) {
        return 0;
    }
    if (size < lo) {
        /* Read the smallest implemented unit and pick out our bytes. */
        uint64_t base = QEMU_ALIGN_DOWN(off, lo);
        uint64_t wide = mr->ops->read(mr->opaque, base, lo);

        return (wide >> ((off - base) * 8)) &
               (size == 8 ? UINT64_MAX : ((UINT64_C(1) << (size * 8)) - 1));
    }
    if (size <= step) {
        return mr->ops->read(mr->opaque, off, size);
    }
    for (unsigned done = 0; done < size; done += step) {
        value |= mr->ops->read(mr->opaque, off + done, step) << (done * 8);
    }
    return value;
}

static void region_write_locked(struct mem_region *mr, uint64_t off,
                                uint64_t value, unsigned size)
{
    unsigned step = impl_max(mr->ops);

    if (!mr->ops->write) {
        return;
    }
    if (size <= step) {
        mr->ops->write(mr->opaque, off, value, size);
        return;
    }
    for (unsigned done = 0; done < size; done += step) {
        uint64_t piece = value >> (done * 8);

        if (step < 8) {
            piece &= (UINT64_C(1) << (step * 8)) - 1;
        }
        mr->ops->write(mr->opaque, off + done, piece, step);
    }
}

static const char *space_word(struct address_space *as)
{
    return as == &address_space_io ? "io" : "mem";
}

static uint64_t ones(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1;
}

/*
 * Bytes of an access at addr that one region can take: accesses are cut
 * at the region's end and at its largest valid size (to a power of two),
 * and the rest continues at the next address, as on QEMU's buses (an
 * "outw" to a one-byte port reaches that port with the low byte).
 */
static unsigned piece_for(struct mem_region *mr, uint64_t addr,
                          unsigned size)
{
    uint64_t room = mr ? mr->size - (addr - mr->addr) : 1;
    unsigned max = mr ? valid_max(mr->ops) : 1;
    unsigned n = size;

    if (n > room) {
        n = room;
    }
    if (n > max) {
        n = max;
    }
    while (n & (n - 1)) {
        n &= n - 1;
    }
    return n;
}

static uint64_t read_piece(struct address_space *as, struct mem_region *mr,
                           uint64_t addr, unsigned size)
{
    uint64_t off;
    uint64_t value;

    if (!mr) {
        qemu_log_mask(LOG_UNIMP, "unassigned %s read 0x%" PRIx64
                      " size %u\n", space_word(as), addr, size);
        return ones(size);
    }
    off = addr - mr->addr;
    if (!access_valid(mr, off, size)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: invalid %u-byte read at 0x%"
                      PRIx64 "\n", mr->name, size, addr);
        return ones(size);
    }
    if (mr->lock) {
        g_mutex_lock(mr->lock);
    }
    value = region_read_locked(mr, off, size);
    if (mr->lock) {
        g_mutex_unlock(mr->lock);
    }
    return value & ones(size);
}

static void write_piece(struct address_space *as, struct mem_region *mr,
                        uint64_t addr, uint64_t value, unsigned size)
{
    uint64_t off;

    if (!mr) {
        qemu_log_mask(LOG_UNIMP, "unassigned %s write 0x%" PRIx64
                      " size %u value 0x%" PRIx64 "\n", space_word(as),
                      addr, size, value);
        return;
    }
    off = addr - mr->addr;
    if (!access_valid(mr, off, size)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: invalid %u-byte write at 0x%"
                      PRIx64 "\n", mr->name, size, addr);
        return;
    }
    if (mr->lock) {
        g_mutex_lock(mr->lock);
    }
    region_write_locked(mr, off, value, size);
    if (mr->lock) {
        g_mutex_unlock(mr->lock);
    }
}

uint64_t address_space_read(struct address_space *as, uint64_t addr,
                            unsigned size)
{
    struct map_table *t = table_get(as);
    struct mem_region *mr = table_lookup(t, addr);
    uint64_t value = 0;
    unsigned done = 0;

    /* Fast path: the whole access lands in one region. */
    if (likely(mr && piece_for(mr, addr, size) == size)) {
        return read_piece(as, mr, addr, size);
    }
    while (done < size) {
        unsigned n;

        mr = table_lookup(t, addr + done);
        n = piece_for(mr, addr + done, size - done);
        value |= read_piece(as, mr, addr + done, n) << (done * 8);
        done += n;
    }
    return value;
}

void address_space_write(struct address_space *as, uint64_t addr,
                         uint64_t value, unsigned size)
{
    struct map_table *t = table_get(as);
    struct mem_region *mr = table_lookup(t, addr);
    unsigned done = 0;

    if (likely(mr && piece_for(mr, addr, size) == size)) {
        write_piece(as, mr, addr, value, size);
        return;
    }
    while (done < size) {
        unsigned n;

        mr = table_lookup(t, addr + done);
        n = piece_for(mr, addr + done, size - done);
        write_piece(as, mr, addr + done, (value >> (done * 8)) & ones(n), n);
        done += n;
    }
}

/* Largest power-of-two access (<= 8) that is aligned and fits. */
static unsigned piece_size(uint64_t addr, uint64_t len)
{
    unsigned size = 8;

    while (size > 1 && ((addr & (size - 1)) || size > len)) {
        size >>= 1;
    }
    return size;
}

int address_space_rw(struct address_space *as, uint64_t addr, void *buf,
                     uint64_t len, bool is_write)
{
    uint8_t *p = buf;
    int ret = 0;

    while (len) {
        struct ram_block *rb = as == &address_space_memory ? ram_lookup(addr)
                                                           : NULL;

        if (rb) {
            uint64_t off = addr - rb->gpa;
            uint64_t n = MIN(len, rb->size - off);

            if (!is_write) {
                memcpy(p, rb->host + off, n);
            } else if (!rb->readonly) {
                memcpy(rb->host + off, p, n);
            }
            p += n;
            addr += n;
            len -= n;
            continue;
        }
        {
            struct mem_region *mr = table_lookup(table_get(as), addr);
            unsigned size = piece_size(addr, len);
            uint64_t v;

            if (!mr) {
                ret = -EFAULT;
                size = 1;
            }
            if (mr && valid_max(mr->ops) < size) {
                size = valid_max(mr->ops);
            }
            if (is_write) {
                v = 0;
                memcpy(&v, p, size);
                address_space_write(as, addr, v, size);
            } else {
                v = address_space_read(as, addr, size);
                memcpy(p, &v, size);
            }
            p += size;
            addr += size;
            len -= size;
        }
    }
    return ret;
}
