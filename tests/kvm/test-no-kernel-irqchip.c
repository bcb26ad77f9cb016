/*
 * Proves, by asking KVM itself, which interrupt controllers a splitvm VM
 * has in the kernel: with kernel-irqchip=split there must be no in-kernel
 * PIC, IOAPIC or PIT (KVM_GET_IRQCHIP and KVM_GET_PIT2 fail with ENXIO),
 * and the same without any kernel-irqchip option (split is splitvm's
 * default), while kernel-irqchip=on has them (the control case).
 *
 * The question is put to KVM itself, not to splitvm's bookkeeping. KVM
 * answers VM ioctls only from the process that created the VM (any other
 * mm gets -EIO, even through a pidfd_getfd() copy of the fd: the test
 * checks that too), so a small preloaded probe library
 * (kvm-probe-preload.c) asks from inside the VMM process on request.
 *
 * Usage: test-no-kernel-irqchip QEMU_BINARY   (prints TAP)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int test_no;
static int failures;

static void ok(bool cond, const char *name)
{
    printf("%sok %d - %s\n", cond ? "" : "not ", ++test_no, name);
    if (!cond) {
        failures++;
    }
}

/* The fd number of the first /proc/PID/fd entry linking to target*. */
static int find_fd(pid_t pid, const char *target_prefix);

/* The fd number of the anon_inode:kvm-vm in /proc/PID/fd, or -1. */
static int find_vm_fd(pid_t pid)
{
    return find_fd(pid, "anon_inode:kvm-vm");
}

/*
 * Wait (up to 10 s) until the VMM has created vCPU 0: its in-kernel
 * devices, if any, exist from then on (they are made before any vCPU).
 */
static bool wait_vcpu_created(pid_t pid)
{
    for (int i = 0; i < 1000; i++) {
        if (find_fd(pid, "anon_inode:kvm-vcpu") >= 0) {
            return true;
        }
        usleep(10000);
    }
    return false;
}

static int find_fd(pid_t pid, const char *target_prefix)
{
    char dir[64];
    DIR *d;
    struct dirent *e;
    int found = -1;

    snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
    d = opendir(dir);
    if (!d) {
        return -1;
    }
    while ((e = readdir(d))) {
        char path[320];
        char target[128];
        ssize_t n;

        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        n = readlink(path, target, sizeof(target) - 1);
        if (n > 0) {
            target[n] = 0;
            if (!strncmp(target, target_prefix, strlen(target_prefix))) {
                found = atoi(e->d_name);
            }
        }
    }
    closedir(d);
    return found;
}

static pid_t start_vm(const char *bin, const char *machine,
                      const char *probe_dir)
{
    pid_t pid = fork();

    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);

        dup2(null, 1);
        setenv("SPLITVM_KVM_PROBE", probe_dir, 1);
        setenv("LD_PRELOAD", getenv("KVM_PROBE_LIB"), 1);
        execl(bin, bin, "-machine", machine, "-accel", "kvm", "-S",
              "-display", "none", "-nodefaults", "-kernel",
              getenv("HELLO_ELF"), (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* From outside, KVM must refuse the VM fd whatever it holds (-EIO). */
static bool outside_refused(pid_t pid)
{
    int pidfd = syscall(SYS_pidfd_open, pid, 0);
    bool refused = false;

    for (int i = 0; pidfd >= 0 && i < 1000; i++) {
        int fd = find_vm_fd(pid);

        if (fd >= 0) {
            int local = syscall(SYS_pidfd_getfd, pidfd, fd, 0);
            struct kvm_irqchip chip = { .chip_id = KVM_IRQCHIP_IOAPIC };

            refused = local >= 0 && ioctl(local, KVM_GET_IRQCHIP, &chip) < 0
                      && errno == EIO;
            close(local);
            break;
        }
        usleep(10000);
    }
    if (pidfd >= 0) {
        close(pidfd);
    }
    return refused;
}

/* Ask the in-process probe; fills errnos (0 = present). */
static bool ask_probe(const char *dir, int *ioapic, int *pic, int *pit)
{
    char path[300];
    FILE *f;

    snprintf(path, sizeof(path), "%s/request", dir);
    f = fopen(path, "w");
    if (!f) {
        return false;
    }
    fclose(f);
    snprintf(path, sizeof(path), "%s/result", dir);
    for (int i = 0; i < 1000; i++) {
        f = fopen(path, "r");
        if (f) {
            int n = fscanf(f, "ioapic=%d pic=%d pit=%d", ioapic, pic, pit);

            fclose(f);
            return n == 3;
        }
        usleep(10000);
    }
    return false;
}

static void check_mode(const char *bin, const char *mode, bool in_kernel)
{
    char machine[64];
    char name[160];
    char dir[] = "/tmp/kvm-probe-XXXXXX";
    pid_t pid;
    int status;
    int ioapic = -1, pic = -1, pit = -1;
    bool answered;
    const char *want = in_kernel ? "present" : "absent (ENXIO)";

    /* "default": no kernel-irqchip option at all (splitvm: split). */
    if (!strcmp(mode, "default")) {
        snprintf(machine, sizeof(machine), "pc");
    } else {
        snprintf(machine, sizeof(machine), "pc,kernel-irqchip=%s", mode);
    }
    if (!mkdtemp(dir)) {
        ok(false, "mkdtemp");
        return;
    }
    pid = start_vm(bin, machine, dir);
    snprintf(name, sizeof(name), "%s: KVM refuses the VM fd from another "
             "process (EIO via pidfd_getfd)", mode);
    ok(outside_refused(pid), name);
    answered = wait_vcpu_created(pid) && ask_probe(dir, &ioapic, &pic, &pit);
    snprintf(name, sizeof(name), "%s: probe inside the VMM answered", mode);
    ok(answered, name);
    snprintf(name, sizeof(name), "%s: in-kernel IOAPIC %s", mode, want);
    ok(answered && (in_kernel ? ioapic == 0 : ioapic == ENXIO), name);
    snprintf(name, sizeof(name), "%s: in-kernel PIC %s", mode, want);
    ok(answered && (in_kernel ? pic == 0 : pic == ENXIO), name);
    snprintf(name, sizeof(name), "%s: in-kernel PIT %s", mode, want);
    ok(answered && (in_kernel ? pit == 0 : pit == ENXIO), name);
    kill(pid, SIGTERM);
    waitpid(pid, &status, 0);
    snprintf(name, sizeof(name), "%s: VMM exits cleanly on SIGTERM", mode);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, name);
    snprintf(name, sizeof(name), "%s/request", dir);
    unlink(name);
    snprintf(name, sizeof(name), "%s/result", dir);
    unlink(name);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    if (argc < 2 || !getenv("HELLO_ELF") || !getenv("KVM_PROBE_LIB")) {
        fprintf(stderr, "usage: HELLO_ELF=... KVM_PROBE_LIB=... %s "
                "QEMU_BINARY\n", argv[0]);
        return 2;
    }
    if (access("/dev/kvm", R_OK | W_OK) || access(argv[1], X_OK)) {
        printf("1..1\nok 1 - in-kernel irqchip probe # SKIP %s\n",
               access("/dev/kvm", R_OK | W_OK) ? "/dev/kvm not available"
                                                : "VMM binary not built");
        return 0;
    }
    check_mode(argv[1], "split", false);
    check_mode(argv[1], "default", false);
    check_mode(argv[1], "on", true);
    printf("1..%d\n", test_no);
    return failures ? 1 : 0;
}
