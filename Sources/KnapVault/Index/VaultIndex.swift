import Foundation
import GRDB

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
    let pool: DatabasePool
    /// Held for as long as this index is open.
    let lock: IndexLock

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
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .noVault(root)
        }
        let path = indexPath ?? defaultPath(vault: root)
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(path, reason: error.localizedDescription)
        }
        let lock = try IndexLock(path: path + ".lock", waiting: waiting)
        var warnings: [String] = []
        let pool: DatabasePool
        do {
            pool = try openChecked(path)
        } catch let problem as IndexProblem {
            warnings.append("\(path): \(problem.reason); rebuilding the index")
            removeFiles(path)
            do {
                pool = try makePool(path)
            } catch {
                throw .database(path, reason: "\(error)")
            }
        } catch {
            throw .database(path, reason: "\(error)")
        }
        do {
            try IndexSchema.migrator.migrate(pool)
        } catch {
            throw .database(path, reason: "cannot set up the schema: \(error)")
        }
        return (VaultIndex(root: root, path: path, pool: pool, lock: lock), warnings)
    }

    init(root: String, path: String, pool: DatabasePool, lock: IndexLock) {
        self.root = root
        self.path = path
        self.pool = pool
        self.lock = lock
    }

    /// Why an existing file is not a usable index.
    private struct IndexProblem: Error {
        var reason: String
    }

    static func makePool(_ path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // Durable enough: WAL with NORMAL survives process crashes, which is what matters here.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return try DatabasePool(path: path, configuration: configuration)
    }

    /// Opens an existing or new index file, and throws ``IndexProblem`` when it is not a sound Knap index.
    private static func openChecked(_ path: String) throws -> DatabasePool {
        let existed = FileManager.default.fileExists(atPath: path)
        let pool: DatabasePool
        do {
            pool = try makePool(path)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw IndexProblem(reason: "not an SQLite database")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            throw IndexProblem(reason: "corrupt (\(error.message ?? "malformed"))")
        }
        guard existed else { return pool }
        do {
            try pool.read { db in
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if tables > 0 && applicationID != IndexSchema.applicationID {
                    throw IndexProblem(reason: "not a Knap index (foreign SQLite database)")
                }
                if try IndexSchema.migrator.hasBeenSuperseded(db) {
                    throw IndexProblem(reason: "made by a newer Knap")
                }
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
    public static func openUpToDate(vault root: String, at indexPath: String? = nil, waiting: () -> Void = {},
                                    progress: @escaping (Int) -> Void = { _ in })
        throws(IndexError) -> (VaultIndex, IndexReport, warnings: [String]) {
        let started = Date()
        var (index, warnings) = try open(vault: root, at: indexPath, waiting: waiting)
        let scan = try index.scanVault()
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
