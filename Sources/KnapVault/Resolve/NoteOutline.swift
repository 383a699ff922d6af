import KnapMarkdown

/// What links can point into in a note: its headings, its block ids, and the aliases it answers to.
public struct NoteOutline: Hashable, Sendable {
    public var headings: [Heading]
    public var blockIDs: [String]
    public var aliases: [String]

    public init(headings: [Heading] = [], blockIDs: [String] = [], aliases: [String] = []) {
        self.headings = headings
        self.blockIDs = blockIDs
        self.aliases = aliases
    }

    public init(_ note: Note) {
        self.init(headings: note.headings, blockIDs: note.blockIDs.map(\.id), aliases: note.frontmatter.aliases)
    }
}
