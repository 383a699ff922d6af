import KnapMarkdown
import KnapVault

/// Everything one render knows about the vault: the notes, where each file goes, the link
/// resolver, tags and backlinks. Pages are drawn from it; it never touches the disk.
struct SiteModel: Sendable {
    /// Parsed notes by vault path: every note on a full render, only those drawn (and the notes
    /// they embed) on an incremental one.
    var notes: [String: Note]
    /// Every note's summary, by vault path (on an incremental render's quick path, only those of
    /// the notes its pages show: the drawn notes and their backlinks).
    var summaries: [String: NoteSummary]
    /// Vault paths of notes, sorted.
    var notePaths: [String]
    var paths: SitePaths
    var resolver: LinkResolver
    /// Normalized tag → its page's site path (every tag of the vault).
    var tagPaths: [String: String]
    /// Normalized tag → the tag as first written, for display.
    var tagNames: [String: String]
    /// Normalized tag → note paths, sorted.
    var tagged: [String: [String]]
    /// Note path → paths of the notes that link to or embed it, sorted (on the quick path, for the
    /// drawn notes only).
    var backlinks: [String: [String]]
    var options: RenderOptions
    /// The links of the notes parsed before the summaries were made, resolved once; other notes'
    /// links are resolved as they are drawn.
    var resolvedLinks: [String: ResolvedLinks]
    /// `knap verify`'s last verdicts: note path → fence line → record (possibly stale).
    var verifyRecords: [String: [Int: SnippetRecord]]

    init(summaries: [String: NoteSummary], notes: [String: Note], paths: SitePaths, resolver: LinkResolver,
         options: RenderOptions, resolvedLinks: [String: ResolvedLinks] = [:],
         verifyRecords: [String: [Int: SnippetRecord]] = [:]) {
        self.resolvedLinks = resolvedLinks
        self.verifyRecords = verifyRecords
        self.notes = notes
        self.summaries = summaries
        self.notePaths = summaries.keys.sorted()
        self.paths = paths
        self.resolver = resolver
        self.options = options

        // Backlinks (most of the work) beside tags. Both go through the notes in path order, so
        // that their lists come out sorted.
        let sortedPaths = notePaths
        let (backlinks, tags) = Parallel.both({ Self.backlinks(of: sortedPaths, summaries) },
                                              { Self.tags(of: sortedPaths, summaries) })
        self.tagged = tags.tagged
        self.tagNames = tags.names
        self.backlinks = backlinks
        tagPaths = Self.tagPaths(for: tags.tagged.keys)
    }

    /// Note path → the notes (of `paths`, in their order) that link to or embed it.
    private static func backlinks(of paths: [String], _ summaries: [String: NoteSummary]) -> [String: [String]] {
        var backlinks: [String: [String]] = [:]
        for path in paths {
            guard let summary = summaries[path] else { continue }
            for target in summary.linksTo { backlinks[target, default: []].append(path) }
        }
        return backlinks
    }

    /// Normalized tag → the notes (of `paths`, in their order) that have it, and → the tag as first written.
    private static func tags(of paths: [String], _ summaries: [String: NoteSummary])
        -> (tagged: [String: [String]], names: [String: String]) {
        var tagged: [String: [String]] = [:]
        var names: [String: String] = [:]
        for path in paths {
            guard let summary = summaries[path] else { continue }
            for tag in summary.tags {
                let key = tag.lowercased()
                tagged[key, default: []].append(path)
                if names[key] == nil { names[key] = tag }
            }
        }
        return (tagged, names)
    }

    /// A model for drawing a few note pages of a vault the cache knows: every part given, none
    /// worked out from all the notes. Index and tag pages cannot be drawn from it.
    init(drawing notes: [String: Note], summaries: [String: NoteSummary], backlinks: [String: [String]],
         tagPaths: [String: String], paths: SitePaths, resolver: LinkResolver, options: RenderOptions,
         resolvedLinks: [String: ResolvedLinks], verifyRecords: [String: [Int: SnippetRecord]]) {
        self.notes = notes
        self.summaries = summaries
        self.notePaths = []
        self.paths = paths
        self.resolver = resolver
        self.tagPaths = tagPaths
        self.tagNames = [:]
        self.tagged = [:]
        self.backlinks = backlinks
        self.options = options
        self.resolvedLinks = resolvedLinks
        self.verifyRecords = verifyRecords
    }

    /// A page path per tag, `tags/<slug>.html`, numbered when two tags slug alike.
    static func tagPaths(for tags: some Sequence<String>) -> [String: String] {
        var tagPaths: [String: String] = [:]
        var taken: Set<String> = []
        for tag in tags.sorted() {
            // A long tag is cut to fit in a file name, with a hash of the whole (``SitePaths/fitted(_:)``).
            let base = String(SitePaths.fitted(SitePaths.slug(tag, fallback: "tag") + ".html").dropLast(5))
            var candidate = base
            var number = 2
            while taken.contains(candidate) {
                candidate = "\(base)-\(number)"
                number += 1
            }
            taken.insert(candidate)
            tagPaths[tag] = "tags/\(candidate).html"
        }
        return tagPaths
    }

    /// A note's title: its frontmatter `title` when it is text, else its file name.
    func title(of note: Note) -> String {
        NoteSummary.title(of: note)
    }

    /// The title of the note at `path`.
    func title(at path: String) -> String {
        summaries[path]?.title ?? path
    }

    // MARK: - Drawing one note's body

    /// The HTML options for drawing the note at `source` onto the page at site path `page`.
    /// `stack` holds the notes being transcluded, outermost first, to stop cycles.
    func htmlOptions(page: String, source: String, stack: [String]) -> HTMLOptions {
        var html = HTMLOptions()
        html.unsafeHTML = options.unsafeHTML
        // Every href on the page starts with the same way back to the site root.
        let root = SitePaths.root(from: page)
        html.resolveLink = { link in self.href(for: self.resolution(of: link, from: source), root: root) }
        html.brokenLinkTitle = { link in
            self.resolution(of: link, from: source).targetPath.flatMap(AttachmentPolicy.blockedReason)
        }
        html.tagHref = { tag in
            guard let path = self.tagPaths[tag.lowercased()] else { return "" }
            return root + path
        }
        html.highlight = { language, code in Highlighter.highlight(language: language, code: code) }
        html.transclude = { link in self.transclude(link, from: source, page: page, stack: stack) }
        let badges = currentVerifyRecords(of: source)
        if !badges.isEmpty { html.codeBlockSuffix = { line in badges[line].map(VerifyBadge.html) } }
        return html
    }

    /// The verify records of the note at `path` that still match its snippets, by fence line.
    func currentVerifyRecords(of path: String) -> [Int: SnippetRecord] {
        guard let records = verifyRecords[path], let note = notes[path] else { return [:] }
        return records.filter { $0.value.isCurrent(in: note) }
    }

    /// The body HTML of the note at `path`, for its own page.
    func body(of note: Note, page: String) -> String {
        HTMLRenderer.render(note.document, options: htmlOptions(page: page, source: note.path, stack: [note.path]))
    }

    /// A relative href for a link, with `#slug` or `#^block`; nil when it does not resolve.
    func href(for link: Link, from source: String, page: String) -> String? {
        href(for: resolution(of: link, from: source), root: SitePaths.root(from: page))
    }

    /// How `link` in the note at `source` resolves: from the render's resolutions when known.
    func resolution(of link: Link, from source: String) -> LinkResolution {
        resolvedLinks[source]?[link] ?? resolver.resolve(link, from: source)
    }

    /// A relative href for a resolution, from a page whose way back to the site root is `root`
    /// (``SitePaths/root(from:)``).
    func href(for resolution: LinkResolution, root: String) -> String? {
        // An attachment the site does not publish (an HTML page) is a broken link.
        if let path = resolution.targetPath, !NoteSummary.isNotePath(path), AttachmentPolicy.blockedReason(path) != nil { return nil }
        switch resolution {
        case .resolved(let path, let anchor):
            guard let site = paths.pages[path] else { return nil }
            guard let anchor else { return root + site }
            return root + site + "#" + anchor
        case .unresolved(.noSuchHeading(let path, _), _), .unresolved(.noSuchBlock(let path, _), _):
            // The note is there but the heading or block is not: land on the note.
            return paths.pages[path].map { root + $0 }
        case .unresolved, .ambiguous:
            return nil
        }
    }

    /// The HTML that stands for an embed of a note, or nil to let the renderer draw an image or a link.
    func transclude(_ link: Link, from source: String, page: String, stack: [String]) -> String? {
        guard link.imageSize == nil else { return nil }
        let resolution = resolution(of: link, from: source)
        guard let path = resolution.targetPath, let note = notes[path] else { return nil }
        let label = HTMLText.escape(link.displayText)
        let href = HTMLText.escape(URLText.href(href(for: resolution, root: SitePaths.root(from: page)) ?? ""))
        if stack.contains(path) {
            return Self.placeholder("cycle", "Embed of “\(label)” skipped: it would include itself.", href: href)
        }
        if stack.count > options.maxEmbedDepth {
            return Self.placeholder("too-deep", "Embed of “\(label)” skipped: embeds nest deeper than \(options.maxEmbedDepth).", href: href)
        }
        var nodes = note.document.children
        if let block = link.block {
            guard let found = Transclusion.block(of: note.document, id: block) else {
                return Self.placeholder("missing", "Block “^\(HTMLText.escape(block))” not found in “\(HTMLText.escape(title(of: note)))”.", href: href)
            }
            nodes = [found]
            if case .item = found.kind {
                nodes = [MarkdownNode(kind: .list(ListInfo(ordered: false, start: 1, tight: true, parenDelimiter: false)),
                                      children: [found], range: nil)]
            }
        } else if let heading = link.heading {
            var anchor: String?
            if case .resolved(_, let found) = resolution { anchor = found }
            guard let found = Transclusion.section(of: note.document, anchor: anchor, heading: heading) else {
                return Self.placeholder("missing", "Heading “\(HTMLText.escape(heading))” not found in “\(HTMLText.escape(title(of: note)))”.", href: href)
            }
            nodes = found
        }
        var embedded = htmlOptions(page: page, source: path, stack: stack + [path])
        embedded.anchors = false
        let inner = HTMLRenderer.render(MarkdownNode(kind: .document, children: nodes, range: nil), options: embedded)
        return "<div class=\"transclusion\" data-embed-depth=\"\(stack.count)\">"
            + "<div class=\"transclusion-title\"><a class=\"internal-link\" href=\"\(href)\">\(label)</a></div>\n"
            + "<div class=\"transclusion-content\">\n" + inner + "</div></div>"
    }

    private static func placeholder(_ reason: String, _ message: String, href: String) -> String {
        "<div class=\"transclusion transclusion-\(reason)\" role=\"note\"><a class=\"internal-link\" href=\"\(href)\">\(message)</a></div>"
    }
}
