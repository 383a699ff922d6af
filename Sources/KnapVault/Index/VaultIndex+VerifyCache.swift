import Foundation
import GRDB

/// A cached result of verifying one snippet, keyed by whatever identifies the run (for example a
/// hash of the language, the code and the runner's version).
public struct VerifyResult: Sendable, Codable, Equatable {
    public var key: String
    public var status: String
    public var output: String
    public var durationMs: Int
    /// When the result was stored, in whole seconds since 1970.
    public var updatedAt: Date

    public init(key: String, status: String, output: String, durationMs: Int, updatedAt: Date) {
        self.key = key
        self.status = status
        self.output = output
        self.durationMs = durationMs
        self.updatedAt = updatedAt
    }
}

extension VaultIndex {
    /// The stored result for `key`, or nil.
    public func cachedVerifyResult(key: String) throws(IndexError) -> VerifyResult? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT key, status, output, duration_ms, updated_at FROM verify_results WHERE key = ?",
                             arguments: [key]).map { row in
                VerifyResult(key: row[0], status: row[1], output: row[2], durationMs: row[3],
                             updatedAt: Date(timeIntervalSince1970: TimeInterval(row[4] as Int64)))
            }
        }
    }

    /// Stores (or replaces) the result for `key`, stamped with the current time; returns what was stored.
    @discardableResult
    public func storeVerifyResult(key: String, status: String, output: String, durationMs: Int,
                                  at date: Date = Date()) throws(IndexError) -> VerifyResult {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        do {
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO verify_results (key, status, output, duration_ms, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET status = excluded.status, output = excluded.output,
                        duration_ms = excluded.duration_ms, updated_at = excluded.updated_at
                    """, arguments: [key, status, output, durationMs, seconds])
            }
        } catch {
            throw .database(path, reason: "\(error)")
        }
        return VerifyResult(key: key, status: status, output: output, durationMs: durationMs,
                            updatedAt: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
