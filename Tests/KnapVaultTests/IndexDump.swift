import GRDB
@testable import KnapVault

/// Every row of an index as sorted text, with note ids replaced by note paths and file times left
/// out, so an incrementally updated index can be compared with a fresh full build.
enum IndexDump {
    static func of(_ index: VaultIndex) throws -> [String] {
        try index.pool.read { db in
            var lines: [String] = []
            func dump(_ table: String, _ sql: String) throws {
                for row in try Row.fetchAll(db, sql: sql) {
                    lines.append(table + ": " + row.databaseValues.map { "\($0)" }.joined(separator: " | "))
                }
            }
            let path = "(SELECT path FROM notes WHERE notes.id = note_id)"
            try dump("note", "SELECT path, path_key, title, hash, size, readable FROM notes")
            try dump("attachment", "SELECT path, size FROM attachments")
            try dump("heading", "SELECT \(path), position, level, text, slug, line, column FROM headings")
            try dump("block", "SELECT \(path), block_id, line, column FROM block_ids")
            try dump("link", """
                SELECT \(path), position, line, column, kind, target, heading, block, alias, embed, target_key,
                       resolved_path, anchor, code, severity, message FROM links
                """)
            try dump("tag", "SELECT \(path), name, normalized, line, column, source FROM tags")
            try dump("property", "SELECT \(path), key, value FROM properties")
            try dump("alias", "SELECT \(path), alias, normalized FROM aliases")
            try dump("code", "SELECT \(path), position, language, attributes, line, fence_line, end_line, hash FROM code_blocks")
            try dump("diagnostic", "SELECT \(path), path, line, column, severity, code, message FROM diagnostics")
            try dump("fts", """
                SELECT (SELECT path FROM notes WHERE notes.id = notes_fts.rowid), title, aliases, headings, body FROM notes_fts
                """)
            return lines.sorted()
        }
    }
}
