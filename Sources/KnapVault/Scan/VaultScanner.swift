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
/// Symlinks are followed; a loop or a broken link gives a warning, an unreadable folder an error,
/// and the scan goes on.
public struct VaultScanner: Sendable {
    public var root: String
    public var config: VaultConfig

    public init(root: String, config: VaultConfig = VaultConfig()) {
        self.root = root
        self.config = config
    }

    public func scan() -> VaultScan {
        var result = VaultScan()
        var rootStat = stat()
        guard stat(root, &rootStat) == 0 else {
            result.diagnostics.append(Diagnostic(path: root, line: 1, column: 1, severity: .error,
                                                 code: "unreadable-directory", message: "cannot open the vault folder"))
            return result
        }
        walk("", ancestors: [FileID(rootStat)], into: &result)
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

    private func walk(_ folder: String, ancestors: Set<FileID>, into result: inout VaultScan) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: absolute(folder))
        } catch {
            result.diagnostics.append(Diagnostic(path: folder, line: 1, column: 1, severity: .error,
                                                 code: "unreadable-directory", message: "cannot list the folder; skipped"))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = folder.isEmpty ? name : folder + "/" + name
            let full = absolute(path)
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                guard stat(full, &info) == 0 else {
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
                walk(path, ancestors: ancestors.union([id]), into: &result)
            case S_IFREG:
                if config.ignores(path, isDirectory: false) { continue }
                let file = ScannedFile(path: path, size: Int64(info.st_size), mtime: Self.mtime(info))
                if file.isNote { result.notes.append(file) } else { result.attachments.append(file) }
            default:
                continue // Sockets, pipes, devices: not vault files.
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
