/*
 * Inline CPU helpers for guest programs: port I/O, MMIO, MSRs, CPUID,
 * control registers and the TSC. Header-only so every guest inlines them.
 */
#ifndef GUEST_IO_H
#define GUEST_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
    asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
    asm volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;

    asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;

    asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

/* MMIO: volatile so each access is exactly one load/store of that width. */
static inline uint8_t mmio_read8(uintptr_t a)
{
    return *(volatile uint8_t *)a;
}

static inline uint32_t mmio_read32(uintptr_t a)
{
    return *(volatile uint32_t *)a;
}

static inline uint64_t mmio_read64(uintptr_t a)
{
    return *(volatile uint64_t *)a;
}

static inline void mmio_write8(uintptr_t a, uint8_t v)
{
    *(volatile uint8_t *)a = v;
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
    *(volatile uint32_t *)a = v;
}

static inline void mmio_write64(uintptr_t a, uint64_t v)
{
    *(volatile uint64_t *)a = v;
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

struct cpuid_regs {
    uint32_t a, b, c, d;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
    struct cpuid_regs r;

    asm volatile("cpuid"
                 : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
                 : "a"(leaf), "c"(subleaf));
    return r;
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v),
                 "d"((uint32_t)(v >> 32)) : "memory");
}

static inline uint64_t read_cr0(void)
{
    uint64_t v;

    asm volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}

static inline uint64_t read_cr2(void)
{
    uint64_t v;

    asm volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}

static inline uint64_t read_cr3(void)
{
    uint64_t v;

    asm volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}

static inline uint64_t read_cr4(void)
{
    uint64_t v;

    asm volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}

static inline uint64_t read_rflags(void)
{
    uint64_t v;

    asm volatile("pushfq; popq %0" : "=r"(v));
    return v;
}

static inline void irq_enable(void)
{
    asm volatile("sti" ::: "memory");
}

static inline void irq_disable(void)
{
    asm volatile("cli" ::: "memory");
}

static inline void cpu_relax(void)
{
    asm volatile("pause" ::: "memory");
}

static inline void barrier(void)
{
    asm volatile("" ::: "memory");
}

static inline uint16_t bswap16(uint16_t v)
{
    return (uint16_t)((v >> 8) | (v << 8));
}

static inline uint32_t bswap32(uint32_t v)
{
    return __builtin_bswap32(v);
}

static inline uint64_t bswap64(uint64_t v)
{
    return __builtin_bswap64(v);
}

#endif /* GUEST_IO_H */
