/*
 * QEMU firmware configuration device, I/O-port flavour ("fw_cfg_io").
 *
 * Guest interface (docs/specs/fw_cfg.txt in QEMU, checked against 7.2):
 * - 0x510, 16-bit write: select an item (key & 0x3fff is the index, bit 15
 *   the architecture-local table; bit 14, the old write channel, is
 *   ignored). The read position goes back to 0.
 * - 0x510 or 0x511, 8-bit read: the next byte of the item; 0 past its end
 *   or when nothing is selected. 8-bit writes (the old data-write path)
 *   are ignored, as in current QEMU.
 * - 0x514, DMA: the address of a 16-byte big-endian descriptor
 *   {control, length, address}, written as two 32-bit halves (the low half
 *   starts the transfer) or one 64-bit write. Reads give "QEMU CFG".
 *   On completion the control word is rewritten: 0, or ERROR.
 *
 * Items are set by the board before the guest runs. Named files are kept
 * sorted by name and take selectors FW_CFG_FILE_FIRST + position, so a
 * file added later moves the ones after it, exactly as QEMU does for its
 * current machine types; FW_CFG_FILE_DIR lists them.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "exec/memory.h"
#include "hw/core/device.h"
#include "hw/nvram/fw_cfg.h"

#define TYPE_FW_CFG_IO "fw_cfg_io"
#define FW_CFG_ENTRY_MASK 0x3fff      /* key without WRITE_CHANNEL/ARCH */
#define FW_CFG_INVALID 0xffff         /* cur_entry: nothing selected */
#define FW_CFG_CTL_SIZE 2             /* selector + data ports */
#define FW_CFG_DMA_SIZE 8             /* the 64-bit address register */
#define FW_CFG_FILE_SLOTS_MIN 0x10
#define FW_CFG_DMA_CHUNK 4096         /* bytes zeroed per memory access */

static const char fw_cfg_dma_signature[FW_CFG_DMA_SIZE] = "QEMU CFG";

struct fw_cfg_entry {
    uint8_t *data;          /* owned copy; NULL = no such item */
    uint32_t len;           /* bytes in data */
};

/* One FW_CFG_FILE_DIR record, as the guest reads it. */
struct fw_cfg_file {
    uint32_t size;          /* big-endian */
    uint16_t select;        /* big-endian */
    uint16_t reserved;
    char name[FW_CFG_MAX_FILE_PATH];
};
G_STATIC_ASSERT(sizeof(struct fw_cfg_file) == 64);

/* The DMA descriptor in guest memory, all fields big-endian. */
struct fw_cfg_dma_access {
    uint32_t control;       /* FW_CFG_DMA_CTL_*, key in bits 16-31 */
    uint32_t length;        /* bytes to transfer */
    uint64_t address;       /* guest-physical buffer */
};
G_STATIC_ASSERT(sizeof(struct fw_cfg_dma_access) == 16);

struct fw_cfg_state {
    struct device parent;
    bool dma_enabled;               /* "dma_enabled": DMA port + ID bit */
    uint16_t file_slots;            /* "x-file-slots": directory capacity */
    bool acpi_mr_restore;           /* "acpi-mr-restore": accepted only */
    struct mem_region ctl_io;       /* selector/data at FW_CFG_IO_BASE */
    struct mem_region dma_io;       /* DMA address at FW_CFG_DMA_IO_BASE */
    struct fw_cfg_entry *entries[2];/* [generic, arch-local][index] */
    struct fw_cfg_file *files;      /* directory records, sorted by name */
    uint32_t file_count;            /* records in use */
    uint16_t cur_entry;             /* selected key, or FW_CFG_INVALID */
    uint32_t cur_offset;            /* read position in the item */
    uint64_t dma_addr;              /* descriptor address being written */
};

static const struct device_class fw_cfg_io_class;

static unsigned fw_cfg_max_entry(struct fw_cfg_state *s)
{
    return FW_CFG_FILE_FIRST + s->file_slots;
}

static struct fw_cfg_entry *fw_cfg_entry(struct fw_cfg_state *s,
                                         uint16_t key)
{
    assert((key & FW_CFG_ENTRY_MASK) < fw_cfg_max_entry(s));
    return &s->entries[!!(key & FW_CFG_ARCH_LOCAL)][key & FW_CFG_ENTRY_MASK];
}

/* The selected item, or NULL if none is selected or it does not exist. */
static struct fw_cfg_entry *fw_cfg_cur_locked(struct fw_cfg_state *s)
{
    struct fw_cfg_entry *e;

    if (s->cur_entry == FW_CFG_INVALID) {
        return NULL;
    }
    e = fw_cfg_entry(s, s->cur_entry);
    return e->data ? e : NULL;
}

static void fw_cfg_select_locked(struct fw_cfg_state *s, uint16_t key)
{
    s->cur_offset = 0;
    s->cur_entry = (key & FW_CFG_ENTRY_MASK) < fw_cfg_max_entry(s)
                       ? key : FW_CFG_INVALID;
}

static void fw_cfg_set_locked(struct fw_cfg_state *s, uint16_t key,
                              const void *data, size_t len)
{
    struct fw_cfg_entry *e = fw_cfg_entry(s, key);

    assert(len <= UINT32_MAX);
    g_free(e->data);
    /* Never NULL, so an empty item still exists. */
    e->data = g_malloc(MAX(len, 1));
    memcpy(e->data, data, len);
    e->len = len;
}

/* ---- the selector/data ports ---- */

static uint64_t fw_cfg_ctl_read(void *opaque, uint64_t addr, unsigned size)
{
    struct fw_cfg_state *s = opaque;
    struct fw_cfg_entry *e;

    if (size != 1) {
        /* QEMU refuses wider reads; they return 0 and consume nothing. */
        qemu_log_mask(LOG_GUEST_ERROR, "fw_cfg: %u-byte data read\n", size);
        return 0;
    }
    e = fw_cfg_cur_locked(s);
    if (!e || s->cur_offset >= e->len) {
        return 0;
    }
    return e->data[s->cur_offset++];
}

static void fw_cfg_ctl_write(void *opaque, uint64_t addr, uint64_t value,
                             unsigned size)
{
    struct fw_cfg_state *s = opaque;

    if (size == 2 && addr == 0) {
        fw_cfg_select_locked(s, value);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "fw_cfg: ignored %u-byte write of "
                      "0x%" PRIx64 " at offset %" PRIu64 "\n", size, value,
                      addr);
    }
}

static const struct mem_region_ops fw_cfg_ctl_ops = {
    .read = fw_cfg_ctl_read,
    .write = fw_cfg_ctl_write,
    .valid_min = 1,
    .valid_max = 2,
};

/* ---- DMA ---- */

static void fw_cfg_dma_complete(uint64_t desc, uint32_t control)
{
    uint32_t be = GUINT32_TO_BE(control);

    address_space_rw(&address_space_memory,
                     desc + offsetof(struct fw_cfg_dma_access, control), &be,
                     sizeof(be), true);
}

/* Zero guest memory (a read past the end of an item). */
static int fw_cfg_dma_zero(uint64_t addr, uint32_t len)
{
    static uint8_t zeros[FW_CFG_DMA_CHUNK];

    while (len) {
        uint32_t n = MIN(len, sizeof(zeros));

        if (address_space_rw(&address_space_memory, addr, zeros, n, true)) {
            return -EFAULT;
        }
        addr += n;
        len -= n;
    }
    return 0;
}

/* One step: returns the bytes consumed, sets *error on failure. */
static uint32_t fw_cfg_dma_step_locked(struct fw_cfg_state *s, bool read,
                                       bool write, uint64_t addr,
                                       uint32_t len, bool *error)
{
    struct fw_cfg_entry *e = fw_cfg_cur_locked(s);
    uint32_t n;

    if (!e || s->cur_offset >= e->len) {
        /* Past the end: reads give zeros, skips succeed, writes fail. */
        if (read && fw_cfg_dma_zero(addr, len) < 0) {
            *error = true;
        }
        *error |= write;
        return len;
    }
    n = MIN(len, e->len - s->cur_offset);
    if (read && address_space_rw(&address_space_memory, addr,
                                 e->data + s->cur_offset, n, true)) {
        *error = true;
    }
    /* No item is guest-writable (QEMU's read-only items refuse too). */
    *error |= write;
    s->cur_offset += n;
    return n;
}

static void fw_cfg_dma_transfer_locked(struct fw_cfg_state *s)
{
    uint64_t desc = s->dma_addr;
    struct fw_cfg_dma_access dma;
    uint32_t control, length;
    uint64_t addr;
    bool read = false, write = false, error = false;

    s->dma_addr = 0;
    if (address_space_rw(&address_space_memory, desc, &dma, sizeof(dma),
                         false)) {
        fw_cfg_dma_complete(desc, FW_CFG_DMA_CTL_ERROR);
        return;
    }
    control = GUINT32_FROM_BE(dma.control);
    length = GUINT32_FROM_BE(dma.length);
    addr = GUINT64_FROM_BE(dma.address);
    if (control & FW_CFG_DMA_CTL_SELECT) {
        fw_cfg_select_locked(s, control >> 16);
    }
    /* One operation; READ wins over WRITE over SKIP, as on QEMU. */
    if (control & FW_CFG_DMA_CTL_READ) {
        read = true;
    } else if (control & FW_CFG_DMA_CTL_WRITE) {
        write = true;
    } else if (!(control & FW_CFG_DMA_CTL_SKIP)) {
        length = 0;
    }
    while (length && !error) {
        uint32_t n = fw_cfg_dma_step_locked(s, read, write, addr, length,
                                            &error);

        addr += n;
        length -= n;
    }
    fw_cfg_dma_complete(desc, error ? FW_CFG_DMA_CTL_ERROR : 0);
}

static uint64_t fw_cfg_dma_read(void *opaque, uint64_t addr, unsigned size)
{
    uint64_t value = 0;

    /* The signature in memory order: byte k of the port is "QEMU CFG"[k]. */
    for (unsigned i = 0; i < size; i++) {
        value |= (uint64_t)(uint8_t)fw_cfg_dma_signature[addr + i] << (i * 8);
    }
    return value;
}

static void fw_cfg_dma_write(void *opaque, uint64_t addr, uint64_t value,
                             unsigned size)
{
    struct fw_cfg_state *s = opaque;

    /* The register is big-endian; the port access is little-endian. */
    if (size == 4 && addr == 0) {
        s->dma_addr = (uint64_t)GUINT32_SWAP_LE_BE((uint32_t)value) << 32;
    } else if (size == 4 && addr == 4) {
        s->dma_addr |= GUINT32_SWAP_LE_BE((uint32_t)value);
        fw_cfg_dma_transfer_locked(s);
    } else if (size == 8 && addr == 0) {
        s->dma_addr = GUINT64_SWAP_LE_BE(value);
        fw_cfg_dma_transfer_locked(s);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "fw_cfg: ignored %u-byte DMA register "
                      "write at offset %" PRIu64 "\n", size, addr);
    }
}

static const struct mem_region_ops fw_cfg_dma_ops = {
    .read = fw_cfg_dma_read,
    .write = fw_cfg_dma_write,
    .valid_min = 1,
    .valid_max = 8,
};

/* ---- items (board side) ---- */

void fw_cfg_add_bytes(struct fw_cfg_state *s, uint16_t key, const void *data,
                      size_t len)
{
    g_mutex_lock(&s->parent.lock);
    fw_cfg_set_locked(s, key, data, len);
    g_mutex_unlock(&s->parent.lock);
}

void fw_cfg_add_string(struct fw_cfg_state *s, uint16_t key,
                       const char *value)
{
    fw_cfg_add_bytes(s, key, value, strlen(value) + 1);
}

void fw_cfg_add_i16(struct fw_cfg_state *s, uint16_t key, uint16_t value)
{
    uint16_t le = GUINT16_TO_LE(value);

    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_add_i32(struct fw_cfg_state *s, uint16_t key, uint32_t value)
{
    uint32_t le = GUINT32_TO_LE(value);

    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_add_i64(struct fw_cfg_state *s, uint16_t key, uint64_t value)
{
    uint64_t le = GUINT64_TO_LE(value);

    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

/* FW_CFG_FILE_DIR: a big-endian count, then every slot (unused ones 0). */
static void fw_cfg_rebuild_dir_locked(struct fw_cfg_state *s)
{
    size_t len = sizeof(uint32_t) + s->file_slots * sizeof(struct fw_cfg_file);
    uint8_t *dir = g_malloc0(len);
    uint32_t count = GUINT32_TO_BE(s->file_count);

    memcpy(dir, &count, sizeof(count));
    memcpy(dir + sizeof(count), s->files,
           s->file_count * sizeof(struct fw_cfg_file));
    fw_cfg_set_locked(s, FW_CFG_FILE_DIR, dir, len);
    g_free(dir);
}

static int fw_cfg_file_index_locked(struct fw_cfg_state *s, const char *name)
{
    for (uint32_t i = 0; i < s->file_count; i++) {
        if (!strncmp(s->files[i].name, name, FW_CFG_MAX_FILE_PATH)) {
            return i;
        }
    }
    return -1;
}

/* Open a slot at the sorted position of name, moving later files up. */
static uint32_t fw_cfg_insert_file_locked(struct fw_cfg_state *s,
                                          const char *name)
{
    struct fw_cfg_entry *files = &s->entries[0][FW_CFG_FILE_FIRST];
    uint32_t pos = s->file_count;

    if (s->file_count == s->file_slots) {
        error_report("fw_cfg: no free file slot for '%s' (x-file-slots=%u)",
                     name, s->file_slots);
        exit(1);
    }
    while (pos > 0 && strcmp(name, s->files[pos - 1].name) < 0) {
        pos--;
    }
    for (uint32_t i = s->file_count; i > pos; i--) {
        s->files[i] = s->files[i - 1];
        s->files[i].select = GUINT16_TO_BE(FW_CFG_FILE_FIRST + i);
        files[i] = files[i - 1];
    }
    files[pos] = (struct fw_cfg_entry){ 0 };
    s->files[pos] = (struct fw_cfg_file){
        .select = GUINT16_TO_BE(FW_CFG_FILE_FIRST + pos),
    };
    g_strlcpy(s->files[pos].name, name, FW_CFG_MAX_FILE_PATH);
    s->file_count++;
    return pos;
}

void fw_cfg_add_file(struct fw_cfg_state *s, const char *name,
                     const void *data, size_t len)
{
    char fname[FW_CFG_MAX_FILE_PATH];
    int pos;

    /* Longer names are cut to fit the record, as QEMU does. */
    g_strlcpy(fname, name, sizeof(fname));
    g_mutex_lock(&s->parent.lock);
    pos = fw_cfg_file_index_locked(s, fname);
    if (pos < 0) {
        pos = fw_cfg_insert_file_locked(s, fname);
    }
    fw_cfg_set_locked(s, FW_CFG_FILE_FIRST + pos, data, len);
    s->files[pos].size = GUINT32_TO_BE((uint32_t)len);
    fw_cfg_rebuild_dir_locked(s);
    g_mutex_unlock(&s->parent.lock);
}

const void *fw_cfg_get_item(struct fw_cfg_state *s, uint16_t key,
                            size_t *len)
{
    struct fw_cfg_entry *e;

    if ((key & FW_CFG_ENTRY_MASK) >= fw_cfg_max_entry(s)) {
        return NULL;
    }
    e = fw_cfg_entry(s, key);
    if (len) {
        *len = e->len;
    }
    return e->data;
}

const void *fw_cfg_get_file(struct fw_cfg_state *s, const char *name,
                            size_t *len)
{
    char fname[FW_CFG_MAX_FILE_PATH];
    int pos;

    g_strlcpy(fname, name, sizeof(fname));
    g_mutex_lock(&s->parent.lock);
    pos = fw_cfg_file_index_locked(s, fname);
    g_mutex_unlock(&s->parent.lock);
    return pos < 0 ? NULL : fw_cfg_get_item(s, FW_CFG_FILE_FIRST + pos, len);
}

/* ---- life cycle ---- */

/* What QEMU's fw_cfg core adds itself; the board overrides as needed. */
static void fw_cfg_add_defaults(struct fw_cfg_state *s)
{
    static const uint8_t uuid[16];
    uint32_t boot_fail_wait = GUINT32_TO_LE(UINT32_MAX); /* reboot-timeout */

    fw_cfg_add_bytes(s, FW_CFG_SIGNATURE, "QEMU", 4);
    fw_cfg_add_bytes(s, FW_CFG_UUID, uuid, sizeof(uuid));
    fw_cfg_add_i16(s, FW_CFG_NOGRAPHIC, 0);
    fw_cfg_add_i16(s, FW_CFG_BOOT_MENU, 0);
    fw_cfg_add_file(s, "etc/boot-fail-wait", &boot_fail_wait,
                    sizeof(boot_fail_wait));
    fw_cfg_add_i32(s, FW_CFG_ID, FW_CFG_VERSION |
                                     (s->dma_enabled ? FW_CFG_VERSION_DMA : 0));
}

static void fw_cfg_reset(struct device *dev)
{
    struct fw_cfg_state *s = container_of(dev, struct fw_cfg_state, parent);

    g_mutex_lock(&dev->lock);
    fw_cfg_select_locked(s, FW_CFG_SIGNATURE);
    s->dma_addr = 0;
    g_mutex_unlock(&dev->lock);
}

static void fw_cfg_free_items(struct fw_cfg_state *s)
{
    for (int arch = 0; arch < 2; arch++) {
        for (unsigned i = 0; s->entries[arch] && i < fw_cfg_max_entry(s); i++) {
            g_free(s->entries[arch][i].data);
        }
        g_free(s->entries[arch]);
        s->entries[arch] = NULL;
    }
    g_free(s->files);
    s->files = NULL;
    s->file_count = 0;
}

static int fw_cfg_realize(struct device *dev, Error **errp)
{
    struct fw_cfg_state *s = container_of(dev, struct fw_cfg_state, parent);

    if (s->file_slots < FW_CFG_FILE_SLOTS_MIN ||
        s->file_slots > FW_CFG_ENTRY_MASK + 1 - FW_CFG_FILE_FIRST) {
        error_setg(errp, "fw_cfg_io: x-file-slots must be between %u and %u",
                   FW_CFG_FILE_SLOTS_MIN,
                   FW_CFG_ENTRY_MASK + 1 - FW_CFG_FILE_FIRST);
        return -EINVAL;
    }
    memory_region_init_io(&s->ctl_io, dev, &fw_cfg_ctl_ops, s, "fwcfg",
                          FW_CFG_CTL_SIZE, &dev->lock);
    memory_region_init_io(&s->dma_io, dev, &fw_cfg_dma_ops, s, "fwcfg.dma",
                          FW_CFG_DMA_SIZE, &dev->lock);
    if (address_space_map(&address_space_io, FW_CFG_IO_BASE, &s->ctl_io,
                          errp) < 0) {
        return -EBUSY;
    }
    if (s->dma_enabled && address_space_map(&address_space_io,
                                            FW_CFG_DMA_IO_BASE, &s->dma_io,
                                            errp) < 0) {
        address_space_unmap(&address_space_io, &s->ctl_io);
        return -EBUSY;
    }
    for (int arch = 0; arch < 2; arch++) {
        s->entries[arch] = g_new0(struct fw_cfg_entry, fw_cfg_max_entry(s));
    }
    s->files = g_new0(struct fw_cfg_file, s->file_slots);
    fw_cfg_add_defaults(s);
    fw_cfg_reset(dev);
    return 0;
}

static void fw_cfg_unrealize(struct device *dev)
{
    struct fw_cfg_state *s = container_of(dev, struct fw_cfg_state, parent);

    address_space_unmap(&address_space_io, &s->ctl_io);
    address_space_unmap(&address_space_io, &s->dma_io);
    fw_cfg_free_items(s);
}

static const struct property fw_cfg_props[] = {
    DEFINE_PROP_BOOL("dma_enabled", struct fw_cfg_state, dma_enabled, true),
    DEFINE_PROP_UINT16("x-file-slots", struct fw_cfg_state, file_slots,
                       FW_CFG_FILE_SLOTS_DEFAULT),
    DEFINE_PROP_BOOL("acpi-mr-restore", struct fw_cfg_state, acpi_mr_restore,
                     true),
    DEFINE_PROP_END_OF_LIST(),
};

static const struct device_class fw_cfg_io_class = {
    .name = TYPE_FW_CFG_IO,
    .desc = "QEMU firmware configuration (board-internal)",
    .instance_size = sizeof(struct fw_cfg_state),
    .props = fw_cfg_props,
    .realize = fw_cfg_realize,
    .reset = fw_cfg_reset,
    .unrealize = fw_cfg_unrealize,
    .user_creatable = false,
};
DEVICE_CLASS_REGISTER(fw_cfg_io_class)

struct fw_cfg_state *fw_cfg_init_io(bool dma_enabled)
{
    Error *err = NULL;
    struct device *dev = device_new(TYPE_FW_CFG_IO, &err);
    struct fw_cfg_state *s;

    if (!dev) {
        error_report_err(err);
        exit(1);
    }
    s = container_of(dev, struct fw_cfg_state, parent);
    /* -global fw_cfg_io.dma_enabled=off wins over the board's wish. */
    s->dma_enabled &= dma_enabled;
    device_set_path(dev, "/machine", "fw_cfg");
    if (device_realize(dev, &err) < 0) {
        error_report_err(err);
        exit(1);
    }
    return s;
}

struct fw_cfg_state *fw_cfg_find(void)
{
    for (struct device *d = device_first(); d; d = d->next) {
        if (d->class == &fw_cfg_io_class) {
            return container_of(d, struct fw_cfg_state, parent);
        }
    }
    return NULL;
}
