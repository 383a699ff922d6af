/// A note as Knap understands it: cmark's tree with Obsidian's dialect on top.
public struct Note: Sendable {
    /// The path the note was read from, as the caller named it.
    public var path: String
    public var frontmatter: Frontmatter
    /// Tags from the frontmatter and the body, without `#`, in order of appearance.
    public var tags: [Tag]
    public var headings: [Heading]
    /// Wikilinks, embeds and Markdown links to local files, in source order.
    public var links: [Link]
    public var callouts: [Callout]
    public var codeBlocks: [CodeBlock]
    public var blockIDs: [BlockID]
    public var diagnostics: [Diagnostic]
    /// The body as a tree, ready to render.
    public var document: MarkdownNode

    public init(path: String, frontmatter: Frontmatter = Frontmatter(), tags: [Tag] = [], headings: [Heading] = [],
                links: [Link] = [], callouts: [Callout] = [], codeBlocks: [CodeBlock] = [], blockIDs: [BlockID] = [],
                diagnostics: [Diagnostic] = [], document: MarkdownNode) {
        self.path = path
        self.frontmatter = frontmatter
        self.tags = tags
        self.headings = headings
        self.links = links
        self.callouts = callouts
        self.codeBlocks = codeBlocks
        self.blockIDs = blockIDs
        self.diagnostics = diagnostics
        self.document = document
    }

    /// Each tag once, compared case-insensitively, spelled as it first appears.
    public var distinctTags: [Tag] {
        var seen: Set<String> = []
        return tags.filter { seen.insert($0.normalized).inserted }
    }

    /// The note's title: its file name without `.md`, as Obsidian shows it.
    public var title: String {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        if name.lowercased().hasSuffix(".md") { name.removeLast(3) }
        return name
    }
}

public struct Tag: Hashable, Sendable {
    public enum Source: String, Hashable, Sendable { case frontmatter, body }
    /// The tag as written, without `#`. Compare tags with ``normalized``.
    public var name: String
    public var line: Int
    public var column: Int
    public var source: Source

    public init(name: String, line: Int, column: Int, source: Source) {
        self.name = name
        self.line = line
        self.column = column
        self.source = source
    }

    /// Tags compare case-insensitively, as in Obsidian.
    public var normalized: String { name.lowercased() }
}

public struct Heading: Hashable, Sendable {
    public var level: Int
    public var text: String
    /// The anchor id used in HTML; unique within the note.
    public var slug: String
    public var line: Int
    public var column: Int

    public init(level: Int, text: String, slug: String, line: Int, column: Int) {
        self.level = level
        self.text = text
        self.slug = slug
        self.line = line
        self.column = column
    }
}

/// A link from a note: a wikilink, an embed, or a Markdown link to a local file.
public struct Link: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case wikilink, markdown }
    public var kind: Kind
    /// The note or file named, without `#…`; empty for `[[#Heading]]` (the same note).
    public var target: String
    /// The heading part: `H1#H2` for `[[Note#H1#H2]]`; nil when absent.
    public var heading: String?
    /// The block id of `[[Note#^id]]`, without `^`; nil when absent.
    public var block: String?
    /// The shown text after `|`; nil when absent. For images this holds the size; for a
    /// Markdown link `[text](path)`, its text.
    public var alias: String?
    public var embed: Bool
    public var line: Int
    public var column: Int

    public init(kind: Kind = .wikilink, target: String, heading: String? = nil, block: String? = nil,
                alias: String? = nil, embed: Bool = false, line: Int, column: Int) {
        self.kind = kind
        self.target = target
        self.heading = heading
        self.block = block
        self.alias = alias
        self.embed = embed
        self.line = line
        self.column = column
    }

    /// What Obsidian shows for the link when it has no alias.
    public var displayText: String {
        if let alias, !alias.isEmpty { return alias }
        var text = target
        if let heading { text += (text.isEmpty ? "" : " > ") + Self.headingChain(heading) }
        if let block { text += (text.isEmpty ? "^" : " > ^") + block }
        return text
    }

    /// `H1#H2` shown as `H1 > H2`. (Foundation's replace, needed only when a `#` might carry a
    /// combining mark, costs more than the rest of the link's parsing.)
    private static func headingChain(_ heading: String) -> String {
        if !heading.utf8.contains(UInt8(ascii: "#")) { return heading }
        if heading.utf8.allSatisfy({ $0 < 0x80 }) {
            return heading.split(separator: "#", omittingEmptySubsequences: false).joined(separator: " > ")
        }
        return heading.replacingOccurrences(of: "#", with: " > ")
    }

    /// `|100` or `|100x145` on an embed: the image size.
    public var imageSize: (width: Int, height: Int?)? {
        guard embed, let alias else { return nil }
        let parts = alias.split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count <= 2, let width = Int(parts[0]) else { return nil }
        if parts.count == 2 {
            guard let height = Int(parts[1]) else { return nil }
            return (width, height)
        }
        return (width, nil)
    }
}

public struct Callout: Hashable, Sendable {
    /// The type as written, lower-cased (`caution`).
    public var type: String
    /// The canonical Obsidian type (`warning` for `caution`); `note` for unknown types.
    public var kind: CalloutKind
    /// The title as written; "" when there is none.
    public var title: String
    /// `+` (foldable, open), `-` (foldable, closed), or nil.
    public var fold: String?
    public var line: Int
    public var column: Int
    /// 0 for a top-level callout, 1 for one nested inside another, …
    public var depth: Int

    public init(type: String, kind: CalloutKind, title: String, fold: String?, line: Int, column: Int, depth: Int) {
        self.type = type
        self.kind = kind
        self.title = title
        self.fold = fold
        self.line = line
        self.column = column
        self.depth = depth
    }
}

public struct CodeBlock: Hashable, Sendable {
    /// The first word of the info string; "" when there is none.
    public var language: String
    /// The other words of the info string, in order: `key=value` gives a value, a bare word gives nil.
    public var attributes: [CodeAttribute]
    /// The file line of the first content line (the line after the opening fence).
    public var line: Int
    /// The file line of the opening fence.
    public var fenceLine: Int
    /// The file line of the closing fence, or of the last line when the fence is never closed.
    public var endLine: Int
    public var code: String
    /// Whether the block was fenced (``` or ~~~) rather than indented.
    public var fenced: Bool

    public init(language: String, attributes: [CodeAttribute], line: Int, fenceLine: Int, endLine: Int, code: String, fenced: Bool) {
        self.language = language
        self.attributes = attributes
        self.line = line
        self.fenceLine = fenceLine
        self.endLine = endLine
        self.code = code
        self.fenced = fenced
    }

    /// The value of `key=value`, or "" for a bare `key`; nil when absent.
    public func attribute(_ key: String) -> String? {
        guard let found = attributes.first(where: { $0.key == key }) else { return nil }
        return found.value ?? ""
    }
}

public struct CodeAttribute: Hashable, Sendable {
    public var key: String
    public var value: String?

    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }
}

public struct BlockID: Hashable, Sendable {
    public var id: String
    public var line: Int
    public var column: Int

    public init(id: String, line: Int, column: Int) {
        self.id = id
        self.line = line
        self.column = column
    }
}
