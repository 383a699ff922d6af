import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The processes Knap started itself and waits for by pid. Everything else that ends up as
/// Knap's child (orphans re-parented to the subreaper) is reaped by ``reapStrays()``, which must
/// never take a registered child's exit status from the run that waits for it.
enum ChildRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var leaders: Set<pid_t> = []

    /// Starts a process and registers it, with no reaper able to run in between.
    static func spawn(_ start: () -> pid_t) -> pid_t {
        lock.lock()
        defer { lock.unlock() }
        let pid = start()
        if pid > 0 { leaders.insert(pid) }
        return pid
    }

    /// Called once the owner has reaped its child.
    static func release(_ pid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        leaders.remove(pid)
    }

    /// Kills the process groups of every registered child, for an interrupted run.
    static func killAllGroups() {
        lock.lock()
        defer { lock.unlock() }
        for pid in leaders {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
    }

    /// Reaps `pid` if it is an unregistered child of Knap that has ended; true once it is no child
    /// to wait for (reaped now or before, or never Knap's), false while it runs.
    static func reapStray(_ pid: pid_t) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if leaders.contains(pid) { return true } // the pid is now another run's child: not ours to take
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) != 0
    }

    /// Reaps ended processes whose parent is Knap and that no run is waiting for.
    static func reapStrays() {
        lock.lock()
        defer { lock.unlock() }
        for pid in ProcessTable.children() where !leaders.contains(pid) {
            guard let entry = ProcessTable.entry(pid), entry.state == "Z" else { continue }
            var status: Int32 = 0
            waitpid(pid, &status, WNOHANG)
        }
    }
}
