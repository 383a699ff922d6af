import Foundation
import GRDB
import GRDBSQLite
import KnapMarkdown

extension VaultIndex {
    /// Brings the index up to date with the vault, in one transaction.
    ///
    /// Only notes whose size or mtime changed are read, and only those whose content hash changed are
    /// re-indexed. Deleted notes are dropped. Links from changed notes, and links elsewhere whose target
    /// name matches a file that came, went or changed, are resolved again.
    /// - Parameter progress: called after each note is re-indexed, with the count so far.
    /// - Parameter followExternalSymlinks: index files that symlinks outside the vault point to (from the command line only).
    @discardableResult
    public func update(followExternalSymlinks: Bool = false, progress: @escaping (Int) -> Void = { _ in }) throws(IndexError) -> IndexReport {
        let started = Date()
        return try update(scan: Self.scanVault(root: root, followExternalSymlinks: followExternalSymlinks),
                          started: started, progress: progress)
    }

    /// The files of the vault at `root` now, its config's ignores applied.
    static func scanVault(root: String, followExternalSymlinks: Bool) throws(IndexError) -> VaultScan {
        let config: VaultConfig
        do {
            config = try VaultConfig.load(vault: root)
        } catch {
            throw .config(error)
        }
        return VaultScanner(root: root, config: config, followExternalSymlinks: followExternalSymlinks).scan()
    }

    /// ``update(progress:)`` with the scan already made.
    func update(scan: VaultScan, started: Date, progress: @escaping (Int) -> Void) throws(IndexError) -> IndexReport {
        var report: IndexReport
        do {
            report = try pool.writeWithoutTransaction { db in
                try IndexUpdater.run(in: db, root: root, scan: scan, progress: progress)
            }
        } catch {
            throw indexError(error)
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }
}

/// One update of the index: compares the scan with the index, re-indexes what changed, and re-resolves links.
struct IndexUpdater {
    let db: Database
    let root: String
    let scan: VaultScan
    let progress: (Int) -> Void

    /// Links from re-indexed notes, waiting for every note to be in place before they are resolved.
    private var pendingLinks: [PendingLinks] = []
    /// The statements that write notes' rows, once a note is written.
    private var noteRows: NoteRows?
    /// The resolver of a build from nothing, without aliases; see ``resolveLinks()``.
    var bulkResolver: LinkResolver?
    /// Outlines of re-indexed notes, so resolving links into them needs no query.
    private var freshOutlines: [String: NoteOutline] = [:]
    /// Name keys of files that came, went or changed: links with these keys are resolved again.
    private var affectedKeys: Set<String> = []

    init(db: Database, root: String, scan: VaultScan, progress: @escaping (Int) -> Void) {
        self.db = db
        self.root = root
        self.scan = scan
        self.progress = progress
    }

    /// Runs one update in one transaction of `db`.
    static func run(in db: Database, root: String, scan: VaultScan, progress: @escaping (Int) -> Void) throws -> IndexReport {
        var report = IndexReport()
        try db.inTransaction(.immediate) {
            var updater = IndexUpdater(db: db, root: root, scan: scan, progress: progress)
            report = try updater.run()
            return .commit
        }
        return report
    }

    /// How many notes are parsed at once: enough to keep the cores busy, few enough to bound memory.
    static let batchSize = 256
    /// From how many new notes on an empty index the secondary indexes are built at the end.
    static let bulkThreshold = 500

    private struct Stored {
        var id: Int64
        var size: Int64
        var mtime: Int64
        /// Read only for notes whose size or mtime changed; "" otherwise.
        var hash: String
    }

    mutating func run() throws -> IndexReport {
        var report = IndexReport(scanned: scan.notes.count, attachments: scan.attachments.count)
        // Notes indexed by a Knap with other parsing or resolution rules are indexed again.
        var rulesVersion: Int64 = 0
        try RowReader.forEach(db.makeStatement(sql: "PRAGMA user_version")) { row in rulesVersion = row.int64(0) }
        if rulesVersion != IndexSchema.rulesVersion {
            try db.execute(sql: "DELETE FROM notes_fts; DELETE FROM notes; DELETE FROM attachments")
            try db.execute(sql: "PRAGMA user_version = \(IndexSchema.rulesVersion)")
        }
        let (stored, gone) = try storedNotes()

        // Notes that are gone.
        for (id, path) in gone {
            try forget(noteID: id, path: path)
            report.removed += 1
        }

        // Notes that are new or changed: read and parsed on all cores, a batch at a time, then written in order.
        let changed = scan.notes.indices.filter { index in
            guard let old = stored[index] else { return true }
            return old.size != scan.notes[index].size || old.mtime != scan.notes[index].mtime
        }
        let candidates = changed.map { scan.notes[$0] }
        let candidatesStored = changed.map { stored[$0] }
        // A (re)build from nothing: fill the tables first, index them at the end.
        let bulk = gone.isEmpty && !stored.contains { $0 != nil } && candidates.count >= Self.bulkThreshold
        if bulk {
            for index in IndexSchema.secondaryIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
        }
        let batches = stride(from: 0, to: candidates.count, by: Self.batchSize).map {
            Array(candidates[$0..<min($0 + Self.batchSize, candidates.count)])
        }
        // A build from nothing resolves the file part of links where they are parsed (every file is known from
        // the scan); aliases, which only hints of unresolved links need, are added once all notes are in.
        if bulk {
            bulkResolver = LinkResolver(notePaths: scan.notes.map(\.path), attachments: scan.attachments.map(\.path), aliases: [:])
        }
        let (resolver, root) = (bulkResolver, root)
        // The first batch is read here, with nothing to write meanwhile (a one-note update starts no thread);
        // while one batch is written, the next is read in the background.
        var pending: Background<[ParallelReader.Read]>?
        for (number, batch) in batches.enumerated() {
            let reads = try pending?.wait().get() ?? ParallelReader.read(batch, root: root, resolver: resolver)
            let next = number + 1 < batches.count ? batches[number + 1] : nil
            pending = next.map { next in Background { ParallelReader.read(next, root: root, resolver: resolver) } }
            for (offset, (file, read)) in zip(batch, reads).enumerated() {
                let old = candidatesStored[number * Self.batchSize + offset]
                if let old, old.hash == read.hash, !read.hash.isEmpty {
                    var row = RowWriter(try db.cachedStatement(sql: "UPDATE notes SET size = ?, mtime = ? WHERE id = ?"))
                    row.bind(file.size); row.bind(file.mtime); row.bind(old.id)
                    try row.run()
                    continue
                }
                if let old { try forget(noteID: old.id, path: file.path) }
                try insert(read.outcome, file: file, hash: read.hash)
                report.changed += 1
                progress(report.changed)
            }
        }

        try syncAttachments()
        try replaceScanDiagnostics()
        report.relinked = try resolveLinks()
        if bulk {
            for index in IndexSchema.secondaryIndexes { try db.execute(sql: index.sql) }
        }
        return report
    }

    /// The stored note of each scanned note (nil for a new one), matched by path byte for byte, and the
    /// stored notes that the scan no longer has. One pass over both in byte order: no dictionary of every
    /// path (hashing 1,000 paths twice was a fifth of an update with nothing to do).
    private func storedNotes() throws -> (stored: [Stored?], gone: [(id: Int64, path: String)]) {
        var stored = [Stored?](repeating: nil, count: scan.notes.count)
        var gone: [(id: Int64, path: String)] = []
        // The scan is sorted as Swift sorts strings, which is byte order for NFC paths (nearly always).
        var order = Array(scan.notes.indices)
        let paths = scan.notes.map { ContiguousArray($0.path.utf8) }
        let inByteOrder = zip(paths, paths.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) }
        if !inByteOrder { order.sort { paths[$0].lexicographicallyPrecedes(paths[$1]) } }
        var next = 0
        // SQLite compares TEXT with memcmp (BINARY): the rows come in byte order too.
        try RowReader.forEach(db.makeStatement(sql: "SELECT id, size, mtime, path, hash FROM notes ORDER BY path")) { row in
            let path = row.bytes(3)
            while next < order.count, Self.compare(paths[order[next]], path) < 0 { next += 1 }
            guard next < order.count, Self.compare(paths[order[next]], path) == 0 else {
                gone.append((row.int64(0), row.string(3)))
                return
            }
            let file = scan.notes[order[next]]
            var old = Stored(id: row.int64(0), size: row.int64(1), mtime: row.int64(2), hash: "")
            if old.size != file.size || old.mtime != file.mtime { old.hash = row.string(4) }
            stored[order[next]] = old
            next += 1
        }
        return (stored, gone)
    }

    private static func compare(_ a: ContiguousArray<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int32 {
        a.withUnsafeBufferPointer { a in
            guard let left = a.baseAddress, let right = b.baseAddress else { return Int32(a.count) - Int32(b.count) }
            let order = memcmp(left, right, min(a.count, b.count))
            return order != 0 ? order : Int32(a.count) - Int32(b.count)
        }
    }

    /// Deletes a note and everything hanging off it.
    private mutating func forget(noteID: Int64, path: String) throws {
        affectedKeys.insert(VaultPath.nameKey(path))
        affectedKeys.formUnion(VaultPath.folderKeys(path))
        let aliases = try db.cachedStatement(sql: "SELECT normalized FROM aliases WHERE note_id = ?")
        sqlite3_bind_int64(aliases.sqliteStatement, 1, noteID)
        try RowReader.forEach(aliases) { row in affectedKeys.insert(row.string(0)) }
        for sql in ["DELETE FROM notes_fts WHERE rowid = ?", "DELETE FROM notes WHERE id = ?"] {
            var row = RowWriter(try db.cachedStatement(sql: sql))
            row.bind(noteID)
            try row.run()
        }
    }

    private mutating func insert(_ outcome: ParallelReader.Read.Outcome, file: ScannedFile, hash: String) throws {
        affectedKeys.insert(VaultPath.nameKey(file.path))
        affectedKeys.formUnion(VaultPath.folderKeys(file.path))
        let title = VaultPath.name(of: file.path).dropLast(3)
        let readable: Bool
        if case .parsed = outcome { readable = true } else { readable = false }
        var row = RowWriter(try db.cachedStatement(sql: """
            INSERT INTO notes (path, path_key, title, hash, size, mtime, readable) VALUES (?, ?, ?, ?, ?, ?, ?)
            """))
        let pathKey: String
        if case .parsed(let prepared, _) = outcome { pathKey = prepared.pathKey } else { pathKey = VaultPath.nfc(file.path).lowercased() }
        row.bind(file.path); row.bind(pathKey); row.bind(String(title)); row.bind(hash)
        row.bind(file.size); row.bind(file.mtime); row.bind(readable)
        try row.run()
        let id = db.lastInsertedRowID
        switch outcome {
        case .failed(let diagnostic):
            try insertDiagnostic(diagnostic, noteID: id)
            freshOutlines[file.path] = NoteOutline()
        case .parsed(let prepared, let text):
            if noteRows == nil { noteRows = try NoteRows(db) }
            try noteRows?.insert(prepared, noteID: id, text: text)
            for diagnostic in prepared.note.diagnostics { try insertDiagnostic(diagnostic, noteID: id) }
            for key in prepared.aliasKeys { affectedKeys.insert(key) }
            freshOutlines[file.path] = prepared.outline
            pendingLinks.append((id, file.path, prepared.note.links, prepared.linkKeys, prepared.files))
        }
    }

    private func insertDiagnostic(_ diagnostic: Diagnostic, noteID: Int64?) throws {
        try db.cachedStatement(sql: """
            INSERT INTO diagnostics (note_id, path, line, column, severity, code, message) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [noteID, diagnostic.path ?? "", diagnostic.line, diagnostic.column,
                                     diagnostic.severity.rawValue, diagnostic.code, diagnostic.message])
    }

    private mutating func syncAttachments() throws {
        var stored: [String: (Int64, Int64)] = [:]
        try RowReader.forEach(db.makeStatement(sql: "SELECT path, size, mtime FROM attachments")) { row in
            stored[row.string(0)] = (row.int64(1), row.int64(2))
        }
        for file in scan.attachments {
            if let old = stored.removeValue(forKey: file.path) {
                if old != (file.size, file.mtime) {
                    try db.execute(sql: "UPDATE attachments SET size = ?, mtime = ? WHERE path = ?",
                                   arguments: [file.size, file.mtime, file.path])
                }
                continue
            }
            try db.execute(sql: "INSERT INTO attachments (path, size, mtime) VALUES (?, ?, ?)",
                           arguments: [file.path, file.size, file.mtime])
            affect(attachment: file.path)
        }
        for path in stored.keys {
            try db.execute(sql: "DELETE FROM attachments WHERE path = ?", arguments: [path])
            affect(attachment: path)
        }
    }

    private mutating func affect(attachment path: String) {
        affectedKeys.insert(VaultPath.nameKey(path))
        affectedKeys.formUnion(VaultPath.folderKeys(path))
        if let stem = VaultPath.stemKey(path) { affectedKeys.insert(stem) }
    }

    var pendingLinksAreEmpty: Bool { pendingLinks.isEmpty }
    var affectedKeysAreEmpty: Bool { affectedKeys.isEmpty }
    var affectedKeysSorted: [String] { affectedKeys.sorted() }
    func freshOutlinesLookup(_ path: String) -> NoteOutline? { freshOutlines[path] }

    /// A re-indexed note's links, their `target_key`s, and their files where already resolved.
    typealias PendingLinks = (noteID: Int64, source: String, links: [Link], keys: [String], files: [LinkResolution?])

    mutating func takePendingLinks() -> [PendingLinks] {
        defer { pendingLinks = [] }
        return pendingLinks
    }

    /// Replaces the stored scan findings with the scan's, unless they are the same (so that an update with
    /// nothing to do writes nothing).
    private func replaceScanDiagnostics() throws {
        var stored: [Diagnostic] = []
        try RowReader.forEach(db.makeStatement(sql: """
            SELECT path, line, column, severity, code, message FROM diagnostics WHERE note_id IS NULL ORDER BY rowid
            """)) { row in
            stored.append(Diagnostic(path: row.string(0), line: Int(row.int64(1)), column: Int(row.int64(2)),
                                     severity: Diagnostic.Severity(rawValue: row.string(3)) ?? .error, code: row.string(4),
                                     message: row.string(5)))
        }
        let scanned = scan.diagnostics.map { Diagnostic(path: $0.path ?? "", line: $0.line, column: $0.column,
                                                         severity: $0.severity, code: $0.code, message: $0.message) }
        guard stored != scanned else { return }
        try db.execute(sql: "DELETE FROM diagnostics WHERE note_id IS NULL")
        for diagnostic in scan.diagnostics { try insertDiagnostic(diagnostic, noteID: nil) }
    }
}
