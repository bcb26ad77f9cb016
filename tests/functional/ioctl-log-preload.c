/*
 * Preloaded into the VMM by functional tests: appends one line per
 * KVM_REGISTER_COALESCED_MMIO / KVM_UNREGISTER_COALESCED_MMIO to the file
 * named by $SPLITVM_IOCTL_LOG, so a test can see when splitvm registers a
 * coalesced zone (KVM offers no way to list them). Every other ioctl
 * passes straight through.
 */
#include <dlfcn.h>
#include <linux/kvm.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

typedef int (*ioctl_fn)(int, unsigned long, ...);

static void log_zone(const char *what, const struct kvm_coalesced_mmio_zone *z,
                     int ret)
{
    const char *path = getenv("SPLITVM_IOCTL_LOG");
    FILE *f = path ? fopen(path, "a") : NULL;

    if (f) {
        fprintf(f, "%s addr=0x%llx size=%u pio=%u ret=%d\n", what,
                (unsigned long long)z->addr, z->size, z->pio, ret);
        fclose(f);
    }
}

int ioctl(int fd, unsigned long req, ...)
{
    static ioctl_fn real;
    va_list ap;
    void *arg;
    int ret;

    va_start(ap, req);
    arg = va_arg(ap, void *);
    va_end(ap);
    if (!real) {
        real = (ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
    }
    ret = real(fd, req, arg);
    if (req == KVM_REGISTER_COALESCED_MMIO) {
        log_zone("register", arg, ret);
    } else if (req == KVM_UNREGISTER_COALESCED_MMIO) {
        log_zone("unregister", arg, ret);
    }
    return ret;
}
