/// One node of a parsed note: cmark's node kinds plus Obsidian's.
///
/// A plain tree of values. Block nodes hold blocks, inline containers hold
/// inlines, and every node copied from cmark keeps its source range (nil when
/// cmark gave none, never a made-up position).
public struct MarkdownNode: Sendable {
    public enum Kind: Sendable {
        // CommonMark blocks, as libcmark parses them.
        case document
        case blockQuote
        indirect case list(ListInfo)
        /// A list item; `task` is nil for an ordinary item, or whether `- [x]` is checked.
        case item(task: Bool?)
        // Cases with two strings are boxed (`indirect`), so that every node stays small:
        // a node is copied and stored often, and most are text.
        indirect case codeBlock(info: String, literal: String)
        case htmlBlock(String)
        case customBlock
        case paragraph
        case heading(level: Int)
        case thematicBreak

        // CommonMark inlines.
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case htmlInline(String)
        case customInline
        case emphasis
        case strong
        indirect case link(destination: String, title: String)
        indirect case image(source: String, title: String)

        // Obsidian blocks.
        /// A blockquote that starts with `[!type]`; children are the title inlines
        /// (inside a `.calloutTitle`) followed by the content blocks.
        indirect case callout(Callout)
        case calloutTitle
        /// A GFM pipe table built from a paragraph. Children are rows; rows hold cells.
        case table(alignments: [TableAlignment])
        case tableRow(header: Bool)
        case tableCell
        /// `$$ … $$` display math.
        case displayMath(String)

        // Obsidian inlines.
        /// `[[target]]` or `![[target]]`; children are the shown text.
        indirect case wikilink(Link)
        case highlight
        case strikethrough
        case tag(String)
        /// `^block-id` at the end of a block.
        case blockID(String)
        case inlineMath(String)
    }

    public var kind: Kind
    public var children: [MarkdownNode]
    public var range: SourceRange?

    public init(kind: Kind, children: [MarkdownNode] = [], range: SourceRange?) {
        self.kind = kind
        self.children = children
        self.range = range
    }
}

public struct ListInfo: Hashable, Sendable {
    public var ordered: Bool
    public var start: Int
    public var tight: Bool
    public var parenDelimiter: Bool

    public init(ordered: Bool, start: Int, tight: Bool, parenDelimiter: Bool) {
        self.ordered = ordered
        self.start = start
        self.tight = tight
        self.parenDelimiter = parenDelimiter
    }
}

public enum TableAlignment: String, Hashable, Sendable {
    case none, left, center, right
}

extension MarkdownNode {
    /// The node's text with all markup removed, as used for heading titles and slugs.
    public var plainText: String {
        var out: [UInt8] = []
        appendPlainText(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends ``plainText``'s UTF-8 bytes (for text gathered from many nodes).
    public func appendPlainText(to out: inout [UInt8]) {
        switch kind {
        case .text(let s), .code(let s), .inlineMath(let s): out += s.utf8
        case .softBreak, .lineBreak: out.append(UInt8(ascii: " "))
        case .tag(let name):
            out.append(UInt8(ascii: "#"))
            out += name.utf8
        case .blockID, .htmlInline: return
        case .wikilink(let link) where children.isEmpty: out += link.displayText.utf8
        default:
            for child in children { child.appendPlainText(to: &out) }
        }
    }
}
