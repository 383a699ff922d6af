import GRDB
import KnapMarkdown

/// Writes one parsed note's rows: headings, block ids, tags, properties, aliases, code blocks and
/// its full-text entry. Links are written later, once every note is in place to resolve them against.
struct NoteRows {
    let db: Database
    let noteID: Int64

    func insert(_ note: Note, text: String) throws {
        let headings = try db.cachedStatement(sql: """
            INSERT INTO headings (note_id, position, level, text, slug, line, column) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, heading) in note.headings.enumerated() {
            try headings.execute(arguments: [noteID, position, heading.level, heading.text, heading.slug, heading.line, heading.column])
        }
        let blocks = try db.cachedStatement(sql: "INSERT INTO block_ids (note_id, block_id, line, column) VALUES (?, ?, ?, ?)")
        for block in note.blockIDs {
            try blocks.execute(arguments: [noteID, block.id, block.line, block.column])
        }
        let tags = try db.cachedStatement(sql: """
            INSERT INTO tags (note_id, name, normalized, line, column, source) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for tag in note.tags {
            try tags.execute(arguments: [noteID, tag.name, tag.normalized, tag.line, tag.column, tag.source.rawValue])
        }
        let properties = try db.cachedStatement(sql: "INSERT INTO properties (note_id, key, value) VALUES (?, ?, ?)")
        for property in note.frontmatter.properties {
            try properties.execute(arguments: [noteID, property.key, property.value.json])
        }
        let aliases = try db.cachedStatement(sql: "INSERT INTO aliases (note_id, alias, normalized) VALUES (?, ?, ?)")
        for alias in note.frontmatter.aliases {
            try aliases.execute(arguments: [noteID, alias, VaultPath.nfc(alias).lowercased()])
        }
        let blocksOfCode = try db.cachedStatement(sql: """
            INSERT INTO code_blocks (note_id, position, language, attributes, line, fence_line, end_line, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, block) in note.codeBlocks.enumerated() {
            let attributes = "[" + block.attributes.map { attribute in
                "[" + JSONText.string(attribute.key) + "," + (attribute.value.map(JSONText.string) ?? "null") + "]"
            }.joined(separator: ",") + "]"
            try blocksOfCode.execute(arguments: [noteID, position, block.language, attributes, block.line, block.fenceLine,
                                                 block.endLine, ContentHash.of(block.code)])
        }
        try db.cachedStatement(sql: "INSERT INTO notes_fts (rowid, title, aliases, headings, body) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [noteID, note.title, note.frontmatter.aliases.joined(separator: "\n"),
                                 note.headings.map(\.text).joined(separator: "\n"), text])
    }
}

/// Minimal JSON text for the values the index stores as JSON.
enum JSONText {
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension FrontmatterValue {
    /// The value as JSON: scalars as strings (as written), lists as arrays, maps as objects.
    var json: String {
        switch self {
        case .scalar(let text, _): JSONText.string(text)
        case .list(let items): "[" + items.map(\.json).joined(separator: ",") + "]"
        case .map(let properties): "{" + properties.map { JSONText.string($0.key) + ":" + $0.value.json }.joined(separator: ",") + "}"
        case .null: "null"
        }
    }
}
