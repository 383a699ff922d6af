import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The uids a sandbox runs as when Knap is root: otherwise unused ids far above any account's
/// (no `/etc/passwd` entry, no files outside Knap's folders). The compilers share ``compiler``,
/// which owns the Swift module cache; each snippet running at once gets a worker uid of its own,
/// so that RLIMIT_NPROC counts only its processes. Worker uids differ between Knap processes
/// (the pid picks a block of 128), so that two runs at once share no limits either.
public enum SandboxUsers {
    public static let compiler: uid_t = 2_146_000_000
    static let blockSize: uid_t = 128

    private static let lock = NSLock()
    nonisolated(unsafe) private static var leased: Set<uid_t> = []

    /// Whether the sandbox drops from root to these uids (rather than using a user namespace).
    public static var dropsFromRoot: Bool { getuid() == 0 }

    static var firstWorker: uid_t { compiler + 1 + uid_t(getpid() % 8192) * blockSize }

    /// A worker uid no running snippet of this process has; give it back with ``release(_:)``.
    static func lease() -> uid_t {
        lock.lock()
        defer { lock.unlock() }
        let first = firstWorker
        var uid = first
        while leased.contains(uid) && uid < first + blockSize - 1 { uid += 1 }
        leased.insert(uid)
        return uid
    }

    static func release(_ uid: uid_t) {
        lock.lock()
        defer { lock.unlock() }
        leased.remove(uid)
    }

    /// Gives `path` and everything inside it to `uid` (group too), never following a symlink:
    /// a snippet may leave links to files it must not get.
    static func own(_ path: String, by uid: uid_t) {
        lchown(path, uid, uid)
        var pending = [path]
        while let folder = pending.popLast() {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                let child = folder + "/" + name
                var info = stat()
                guard lstat(child, &info) == 0 else { continue }
                lchown(child, uid, uid)
                if info.st_mode & S_IFMT == S_IFDIR { pending.append(child) }
            }
        }
    }
}
