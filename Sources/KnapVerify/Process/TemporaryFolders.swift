import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The temporary folders of the snippets running now, so that an interrupted run removes them too.
///
/// A folder's name carries the pid of the Knap that made it (`knap-snippet-<pid>-XXXXXX`), so the
/// first folder a run makes first removes those whose Knap is gone (killed with SIGKILL), and
/// leaves a concurrent run's alone.
enum TemporaryFolders {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var folders: Set<String> = []

    private static var base: String {
        let base = NSTemporaryDirectory()
        return base.hasSuffix("/") ? base : base + "/"
    }

    /// Makes a fresh folder `<tmp>/<prefix><pid>-XXXXXX` and registers it; nil when that fails.
    static func make(prefix: String) -> String? {
        _ = staleRemoved
        var bytes = Array((base + prefix + "\(getpid())-XXXXXX").utf8CString)
        guard let made = mkdtemp(&bytes) else { return nil }
        let path = String(cString: made)
        lock.lock()
        defer { lock.unlock() }
        folders.insert(path)
        return path
    }

    /// Removes a folder and forgets it.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
        lock.lock()
        defer { lock.unlock() }
        folders.remove(path)
    }

    /// Removes every registered folder (for an interrupted run).
    static func removeAll() {
        lock.lock()
        let all = folders
        folders = []
        lock.unlock()
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }

    private static let staleRemoved: Bool = {
        removeStale(in: base)
        return true
    }()

    /// Removes this user's `knap-…-<pid>-XXXXXX` folders in `folder` whose pid is not running (for
    /// root, whoever owns them: the sandbox gave them to its uids).
    static func removeStale(in folder: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            guard let pid = ownerPid(of: name), pid != getpid(), !isRunning(pid) else { continue }
            let path = (folder.hasSuffix("/") ? folder : folder + "/") + name
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR,
                  info.st_uid == getuid() || getuid() == 0 else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// The pid in a name made by ``make(prefix:)``: `knap-<kind>-<pid>-XXXXXX`.
    static func ownerPid(of name: String) -> pid_t? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard name.hasPrefix("knap-"), parts.count >= 4, parts[parts.count - 1].count == 6 else { return nil }
        return pid_t(parts[parts.count - 2]).flatMap { $0 > 0 ? $0 : nil }
    }

    static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
}
