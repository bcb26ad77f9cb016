/*
 * spawn-rusage: run a command, then print its wall time and peak RSS, for
 * the start-to-exit benchmark (run-bench.py).
 *
 * Why not os.wait4() in Python: a child's ru_maxrss is the high-water mark
 * of every address space it had, including the copy of its parent that
 * exists between fork() and exec(). Started from Python, every child would
 * report at least the interpreter's ~10 MiB. Started from this small
 * program, the floor is ~1 MiB (what `spawn-rusage /bin/true` shows).
 *
 * Usage: spawn-rusage [-q] COMMAND [ARG...]
 *   -q  send the command's stdout and stderr to /dev/null
 * After the command ends, one line on stderr:
 *   spawn-rusage: wall_us=N maxrss_kb=N status=N
 * where status is the exit status, or 128 + signal number.
 * spawn-rusage itself exits 0 unless it could not run the command.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static void quiet_stdio(void)
{
    int fd = open("/dev/null", O_RDWR);

    if (fd < 0) {
        return;
    }
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    close(fd);
}

int main(int argc, char **argv)
{
    int first = 1, quiet = 0, status;
    struct rusage ru;
    long long t0;
    pid_t pid;

    if (argc > 1 && !strcmp(argv[1], "-q")) {
        quiet = 1;
        first = 2;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: spawn-rusage [-q] COMMAND [ARG...]\n");
        return 2;
    }
    t0 = now_us();
    pid = fork();
    if (pid < 0) {
        perror("spawn-rusage: fork");
        return 2;
    }
    if (pid == 0) {
        if (quiet) {
            quiet_stdio();
        }
        execvp(argv[first], argv + first);
        fprintf(stderr, "spawn-rusage: %s: %s\n", argv[first],
                strerror(errno));
        _exit(127);
    }
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("spawn-rusage: wait4");
            return 2;
        }
    }
    fprintf(stderr, "spawn-rusage: wall_us=%lld maxrss_kb=%ld status=%d\n",
            now_us() - t0, ru.ru_maxrss,
            WIFEXITED(status) ? WEXITSTATUS(status)
                              : 128 + WTERMSIG(status));
    return 0;
}
