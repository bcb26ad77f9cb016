/*
 * Coalesced MMIO/PIO: index-register writes (the IOAPIC's IOREGSEL, the
 * PIT's control port) that KVM appends to a ring shared with us instead
 * of exiting. Every vCPU replays the ring before it handles an exit, so a
 * read of a data register always sees the index written before it.
 *
 * A device declares such a register with memory_region_set_coalescing();
 * the zone is registered with KVM only at its COALESCE_AFTER_WRITES-th
 * write exit. Why not at once: since Linux 6.18 registering an I/O-bus
 * device frees the old bus through an SRCU callback, and destroying the
 * VM waits for it (srcu_barrier in kvm_destroy_vm). With HZ=250 that is
 * 4-9 ms at start even when done before any vCPU runs, which would be
 * most of a short-lived VM's life (docs/devel/benchmarks.md). A guest
 * that writes the register that often runs long enough to repay it; one
 * that writes it a few times (firmware, an exit test) never pays.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "exec/memory.h"
#include "sysemu/kvm.h"
#include "kvm-internal.h"

#define COALESCE_AFTER_WRITES   32
#define MAX_COALESCED_ZONES     8

/* Entries in the one-page ring (KVM_COALESCED_MMIO_MAX for 4 KiB pages). */
#define COALESCED_RING_ENTRIES                                                 \
    ((4096 - sizeof(struct kvm_coalesced_mmio_ring)) /                         \
     sizeof(struct kvm_coalesced_mmio))

struct coalesced_zone {
    struct kvm_coalesced_mmio_zone kz;
    unsigned writes;            /* write exits so far, up to the threshold */
};

static struct coalesced_zone zones[MAX_COALESCED_ZONES];
static unsigned nr_zones;       /* published after its entry: read unlocked */
static struct kvm_coalesced_mmio_ring *coalesced_ring;
static GMutex coalesced_lock;

void kvm_coalescing_added(bool pio, uint64_t addr, uint64_t size)
{
    if (!kvm_check_extension(pio ? KVM_CAP_COALESCED_PIO
                                 : KVM_CAP_COALESCED_MMIO) ||
        nr_zones == MAX_COALESCED_ZONES) {
        return;     /* the writes simply keep exiting */
    }
    zones[nr_zones].kz = (struct kvm_coalesced_mmio_zone){
        .addr = addr, .size = size, .pio = pio,
    };
    __atomic_store_n(&nr_zones, nr_zones + 1, __ATOMIC_RELEASE);
}

void kvm_coalescing_note_write(bool pio, uint64_t addr)
{
    unsigned n = __atomic_load_n(&nr_zones, __ATOMIC_ACQUIRE);

    for (unsigned i = 0; i < n; i++) {
        struct coalesced_zone *z = &zones[i];

        if (!z->kz.pio != !pio || addr - z->kz.addr >= z->kz.size) {
            continue;
        }
        /* Exactly one vCPU sees the threshold reached and registers. */
        if (__atomic_load_n(&z->writes, __ATOMIC_RELAXED) <
                COALESCE_AFTER_WRITES &&
            __atomic_add_fetch(&z->writes, 1, __ATOMIC_RELAXED) ==
                COALESCE_AFTER_WRITES) {
            kvm_vm_ioctl(KVM_REGISTER_COALESCED_MMIO, &z->kz);
        }
        return;
    }
}

void kvm_coalesced_set_ring(void *ring)
{
    coalesced_ring = ring;
}

/*
 * Replay buffered writes in order. Called by every vCPU before it handles
 * an exit, whichever vCPU wrote them; and, through
 * memory_flush_coalesced(), by device timers (the PIT's).
 */
void kvm_flush_coalesced(void)
{
    struct kvm_coalesced_mmio_ring *ring = coalesced_ring;

    if (!ring || ring->first == __atomic_load_n(&ring->last,
                                                __ATOMIC_ACQUIRE)) {
        return;
    }
    g_mutex_lock(&coalesced_lock);
    while (ring->first != __atomic_load_n(&ring->last, __ATOMIC_ACQUIRE)) {
        struct kvm_coalesced_mmio *e = &ring->coalesced_mmio[ring->first];
        uint64_t v = 0;

        memcpy(&v, e->data, MIN(e->len, sizeof(v)));
        address_space_write(e->pio ? &address_space_io
                                   : &address_space_memory,
                            e->phys_addr, v, e->len);
        __atomic_store_n(&ring->first,
                         (ring->first + 1) % COALESCED_RING_ENTRIES,
                         __ATOMIC_RELEASE);
    }
    g_mutex_unlock(&coalesced_lock);
}
