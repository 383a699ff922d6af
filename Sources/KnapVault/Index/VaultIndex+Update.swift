import Foundation
import GRDB
import KnapMarkdown

extension VaultIndex {
    /// Brings the index up to date with the vault, in one transaction.
    ///
    /// Only notes whose size or mtime changed are read, and only those whose content hash changed are
    /// re-indexed. Deleted notes are dropped. Links from changed notes, and links elsewhere whose target
    /// name matches a file that came, went or changed, are resolved again.
    /// - Parameter progress: called after each note is re-indexed, with the count so far.
    @discardableResult
    public func update(progress: @escaping (Int) -> Void = { _ in }) throws(IndexError) -> IndexReport {
        let started = Date()
        return try update(scan: scanVault(), started: started, progress: progress)
    }

    /// The vault's files now, as the index sees them (its config's ignores applied).
    func scanVault() throws(IndexError) -> VaultScan {
        let config: VaultConfig
        do {
            config = try VaultConfig.load(vault: root)
        } catch {
            throw .config(error)
        }
        return VaultScanner(root: root, config: config).scan()
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
    private var pendingLinks: [(noteID: Int64, source: String, links: [Link])] = []
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
        var hash: String
    }

    mutating func run() throws -> IndexReport {
        var report = IndexReport(scanned: scan.notes.count, attachments: scan.attachments.count)
        // Notes indexed by a Knap with other parsing or resolution rules are indexed again.
        if try Int.fetchOne(db, sql: "PRAGMA user_version") != IndexSchema.rulesVersion {
            try db.execute(sql: "DELETE FROM notes_fts; DELETE FROM notes; DELETE FROM attachments")
            try db.execute(sql: "PRAGMA user_version = \(IndexSchema.rulesVersion)")
        }
        var stored: [String: Stored] = [:]
        stored.reserveCapacity(scan.notes.count)
        try RowReader.forEach(db.makeStatement(sql: "SELECT id, path, size, mtime, hash FROM notes")) { row in
            stored[row.string(1)] = Stored(id: row.int64(0), size: row.int64(2), mtime: row.int64(3), hash: row.string(4))
        }

        // Notes that are gone.
        let present = Set(scan.notes.map(\.path))
        for (path, old) in stored where !present.contains(path) {
            try forget(noteID: old.id, path: path)
            report.removed += 1
        }

        // Notes that are new or changed: read and parsed on all cores, a batch at a time, then written in order.
        let candidates = scan.notes.filter { file in
            guard let old = stored[file.path] else { return true }
            return old.size != file.size || old.mtime != file.mtime
        }
        // A (re)build from nothing: fill the tables first, index them at the end.
        let bulk = stored.isEmpty && candidates.count >= Self.bulkThreshold
        if bulk {
            for index in IndexSchema.secondaryIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
        }
        let batches = stride(from: 0, to: candidates.count, by: Self.batchSize).map {
            Array(candidates[$0..<min($0 + Self.batchSize, candidates.count)])
        }
        // While one batch is written, the next is parsed in the background.
        var pending = batches.first.map { ParallelReader.Prefetch($0, root: root) }
        for (number, batch) in batches.enumerated() {
            let reads = pending?.wait() ?? []
            pending = number + 1 < batches.count ? ParallelReader.Prefetch(batches[number + 1], root: root) : nil
            for (file, read) in zip(batch, reads) {
                let old = stored[file.path]
                if let old, old.hash == read.hash, !read.hash.isEmpty {
                    try db.execute(sql: "UPDATE notes SET size = ?, mtime = ? WHERE id = ?", arguments: [file.size, file.mtime, old.id])
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

    /// Deletes a note and everything hanging off it.
    private mutating func forget(noteID: Int64, path: String) throws {
        affectedKeys.insert(VaultPath.nameKey(path))
        affectedKeys.formUnion(VaultPath.folderKeys(path))
        for alias in try String.fetchAll(db, sql: "SELECT normalized FROM aliases WHERE note_id = ?", arguments: [noteID]) {
            affectedKeys.insert(alias)
        }
        try db.execute(sql: "DELETE FROM notes_fts WHERE rowid = ?", arguments: [noteID])
        try db.execute(sql: "DELETE FROM notes WHERE id = ?", arguments: [noteID])
    }

    private mutating func insert(_ outcome: VaultReader.Outcome, file: ScannedFile, hash: String) throws {
        affectedKeys.insert(VaultPath.nameKey(file.path))
        affectedKeys.formUnion(VaultPath.folderKeys(file.path))
        let title = VaultPath.name(of: file.path).dropLast(3)
        let readable: Bool
        if case .parsed = outcome { readable = true } else { readable = false }
        var row = RowWriter(try db.cachedStatement(sql: """
            INSERT INTO notes (path, path_key, title, hash, size, mtime, readable) VALUES (?, ?, ?, ?, ?, ?, ?)
            """))
        row.bind(file.path); row.bind(VaultPath.nfc(file.path).lowercased()); row.bind(String(title)); row.bind(hash)
        row.bind(file.size); row.bind(file.mtime); row.bind(readable)
        try row.run()
        let id = db.lastInsertedRowID
        switch outcome {
        case .failed(let diagnostic):
            try insertDiagnostic(diagnostic, noteID: id)
            freshOutlines[file.path] = NoteOutline()
        case .parsed(let note, let text):
            try NoteRows(db: db, noteID: id).insert(note, text: text)
            for diagnostic in note.diagnostics { try insertDiagnostic(diagnostic, noteID: id) }
            for alias in note.frontmatter.aliases { affectedKeys.insert(VaultPath.nfc(alias).lowercased()) }
            freshOutlines[file.path] = NoteOutline(note)
            pendingLinks.append((id, file.path, note.links))
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
        for row in try Row.fetchAll(db, sql: "SELECT path, size, mtime FROM attachments") {
            stored[row["path"]] = (row["size"], row["mtime"])
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

    mutating func takePendingLinks() -> [(noteID: Int64, source: String, links: [Link])] {
        defer { pendingLinks = [] }
        return pendingLinks
    }

    private func replaceScanDiagnostics() throws {
        try db.execute(sql: "DELETE FROM diagnostics WHERE note_id IS NULL")
        for diagnostic in scan.diagnostics { try insertDiagnostic(diagnostic, noteID: nil) }
    }
}
