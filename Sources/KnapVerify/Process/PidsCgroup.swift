import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A pids cgroup for one snippet: it caps the number of tasks (a fork bomb stops there) and lists
/// every process of the snippet, even those that left its session.
///
/// Used where the cgroup file system is writable (cgroup v1 `pids` hierarchy, or v2 with the pids
/// controller delegated); elsewhere ``create(maxTasks:)`` returns nil and RLIMIT_NPROC is used.
final class PidsCgroup: Sendable {
    let directory: String
    var procsPath: String { directory + "/cgroup.procs" }

    private init(directory: String) {
        self.directory = directory
    }

    private static let counter = Counter()

    /// The folder new cgroups go in, or nil when none can be made. Probed once.
    static let parent: String? = {
        guard let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return nil }
        var candidates: [String] = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let path = String(parts[2])
            if parts[1].split(separator: ",").contains("pids") { candidates.append("/sys/fs/cgroup/pids" + path) }
            if parts[0] == "0" && parts[1].isEmpty { candidates.append("/sys/fs/cgroup" + path) }
        }
        for candidate in candidates {
            let directory = candidate.hasSuffix("/") ? String(candidate.dropLast()) : candidate
            let probe = directory + "/knap-probe-\(getpid())"
            guard mkdir(probe, 0o755) == 0 else { continue }
            let usable = FileManager.default.fileExists(atPath: probe + "/pids.max")
            rmdir(probe)
            if usable {
                removeStale(in: directory)
                return directory
            }
        }
        return nil
    }()

    /// Removes the cgroups left by a Knap process that was killed (`knap-<pid>-<n>` whose pid is
    /// gone), killing first whatever still runs in them.
    private static func removeStale(in parent: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix("knap-") {
            let parts = name.split(separator: "-")
            guard parts.count == 3, let pid = pid_t(parts[1]), pid != getpid(), !TemporaryFolders.isRunning(pid) else { continue }
            let group = PidsCgroup(directory: parent + "/" + name)
            for _ in 0..<100 {
                let members = group.members()
                if members.isEmpty { break }
                for member in members { kill(member, SIGKILL) }
                usleep(2_000)
            }
            rmdir(group.directory) // fails, harmlessly, if a process is still inside
        }
    }

    static func create(maxTasks: Int) -> PidsCgroup? {
        guard let parent else { return nil }
        let directory = parent + "/knap-\(getpid())-\(counter.next())"
        guard mkdir(directory, 0o755) == 0 else { return nil }
        guard (try? "\(maxTasks)".write(toFile: directory + "/pids.max", atomically: false, encoding: .utf8)) != nil else {
            rmdir(directory)
            return nil
        }
        active.insert(directory)
        return PidsCgroup(directory: directory)
    }

    nonisolated(unsafe) private static var activeDirectories: Set<String> = []
    private static let activeLock = NSLock()
    private static var active: Registry { Registry() }

    /// The cgroups in use, so that an interrupted run can empty and remove them.
    struct Registry {
        func insert(_ directory: String) {
            activeLock.lock(); defer { activeLock.unlock() }
            activeDirectories.insert(directory)
        }
        func remove(_ directory: String) {
            activeLock.lock(); defer { activeLock.unlock() }
            activeDirectories.remove(directory)
        }
        var all: [String] {
            activeLock.lock(); defer { activeLock.unlock() }
            return Array(activeDirectories)
        }
    }

    /// Kills every process in the cgroups in use and removes them, for an interrupted run.
    static func killAndRemoveAll() {
        for directory in active.all {
            let group = PidsCgroup(directory: directory)
            for _ in 0..<100 {
                let members = group.members()
                if members.isEmpty { break }
                for pid in members { kill(pid, SIGKILL) }
                usleep(2_000)
            }
            group.remove()
        }
    }

    func members() -> [pid_t] {
        guard let text = try? String(contentsOfFile: procsPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { pid_t($0) }
    }

    /// Removes the cgroup; it must be empty (zombies reaped). Retries briefly while the kernel lets go.
    func remove() {
        defer { Self.active.remove(directory) }
        for _ in 0..<200 {
            if rmdir(directory) == 0 || errno == ENOENT { return }
            usleep(5_000)
        }
    }
}

/// A thread-safe counter for unique names.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
