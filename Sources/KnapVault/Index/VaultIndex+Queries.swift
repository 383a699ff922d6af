import GRDB
import KnapMarkdown

extension VaultIndex {
    /// Full-text search over titles, aliases, headings and bodies, best first (bm25).
    /// Words are matched as words (stemmed); a word ending in `*` matches as a prefix.
    public func search(_ query: String, tag: String? = nil, limit: Int = 20) throws(IndexError) -> [SearchHit] {
        let match = Self.ftsQuery(query)
        guard !match.isEmpty else { return [] }
        var sql = """
            SELECT notes.path, notes.title, snippet(notes_fts, -1, char(2), char(3), '…', 12),
                   bm25(notes_fts, 10.0, 5.0, 3.0, 1.0) AS score, notes_fts.body
            FROM notes_fts JOIN notes ON notes.id = notes_fts.rowid
            WHERE notes_fts MATCH ?
            """
        var arguments: StatementArguments = [match]
        if let tag {
            let normalized = tag.hasPrefix("#") ? String(tag.dropFirst()).lowercased() : tag.lowercased()
            sql += " AND notes.id IN (SELECT note_id FROM tags WHERE normalized = ? OR normalized LIKE ? ESCAPE '\\')"
            arguments += [normalized, Self.likeEscaped(normalized) + "/%"]
        }
        sql += " ORDER BY score, notes.path LIMIT ?"
        arguments += [limit]
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let snippet: String = row[2]
                let body: String = row[4]
                return SearchHit(path: row[0], title: row[1], line: Self.lineOfFirstMark(snippet, in: body),
                                 snippet: Self.displayed(snippet), score: row[3])
            }
        }
    }

    /// The note that `name` (a name, a path, or an alias) stands for.
    public func note(named name: String) throws(IndexError) -> Result<String, NoteLookupError> {
        try read { db in
            let notePaths = try String.fetchAll(db, sql: "SELECT path FROM notes")
            let attachments = try String.fetchAll(db, sql: "SELECT path FROM attachments")
            let resolver = LinkResolver(notePaths: notePaths, attachments: attachments, aliases: [:])
            let wanted = name.hasSuffix(".md") || !name.contains(".") ? name : name + ".md"
            switch resolver.resolveFile(wanted, from: "") {
            case .resolved(let path, _) where VaultPath.isNote(path): return .success(path)
            case .ambiguous(let paths): return .failure(.ambiguous(name, paths))
            default: break
            }
            let byAlias = try String.fetchAll(db, sql: """
                SELECT DISTINCT notes.path FROM aliases JOIN notes ON notes.id = aliases.note_id
                WHERE aliases.normalized = ? ORDER BY notes.path
                """, arguments: [VaultPath.nfc(name).lowercased()])
            if byAlias.count == 1 { return .success(byAlias[0]) }
            if byAlias.count > 1 { return .failure(.ambiguous(name, byAlias)) }
            return .failure(.notFound(name))
        }
    }

    /// The links in the note at `path`, in source order.
    public func links(from path: String) throws(IndexError) -> [LinkEntry] {
        try read { db in
            try Row.fetchAll(db, sql: Self.linkColumns + " WHERE notes.path = ? ORDER BY links.position", arguments: [path])
                .map(Self.linkEntry)
        }
    }

    /// The links from other notes (and from the note itself) that land on `path`.
    public func backlinks(to path: String) throws(IndexError) -> [LinkEntry] {
        try read { db in
            try Row.fetchAll(db, sql: Self.linkColumns + " WHERE links.resolved_path = ? ORDER BY notes.path, links.position",
                             arguments: [path])
                .map(Self.linkEntry)
        }
    }

    /// The links that land on attachments (files that are not notes), by note path and position.
    public func attachmentLinks() throws(IndexError) -> [LinkEntry] {
        try read { db in
            try Row.fetchAll(db, sql: Self.linkColumns
                             + " WHERE links.resolved_path IN (SELECT path FROM attachments) ORDER BY notes.path, links.position")
                .map(Self.linkEntry)
        }
    }

    /// Every tag with the number of notes that carry it; a note tagged `a/b` counts for `a/b` and `a`.
    public func tags() throws(IndexError) -> [TagCount] {
        try read { db in
            var notesByTag: [String: Set<Int64>] = [:]
            var spelling: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT note_id, name, normalized FROM tags ORDER BY note_id, line, column") {
                let noteID: Int64 = row[0]
                let name: String = row[1]
                let normalized: String = row[2]
                let nameParts = name.split(separator: "/", omittingEmptySubsequences: false)
                let keyParts = normalized.split(separator: "/", omittingEmptySubsequences: false)
                for depth in 1...max(1, keyParts.count) {
                    let key = keyParts.prefix(depth).joined(separator: "/")
                    notesByTag[key, default: []].insert(noteID)
                    if spelling[key] == nil { spelling[key] = nameParts.prefix(depth).joined(separator: "/") }
                }
            }
            return notesByTag.map { TagCount(tag: spelling[$0.key] ?? $0.key, count: $0.value.count) }
                .sorted { ($0.count, $1.tag.lowercased()) > ($1.count, $0.tag.lowercased()) }
        }
    }

    /// Notes that no other note links to, by path.
    public func orphans() throws(IndexError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT path FROM notes WHERE path NOT IN (
                    SELECT links.resolved_path FROM links JOIN notes AS source ON source.id = links.note_id
                    WHERE links.resolved_path IS NOT NULL AND links.resolved_path != source.path)
                ORDER BY path
                """)
        }
    }

    /// Every problem in the vault: read and frontmatter problems, scan problems, and link problems,
    /// sorted by path, line and column.
    public func diagnostics() throws(IndexError) -> [Diagnostic] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT path, line, column, severity, code, message FROM diagnostics
                UNION ALL
                SELECT notes.path, links.line, links.column, links.severity, links.code, links.message
                FROM links JOIN notes ON notes.id = links.note_id WHERE links.code IS NOT NULL
                ORDER BY 1, 2, 3, 5
                """).map { row in
                Diagnostic(path: row[0], line: row[1], column: row[2],
                           severity: Diagnostic.Severity(rawValue: row[3]) ?? .error, code: row[4], message: row[5])
            }
        }
    }

    /// Notes as nodes, and links between notes as edges (links to attachments are left out).
    public func graph() throws(IndexError) -> VaultGraph {
        try read { db in
            let nodes = try Row.fetchAll(db, sql: "SELECT path, title FROM notes ORDER BY path").map {
                VaultGraph.Node(id: $0[0], title: $0[1])
            }
            let edges = try Row.fetchAll(db, sql: """
                SELECT notes.path, links.resolved_path, count(*) FROM links JOIN notes ON notes.id = links.note_id
                WHERE links.resolved_path IN (SELECT path FROM notes)
                GROUP BY 1, 2 ORDER BY 1, 2
                """).map { VaultGraph.Edge(source: $0[0], target: $0[1], count: $0[2]) }
            return VaultGraph(nodes: nodes, edges: edges)
        }
    }

    /// How many notes the index holds.
    public func noteCount() throws(IndexError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM notes") ?? 0 }
    }

    func read<T>(_ body: (Database) throws -> T) throws(IndexError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw indexError(error)
        }
    }

    private static let linkColumns = """
        SELECT notes.path, links.line, links.column, links.target, links.heading, links.block, links.embed,
               links.resolved_path, links.anchor, links.code
        FROM links JOIN notes ON notes.id = links.note_id
        """

    private static func linkEntry(_ row: Row) -> LinkEntry {
        var target: String = row[3]
        if let heading: String = row[4] { target += "#" + heading }
        if let block: String = row[5] { target += "#^" + block }
        return LinkEntry(source: row[0], line: row[1], column: row[2], target: target, embed: row[6],
                         resolved: row[7], anchor: row[8], problem: row[9])
    }
}
