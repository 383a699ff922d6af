import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension VaultIndex {
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
        var report = try Self.buildInTemporaryFile(root: root, path: path, scan: scan, progress: progress)
        // No connection to the old file may outlive the rename: closing one later would checkpoint into,
        // or delete, the WAL beside the new file.
        do {
            try pool.close()
        } catch {
            Self.removeFiles(Self.temporaryBuildPath(path))
            throw .database(path, reason: "cannot close the index to replace it: \(error)")
        }
        let index = try Self.movedIntoPlace(vault: root, path: path, lock: lock)
        report.seconds = Date().timeIntervalSince(started)
        return (index, report)
    }

    /// Builds the index of a vault that has none in a temporary file, moves it into place, and returns it
    /// opened. (A kill leaves no index and a temporary file that the next build deletes.)
    static func builtFromNothing(vault root: String, path: String, lock: FileLock, scan: VaultScan, started: Date,
                                 progress: @escaping (Int) -> Void) throws(IndexError) -> (VaultIndex, IndexReport) {
        var report = try buildInTemporaryFile(root: root, path: path, scan: scan, progress: progress)
        let index = try movedIntoPlace(vault: root, path: path, lock: lock)
        report.seconds = Date().timeIntervalSince(started)
        return (index, report)
    }

    static func temporaryBuildPath(_ path: String) -> String { path + ".build" }

    /// Writes the index of `scan` to the temporary file beside `path`, with no journal and no syncs, and
    /// leaves it in WAL mode, as the index is opened (so opening it later writes nothing).
    private static func buildInTemporaryFile(root: String, path: String, scan: VaultScan,
                                             progress: @escaping (Int) -> Void) throws(IndexError) -> IndexReport {
        let temporary = temporaryBuildPath(path)
        removeFiles(temporary)
        do {
            _ = sqliteConfigured
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE")
            }
            let queue = try DatabaseQueue(path: temporary, configuration: configuration)
            try IndexSchema.migrator.migrate(queue)
            let report = try queue.writeWithoutTransaction { db in
                let report = try IndexUpdater.run(in: db, root: root, scan: scan, progress: progress)
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                return report
            }
            try queue.close()
            return report
        } catch {
            removeFiles(temporary)
            throw .database(temporary, reason: "\(error)")
        }
    }

    /// Moves the temporary file over the index (no connection to the index may be open) and opens it.
    /// The old index's WAL is removed before the rename, so SQLite never applies it to the new file; a kill
    /// between the two leaves the old index.
    private static func movedIntoPlace(vault root: String, path: String, lock: FileLock) throws(IndexError) -> VaultIndex {
        let temporary = temporaryBuildPath(path)
        for suffix in ["-wal", "-shm", "-journal"] {
            unlink(path + suffix)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            removeFiles(temporary)
            throw .database(path, reason: "cannot move the new index into place: \(reason)")
        }
        do {
            return VaultIndex(root: root, path: path, pool: try makePool(path), lock: lock)
        } catch {
            throw .database(path, reason: "\(error)")
        }
    }
}
