/*
 * Preloaded into the VMM by test-no-kernel-irqchip: when the test creates
 * $SPLITVM_KVM_PROBE/request, a thread finds the process's KVM VM fd and
 * asks KVM for its in-kernel PIC, IOAPIC and PIT state, writing the errno
 * of each (0 = present) to $SPLITVM_KVM_PROBE/result.
 *
 * It lives inside the VMM only because KVM refuses VM ioctls from any
 * other process; it uses nothing of the VMM's.
 */
#include <dirent.h>
#include <errno.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static char probe_dir[256];

/*
 * True once a vCPU exists: the board creates its in-kernel irqchip and
 * PIT before the vCPUs, so probing earlier races with machine set-up.
 */
static int have_vcpu_fd(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int found = 0;

    while (d && (e = readdir(d))) {
        char path[300];
        char target[64];
        ssize_t n;

        snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
        n = readlink(path, target, sizeof(target) - 1);
        if (n > 0) {
            target[n] = 0;
            found |= !strncmp(target, "anon_inode:kvm-vcpu", 19);
        }
    }
    if (d) {
        closedir(d);
    }
    return found;
}

static int find_vm_fd(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int found = -1;

    while (d && (e = readdir(d))) {
        char path[300];
        char target[64];
        ssize_t n;

        snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
        n = readlink(path, target, sizeof(target) - 1);
        if (n > 0) {
            target[n] = 0;
            if (!strcmp(target, "anon_inode:kvm-vm")) {
                found = atoi(e->d_name);
            }
        }
    }
    if (d) {
        closedir(d);
    }
    return found;
}

static int probe(int vm, unsigned long req, void *arg)
{
    return ioctl(vm, req, arg) == 0 ? 0 : errno;
}

static void *probe_thread(void *arg)
{
    char req[300];
    char res[300];
    char tmp[310];
    FILE *f;

    snprintf(req, sizeof(req), "%s/request", probe_dir);
    snprintf(res, sizeof(res), "%s/result", probe_dir);
    snprintf(tmp, sizeof(tmp), "%s.tmp", res);
    while (access(req, F_OK) != 0) {
        usleep(10000);
    }
    for (int i = 0; i < 1000 && !have_vcpu_fd(); i++) {
        usleep(10000);
    }
    f = fopen(tmp, "w");
    if (f) {
        int vm = find_vm_fd();
        struct kvm_irqchip ioapic = { .chip_id = KVM_IRQCHIP_IOAPIC };
        struct kvm_irqchip pic = { .chip_id = KVM_IRQCHIP_PIC_MASTER };
        struct kvm_pit_state2 pit;

        if (vm < 0) {
            fprintf(f, "novm\n");
        } else {
            fprintf(f, "ioapic=%d pic=%d pit=%d\n",
                    probe(vm, KVM_GET_IRQCHIP, &ioapic),
                    probe(vm, KVM_GET_IRQCHIP, &pic),
                    probe(vm, KVM_GET_PIT2, &pit));
        }
        fclose(f);
        rename(tmp, res);
    }
    return NULL;
}

static void __attribute__((constructor)) probe_init(void)
{
    const char *dir = getenv("SPLITVM_KVM_PROBE");
    pthread_t t;

    if (!dir || strlen(dir) >= sizeof(probe_dir)) {
        return;
    }
    strcpy(probe_dir, dir);
    /* The VMM's children (none today) must not inherit the probe. */
    unsetenv("LD_PRELOAD");
    if (pthread_create(&t, NULL, probe_thread, NULL) == 0) {
        pthread_detach(t);
    }
}
