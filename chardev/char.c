/*
 * Character devices: registry, option parsing, the front-end API and the
 * shared read/write machinery. The backends live in char-*.c.
 */
#include "qemu/osdep.h"
#include "chardev/char-internal.h"

#include <fcntl.h>
#include <signal.h>

static const struct chardev_backend *const chr_backends[] = {
    &chr_backend_stdio,
    &chr_backend_file,
    &chr_backend_null,
    &chr_backend_pty,
    &chr_backend_socket,
};

/* QEMU backends splitvm knows by name but does not implement. */
static const char *const chr_unsupported[] = {
    "ringbuf", "memory", "mux", "pipe", "serial", "tty", "parallel",
    "parport", "udp", "vc", "msmouse", "wctablet", "braille", "testdev",
    "qemu-vdagent", "spicevmc", "spiceport", "dbus",
};

/* Options every backend takes (QEMU's ChardevCommon plus backend/id). */
static const char *const chr_common_opts[] = {
    "backend", "id", "logfile", "logappend", "mux",
};

static GMutex chr_list_lock;            /* guards chr_list */
static GPtrArray *chr_list;             /* of struct chardev *, in order */

/* ------------------------------------------------------------------ */
/* Registry                                                           */

static struct chardev *chr_find_locked(const char *id)
{
    for (guint i = 0; chr_list && i < chr_list->len; i++) {
        struct chardev *chr = g_ptr_array_index(chr_list, i);

        if (!strcmp(chr->id, id)) {
            return chr;
        }
    }
    return NULL;
}

struct chardev *qemu_chr_find(const char *id)
{
    struct chardev *chr;

    g_mutex_lock(&chr_list_lock);
    chr = chr_find_locked(id);
    g_mutex_unlock(&chr_list_lock);
    return chr;
}

bool qemu_chr_has_frontend(const struct chardev *chr)
{
    return chr->fe_attached;
}

void qemu_chr_foreach(void (*fn)(struct chardev *chr, void *opaque),
                      void *opaque)
{
    GPtrArray *snapshot = g_ptr_array_new();

    g_mutex_lock(&chr_list_lock);
    for (guint i = 0; chr_list && i < chr_list->len; i++) {
        g_ptr_array_add(snapshot, g_ptr_array_index(chr_list, i));
    }
    g_mutex_unlock(&chr_list_lock);
    for (guint i = 0; i < snapshot->len; i++) {
        fn(g_ptr_array_index(snapshot, i), opaque);
    }
    g_ptr_array_free(snapshot, TRUE);
}

const char *qemu_chr_id(const struct chardev *chr)
{
    return chr->id;
}

const char *qemu_chr_backend_name(const struct chardev *chr)
{
    return chr->be->name;
}

char *qemu_chr_filename(const struct chardev *chr)
{
    struct chardev *c = (struct chardev *)chr;
    char *s;

    g_mutex_lock(&c->filename_lock);
    s = g_strdup(c->filename ? c->filename : c->be->name);
    g_mutex_unlock(&c->filename_lock);
    return s;
}

bool qemu_chr_is_connected(const struct chardev *chr)
{
    return g_atomic_int_get(&chr->connected);
}

/* ------------------------------------------------------------------ */
/* Creation                                                           */

static bool chr_id_wellformed(const char *id)
{
    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

static const struct chardev_backend *chr_find_backend(const char *name,
                                                      Error **errp)
{
    for (size_t i = 0; i < ARRAY_SIZE(chr_backends); i++) {
        if (!strcmp(chr_backends[i]->name, name)) {
            return chr_backends[i];
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(chr_unsupported); i++) {
        if (!strcmp(chr_unsupported[i], name)) {
            error_setg(errp, "chardev backend '%s' is not supported by "
                       "splitvm", name);
            return NULL;
        }
    }
    error_setg(errp, "'%s' is not a valid char driver name", name);
    return NULL;
}

static bool chr_opt_known(const char *key, const char *const *list)
{
    for (size_t i = 0; list && list[i]; i++) {
        if (!strcmp(list[i], key)) {
            return true;
        }
    }
    return false;
}

static FILE *chr_info_stream;

void qemu_chr_set_info_stream(FILE *f)
{
    chr_info_stream = f;
}

FILE *qemu_chr_info_stream(void)
{
    return chr_info_stream ? chr_info_stream : stdout;
}

void qemu_chr_print_backends(FILE *f)
{
    fprintf(f, "Available chardev backend types: \n");
    for (size_t i = 0; i < ARRAY_SIZE(chr_backends); i++) {
        fprintf(f, "  %s\n", chr_backends[i]->name);
    }
}

/* Every key must be a common option or one the backend declares. */
static int chr_check_opts(const struct chardev_backend *be,
                          const struct kv_opts *opts, Error **errp)
{
    for (guint i = 0; i < opts->pairs->len; i++) {
        const struct kv_pair *kv = g_ptr_array_index(opts->pairs, i);
        bool common = false;

        for (size_t j = 0; j < ARRAY_SIZE(chr_common_opts); j++) {
            common |= !strcmp(chr_common_opts[j], kv->key);
        }
        if (!common && !chr_opt_known(kv->key, be->opts)) {
            error_setg(errp, "Invalid parameter '%s'", kv->key);
            return -EINVAL;
        }
    }
    return 0;
}

/* logfile=, logappend=, mux=: the options of QEMU's ChardevCommon. */
static int chr_open_common(struct chardev *chr, struct kv_opts *opts,
                           Error **errp)
{
    const char *logfile = kv_get(opts, "logfile");
    bool logappend = false, mux = false;

    if (kv_get_bool(opts, "logappend", &logappend, errp) < 0 ||
        kv_get_bool(opts, "mux", &mux, errp) < 0) {
        return -EINVAL;
    }
    /* mux=on was taken apart by qemu_chr_new_from_opts() already. */
    assert(!mux);
    if (logfile) {
        int flags = O_WRONLY | O_CREAT | O_CLOEXEC |
                    (logappend ? O_APPEND : O_TRUNC);

        chr->log_fd = open(logfile, flags, 0666);
        if (chr->log_fd < 0) {
            error_setg_errno(errp, errno, "Could not create '%s'", logfile);
            return -errno;
        }
    }
    return 0;
}

static void chr_free(struct chardev *chr)
{
    if (chr->log_fd >= 0) {
        close(chr->log_fd);
    }
    g_mutex_clear(&chr->lock);
    g_mutex_clear(&chr->filename_lock);
    g_free(chr->filename);
    g_free(chr->id);
    g_free(chr);
}

/* QEMU ignores SIGPIPE process-wide; a dead peer is an EPIPE, not a kill. */
static void chr_ignore_sigpipe(void)
{
    static gsize done;

    if (g_once_init_enter(&done)) {
        struct sigaction sa;

        if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL) {
            signal(SIGPIPE, SIG_IGN);
        }
        g_once_init_leave(&done, 1);
    }
}

static int chr_check_new(struct kv_opts *opts, const char **id,
                         const struct chardev_backend **be, Error **errp)
{
    const char *backend;

    *id = kv_get(opts, "id");
    if (!*id) {
        error_setg(errp, "Parameter 'id' is missing");
        return -EINVAL;
    }
    if (!chr_id_wellformed(*id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        return -EINVAL;
    }
    backend = kv_get(opts, "backend");
    if (!backend || !*backend) {
        error_setg(errp, "chardev: \"%s\" missing backend", *id);
        return -EINVAL;
    }
    *be = chr_find_backend(backend, errp);
    if (!*be || chr_check_opts(*be, opts, errp) < 0) {
        return -EINVAL;
    }
    if (qemu_chr_find(*id)) {
        error_setg(errp, "attempt to add duplicate property '%s' to object "
                   "(type 'container')", *id);
        return -EEXIST;
    }
    return 0;
}

static void chr_destroy(struct chardev *chr)
{
    chr->fe_attached = false;
    chr_input_stop(chr);
    if (chr->be->close) {
        chr->be->close(chr);
    }
    chr_free(chr);
}

/*
 * mux=on, as QEMU: the backend becomes "ID-base" and a mux named ID sits
 * on it, so -serial chardev:ID and -mon chardev=ID can share it.
 */
static struct chardev *chr_new_muxed(struct kv_opts *opts, const char *id,
                                     Error **errp)
{
    char *label = g_strdup(id);
    char *base_id = g_strdup_printf("%s-base", id);
    struct chardev *base, *chr = NULL;

    kv_set(opts, "id", base_id);
    kv_set(opts, "mux", "off");
    base = qemu_chr_new_from_opts(opts, errp);
    if (base) {
        chr = chr_mux_new(label, base, errp);
    }
    g_free(base_id);
    g_free(label);
    return chr;
}

struct chardev *qemu_chr_new_from_opts(struct kv_opts *opts, Error **errp)
{
    const struct chardev_backend *be;
    struct chardev *chr;
    const char *id;

    bool mux = false;

    if (chr_check_new(opts, &id, &be, errp) < 0 ||
        kv_get_bool(opts, "mux", &mux, errp) < 0) {
        return NULL;
    }
    if (mux) {
        return chr_new_muxed(opts, id, errp);
    }
    chr_ignore_sigpipe();
    chr = g_malloc0(be->instance_size);
    chr->id = g_strdup(id);
    chr->be = be;
    chr->out_fd = -1;
    chr->log_fd = -1;
    g_mutex_init(&chr->lock);
    g_mutex_init(&chr->filename_lock);
    if (chr_open_common(chr, opts, errp) < 0 ||
        be->open(chr, opts, errp) < 0) {
        /* A failing open() has released what it had acquired. */
        chr_free(chr);
        return NULL;
    }
    if (kv_check_unused(opts, errp) < 0) {
        /* A backend declared an option it does not read: a bug. */
        chr_destroy(chr);
        return NULL;
    }

    g_mutex_lock(&chr_list_lock);
    if (!chr_list) {
        chr_list = g_ptr_array_new();
    }
    g_ptr_array_add(chr_list, chr);
    g_mutex_unlock(&chr_list_lock);
    return chr;
}

struct chardev *chr_new_internal(const char *id,
                                 const struct chardev_backend *be,
                                 Error **errp)
{
    struct chardev *chr;

    g_mutex_lock(&chr_list_lock);
    if (chr_find_locked(id)) {
        g_mutex_unlock(&chr_list_lock);
        error_setg(errp, "attempt to add duplicate property '%s' to object "
                   "(type 'container')", id);
        return NULL;
    }
    chr = g_malloc0(be->instance_size);
    chr->id = g_strdup(id);
    chr->be = be;
    chr->out_fd = -1;
    chr->log_fd = -1;
    g_mutex_init(&chr->lock);
    g_mutex_init(&chr->filename_lock);
    if (!chr_list) {
        chr_list = g_ptr_array_new();
    }
    g_ptr_array_add(chr_list, chr);
    g_mutex_unlock(&chr_list_lock);
    return chr;
}

/* ------------------------------------------------------------------ */
/* -serial / -qtest shorthand                                         */

/* Legacy prefixes of QEMU backends splitvm does not implement. */
static const char *const chr_compat_unsupported[] = {
    "udp:", "telnet:", "websocket:", "pipe:", "vc", "msmouse", "braille",
    "con:", "COM", "/dev/", "tcp6:",
};

/* "HOST:PORT", "[V6]:PORT" or ":PORT" (any address) into host and port. */
static int chr_parse_hostport(struct kv_opts *opts, const char *spec,
                              const char *hp, Error **errp)
{
    const char *colon;
    char *host;

    if (hp[0] == '[') {
        const char *end = strchr(hp, ']');

        if (!end || end[1] != ':') {
            error_setg(errp, "'%s': expected tcp:[HOST]:PORT", spec);
            return -EINVAL;
        }
        host = g_strndup(hp + 1, end - hp - 1);
        colon = end + 1;
    } else {
        colon = strchr(hp, ':');
        if (!colon) {
            error_setg(errp, "'%s': expected tcp:HOST:PORT", spec);
            return -EINVAL;
        }
        host = g_strndup(hp, colon - hp);
    }
    if (!colon[1]) {
        error_setg(errp, "'%s': expected tcp:HOST:PORT", spec);
        g_free(host);
        return -EINVAL;
    }
    kv_set(opts, "host", host);
    kv_set(opts, "port", colon + 1);
    g_free(host);
    return 0;
}

/* Merge "k=v,..." (after the address of unix:/tcp:) into opts. */
static int chr_merge_tail(struct kv_opts *opts, const char *tail,
                          const char *implied, Error **errp)
{
    struct kv_opts *more = kv_parse(tail, implied, errp);

    if (!more) {
        return -EINVAL;
    }
    kv_merge(opts, more);
    kv_free(more);
    return 0;
}

static int chr_parse_tcp(struct kv_opts *opts, const char *spec,
                         const char *p, Error **errp)
{
    const char *comma = strchr(p, ',');
    char *hp = comma ? g_strndup(p, comma - p) : g_strdup(p);
    int ret;

    kv_set(opts, "backend", "socket");
    ret = chr_parse_hostport(opts, spec, hp, errp);
    g_free(hp);
    if (ret == 0 && comma) {
        ret = chr_merge_tail(opts, comma + 1, NULL, errp);
    }
    return ret;
}

static struct kv_opts *chr_parse_compat(const char *spec, Error **errp)
{
    struct kv_opts *opts = kv_new();
    int ret = 0;

    if (!strcmp(spec, "stdio") || !strcmp(spec, "null") ||
        !strcmp(spec, "pty")) {
        kv_set(opts, "backend", spec);
    } else if (g_str_has_prefix(spec, "file:")) {
        /* As QEMU: the whole rest is the path, commas included. */
        kv_set(opts, "backend", "file");
        kv_set(opts, "path", spec + 5);
    } else if (g_str_has_prefix(spec, "unix:")) {
        kv_set(opts, "backend", "socket");
        ret = chr_merge_tail(opts, spec + 5, "path", errp);
    } else if (g_str_has_prefix(spec, "tcp:")) {
        ret = chr_parse_tcp(opts, spec, spec + 4, errp);
    } else {
        bool known = false;

        for (size_t i = 0; i < ARRAY_SIZE(chr_compat_unsupported); i++) {
            known |= g_str_has_prefix(spec, chr_compat_unsupported[i]);
        }
        if (known) {
            error_setg(errp, "'%s': this chardev is not supported by splitvm",
                       spec);
        } else {
            error_setg(errp, "'%s' is not a valid char driver", spec);
        }
        ret = -EINVAL;
    }
    if (ret < 0) {
        kv_free(opts);
        return NULL;
    }
    return opts;
}

struct chardev *qemu_chr_new(const char *label, const char *spec,
                             Error **errp)
{
    struct kv_opts *opts;
    struct chardev *chr;

    if (!strcmp(spec, "none")) {
        return NULL;
    }
    if (g_str_has_prefix(spec, "chardev:")) {
        chr = qemu_chr_find(spec + 8);
        if (!chr) {
            error_setg(errp, "Chardev '%s' not found", spec + 8);
        }
        return chr;
    }
    if (g_str_has_prefix(spec, "mon:")) {
        /* The monitor side exists only where main.c adds one. */
        error_setg(errp, "mon: is only supported with -serial and -monitor");
        return NULL;
    }
    opts = chr_parse_compat(spec, errp);
    if (!opts) {
        return NULL;
    }
    kv_set(opts, "id", label);
    chr = qemu_chr_new_from_opts(opts, errp);
    kv_free(opts);
    return chr;
}

/* ------------------------------------------------------------------ */
/* Backend helpers                                                    */

void chr_set_output(struct chardev *chr, int fd, bool is_socket)
{
    g_mutex_lock(&chr->lock);
    chr->out_fd = fd;
    chr->out_is_socket = is_socket;
    chr->out_stalled = false;
    chr->peer_gone = false;
    g_mutex_unlock(&chr->lock);
}

void chr_set_connected(struct chardev *chr, bool connected)
{
    g_atomic_int_set(&chr->connected, connected);
}

void chr_set_filename(struct chardev *chr, char *filename)
{
    char *old;

    g_mutex_lock(&chr->filename_lock);
    old = chr->filename;
    chr->filename = filename;
    g_mutex_unlock(&chr->filename_lock);
    g_free(old);
}

void chr_be_event(struct chardev *chr, enum chr_event event)
{
    if (chr->fe_attached && chr->fe_event) {
        chr->fe_event(chr->fe_opaque, event);
    }
}

/* ------------------------------------------------------------------ */
/* Front end                                                          */

int qemu_chr_fe_set_handlers(struct chardev *chr, chr_can_receive_fn *can,
                             chr_receive_fn *recv, chr_event_fn *event,
                             void *opaque)
{
    bool was_attached;

    if (!chr) {
        return -EINVAL;
    }
    if (chr->be->fe_set_handlers) {
        return chr->be->fe_set_handlers(chr, can, recv, event, opaque);
    }
    if (!can && !recv && !event) {
        chr->fe_can_receive = NULL;
        chr->fe_receive = NULL;
        chr->fe_event = NULL;
        chr->fe_opaque = NULL;
        chr->fe_attached = false;
        return 0;
    }
    if (chr->fe_attached && chr->fe_opaque != opaque) {
        return -EBUSY;
    }
    was_attached = chr->fe_attached;
    chr->fe_can_receive = can;
    chr->fe_receive = recv;
    chr->fe_event = event;
    chr->fe_opaque = opaque;
    chr->fe_attached = true;
    if (!was_attached && qemu_chr_is_connected(chr)) {
        chr_be_event(chr, CHR_EVENT_OPENED);
    }
    /* Let the input source re-evaluate can_receive. */
    g_main_context_wakeup(NULL);
    return 0;
}

void qemu_chr_fe_accept_input(struct chardev *chr)
{
    /*
     * The input source asks can_receive before every poll, so all that is
     * needed is a fresh main-loop iteration; this is safe from any thread.
     */
    if (chr) {
        g_main_context_wakeup(NULL);
    }
}

/* ------------------------------------------------------------------ */
/* Teardown                                                           */

void qemu_chr_cleanup(void)
{
    GPtrArray *list;

    g_mutex_lock(&chr_list_lock);
    list = chr_list;
    chr_list = NULL;
    g_mutex_unlock(&chr_list_lock);
    if (!list) {
        return;
    }
    /* Newest first: a chardev may refer to an older one (chardev:ID). */
    for (guint i = list->len; i > 0; i--) {
        chr_destroy(g_ptr_array_index(list, i - 1));
    }
    g_ptr_array_free(list, TRUE);
}
