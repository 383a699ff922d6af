import Foundation
import KnapMarkdown
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists a vault's files. Every `.md` file is a note, every other file an attachment.
///
/// Skipped: files and folders whose name starts with `.` (as in Obsidian; this covers `.obsidian/`,
/// `.git/`, `.trash/` and `.knap/`), and what `knap.yaml` lists under `ignore:`.
/// Symlinks are followed while their real path stays inside the vault (and out of its hidden
/// folders): a symlink to anything else (`/etc/shadow`, `~/.ssh`, `.obsidian/plugins/x/data.json`) is
/// skipped with an `external-symlink` warning, unless ``followExternalSymlinks`` (only ever from the
/// command line: a vault never loosens its own safety). A loop, a broken link or a name that is not
/// UTF-8 gives a warning, an unreadable folder an error, and the scan goes on.
///
/// The walk works on bytes and asks the kernel as little as it can: each folder is read once, its
/// entries are stat'ed relative to it, and entries that `readdir` says are folders are not stat'ed at all
/// (a folder's identity, for the symlink-loop check, is looked up only when a symlinked folder is met).
/// Folders of one depth are listed on all cores. The scan is most of what an update with nothing to do costs.
public struct VaultScanner: Sendable {
    public var root: String
    public var config: VaultConfig
    /// Follow symlinks whose real path is outside the vault (or in one of its hidden folders) too.
    public var followExternalSymlinks: Bool

    public init(root: String, config: VaultConfig = VaultConfig(), followExternalSymlinks: Bool = false) {
        self.root = root
        self.config = config
        self.followExternalSymlinks = followExternalSymlinks
    }

    public func scan() -> VaultScan {
        var rootStat = stat()
        guard stat(root, &rootStat) == 0 else {
            return VaultScan(diagnostics: [Diagnostic(path: root, line: 1, column: 1, severity: .error,
                                                      code: "unreadable-directory", message: "cannot open the vault folder")])
        }
        // The vault's real path, which every symlink's real path must be inside (nil: follow all).
        let realRoot = followExternalSymlinks ? nil : Self.realPath(Array(root.utf8)) ?? Array(root.utf8)
        let root = Array(root.utf8)
        let config = config
        // A depth at a time; the folders of one depth on all cores: listing is mostly waiting for the
        // kernel (a stat per file), and two cores wait for two folders at once.
        var levels: [[Listing]] = []
        var current = [Folder(path: [], ancestors: [(path: [], id: FileID(rootStat))])]
        while !current.isEmpty {
            let folders = current
            let listings = folders.count < 2 ? folders.map { $0.list(root: root, realRoot: realRoot, config: config) }
                : Self.concurrentMap(folders) { $0.list(root: root, realRoot: realRoot, config: config) }
            levels.append(listings)
            current = listings.flatMap(\.subfolders)
        }
        var walk = Walk(levels: levels)
        walk.emit(depth: 0, index: 0)
        return walk.result()
    }

    /// The canonical absolute path of `path` (symlinks, `.` and `..` resolved), or nil.
    public static func realPath(_ path: [UInt8]) -> [UInt8]? {
        withCString(path) { cPath -> [UInt8]? in
            guard let resolved = realpath(cPath, nil) else { return nil }
            defer { free(resolved) }
            return Array(UnsafeBufferPointer(start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self),
                                             count: strlen(resolved)))
        }
    }

    /// Why the symlink at absolute `path` may not be followed: its real path is outside the vault
    /// whose real path is `realRoot`, or inside one of the vault's hidden folders; nil when it is fine.
    static func externalReason(_ path: [UInt8], realRoot: [UInt8]) -> String? {
        guard let real = realPath(path) else { return "its target cannot be resolved" }
        let slash = UInt8(ascii: "/")
        if real == realRoot { return nil }
        let prefix = realRoot == [slash] ? realRoot : realRoot + [slash]
        guard real.starts(with: prefix) else {
            return "it points outside the vault (\(String(decoding: real, as: UTF8.self)))"
        }
        if real.dropFirst(prefix.count).split(separator: slash).contains(where: { $0.first == UInt8(ascii: ".") }) {
            return "it points into a hidden file or folder of the vault (\(String(decoding: real.dropFirst(prefix.count), as: UTF8.self)))"
        }
        return nil
    }

    /// `transform` of each element, on all cores, in the elements' order.
    private static func concurrentMap<T: Sendable, R: Sendable>(_ elements: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let results = Results<R>(count: elements.count)
        DispatchQueue.concurrentPerform(iterations: elements.count) { index in
            results.set(index, transform(elements[index]))
        }
        return results.values
    }

    /// One slot per element, each written by one worker, read after all have finished.
    private final class Results<R: Sendable>: @unchecked Sendable {
        private var storage: [R?]
        private let lock = NSLock()

        init(count: Int) {
            storage = Array(repeating: nil, count: count)
        }

        func set(_ index: Int, _ value: R) {
            lock.withLock { storage[index] = value }
        }

        var values: [R] {
            lock.withLock { storage.compactMap { $0 } }
        }
    }
}

extension VaultScanner {
    private struct FileID: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// What listing one folder found, in the order of its entries.
    private enum Item: Sendable {
        case file(ScannedFile, isNote: Bool)
        /// The n-th of the listing's ``Listing/subfolders``.
        case folder(Int)
        case finding(Diagnostic)
    }

    private struct Listing: Sendable {
        var items: [Item] = []
        var subfolders: [Folder] = []
        var sawNonASCII = false
    }

    /// A folder to list: its vault-relative path and the folders above it (for the symlink-loop check).
    private struct Folder: Sendable {
        var path: [UInt8]
        /// From the root down to this folder; a nil id where not stat'ed (a folder reached without a symlink).
        var ancestors: [(path: [UInt8], id: FileID?)]

        private static func absolute(_ relative: [UInt8], root: [UInt8]) -> [UInt8] {
            relative.isEmpty ? root : root + [UInt8(ascii: "/")] + relative
        }

        private static func finding(_ path: [UInt8], _ severity: Diagnostic.Severity, _ code: String, _ message: String) -> Item {
            .finding(Diagnostic(path: String(decoding: path, as: UTF8.self), line: 1, column: 1,
                                severity: severity, code: code, message: message))
        }

        /// Lists the folder: its files (stat'ed), its findings, and the folders to list next.
        func list(root: [UInt8], realRoot: [UInt8]?, config: VaultConfig) -> Listing {
            var listing = Listing()
            guard let directory = withCString(Self.absolute(path, root: root), { opendir($0) }) else {
                listing.items.append(Self.finding(path, .error, "unreadable-directory", "cannot list the folder; skipped"))
                return listing
            }
            defer { closedir(directory) }
            // Entries are looked at from the open folder: the kernel does not walk the whole path for each.
            let descriptor = dirfd(directory)
            let entries = Entries(directory)
            for entry in entries.sorted() {
                let name = entries.name(entry)
                let path = self.path.isEmpty ? Array(name) : self.path + [UInt8(ascii: "/")] + name
                if name.contains(where: { $0 >= 0x80 }) {
                    listing.sawNonASCII = true
                    // Links cannot name it, and the path could not be opened again from its text.
                    guard String(validating: name, as: UTF8.self) != nil else {
                        listing.items.append(Self.finding(path, .warning, "invalid-utf8-name", "the name is not valid UTF-8; skipped"))
                        continue
                    }
                }
                var info = stat()
                var kind = entry.type
                if kind != UInt8(DT_DIR) {
                    // Files, symlinks and anything `readdir` did not type: what `stat` says decides.
                    guard withCString(name, { fstatat(descriptor, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else { continue }
                    if (info.st_mode & S_IFMT) == S_IFLNK {
                        guard withCString(name, { fstatat(descriptor, $0, &info, 0) }) == 0 else {
                            listing.items.append(Self.finding(path, .warning, "broken-symlink", "symbolic link to a missing file; skipped"))
                            continue
                        }
                        kind = UInt8(DT_LNK)
                    } else {
                        kind = UInt8(DT_UNKNOWN)
                    }
                }
                let format = kind == UInt8(DT_DIR) ? S_IFDIR : info.st_mode & S_IFMT
                let isLink = kind == UInt8(DT_LNK)
                switch format {
                case S_IFDIR:
                    if !config.ignore.isEmpty, config.ignores(String(decoding: path, as: UTF8.self), isDirectory: true) { continue }
                    if isLink, let finding = Self.externalFinding(path, root: root, realRoot: realRoot, what: "folder") {
                        listing.items.append(finding)
                        continue
                    }
                    // A folder reached without a symlink cannot loop (no hard links to folders); one reached
                    // through a symlink is compared with every folder above it.
                    var id: FileID?
                    if isLink {
                        let target = FileID(info)
                        if ancestorIDs(root: root).contains(target) {
                            listing.items.append(Self.finding(path, .warning, "symlink-loop",
                                                              "symbolic link loops back to a folder above it; skipped"))
                            continue
                        }
                        id = target
                    }
                    listing.items.append(.folder(listing.subfolders.count))
                    listing.subfolders.append(Folder(path: path, ancestors: ancestors + [(path, id)]))
                case S_IFREG:
                    let text = String(decoding: path, as: UTF8.self)
                    if !config.ignore.isEmpty, config.ignores(text, isDirectory: false) { continue }
                    if isLink, let finding = Self.externalFinding(path, root: root, realRoot: realRoot, what: "file") {
                        listing.items.append(finding)
                        continue
                    }
                    listing.items.append(.file(ScannedFile(path: text, size: Int64(info.st_size), mtime: Self.mtime(info)),
                                               isNote: Self.isNote(name)))
                default:
                    continue // Sockets, pipes, devices: not vault files.
                }
            }
            return listing
        }

        /// The `external-symlink` warning for the symlink at vault-relative `path`, when its real path
        /// is not inside the vault (never when `realRoot` is nil: every symlink is followed).
        private static func externalFinding(_ path: [UInt8], root: [UInt8], realRoot: [UInt8]?, what: String) -> Item? {
            guard let realRoot, let reason = VaultScanner.externalReason(absolute(path, root: root), realRoot: realRoot) else {
                return nil
            }
            return finding(path, .warning, "external-symlink",
                           "symbolic link to a \(what) that is not part of the vault: \(reason); skipped "
                           + "(--follow-external-symlinks includes it)")
        }

        /// The identities of the folders from the root down to this one, stat'ing those not known.
        private func ancestorIDs(root: [UInt8]) -> [FileID] {
            ancestors.compactMap { ancestor in
                if let id = ancestor.id { return id }
                var info = stat()
                guard withCString(Self.absolute(ancestor.path, root: root), { stat($0, &info) }) == 0 else { return nil }
                return FileID(info)
            }
        }

        /// `.md`, in any case, at the end of a name.
        private static func isNote(_ name: ArraySlice<UInt8>) -> Bool {
            guard name.count >= 3 else { return false }
            let end = name.endIndex
            return name[end - 3] == UInt8(ascii: ".") && name[end - 2] | 0x20 == UInt8(ascii: "m")
                && name[end - 1] | 0x20 == UInt8(ascii: "d")
        }

        private static func mtime(_ info: stat) -> Int64 {
            #if canImport(Darwin)
            Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
            #else
            Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            #endif
        }
    }

    /// The listings put back in walk order: each folder's entries in byte order, a folder's contents
    /// where the folder is.
    private struct Walk {
        let levels: [[Listing]]
        /// For each depth, where each listing's subfolders start among the next depth's listings.
        let offsets: [[Int]]
        var found: [(file: ScannedFile, isNote: Bool)] = []
        /// Findings, each with the number of files found before it (to keep walk order with later ones).
        var findings: [(position: Int, diagnostic: Diagnostic)] = []
        var sawNonASCII = false

        init(levels: [[Listing]]) {
            self.levels = levels
            offsets = levels.map { level in
                var starts = [0]
                for listing in level { starts.append(starts[starts.count - 1] + listing.subfolders.count) }
                return starts
            }
        }

        mutating func emit(depth: Int, index: Int) {
            let listing = levels[depth][index]
            if listing.sawNonASCII { sawNonASCII = true }
            for item in listing.items {
                switch item {
                case .file(let file, let isNote): found.append((file, isNote))
                case .finding(let diagnostic): findings.append((found.count, diagnostic))
                case .folder(let number): emit(depth: depth + 1, index: offsets[depth][index] + number)
                }
            }
        }

        /// The scan: notes and attachments sorted by path, findings in walk order.
        ///
        /// Swift compares strings by canonical equivalence, so two files whose names differ only in Unicode
        /// normalization (possible on Linux) are one name to links; the second (in walk order) is reported
        /// and skipped. Only a vault with a non-ASCII name can have such a pair, so only then are paths compared.
        func result() -> VaultScan {
            var scan = VaultScan()
            var findings = findings
            let walkFindings = findings.count
            var seen = Set<String>()
            for (position, entry) in found.enumerated() {
                if sawNonASCII, !seen.insert(entry.file.path).inserted {
                    findings.append((position, Diagnostic(path: entry.file.path, line: 1, column: 1, severity: .warning,
                                                          code: "duplicate-name",
                                                          message: "another file has the same name in another Unicode normalization; skipped")))
                    continue
                }
                if entry.isNote { scan.notes.append(entry.file) } else { scan.attachments.append(entry.file) }
            }
            if findings.count > walkFindings {
                // In walk order (stable): a finding made before file n was found comes before one about file n.
                findings = findings.enumerated().sorted { a, b in
                    a.element.position != b.element.position ? a.element.position < b.element.position : a.offset < b.offset
                }.map(\.element)
            }
            scan.diagnostics = findings.map(\.diagnostic)
            // The walk lists each folder in byte order; whole paths (`a b.md` before `a/x.md`) are sorted here.
            scan.notes.sort { $0.path < $1.path }
            scan.attachments.sort { $0.path < $1.path }
            return scan
        }
    }

    /// The visible entries of an open folder: their names in one buffer, and what `readdir` says they are.
    private struct Entries {
        struct Entry {
            var start: Int
            var count: Int
            /// `d_type`: `DT_DIR`, `DT_REG`, `DT_LNK`, or `DT_UNKNOWN` when the file system does not say.
            var type: UInt8
        }

        private(set) var names: [UInt8] = []
        private(set) var entries: [Entry] = []

        /// Reads every entry whose name does not start with `.`.
        init(_ directory: OpaquePointer) {
            while let entry = readdir(directory) {
                let start = names.count
                withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    let length = raw.firstIndex(of: 0) ?? raw.count
                    names.append(contentsOf: raw[..<length])
                }
                let count = names.count - start
                if count == 0 || Self.isHidden(names[start..<(start + count)]) {
                    names.removeLast(count)
                    continue
                }
                entries.append(Entry(start: start, count: count, type: entry.pointee.d_type))
            }
        }

        func name(_ entry: Entry) -> ArraySlice<UInt8> {
            names[entry.start..<(entry.start + entry.count)]
        }

        /// The entries in byte order of their names.
        func sorted() -> [Entry] {
            names.withUnsafeBufferPointer { bytes in
                guard let base = bytes.baseAddress else { return entries }
                return entries.sorted { a, b in
                    let order = memcmp(base + a.start, base + b.start, min(a.count, b.count))
                    return order != 0 ? order < 0 : a.count < b.count
                }
            }
        }

        /// Hidden: starts with the character `.` (a `.` with a combining mark after it is another character).
        private static func isHidden(_ name: ArraySlice<UInt8>) -> Bool {
            guard name.first == UInt8(ascii: ".") else { return false }
            guard let next = name.dropFirst().first, next >= 0x80 else { return true }
            return String(decoding: name, as: UTF8.self).hasPrefix(".")
        }
    }
}

/// Calls `body` with `bytes` as a NUL-terminated C string.
private func withCString<R>(_ bytes: some Collection<UInt8>, _ body: (UnsafePointer<CChar>) -> R) -> R {
    var terminated = ContiguousArray(bytes)
    terminated.append(0)
    return terminated.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { characters in
            guard let base = characters.baseAddress else { return body("") }
            return body(base)
        }
    }
}
