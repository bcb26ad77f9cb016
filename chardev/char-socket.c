/*
 * The socket backend: a UNIX or TCP stream, as server or client.
 *
 *   -chardev socket,id=x,path=P|host=H,port=N|fd=F
 *            [,server=on|off][,wait=on|off][,reconnect=SECONDS]
 *            [,to=PORT][,ipv4=on][,ipv6=on][,nodelay=on]
 *
 * Server: listens at creation. With wait=on (the default for a server, as
 * in QEMU) creation blocks until the first client connects, after printing
 * "QEMU waiting for connection on: disconnected:...". One client at a time:
 * further clients queue in the backlog until the current one goes away.
 *
 * Client: connects synchronously at creation and fails if it cannot, unless
 * reconnect=N is given; then a failed or lost connection is retried every N
 * seconds from the main loop.
 *
 * fd=F takes an inherited socket: a listening one with server=on (libvirt
 * passes the monitor socket that way), a connected one otherwise.
 */
#include "qemu/osdep.h"
#include "chardev/char-internal.h"

#include <fcntl.h>
#include <glib-unix.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

struct socket_chardev {
    struct chardev chr;
    /* Configuration. */
    bool is_unix;               /* path= (or an inherited AF_UNIX fd) */
    bool is_server;
    bool nodelay;
    char *path;                 /* unix */
    char *host;                 /* tcp; "" is any/loopback */
    char *port;                 /* tcp */
    char *fd_str;               /* fd=, as given */
    int family;                 /* AF_UNSPEC, or ipv4/ipv6 forced */
    unsigned port_to;           /* to=: last port to try, 0 if not given */
    unsigned reconnect_s;       /* client retry period, 0: never */
    /* Server state. */
    int listen_fd;              /* -1 for a client */
    guint listen_tag;           /* accept watch, 0 while a client is on */
    char *listen_name;          /* "unix:P,server=on", "tcp:H:P,server=on" */
    char *bound_path;           /* unix socket file we created */
    /* Connection state (main thread). */
    int fd;                     /* the connection, -1 when disconnected */
    guint reconnect_tag;        /* retry timer */
    int connecting_fd;          /* retry in progress, or -1 */
    guint connecting_tag;       /* its completion watch */
    bool connect_err_reported;  /* only the first failed retry is printed */
};

static const char *const socket_opts[] = {
    "path", "host", "port", "fd", "to", "ipv4", "ipv6", "nodelay", "delay",
    "server", "wait", "nowait", "reconnect", "telnet", "tn3270", "websocket",
    "tls-creds", "tls-authz", "abstract", "tight", NULL,
};

/* ------------------------------------------------------------------ */
/* Addresses and filenames                                            */

/* "H:P" ("[H]:P" for IPv6) or the path of a UNIX address. */
static char *socket_addr_str(const struct sockaddr_storage *ss, socklen_t len)
{
    char host[NI_MAXHOST], serv[NI_MAXSERV];

    if (ss->ss_family == AF_UNIX) {
        const struct sockaddr_un *un = (const struct sockaddr_un *)ss;

        if (len <= offsetof(struct sockaddr_un, sun_path)) {
            return g_strdup("");
        }
        return g_strndup(un->sun_path,
                         len - offsetof(struct sockaddr_un, sun_path));
    }
    if (getnameinfo((const struct sockaddr *)ss, len, host, sizeof(host),
                    serv, sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV)) {
        return g_strdup("?:?");
    }
    if (ss->ss_family == AF_INET6) {
        return g_strdup_printf("[%s]:%s", host, serv);
    }
    return g_strdup_printf("%s:%s", host, serv);
}

static char *socket_fd_name(int fd, bool peer, int *family)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    int r;

    memset(&ss, 0, sizeof(ss));
    r = peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
             : getsockname(fd, (struct sockaddr *)&ss, &len);
    if (r < 0) {
        len = 0;
    }
    if (family) {
        *family = ss.ss_family;
    }
    return socket_addr_str(&ss, len);
}

/* The filename of a live connection, formatted as QEMU's query-chardev. */
static char *socket_connected_name(struct socket_chardev *s)
{
    const char *srv = s->is_server ? ",server=on" : "";
    int family;
    char *local = socket_fd_name(s->fd, false, &family);
    char *peer, *name;

    if (family == AF_UNIX) {
        name = g_strdup_printf("unix:%s%s", local, srv);
    } else {
        peer = socket_fd_name(s->fd, true, NULL);
        name = g_strdup_printf("tcp:%s%s <-> %s", local, srv, peer);
        g_free(peer);
    }
    g_free(local);
    return name;
}

static char *socket_disconnected_name(struct socket_chardev *s)
{
    if (s->is_server) {
        return g_strdup_printf("disconnected:%s", s->listen_name);
    }
    if (s->fd_str) {
        return g_strdup_printf("disconnected:fd:%s", s->fd_str);
    }
    if (s->is_unix) {
        return g_strdup_printf("disconnected:unix:%s", s->path);
    }
    if (strchr(s->host, ':')) {
        return g_strdup_printf("disconnected:tcp:[%s]:%s", s->host, s->port);
    }
    return g_strdup_printf("disconnected:tcp:%s:%s", s->host, s->port);
}

/* ------------------------------------------------------------------ */
/* Connection life cycle                                              */

static void socket_listen_watch(struct socket_chardev *s);
static void socket_reconnect_later(struct socket_chardev *s);

static void socket_connected(struct socket_chardev *s, int fd)
{
    struct chardev *chr = &s->chr;

    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    if (s->nodelay && !s->is_unix) {
        int one = 1;

        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    s->fd = fd;
    chr_set_filename(chr, socket_connected_name(s));
    chr_set_output(chr, fd, true);
    chr_set_connected(chr, true);
    chr_input_start(chr, fd, true);
    chr_be_event(chr, CHR_EVENT_OPENED);
}

static void socket_disconnect(struct socket_chardev *s)
{
    struct chardev *chr = &s->chr;

    if (s->fd < 0) {
        return;
    }
    chr_input_stop(chr);
    chr_set_connected(chr, false);
    /* Wake a writer waiting in poll() before taking its lock. */
    shutdown(s->fd, SHUT_RDWR);
    chr_set_output(chr, -1, true);
    close(s->fd);
    s->fd = -1;
    chr_set_filename(chr, socket_disconnected_name(s));
    chr_be_event(chr, CHR_EVENT_CLOSED);
}

static void socket_input_closed(struct chardev *chr)
{
    struct socket_chardev *s = container_of(chr, struct socket_chardev, chr);

    socket_disconnect(s);
    if (s->is_server) {
        socket_listen_watch(s);
    } else if (s->reconnect_s) {
        socket_reconnect_later(s);
    }
}

static gboolean socket_accept_cb(int listen_fd, GIOCondition cond,
                                 gpointer opaque)
{
    struct socket_chardev *s = opaque;
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

    if (fd < 0) {
        return G_SOURCE_CONTINUE;
    }
    s->listen_tag = 0;
    socket_connected(s, fd);
    return G_SOURCE_REMOVE;
}

static void socket_listen_watch(struct socket_chardev *s)
{
    if (!s->listen_tag) {
        s->listen_tag = g_unix_fd_add(s->listen_fd, G_IO_IN,
                                      socket_accept_cb, s);
    }
}

/* wait=on: block until the first client is there. */
static int socket_wait_first_client(struct socket_chardev *s, Error **errp)
{
    char *name = socket_disconnected_name(s);
    struct pollfd pfd = { .fd = s->listen_fd, .events = POLLIN };
    int fd;

    info_report("QEMU waiting for connection on: %s", name);
    g_free(name);
    for (;;) {
        if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
            error_setg_errno(errp, errno, "Failed to accept connection");
            return -EIO;
        }
        fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd >= 0) {
            socket_connected(s, fd);
            return 0;
        }
        if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) {
            error_setg_errno(errp, errno, "Failed to accept connection");
            return -EIO;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Opening sockets                                                    */

static int socket_unix_addr(const char *path, struct sockaddr_un *un,
                            Error **errp)
{
    memset(un, 0, sizeof(*un));
    un->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(un->sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", path);
        return -ENAMETOOLONG;
    }
    strcpy(un->sun_path, path);
    return 0;
}

static struct addrinfo *socket_resolve(struct socket_chardev *s,
                                       const char *port, bool passive,
                                       Error **errp)
{
    struct addrinfo hints = {
        .ai_family = s->family,
        .ai_socktype = SOCK_STREAM,
        .ai_flags = passive ? AI_PASSIVE : 0,
    };
    struct addrinfo *res;
    int r = getaddrinfo(*s->host ? s->host : NULL, port, &hints, &res);

    if (r) {
        error_setg(errp, "address resolution failed for %s:%s: %s",
                   s->host, port, gai_strerror(r));
        return NULL;
    }
    return res;
}

static int socket_connect_addr(int family, const struct sockaddr *sa,
                               socklen_t len, bool nonblock,
                               bool *in_progress)
{
    int flags = SOCK_STREAM | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0);
    int fd = socket(family, flags, 0);
    int err;

    if (fd < 0) {
        return -1;
    }
    if (connect(fd, sa, len) == 0) {
        return fd;
    }
    if (errno == EINPROGRESS && nonblock) {
        *in_progress = true;
        return fd;
    }
    err = errno;
    close(fd);
    errno = err;
    return -1;
}

/*
 * Connect to the configured address: the fd, or -1 with errp set. With
 * nonblock, the connection may still be in progress (*in_progress).
 */
static int socket_connect(struct socket_chardev *s, bool nonblock,
                          bool *in_progress, Error **errp)
{
    struct addrinfo *res, *ai;
    struct sockaddr_un un;
    bool pending = false;
    int fd = -1, err = 0;

    if (s->is_unix) {
        if (socket_unix_addr(s->path, &un, errp) < 0) {
            return -1;
        }
        fd = socket_connect_addr(AF_UNIX, (struct sockaddr *)&un, sizeof(un),
                                 nonblock, &pending);
        if (fd < 0) {
            error_setg_errno(errp, errno, "Failed to connect to '%s'",
                             s->path);
        }
        return fd;
    }
    res = socket_resolve(s, s->port, false, errp);
    if (!res) {
        return -1;
    }
    for (ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket_connect_addr(ai->ai_family, ai->ai_addr, ai->ai_addrlen,
                                 nonblock, &pending);
        err = errno;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        error_setg_errno(errp, err, "Failed to connect to '%s:%s'", s->host,
                         s->port);
    }
    if (in_progress) {
        *in_progress = pending;
    }
    return fd;
}

static int socket_listen_unix(struct socket_chardev *s, Error **errp)
{
    struct sockaddr_un un;
    int fd;

    if (socket_unix_addr(s->path, &un, errp) < 0) {
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to create socket");
        return -1;
    }
    /* As QEMU: a stale socket file from an earlier run is replaced. */
    unlink(s->path);
    if (bind(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
        error_setg_errno(errp, errno, "Failed to bind socket to %s", s->path);
        close(fd);
        return -1;
    }
    s->bound_path = g_strdup(s->path);
    return fd;
}

static int socket_bind_inet(struct socket_chardev *s, const char *port,
                            int *err, Error **errp)
{
    struct addrinfo *res = socket_resolve(s, port, true, errp);
    int fd = -1;

    if (!res) {
        return -2;
    }
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        int one = 1, v6only = s->family == AF_INET6;

        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                    ai->ai_protocol);
        if (fd < 0) {
            *err = errno;
            continue;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (ai->ai_family == AF_INET6) {
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
                       sizeof(v6only));
        }
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
            *err = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    return fd;
}

/* Bind the first free port of port..to. */
static int socket_listen_inet(struct socket_chardev *s, Error **errp)
{
    uint64_t first, last;
    int err = EADDRINUSE;

    if (parse_uint64(s->port, &first) < 0 || first > 65535) {
        /* A service name: let getaddrinfo() resolve it, no range. */
        int fd = socket_bind_inet(s, s->port, &err, errp);

        if (fd == -1) {
            error_setg_errno(errp, err, "Failed to find an available port");
        }
        return fd < 0 ? -1 : fd;
    }
    last = s->port_to > first ? s->port_to : first;
    for (uint64_t p = first; p <= last; p++) {
        char port[8];
        int fd;

        snprintf(port, sizeof(port), "%u", (unsigned)p);
        fd = socket_bind_inet(s, port, &err, errp);
        if (fd >= 0) {
            return fd;
        }
        if (fd == -2) {
            return -1;
        }
    }
    error_setg_errno(errp, err, "Failed to find an available port");
    return -1;
}

static int socket_parse_fd(struct socket_chardev *s, Error **errp)
{
    uint64_t v;
    struct stat st;

    if (parse_uint64(s->fd_str, &v) < 0 || v > INT_MAX) {
        error_setg(errp, "Unable to parse FD number %s", s->fd_str);
        return -1;
    }
    if (fstat((int)v, &st) < 0 || !S_ISSOCK(st.st_mode)) {
        error_setg(errp, "File descriptor '%s' is not a socket", s->fd_str);
        return -1;
    }
    fcntl((int)v, F_SETFD, FD_CLOEXEC);
    return (int)v;
}

static int socket_open_server(struct socket_chardev *s, bool wait,
                              Error **errp)
{
    int family;
    char *local;

    if (s->fd_str) {
        s->listen_fd = socket_parse_fd(s, errp);
    } else if (s->is_unix) {
        s->listen_fd = socket_listen_unix(s, errp);
    } else {
        s->listen_fd = socket_listen_inet(s, errp);
    }
    if (s->listen_fd < 0) {
        return -EIO;
    }
    if (listen(s->listen_fd, 1) < 0) {
        error_setg_errno(errp, errno, "Failed to listen on socket");
        return -EIO;
    }
    fcntl(s->listen_fd, F_SETFL, fcntl(s->listen_fd, F_GETFL) | O_NONBLOCK);
    local = socket_fd_name(s->listen_fd, false, &family);
    s->is_unix = family == AF_UNIX;
    s->listen_name = g_strdup_printf("%s:%s,server=on",
                                     s->is_unix ? "unix" : "tcp", local);
    g_free(local);
    chr_set_filename(&s->chr, socket_disconnected_name(s));
    if (wait) {
        return socket_wait_first_client(s, errp);
    }
    socket_listen_watch(s);
    return 0;
}

static void socket_connect_failed(struct socket_chardev *s, Error *err)
{
    if (!s->connect_err_reported) {
        error_report("Unable to connect character device %s: %s",
                     s->chr.id, error_get_pretty(err));
        s->connect_err_reported = true;
    }
    error_free(err);
    socket_reconnect_later(s);
}

static gboolean socket_connect_done_cb(int fd, GIOCondition cond,
                                       gpointer opaque)
{
    struct socket_chardev *s = opaque;
    socklen_t len = sizeof(int);
    Error *err = NULL;
    int so_error = 0;

    s->connecting_tag = 0;
    s->connecting_fd = -1;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len) < 0) {
        so_error = errno;
    }
    if (so_error) {
        close(fd);
        error_setg_errno(&err, so_error, "Failed to connect to '%s:%s'",
                         s->host, s->port);
        socket_connect_failed(s, err);
    } else {
        s->connect_err_reported = false;
        socket_connected(s, fd);
    }
    return G_SOURCE_REMOVE;
}

/*
 * A retry, from the main loop: it must not block, so a TCP connect that
 * is still in progress completes in socket_connect_done_cb(). (Name
 * resolution still blocks; QEMU does it in a thread.)
 */
static gboolean socket_reconnect_cb(gpointer opaque)
{
    struct socket_chardev *s = opaque;
    bool in_progress = false;
    Error *err = NULL;
    int fd;

    s->reconnect_tag = 0;
    fd = socket_connect(s, true, &in_progress, &err);
    if (fd < 0) {
        socket_connect_failed(s, err);
    } else if (in_progress) {
        s->connecting_fd = fd;
        s->connecting_tag = g_unix_fd_add(fd, G_IO_OUT,
                                          socket_connect_done_cb, s);
    } else {
        s->connect_err_reported = false;
        socket_connected(s, fd);
    }
    return G_SOURCE_REMOVE;
}

static void socket_reconnect_later(struct socket_chardev *s)
{
    if (!s->reconnect_tag) {
        s->reconnect_tag = g_timeout_add_seconds(s->reconnect_s,
                                                 socket_reconnect_cb, s);
    }
}

static int socket_open_client(struct socket_chardev *s, Error **errp)
{
    Error *err = NULL;
    int fd;

    if (s->fd_str) {
        fd = socket_parse_fd(s, errp);
        if (fd < 0) {
            return -EIO;
        }
        socket_connected(s, fd);
        return 0;
    }
    chr_set_filename(&s->chr, socket_disconnected_name(s));
    fd = socket_connect(s, false, NULL, &err);
    if (fd >= 0) {
        socket_connected(s, fd);
        return 0;
    }
    if (!s->reconnect_s) {
        error_propagate(errp, err);
        return -EIO;
    }
    /* As QEMU: with reconnect=, a failed first attempt is not fatal. */
    error_report("Unable to connect character device %s: %s", s->chr.id,
                 error_get_pretty(err));
    error_free(err);
    s->connect_err_reported = true;
    socket_reconnect_later(s);
    return 0;
}

static void socket_close(struct chardev *chr)
{
    struct socket_chardev *s = container_of(chr, struct socket_chardev, chr);

    socket_disconnect(s);
    if (s->reconnect_tag) {
        g_source_remove(s->reconnect_tag);
    }
    if (s->connecting_tag) {
        g_source_remove(s->connecting_tag);
        close(s->connecting_fd);
    }
    if (s->listen_tag) {
        g_source_remove(s->listen_tag);
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
    }
    if (s->bound_path) {
        unlink(s->bound_path);
    }
    g_free(s->bound_path);
    g_free(s->listen_name);
    g_free(s->path);
    g_free(s->host);
    g_free(s->port);
    g_free(s->fd_str);
}

/* Options QEMU knows but splitvm does not implement: refuse when set. */
static int socket_refuse_unsupported(struct kv_opts *opts, Error **errp)
{
    static const char *const bools[] = {
        "telnet", "tn3270", "websocket", "abstract",
    };
    static const char *const strs[] = { "tls-creds", "tls-authz" };
    bool on;

    for (size_t i = 0; i < ARRAY_SIZE(bools); i++) {
        on = false;
        if (kv_get_bool(opts, bools[i], &on, errp) < 0) {
            return -EINVAL;
        }
        if (on) {
            error_setg(errp, "chardev: socket: '%s' is not supported by "
                       "splitvm", bools[i]);
            return -ENOTSUP;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(strs); i++) {
        if (kv_get(opts, strs[i])) {
            error_setg(errp, "chardev: socket: '%s' is not supported by "
                       "splitvm", strs[i]);
            return -ENOTSUP;
        }
    }
    /* tight= only matters for abstract sockets. */
    return kv_get_bool(opts, "tight", &on, errp);
}

static int socket_parse_flags(struct socket_chardev *s, struct kv_opts *opts,
                              bool *wait, Error **errp)
{
    bool ipv4 = false, ipv6 = false, delay = true, nodelay = false;
    bool nowait = false;
    uint64_t reconnect = 0, to = 0;

    if (kv_get_bool(opts, "server", &s->is_server, errp) < 0 ||
        kv_get_bool(opts, "wait", wait, errp) < 0 ||
        kv_get_bool(opts, "nowait", &nowait, errp) < 0 ||
        kv_get_bool(opts, "ipv4", &ipv4, errp) < 0 ||
        kv_get_bool(opts, "ipv6", &ipv6, errp) < 0 ||
        kv_get_bool(opts, "delay", &delay, errp) < 0 ||
        kv_get_bool(opts, "nodelay", &nodelay, errp) < 0 ||
        kv_get_u64(opts, "reconnect", &reconnect, errp) < 0 ||
        kv_get_u64(opts, "to", &to, errp) < 0 ||
        socket_refuse_unsupported(opts, errp) < 0) {
        return -EINVAL;
    }
    if (nowait) {
        *wait = false;                  /* legacy spelling of wait=off */
    }
    if (reconnect > G_MAXUINT / 1000 || to > 65535) {
        error_setg(errp, "Parameter '%s' is out of range",
                   to > 65535 ? "to" : "reconnect");
        return -EINVAL;
    }
    s->reconnect_s = reconnect;
    s->port_to = to;
    s->nodelay = nodelay || !delay;
    s->family = ipv4 == ipv6 ? AF_UNSPEC : ipv4 ? AF_INET : AF_INET6;
    return 0;
}

static int socket_parse(struct socket_chardev *s, struct kv_opts *opts,
                        bool *wait, Error **errp)
{
    bool has_wait = kv_has(opts, "wait") || kv_has(opts, "nowait");
    const char *path = kv_get(opts, "path");
    const char *host = kv_get(opts, "host");
    const char *port = kv_get(opts, "port");
    const char *fd = kv_get(opts, "fd");

    *wait = true;
    if (socket_parse_flags(s, opts, wait, errp) < 0) {
        return -EINVAL;
    }
    if (!!path + !!host + !!fd > 1) {
        error_setg(errp, "chardev: socket: only one of 'path', 'host' and "
                   "'fd' may be given");
        return -EINVAL;
    }
    if (!path && !host && !fd) {
        if (!port) {
            error_setg(errp, "chardev: socket: one of 'path', 'host' or "
                       "'fd' is required");
            return -EINVAL;
        }
        host = "";                      /* legacy "tcp::PORT" */
    }
    if (host && (!port || !*port)) {
        error_setg(errp, "chardev: socket: no port given");
        return -EINVAL;
    }
    if (!s->is_server && has_wait) {
        error_setg(errp, "'wait' option is incompatible with socket in "
                   "client connect mode");
        return -EINVAL;
    }
    if (s->is_server && s->reconnect_s) {
        error_setg(errp, "'reconnect' option is incompatible with socket in "
                   "server listen mode");
        return -EINVAL;
    }
    s->is_unix = path != NULL;
    s->path = g_strdup(path);
    s->host = g_strdup(host);
    s->port = g_strdup(port);
    s->fd_str = g_strdup(fd);
    return 0;
}

static int socket_open(struct chardev *chr, struct kv_opts *opts,
                       Error **errp)
{
    struct socket_chardev *s = container_of(chr, struct socket_chardev, chr);
    bool wait;
    int ret;

    s->fd = -1;
    s->listen_fd = -1;
    s->connecting_fd = -1;
    ret = socket_parse(s, opts, &wait, errp);
    if (ret == 0) {
        ret = s->is_server ? socket_open_server(s, wait, errp)
                           : socket_open_client(s, errp);
    }
    if (ret < 0) {
        socket_close(chr);
    }
    return ret;
}

const struct chardev_backend chr_backend_socket = {
    .name = "socket",
    .instance_size = sizeof(struct socket_chardev),
    .opts = socket_opts,
    .open = socket_open,
    .close = socket_close,
    .input_closed = socket_input_closed,
};
