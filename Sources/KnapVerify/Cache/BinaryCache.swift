import Foundation

/// Compiled snippet binaries by content hash, in `<vault>/.knap/cache/`. The folder is kept under
/// a size cap by removing the least recently used binaries first.
public final class BinaryCache: Sendable {
    public let directory: String
    public let capBytes: Int

    /// `directory` may be relative; it is made absolute here, because snippets run (and binaries
    /// are started) from their own temporary folders.
    public init(directory: String, capBytes: Int = 512 << 20) {
        self.directory = directory.hasPrefix("/")
            ? directory : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(directory)
        self.capBytes = capBytes
    }

    public func path(for key: String) -> String { directory + "/bin-" + key }

    /// The cached binary for `key`, touched so that eviction sees it as recently used; nil when absent.
    public func binary(for key: String) -> String? {
        let path = path(for: key)
        guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
        return path
    }

    /// Copies a freshly built binary into the cache (atomically, by rename) and returns its cached path.
    @discardableResult
    public func store(_ binary: String, key: String) -> String? {
        let target = path(for: key)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let temporary = directory + "/.tmp-\(key)-\(UUID().uuidString)"
            try FileManager.default.copyItem(atPath: binary, toPath: temporary)
            if rename(temporary, target) != 0 {
                try? FileManager.default.removeItem(atPath: temporary)
                return nil
            }
        } catch {
            return nil
        }
        evict()
        return target
    }

    /// Removes the oldest binaries until the folder is under the cap.
    public func evict() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        var entries: [(path: String, size: Int, date: Date)] = []
        for name in names where name.hasPrefix("bin-") {
            let path = directory + "/" + name
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
            entries.append((path, (attributes[.size] as? NSNumber)?.intValue ?? 0,
                            attributes[.modificationDate] as? Date ?? .distantPast))
        }
        var total = entries.reduce(0) { $0 + $1.size }
        for entry in entries.sorted(by: { $0.date < $1.date }) where total > capBytes {
            try? FileManager.default.removeItem(atPath: entry.path)
            total -= entry.size
        }
    }
}
