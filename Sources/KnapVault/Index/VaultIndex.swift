import CKnapSQLite
import Foundation
import GRDB
import GRDBSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The vault's SQLite index (through GRDB, in WAL mode), by default at `<vault>/.knap/index.sqlite`.
///
/// Open it with ``open(vault:at:waiting:)``, which takes the index lock, checks the file, and
/// rebuilds it (with a warning) when it is corrupt, foreign or from a newer Knap. Every update runs in
/// one transaction, so a process killed at any point leaves the previous state.
public final class VaultIndex: Sendable {
    /// The vault folder.
    public let root: String
    /// The index file.
    public let path: String
    /// One connection: the index lock keeps other processes out while it is open, so nothing reads beside it.
    let pool: DatabaseQueue
    /// Held for as long as this index is open.
    let lock: FileLock

    /// The default index location for a vault.
    public static func defaultPath(vault root: String) -> String {
        (root as NSString).appendingPathComponent(".knap/index.sqlite")
    }

    /// Opens (creating or rebuilding as needed) the index of the vault at `root`.
    /// - Parameters:
    ///   - indexPath: the index file; nil for `<vault>/.knap/index.sqlite`.
    ///   - waiting: called once if another process holds the index lock, before waiting for it.
    /// - Returns: the index, and warnings for the user (a rebuilt index).
    public static func open(vault root: String, at indexPath: String? = nil,
                            waiting: () -> Void = {}) throws(IndexError) -> (VaultIndex, warnings: [String]) {
        let (path, lock) = try locked(vault: root, at: indexPath, waiting: waiting)
        return try open(vault: root, path: path, lock: lock)
    }

    /// Checks the vault folder, makes the index's folder, and takes the index lock.
    private static func locked(vault root: String, at indexPath: String?, waiting: () -> Void)
        throws(IndexError) -> (path: String, lock: FileLock) {
        var info = stat()
        guard stat(root, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .noVault(root)
        }
        let path = indexPath ?? defaultPath(vault: root)
        let folder = (path as NSString).deletingLastPathComponent
        if stat(folder.isEmpty ? "." : folder, &info) != 0 {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .cannotCreate(path, reason: error.localizedDescription)
            }
        }
        do {
            return (path, try FileLock(path: path + ".lock", waiting: waiting))
        } catch {
            throw error.notLocked ? .locked(error.path) : .cannotCreate(error.path, reason: error.reason)
        }
    }

    /// ``open(vault:at:waiting:)`` with the lock taken.
    private static func open(vault root: String, path: String, lock: FileLock) throws(IndexError) -> (VaultIndex, warnings: [String]) {
        var warnings: [String] = []
        let pool: DatabaseQueue
        do {
            pool = try openChecked(path)
        } catch let problem as IndexProblem {
            warnings.append("\(path): \(problem.reason); rebuilding the index")
            removeFiles(path)
            do {
                pool = try makePool(path)
                try IndexSchema.migrator.migrate(pool)
            } catch {
                throw .database(path, reason: "cannot set up the schema: \(error)")
            }
        } catch {
            throw .database(path, reason: "\(error)")
        }
        return (VaultIndex(root: root, path: path, pool: pool, lock: lock), warnings)
    }

    init(root: String, path: String, pool: DatabaseQueue, lock: FileLock) {
        self.root = root
        self.path = path
        self.pool = pool
        self.lock = lock
    }

    /// Why an existing file is not a usable index.
    private struct IndexProblem: Error {
        var reason: String
    }

    /// A connection to the index in WAL mode.
    ///
    /// A `DatabaseQueue` with WAL set here, not GRDB's `DatabasePool`: the pool opens reader connections
    /// and, whenever the WAL file is missing or empty, writes to the index to create it, so that every run,
    /// even one with nothing to do, wrote and synced the file.
    ///
    /// The WAL is persistent and emptied on close: closing the connection copies the WAL's frames into the
    /// file and truncates the WAL to nothing, without deleting it. Each run is a new process, and a new
    /// process reads every frame left in the WAL before its first query (the WAL's index in shared memory
    /// is rebuilt by the first connection), then copies all of them into the file again at its next
    /// commit, as it cannot know which were copied before. A WAL left full on close was therefore read
    /// and copied by every later run, and grew with each one (20 MB after a hundred one-note updates).
    /// Emptied on close, the WAL costs a run that changed nothing no work, and a run that changed a note
    /// one copy of the pages it wrote (and two syncs).
    static func makePool(_ path: String) throws -> DatabaseQueue {
        _ = sqliteConfigured
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // Durable enough: WAL with NORMAL survives process crashes, which is what matters here.
            // (Setting WAL on a file already in WAL mode reads its header and writes nothing.)
            // A journal size limit of 0 truncates the persistent WAL when the connection closes.
            try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 0")
            var persist: CInt = 1
            let code = sqlite3_file_control(db.sqliteConnection, nil, SQLITE_FCNTL_PERSIST_WAL, &persist)
            guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot keep the WAL file") }
        }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Process-wide SQLite settings, made once, before the first connection opens (a `static let` runs once,
    /// and other callers wait for it): no memory statistics, whose global mutex every allocation took.
    static let sqliteConfigured: Bool = knap_sqlite3_disable_memory_statistics() == SQLITE_OK

    /// Opens an existing or new index file with its schema up to date, and throws ``IndexProblem`` when it
    /// is not a sound Knap index.
    ///
    /// An index whose migrations are exactly Knap's is checked with two small raw queries, without GRDB's
    /// migrator (which reads the schema through several layers of generic code on every open).
    private static func openChecked(_ path: String) throws -> DatabaseQueue {
        var info = stat()
        let existed = stat(path, &info) == 0
        let pool: DatabaseQueue
        do {
            pool = try makePool(path)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw IndexProblem(reason: "not an SQLite database")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            throw IndexProblem(reason: "corrupt (\(error.message ?? "malformed"))")
        }
        do {
            let upToDate = try existed && pool.inDatabase { db in
                var tables: Int64 = 0
                var applicationID: Int64 = 0
                var hasMigrations = false
                try RowReader.forEach(db.makeStatement(sql: """
                    SELECT (SELECT count(*) FROM sqlite_master), (SELECT application_id FROM pragma_application_id),
                           EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations')
                    """)) { row in
                    tables = row.int64(0)
                    applicationID = row.int64(1)
                    hasMigrations = row.int64(2) != 0
                }
                if tables > 0 && applicationID != Int64(IndexSchema.applicationID) {
                    throw IndexProblem(reason: "not a Knap index (foreign SQLite database)")
                }
                guard hasMigrations else { return false }
                var applied: [String] = []
                try RowReader.forEach(db.makeStatement(sql: "SELECT identifier FROM grdb_migrations")) { row in
                    applied.append(row.string(0))
                }
                if applied.contains(where: { !IndexSchema.migrationIdentifiers.contains($0) }) {
                    throw IndexProblem(reason: "made by a newer Knap")
                }
                return applied.count == IndexSchema.migrationIdentifiers.count
            }
            if !upToDate {
                try IndexSchema.migrator.migrate(pool)
            }
        } catch let problem as IndexProblem {
            try? pool.close()
            throw problem
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            try? pool.close()
            throw IndexProblem(reason: "corrupt (\(error.message ?? "\(error.resultCode)"))")
        }
        return pool
    }

    /// Opens the index, brings it up to date, and rebuilds it (with a warning) if SQLite finds it
    /// damaged on the way. Damage is found where SQLite reads: the header and schema when opening,
    /// the tables an update reads, and whatever a later query reads (which then throws ``IndexError/corrupt``
    /// after deleting the file, so the next run rebuilds it).
    /// `followExternalSymlinks` (from the command line only) indexes what symlinks outside the vault point to.
    public static func openUpToDate(vault root: String, at indexPath: String? = nil, followExternalSymlinks: Bool = false,
                                    waiting: () -> Void = {}, progress: @escaping (Int) -> Void = { _ in })
        throws(IndexError) -> (VaultIndex, IndexReport, warnings: [String]) {
        let started = Date()
        let (path, lock) = try locked(vault: root, at: indexPath, waiting: waiting)
        var info = stat()
        let opened: (VaultIndex, warnings: [String])
        let scan: VaultScan
        if stat(path, &info) != 0 {
            // No index yet: a large vault is built straight into a file of its own and moved into place,
            // with no empty index made (and synced) first.
            scan = try scanVault(root: root, followExternalSymlinks: followExternalSymlinks)
            if scan.notes.count >= IndexUpdater.bulkThreshold {
                let (index, report) = try builtFromNothing(vault: root, path: path, lock: lock, scan: scan,
                                                           started: started, progress: progress)
                return (index, report, [])
            }
            opened = try open(vault: root, path: path, lock: lock)
        } else {
            // The index is opened on another thread while this one scans the vault, the longer of the two
            // (mostly waiting for the kernel): the thread already running does not wait for one to start.
            let opening = Background { () throws(IndexError) in try open(vault: root, path: path, lock: lock) }
            let scanned = Result { () throws(IndexError) in try scanVault(root: root, followExternalSymlinks: followExternalSymlinks) }
            opened = try opening.wait().get()
            scan = try scanned.get()
        }
        var (index, warnings) = opened
        do {
            let (updated, report) = try index.filled(scan: scan, started: started, progress: progress)
            return (updated, report, warnings)
        } catch {
            guard case .corrupt(let path, let reason) = error else { throw error }
            warnings.append("\(path): corrupt (\(reason)); rebuilding the index")
            index = try index.rebuilt()
            let (updated, report) = try index.filled(scan: scan, started: started, progress: progress)
            return (updated, report, warnings)
        }
    }

    /// Brings the index up to date with `scan`: an empty index and a large vault are built afresh in
    /// a file of their own (``builtInTemporaryFile(scan:started:progress:)``), anything else updated in place.
    private func filled(scan: VaultScan, started: Date, progress: @escaping (Int) -> Void)
        throws(IndexError) -> (VaultIndex, IndexReport) {
        if scan.notes.count >= IndexUpdater.bulkThreshold, try isEmpty() {
            return try builtInTemporaryFile(scan: scan, started: started, progress: progress)
        }
        return (self, try update(scan: scan, started: started, progress: progress))
    }

    /// A new, empty index in place of this one, keeping the lock.
    private func rebuilt() throws(IndexError) -> VaultIndex {
        try? pool.close()
        Self.removeFiles(path)
        do {
            let pool = try Self.makePool(path)
            try IndexSchema.migrator.migrate(pool)
            return VaultIndex(root: root, path: path, pool: pool, lock: lock)
        } catch {
            throw .database(path, reason: "\(error)")
        }
    }

    /// Turns SQLite's "this file is damaged" into ``IndexError/corrupt`` (deleting the file, so the next
    /// run starts afresh), and other failures into ``IndexError/database``.
    func indexError(_ error: any Error) -> IndexError {
        if let error = error as? DatabaseError, [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            try? pool.close()
            Self.removeFiles(path)
            return .corrupt(path, reason: error.message ?? "\(error.resultCode)")
        }
        return .database(path, reason: "\(error)")
    }

    static func removeFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
