/*
 * Accelerators: what runs the vCPUs and owns guest memory mappings.
 * kvm (accel/kvm), and later qtest and tcg.
 */
#ifndef SYSEMU_ACCEL_H
#define SYSEMU_ACCEL_H

#include "qemu/osdep.h"
#include "qemu/error-report.h"

struct machine_state;

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
     * The line handler the board uses for GSIs when the interrupt
     * controllers live in the accelerator (kernel-irqchip=on), else NULL.
     */
    void (*set_gsi)(void *opaque, int gsi, int level);
};

const struct accel_ops *accel_find(const char *name);
/* Registered accelerators. */
void accel_register(const struct accel_ops *ops);

#endif
