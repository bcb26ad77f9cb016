/*
 * The qtest accelerator (-accel qtest, -machine accel=qtest).
 *
 * No vCPU ever runs: the machine is a set of devices that a test program
 * drives through the qtest protocol (qtest/qtest.c). Guest time is the
 * virtual clock in manual mode, so it moves only on clock_step/clock_set,
 * and every timer fires at its own deadline inside that command.
 *
 * While the VM is stopped (-S, QMP stop) the clock commands move the
 * clock without running timers, as QEMU 7.2's disabled virtual clock
 * does; the expired ones run at "cont".
 *
 * Interrupt controllers are the userspace models (irqchip_in_kernel is
 * NULL); the PIC's INTR and the IOAPIC's messages reach no CPU, but every
 * line stays observable with irq_intercept_in/out.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "hw/boards.h"
#include "sysemu/accel.h"
#include "sysemu/qtest.h"
#include "sysemu/runstate.h"

static bool qtest_accel_active;

bool qtest_enabled(void)
{
    return qtest_accel_active;
}

/*
 * Timers that expired while the VM was stopped (clock_step moves the
 * clock then, without running them, as QEMU 7.2) run when it resumes.
 */
static void qtest_runstate_event(const char *event, bool has_cause,
                                 enum shutdown_cause cause, void *opaque)
{
    if (!strcmp(event, "RESUME")) {
        qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
    }
}

static int qtest_init_machine(struct machine_state *ms, Error **errp)
{
    qtest_accel_active = true;
    qemu_clock_virtual_set_manual(true);
    runstate_add_event_listener(qtest_runstate_event, NULL);
    return 0;
}

/* There are no vCPUs to create, start, pause or reset. */
static int qtest_init_vcpus(struct machine_state *ms, Error **errp)
{
    return 0;
}

static void qtest_start_vcpus(struct machine_state *ms)
{
}

static const struct accel_ops qtest_accel_ops = {
    .name = "qtest",
    .init_machine = qtest_init_machine,
    .init_vcpus = qtest_init_vcpus,
    .start_vcpus = qtest_start_vcpus,
};

static void __attribute__((constructor)) qtest_accel_register(void)
{
    accel_register(&qtest_accel_ops);
}
