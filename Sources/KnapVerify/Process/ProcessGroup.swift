import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Every process one snippet started: its process group and session (led by `leader`), its pids
/// cgroup, and processes that left both (double forks, `setsid` daemons) but still carry the
/// snippet's `HOME`, the snippet's own temporary folder.
final class ProcessGroup {
    let leader: pid_t
    let home: String?
    let cgroup: PidsCgroup?
    private(set) var finished = false
    /// Every pid seen as a member, so its zombie is still recognised once its environment is gone.
    private var known: Set<pid_t> = []
    /// Under bubblewrap, the PID namespace's init (see ``findNamespaceInit()``).
    private var namespaceInits: Set<pid_t> = []

    init(leader: pid_t, home: String?, cgroup: PidsCgroup?) {
        self.leader = leader
        self.home = home
        self.cgroup = cgroup
    }

    /// Sends `signal` to every process of the snippet except the leader's zombie. With SIGKILL it
    /// repeats until none is left alive (a fork bomb keeps forking while it is being killed), then
    /// reaps the members re-parented to Knap.
    /// For a leader that is bubblewrap: waits (50 ms at most) for it to start its PID namespace's
    /// init, and remembers it. bwrap exits as soon as its program does, while the init is still
    /// emptying the namespace; the init then comes back to Knap, which must wait for it.
    func findNamespaceInit() {
        for _ in 0..<50 {
            namespaceInits.formUnion(ProcessTable.children(of: leader))
            if !namespaceInits.isEmpty || Self.isDead(leader) { return }
            usleep(1_000)
        }
    }

    func killAll(signal: Int32) {
        kill(-leader, signal)
        kill(leader, signal)
        let me = getpid()
        var rounds = 0
        while true {
            let alive = members().filter { $0.pid != me && $0.state != "Z" && $0.pid != leader }
            for entry in alive { kill(entry.pid, signal) }
            reapOrphans()
            rounds += 1
            if signal != SIGKILL || alive.isEmpty || rounds > 500 { break }
        }
        if signal == SIGKILL, Self.isDead(leader) { finished = true }
    }

    /// How many processes of the snippet are alive now.
    func liveCount() -> Int {
        members().filter { $0.state != "Z" }.count
    }

    /// Reaps what is left and removes the cgroup. A namespace init that came back to Knap is
    /// waited for (it is already dying), so that it never stays behind as a zombie.
    func release() {
        for pid in namespaceInits {
            var waited = 0
            while !ChildRegistry.reapStray(pid), waited < 5_000 {
                usleep(1_000)
                waited += 1
            }
        }
        reapOrphans()
        cgroup?.remove()
    }

    private func members() -> [ProcessTable.Entry] {
        if let cgroup {
            // The cgroup holds every process of the snippet, whatever session it moved to.
            let found = ([leader] + cgroup.members()).compactMap(ProcessTable.entry)
            known.formUnion(found.map(\.pid))
            return found
        }
        let table = ProcessTable.read()
        let me = getpid()
        let found = table.entries.filter { entry in
            if entry.pid == leader || known.contains(entry.pid) { return true }
            if entry.session == leader || entry.group == leader { return true }
            // A process that left the session comes back to Knap (the subreaper) once its parent
            // is killed; the snippet's private HOME says whose it is.
            if let home, entry.parent == me, entry.state != "Z", ProcessTable.home(of: entry.pid) == home { return true }
            return false
        }
        known.formUnion(found.map(\.pid))
        return found
    }

    /// Waits for processes that were re-parented to Knap and have ended, so no zombie stays.
    private func reapOrphans() {
        ChildRegistry.reapStrays()
    }

    private static func isDead(_ pid: pid_t) -> Bool {
        guard let entry = ProcessTable.entry(pid) else { return true }
        return entry.state == "Z"
    }
}
