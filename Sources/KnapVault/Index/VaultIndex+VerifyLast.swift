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
        try read { db in
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
}
