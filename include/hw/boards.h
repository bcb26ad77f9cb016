/*
 * The machine: what the command line asked for (struct machine_config,
 * filled by system/vl.c) and what the board built from it
 * (struct machine_state).
 */
#ifndef HW_BOARDS_H
#define HW_BOARDS_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/core/irq.h"

enum irqchip_mode {
    IRQCHIP_ON,      /* PIC, IOAPIC, PIT and LAPIC in the kernel */
    IRQCHIP_SPLIT,   /* only the LAPIC in the kernel */
    IRQCHIP_OFF,     /* everything in userspace */
};

enum on_off_auto {
    ON_OFF_AUTO_AUTO,
    ON_OFF_AUTO_ON,
    ON_OFF_AUTO_OFF,
};

struct smp_config {
    unsigned cpus;       /* CPUs present at start */
    unsigned sockets;
    unsigned dies;
    unsigned cores;      /* per die */
    unsigned threads;    /* per core */
    unsigned max_cpus;
};

#define ISA_NUM_IRQS 16
#define GSI_NUM_PINS 24

struct machine_config {
    char *type;                  /* "pc", "none" */
    char *accel;                 /* "kvm", "tcg", "qtest" */
    enum irqchip_mode irqchip;
    bool irqchip_given;          /* kernel-irqchip= was on the command line */
    bool irqchip_from_accel;     /* ... in -accel kvm,: -machine's is ignored */
    enum on_off_auto pit;
    enum on_off_auto pic;
    enum on_off_auto acpi;       /* off: no ACPI tables (-no-acpi) */
    uint64_t ram_size;
    bool ram_size_given;         /* -m with a size (-machine none) */
    struct smp_config smp;
    char *cpu_model;             /* the whole -cpu string */
    char *kernel;
    char *initrd;
    char *append;
    char *firmware;              /* -bios */
    char *name;
    bool nodefaults;
};

struct accel_ops;
struct fw_cfg_state;
struct x86_cpu_config;
struct boot_image;

/* Guest register state at the boot entry point (vCPU 0). */
struct x86_boot_regs {
    bool valid;
    bool protected_flat;         /* 32-bit flat protected mode, else reset */
    uint32_t eip;
    uint32_t eax, ebx, ecx, edx, esi, edi, esp, ebp;
    uint32_t gdt_base;           /* GDT with flat code 0x08 / data 0x10 */
    uint16_t gdt_limit;
};

#define MAX_SERIAL_PORTS 4

struct chardev;

struct machine_state {
    struct machine_config cfg;
    struct chardev *serial_hds[MAX_SERIAL_PORTS];  /* -serial, in order */
    int nr_serial;
    struct chardev *debugcon;    /* -debugcon */
    const struct accel_ops *accel;
    uint64_t below_4g_mem_size;
    uint64_t above_4g_mem_size;
    bool amd_ht_reserved;        /* e820 lists AMD's HyperTransport range */
    uint8_t *ram;                /* host mapping of all guest RAM */
    struct x86_cpu_config *cpu;
    qemu_irq gsi[GSI_NUM_PINS];  /* ISA IRQ n / GSI n as the board sees them */
    struct fw_cfg_state *fw_cfg;
    GPtrArray *boot_images;      /* struct boot_image *, rewritten at reset */
    struct x86_boot_regs boot_regs;
    /* QOM path of each vCPU: reserved before any device, as QEMU's pc. */
    char **cpu_qom_paths;
};

extern struct machine_state *current_machine;

/* A region of guest memory the loader fills at every reset. */
struct boot_image {
    char *name;
    uint64_t gpa;
    uint8_t *data;
    uint64_t size;               /* bytes of data */
    uint64_t zero_size;          /* bytes cleared after data (bss) */
};

void machine_add_boot_image(struct machine_state *ms, const char *name,
                            uint64_t gpa, const void *data, uint64_t size,
                            uint64_t zero_size);
/* Move the most recently added image to the front (installed first). */
void machine_move_boot_image_first(struct machine_state *ms);
/* Copy every boot image into guest RAM (machine reset). */
void machine_install_boot_images(struct machine_state *ms);

/* Boards. */
int pc_machine_init(struct machine_state *ms, Error **errp);
void pc_machine_reset(struct machine_state *ms);
/* Machine types for -machine help: NULL-terminated {name, desc} pairs. */
struct machine_type_info {
    const char *name;
    const char *alias;
    const char *desc;
    bool is_default;
};
extern const struct machine_type_info machine_types[];

#endif
