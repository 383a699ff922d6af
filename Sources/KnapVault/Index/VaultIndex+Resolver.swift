import GRDB
import KnapMarkdown

extension VaultIndex {
    /// A resolver over the indexed vault, with every note's headings, block ids and aliases: for
    /// callers (the renderer) that resolve links without parsing every note again.
    public func resolver() throws(IndexError) -> LinkResolver {
        try read { db in
            var outlines: [String: NoteOutline] = [:]
            var pathByID: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, path FROM notes") {
                pathByID[row[0]] = row[1]
                outlines[row[1]] = NoteOutline()
            }
            for row in try Row.fetchAll(db, sql: "SELECT note_id, level, text, slug, line, column FROM headings ORDER BY note_id, position") {
                guard let path = pathByID[row[0]] else { continue }
                outlines[path]?.headings.append(Heading(level: row[1], text: row[2], slug: row[3], line: row[4], column: row[5]))
            }
            for row in try Row.fetchAll(db, sql: "SELECT note_id, block_id FROM block_ids ORDER BY note_id, line, column") {
                guard let path = pathByID[row[0]] else { continue }
                outlines[path]?.blockIDs.append(row[1])
            }
            for row in try Row.fetchAll(db, sql: "SELECT note_id, alias FROM aliases ORDER BY note_id, rowid") {
                guard let path = pathByID[row[0]] else { continue }
                outlines[path]?.aliases.append(row[1])
            }
            let attachments = try String.fetchAll(db, sql: "SELECT path FROM attachments")
            return LinkResolver(notes: outlines, attachments: attachments)
        }
    }
}
