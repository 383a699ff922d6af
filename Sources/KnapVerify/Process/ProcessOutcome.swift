import Foundation

/// How a process ended and what it wrote.
public struct ProcessOutcome: Sendable {
    public enum Termination: Sendable, Hashable {
        case exited(Int32)
        case signaled(Int32)
    }

    public var termination: Termination
    public var stdout: Data
    public var stderr: Data
    /// Whether stdout or stderr went over the cap; the kept part is followed by ``truncationMark``.
    public var stdoutTruncated: Bool
    public var stderrTruncated: Bool
    /// Whether the timeout ended the run.
    public var timedOut: Bool
    /// Whether Knap killed the run for starting more processes than its limit (the watchdog used
    /// where neither a pids cgroup nor RLIMIT_NPROC can hold a fork bomb, as for root without cgroups).
    public var tooManyProcesses = false
    public var duration: Double

    public static let truncationMark = "\n[… output truncated by knap at 1 MiB …]\n"

    public var succeeded: Bool { termination == .exited(0) && !timedOut }

    /// `exit status 3`, `killed by signal 9 (SIGKILL)`, or `timed out after 10 s`.
    public func describeTermination(timeout: Double) -> String {
        if timedOut { return "timed out after \(Self.seconds(timeout)) s" }
        if tooManyProcesses { return "killed for starting too many processes" }
        switch termination {
        case .exited(let code): return "exit status \(code)"
        case .signaled(let signal): return "killed by signal \(signal)\(Self.signalName(signal).map { " (\($0))" } ?? "")"
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func signalName(_ signal: Int32) -> String? {
        [1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
         9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM", 24: "SIGXCPU", 25: "SIGXFSZ"][signal]
    }
}
