import Foundation
import KnapMarkdown
@testable import KnapVault
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scanner as it was before it worked on bytes (FileManager-free, but a `Set` of every path and a stat of every entry):
/// the reference the new one is compared with.
///
/// Skipped: files and folders whose name starts with `.` (as in Obsidian; this covers `.obsidian/`,
/// `.git/`, `.trash/` and `.knap/`), and what `knap.yaml` lists under `ignore:`.
/// Symlinks are followed; a loop or a broken link gives a warning, an unreadable folder an error,
/// and the scan goes on.
struct ReferenceScanner {
    var root: String
    var config: VaultConfig

    init(root: String, config: VaultConfig = VaultConfig()) {
        self.root = root
        self.config = config
    }

    func scan() -> VaultScan {
        var result = VaultScan()
        var rootStat = stat()
        guard stat(root, &rootStat) == 0 else {
            result.diagnostics.append(Diagnostic(path: root, line: 1, column: 1, severity: .error,
                                                 code: "unreadable-directory", message: "cannot open the vault folder"))
            return result
        }
        var seen = Set<String>()
        walk("", ancestors: [FileID(rootStat)], seen: &seen, into: &result)
        result.notes.sort { $0.path < $1.path }
        result.attachments.sort { $0.path < $1.path }
        return result
    }

    private struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    private func absolute(_ relative: String) -> String {
        relative.isEmpty ? root : root + "/" + relative
    }

    /// - Parameter seen: the paths found so far. Swift compares strings by canonical equivalence, so two
    ///   files whose names differ only in Unicode normalization (possible on Linux) meet here; links cannot
    ///   tell them apart, so the second (in byte order) is reported and skipped.
    private func walk(_ folder: String, ancestors: Set<FileID>, seen: inout Set<String>, into result: inout VaultScan) {
        guard let directory = opendir(absolute(folder)) else {
            result.diagnostics.append(Diagnostic(path: folder, line: 1, column: 1, severity: .error,
                                                 code: "unreadable-directory", message: "cannot list the folder; skipped"))
            return
        }
        defer { closedir(directory) }
        // Entries are looked at from the open folder: the kernel does not walk the whole path for each.
        let descriptor = dirfd(directory)
        for name in Self.visibleNames(in: directory) {
            let path = folder.isEmpty ? name : folder + "/" + name
            var info = stat()
            guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                guard fstatat(descriptor, name, &info, 0) == 0 else {
                    result.diagnostics.append(Diagnostic(path: path, line: 1, column: 1, severity: .warning,
                                                         code: "broken-symlink", message: "symbolic link to a missing file; skipped"))
                    continue
                }
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if config.ignores(path, isDirectory: true) { continue }
                let id = FileID(info)
                if ancestors.contains(id) {
                    result.diagnostics.append(Diagnostic(path: path, line: 1, column: 1, severity: .warning,
                                                         code: "symlink-loop", message: "symbolic link loops back to a folder above it; skipped"))
                    continue
                }
                walk(path, ancestors: ancestors.union([id]), seen: &seen, into: &result)
            case S_IFREG:
                if config.ignores(path, isDirectory: false) { continue }
                guard seen.insert(path).inserted else {
                    result.diagnostics.append(Diagnostic(path: path, line: 1, column: 1, severity: .warning, code: "duplicate-name",
                                                         message: "another file has the same name in another Unicode normalization; skipped"))
                    continue
                }
                let file = ScannedFile(path: path, size: Int64(info.st_size), mtime: Self.mtime(info))
                if file.isNote { result.notes.append(file) } else { result.attachments.append(file) }
            default:
                continue // Sockets, pipes, devices: not vault files.
            }
        }
    }

    /// The names in an open folder that do not start with `.`, in byte order.
    /// (`readdir` on bytes: `FileManager.contentsOfDirectory` and sorting `String`s cost more than the stats.)
    private static func visibleNames(in directory: OpaquePointer) -> [String] {
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            // Hidden: starts with the character `.` (a `.` with a combining mark after it is another character).
            if name.isEmpty || (name[0] == UInt8(ascii: ".") && String(decoding: name, as: UTF8.self).hasPrefix(".")) { continue }
            names.append(name)
        }
        names.sort { $0.lexicographicallyPrecedes($1) }
        return names.map { String(decoding: $0, as: UTF8.self) }
    }

    private static func mtime(_ info: stat) -> Int64 {
        #if canImport(Darwin)
        Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
    }
}
