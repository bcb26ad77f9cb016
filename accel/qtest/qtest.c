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

#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>

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

/*
 * vCPUs exist as QEMU's qtest accelerator has them: CPU objects with a
 * thread each that never runs guest code (query-cpus-fast lists them with
 * a real thread-id). The threads only wait, with every signal blocked so
 * that the main loop keeps receiving them; nothing is reset or paused.
 */
struct qtest_vcpu {
    const char *qom_path;       /* the machine's, reserved at board init */
    int thread_id;              /* host TID, published by the thread */
};

static struct qtest_vcpu *qtest_vcpus;
static int qtest_nr_vcpus;
static GMutex qtest_vcpu_lock;
static GCond qtest_vcpu_cond;

static gpointer qtest_vcpu_thread(gpointer opaque)
{
    struct qtest_vcpu *v = opaque;
    sigset_t all;

    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    g_mutex_lock(&qtest_vcpu_lock);
    v->thread_id = (int)syscall(SYS_gettid);
    g_cond_broadcast(&qtest_vcpu_cond);
    for (;;) {
        g_cond_wait(&qtest_vcpu_cond, &qtest_vcpu_lock);
    }
    return NULL;
}

static int qtest_init_vcpus(struct machine_state *ms, Error **errp)
{
    int n = ms->cpu_qom_paths ? (int)ms->cfg.smp.cpus : 0;

    qtest_vcpus = g_new0(struct qtest_vcpu, MAX(n, 1));
    for (int i = 0; i < n; i++) {
        qtest_vcpus[i].qom_path = ms->cpu_qom_paths[i];
        g_thread_unref(g_thread_new("CPU dummy", qtest_vcpu_thread,
                                    &qtest_vcpus[i]));
    }
    /* Their TIDs are known before the first monitor command. */
    g_mutex_lock(&qtest_vcpu_lock);
    for (int i = 0; i < n; i++) {
        while (!qtest_vcpus[i].thread_id) {
            g_cond_wait(&qtest_vcpu_cond, &qtest_vcpu_lock);
        }
    }
    qtest_nr_vcpus = n;
    g_mutex_unlock(&qtest_vcpu_lock);
    return 0;
}

static int qtest_vcpu_count(void)
{
    return qtest_nr_vcpus;
}

static int qtest_vcpu_thread_id(int index)
{
    return qtest_vcpus[index].thread_id;
}

static const char *qtest_vcpu_qom_path(int index)
{
    return qtest_vcpus[index].qom_path;
}

static void qtest_start_vcpus(struct machine_state *ms)
{
}

static const struct accel_ops qtest_accel_ops = {
    .name = "qtest",
    .init_machine = qtest_init_machine,
    .init_vcpus = qtest_init_vcpus,
    .start_vcpus = qtest_start_vcpus,
    .vcpu_count = qtest_vcpu_count,
    .vcpu_thread_id = qtest_vcpu_thread_id,
    .vcpu_qom_path = qtest_vcpu_qom_path,
};

static void __attribute__((constructor)) qtest_accel_register(void)
{
    accel_register(&qtest_accel_ops);
}
