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
/// Symlinks are followed; a loop, a broken link or a name that is not UTF-8 gives a warning, an
/// unreadable folder an error, and the scan goes on.
///
/// The walk works on bytes and asks the kernel as little as it can: each folder is read once, its
/// entries are stat'ed relative to it, and entries that `readdir` says are folders are not stat'ed at all
/// (a folder's identity, for the symlink-loop check, is looked up only when a symlinked folder is met).
/// It is most of what an update with nothing to do costs.
public struct VaultScanner: Sendable {
    public var root: String
    public var config: VaultConfig

    public init(root: String, config: VaultConfig = VaultConfig()) {
        self.root = root
        self.config = config
    }

    public func scan() -> VaultScan {
        var rootStat = stat()
        guard stat(root, &rootStat) == 0 else {
            return VaultScan(diagnostics: [Diagnostic(path: root, line: 1, column: 1, severity: .error,
                                                      code: "unreadable-directory", message: "cannot open the vault folder")])
        }
        var walk = Walk(root: Array(root.utf8), config: config)
        walk.ancestors = [Walk.FileID(rootStat)]
        walk.folder(relative: [])
        return walk.result()
    }
}

extension VaultScanner {
    /// One walk over a vault: the files found, in walk order, and the findings on the way.
    private struct Walk {
        struct FileID: Equatable {
            var device: UInt64
            var inode: UInt64
            init(_ info: stat) {
                device = UInt64(info.st_dev)
                inode = UInt64(info.st_ino)
            }
        }

        let root: [UInt8]
        let config: VaultConfig
        /// The folders from the root down to the one being listed; nil where not stat'ed yet.
        var ancestors: [FileID?] = []
        /// Their vault-relative paths, for the lazy stat.
        var ancestorPaths: [[UInt8]] = [[]]
        var found: [(file: ScannedFile, isNote: Bool)] = []
        /// Findings, each with the number of files found before it (to keep walk order with later ones).
        var findings: [(position: Int, diagnostic: Diagnostic)] = []
        var sawNonASCII = false

        init(root: [UInt8], config: VaultConfig) {
            self.root = root
            self.config = config
        }

        private func absolute(_ relative: [UInt8]) -> [UInt8] {
            relative.isEmpty ? root : root + [UInt8(ascii: "/")] + relative
        }

        private mutating func report(_ path: [UInt8], _ severity: Diagnostic.Severity, _ code: String, _ message: String) {
            findings.append((found.count, Diagnostic(path: String(decoding: path, as: UTF8.self), line: 1, column: 1,
                                                     severity: severity, code: code, message: message)))
        }

        /// Lists the folder at vault-relative `folder` (its ancestors already on the stacks) and walks on into its folders.
        mutating func folder(relative folder: [UInt8]) {
            guard let directory = Self.withCString(absolute(folder), { opendir($0) }) else {
                report(folder, .error, "unreadable-directory", "cannot list the folder; skipped")
                return
            }
            defer { closedir(directory) }
            // Entries are looked at from the open folder: the kernel does not walk the whole path for each.
            let descriptor = dirfd(directory)
            let listing = Listing(directory)
            for entry in listing.sorted() {
                let name = listing.name(entry)
                let path = folder.isEmpty ? Array(name) : folder + [UInt8(ascii: "/")] + name
                if name.contains(where: { $0 >= 0x80 }) {
                    sawNonASCII = true
                    // Links cannot name it, and the path could not be opened again from its text.
                    guard String(validating: name, as: UTF8.self) != nil else {
                        report(path, .warning, "invalid-utf8-name", "the name is not valid UTF-8; skipped")
                        continue
                    }
                }
                var info = stat()
                var kind = entry.type
                if kind != UInt8(DT_DIR) {
                    // Files, symlinks and anything `readdir` did not type: what `stat` says decides.
                    guard Self.withCString(name, { fstatat(descriptor, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else { continue }
                    if (info.st_mode & S_IFMT) == S_IFLNK {
                        guard Self.withCString(name, { fstatat(descriptor, $0, &info, 0) }) == 0 else {
                            report(path, .warning, "broken-symlink", "symbolic link to a missing file; skipped")
                            continue
                        }
                        kind = UInt8(DT_LNK)
                    } else {
                        kind = UInt8(DT_UNKNOWN)
                    }
                }
                let format = kind == UInt8(DT_DIR) ? S_IFDIR : info.st_mode & S_IFMT
                switch format {
                case S_IFDIR:
                    if !config.ignore.isEmpty, config.ignores(String(decoding: path, as: UTF8.self), isDirectory: true) { continue }
                    // A folder reached without a symlink cannot loop (no hard links to folders); one reached
                    // through a symlink is compared with every folder above it.
                    var id: FileID?
                    if kind == UInt8(DT_LNK) {
                        let target = FileID(info)
                        if ancestorIDs().contains(target) {
                            report(path, .warning, "symlink-loop", "symbolic link loops back to a folder above it; skipped")
                            continue
                        }
                        id = target
                    }
                    ancestors.append(id)
                    ancestorPaths.append(path)
                    self.folder(relative: path)
                    ancestors.removeLast()
                    ancestorPaths.removeLast()
                case S_IFREG:
                    let text = String(decoding: path, as: UTF8.self)
                    if !config.ignore.isEmpty, config.ignores(text, isDirectory: false) { continue }
                    found.append((ScannedFile(path: text, size: Int64(info.st_size), mtime: Self.mtime(info)),
                                  Self.isNote(name)))
                default:
                    continue // Sockets, pipes, devices: not vault files.
                }
            }
        }

        /// The identities of the folders from the root down to the current one, stat'ing those not known yet.
        private mutating func ancestorIDs() -> [FileID] {
            var ids: [FileID] = []
            for (index, known) in ancestors.enumerated() {
                if let known {
                    ids.append(known)
                    continue
                }
                var info = stat()
                guard Self.withCString(absolute(ancestorPaths[index]), { stat($0, &info) }) == 0 else { continue }
                ancestors[index] = FileID(info)
                ids.append(FileID(info))
            }
            return ids
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

        /// `.md`, in any case, at the end of a name.
        private static func isNote(_ name: ArraySlice<UInt8>) -> Bool {
            guard name.count >= 3 else { return false }
            let end = name.endIndex
            return name[end - 3] == UInt8(ascii: ".") && name[end - 2] | 0x20 == UInt8(ascii: "m")
                && name[end - 1] | 0x20 == UInt8(ascii: "d")
        }

        private static func withCString<R>(_ bytes: some Collection<UInt8>, _ body: (UnsafePointer<CChar>) -> R) -> R {
            var terminated = ContiguousArray(bytes)
            terminated.append(0)
            return terminated.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { characters in
                    guard let base = characters.baseAddress else { return body("") }
                    return body(base)
                }
            }
        }

        private static func mtime(_ info: stat) -> Int64 {
            #if canImport(Darwin)
            Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
            #else
            Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            #endif
        }
    }

    /// The visible entries of an open folder: their names in one buffer, and what `readdir` says they are.
    private struct Listing {
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
            let next = name.dropFirst().first
            if next == nil || next! < 0x80 { return true }
            return String(decoding: name, as: UTF8.self).hasPrefix(".")
        }
    }
}
