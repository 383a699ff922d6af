import GRDB
import KnapMarkdown

extension IndexUpdater {
    /// Resolves the links of re-indexed notes and writes them; resolves again the stored links whose
    /// target name matches a file that came, went or changed. Returns how many links were resolved.
    mutating func resolveLinks() throws -> Int {
        guard !pendingLinksAreEmpty || !affectedKeysAreEmpty else { return 0 }
        // Stored links to resolve again: only links of notes that were not re-indexed are stored yet,
        // so none on a build from nothing.
        var stored: [(rowID: Int64, source: String, link: Link)] = []
        var hasLinks = false
        try RowReader.forEach(db.makeStatement(sql: "SELECT EXISTS (SELECT 1 FROM links)")) { row in hasLinks = row.int64(0) != 0 }
        if hasLinks {
            let select = try db.cachedStatement(sql: """
                SELECT links.rowid, notes.path, kind, target, heading, block, alias, embed, line, column
                FROM links JOIN notes ON notes.id = links.note_id WHERE target_key = ?
                """)
            for key in affectedKeysSorted {
                var row = RowWriter(select)
                row.bind(key)
                try RowReader.forEach(select) { row in
                    let link = Link(kind: Link.Kind(rawValue: row.string(2)) ?? .wikilink, target: row.string(3),
                                    heading: row.optionalString(4), block: row.optionalString(5), alias: row.optionalString(6),
                                    embed: row.int64(7) != 0, line: Int(row.int64(8)), column: Int(row.int64(9)))
                    stored.append((row.int64(0), row.string(1), link))
                }
            }
        }
        let pending = takePendingLinks()
        var links = stored.map { (source: $0.source, target: $0.link.target) }
        for note in pending { links += note.links.map { (source: note.source, target: $0.target) } }
        // Few links in a large vault (one note changed): the resolver knows only the files they can land on.
        var names: Set<String>?
        if links.count <= (scan.notes.count + scan.attachments.count) / Self.fewLinksDivisor {
            names = Set(links.flatMap { LinkResolver.fileNames(forTarget: $0.target, from: $0.source) })
        }
        var resolver: LinkResolver
        if var bulk = bulkResolver {
            bulk.addAliases(try aliases(forTargets: links.lazy.map(\.target)))
            resolver = bulk
        } else {
            resolver = LinkResolver(notePaths: scan.notes.map(\.path), attachments: scan.attachments.map(\.path),
                                    aliases: try aliases(forTargets: links.lazy.map(\.target)), names: names)
        }
        var count = 0

        let update = try db.cachedStatement(sql: """
            UPDATE links SET resolved_path = ?, anchor = ?, code = ?, severity = ?, message = ? WHERE rowid = ?
            """)
        for (rowID, source, link) in stored {
            let resolution = try resolve(link, from: source, with: &resolver)
            let finding = LinkDiagnostics.diagnostic(for: link, in: source, resolution: resolution)
            var row = RowWriter(update)
            row.bind(resolution.targetPath); row.bind(resolution.anchor); row.bind(finding?.code)
            row.bind(finding?.severity.rawValue); row.bind(finding?.message); row.bind(rowID)
            try row.run()
            count += 1
        }

        let insert = try db.cachedStatement(sql: """
            INSERT INTO links (note_id, position, line, column, kind, target, heading, block, alias, embed, target_key,
                               resolved_path, anchor, code, severity, message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for pending in pending {
            for (position, link) in pending.links.enumerated() {
                // Resolved where parsed, unless unresolved: then again, for the hint that aliases give.
                var file = pending.files[position]
                if case .unresolved = file { file = nil }
                let resolution = try resolve(link, from: pending.source, with: &resolver, file: file)
                let finding = LinkDiagnostics.diagnostic(for: link, in: pending.source, resolution: resolution)
                var row = RowWriter(insert)
                row.bind(pending.noteID); row.bind(position); row.bind(link.line); row.bind(link.column)
                row.bind(link.kind.rawValue); row.bind(link.target); row.bind(link.heading); row.bind(link.block)
                row.bind(link.alias); row.bind(link.embed); row.bind(pending.keys[position])
                row.bind(resolution.targetPath); row.bind(resolution.anchor); row.bind(finding?.code)
                row.bind(finding?.severity.rawValue); row.bind(finding?.message)
                try row.run()
                count += 1
            }
        }
        return count
    }

    /// Links are few when there are at most one per this many files.
    static let fewLinksDivisor = 4

    /// Above how many distinct link targets all aliases are loaded at once rather than looked up by target.
    static let aliasLookupLimit = 256

    /// The aliases the resolver needs for links to `targets` (note path → its aliases). Aliases only serve
    /// hints for unresolved links (`[[Alias]]` names the note that has it), so when few links are resolved
    /// only the aliases equal to one of their targets are loaded.
    private func aliases(forTargets targets: some Sequence<String>) throws -> [String: [String]] {
        var keys = Set<String>()
        for target in targets {
            keys.insert(LinkResolver.aliasKey(ofTarget: target))
            if keys.count > Self.aliasLookupLimit { break }
        }
        var aliases: [String: [String]] = [:]
        if keys.count > Self.aliasLookupLimit {
            let all = try db.makeStatement(sql: "SELECT notes.path, aliases.alias FROM aliases JOIN notes ON notes.id = aliases.note_id")
            try RowReader.forEach(all) { row in aliases[row.string(0), default: []].append(row.string(1)) }
            return aliases
        }
        let matching = try db.cachedStatement(sql: """
            SELECT notes.path, aliases.alias FROM aliases JOIN notes ON notes.id = aliases.note_id WHERE aliases.normalized = ?
            """)
        for key in keys {
            try matching.setArguments([key])
            try RowReader.forEach(matching) { row in aliases[row.string(0), default: []].append(row.string(1)) }
        }
        return aliases
    }

    /// Resolves `link`, first giving the resolver the outline of the note it points into when it needs one.
    /// The file part is resolved once, for the outline check and the link alike.
    private func resolve(_ link: Link, from source: String, with resolver: inout LinkResolver,
                         file resolved: LinkResolution? = nil) throws -> LinkResolution {
        let file = resolved ?? (link.target.isEmpty ? .resolved(path: source, anchor: nil) : resolver.resolveFile(link.target, from: source))
        if link.heading != nil || link.block != nil, let target = file.targetPath, VaultPath.isNote(target),
           resolver.outline(of: target) == nil {
            resolver.setOutline(try outline(of: target), for: target)
        }
        return resolver.resolve(link, from: source, file: file)
    }

    private func outline(of path: String) throws -> NoteOutline {
        if let fresh = freshOutlinesLookup(path) { return fresh }
        var headings: [Heading] = []
        let headingRows = try db.cachedStatement(sql: """
            SELECT level, text, slug, line, column FROM headings JOIN notes ON notes.id = headings.note_id
            WHERE notes.path = ? ORDER BY position
            """)
        var headingsArgument = RowWriter(headingRows)
        headingsArgument.bind(path)
        try RowReader.forEach(headingRows) { row in
            headings.append(Heading(level: Int(row.int64(0)), text: row.string(1), slug: row.string(2),
                                    line: Int(row.int64(3)), column: Int(row.int64(4))))
        }
        var blocks: [String] = []
        let blockRows = try db.cachedStatement(sql: """
            SELECT block_id FROM block_ids JOIN notes ON notes.id = block_ids.note_id WHERE notes.path = ?
            """)
        var blocksArgument = RowWriter(blockRows)
        blocksArgument.bind(path)
        try RowReader.forEach(blockRows) { row in blocks.append(row.string(0)) }
        return NoteOutline(headings: headings, blockIDs: blocks)
    }
}

extension LinkResolution {
    var anchor: String? {
        if case .resolved(_, let anchor) = self { return anchor }
        return nil
    }
}
