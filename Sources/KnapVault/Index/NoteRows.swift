import GRDB
import KnapMarkdown

/// Writes one parsed note's rows: headings, block ids, tags, properties, aliases, code blocks and
/// its full-text entry. Links are written later, once every note is in place to resolve them against.
/// Values are bound straight to the statements (``RowWriter``), prepared once per update: these are
/// most of a full index's rows (looking each statement up by its SQL for every note cost a tenth as much).
struct NoteRows {
    private let headings: Statement
    private let blocks: Statement
    private let tags: Statement
    private let properties: Statement
    private let aliases: Statement
    private let blocksOfCode: Statement
    private let fts: Statement

    init(_ db: Database) throws {
        headings = try db.cachedStatement(sql: """
            INSERT INTO headings (note_id, position, level, text, slug, line, column) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        blocks = try db.cachedStatement(sql: "INSERT INTO block_ids (note_id, block_id, line, column) VALUES (?, ?, ?, ?)")
        tags = try db.cachedStatement(sql: """
            INSERT INTO tags (note_id, name, normalized, line, column, source) VALUES (?, ?, ?, ?, ?, ?)
            """)
        properties = try db.cachedStatement(sql: "INSERT INTO properties (note_id, key, value) VALUES (?, ?, ?)")
        aliases = try db.cachedStatement(sql: "INSERT INTO aliases (note_id, alias, normalized) VALUES (?, ?, ?)")
        blocksOfCode = try db.cachedStatement(sql: """
            INSERT INTO code_blocks (note_id, position, language, attributes, line, fence_line, end_line, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        fts = try db.cachedStatement(sql: "INSERT INTO notes_fts (rowid, title, aliases, headings, body) VALUES (?, ?, ?, ?, ?)")
    }

    func insert(_ prepared: PreparedNote, noteID: Int64, text: String) throws {
        let note = prepared.note
        for (position, heading) in note.headings.enumerated() {
            var row = RowWriter(headings)
            row.bind(noteID); row.bind(position); row.bind(heading.level); row.bind(heading.text)
            row.bind(heading.slug); row.bind(heading.line); row.bind(heading.column)
            try row.run()
        }
        for block in note.blockIDs {
            var row = RowWriter(blocks)
            row.bind(noteID); row.bind(block.id); row.bind(block.line); row.bind(block.column)
            try row.run()
        }
        for tag in note.tags {
            var row = RowWriter(tags)
            row.bind(noteID); row.bind(tag.name); row.bind(tag.normalized); row.bind(tag.line); row.bind(tag.column)
            row.bind(tag.source.rawValue)
            try row.run()
        }
        for (property, json) in zip(note.frontmatter.properties, prepared.propertyJSON) {
            var row = RowWriter(properties)
            row.bind(noteID); row.bind(property.key); row.bind(json)
            try row.run()
        }
        for (alias, key) in zip(note.frontmatter.aliases, prepared.aliasKeys) {
            var row = RowWriter(aliases)
            row.bind(noteID); row.bind(alias); row.bind(key)
            try row.run()
        }
        for (position, block) in note.codeBlocks.enumerated() {
            var row = RowWriter(blocksOfCode)
            row.bind(noteID); row.bind(position); row.bind(block.language); row.bind(prepared.codeAttributes[position])
            row.bind(block.line); row.bind(block.fenceLine); row.bind(block.endLine); row.bind(prepared.codeHashes[position])
            try row.run()
        }
        var fts = RowWriter(self.fts)
        fts.bind(noteID); fts.bind(prepared.title); fts.bind(prepared.ftsAliases); fts.bind(prepared.ftsHeadings)
        fts.bind(PreparedNote.searchBody(text, frontmatter: note.frontmatter.lines))
        try fts.run()
    }
}
