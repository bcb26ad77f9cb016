/* A test-and-set spinlock and atomics for BSP/AP coordination. */
#ifndef GUEST_SPINLOCK_H
#define GUEST_SPINLOCK_H

struct spinlock {
    volatile int locked;
};

static inline void spin_lock(struct spinlock *l)
{
    while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
        while (l->locked) {
            asm volatile("pause");
        }
    }
}

static inline void spin_unlock(struct spinlock *l)
{
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline int atomic_inc(volatile int *v)
{
    return __atomic_add_fetch(v, 1, __ATOMIC_SEQ_CST);
}

#endif /* GUEST_SPINLOCK_H */
