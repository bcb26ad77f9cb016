/*
 * Address spaces: the I/O-port space and the guest-physical memory space.
 *
 * A device registers regions (read/write handlers with declared access
 * sizes) and the board maps them at fixed addresses. Dispatch looks the
 * address up in a sorted, immutable table that is replaced as a whole when
 * the layout changes, so the vCPU hot path takes no global lock: it reads
 * the table pointer, binary-searches, and takes only the region's own lock.
 *
 * Guest RAM blocks live in the memory space too (as host pointers); the
 * accelerator mirrors them into its own memory slots.
 */
#ifndef EXEC_MEMORY_H
#define EXEC_MEMORY_H

#include "qemu/osdep.h"

struct device;

struct mem_region_ops {
    uint64_t (*read)(void *opaque, uint64_t offset, unsigned size);
    void (*write)(void *opaque, uint64_t offset, uint64_t value,
                  unsigned size);
    /* Access sizes the guest may use; others read all-ones / are dropped
     * and logged as guest errors. 0 means 1 and 4 respectively. */
    unsigned valid_min, valid_max;
    /* Sizes the handlers implement; wider accesses are split into
     * little-endian pieces by the bus. 0 means valid_min/valid_max. */
    unsigned impl_min, impl_max;
};

struct mem_region {
    const char *name;
    const struct mem_region_ops *ops;
    void *opaque;
    uint64_t size;
    GMutex *lock;            /* taken around handlers; may be NULL */
    struct device *owner;
    uint64_t addr;           /* where it is mapped (valid when mapped) */
    bool mapped;
    uint64_t coalesce_offset;  /* see memory_region_set_coalescing() */
    uint64_t coalesce_size;    /* 0 = none */
    struct mem_ioeventfd *ioeventfds;  /* see memory_region_add_ioeventfd() */
    unsigned nr_ioeventfds;
};

/* One "this write need not exit" declaration of a region. */
struct mem_ioeventfd {
    uint64_t offset;
    unsigned size;
    uint64_t value;
};

struct ram_block {
    const char *name;
    uint64_t gpa;
    uint64_t size;
    uint8_t *host;
    bool readonly;           /* ROM: guest writes are dropped */
};

struct address_space;
extern struct address_space address_space_io;
extern struct address_space address_space_memory;

/*
 * Initialize an I/O region. lock is usually &dev->lock; pass NULL for
 * stateless regions.
 */
void memory_region_init_io(struct mem_region *mr, struct device *owner,
                           const struct mem_region_ops *ops, void *opaque,
                           const char *name, uint64_t size, GMutex *lock);

/*
 * Guest writes to [offset, offset + size) of this region need not exit at
 * once: the accelerator may buffer them and replay them, in order, before
 * it handles the next exit of any vCPU. Only for registers whose writes
 * take effect when a later access looks at them (index registers such as
 * the IOAPIC's IOREGSEL or the PIT's mode/latch port). Call before mapping.
 */
void memory_region_set_coalescing(struct mem_region *mr, uint64_t offset,
                                  uint64_t size);
/* Accelerator hook: a coalescable range was mapped at addr. */
void memory_set_coalescing_listener(void (*fn)(bool pio, uint64_t addr,
                                               uint64_t size));

/*
 * A guest write of exactly `value`, `size` bytes wide, at `offset` of this
 * region need not exit: the accelerator may signal an eventfd instead and
 * replay the write later through the normal dispatch (so it has the same
 * effect), before it handles the next exit of any vCPU and from the main
 * loop. Repeated writes may be replayed once, so only for writes whose
 * repetition changes nothing (e.g. lowering an interrupt line). Other
 * values, widths and all accesses without an accelerator (qtest) go
 * through the handlers as usual. Call before mapping.
 */
void memory_region_add_ioeventfd(struct mem_region *mr, uint64_t offset,
                                 unsigned size, uint64_t value);
/* Accelerator hook: an ioeventfd write was mapped (add) or unmapped. */
void memory_set_ioeventfd_listener(void (*fn)(bool pio, uint64_t addr,
                                              unsigned size, uint64_t value,
                                              bool add));

/*
 * Apply the buffered writes now, in order. A device whose timer acts on
 * state those writes change (the PIT stopped by a control word) calls
 * this first, without holding its own lock: replaying takes the region
 * locks. The accelerator registers the flusher; without one, a no-op.
 */
void memory_flush_coalesced(void);
void memory_set_coalesced_flusher(void (*fn)(void));

/* Map at addr; fails (with errp) if it overlaps another region. */
int address_space_map(struct address_space *as, uint64_t addr,
                      struct mem_region *mr, struct Error **errp);
void address_space_unmap(struct address_space *as, struct mem_region *mr);
/* Remove every region and RAM block (machine teardown, tests). */
void address_space_clear(struct address_space *as);

/* Register guest RAM (only in address_space_memory). */
int memory_add_ram(const char *name, uint64_t gpa, uint64_t size,
                   uint8_t *host, bool readonly, struct Error **errp);
/* Snapshot of RAM blocks (for the accelerator's memory slots). */
const struct ram_block *memory_ram_blocks(size_t *count);

/*
 * Single access of 1/2/4/8 bytes as a vCPU performs it (PIO or MMIO exit).
 * Unclaimed reads return all-ones and are logged under -d unimp.
 */
uint64_t address_space_read(struct address_space *as, uint64_t addr,
                            unsigned size);
void address_space_write(struct address_space *as, uint64_t addr,
                         uint64_t value, unsigned size);

/*
 * Byte-buffer access to guest-physical memory (DMA, loaders, qtest):
 * RAM directly, MMIO through the regions in the largest aligned pieces.
 * Returns 0, or -EFAULT if part of the range is unassigned (reads fill
 * those bytes with 0xff, writes drop them).
 */
int address_space_rw(struct address_space *as, uint64_t addr, void *buf,
                     uint64_t len, bool is_write);

/* Host pointer for [gpa, gpa+len) if it lies entirely in one RAM block. */
void *guest_ram_ptr(uint64_t gpa, uint64_t len);

/* Region mapped at addr, or NULL (for tests and HMP "info mtree"). */
struct mem_region *address_space_lookup(struct address_space *as,
                                        uint64_t addr);
/* Call fn for every mapped region in address order. */
void address_space_foreach(struct address_space *as,
                           void (*fn)(struct mem_region *mr, void *opaque),
                           void *opaque);

/*
 * Accelerator hook: called after RAM blocks change so memory slots can be
 * updated.
 */
void memory_set_ram_listener(void (*fn)(const struct ram_block *rb));

#endif
