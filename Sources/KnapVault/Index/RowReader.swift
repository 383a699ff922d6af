import GRDB
import GRDBSQLite

/// Reads a query's rows straight from SQLite: for the queries over every note that each update runs,
/// where GRDB's `Row` (a copy per row, columns found by name, values cast at run time) costs more than
/// SQLite's own work. Columns are read by position in the statement's `SELECT` list.
struct RowReader: ~Copyable {
    private let handle: OpaquePointer

    private init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    /// Runs `statement` (its arguments already set) and calls `body` for each row.
    static func forEach(_ statement: Statement, _ body: (borrowing RowReader) throws -> Void) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
            }
            try body(RowReader(handle))
        }
    }

    func int64(_ column: CInt) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    /// The column's text as bytes, valid until the next row; empty for NULL.
    func bytes(_ column: CInt) -> UnsafeBufferPointer<UInt8> {
        guard let text = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The column's text; nil for NULL.
    func optionalString(_ column: CInt) -> String? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : string(column)
    }

    /// The column's text; "" for NULL.
    func string(_ column: CInt) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }
}
