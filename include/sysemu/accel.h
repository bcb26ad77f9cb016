/*
 * Accelerators: what runs the vCPUs and owns guest memory mappings.
 * kvm (accel/kvm), and later qtest and tcg.
 */
#ifndef SYSEMU_ACCEL_H
#define SYSEMU_ACCEL_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/core/irq.h"

struct machine_state;
struct device;

struct accel_ops {
    const char *name;
    /* Create the VM (before any memory, device or vCPU). */
    int (*init_machine)(struct machine_state *ms, Error **errp);
    /* Create vCPUs with the machine's CPU model (threads not started). */
    int (*init_vcpus)(struct machine_state *ms, Error **errp);
    /* Start vCPU threads; they wait until resume_vcpus. */
    void (*start_vcpus)(struct machine_state *ms);
    void (*pause_vcpus)(void);
    void (*resume_vcpus)(void);
    /* Put every vCPU in its power-on state (BSP at the boot entry). */
    void (*reset_vcpus)(struct machine_state *ms);
    /*
     * Interrupt controllers. When irqchip_in_kernel() says so, the PIC,
     * IOAPIC and PIT live in the accelerator and the board raises GSIs with
     * set_gsi; otherwise the board creates the userspace models and hands
     * them over: the PIC's INTR output goes to pic_intr_line(), the
     * accelerator acknowledges it with pic_read_irq() on the master given
     * to attach_pic(), and the IOAPIC delivers through the backend
     * installed by attach_ioapic(). NULL hooks mean "nothing to attach"
     * (qtest: the lines stay observable but reach no CPU).
     */
    bool (*irqchip_in_kernel)(struct machine_state *ms);
    int (*set_gsi)(void *opaque, int gsi, int level);
    qemu_irq (*pic_intr_line)(struct machine_state *ms);
    void (*attach_pic)(struct machine_state *ms, struct device *master);
    void (*attach_ioapic)(struct machine_state *ms, struct device *ioapic);
    /* Devices the accelerator provides itself (e.g. the in-kernel PIT). */
    int (*create_kernel_devices)(struct machine_state *ms, Error **errp);
    /*
     * Monitor (query-cpus-fast, info registers); NULL when the accelerator
     * has no vCPUs to show. Main thread.
     */
    int (*vcpu_count)(void);
    int (*vcpu_thread_id)(int index);       /* host TID, 0 before start */
    const char *(*vcpu_qom_path)(int index);
    /* QEMU's "info registers" text; the caller has paused the vCPUs. */
    char *(*vcpu_dump_registers)(int index);
};

const struct accel_ops *accel_find(const char *name);
/* Registered accelerators. */
void accel_register(const struct accel_ops *ops);

#endif
