/// The values one page is drawn from, typed. The built-in templates are drawn from them in
/// Swift (``BuiltInPages``); a template a vault overrides gets them as a Mustache context.
/// Text values are plain (escaped when drawn); `body` is HTML made by ``HTMLRenderer``.
enum SitePage: Sendable {
    /// A link in a list: a note (title) or a tag (name), with its href.
    struct Item: Sendable {
        var text: String
        var href: String
    }

    struct NoteValues: Sendable {
        struct TocEntry: Sendable {
            var level: Int
            var text: String
            var href: String
        }

        var title: String
        var path: String
        var body: String
        var toc: [TocEntry]
        var tags: [Item]
        var backlinks: [Item]
        var properties: [(key: String, value: String)]
        var aliases: [String]
        var cssClasses: [String]
    }

    struct IndexValues: Sendable {
        struct Folder: Sendable {
            var name: String
            var notes: [Item]
        }

        struct Tag: Sendable {
            var name: String
            var href: String
            var count: Int
        }

        var folders: [Folder]
        var tags: [Tag]
        var noteCount: Int
    }

    case note(NoteValues)
    case index(IndexValues)
    case tag(name: String, notes: [Item])
    case search
    case notFound

    /// The template this page is drawn with.
    var templateName: String {
        switch self {
        case .note: "note"
        case .index: "index"
        case .tag: "tag"
        case .search: "search"
        case .notFound: "notfound"
        }
    }

    /// The values as a Mustache context, under the names the templates use.
    func context() -> [String: Any] {
        switch self {
        case .note(let note):
            let toc: [[String: Any]] = note.toc.map { ["level": $0.level, "text": $0.text, "href": $0.href] }
            let tags: [[String: Any]] = note.tags.map { ["name": $0.text, "href": $0.href] }
            let backlinks: [[String: Any]] = note.backlinks.map { ["title": $0.text, "href": $0.href] }
            let properties: [[String: Any]] = note.properties.map { ["key": $0.key, "value": $0.value] }
            return [
                "title": note.title,
                "path": note.path,
                "body": note.body,
                "toc": toc, "hasToc": !toc.isEmpty,
                "tags": tags, "hasTags": !tags.isEmpty,
                "backlinks": backlinks, "hasBacklinks": !backlinks.isEmpty,
                "properties": properties, "hasProperties": !properties.isEmpty,
                "aliases": note.aliases, "hasAliases": !note.aliases.isEmpty,
                "cssClasses": note.cssClasses,
            ]
        case .index(let index):
            let folders: [[String: Any]] = index.folders.map { folder in
                ["name": folder.name, "notes": folder.notes.map { ["title": $0.text, "href": $0.href] as [String: Any] }]
            }
            let tags: [[String: Any]] = index.tags.map { ["name": $0.name, "href": $0.href, "count": $0.count] }
            return ["folders": folders, "tags": tags, "hasTags": !tags.isEmpty, "noteCount": index.noteCount]
        case .tag(let name, let notes):
            return ["name": name, "notes": notes.map { ["title": $0.text, "href": $0.href] as [String: Any] }]
        case .search, .notFound:
            return [:]
        }
    }
}
