import CKnapProcess
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why a process could not be started.
public enum ProcessError: Error, Sendable, CustomStringConvertible {
    /// fork, exec or a setup step in the child failed with this errno.
    case spawnFailed(executable: String, errno: Int32)
    case pipeFailed(errno: Int32)

    public var description: String {
        switch self {
        case .spawnFailed(let executable, let code): "cannot run \(executable): \(String(cString: strerror(code)))"
        case .pipeFailed(let code): "cannot create a pipe: \(String(cString: strerror(code)))"
        }
    }
}

/// Runs one program in isolation and waits for it, whatever it does.
///
/// The program gets its own session and process group, stdin from /dev/null (or `stdinFile`), the given
/// environment and folder (which is also its `TMPDIR`, whatever the environment says: the files
/// that compilers and snippets leave there go with the folder), and ``ProcessLimits``. Knap reads stdout and stderr up to the cap and
/// drops the rest, so memory stays flat. When the program exits, or at the timeout (SIGTERM, then
/// SIGKILL after the grace), every process it started is killed and reaped: its group, its session,
/// its pids cgroup when there is one, and orphans re-parented to Knap (a child subreaper) that
/// carry its `HOME`. Knap never waits for a pipe past the deadline.
public enum SandboxedProcess {
    /// Makes this process a child subreaper, once; returns whether that worked.
    @discardableResult
    public static func becomeSubreaper() -> Bool { subreaper }

    private static let subreaper: Bool = knap_set_child_subreaper() == 0

    /// On SIGINT or SIGTERM, kills every running snippet's process group, then exits with 128 + the
    /// signal, so that an interrupted run leaves no snippet behind (they are in sessions of their
    /// own, out of reach of the terminal's signals).
    public static func killChildrenOnInterrupt() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                ChildRegistry.killAllGroups()
                PidsCgroup.killAndRemoveAll()
                TemporaryFolders.removeAll()
                exit(128 + signalNumber)
            }
            source.resume()
            interruptSources.append(source)
        }
    }

    nonisolated(unsafe) private static var interruptSources: [any DispatchSourceSignal] = []

    /// With `sandbox`, the program runs under bubblewrap (see ``Sandbox``), with `directory` as its
    /// one writable folder; as root, that folder is first given to the uid it runs as.
    public static func run(executable: String, arguments: [String], environment: [String: String],
                           directory: String, limits: ProcessLimits,
                           homeIsPrivate: Bool, stdinFile: String? = nil,
                           sandbox: Sandbox? = nil) throws(ProcessError) -> ProcessOutcome {
        becomeSubreaper()
        let start = Date()
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard knap_pipe_cloexec(&outPipe) == 0 else { throw .pipeFailed(errno: errno) }
        guard knap_pipe_cloexec(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw .pipeFailed(errno: errno)
        }
        // stdin: the given file (a snippet's `stdin=` or ```input fence), otherwise /dev/null.
        let devNull = open(stdinFile ?? "/dev/null", O_RDONLY | O_CLOEXEC)

        let cgroup = limits.useCgroup ? limits.processes.flatMap { PidsCgroup.create(maxTasks: $0) } : nil
        var cLimits = knap_limits(cpu_seconds: Int64(limits.cpuSeconds ?? -1), address_space_bytes: Int64(limits.memoryBytes ?? -1),
                                  file_size_bytes: Int64(limits.fileSizeBytes ?? -1), processes: -1)
        let user = sandbox.flatMap(Self.sandboxUser)
        defer { if let user, sandbox?.role == .snippet { SandboxUsers.release(user) } }
        if user != nil, sandbox?.role == .snippet, let processes = limits.processes {
            // The worker uid is the snippet's alone: RLIMIT_NPROC counts exactly its tasks.
            cLimits.processes = Int64(processes)
        } else if cgroup == nil, let processes = limits.processes, getuid() != 0 {
            // RLIMIT_NPROC counts all the user's tasks, so the cap sits above what already runs.
            cLimits.processes = Int64(processes + UserTasks.count())
        }

        var argv = [executable] + arguments
        var program = executable
        if let sandbox {
            if let user { SandboxUsers.own(directory, by: user) }
            argv = [Sandbox.bwrap] + sandbox.arguments(directory: directory, command: argv, user: user)
            program = Sandbox.bwrap
        }
        var environment = environment
        environment["TMPDIR"] = directory
        let envp = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var spawnError: Int32 = 0
        let pid: pid_t = withCStrings(argv) { cArgv in
            withCStrings(envp) { cEnvp in
                withUnsafePointer(to: &cLimits) { limitsPointer in
                    ChildRegistry.spawn {
                        knap_spawn(program, cArgv, cEnvp, directory, devNull, outPipe[1], errPipe[1], 1,
                                   limitsPointer, cgroup?.procsPath, &spawnError)
                    }
                }
            }
        }
        close(devNull)
        close(outPipe[1])
        close(errPipe[1])
        guard pid > 0 else {
            close(outPipe[0]); close(errPipe[0])
            cgroup?.remove()
            throw .spawnFailed(executable: program, errno: spawnError)
        }

        let group = ProcessGroup(leader: pid, home: homeIsPrivate ? environment["HOME"] : nil, cgroup: cgroup)
        if sandbox != nil { group.findNamespaceInit() }
        // Root is exempt from RLIMIT_NPROC: without a cgroup, a watchdog counts the snippet's
        // processes every 20 ms and kills them all past the limit.
        let watchdog = cgroup == nil && getuid() == 0 && user == nil ? limits.processes : nil
        var tooManyProcesses = false
        var stdout = CappedBuffer(cap: limits.outputCap)
        var stderr = CappedBuffer(cap: limits.outputCap)
        var status: Int32?
        var timedOut = false
        let deadline = start.addingTimeInterval(limits.timeout)
        var killDeadline: Date?
        var fds = [pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0),
                   pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        // A pidfd wakes the loop the moment the program ends; without one, the loop looks every 10 ms.
        let pidfd = knap_pidfd_open(pid)
        defer { if pidfd >= 0 { close(pidfd) } }

        while true {
            if status == nil { status = reap(pid) }
            if status != nil && !group.finished {
                // The program is done: nothing it started may outlive it or hold its pipes.
                group.killAll(signal: SIGKILL)
            }
            let open = fds.contains { $0.fd >= 0 }
            if status != nil && !open { break }
            let now = Date()
            if now >= deadline && !timedOut && status == nil {
                timedOut = true
                group.killAll(signal: SIGTERM)
                killDeadline = now.addingTimeInterval(limits.killGrace)
            }
            if let killDeadline, now >= killDeadline, status == nil {
                group.killAll(signal: SIGKILL)
            }
            if status != nil && now >= deadline {
                break // a pipe is still held by a process Knap could not attribute; stop waiting.
            }
            if let watchdog, status == nil, !tooManyProcesses, group.liveCount() > watchdog {
                tooManyProcesses = true
                group.killAll(signal: SIGKILL)
            }
            // Wake for output, for the exit (pidfd), or at the next deadline.
            var wait: Int32 = 10
            if pidfd >= 0 && status == nil {
                let next = killDeadline ?? deadline
                wait = Int32(max(1, min(1000, next.timeIntervalSince(now) * 1000 + 1)))
            } else if status != nil {
                wait = Int32(max(1, min(1000, deadline.timeIntervalSince(now) * 1000 + 1)))
            }
            if watchdog != nil && status == nil { wait = min(wait, 20) }
            var all = fds
            if pidfd >= 0 && status == nil { all.append(pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)) }
            let active = all.filter { $0.fd >= 0 }.count
            var ready: Int32 = 0
            if active > 0 {
                // poll ignores negative fds, so closed pipes can stay in the array.
                ready = poll(&all, nfds_t(all.count), wait)
                fds[0].revents = all[0].revents
                fds[1].revents = all[1].revents
            } else {
                usleep(UInt32(wait) * 1000)
            }
            if ready > 0 {
                for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                    let count = buffer.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
                    if count > 0 {
                        let chunk = buffer[0..<count]
                        if index == 0 { stdout.append(chunk) } else { stderr.append(chunk) }
                    } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                        close(fds[index].fd)
                        fds[index].fd = -1
                    }
                    fds[index].revents = 0
                }
            }
        }
        for fd in fds where fd.fd >= 0 { close(fd.fd) }
        group.killAll(signal: SIGKILL)
        group.release()
        ChildRegistry.release(pid)
        ChildRegistry.reapStrays()

        var termination: ProcessOutcome.Termination
        let raw = status ?? 0
        if raw & 0x7f == 0 { termination = .exited((raw >> 8) & 0xff) } else { termination = .signaled(raw & 0x7f) }
        if sandbox != nil, case .exited(let code) = termination, code > 128, code <= 128 + 64 {
            // bwrap reports a program killed by signal N as exit status 128 + N, as shells do.
            termination = .signaled(code - 128)
        }
        return ProcessOutcome(termination: termination, stdout: stdout.data, stderr: stderr.data,
                              stdoutTruncated: stdout.truncated, stderrTruncated: stderr.truncated,
                              timedOut: timedOut, tooManyProcesses: tooManyProcesses, duration: Date().timeIntervalSince(start))
    }

    /// The uid a sandboxed program runs as: nil for an ordinary user (a user namespace keeps who they are).
    private static func sandboxUser(_ sandbox: Sandbox) -> uid_t? {
        guard SandboxUsers.dropsFromRoot else { return nil }
        return sandbox.role == .tool ? SandboxUsers.compiler : SandboxUsers.lease()
    }

    /// The raw wait status once `pid` has ended, or nil while it runs.
    private static func reap(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid { return status }
        if result < 0 && errno == ECHILD { return 0 }
        return nil
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        // Never empty (the nil terminator), so the buffer always has a base address.
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// Keeps the first `cap` bytes of a stream and counts the rest.
struct CappedBuffer {
    let cap: Int
    private(set) var data = Data()
    private(set) var truncated = false

    init(cap: Int) { self.cap = cap }

    mutating func append(_ bytes: ArraySlice<UInt8>) {
        let room = cap - data.count
        if room >= bytes.count {
            data.append(contentsOf: bytes)
        } else {
            if room > 0 { data.append(contentsOf: bytes.prefix(room)) }
            if !truncated { truncated = true; data.append(contentsOf: Array(ProcessOutcome.truncationMark.utf8)) }
        }
    }
}

/// The number of tasks (threads) the current user has, which is what RLIMIT_NPROC counts.
enum UserTasks {
    static func count() -> Int {
        let uid = getuid()
        var total = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where pid_t(name) != nil {
            guard let status = try? String(contentsOfFile: "/proc/\(name)/status", encoding: .utf8) else { continue }
            var owner: uid_t?
            var threads = 1
            for line in status.split(separator: "\n") {
                if line.hasPrefix("Uid:") { owner = line.split(separator: "\t").dropFirst().first.flatMap { uid_t($0) } }
                if line.hasPrefix("Threads:") { threads = Int(line.dropFirst(8).trimmingCharacters(in: .whitespaces)) ?? 1 }
            }
            if owner == uid { total += threads }
        }
        return total
    }
}
