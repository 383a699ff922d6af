/// How links, embeds, tags and code are drawn. The defaults draw one note on
/// its own; the site renderer passes functions that know the vault.
public struct HTMLOptions: Sendable {
    /// Keep raw HTML from the note. Off by default: raw HTML is shown escaped.
    public var unsafeHTML: Bool = false
    /// Give headings and block ids their `id` attributes. Off for a note drawn inside
    /// another (a transclusion), so that a page never holds an id twice.
    public var anchors: Bool = true
    /// The href for a link, or nil when it is broken (drawn with class `broken`).
    public var resolveLink: @Sendable (Link) -> String? = HTMLOptions.defaultHref
    /// A `title` for a link that ``resolveLink`` left broken, saying why (nil: none).
    public var brokenLinkTitle: (@Sendable (Link) -> String?)?
    /// HTML to put in place of an embed (`![[…]]`), or nil to draw a plain link.
    public var transclude: (@Sendable (Link) -> String?)?
    /// The href of a tag's page.
    public var tagHref: @Sendable (String) -> String = { "#" + Slugger.slug($0) }
    /// Highlighted HTML for a code block's text, or nil for plain escaped text.
    public var highlight: (@Sendable (_ language: String, _ code: String) -> String?)?
    /// Extra HTML after a code block's `<pre>` (a verification badge), keyed by the block's fence line.
    public var codeBlockSuffix: (@Sendable (_ fenceLine: Int) -> String?)?
    /// The ids of the document's headings in order, as the parser made them (a ``Note``'s
    /// `headings.map(\.slug)`), so that they are not made again; nil to make them here.
    public var headingIDs: [String]?

    public init() {}

    /// A link drawn on its own: the target, then `#slug` or `#^block`.
    public static let defaultHref: @Sendable (Link) -> String? = { link in
        var href = link.target
        if let heading = link.heading {
            href += "#" + Slugger.slug(heading.split(separator: "#").last.map(String.init) ?? heading)
        } else if let block = link.block {
            href += "#^" + block
        }
        return href
    }
}

/// Writes a note's tree as HTML, following libcmark's HTML writer for
/// CommonMark's nodes (headings add an `id`, raw HTML is escaped unless
/// `unsafeHTML`), and drawing Obsidian's nodes as Obsidian draws them.
/// `knap html --commonmark` does not use this: it prints libcmark's own output.
public struct HTMLRenderer {
    private let out = ByteSink()
    private let options: HTMLOptions
    private var slugger = Slugger()
    /// How many headings were drawn, to index `options.headingIDs`.
    private var headingIndex = 0

    public init(options: HTMLOptions = HTMLOptions()) {
        self.options = options
    }

    /// The HTML of a whole document (or any node).
    public static func render(_ node: MarkdownNode, options: HTMLOptions = HTMLOptions()) -> String {
        String(decoding: renderBytes(node, options: options), as: UTF8.self)
    }

    /// The same HTML as UTF-8 bytes, for writing to a file or a pipe without building a String.
    public static func renderBytes(_ node: MarkdownNode, options: HTMLOptions = HTMLOptions()) -> [UInt8] {
        renderBytes(node, options: options, split: false)
    }

    /// The same; with `split`, a document of many blocks is drawn in two halves at once, on two
    /// threads. The bytes are the same. For a command that draws one large note.
    public static func renderBytes(_ node: MarkdownNode, options: HTMLOptions, split: Bool) -> [UInt8] {
        let chunks = renderChunks(node, options: options, split: split)
        return chunks.count == 1 ? chunks[0] : Array(chunks.joined())
    }

    /// The same bytes in one or two pieces, to be written one after the other.
    public static func renderChunks(_ node: MarkdownNode, options: HTMLOptions, split: Bool) -> [[UInt8]] {
        guard split, case .document = node.kind, node.children.count >= TwoWay.minimumBlocks,
              let lastLine = node.children.last?.range?.end.line else {
            var renderer = HTMLRenderer(options: options)
            renderer.block(node, tight: false)
            return [renderer.out.bytes]
        }
        let middle = TwoWay.middle(of: node.children.count, lastLine: lastLine) { node.children[$0].range?.start.line ?? 0 }
        let firstHalf = Array(node.children[..<middle])
        let secondHalf = Array(node.children[middle...])
        // The second half's heading ids must not repeat the first half's: it goes on from the
        // first half's headings, in the given ids or in a slugger that has seen them.
        var slugger = Slugger()
        var headingsBefore = 0
        if options.anchors {
            if options.headingIDs != nil {
                headingsBefore = headingCount(firstHalf)
            } else {
                for text in headingTexts(firstHalf) { _ = slugger.unique(text) }
            }
        }
        let seeded = slugger, skipped = headingsBefore
        let (first, second) = TwoWay.run({
            var renderer = HTMLRenderer(options: options)
            renderer.blocks(firstHalf, tight: false)
            return renderer.out.bytes
        }, {
            var renderer = HTMLRenderer(options: options)
            renderer.slugger = seeded
            renderer.headingIndex = skipped
            renderer.blocks(secondHalf, tight: false)
            return renderer.out.bytes
        })
        return [first, second]
    }

    /// How many headings `nodes` hold, at any depth.
    private static func headingCount(_ nodes: [MarkdownNode]) -> Int {
        nodes.reduce(0) { count, node in
            switch node.kind {
            case .heading: count + 1
            case .paragraph, .table, .codeBlock, .htmlBlock, .thematicBreak, .displayMath: count  // no headings inside
            default: count + headingCount(node.children)
            }
        }
    }

    /// The texts of the headings in `nodes`, in the order the renderer meets them.
    private static func headingTexts(_ nodes: [MarkdownNode]) -> [String] {
        var texts: [String] = []
        func visit(_ node: MarkdownNode) {
            if case .heading = node.kind {
                texts.append(node.plainText.trimmingSpaces)
                return
            }
            node.children.forEach(visit)
        }
        nodes.forEach(visit)
        return texts
    }

    /// `<h1` … `<h6` and `</h1>\n` … `</h6>\n`, built once: string interpolation of an
    /// integer checks protocol conformances at run time, on every heading.
    private static let headingOpen = (0...6).map { "<h\($0)" }
    private static let headingClose = (0...6).map { "</h\($0)>\n" }

    // MARK: - Output helpers

    private func put(_ text: String) { out.append(text) }
    private mutating func escape(_ text: String) { HTMLEscaping.appendEscaped(text, to: out) }
    private mutating func cr() {
        if let last = out.last, last != UInt8(ascii: "\n") { out.append(UInt8(ascii: "\n")) }
    }

    // MARK: - Blocks

    private mutating func blocks(_ nodes: [MarkdownNode], tight: Bool, from start: Int = 0) {
        // Indices rather than `for in`, which would copy (and retain) every node.
        var index = start
        while index < nodes.count {
            block(nodes[index], tight: tight)
            index += 1
        }
    }

    private mutating func block(_ node: MarkdownNode, tight: Bool) {
        switch node.kind {
        case .document:
            blocks(node.children, tight: false)
        case .blockQuote:
            cr(); put("<blockquote>\n")
            blocks(node.children, tight: false)
            cr(); put("</blockquote>\n")
        case .list(let info):
            cr()
            if !info.ordered { put("<ul>\n") } else if info.start == 1 { put("<ol>\n") } else { put("<ol start=\"\(info.start)\">\n") }
            blocks(node.children, tight: info.tight)
            put(info.ordered ? "</ol>\n" : "</ul>\n")
        case .item(let task):
            cr()
            if let task {
                put(task ? "<li class=\"task-list-item is-checked\" data-task=\"x\">" : "<li class=\"task-list-item\" data-task=\" \">")
                put(task ? "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled checked /> "
                         : "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled /> ")
            } else {
                put("<li>")
            }
            blocks(node.children, tight: tight)
            put("</li>\n")
        case .heading(let level):
            cr()
            if options.anchors {
                put(Self.headingOpen[level])
                put(" id=\"")
                if let ids = options.headingIDs, headingIndex < ids.count {
                    escape(ids[headingIndex])
                } else {
                    escape(slugger.unique(node.plainText.trimmingSpaces))
                }
                headingIndex += 1
                put("\">")
            } else {
                put(Self.headingOpen[level])
                put(">")
            }
            inlines(node.children)
            put(Self.headingClose[level])
        case .codeBlock(let info, let literal):
            codeBlock(info: info, literal: literal, line: node.range?.start.line)
        case .htmlBlock(let html):
            cr()
            if options.unsafeHTML { put(html) } else { put("<p class=\"raw-html\">"); escape(html); put("</p>") }
            cr()
        case .customBlock:
            blocks(node.children, tight: tight)
        case .paragraph:
            if node.children.count == 1, case .blockID(let id) = node.children[0].kind {
                if options.anchors { cr(); put("<span class=\"block-id\" id=\"^"); escape(id); put("\"></span>\n") }
                return
            }
            // A transcluded note is block content, which a <p> cannot hold.
            let holdsEmbed = options.transclude != nil && node.children.contains { $0.isNoteEmbed }
            if holdsEmbed {
                cr(); put("<div class=\"embed-paragraph\">")
            } else if !tight {
                cr(); put("<p>")
            }
            inlines(node.children)
            if holdsEmbed { put("</div>\n") } else if !tight { put("</p>\n") }
        case .thematicBreak:
            cr(); put("<hr />\n")
        case .callout(let callout):
            calloutBlock(callout, node)
        case .table(let alignments):
            table(node, alignments: alignments)
        case .displayMath(let math):
            cr(); put("<div class=\"math math-display\">\\["); escape(math); put("\\]</div>\n")
        default:
            inline(node)
        }
    }

    private mutating func calloutBlock(_ callout: Callout, _ node: MarkdownNode) {
        cr()
        put("<div class=\"callout\" data-callout=\"")
        escape(callout.type)
        put("\" data-callout-kind=\"\(callout.kind.rawValue)\"")
        if let fold = callout.fold { put(" data-callout-fold=\"\(fold)\"") }
        put(">\n")
        if let fold = callout.fold { put(fold == "+" ? "<details open>\n" : "<details>\n") }
        put(callout.fold == nil ? "<div class=\"callout-title\">" : "<summary class=\"callout-title\">")
        put("<span class=\"callout-icon\" aria-hidden=\"true\"></span><span class=\"callout-title-inner\">")
        let title = node.children.first
        if let title, case .calloutTitle = title.kind, !title.children.isEmpty {
            inlines(title.children)
        } else {
            escape(callout.type.prefix(1).uppercased() + callout.type.dropFirst())
        }
        put("</span>")
        put(callout.fold == nil ? "</div>\n" : "</summary>\n")
        if node.children.count > 1 {
            put("<div class=\"callout-content\">\n")
            blocks(node.children, tight: false, from: 1)
            cr(); put("</div>\n")
        }
        if callout.fold != nil { put("</details>\n") }
        put("</div>\n")
    }

    /// A code block; a `mermaid` one is left as text for Mermaid to draw.
    private mutating func codeBlock(info: String, literal: String, line: Int?) {
        cr()
        let language = String(info.prefix(while: { $0 != " " && $0 != "\t" && $0 != "\n" }))
        // A `setup` fence (knap verify runs it, but it is not part of the lesson) is drawn folded.
        let setup = info.contains("setup") && CodeFence.parseInfo(info).attributes.contains { $0.key == "setup" }
        if setup { put("<details class=\"setup\"><summary>setup</summary>\n") }
        if language.lowercased() == "mermaid" {
            // Left as text for Mermaid (loaded by the vault's own template) to draw, as Obsidian does.
            put("<pre class=\"mermaid\">")
            escape(literal)
            put("</pre>\n")
        } else {
            if language.isEmpty {
                put("<pre><code>")
            } else {
                put("<pre><code class=\"language-")
                escape(language)
                put("\">")
            }
            if let highlighted = options.highlight?(language.lowercased(), literal) { put(highlighted) } else { escape(literal) }
            put("</code></pre>\n")
        }
        if setup { put("</details>\n") }
        if let line, let suffix = options.codeBlockSuffix?(line) { put(suffix) }
    }

    private mutating func table(_ node: MarkdownNode, alignments: [TableAlignment]) {
        cr(); put("<table>\n")
        var inBody = false
        for row in node.children {
            guard case .tableRow(let header) = row.kind else { continue }
            if header { put("<thead>\n") } else if !inBody { put("<tbody>\n"); inBody = true }
            put("<tr>\n")
            for index in row.children.indices {
                let alignment = index < alignments.count ? alignments[index] : .none
                put(header ? "<th" : "<td")
                switch alignment {
                case .none: put(">")
                case .left: put(" style=\"text-align: left\">")
                case .center: put(" style=\"text-align: center\">")
                case .right: put(" style=\"text-align: right\">")
                }
                inlines(row.children[index].children)
                put(header ? "</th>\n" : "</td>\n")
            }
            put("</tr>\n")
            if header { put("</thead>\n") }
        }
        if inBody { put("</tbody>\n") }
        put("</table>\n")
    }

    // MARK: - Inlines

    private mutating func inlines(_ nodes: [MarkdownNode]) {
        var index = 0
        while index < nodes.count {
            inline(nodes[index])
            index += 1
        }
    }

    private mutating func inline(_ node: MarkdownNode) {
        switch node.kind {
        case .text(let text): escape(text)
        case .softBreak: out.append(UInt8(ascii: "\n"))
        case .lineBreak: put("<br />\n")
        case .code(let code): put("<code>"); escape(code); put("</code>")
        case .htmlInline(let html): if options.unsafeHTML { put(html) } else { escape(html) }
        case .emphasis: put("<em>"); inlines(node.children); put("</em>")
        case .strong: put("<strong>"); inlines(node.children); put("</strong>")
        case .highlight: put("<mark>"); inlines(node.children); put("</mark>")
        case .strikethrough: put("<del>"); inlines(node.children); put("</del>")
        case .link(let destination, let title):
            let href = HTMLEscaping.isDangerous(destination, image: false) ? "" : markdownHref(destination)
            // A Markdown link into the vault that does not resolve is marked, as a wikilink is.
            put(href == nil ? "<a class=\"internal-link broken\" href=\"" : "<a href=\"")
            if let href { HTMLEscaping.appendHref(href, to: out) }
            if !title.isEmpty {
                put("\" title=\""); escape(title)
            } else if href == nil, let why = brokenTitle(destination) {
                put("\" title=\""); escape(why)
            }
            put("\">"); inlines(node.children); put("</a>")
        case .image(let source, let title):
            put("<img src=\"")
            if !HTMLEscaping.isDangerous(source, image: true), let href = markdownHref(source) {
                HTMLEscaping.appendHref(href, to: out)
            }
            put("\" alt=\""); escape(node.plainTextForAlt)
            if !title.isEmpty { put("\" title=\""); escape(title) }
            put("\" />")
        case .wikilink(let link):
            wikilink(link, node)
        case .tag(let name):
            put("<a class=\"tag\" href=\""); HTMLEscaping.appendHref(options.tagHref(name), to: out)
            put("\">#"); escape(name); put("</a>")
        case .blockID(let id):
            if options.anchors { put("<span class=\"block-id\" id=\"^"); escape(id); put("\"></span>") }
        case .inlineMath(let math):
            put("<span class=\"math math-inline\">\\("); escape(math); put("\\)</span>")
        case .calloutTitle, .customInline, .tableCell, .tableRow:
            inlines(node.children)
        default:
            block(node, tight: false)
        }
    }

    /// A Markdown link to a note (`Note%20x.md`) goes through the link resolver; other URLs stay.
    /// Nil when the resolver finds nothing.
    private func markdownHref(_ destination: String) -> String? {
        guard let link = Wikilinks.markdownLink(destination: destination, embed: false, line: 0, column: 0) else {
            return destination
        }
        return options.resolveLink(link)
    }

    /// Why the Markdown link to `destination`, which did not resolve, is broken.
    private func brokenTitle(_ destination: String) -> String? {
        guard let title = options.brokenLinkTitle,
              let link = Wikilinks.markdownLink(destination: destination, embed: false, line: 0, column: 0) else { return nil }
        return title(link)
    }

    private mutating func wikilink(_ link: Link, _ node: MarkdownNode) {
        if link.embed, let html = options.transclude?(link) {
            put(html)
            return
        }
        let href = options.resolveLink(link)
        if link.embed, let href, let size = link.imageSize ?? (Self.isImage(link.target) ? (0, nil) : nil) {
            put("<img src=\""); HTMLEscaping.appendHref(href, to: out)
            put("\" alt=\""); escape(link.target); put("\"")
            if size.width > 0 { put(" width=\"\(size.width)\"") }
            if let height = size.height { put(" height=\"\(height)\"") }
            put(" />")
            return
        }
        put(href == nil ? "<a class=\"internal-link broken\"" : "<a class=\"internal-link\"")
        if link.embed { put(" data-embed=\"true\"") }
        if href == nil, let why = options.brokenLinkTitle?(link) { put(" title=\""); escape(why); put("\"") }
        put(" href=\"")
        if let href { HTMLEscaping.appendHref(href, to: out) }
        put("\">")
        inlines(node.children)
        put("</a>")
    }

    static func isImage(_ target: String) -> Bool {
        // The extension after the last dot, lower-cased byte by byte: no String is made.
        let utf8 = target.utf8
        guard let dot = utf8.lastIndex(of: UInt8(ascii: ".")) else { return false }
        let name = utf8[utf8.index(after: dot)...]
        guard name.count >= 3, name.count <= 4 else { return false }
        var key: UInt32 = 0
        for byte in name { key = key << 8 | UInt32(byte | 0x20) }
        return imageExtensions.contains(key)
    }

    /// "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "avif", packed as `isImage` packs them.
    private static let imageExtensions: Set<UInt32> = Set(["png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "avif"].map { name in
        name.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    })
}

extension MarkdownNode {
    /// Whether this is `![[note]]`: an embed that is not an image.
    var isNoteEmbed: Bool {
        guard case .wikilink(let link) = kind, link.embed else { return false }
        return link.imageSize == nil && !HTMLRenderer.isImage(link.target)
    }

    /// An image's alt text, as libcmark writes it: text and code, breaks as spaces.
    var plainTextForAlt: String {
        var out = ""
        for child in children {
            switch child.kind {
            case .text(let text), .code(let text), .htmlInline(let text): out += text
            case .softBreak, .lineBreak: out += " "
            default: out += child.plainTextForAlt
            }
        }
        return out
    }
}
