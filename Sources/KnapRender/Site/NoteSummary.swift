import Foundation
import KnapMarkdown
import KnapVault

/// What the rest of the site needs to know about one note, kept between renders so that an
/// unchanged note need not be parsed again: its title, tags, outline, the notes it links to and
/// embeds, and its search entry.
struct NoteSummary: Sendable, Equatable {
    struct HeadingSummary: Sendable, Equatable {
        var level: Int
        var text: String
        var slug: String
    }

    var path: String
    var size: Int64
    var mtime: Int64
    var title: String
    /// Tags as first written, one per normalized name, in order of appearance.
    var tags: [String]
    var headings: [HeadingSummary]
    var blockIDs: [String]
    var aliases: [String]
    /// Notes this one links to or embeds (resolved, itself excluded), sorted.
    var linksTo: [String]
    /// Notes this one embeds (resolved), sorted.
    var embeds: [String]
    /// Attachments this one links to or embeds (resolved), sorted: the site publishes only these.
    var attachments: [String]
    /// This note's entry in the search index, as JSON.
    var searchJSON: String

    var outline: NoteOutline {
        NoteOutline(headings: headings.map { Heading(level: $0.level, text: $0.text, slug: $0.slug, line: 0, column: 0) },
                    blockIDs: blockIDs, aliases: aliases)
    }

    /// The outline and title part: what other pages show of this note or point into.
    func sameFace(as other: NoteSummary) -> Bool {
        title == other.title && headings == other.headings && blockIDs == other.blockIDs && aliases == other.aliases
    }

    init(path: String, size: Int64, mtime: Int64, title: String, tags: [String], headings: [HeadingSummary],
         blockIDs: [String], aliases: [String], linksTo: [String], embeds: [String], attachments: [String],
         searchJSON: String) {
        self.path = path
        self.size = size
        self.mtime = mtime
        self.title = title
        self.tags = tags
        self.headings = headings
        self.blockIDs = blockIDs
        self.aliases = aliases
        self.linksTo = linksTo
        self.embeds = embeds
        self.attachments = attachments
        self.searchJSON = searchJSON
    }

    init(note: Note, file: ScannedFile, links: ResolvedLinks, paths: SitePaths) {
        path = note.path
        size = file.size
        mtime = file.mtime
        title = NoteSummary.title(of: note)
        tags = note.distinctTags.map(\.name)
        headings = note.headings.map { HeadingSummary(level: $0.level, text: $0.text, slug: $0.slug) }
        blockIDs = note.blockIDs.map(\.id)
        aliases = note.frontmatter.aliases
        var linked: Set<String> = []
        var embedded: Set<String> = []
        var files: Set<String> = []
        for link in note.links where !link.target.isEmpty {
            guard let target = links[link]?.targetPath else { continue }
            guard Self.isNotePath(target) else {
                files.insert(target)
                continue
            }
            if target != note.path { linked.insert(target) }
            if link.embed { embedded.insert(target) }
        }
        linksTo = linked.sorted()
        embeds = embedded.sorted()
        attachments = files.sorted()
        searchJSON = SearchIndex.json(for: note, title: title, url: paths.pages[note.path] ?? "")
    }

    /// Whether `path` ends in `.md`, in any case (on bytes: lower-casing every link target cost more).
    static func isNotePath(_ path: String) -> Bool {
        let tail = path.utf8.suffix(3)
        return tail.count == 3 && zip(tail, ".md".utf8).allSatisfy { ($0 &- 65 < 26 ? $0 + 32 : $0) == $1 }
    }

    /// A note's title: its frontmatter `title` when it is text, else its file name.
    static func title(of note: Note) -> String {
        if let title = note.frontmatter["title"]?.string, !title.trimmingCharacters(in: " \t").isEmpty { return title }
        return note.title
    }
}
