import Foundation
import GRDB

extension VaultIndex {
    /// The temporary file a build from nothing is written to, next to the index.
    var temporaryBuildPath: String { path + ".build" }

    /// Whether the index holds nothing a build from nothing would lose: no notes, attachments or
    /// verification results.
    func isEmpty() throws(IndexError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT NOT EXISTS (SELECT 1 FROM notes) AND NOT EXISTS (SELECT 1 FROM attachments)
                   AND NOT EXISTS (SELECT 1 FROM verify_results) AND NOT EXISTS (SELECT 1 FROM verify_last)
                """) ?? false
        }
    }

    /// Builds the index from nothing in a temporary file next to it, then moves that file over it, and
    /// returns the index reopened on it.
    ///
    /// The temporary file has no journal and is never synced: only this process, which holds the index
    /// lock, ever opens it, and a process killed while writing it leaves the empty index in place and a
    /// temporary file that the next build deletes. The old index's WAL is removed before the rename, so
    /// SQLite never applies it to the new file; a kill between the two leaves the old (empty) index.
    func builtInTemporaryFile(scan: VaultScan, started: Date, progress: @escaping (Int) -> Void)
        throws(IndexError) -> (VaultIndex, IndexReport) {
        let temporary = temporaryBuildPath
        Self.removeFiles(temporary)
        var report: IndexReport
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE")
            }
            let queue = try DatabaseQueue(path: temporary, configuration: configuration)
            try IndexSchema.migrator.migrate(queue)
            report = try queue.writeWithoutTransaction { db in
                try IndexUpdater.run(in: db, root: root, scan: scan, progress: progress)
            }
            try queue.close()
        } catch {
            Self.removeFiles(temporary)
            throw .database(temporary, reason: "\(error)")
        }

        // No connection to the old file may outlive the rename: closing one later would checkpoint into,
        // or delete, the WAL beside the new file.
        do {
            try pool.close()
        } catch {
            Self.removeFiles(temporary)
            throw .database(path, reason: "cannot close the index to replace it: \(error)")
        }
        for suffix in ["-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            Self.removeFiles(temporary)
            throw .database(path, reason: "cannot move the new index into place: \(reason)")
        }
        let pool: DatabaseQueue
        do {
            pool = try Self.makePool(path)
        } catch {
            throw .database(path, reason: "\(error)")
        }
        report.seconds = Date().timeIntervalSince(started)
        return (VaultIndex(root: root, path: path, pool: pool, lock: lock), report)
    }
}
