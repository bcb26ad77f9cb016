/*
 * kvm-floor: the least a VMM can do per port-I/O exit, as the floor for
 * the PIO round-trip benchmark (run-bench.py, docs/devel/benchmarks.md).
 *
 * It creates a VM with the in-kernel irqchip (KVM_CREATE_IRQCHIP, as
 * splitvm's kernel-irqchip=on and QEMU's pc do), loads the PT_LOAD
 * segments of an ELF32 multiboot guest, enters it in flat 32-bit protected
 * mode with EAX = 0x2BADB002 and EBX = a multiboot info block holding only
 * the command line, and then runs one vCPU in a loop that handles exactly
 * what the guests in tests/guest need:
 *   - the benchmark port (default 0x80): nothing at all, checked first;
 *   - COM1: THR writes go to stdout (unless LCR.DLAB selects the divisor
 *     latch), LSR reads say "transmitter empty";
 *   - isa-debug-exit at 0xf4: exit with status (value << 1) | 1;
 *   - any other port: reads give all ones, writes are dropped.
 * No threads, no device model, no event loop: KVM_RUN, one compare, back.
 *
 * -emulate skip|xsave is the floor for the userspace-emulation benchmark
 * (tests/bench/emubench.py, bench-emulate.elf): KVM hands over the
 * instructions its emulator refuses (KVM_CAP_EXIT_ON_EMULATION_FAILURE),
 * and this only steps RIP over them through KVM_CAP_SYNC_REGS, with no
 * other ioctl ("skip": the kernel's own cost of such an exit), or for x87
 * instructions also reads and writes back the x87/SSE image with
 * KVM_GET_XSAVE and KVM_SET_XSAVE ("xsave": the least an x87 instruction
 * that changes that state needs). The
 * instruction is not executed; only the encodings bench-emulate.elf uses
 * are known (x87, 0F C7: ModRM, no immediate). pc-testdev is mimicked as
 * far as that guest needs: the scratch port 0xe0 reads back what was
 * written and its 4 KiB I/O RAM at 0xff000000 is a buffer (KVM_EXIT_MMIO).
 *
 * Usage: kvm-floor [-m MIB] [-append STRING] [-port N] [-pit] [-tsc]
 *                  [-emulate skip|xsave] KERNEL
 * -m   guest RAM at address 0, in MiB (default 128, as the VMMs')
 * -pit also creates the in-kernel PIT (KVM_CREATE_PIT2, reinjection on),
 *      so that the start-to-exit benchmark can show what the kernel-side
 *      objects of a kernel-irqchip=on pc machine cost on their own.
 * -tsc prints the vCPU's TSC frequency (KVM_GET_TSC_KHZ) on stderr.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MULTIBOOT_BOOT_MAGIC    0x2BADB002
#define MB_INFO_CMDLINE         (1 << 2)
#define MB_INFO_ADDR            0x9000      /* below the 4 MiB guests */
#define MB_CMDLINE_ADDR         0x9100
#define MB_CMDLINE_MAX          0x700

#define COM1_THR                0x3f8
#define COM1_LCR                0x3fb
#define COM1_LSR                0x3fd
#define LCR_DLAB                0x80
#define LSR_THRE_TEMT           0x60        /* transmitter idle */
#define DEBUG_EXIT_PORT         0xf4
#define DEBUG_EXIT_SIZE         4

#define TESTDEV_SCRATCH         0xe0
#define TESTDEV_IOMEM           0xff000000ull
#define TESTDEV_IOMEM_SIZE      0x1000

#define TSS_ADDR                0xfffbd000  /* QEMU's choice; unused RAM */
#define CR0_PE                  1u

enum emulate_mode { EMULATE_OFF, EMULATE_SKIP, EMULATE_XSAVE };

struct vm {
    int kvm, vm, vcpu;
    struct kvm_run *run;
    uint8_t *ram;
    size_t ram_size;
    enum emulate_mode emulate;
};

static void die(const char *what)
{
    fprintf(stderr, "kvm-floor: %s: %s\n", what, strerror(errno));
    exit(2);
}

static void fail(const char *what)
{
    fprintf(stderr, "kvm-floor: %s\n", what);
    exit(2);
}

static void vm_create(struct vm *v, size_t ram_mib, bool pit)
{
    struct kvm_pit_config pit_config = { .flags = KVM_PIT_SPEAKER_DUMMY };
    struct kvm_userspace_memory_region slot = { 0 };
    int run_size;

    v->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (v->kvm < 0) {
        die("/dev/kvm");
    }
    v->vm = ioctl(v->kvm, KVM_CREATE_VM, 0);
    if (v->vm < 0) {
        die("KVM_CREATE_VM");
    }
    /* Needed by VMX for real mode only; harmless elsewhere. */
    ioctl(v->vm, KVM_SET_TSS_ADDR, (unsigned long)TSS_ADDR);
    if (ioctl(v->vm, KVM_CREATE_IRQCHIP, 0) < 0) {
        die("KVM_CREATE_IRQCHIP");
    }
    if (pit && ioctl(v->vm, KVM_CREATE_PIT2, &pit_config) < 0) {
        die("KVM_CREATE_PIT2");
    }
    v->ram_size = ram_mib << 20;
    v->ram = mmap(NULL, v->ram_size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (v->ram == MAP_FAILED) {
        die("mmap guest RAM");
    }
    slot.memory_size = v->ram_size;
    slot.userspace_addr = (uintptr_t)v->ram;
    if (ioctl(v->vm, KVM_SET_USER_MEMORY_REGION, &slot) < 0) {
        die("KVM_SET_USER_MEMORY_REGION");
    }
    v->vcpu = ioctl(v->vm, KVM_CREATE_VCPU, 0);
    if (v->vcpu < 0) {
        die("KVM_CREATE_VCPU");
    }
    run_size = ioctl(v->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (run_size < (int)sizeof(struct kvm_run)) {
        die("KVM_GET_VCPU_MMAP_SIZE");
    }
    v->run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                  v->vcpu, 0);
    if (v->run == MAP_FAILED) {
        die("mmap kvm_run");
    }
}

/* The host's CPUID as KVM supports it: the guests need long mode. */
static void vcpu_set_cpuid(struct vm *v)
{
    int n = 256;
    struct kvm_cpuid2 *c;

    for (;;) {
        c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));
        if (!c) {
            fail("out of memory");
        }
        c->nent = n;
        if (ioctl(v->kvm, KVM_GET_SUPPORTED_CPUID, c) == 0) {
            break;
        }
        if (errno != E2BIG) {
            die("KVM_GET_SUPPORTED_CPUID");
        }
        free(c);
        n *= 2;
    }
    if (ioctl(v->vcpu, KVM_SET_CPUID2, c) < 0) {
        die("KVM_SET_CPUID2");
    }
    free(c);
}

static uint8_t *read_file(const char *path, size_t *len)
{
    struct stat st;
    uint8_t *buf;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0 || fstat(fd, &st) < 0) {
        die(path);
    }
    buf = malloc(st.st_size);
    if (!buf || read(fd, buf, st.st_size) != st.st_size) {
        die(path);
    }
    close(fd);
    *len = st.st_size;
    return buf;
}

/* Copy the PT_LOAD segments to their physical addresses; returns entry. */
static uint32_t load_elf32(struct vm *v, const char *path)
{
    size_t len;
    uint8_t *img = read_file(path, &len);
    const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;
    uint32_t entry;

    if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
        eh->e_ident[EI_CLASS] != ELFCLASS32 ||
        eh->e_phoff + (size_t)eh->e_phnum * sizeof(Elf32_Phdr) > len) {
        fail("not an ELF32 image");
    }
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        const Elf32_Phdr *ph =
            (const Elf32_Phdr *)(img + eh->e_phoff) + i;

        if (ph->p_type != PT_LOAD) {
            continue;
        }
        if ((uint64_t)ph->p_paddr + ph->p_memsz > v->ram_size ||
            ph->p_filesz > ph->p_memsz ||
            (uint64_t)ph->p_offset + ph->p_filesz > len) {
            fail("segment outside RAM or file");
        }
        memcpy(v->ram + ph->p_paddr, img + ph->p_offset, ph->p_filesz);
        memset(v->ram + ph->p_paddr + ph->p_filesz, 0,
               ph->p_memsz - ph->p_filesz);
    }
    entry = eh->e_entry;
    free(img);
    return entry;
}

/* The start of the multiboot v1 information structure. */
struct multiboot_info {
    uint32_t flags;         /* which of the fields below are valid */
    uint32_t mem_lower;     /* KiB below 1 MiB */
    uint32_t mem_upper;     /* KiB above 1 MiB */
    uint32_t boot_device;
    uint32_t cmdline;       /* physical address of a C string */
};

/* Only the command line: the guests need no memory map. */
static void write_multiboot_info(struct vm *v, const char *kernel,
                                 const char *append)
{
    struct multiboot_info info = {
        .flags = MB_INFO_CMDLINE, .cmdline = MB_CMDLINE_ADDR,
    };
    /* As QEMU does: the kernel's path is the command line's first word. */
    int n = snprintf((char *)v->ram + MB_CMDLINE_ADDR, MB_CMDLINE_MAX,
                     "%s %s", kernel, append);

    if (n < 0 || n >= MB_CMDLINE_MAX) {
        fail("command line too long");
    }
    memcpy(v->ram + MB_INFO_ADDR, &info, sizeof(info));
}

static void flat_segment(struct kvm_segment *s, uint16_t sel, uint8_t type)
{
    *s = (struct kvm_segment){
        .base = 0, .limit = 0xffffffff, .selector = sel, .type = type,
        .present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0, .g = 1,
    };
}

/* Multiboot state: flat 32-bit protected mode, paging off. */
static void vcpu_enter_multiboot(struct vm *v, uint32_t entry)
{
    struct kvm_sregs sregs;
    struct kvm_regs regs = {
        .rflags = 2, .rip = entry,
        .rax = MULTIBOOT_BOOT_MAGIC, .rbx = MB_INFO_ADDR,
    };

    if (ioctl(v->vcpu, KVM_GET_SREGS, &sregs) < 0) {
        die("KVM_GET_SREGS");
    }
    flat_segment(&sregs.cs, 0x08, 0xb);     /* code, execute/read */
    flat_segment(&sregs.ds, 0x10, 0x3);     /* data, read/write */
    sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
    sregs.cr0 |= CR0_PE;
    if (ioctl(v->vcpu, KVM_SET_SREGS, &sregs) < 0) {
        die("KVM_SET_SREGS");
    }
    if (ioctl(v->vcpu, KVM_SET_REGS, &regs) < 0) {
        die("KVM_SET_REGS");
    }
}

/* Every port but the benchmark's: COM1, the exit device, all-ones. */
static void handle_io(struct vm *v, struct kvm_run *run)
{
    static bool dlab;   /* port 0x3f8 is the divisor latch, not THR */
    static uint32_t scratch;
    uint8_t *data = (uint8_t *)run + run->io.data_offset;
    size_t bytes = (size_t)run->io.size * run->io.count;

    if (v->emulate && run->io.port == TESTDEV_SCRATCH && run->io.size == 4 &&
        run->io.count == 1) {
        if (run->io.direction == KVM_EXIT_IO_IN) {
            memcpy(data, &scratch, 4);
        } else {
            memcpy(&scratch, data, 4);
        }
        return;
    }
    if (run->io.direction == KVM_EXIT_IO_IN) {
        memset(data, run->io.port == COM1_LSR ? LSR_THRE_TEMT : 0xff,
               bytes);
        return;
    }
    if (run->io.port == COM1_LCR) {
        dlab = data[bytes - 1] & LCR_DLAB;
    } else if (run->io.port == COM1_THR && !dlab) {
        fwrite(data, run->io.size, run->io.count, stdout);
    } else if (run->io.port >= DEBUG_EXIT_PORT &&
               run->io.port < DEBUG_EXIT_PORT + DEBUG_EXIT_SIZE) {
        uint32_t v = 0;

        memcpy(&v, data, run->io.size < 4 ? run->io.size : 4);
        fflush(stdout);
        exit((int)((v << 1) | 1));
    }
}

/* pc-testdev's I/O RAM; anything else reads as all-ones. */
static void handle_mmio(struct kvm_run *run)
{
    static uint8_t iomem[TESTDEV_IOMEM_SIZE];
    uint64_t a = run->mmio.phys_addr;
    unsigned len = run->mmio.len;

    if (len > 8) {
        return;
    }
    if (a >= TESTDEV_IOMEM && a - TESTDEV_IOMEM + len <= TESTDEV_IOMEM_SIZE) {
        uint8_t *p = iomem + (a - TESTDEV_IOMEM);

        if (run->mmio.is_write) {
            memcpy(p, run->mmio.data, len);
        } else {
            memcpy(run->mmio.data, p, len);
        }
    } else if (!run->mmio.is_write) {
        memset(run->mmio.data, 0xff, len);
    }
}

/*
 * Length of [REX] opcode ModRM [SIB] [disp] for x87 (D8-DF) and 0F C7
 * (CMPXCHG8B/16B), the forms bench-emulate.elf makes KVM refuse; 0 for
 * anything else.
 */
static unsigned skip_len(const uint8_t *b, unsigned n)
{
    unsigned i = 0, mod, rm;

    if (i < n && (b[i] & 0xf0) == 0x40) {
        i++;
    }
    if (i + 1 < n && b[i] == 0x0f && b[i + 1] == 0xc7) {
        i += 2;
    } else if (i < n && b[i] >= 0xd8 && b[i] <= 0xdf) {
        i++;
    } else {
        return 0;
    }
    if (i >= n) {
        return 0;
    }
    mod = b[i] >> 6;
    rm = b[i] & 7;
    i++;
    if (mod == 3) {
        return i;
    }
    if (rm == 4) {
        if (i >= n) {
            return 0;
        }
        if (mod == 0 && (b[i] & 7) == 5) {
            i += 4;
        }
        i++;
    } else if (mod == 0 && rm == 5) {
        i += 4;
    }
    i += mod == 1 ? 1 : mod == 2 ? 4 : 0;
    return i <= n ? i : 0;
}

static void handle_emulation_failure(struct vm *v, struct kvm_run *run)
{
    static struct kvm_xsave xsave;
    const uint8_t *b = run->emulation_failure.insn_bytes;
    unsigned len = 0;
    bool x87;

    if (run->emulation_failure.suberror == KVM_INTERNAL_ERROR_EMULATION &&
        run->emulation_failure.ndata >= 3 &&
        (run->emulation_failure.flags &
         KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES)) {
        len = skip_len(b, run->emulation_failure.insn_size);
    }
    if (!len || !(run->kvm_valid_regs & KVM_SYNC_X86_REGS)) {
        fflush(stdout);
        fail("emulation failure kvm-floor cannot step over");
    }
    x87 = b[(b[0] & 0xf0) == 0x40] >= 0xd8;     /* else 0F C7 */
    if (v->emulate == EMULATE_XSAVE && x87 &&
        (ioctl(v->vcpu, KVM_GET_XSAVE, &xsave) < 0 ||
         ioctl(v->vcpu, KVM_SET_XSAVE, &xsave) < 0)) {
        die("KVM_GET_XSAVE/KVM_SET_XSAVE");
    }
    run->s.regs.regs.rip += len;
    run->kvm_dirty_regs = KVM_SYNC_X86_REGS;
}

static void emulate_init(struct vm *v)
{
    struct kvm_enable_cap cap = {
        .cap = KVM_CAP_EXIT_ON_EMULATION_FAILURE, .args = { 1 },
    };

    if (ioctl(v->kvm, KVM_CHECK_EXTENSION, KVM_CAP_SYNC_REGS) <= 0 ||
        ioctl(v->kvm, KVM_CHECK_EXTENSION, KVM_CAP_XSAVE) <= 0) {
        fail("-emulate needs KVM_CAP_SYNC_REGS and KVM_CAP_XSAVE");
    }
    if (ioctl(v->vm, KVM_ENABLE_CAP, &cap) < 0) {
        die("KVM_CAP_EXIT_ON_EMULATION_FAILURE");
    }
    v->run->kvm_valid_regs = KVM_SYNC_X86_REGS;
}

static void run_loop(struct vm *v, uint16_t bench_port)
{
    struct kvm_run *run = v->run;

    for (;;) {
        if (ioctl(v->vcpu, KVM_RUN, 0) < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            die("KVM_RUN");
        }
        if (run->exit_reason == KVM_EXIT_IO) {
            if (run->io.port == bench_port &&
                run->io.direction == KVM_EXIT_IO_OUT) {
                continue;
            }
            handle_io(v, run);
            continue;
        }
        if (v->emulate && run->exit_reason == KVM_EXIT_MMIO) {
            handle_mmio(run);
            continue;
        }
        if (v->emulate && run->exit_reason == KVM_EXIT_INTERNAL_ERROR) {
            handle_emulation_failure(v, run);
            continue;
        }
        fflush(stdout);
        fprintf(stderr, "kvm-floor: unexpected exit reason %u\n",
                run->exit_reason);
        exit(run->exit_reason == KVM_EXIT_SHUTDOWN ? 0 : 2);
    }
}

static void usage(void)
{
    fail("usage: kvm-floor [-m MIB] [-append STRING] [-port N] [-pit] "
         "[-tsc] [-emulate skip|xsave] KERNEL");
}

int main(int argc, char **argv)
{
    struct vm v = { 0 };
    const char *kernel = NULL, *append = "";
    unsigned long ram_mib = 128, port = 0x80;
    bool show_tsc = false, pit = false;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-m") && i + 1 < argc) {
            ram_mib = strtoul(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "-append") && i + 1 < argc) {
            append = argv[++i];
        } else if (!strcmp(argv[i], "-port") && i + 1 < argc) {
            port = strtoul(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "-pit")) {
            pit = true;
        } else if (!strcmp(argv[i], "-tsc")) {
            show_tsc = true;
        } else if (!strcmp(argv[i], "-emulate") && i + 1 < argc) {
            i++;
            if (!strcmp(argv[i], "skip")) {
                v.emulate = EMULATE_SKIP;
            } else if (!strcmp(argv[i], "xsave")) {
                v.emulate = EMULATE_XSAVE;
            } else {
                usage();
            }
        } else if (argv[i][0] != '-' && !kernel) {
            kernel = argv[i];
        } else {
            usage();
        }
    }
    if (!kernel || ram_mib < 8 || ram_mib > 3072 || port > 0xffff) {
        usage();
    }
    vm_create(&v, ram_mib, pit);
    vcpu_set_cpuid(&v);
    write_multiboot_info(&v, kernel, append);
    vcpu_enter_multiboot(&v, load_elf32(&v, kernel));
    if (v.emulate) {
        emulate_init(&v);
    }
    if (show_tsc) {
        fprintf(stderr, "kvm-floor: tsc_khz %d\n",
                ioctl(v.vcpu, KVM_GET_TSC_KHZ, 0));
    }
    run_loop(&v, (uint16_t)port);
}
