import GRDB
import KnapMarkdown

extension IndexUpdater {
    /// Resolves the links of re-indexed notes and writes them; resolves again the stored links whose
    /// target name matches a file that came, went or changed. Returns how many links were resolved.
    mutating func resolveLinks() throws -> Int {
        guard !pendingLinksAreEmpty || !affectedKeysAreEmpty else { return 0 }
        var aliases: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT notes.path, aliases.alias FROM aliases JOIN notes ON notes.id = aliases.note_id") {
            aliases[row[0], default: []].append(row[1])
        }
        var resolver = LinkResolver(notePaths: scan.notes.map(\.path), attachments: scan.attachments.map(\.path), aliases: aliases)
        var count = 0

        let update = try db.cachedStatement(sql: """
            UPDATE links SET resolved_path = ?, anchor = ?, code = ?, severity = ?, message = ? WHERE rowid = ?
            """)
        // Only links of notes that were not re-indexed are stored yet: none on a build from nothing.
        let keys = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM links)") == true ? affectedKeysSorted : []
        let select = try db.cachedStatement(sql: """
            SELECT links.rowid, notes.path, kind, target, heading, block, alias, embed, line, column
            FROM links JOIN notes ON notes.id = links.note_id WHERE target_key = ?
            """)
        for key in keys {
            let rows = try Row.fetchAll(select, arguments: [key])
            for row in rows {
                let source: String = row[1]
                let link = Link(kind: Link.Kind(rawValue: row[2]) ?? .wikilink, target: row[3], heading: row[4], block: row[5],
                                alias: row[6], embed: row[7], line: row[8], column: row[9])
                let resolution = try resolve(link, from: source, with: &resolver)
                let finding = LinkDiagnostics.diagnostic(for: link, in: source, resolution: resolution)
                try update.execute(arguments: [resolution.targetPath, resolution.anchor, finding?.code,
                                               finding?.severity.rawValue, finding?.message, row[0] as Int64])
                count += 1
            }
        }

        let insert = try db.cachedStatement(sql: """
            INSERT INTO links (note_id, position, line, column, kind, target, heading, block, alias, embed, target_key,
                               resolved_path, anchor, code, severity, message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for pending in takePendingLinks() {
            for (position, link) in pending.links.enumerated() {
                let resolution = try resolve(link, from: pending.source, with: &resolver)
                let finding = LinkDiagnostics.diagnostic(for: link, in: pending.source, resolution: resolution)
                var row = RowWriter(insert)
                row.bind(pending.noteID); row.bind(position); row.bind(link.line); row.bind(link.column)
                row.bind(link.kind.rawValue); row.bind(link.target); row.bind(link.heading); row.bind(link.block)
                row.bind(link.alias); row.bind(link.embed); row.bind(VaultPath.nameKey(link.target))
                row.bind(resolution.targetPath); row.bind(resolution.anchor); row.bind(finding?.code)
                row.bind(finding?.severity.rawValue); row.bind(finding?.message)
                try row.run()
                count += 1
            }
        }
        return count
    }

    /// Resolves `link`, first giving the resolver the outline of the note it points into when it needs one.
    /// The file part is resolved once, for the outline check and the link alike.
    private func resolve(_ link: Link, from source: String, with resolver: inout LinkResolver) throws -> LinkResolution {
        let file = link.target.isEmpty ? .resolved(path: source, anchor: nil) : resolver.resolveFile(link.target, from: source)
        if link.heading != nil || link.block != nil, let target = file.targetPath, VaultPath.isNote(target),
           resolver.outline(of: target) == nil {
            resolver.setOutline(try outline(of: target), for: target)
        }
        return resolver.resolve(link, from: source, file: file)
    }

    private func outline(of path: String) throws -> NoteOutline {
        if let fresh = freshOutlinesLookup(path) { return fresh }
        let headings = try Row.fetchAll(db, sql: """
            SELECT level, text, slug, line, column FROM headings JOIN notes ON notes.id = headings.note_id
            WHERE notes.path = ? ORDER BY position
            """, arguments: [path]).map { row in
            Heading(level: row[0], text: row[1], slug: row[2], line: row[3], column: row[4])
        }
        let blocks = try String.fetchAll(db, sql: """
            SELECT block_id FROM block_ids JOIN notes ON notes.id = block_ids.note_id WHERE notes.path = ?
            """, arguments: [path])
        return NoteOutline(headings: headings, blockIDs: blocks)
    }
}

extension LinkResolution {
    var anchor: String? {
        if case .resolved(_, let anchor) = self { return anchor }
        return nil
    }
}
