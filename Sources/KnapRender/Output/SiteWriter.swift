import Foundation
import KnapMarkdown
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the site's files under one output folder: only inside it, atomically, and only when
/// the content changed. It remembers what it wrote in `_knap/manifest.txt`, so the next run can
/// remove pages of deleted notes without touching files it did not write.
///
/// A `fresh` writer fills a new, empty folder that no one reads yet (the renderer renames it into
/// place when the site is complete): it writes each file directly, with no comparison and no
/// temporary file, which saves three system calls per page.
final class SiteWriter: @unchecked Sendable {
    enum Outcome: Sendable { case written, unchanged }

    let root: String
    let fresh: Bool
    static let manifestPath = "_knap/manifest.txt"
    private let lock = NSLock()
    /// Held while a file is created, written and renamed: one file at a time per folder. Two
    /// threads creating files in one folder made the kernel spin on the folder's lock (a fifth of
    /// a full render's CPU time went to that spinning); in different folders they do not. Folders
    /// made by ``makeFolders(for:)`` have a lock of their own, the others share `fileLock`.
    private let fileLock = NSLock()
    private var folderLocks: [String: NSLock] = [:]
    private var written: Set<String> = []
    private var createdFolders: Set<String> = []

    init(root: String, fresh: Bool = false) throws(RenderError) {
        self.root = root
        self.fresh = fresh
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(root, reason: error.localizedDescription)
        }
    }

    /// Whether `relative` is a safe path inside the output: no empty, `.` or `..` part, no
    /// leading `/`, no control characters or backslashes.
    static func isSafe(_ relative: String) -> Bool {
        guard !relative.isEmpty, !relative.hasPrefix("/") else { return false }
        let dot = UInt8(ascii: ".")
        for part in relative.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if part.isEmpty || part.elementsEqual([dot]) || part.elementsEqual([dot, dot]) { return false }
        }
        // Control characters and the backslash are single bytes in UTF-8.
        return !relative.containsUTF8Byte { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") }
    }

    /// Writes `data` at `relative` unless the file already holds exactly those bytes.
    /// With `compare` false the file is replaced without reading it first (for large files that
    /// are known to change).
    @discardableResult
    func write(_ data: Data, to relative: String, compare: Bool = true) throws(RenderError) -> Outcome {
        if fresh {
            return try data.withUnsafeBytes { bytes in Result { () throws(RenderError) in try writeNew(bytes, to: relative) } }.get()
        }
        let (path, fileLock) = try prepare(relative)
        if compare, let existing = FileManager.default.contents(atPath: path), existing == data { return .unchanged }
        // Atomic for readers: write a temporary file beside the target, then rename it over.
        // (No fsync: a crash may lose the new page, never leave half of one.)
        let slash = path.lastIndex(of: "/") ?? path.startIndex
        let temporary = path[..<slash] + "/.knap-" + UUID().uuidString + ".tmp"
        fileLock.lock()
        defer { fileLock.unlock() }
        try writeFile(data, at: temporary, flags: O_EXCL, reportedAs: path)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw .cannotWrite(path, reason: reason)
        }
        return .written
    }

    /// Writes `data` over the file at `relative` in place, with no temporary file, unless it holds
    /// those bytes already (when `compare`). Only for the render cache: it carries a checksum, so a
    /// write cut short is found out when it is read (and the next render is a full one); replacing
    /// the 4 MB file instead freed and allocated all its blocks on every render, which on a disk
    /// mounted with `discard` took a few milliseconds.
    @discardableResult
    func overwrite(_ file: CacheFile, to relative: String, compare: Bool = false) throws(RenderError) -> Outcome {
        guard Self.isSafe(relative) else { throw .cannotWrite(relative, reason: "unsafe output path") }
        record(relative)
        let path = root + "/" + relative
        try makeFolder(for: relative)
        if compare, !fresh, let existing = try? FileReader.bytes(atPath: path), existing == file.bytes { return .unchanged }
        try writeFile(file.pieces, at: path, flags: fresh ? O_TRUNC : 0)
        return .written
    }

    /// Creates (with `O_EXCL`) or replaces (with `O_TRUNC`) the file at `path` and writes `data`;
    /// with neither, writes over the file's bytes and then cuts it to the new length.
    /// POSIX calls: Foundation's Data.write fsyncs every file, which made a 10,000-page render wait on the disk.
    private func writeFile(_ data: Data, at path: String, flags: Int32, reportedAs shown: String? = nil) throws(RenderError) {
        try data.withUnsafeBytes { buffer in Result { () throws(RenderError) in
            try writeFile(buffer, at: path, flags: flags, reportedAs: shown)
        } }.get()
    }

    private func writeFile(_ buffer: UnsafeRawBufferPointer, at path: String, flags: Int32, reportedAs shown: String? = nil) throws(RenderError) {
        try writeFile(at: path, flags: flags, length: buffer.count, reportedAs: shown) { Self.writeAll(buffer, to: $0) }
    }

    /// ``writeFile(_:at:flags:reportedAs:)`` of pieces written one after another.
    private func writeFile(_ pieces: [ArraySlice<UInt8>], at path: String, flags: Int32) throws(RenderError) {
        try writeFile(at: path, flags: flags, length: pieces.reduce(0) { $0 + $1.count }) { descriptor in
            pieces.allSatisfy { piece in piece.withUnsafeBytes { Self.writeAll($0, to: descriptor) } }
        }
    }

    /// Opens the file at `path` with `flags`, lets `write` fill it, cuts it to `length` when it was
    /// neither created nor emptied, and closes it; on failure, removes it.
    private func writeFile(at path: String, flags: Int32, length: Int, reportedAs shown: String? = nil,
                           write: (Int32) -> Bool) throws(RenderError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0o644)
        guard descriptor >= 0 else { throw .cannotWrite(shown ?? path, reason: String(cString: strerror(errno))) }
        let complete = write(descriptor)
        let cut = flags & (O_TRUNC | O_EXCL) != 0 || ftruncate(descriptor, off_t(length)) == 0
        let reason = complete && cut ? "" : String(cString: strerror(errno))
        guard close(descriptor) == 0, complete, cut else {
            unlink(path)
            throw .cannotWrite(shown ?? path, reason: complete ? String(cString: strerror(errno)) : reason)
        }
    }

    /// Writes all of `buffer` to `descriptor`; false on an error.
    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        var offset = 0
        while offset < buffer.count {
            let count = posixWrite(descriptor, base + offset, buffer.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += count
        }
        return true
    }

    /// Keeps a file of the previous render as part of this one, without touching it.
    func keep(_ relative: String) {
        guard Self.isSafe(relative) else { return }
        record(relative)
    }

    /// The files of `relatives` that are not in the output folder, found in the listings of their
    /// folders (one `readdir` per folder, not one `stat` per file).
    func missingFiles(of relatives: [String]) -> [String] {
        var byFolder: [Substring: [String]] = [:]
        for relative in relatives { byFolder[Self.folder(of: relative), default: []].append(relative) }
        var missing: [String] = []
        for (folder, files) in byFolder {
            var names: Set<String> = []
            names.reserveCapacity(files.count + 2)
            if let directory = opendir(folder.isEmpty ? root : root + "/" + folder) {
                while let entry = readdir(directory) {
                    names.insert(withUnsafeBytes(of: entry.pointee.d_name) { raw in
                        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                    })
                }
                closedir(directory)
            }
            let nameStart = folder.isEmpty ? 0 : folder.utf8.count + 1
            for file in files where !names.contains(String(decoding: file.utf8.dropFirst(nameStart), as: UTF8.self)) {
                missing.append(file)
            }
        }
        return missing
    }

    /// The modification time (in nanoseconds) of each of `folders` that is there.
    func stamps(of folders: some Sequence<String>) -> [String: Int64] {
        var stamps: [String: Int64] = [:]
        for folder in folders {
            var info = stat()
            guard stat(folder.isEmpty ? root : root + "/" + folder, &info) == 0 else { continue }
            stamps[folder] = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        }
        return stamps
    }

    /// The site folder of a site path ("" at the root).
    static func folder(of relative: String) -> Substring {
        relative.utf8.lastIndex(of: UInt8(ascii: "/")).map { relative[..<$0] } ?? ""
    }

    /// Whether the file is in the output folder.
    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: root + "/" + relative)
    }

    @discardableResult
    func write(_ text: String, to relative: String, compare: Bool = true) throws(RenderError) -> Outcome {
        guard fresh else { return try write(Data(text.utf8), to: relative, compare: compare) }
        // A new folder is written straight from the text's bytes, with no copy of the page into `Data`.
        var text = text
        return try text.withUTF8 { bytes in Result { () throws(RenderError) in
            try writeNew(UnsafeRawBufferPointer(bytes), to: relative)
        } }.get()
    }

    /// Checks `relative`, records it, makes its folder, and gives its path and the lock of its folder.
    private func prepare(_ relative: String) throws(RenderError) -> (path: String, lock: NSLock) {
        guard Self.isSafe(relative) else { throw .cannotWrite(relative, reason: "unsafe output path") }
        lock.lock()
        written.insert(relative)
        let fileLock = folderLocks[String(Self.folder(of: relative))] ?? self.fileLock
        lock.unlock()
        try makeFolder(for: relative)
        return (root + "/" + relative, fileLock)
    }

    /// Writes a file of a fresh folder (no one reads it yet): created in place, not compared.
    private func writeNew(_ bytes: UnsafeRawBufferPointer, to relative: String) throws(RenderError) -> Outcome {
        let (path, fileLock) = try prepare(relative)
        fileLock.lock()
        defer { fileLock.unlock() }
        try writeFile(bytes, at: path, flags: O_TRUNC)
        return .written
    }

    /// Copies the file at `source` to `relative` unless an identical copy is there.
    func copy(from source: String, to relative: String) throws(RenderError) -> Outcome {
        guard let data = FileManager.default.contents(atPath: source) else {
            throw .cannotWrite(relative, reason: "cannot read \(source)")
        }
        return try write(data, to: relative)
    }

    private func record(_ relative: String) {
        lock.lock()
        written.insert(relative)
        lock.unlock()
    }

    /// Makes the folders of the files at `relatives`, one after the other and parents first, so
    /// that writers running in parallel find them made (and do not race to make them), and gives
    /// each its lock. Call it before writing in parallel.
    func makeFolders(for relatives: some Sequence<String>) throws(RenderError) {
        var folders: Set<String> = []
        for relative in relatives { folders.insert(String(Self.folder(of: relative))) }
        for folder in folders.sorted() {
            if !folder.isEmpty { try makeFolder(folder) }
            lock.lock()
            if folderLocks[folder] == nil { folderLocks[folder] = NSLock() }
            lock.unlock()
        }
    }

    /// Makes the folder that `relative` goes in, and the folders above it: one `mkdir` per folder
    /// per render (an existing folder is fine).
    private func makeFolder(for relative: String) throws(RenderError) {
        guard let slash = relative.lastIndex(of: "/") else { return }
        try makeFolder(String(relative[..<slash]))
    }

    private func makeFolder(_ folder: String) throws(RenderError) {
        lock.lock()
        let known = createdFolders.contains(folder)
        lock.unlock()
        if known { return }
        let path = root + "/" + folder
        if mkdir(path, 0o755) != 0 {
            var failure = errno
            if failure == ENOENT, let slash = folder.lastIndex(of: "/") {
                try makeFolder(String(folder[..<slash]))
                failure = mkdir(path, 0o755) == 0 ? 0 : errno
            }
            guard failure == 0 || failure == EEXIST else {
                throw .cannotCreate(path, reason: String(cString: strerror(failure)))
            }
        }
        lock.lock()
        createdFolders.insert(folder)
        lock.unlock()
    }

    /// Removes files the previous run wrote and this one did not, then writes the new manifest.
    /// Returns the paths removed.
    func finish() throws(RenderError) -> [String] {
        let previous = (FileManager.default.contents(atPath: root + "/" + Self.manifestPath))
            .map { [UInt8]($0).split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) } } ?? []
        var current = written
        current.insert(Self.manifestPath)
        var removed: [String] = []
        for relative in previous where !current.contains(relative) && Self.isSafe(relative) {
            let path = root + "/" + relative
            guard FileManager.default.fileExists(atPath: path) else { continue }
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch {
                throw .cannotWrite(path, reason: "cannot remove: \(error.localizedDescription)")
            }
            removed.append(relative)
            removeEmptyFolders(above: relative)
        }
        try write(current.sorted().joined(separator: "\n") + "\n", to: Self.manifestPath)
        return removed.sorted()
    }

    private func removeEmptyFolders(above relative: String) {
        var parts = relative.split(separator: "/").dropLast()
        while !parts.isEmpty {
            let path = root + "/" + parts.joined(separator: "/")
            guard let contents = try? FileManager.default.contentsOfDirectory(atPath: path), contents.isEmpty else { return }
            try? FileManager.default.removeItem(atPath: path)
            parts = parts.dropLast()
        }
    }
}

/// `write(2)`, named apart from ``SiteWriter/write(_:to:)``.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #else
    Darwin.write(descriptor, buffer, count)
    #endif
}
