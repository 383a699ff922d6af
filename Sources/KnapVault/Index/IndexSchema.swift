import GRDB

/// The index's tables, as versioned migrations. Add a migration for every change; never edit one
/// that has shipped. An index whose migrations Knap does not know (a newer Knap's) is rebuilt.
enum IndexSchema {
    /// `PRAGMA application_id` of a Knap index: "KNAP". A file without it is not ours.
    static let applicationID: Int32 = 0x4B4E_4150

    /// The version of what the rows hold: bump it when parsing or link resolution changes, so that
    /// existing indexes are filled again (kept in `PRAGMA user_version`).
    static let rulesVersion = 4

    /// The indexes on the tables (beyond primary keys), by name. A full build drops them first and
    /// creates them at the end, which is faster than keeping them up to date row by row.
    static let secondaryIndexes: [(name: String, sql: String)] = [
        ("notes_path_key", "CREATE INDEX notes_path_key ON notes(path_key)"),
        ("headings_note", "CREATE INDEX headings_note ON headings(note_id)"),
        ("block_ids_note", "CREATE INDEX block_ids_note ON block_ids(note_id)"),
        ("links_note", "CREATE INDEX links_note ON links(note_id)"),
        ("links_resolved", "CREATE INDEX links_resolved ON links(resolved_path)"),
        ("links_target_key", "CREATE INDEX links_target_key ON links(target_key)"),
        ("tags_note", "CREATE INDEX tags_note ON tags(note_id)"),
        ("tags_normalized", "CREATE INDEX tags_normalized ON tags(normalized)"),
        ("properties_note", "CREATE INDEX properties_note ON properties(note_id)"),
        ("aliases_note", "CREATE INDEX aliases_note ON aliases(note_id)"),
        ("aliases_normalized", "CREATE INDEX aliases_normalized ON aliases(normalized)"),
        ("code_blocks_note", "CREATE INDEX code_blocks_note ON code_blocks(note_id)"),
        ("diagnostics_note", "CREATE INDEX diagnostics_note ON diagnostics(note_id)"),
    ]

    /// The identifiers of the migrations below, in order: an index that has applied exactly these is up to date.
    static let migrationIdentifiers = ["v1", "v2-verify-last"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(migrationIdentifiers[0]) { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: """
                CREATE TABLE notes (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL UNIQUE,      -- vault-relative, as on disk
                    path_key TEXT NOT NULL,         -- NFC, lower-cased: for lookups
                    title TEXT NOT NULL,
                    hash TEXT NOT NULL,             -- content hash; '' when unreadable
                    size INTEGER NOT NULL,
                    mtime INTEGER NOT NULL,         -- nanoseconds since 1970
                    readable INTEGER NOT NULL DEFAULT 1
                );
                CREATE TABLE attachments (
                    path TEXT PRIMARY KEY,
                    size INTEGER NOT NULL,
                    mtime INTEGER NOT NULL
                );
                CREATE TABLE headings (
                    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    level INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    slug TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    column INTEGER NOT NULL
                );
                CREATE TABLE block_ids (
                    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
                    block_id TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    column INTEGER NOT NULL
                );
                CREATE TABLE links (
                    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    line INTEGER NOT NULL,
                    column INTEGER NOT NULL,
                    kind TEXT NOT NULL,             -- wikilink | markdown
                    target TEXT NOT NULL,           -- the file part as written
                    heading TEXT,
                    block TEXT,
                    alias TEXT,
                    embed INTEGER NOT NULL,
                    target_key TEXT NOT NULL,       -- NFC lower-cased file name without .md: what re-resolution looks up
                    resolved_path TEXT,             -- the note or attachment it lands on (even if its heading is missing); NULL when no file or ambiguous
                    anchor TEXT,                    -- heading slug or ^block id
                    code TEXT,                      -- NULL when resolved; else unresolved-link, ambiguous-link, ...
                    severity TEXT,
                    message TEXT
                );
                CREATE TABLE tags (
                    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    normalized TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    column INTEGER NOT NULL,
                    source TEXT NOT NULL            -- frontmatter | body
                );
                CREATE TABLE properties (
                    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL             -- JSON
                );
                CREATE TABLE aliases (
                    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
                    alias TEXT NOT NULL,
                    normalized TEXT NOT NULL        -- NFC, lower-cased
                );
                CREATE TABLE code_blocks (
                    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    language TEXT NOT NULL,
                    attributes TEXT NOT NULL,       -- JSON [[key, value-or-null]]
                    line INTEGER NOT NULL,          -- first content line
                    fence_line INTEGER NOT NULL,
                    end_line INTEGER NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE TABLE diagnostics (
                    note_id INTEGER REFERENCES notes(id) ON DELETE CASCADE,  -- NULL for scan findings
                    path TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    column INTEGER NOT NULL,
                    severity TEXT NOT NULL,
                    code TEXT NOT NULL,
                    message TEXT NOT NULL
                );
                CREATE TABLE verify_results (
                    key TEXT PRIMARY KEY,
                    status TEXT NOT NULL,
                    output TEXT NOT NULL,
                    duration_ms INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL     -- seconds since 1970
                );
                CREATE VIRTUAL TABLE notes_fts USING fts5(
                    title, aliases, headings, body,
                    tokenize = 'porter unicode61'
                );
                """)
            for index in secondaryIndexes { try db.execute(sql: index.sql) }
        }
        migrator.registerMigration(migrationIdentifiers[1]) { db in
            // The last verdict on each snippet, by where it is: what `knap render` draws as a badge.
            try db.execute(sql: """
                CREATE TABLE verify_last (
                    path TEXT NOT NULL,             -- vault-relative note path
                    line INTEGER NOT NULL,          -- the snippet's (first) opening fence
                    end_line INTEGER NOT NULL,      -- the last line of its last fence (its output fence included)
                    language TEXT NOT NULL,
                    status TEXT NOT NULL,           -- pass | fail | skip
                    duration_ms INTEGER NOT NULL,
                    hash TEXT NOT NULL,             -- SnippetRecord.hash of the fences, to tell a stale record
                    updated_at INTEGER NOT NULL,    -- seconds since 1970
                    PRIMARY KEY (path, line)
                )
                """)
        }
        return migrator
    }
}
