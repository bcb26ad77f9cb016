/*
 * libqtest: launch the VMM under test and speak qtest and QMP to it.
 * See libqtest.h for the launch convention (QEMU's).
 */
#include "libqtest-internal.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static GList *live_states;      /* for the abort handler */

static void kill_live_vmms(void)
{
    for (GList *l = live_states; l; l = l->next) {
        QTestState *s = l->data;

        if (!s->exited) {
            kill(s->pid, SIGKILL);
        }
    }
}

static void abort_handler(int sig)
{
    kill_live_vmms();
    signal(SIGABRT, SIG_DFL);
    raise(SIGABRT);
}

const char *qtest_get_arch(void)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");
    const char *dash;

    if (!bin) {
        fprintf(stderr, "QTEST_QEMU_BINARY must be set\n");
        exit(1);
    }
    dash = strrchr(bin, '-');
    if (!dash || !strstr(bin, "-system-")) {
        fprintf(stderr, "QTEST_QEMU_BINARY must end with *-system-<arch>\n");
        exit(1);
    }
    return dash + 1;
}

void qtest_add_func(const char *path, void (*fn)(void))
{
    char *full = g_strdup_printf("/%s/%s", qtest_get_arch(), path);

    g_test_add_func(full, fn);
    g_free(full);
}

void qtest_add_data_func(const char *path, const void *data,
                         void (*fn)(const void *))
{
    char *full = g_strdup_printf("/%s/%s", qtest_get_arch(), path);

    g_test_add_data_func(full, data, fn);
    g_free(full);
}

/* ---- process and sockets ---- */

static int listen_unix(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert(fd >= 0);
    g_assert(strlen(path) < sizeof(addr.sun_path));
    strcpy(addr.sun_path, path);
    unlink(path);
    g_assert(bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0);
    g_assert(listen(fd, 1) == 0);
    return fd;
}

static bool child_gone(QTestState *s)
{
    if (!s->exited && waitpid(s->pid, &s->wstatus, WNOHANG) == s->pid) {
        s->exited = true;
    }
    return s->exited;
}

/* Accept the VMM's connection, failing early if it died. */
static int accept_vmm(QTestState *s, int lfd, const char *what)
{
    for (int waited = 0; waited < CONNECT_TIMEOUT_MS; waited += 100) {
        struct pollfd p = { .fd = lfd, .events = POLLIN };

        if (poll(&p, 1, 100) == 1) {
            int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

            g_assert(fd >= 0);
            return fd;
        }
        if (child_gone(s)) {
            g_error("the VMM exited before connecting its %s socket "
                    "(wait status 0x%x)", what, s->wstatus);
        }
    }
    g_error("the VMM did not connect its %s socket", what);
    return -1;
}

static QTestState *spawn(const char *extra_args, bool with_qmp)
{
    QTestState *s = g_new0(QTestState, 1);
    const char *bin = getenv("QTEST_QEMU_BINARY");
    const char *tmp = g_get_tmp_dir();
    const char *log = getenv("QTEST_LOG") ? "/dev/fd/2" : "/dev/null";
    static unsigned seq;
    int lfd, qmp_lfd = -1;
    char *cmd;

    qtest_get_arch();
    signal(SIGABRT, abort_handler);
    s->sock_path = g_strdup_printf("%s/qtest-%d-%u.sock", tmp, getpid(),
                                   seq);
    s->qmp_path = g_strdup_printf("%s/qtest-%d-%u.qmp", tmp, getpid(),
                                  seq++);
    lfd = listen_unix(s->sock_path);
    if (with_qmp) {
        qmp_lfd = listen_unix(s->qmp_path);
        cmd = g_strdup_printf("exec %s -qtest unix:%s -qtest-log %s "
                              "-chardev socket,path=%s,id=char0 "
                              "-mon chardev=char0,mode=control "
                              "-display none -audio none %s -accel qtest",
                              bin, s->sock_path, log, s->qmp_path,
                              extra_args ? extra_args : "");
    } else {
        cmd = g_strdup_printf("exec %s -qtest unix:%s -qtest-log %s "
                              "-display none %s -accel qtest",
                              bin, s->sock_path, log,
                              extra_args ? extra_args : "");
    }
    if (getenv("QTEST_LOG")) {
        fprintf(stderr, "libqtest: %s\n", cmd);
    }
    s->pid = fork();
    g_assert(s->pid >= 0);
    if (s->pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        execlp("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    g_free(cmd);
    live_states = g_list_prepend(live_states, s);
    s->fd = accept_vmm(s, lfd, "qtest");
    s->qmp_fd = with_qmp ? accept_vmm(s, qmp_lfd, "QMP") : -1;
    close(lfd);
    unlink(s->sock_path);
    if (with_qmp) {
        close(qmp_lfd);
        unlink(s->qmp_path);
    }
    s->rx = g_string_new(NULL);
    s->qmp_rx = g_string_new(NULL);
    s->qmp_events = g_queue_new();
    s->qmp_msgs = g_queue_new();
    s->irq_events = g_string_new(NULL);
    return s;
}

static void check_endianness(QTestState *s)
{
    char *r = qtest_raw(s, "endianness");

    g_assert_cmpstr(r, ==, "OK little");
    g_free(r);
}

QTestState *qtest_init_without_qmp_handshake(const char *extra_args)
{
    QTestState *s = spawn(extra_args, true);

    check_endianness(s);
    return s;
}

QTestState *qtest_init_without_qmp(const char *extra_args)
{
    QTestState *s = spawn(extra_args, false);

    check_endianness(s);
    return s;
}

QTestState *qtest_init(const char *extra_args)
{
    QTestState *s = qtest_init_without_qmp_handshake(extra_args);
    JsonObject *greeting = qtest_qmp_receive_any(s);
    JsonObject *r;

    g_assert(json_object_has_member(greeting, "QMP"));
    json_object_unref(greeting);
    r = qtest_qmp(s, "{ 'execute': 'qmp_capabilities' }");
    g_assert(json_object_has_member(r, "return"));
    json_object_unref(r);
    return s;
}

QTestState *qtest_initf(const char *fmt, ...)
{
    va_list ap;
    char *args;
    QTestState *s;

    va_start(ap, fmt);
    args = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    s = qtest_init(args);
    g_free(args);
    return s;
}

void qtest_set_expected_status(QTestState *s, int status)
{
    s->expected_status = status;
}

int qtest_pid(QTestState *s)
{
    return s->pid;
}

int qtest_wait_exit(QTestState *s, int timeout_ms)
{
    for (int waited = 0; !child_gone(s); waited += 10) {
        if (waited >= timeout_ms) {
            return -1;
        }
        g_usleep(10000);
    }
    return s->wstatus;
}

void qtest_quit(QTestState *s)
{
    if (!s->exited) {
        kill(s->pid, SIGTERM);
        if (qtest_wait_exit(s, QUIT_TIMEOUT_MS) < 0) {
            kill(s->pid, SIGKILL);
            waitpid(s->pid, &s->wstatus, 0);
            s->exited = true;
            g_error("the VMM did not exit within %d ms of SIGTERM",
                    QUIT_TIMEOUT_MS);
        }
    }
    live_states = g_list_remove(live_states, s);
    close(s->fd);
    if (s->qmp_fd >= 0) {
        close(s->qmp_fd);
    }
    if (WIFSIGNALED(s->wstatus)) {
        g_error("the VMM was killed by signal %d", WTERMSIG(s->wstatus));
    }
    if (!WIFEXITED(s->wstatus) ||
        WEXITSTATUS(s->wstatus) != s->expected_status) {
        g_error("the VMM exited with status %d, expected %d",
                WEXITSTATUS(s->wstatus), s->expected_status);
    }
    g_string_free(s->rx, TRUE);
    g_string_free(s->qmp_rx, TRUE);
    g_string_free(s->irq_events, TRUE);
    g_queue_free_full(s->qmp_events, (GDestroyNotify)json_object_unref);
    g_queue_free_full(s->qmp_msgs, (GDestroyNotify)json_object_unref);
    g_free(s->sock_path);
    g_free(s->qmp_path);
    g_free(s);
}

/* ---- qtest lines ---- */

void qtest_send_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            g_error("libqtest: send failed: %s", g_strerror(errno));
        }
        p += n;
        len -= n;
    }
}

void qtest_send_bytes(QTestState *s, const void *buf, size_t len)
{
    qtest_send_all(s->fd, buf, len);
}

/* Receive more bytes into rx; fails the test on EOF. */
void qtest_recv_more(int fd, GString *rx, const char *what)
{
    char buf[65536];
    ssize_t n;

    do {
        n = recv(fd, buf, sizeof(buf), 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
        g_error("libqtest: %s connection closed (%s)", what,
                n < 0 ? g_strerror(errno) : "EOF");
    }
    g_string_append_len(rx, buf, n);
}

static char *take_line(QTestState *s)
{
    char *nl;

    while (!(nl = memchr(s->rx->str, '\n', s->rx->len))) {
        qtest_recv_more(s->fd, s->rx, "qtest");
    }
    {
        size_t n = nl - s->rx->str;
        char *line = g_strndup(s->rx->str, n);

        g_string_erase(s->rx, 0, n + 1);
        return line;
    }
}

static void note_irq(QTestState *s, const char *line)
{
    int n;

    if (s->irq_events->len) {
        g_string_append_c(s->irq_events, '\n');
    }
    g_string_append(s->irq_events, line);
    if (sscanf(line + 4, "raise %d", &n) == 1 && n >= 0 && n < MAX_IRQ) {
        s->irq_level[n] = true;
    } else if (sscanf(line + 4, "lower %d", &n) == 1 && n >= 0 &&
               n < MAX_IRQ) {
        s->irq_level[n] = false;
    } else {
        g_error("libqtest: bad IRQ line '%s'", line);
    }
}

char *qtest_recv_line(QTestState *s)
{
    for (;;) {
        char *line = take_line(s);

        if (!g_str_has_prefix(line, "IRQ ")) {
            return line;
        }
        note_irq(s, line);
        g_free(line);
    }
}

char *qtest_raw(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    char *cmd;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qtest_send_all(s->fd, cmd, strlen(cmd));
    qtest_send_all(s->fd, "\n", 1);
    g_free(cmd);
    return qtest_recv_line(s);
}

/* Send a command that must succeed; returns the words of the reply. */
static gchar **qtest_cmd(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
static gchar **qtest_cmd(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    char *cmd;
    char *reply;
    gchar **words;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    reply = qtest_raw(s, "%s", cmd);
    if (strcmp(reply, "OK") && !g_str_has_prefix(reply, "OK ")) {
        g_error("libqtest: '%.80s' got '%.200s'", cmd, reply);
    }
    g_free(cmd);
    words = g_strsplit(reply, " ", 0);
    g_free(reply);
    return words;
}

static void qtest_ok(QTestState *s, gchar **words)
{
    g_strfreev(words);
}

static uint64_t reply_u64(gchar **words)
{
    uint64_t v;
    char *end;

    g_assert(words[1]);
    v = g_ascii_strtoull(words[1], &end, 0);
    g_assert(!*end);
    g_strfreev(words);
    return v;
}

static int64_t reply_i64(gchar **words)
{
    int64_t v;
    char *end;

    g_assert(words[1]);
    v = g_ascii_strtoll(words[1], &end, 10);
    g_assert(!*end);
    g_strfreev(words);
    return v;
}

void qtest_outb(QTestState *s, uint16_t addr, uint8_t value)
{
    qtest_ok(s, qtest_cmd(s, "outb 0x%x 0x%x", addr, value));
}

void qtest_outw(QTestState *s, uint16_t addr, uint16_t value)
{
    qtest_ok(s, qtest_cmd(s, "outw 0x%x 0x%x", addr, value));
}

void qtest_outl(QTestState *s, uint16_t addr, uint32_t value)
{
    qtest_ok(s, qtest_cmd(s, "outl 0x%x 0x%x", addr, value));
}

uint8_t qtest_inb(QTestState *s, uint16_t addr)
{
    return reply_u64(qtest_cmd(s, "inb 0x%x", addr));
}

uint16_t qtest_inw(QTestState *s, uint16_t addr)
{
    return reply_u64(qtest_cmd(s, "inw 0x%x", addr));
}

uint32_t qtest_inl(QTestState *s, uint16_t addr)
{
    return reply_u64(qtest_cmd(s, "inl 0x%x", addr));
}

#define WRITE_FN(name, type)                                                   \
    void qtest_##name(QTestState *s, uint64_t addr, type value)                \
    {                                                                          \
        qtest_ok(s, qtest_cmd(s, #name " 0x%" PRIx64 " 0x%" PRIx64, addr,      \
                              (uint64_t)value));                               \
    }
#define READ_FN(name, type)                                                    \
    type qtest_##name(QTestState *s, uint64_t addr)                            \
    {                                                                          \
        return reply_u64(qtest_cmd(s, #name " 0x%" PRIx64, addr));             \
    }
WRITE_FN(writeb, uint8_t)
WRITE_FN(writew, uint16_t)
WRITE_FN(writel, uint32_t)
WRITE_FN(writeq, uint64_t)
READ_FN(readb, uint8_t)
READ_FN(readw, uint16_t)
READ_FN(readl, uint32_t)
READ_FN(readq, uint64_t)

void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    gchar **w;
    uint8_t *p = data;

    if (!size) {
        return;
    }
    w = qtest_cmd(s, "read 0x%" PRIx64 " 0x%zx", addr, size);
    g_assert(w[1] && strlen(w[1]) == 2 + 2 * size);
    for (size_t i = 0; i < size; i++) {
        char byte[3] = { w[1][2 + 2 * i], w[1][3 + 2 * i], 0 };

        p[i] = strtoul(byte, NULL, 16);
    }
    g_strfreev(w);
}

void qtest_memwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size)
{
    const uint8_t *p = data;
    GString *hex;

    if (!size) {
        return;
    }
    hex = g_string_sized_new(2 * size + 2);
    g_string_append(hex, "0x");
    for (size_t i = 0; i < size; i++) {
        g_string_append_printf(hex, "%02x", p[i]);
    }
    qtest_ok(s, qtest_cmd(s, "write 0x%" PRIx64 " 0x%zx %s", addr, size,
                          hex->str));
    g_string_free(hex, TRUE);
}

void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    gchar **w = qtest_cmd(s, "b64read 0x%" PRIx64 " 0x%zx", addr, size);
    gsize len = 0;
    guchar *dec;

    g_assert(w[1]);
    dec = g_base64_decode(w[1], &len);
    g_assert_cmpuint(len, ==, size);
    memcpy(data, dec, size);
    g_free(dec);
    g_strfreev(w);
}

void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size)
{
    gchar *enc = g_base64_encode(data, size);

    qtest_ok(s, qtest_cmd(s, "b64write 0x%" PRIx64 " 0x%zx %s", addr, size,
                          enc));
    g_free(enc);
}

void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern, size_t size)
{
    qtest_ok(s, qtest_cmd(s, "memset 0x%" PRIx64 " 0x%zx 0x%02x", addr, size,
                          pattern));
}

int64_t qtest_clock_step_next(QTestState *s)
{
    return reply_i64(qtest_cmd(s, "clock_step"));
}

int64_t qtest_clock_step(QTestState *s, int64_t step)
{
    return reply_i64(qtest_cmd(s, "clock_step %" PRIi64, step));
}

int64_t qtest_clock_set(QTestState *s, int64_t val)
{
    return reply_i64(qtest_cmd(s, "clock_set %" PRIi64, val));
}

void qtest_irq_intercept_in(QTestState *s, const char *path)
{
    qtest_ok(s, qtest_cmd(s, "irq_intercept_in %s", path));
}

void qtest_irq_intercept_out(QTestState *s, const char *path)
{
    qtest_ok(s, qtest_cmd(s, "irq_intercept_out %s", path));
}

void qtest_irq_intercept_out_named(QTestState *s, const char *path,
                                   const char *name)
{
    qtest_ok(s, qtest_cmd(s, "irq_intercept_out %s %s", path, name));
}

bool qtest_get_irq(QTestState *s, int num)
{
    g_assert(num >= 0 && num < MAX_IRQ);
    /* Any command flushes the IRQ lines sent before its reply. */
    qtest_inb(s, 0);
    return s->irq_level[num];
}

void qtest_set_irq_in(QTestState *s, const char *path, const char *name,
                      int num, int level)
{
    qtest_ok(s, qtest_cmd(s, "set_irq_in %s %s %d %d", path,
                          name ? name : "unnamed-gpio-in", num, level));
}

char *qtest_irq_events(QTestState *s)
{
    char *ev = g_strdup(s->irq_events->str);

    g_string_truncate(s->irq_events, 0);
    return ev;
}
