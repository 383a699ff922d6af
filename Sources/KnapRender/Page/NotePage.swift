import KnapMarkdown

/// The values a note's page is drawn with. Text values are plain (escaped when drawn); `body`
/// is HTML made by ``HTMLRenderer``.
struct NotePage {
    let model: SiteModel
    let note: Note
    /// The page's site path.
    let page: String

    var title: String { PlainText.clean(model.title(of: note)) }

    func values() -> SitePage.NoteValues {
        let toc = note.headings.map {
            SitePage.NoteValues.TocEntry(level: $0.level, text: PlainText.clean($0.text), href: "#" + URLText.href($0.slug))
        }
        let root = SitePaths.root(from: page)
        var tags: [SitePage.Item] = []
        for tag in note.distinctTags {
            guard let path = model.tagPaths[tag.normalized] else { continue }
            tags.append(.init(text: PlainText.clean(tag.name), href: URLText.href(root + path)))
        }
        let backlinks: [SitePage.Item] = (model.backlinks[note.path] ?? []).compactMap { path in
            guard let site = model.paths.pages[path] else { return nil }
            return .init(text: PlainText.clean(model.title(at: path)), href: URLText.href(root + site))
        }
        let properties = note.frontmatter.properties.map {
            (key: PlainText.clean($0.key), value: PlainText.clean(Self.text(of: $0.value)))
        }
        // Obsidian puts a note's `cssclasses` on its view; here on the page's <article>.
        let cssClasses = note.frontmatter.cssClasses.map(PlainText.clean).filter { !$0.isEmpty }
        return SitePage.NoteValues(title: title, path: PlainText.clean(note.path), body: model.body(of: note, page: page),
                                   toc: toc, tags: tags, backlinks: backlinks, properties: properties,
                                   aliases: note.frontmatter.aliases.map(PlainText.clean), cssClasses: cssClasses)
    }

    /// A frontmatter value as one line of text: lists joined with `, `, maps as `key: value`.
    static func text(of value: FrontmatterValue) -> String {
        switch value {
        case .scalar(let text, _): text
        case .list(let items): items.map(text(of:)).joined(separator: ", ")
        case .map(let properties): properties.map { "\($0.key): \(text(of: $0.value))" }.joined(separator: "; ")
        case .null: ""
        }
    }
}

/// Text from a note on its way into a template: control characters (which HTML forbids)
/// become U+FFFD. Escaping is left to the drawing (Mustache or ``BuiltInPages``).
enum PlainText {
    static func clean(_ text: String) -> String {
        // Every forbidden scalar is a control byte, 0x7F, or starts with byte 0xC2, 0xEF or 0xF0...0xF4
        // in UTF-8: text without those needs no look at its scalars.
        if !mayHoldForbidden(text) { return text }
        guard text.unicodeScalars.contains(where: isForbidden) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(isForbidden(scalar) ? "\u{FFFD}" : scalar) }
        return String(out)
    }

    /// Whether `text` has a byte that may start a forbidden scalar. Eight bytes at a time: a word
    /// of printable ASCII (0x20...0x7E in every byte, the common case) is passed over whole.
    static func mayHoldForbidden(_ text: String) -> Bool {
        func suspect(_ byte: UInt8) -> Bool {
            (byte < 0x20 && byte != 0x09 && byte != 0x0A) || byte == 0x7F || byte == 0xC2 || byte >= 0xEF
        }
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                index = WordBytes.skip(bytes, from: index, whilePlain: { word in
                    !(WordBytes.containsNonASCII(word) || WordBytes.containsByte(word, below: 0x20) || WordBytes.contains(word, 0x7F))
                })
                let end = min(index + 8, bytes.count)
                for offset in index..<end where suspect(bytes[offset]) { return true }
                index = end
            }
            return false
        }
    }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || (0x7F...0x9F).contains(scalar.value)
            || (0xFDD0...0xFDEF).contains(scalar.value) || scalar.value & 0xFFFE == 0xFFFE
    }
}
