import GRDB
import GRDBSQLite

/// Binds one row's values straight to a prepared statement and runs it: for the hot inserts of a
/// full index, where building a `StatementArguments` (one boxed value per column) costs more than
/// SQLite's own work. Values are bound in the order of the statement's `?` placeholders.
struct RowWriter {
    private let statement: Statement
    private var position: CInt = 0

    /// Starts a row on `statement`, clearing the values of the previous one.
    init(_ statement: Statement) {
        self.statement = statement
        sqlite3_reset(statement.sqliteStatement)
    }

    /// SQLite copies the text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    mutating func bind(_ value: Int64) {
        position += 1
        sqlite3_bind_int64(statement.sqliteStatement, position, value)
    }

    mutating func bind(_ value: Int) {
        bind(Int64(value))
    }

    mutating func bind(_ value: Bool) {
        bind(Int64(value ? 1 : 0))
    }

    mutating func bind(_ value: String?) {
        position += 1
        guard var text = value else {
            sqlite3_bind_null(statement.sqliteStatement, position)
            return
        }
        let statement = statement.sqliteStatement
        let position = position
        text.withUTF8 { bytes in
            // A non-null pointer even for "", so that the empty string is not bound as NULL.
            let base = bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            if let base {
                sqlite3_bind_text(statement, position, base, CInt(bytes.count), Self.transient)
            } else {
                sqlite3_bind_text(statement, position, "", 0, Self.transient)
            }
        }
    }

    mutating func bind(_ value: Int?) {
        guard let value else {
            position += 1
            sqlite3_bind_null(statement.sqliteStatement, position)
            return
        }
        bind(Int64(value))
    }

    /// Runs the statement with the values bound so far.
    func run() throws {
        let handle = statement.sqliteStatement
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        sqlite3_reset(handle)
    }
}
