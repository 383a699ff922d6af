#define _GNU_SOURCE
#include "knap_process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

static void report_and_exit(int fd, int error) {
    ssize_t ignored = write(fd, &error, sizeof error);
    (void)ignored;
    _exit(127);
}

static int set_limit(int resource, long long value) {
    if (value < 0) return 0;
    struct rlimit limit = { (rlim_t)value, (rlim_t)value };
    return setrlimit(resource, &limit);
}

/// Writes the decimal pid without stdio (async-signal-safe).
static int write_pid(const char *path) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char buffer[24];
    int length = 0;
    pid_t pid = getpid();
    char reversed[24];
    do { reversed[length++] = (char)('0' + pid % 10); pid /= 10; } while (pid > 0);
    for (int i = 0; i < length; i++) buffer[i] = reversed[length - 1 - i];
    ssize_t written = write(fd, buffer, (size_t)length);
    int saved = errno;
    close(fd);
    errno = saved;
    return written == length ? 0 : -1;
}

static void close_other_fds(int keep) {
#ifdef SYS_close_range
    if (keep > 3) syscall(SYS_close_range, 3u, (unsigned)(keep - 1), 0u);
    if (syscall(SYS_close_range, (unsigned)(keep + 1), ~0u, 0u) == 0) return;
#endif
    long max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > 65536) max = 65536;
    for (int fd = 3; fd < max; fd++) if (fd != keep) close(fd);
}

pid_t knap_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                 int in_fd, int out_fd, int err_fd, int new_session,
                 const knap_limits *limits, const char *cgroup_procs, int *error_out) {
    int status_pipe[2];
    if (pipe2(status_pipe, O_CLOEXEC) != 0) { *error_out = errno; return -1; }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        *error_out = errno;
        close(status_pipe[0]);
        close(status_pipe[1]);
        return -1;
    }
    if (pid == 0) {
        int report = status_pipe[1];
        sigset_t empty;
        sigemptyset(&empty);
        sigprocmask(SIG_SETMASK, &empty, NULL);
        for (int signal_number = 1; signal_number < NSIG; signal_number++) {
            if (signal_number == SIGKILL || signal_number == SIGSTOP) continue;
            signal(signal_number, SIG_DFL);
        }
        if (new_session && setsid() < 0) report_and_exit(report, errno);
#ifdef PR_SET_PDEATHSIG
        /* Killed with Knap (even by SIGKILL), so that no sandbox outlives the run. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) report_and_exit(report, errno);
        if (getppid() != parent) _exit(127);
#endif
        if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) report_and_exit(report, errno);
        close_other_fds(report);
        if (cwd && chdir(cwd) != 0) report_and_exit(report, errno);
        if (cgroup_procs && write_pid(cgroup_procs) != 0) report_and_exit(report, errno);
        if (limits) {
            if (set_limit(RLIMIT_CPU, limits->cpu_seconds) != 0
                || set_limit(RLIMIT_AS, limits->address_space_bytes) != 0
                || set_limit(RLIMIT_FSIZE, limits->file_size_bytes) != 0
                || set_limit(RLIMIT_NPROC, limits->processes) != 0
                || set_limit(RLIMIT_CORE, 0) != 0) {
                report_and_exit(report, errno);
            }
        }
        execve(path, argv, envp);
        report_and_exit(report, errno);
    }
    close(status_pipe[1]);
    int child_error = 0;
    ssize_t got;
    do { got = read(status_pipe[0], &child_error, sizeof child_error); } while (got < 0 && errno == EINTR);
    close(status_pipe[0]);
    if (got == (ssize_t)sizeof child_error) {
        int ignored_status;
        while (waitpid(pid, &ignored_status, 0) < 0 && errno == EINTR) {}
        *error_out = child_error;
        return -1;
    }
    return pid;
}

int knap_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

int knap_pidfd_open(pid_t pid) {
#if defined(__linux__) && defined(SYS_pidfd_open)
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fd >= 0) fcntl(fd, F_SETFD, FD_CLOEXEC);
    return fd;
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

int knap_set_child_subreaper(void) {
#ifdef PR_SET_CHILD_SUBREAPER
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}
