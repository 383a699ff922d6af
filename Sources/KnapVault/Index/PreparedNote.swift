import KnapMarkdown

/// The values of a note's rows that take work to make (JSON, hashes, keys, the full-text columns), made
/// where the note is parsed, on the reading cores, so that the one thread that writes the index only binds
/// them. The parse tree, which the index never reads, is dropped there too: freeing it was a tenth of the
/// writer's work.
struct PreparedNote: Sendable {
    var note: Note
    /// The note's title (its file name without `.md`).
    var title: String
    /// `path_key`: the path in NFC, lower-cased.
    var pathKey: String
    /// Each frontmatter property's value as JSON, in the note's order.
    var propertyJSON: [String]
    /// Each alias's lookup key (NFC, lower-cased), in order.
    var aliasKeys: [String]
    /// Each code block's attributes as JSON and its content hash, in order.
    var codeAttributes: [String]
    var codeHashes: [String]
    /// The full-text columns other than the title and body.
    var ftsAliases: String
    var ftsHeadings: String
    /// Each link's `target_key`, in order.
    var linkKeys: [String]
    var outline: NoteOutline
    /// The file part of each link resolved by a resolver that knows every file but no alias (so an
    /// unresolved one lacks the hint that names a note with that alias); nil where not resolved here.
    var files: [LinkResolution?]

    init(_ parsed: Note, resolver: LinkResolver? = nil) {
        var note = parsed
        note.document = MarkdownNode(kind: .document, range: nil)
        self.note = note
        title = Self.title(of: note)
        pathKey = VaultPath.nfc(note.path).lowercased()
        propertyJSON = note.frontmatter.properties.map(\.value.json)
        aliasKeys = note.frontmatter.aliases.map { VaultPath.nfc($0).lowercased() }
        codeAttributes = note.codeBlocks.map { block in
            "[" + block.attributes.map { attribute in
                "[" + JSONText.string(attribute.key) + "," + (attribute.value.map(JSONText.string) ?? "null") + "]"
            }.joined(separator: ",") + "]"
        }
        codeHashes = note.codeBlocks.map { ContentHash.of($0.code) }
        ftsAliases = note.frontmatter.aliases.joined(separator: "\n")
        ftsHeadings = note.headings.map(\.text).joined(separator: "\n")
        linkKeys = note.links.map { VaultPath.nameKey($0.target) }
        outline = NoteOutline(note)
        files = note.links.map { link in
            link.target.isEmpty ? nil : resolver?.resolveFile(link.target, from: note.path)
        }
    }

    /// The note's text as the search index's body column holds it: the frontmatter's lines are
    /// left empty (their line breaks kept, so that a hit's line is the file's), so that it is
    /// neither matched as body text nor shown in a snippet.
    static func searchBody(_ text: String, frontmatter lines: ClosedRange<Int>?) -> String {
        guard let lines, lines.upperBound >= 1 else { return text }
        var breaks = 0
        var index = text.utf8.startIndex
        while index < text.utf8.endIndex, breaks < lines.upperBound {
            if text.utf8[index] == UInt8(ascii: "\n") { breaks += 1 }
            index = text.utf8.index(after: index)
        }
        return String(repeating: "\n", count: breaks) + text[index...]
    }

    /// `note.title` (the file name without `.md`), on bytes for an ASCII path: there every byte is a
    /// character, so splitting at `/` and dropping a last `.md` on bytes is what `Note.title` does on characters.
    static func title(of note: Note) -> String {
        guard VaultPath.isASCII(note.path) else { return note.title }
        var name = VaultPath.name(of: note.path)
        if VaultPath.isNote(name) { name.removeLast(3) }
        return name
    }
}
