/*
 * Process-level options: -daemonize, -pidfile, -name process=.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "os-posix.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>

static int daemon_pipe = -1;
static char *pidfile_path;

int os_daemonize(void)
{
    int fds[2];
    pid_t pid;

    if (pipe(fds) < 0) {
        error_report("cannot daemonize: pipe: %s", g_strerror(errno));
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        error_report("cannot daemonize: fork: %s", g_strerror(errno));
        return -1;
    }
    if (pid > 0) {
        /* Parent: succeed only once the daemon reports it is running. */
        uint8_t status = 1;
        ssize_t n;

        close(fds[1]);
        do {
            n = read(fds[0], &status, 1);
        } while (n < 0 && errno == EINTR);
        _exit(n == 1 && status == 0 ? 0 : 1);
    }
    close(fds[0]);
    daemon_pipe = fds[1];
    fcntl(daemon_pipe, F_SETFD, FD_CLOEXEC);
    setsid();
    /* Second fork: the daemon is not a session leader, so it can never
     * acquire a controlling terminal. */
    pid = fork();
    if (pid < 0) {
        error_report("cannot daemonize: fork: %s", g_strerror(errno));
        _exit(1);
    }
    if (pid > 0) {
        _exit(0);
    }
    umask(027);
    return 0;
}

void os_setup_post(void)
{
    int null;
    uint8_t ok = 0;

    if (daemon_pipe < 0) {
        return;
    }
    if (chdir("/") < 0) {
        error_report("not able to chdir to /: %s", g_strerror(errno));
        _exit(1);
    }
    null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        if (null > STDERR_FILENO) {
            close(null);
        }
    }
    if (write(daemon_pipe, &ok, 1) != 1) {
        _exit(1);
    }
    close(daemon_pipe);
    daemon_pipe = -1;
}

static void remove_pidfile(void)
{
    if (pidfile_path) {
        unlink(pidfile_path);
    }
}

int os_write_pidfile(const char *path)
{
    char buf[32];
    int fd;
    int len;

    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        error_report("cannot create PID file: Cannot open pid file: %s",
                     g_strerror(errno));
        return -1;
    }
    /* Held until exit: a second instance with the same file fails. */
    if (lockf(fd, F_TLOCK, 0) < 0) {
        error_report("cannot create PID file: Cannot lock pid file: %s",
                     g_strerror(errno));
        close(fd);
        return -1;
    }
    len = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
    if (ftruncate(fd, 0) < 0 || write(fd, buf, len) != len) {
        error_report("cannot create PID file: Failed to write pid file: %s",
                     g_strerror(errno));
        close(fd);
        return -1;
    }
    pidfile_path = g_canonicalize_filename(path, NULL);
    atexit(remove_pidfile);
    return 0;
}

void os_set_proc_name(const char *name)
{
    char comm[16];

    g_strlcpy(comm, name, sizeof(comm));
    prctl(PR_SET_NAME, comm);
}
