import GRDB
import Testing
@testable import KnapVault

@Suite struct RowWriterTests {
    @Test func bindsValuesInPlaceholderOrderAndReusesTheStatement() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (i INTEGER, s TEXT, n TEXT, b INTEGER, o INTEGER)")
            let insert = try db.cachedStatement(sql: "INSERT INTO t (i, s, n, b, o) VALUES (?, ?, ?, ?, ?)")
            for (i, s) in [(Int64(1), "é ü"), (2, "")] {
                var row = RowWriter(insert)
                row.bind(i); row.bind(s); row.bind(nil as String?); row.bind(i == 1); row.bind(i == 1 ? 7 : nil as Int?)
                try row.run()
            }
            let rows = try Row.fetchAll(db, sql: "SELECT i, s, n, b, o, typeof(s), typeof(n), typeof(o) FROM t ORDER BY i")
            #expect(rows.count == 2)
            #expect(rows[0][0] as Int64 == 1 && rows[0][1] as String == "é ü" && rows[0][3] as Int64 == 1 && rows[0][4] as Int64 == 7)
            #expect(rows[0][6] as String == "null")
            // The empty string stays text, not NULL; a nil Int is NULL.
            #expect(rows[1][1] as String == "" && rows[1][5] as String == "text" && rows[1][7] as String == "null")
            #expect(rows[1][3] as Int64 == 0)
        }
    }

    @Test func aFailedStepThrowsTheSQLiteError() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (k TEXT PRIMARY KEY)")
            let insert = try db.cachedStatement(sql: "INSERT INTO t (k) VALUES (?)")
            var first = RowWriter(insert)
            first.bind("a")
            try first.run()
            var again = RowWriter(insert)
            again.bind("a")
            #expect {
                try again.run()
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
            }
            // The statement is usable after the failure.
            var other = RowWriter(insert)
            other.bind("b")
            try other.run()
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 2)
        }
    }
}
