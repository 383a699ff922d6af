#ifndef KNAP_PROCESS_H
#define KNAP_PROCESS_H

#include <sys/types.h>

/// Resource limits applied in the child between fork and exec. A value below 0 leaves the limit alone.
typedef struct {
    long long cpu_seconds;
    long long address_space_bytes;
    long long file_size_bytes;
    long long processes;
} knap_limits;

/// Forks and execs `path` with `argv` and `envp` (NULL-terminated arrays).
///
/// In the child, before exec: a new session (and so a new process group) when `new_session`;
/// SIGKILL once the thread that called knap_spawn ends (PR_SET_PDEATHSIG: with Knap, even a SIGKILLed one,
/// so the caller waits for the child on that thread);
/// stdin/stdout/stderr from `in_fd`/`out_fd`/`err_fd`; every other descriptor closed; the signal
/// mask cleared and every signal disposition reset to default; `cwd`; the pid written to
/// `cgroup_procs` when it is not NULL; then the limits in `limits` when it is not NULL.
/// Only async-signal-safe calls run in the child.
///
/// Returns the child's pid, or -1 with `*error_out` set to the errno of the step that failed
/// (fork, or in the child: setsid, chdir, cgroup, setrlimit, exec). The caller owns the fds.
pid_t knap_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                 int in_fd, int out_fd, int err_fd, int new_session,
                 const knap_limits *limits, const char *cgroup_procs, int *error_out);

/// pipe2 with O_CLOEXEC, so a pipe never leaks into another snippet's process.
int knap_pipe_cloexec(int fds[2]);

/// A pidfd for `pid` (readable once the process ends), or -1 where the kernel has none.
int knap_pidfd_open(pid_t pid);

/// prctl(PR_SET_CHILD_SUBREAPER, 1): orphaned descendants are re-parented to this process.
int knap_set_child_subreaper(void);

#endif
