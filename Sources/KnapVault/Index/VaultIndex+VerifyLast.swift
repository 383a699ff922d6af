import Foundation
import GRDB

extension VaultIndex {
    /// Stores (or replaces, by path and line) the last verdict on each snippet, in one transaction.
    public func storeSnippetRecords(_ records: [SnippetRecord]) throws(IndexError) {
        guard !records.isEmpty else { return }
        do {
            try pool.write { db in
                let statement = try db.makeStatement(sql: """
                    INSERT INTO verify_last (path, line, end_line, language, status, duration_ms, hash, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(path, line) DO UPDATE SET end_line = excluded.end_line, language = excluded.language,
                        status = excluded.status, duration_ms = excluded.duration_ms, hash = excluded.hash,
                        updated_at = excluded.updated_at
                    """)
                for record in records {
                    try statement.execute(arguments: [
                        record.path, record.line, record.endLine, record.language, record.status, record.durationMs,
                        record.hash, Int64(record.updatedAt.timeIntervalSince1970.rounded(.down)),
                    ])
                }
            }
        } catch {
            throw indexError(error)
        }
    }

    /// Every stored snippet verdict, by note path then line. Records may be stale: check them
    /// with ``SnippetRecord/isCurrent(in:)`` against the note as it is now.
    public func snippetRecords() throws(IndexError) -> [SnippetRecord] {
        try read(Self.fetchSnippetRecords)
    }

    /// The snippet verdicts in the index file at `path`, read without taking the index lock (a
    /// reader never waits for a long `knap verify`), and without creating or changing anything:
    /// none when the file or its `verify_last` table is missing.
    public static func snippetRecords(indexAt path: String) throws(IndexError) -> [SnippetRecord] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(10)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                guard try db.tableExists("verify_last") else { return [] }
                return try fetchSnippetRecords(db)
            }
        } catch {
            throw .database(path, reason: "\(error)")
        }
    }

    private static func fetchSnippetRecords(_ db: Database) throws -> [SnippetRecord] {
        try Row.fetchAll(db, sql: """
            SELECT path, line, end_line, language, status, duration_ms, hash, updated_at
            FROM verify_last ORDER BY path, line
            """).map { row in
            SnippetRecord(path: row[0], line: row[1], endLine: row[2], language: row[3], status: row[4],
                          durationMs: row[5], hash: row[6],
                          updatedAt: Date(timeIntervalSince1970: TimeInterval(row[7] as Int64)))
        }
    }
}
