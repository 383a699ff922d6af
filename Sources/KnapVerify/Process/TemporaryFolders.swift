import Foundation

/// The temporary folders of the snippets running now, so that an interrupted run removes them too.
enum TemporaryFolders {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var folders: Set<String> = []

    /// Makes a fresh folder `<tmp>/<prefix>XXXXXX` and registers it; nil when that fails.
    static func make(prefix: String) -> String? {
        let base = NSTemporaryDirectory()
        var bytes = Array(((base.hasSuffix("/") ? base : base + "/") + prefix + "XXXXXX").utf8CString)
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
}
