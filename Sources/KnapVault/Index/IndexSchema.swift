import GRDB

/// The index's tables, as versioned migrations. Add a migration for every change; never edit one
/// that has shipped. An index whose migrations Knap does not know (a newer Knap's) is rebuilt.
enum IndexSchema {
    /// `PRAGMA application_id` of a Knap index: "KNAP". A file without it is not ours.
    static let applicationID: Int32 = 0x4B4E_4150

    /// The version of what the rows hold: bump it when parsing or link resolution changes, so that
    /// existing indexes are filled again (kept in `PRAGMA user_version`).
    static let rulesVersion = 2

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
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
                CREATE INDEX notes_path_key ON notes(path_key);
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
                CREATE INDEX headings_note ON headings(note_id);
                CREATE TABLE block_ids (
                    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
                    block_id TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    column INTEGER NOT NULL
                );
                CREATE INDEX block_ids_note ON block_ids(note_id);
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
                CREATE INDEX links_note ON links(note_id);
                CREATE INDEX links_resolved ON links(resolved_path);
                CREATE INDEX links_target_key ON links(target_key);
                CREATE TABLE tags (
                    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    normalized TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    column INTEGER NOT NULL,
                    source TEXT NOT NULL            -- frontmatter | body
                );
                CREATE INDEX tags_note ON tags(note_id);
                CREATE INDEX tags_normalized ON tags(normalized);
                CREATE TABLE properties (
                    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL             -- JSON
                );
                CREATE INDEX properties_note ON properties(note_id);
                CREATE TABLE aliases (
                    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
                    alias TEXT NOT NULL,
                    normalized TEXT NOT NULL        -- NFC, lower-cased
                );
                CREATE INDEX aliases_note ON aliases(note_id);
                CREATE INDEX aliases_normalized ON aliases(normalized);
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
                CREATE INDEX code_blocks_note ON code_blocks(note_id);
                CREATE TABLE diagnostics (
                    note_id INTEGER REFERENCES notes(id) ON DELETE CASCADE,  -- NULL for scan findings
                    path TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    column INTEGER NOT NULL,
                    severity TEXT NOT NULL,
                    code TEXT NOT NULL,
                    message TEXT NOT NULL
                );
                CREATE INDEX diagnostics_note ON diagnostics(note_id);
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
        }
        return migrator
    }
}
