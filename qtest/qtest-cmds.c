/*
 * qtest requests: parsing and execution.
 *
 * A request is split on single spaces like QEMU does (so two spaces make
 * an empty word). Numbers use base 0 (0x.. hex, 0.. octal, decimal).
 * Where QEMU would abort on malformed input (missing or bad numbers, a
 * zero-length read, an out-of-range port or GPIO), splitvm replies
 * "FAIL <reason>" and keeps the connection.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "hw/core/device.h"
#include "sysemu/qtest.h"
#include "sysemu/runstate.h"
#include "qtest-internal.h"

struct qtest_cmd {
    const char *name;
    int min_args;           /* words after the command */
    void (*fn)(struct qtest_session *s, char **w, int nargs);
    bool needs_accel;       /* clock commands: only under -accel qtest */
};

/* ---- argument parsing ---- */

static bool parse_u64(const char *str, uint64_t *out)
{
    char *end;

    if (!*str || g_ascii_isspace(*str)) {
        return false;
    }
    errno = 0;
    *out = g_ascii_strtoull(str, &end, 0);
    return !errno && !*end;
}

static bool parse_i64(const char *str, int64_t *out)
{
    char *end;

    if (!*str || g_ascii_isspace(*str)) {
        return false;
    }
    errno = 0;
    *out = g_ascii_strtoll(str, &end, 0);
    return !errno && !*end;
}

/* Parse word i as a number or reply FAIL and return false. */
static bool arg_u64(struct qtest_session *s, char **w, int i, uint64_t *out)
{
    if (parse_u64(w[i], out)) {
        return true;
    }
    qtest_sendf(s, "FAIL invalid number '%s'\n", w[i]);
    return false;
}

static bool arg_i64(struct qtest_session *s, char **w, int i, int64_t *out)
{
    if (parse_i64(w[i], out)) {
        return true;
    }
    qtest_sendf(s, "FAIL invalid number '%s'\n", w[i]);
    return false;
}

/* ADDR SIZE with a size limit and no wrap past the top of memory. */
static bool arg_range(struct qtest_session *s, char **w, uint64_t *addr,
                      uint64_t *len, uint64_t max)
{
    if (!arg_u64(s, w, 1, addr) || !arg_u64(s, w, 2, len)) {
        return false;
    }
    if (*len > max) {
        qtest_sendf(s, "FAIL size %" PRIu64 " exceeds the limit of %" PRIu64
                    " bytes\n", *len, max);
        return false;
    }
    if (*len && *addr + *len - 1 < *addr) {
        qtest_sendf(s, "FAIL range wraps around the address space\n");
        return false;
    }
    return true;
}

/* ---- guest memory: RAM directly, MMIO through the regions ---- */

enum span_kind { SPAN_RAM, SPAN_MMIO, SPAN_NONE };

struct next_map {
    uint64_t addr;
    uint64_t next;          /* lowest mapped start above addr */
};

static void find_next_region(struct mem_region *mr, void *opaque)
{
    struct next_map *nm = opaque;

    if (mr->addr > nm->addr && mr->addr < nm->next) {
        nm->next = mr->addr;
    }
}

/*
 * What lies at addr, and for how many of the len bytes it continues.
 * Unassigned space is skipped as a whole, so a huge memset over a hole
 * costs nothing.
 */
static enum span_kind span_at(uint64_t addr, uint64_t len, uint64_t *n,
                              const struct ram_block **ram)
{
    size_t count;
    const struct ram_block *rb = memory_ram_blocks(&count);
    struct mem_region *mr;
    struct next_map nm = { .addr = addr, .next = UINT64_MAX };

    for (size_t i = 0; i < count; i++) {
        if (addr >= rb[i].gpa && addr - rb[i].gpa < rb[i].size) {
            *n = MIN(len, rb[i].size - (addr - rb[i].gpa));
            *ram = &rb[i];
            return SPAN_RAM;
        }
        if (rb[i].gpa > addr && rb[i].gpa < nm.next) {
            nm.next = rb[i].gpa;
        }
    }
    mr = address_space_lookup(&address_space_memory, addr);
    if (mr) {
        *n = MIN(len, mr->size - (addr - mr->addr));
        return SPAN_MMIO;
    }
    address_space_foreach(&address_space_memory, find_next_region, &nm);
    /* Nothing mapped above: the hole reaches the top of the space. */
    *n = nm.next == UINT64_MAX ? len : MIN(len, nm.next - addr);
    return SPAN_NONE;
}

/*
 * Read into buf, write from buf, or (buf NULL, write) fill with byte.
 * Unassigned bytes read as 0xff and swallow writes, as on the bus.
 */
static void mem_access(uint64_t addr, uint8_t *buf, uint64_t len,
                       bool is_write, uint8_t fill)
{
    while (len) {
        const struct ram_block *rb = NULL;
        uint64_t n;
        enum span_kind kind = span_at(addr, len, &n, &rb);

        if (kind == SPAN_RAM) {
            uint8_t *host = rb->host + (addr - rb->gpa);

            if (!is_write) {
                memcpy(buf, host, n);
            } else if (rb->readonly) {
                /* ROM: dropped like a guest write. */
            } else if (buf) {
                memcpy(host, buf, n);
            } else {
                memset(host, fill, n);
            }
        } else if (kind == SPAN_MMIO) {
            uint8_t tmp[256];

            if (buf) {
                address_space_rw(&address_space_memory, addr, buf, n,
                                 is_write);
            } else {
                /* A fill goes to the device in bounded chunks. */
                n = MIN(n, sizeof(tmp));
                memset(tmp, fill, n);
                address_space_rw(&address_space_memory, addr, tmp, n, true);
            }
        } else if (!is_write) {
            memset(buf, 0xff, n);
        }
        if (buf) {
            buf += n;
        }
        addr += n;
        len -= n;
    }
}

/* ---- port I/O ---- */

static unsigned size_of(char c)
{
    return c == 'b' ? 1 : c == 'w' ? 2 : c == 'l' ? 4 : 8;
}

static void cmd_out(struct qtest_session *s, char **w, int nargs)
{
    uint64_t addr, val;

    if (!arg_u64(s, w, 1, &addr) || !arg_u64(s, w, 2, &val)) {
        return;
    }
    if (addr > 0xffff) {
        qtest_sendf(s, "FAIL I/O port 0x%" PRIx64 " out of range\n", addr);
        return;
    }
    address_space_write(&address_space_io, addr, val, size_of(w[0][3]));
    qtest_sendf(s, "OK\n");
}

static void cmd_in(struct qtest_session *s, char **w, int nargs)
{
    unsigned size = size_of(w[0][2]);
    uint64_t addr, val;

    if (!arg_u64(s, w, 1, &addr)) {
        return;
    }
    if (addr > 0xffff) {
        qtest_sendf(s, "FAIL I/O port 0x%" PRIx64 " out of range\n", addr);
        return;
    }
    val = address_space_read(&address_space_io, addr, size);
    if (size < 8) {
        val &= (1ULL << (size * 8)) - 1;
    }
    qtest_sendf(s, "OK 0x%04" PRIx64 "\n", val);
}

/* ---- guest memory ---- */

static void cmd_write_n(struct qtest_session *s, char **w, int nargs)
{
    unsigned size = size_of(w[0][5]);
    uint64_t addr, val;
    uint8_t bytes[8];

    if (!arg_u64(s, w, 1, &addr) || !arg_u64(s, w, 2, &val)) {
        return;
    }
    if (addr + size - 1 < addr) {
        qtest_sendf(s, "FAIL range wraps around the address space\n");
        return;
    }
    /* Guest (little-endian) byte order. */
    for (unsigned i = 0; i < size; i++) {
        bytes[i] = val >> (8 * i);
    }
    mem_access(addr, bytes, size, true, 0);
    qtest_sendf(s, "OK\n");
}

static void cmd_read_n(struct qtest_session *s, char **w, int nargs)
{
    unsigned size = size_of(w[0][4]);
    uint64_t addr, val = 0;
    uint8_t bytes[8];

    if (!arg_u64(s, w, 1, &addr)) {
        return;
    }
    if (addr + size - 1 < addr) {
        qtest_sendf(s, "FAIL range wraps around the address space\n");
        return;
    }
    mem_access(addr, bytes, size, false, 0);
    for (unsigned i = 0; i < size; i++) {
        val |= (uint64_t)bytes[i] << (8 * i);
    }
    qtest_sendf(s, "OK 0x%016" PRIx64 "\n", val);
}

static void cmd_read(struct qtest_session *s, char **w, int nargs)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t addr, len;
    uint8_t *data;
    char *enc;

    if (!arg_range(s, w, &addr, &len, s->max_xfer)) {
        return;
    }
    if (!len) {
        qtest_sendf(s, "FAIL size must not be zero\n");
        return;
    }
    data = g_malloc(len);
    mem_access(addr, data, len, false, 0);
    enc = g_malloc(2 * len + 1);
    for (uint64_t i = 0; i < len; i++) {
        enc[2 * i] = hex[data[i] >> 4];
        enc[2 * i + 1] = hex[data[i] & 15];
    }
    enc[2 * len] = 0;
    qtest_sendf(s, "OK 0x%s\n", enc);
    g_free(enc);
    g_free(data);
}

static void cmd_b64read(struct qtest_session *s, char **w, int nargs)
{
    uint64_t addr, len;
    uint8_t *data;
    char *enc;

    if (!arg_range(s, w, &addr, &len, s->max_xfer)) {
        return;
    }
    data = g_malloc(len ? len : 1);
    mem_access(addr, data, len, false, 0);
    enc = g_base64_encode(data, len);
    qtest_sendf(s, "OK %s\n", enc);
    g_free(enc);
    g_free(data);
}

static int hex_nibble(char c)
{
    return g_ascii_isxdigit(c) ? g_ascii_xdigit_value(c) : -1;
}

/* "write ADDR SIZE 0xHEX": short data is zero-padded, as in QEMU. */
static void cmd_write(struct qtest_session *s, char **w, int nargs)
{
    const char *hex = w[3];
    size_t hex_len = strlen(hex);
    uint64_t addr, len;
    uint8_t *data;

    if (!arg_range(s, w, &addr, &len, s->max_xfer)) {
        return;
    }
    if (hex_len < 3) {
        qtest_send_raw(s, "ERR invalid argument size\n");
        return;
    }
    data = g_malloc0(len ? len : 1);
    for (uint64_t i = 0; i < len && i * 2 + 4 <= hex_len; i++) {
        int hi = hex_nibble(hex[i * 2 + 2]);
        int lo = hex_nibble(hex[i * 2 + 3]);

        if (hi < 0 || lo < 0) {
            qtest_sendf(s, "FAIL invalid hex data\n");
            g_free(data);
            return;
        }
        data[i] = hi << 4 | lo;
    }
    mem_access(addr, data, len, true, 0);
    g_free(data);
    qtest_sendf(s, "OK\n");
}

/* A length mismatch is only logged by QEMU; the shorter one wins. */
static void cmd_b64write(struct qtest_session *s, char **w, int nargs)
{
    uint64_t addr, len;
    gsize out_len = 0;
    guchar *data;

    if (!arg_range(s, w, &addr, &len, s->max_xfer)) {
        return;
    }
    if (strlen(w[3]) < 3) {
        qtest_send_raw(s, "ERR invalid argument size\n");
        return;
    }
    data = g_base64_decode_inplace(w[3], &out_len);
    if (out_len != len && s->log) {
        fprintf(s->log, "b64write: data length mismatch (told %" PRIu64
                ", found %zu)\n", len, (size_t)out_len);
    }
    mem_access(addr, data, MIN(len, out_len), true, 0);
    qtest_sendf(s, "OK\n");
}

static void cmd_memset(struct qtest_session *s, char **w, int nargs)
{
    uint64_t addr, len, pattern;

    if (!arg_range(s, w, &addr, &len, UINT64_MAX) ||
        !arg_u64(s, w, 3, &pattern)) {
        return;
    }
    mem_access(addr, NULL, len, true, pattern & 0xff);
    qtest_sendf(s, "OK\n");
}

/* ---- virtual clock ---- */

/*
 * Move the clock to dest, stopping at every deadline on the way so each
 * timer fires at its own time, in deadline order. Gives up (false) after
 * the session's budget of deadlines.
 */
static bool clock_advance(struct qtest_session *s, int64_t dest)
{
    uint64_t steps = 0;

    dest = MIN(dest, QTEST_CLOCK_MAX);
    if (!runstate_is_running()) {
        /* QEMU 7.2: a stopped VM's clock moves but no timer runs. */
        qemu_clock_warp_virtual(dest);
        return true;
    }
    for (;;) {
        int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        int64_t deadline = qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL);

        if (deadline < 0 || deadline > dest) {
            qemu_clock_advance_virtual(dest);
            return true;
        }
        if (++steps > s->max_deadlines) {
            return false;
        }
        qemu_clock_advance_virtual(MAX(deadline, now));
    }
}

static void clock_reply(struct qtest_session *s, bool ok)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (ok) {
        qtest_sendf(s, "OK %" PRIi64 "\n", now);
    } else {
        qtest_sendf(s, "FAIL more than %" PRIu64 " timer deadlines in one "
                    "command, stopped at %" PRIi64 "\n", s->max_deadlines,
                    now);
    }
}

/* "clock_step": to the next deadline (QEMU 7.2: OK <now> if none). */
static void cmd_clock_step(struct qtest_session *s, char **w, int nargs)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    int64_t dest;

    if (nargs >= 1) {
        int64_t ns;

        if (!arg_i64(s, w, 1, &ns)) {
            return;
        }
        dest = ns > 0 && ns > INT64_MAX - now ? INT64_MAX : now + ns;
    } else {
        /* Stopped: QEMU sees no deadline on its disabled clock. */
        dest = runstate_is_running()
                   ? qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL) : -1;
        if (dest < 0) {
            dest = now;
        }
    }
    clock_reply(s, clock_advance(s, dest));
}

/* "clock_set NS": never backwards; QEMU 7.2 replies OK <now> either way. */
static void cmd_clock_set(struct qtest_session *s, char **w, int nargs)
{
    int64_t ns;

    if (!arg_i64(s, w, 1, &ns)) {
        return;
    }
    clock_reply(s, clock_advance(s, ns));
}

/* ---- GPIO lines ---- */

static struct device *arg_device(struct qtest_session *s, const char *path)
{
    struct device *dev = device_find(path);

    if (!dev) {
        qtest_sendf(s, "FAIL Unknown device\n");
    }
    return dev;
}

static void cmd_irq_intercept(struct qtest_session *s, char **w, int nargs)
{
    bool out = !strcmp(w[0], "irq_intercept_out");
    struct device *dev = arg_device(s, w[1]);
    const char *err;

    if (!dev) {
        return;
    }
    err = qtest_irq_intercept(dev, out, nargs >= 2 ? w[2] : NULL);
    if (err) {
        qtest_sendf(s, "FAIL %s\n", err);
    } else {
        qtest_sendf(s, "OK\n");
    }
}

static void cmd_set_irq_in(struct qtest_session *s, char **w, int nargs)
{
    struct device *dev = arg_device(s, w[1]);
    const char *name = strcmp(w[2], "unnamed-gpio-in") ? w[2] : NULL;
    struct gpio_list *g;
    int64_t num, level;

    if (!dev || !arg_i64(s, w, 3, &num) || !arg_i64(s, w, 4, &level)) {
        return;
    }
    g = device_find_gpio_list(dev, name, false);
    if (!g) {
        qtest_sendf(s, "FAIL no GPIO input list '%s'\n", w[2]);
        return;
    }
    if (num < 0 || num >= g->count) {
        qtest_sendf(s, "FAIL GPIO input %" PRIi64 " out of range (0..%d)\n",
                    num, g->count - 1);
        return;
    }
    if (level < INT_MIN || level > INT_MAX) {
        qtest_sendf(s, "FAIL invalid level '%s'\n", w[4]);
        return;
    }
    qemu_set_irq(g->in[num], (int)level);
    qtest_sendf(s, "OK\n");
}

/* ---- the rest ---- */

static void cmd_endianness(struct qtest_session *s, char **w, int nargs)
{
    qtest_sendf(s, "OK little\n");
}

/* No loadable modules: everything is built in (QEMU 7.2's reply). */
static void cmd_module_load(struct qtest_session *s, char **w, int nargs)
{
    qtest_sendf(s, "FAIL\n");
}

static const struct qtest_cmd commands[] = {
    { "outb", 2, cmd_out },
    { "outw", 2, cmd_out },
    { "outl", 2, cmd_out },
    { "inb", 1, cmd_in },
    { "inw", 1, cmd_in },
    { "inl", 1, cmd_in },
    { "writeb", 2, cmd_write_n },
    { "writew", 2, cmd_write_n },
    { "writel", 2, cmd_write_n },
    { "writeq", 2, cmd_write_n },
    { "readb", 1, cmd_read_n },
    { "readw", 1, cmd_read_n },
    { "readl", 1, cmd_read_n },
    { "readq", 1, cmd_read_n },
    { "read", 2, cmd_read },
    { "write", 3, cmd_write },
    { "b64read", 2, cmd_b64read },
    { "b64write", 3, cmd_b64write },
    { "memset", 3, cmd_memset },
    { "endianness", 0, cmd_endianness },
    { "clock_step", 0, cmd_clock_step, true },
    { "clock_set", 1, cmd_clock_set, true },
    { "irq_intercept_in", 1, cmd_irq_intercept },
    { "irq_intercept_out", 1, cmd_irq_intercept },
    { "set_irq_in", 4, cmd_set_irq_in },
    { "module_load", 0, cmd_module_load },
};

static void log_request(struct qtest_session *s, char **words)
{
    if (!s->log || !s->opened) {
        return;
    }
    fprintf(s->log, "[R +%0.6f]", g_timer_elapsed(s->timer, NULL));
    for (int i = 0; words[i]; i++) {
        fprintf(s->log, " %s", words[i]);
    }
    fputc('\n', s->log);
}

void qtest_execute(struct qtest_session *s, char *line)
{
    size_t len = strlen(line);
    char **words;
    int nargs;

    /* Tolerate CRLF clients (QEMU would treat '\r' as part of a word). */
    if (len && line[len - 1] == '\r') {
        line[len - 1] = 0;
    }
    words = g_strsplit(line, " ", 0);
    log_request(s, words);
    nargs = g_strv_length(words) - (words[0] ? 1 : 0);
    for (size_t i = 0; words[0] && i < ARRAY_SIZE(commands); i++) {
        const struct qtest_cmd *c = &commands[i];

        if (strcmp(words[0], c->name) ||
            (c->needs_accel && !qtest_enabled())) {
            continue;
        }
        if (nargs < c->min_args) {
            qtest_sendf(s, "FAIL %s needs %d argument%s\n", c->name,
                        c->min_args, c->min_args == 1 ? "" : "s");
        } else {
            c->fn(s, words, nargs);
        }
        g_strfreev(words);
        return;
    }
    qtest_sendf(s, "FAIL Unknown command '%s'\n", words[0] ? words[0] : "");
    g_strfreev(words);
}
