import CCmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The only place that talks to libcmark.
///
/// `parse` walks cmark's tree with its iterator (ENTER/EXIT events; leaf nodes
/// get ENTER only), copies every node into ``MarkdownNode`` values with their
/// source positions, and frees the C tree before it returns: no `cmark_node`
/// pointer outlives a call.
public enum CommonMark {
    /// Parses `source` and returns the document as Swift values.
    public static func parse(_ source: String) -> MarkdownNode {
        parse(source, maxDepth: Int.max).document
    }

    /// Parses `source`; containers nested deeper than `maxDepth` are flattened
    /// into their parent (their content is kept). `flattenedAt` is the first
    /// line where that happened, or nil.
    public static func parse(_ source: String, maxDepth: Int) -> (document: MarkdownNode, flattenedAt: Int?) {
        var source = source
        return source.withUTF8 { parse(bytes: $0, maxDepth: maxDepth) }
    }

    /// The same for UTF-8 bytes whose first line is line `lineOffset + 1` of the file.
    private static func parse(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int,
                              lineOffset: Int = 0) -> (document: MarkdownNode, flattenedAt: Int?) {
        guard let root = parseDocument(bytes) else { return (MarkdownNode(kind: .document, range: nil), nil) }
        defer { cmark_node_free(root) }
        return copyTree(root, maxDepth: maxDepth, lineOffset: lineOffset)
    }

    /// libcmark's tree of `bytes`, or nil when there is none; the caller frees it.
    private static func parseDocument(_ bytes: UnsafeBufferPointer<UInt8>) -> OpaquePointer? {
        guard let base = bytes.baseAddress else { return nil }
        return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            cmark_parse_document($0, bytes.count, CMARK_OPT_DEFAULT)
        }
    }

    /// Parses `bytes` and hands the document to `transform` in two halves, each copied and
    /// transformed on its own thread, for a large note. With `cutText`, the text is first cut
    /// where cmark gives the same blocks for both parts as for the whole (``SafeSplit``), and
    /// the parts are parsed at once too; otherwise (or when there is no such cut) cmark parses
    /// the whole text, and its top-level blocks are copied in two halves. With fewer than
    /// `minimumBlocks` top-level blocks, the whole document is copied and transformed on the
    /// calling thread. `document` is the empty document node (its range only); `flattenedAt`
    /// is as for ``parse(_:maxDepth:)``.
    static func parseInHalves<T: Sendable>(
        bytes: [UInt8], maxDepth: Int, cutText: Bool, minimumBlocks: Int, transform: @escaping @Sendable (MarkdownNode) -> T
    ) -> (parts: [T], document: MarkdownNode, flattenedAt: Int?) {
        if cutText, let cut = bytes.withUnsafeBufferPointer({ SafeSplit.offset(in: $0) }) {
            let lines = bytes[..<cut].reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            let (a, b) = TwoWay.run({
                parseChunk(Array(bytes[..<cut]), lineOffset: 0, maxDepth: maxDepth, transform: transform)
            }, {
                parseChunk(Array(bytes[cut...]), lineOffset: lines, maxDepth: maxDepth, transform: transform)
            })
            var document = MarkdownNode(kind: .document, range: nil)
            if let start = a.range?.start, let end = b.range?.end { document.range = SourceRange(start: start, end: end) }
            return ([a.part, b.part], document, a.flattenedAt ?? b.flattenedAt)
        }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let root = parseDocument(buffer) else {
                let empty = MarkdownNode(kind: .document, range: nil)
                return ([transform(empty)], empty, nil)
            }
            defer { cmark_node_free(root) }
            var blocks: [OpaquePointer] = []
            var child = cmark_node_first_child(root)
            while let current = child {
                blocks.append(current)
                child = cmark_node_next(current)
            }
            let document = MarkdownNode(kind: .document, range: range(root))
            guard blocks.count >= minimumBlocks, let last = blocks.last else {
                let (tree, flattenedAt) = copyTree(root, maxDepth: maxDepth)
                return ([transform(tree)], document, flattenedAt)
            }
            let middle = TwoWay.middle(of: blocks.count, lastLine: Int(cmark_node_get_end_line(last))) {
                Int(cmark_node_get_start_line(blocks[$0]))
            }
            let first = CBlocks(root: root, from: blocks[0], until: blocks[middle])
            let second = CBlocks(root: root, from: blocks[middle], until: nil)
            // Each thread reads only its own blocks (libcmark's getters may fill a node's string
            // on first use, which is why no node is shared), and the tree is freed after both.
            let (a, b) = TwoWay.run({
                let (half, flattenedAt) = copyBlocks(first, maxDepth: maxDepth)
                return (transform(half), flattenedAt)
            }, {
                let (half, flattenedAt) = copyBlocks(second, maxDepth: maxDepth)
                return (transform(half), flattenedAt)
            })
            return ([a.0, b.0], document, a.1 ?? b.1)
        }
    }

    /// Parses one piece of a note whose first line is line `lineOffset + 1` of the file,
    /// copies it and hands it to `transform`, on the calling thread.
    private static func parseChunk<T>(_ bytes: [UInt8], lineOffset: Int, maxDepth: Int,
                                      transform: (MarkdownNode) -> T) -> (part: T, range: SourceRange?, flattenedAt: Int?) {
        let (tree, flattenedAt) = bytes.withUnsafeBufferPointer { parse(bytes: $0, maxDepth: maxDepth, lineOffset: lineOffset) }
        return (transform(tree), tree.range, flattenedAt)
    }

    /// A range of top-level cmark blocks handed to one thread.
    private struct CBlocks: @unchecked Sendable {
        let root: OpaquePointer
        let from: OpaquePointer
        let until: OpaquePointer?
    }

    /// A document holding copies of a range of top-level blocks.
    private static func copyBlocks(_ blocks: CBlocks, maxDepth: Int) -> (MarkdownNode, Int?) {
        copyTree(blocks.root, maxDepth: maxDepth, from: blocks.from, until: blocks.until)
    }

    /// libcmark's own HTML rendering of `source`, byte for byte.
    /// Raw HTML and dangerous URLs are dropped unless `unsafe` is true.
    public static func renderHTML(_ source: String, unsafe: Bool = false) -> String {
        var source = source
        let options = unsafe ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT
        return source.withUTF8 { bytes -> String in
            guard let base = bytes.baseAddress else {
                return ""
            }
            let rendered = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                cmark_markdown_to_html($0, bytes.count, options)
            }
            guard let rendered else { return "" }
            defer { free(rendered) }
            return String(cString: rendered)
        }
    }

    /// The version string of the linked libcmark, such as "0.30.2".
    public static var version: String {
        guard let cString = cmark_version_string() else { return "unknown" }
        return String(cString: cString)
    }

    // MARK: - Copying the tree

    /// Copies the tree under `root`. With `from`, only the top-level blocks from `from` up to
    /// (not including) `until` are copied, into a document node without a range.
    private static func copyTree(_ root: OpaquePointer, maxDepth: Int, lineOffset: Int = 0,
                                 from: OpaquePointer? = nil, until: OpaquePointer? = nil) -> (MarkdownNode, Int?) {
        guard let iterator = cmark_iter_new(root) else {
            return (MarkdownNode(kind: .document, range: nil), nil)
        }
        defer { cmark_iter_free(iterator) }
        // The open containers, their children so far (kept apart so that
        // appending never copies), and for every entered container whether it
        // was flattened (not pushed).
        var open: [MarkdownNode] = []
        var children: [[MarkdownNode]] = []
        var flattened: [Bool] = []
        var flattenedAt: Int?
        var finished: MarkdownNode?
        if let from {
            // Start inside the document, at the first block of the range.
            cmark_iter_reset(iterator, from, CMARK_EVENT_ENTER)
            open.append(MarkdownNode(kind: .document, range: nil))
            children.append([])
            flattened.append(false)
            if let node = cmark_iter_get_node(iterator) { enter(node) }
        }
        func enter(_ node: OpaquePointer) {
            let copied = copyNode(node, lineOffset: lineOffset)
            if isLeaf(node) {
                if children.isEmpty { finished = copied } else { children[children.count - 1].append(copied) }
            } else if open.count >= maxDepth, canFlatten(node) {
                flattened.append(true)
                if flattenedAt == nil { flattenedAt = copied.range?.start.line ?? 1 }
            } else {
                flattened.append(false)
                open.append(copied)
                var collected: [MarkdownNode] = []
                collected.reserveCapacity(childCount(node))
                children.append(collected)
            }
        }
        func exit() {
            guard flattened.popLast() == false, var done = open.popLast(), let collected = children.popLast() else { return }
            done.children = collected
            if children.isEmpty { finished = done } else { children[children.count - 1].append(done) }
        }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if from != nil, event == CMARK_EVENT_ENTER, node == until { break }
            switch event {
            case CMARK_EVENT_ENTER:
                enter(node)
            case CMARK_EVENT_EXIT:
                exit()
                if cmark_node_parent(node) == root { freeChildren(of: node) }
            default:
                continue
            }
        }
        // A range of blocks ends at `until` (or the document's end) with the document still open.
        while from != nil, !open.isEmpty { exit() }
        return (finished ?? MarkdownNode(kind: .document, range: nil), flattenedAt)
    }

    /// Frees what a top-level block holds once it is copied, on the thread that copied it,
    /// so that the memory is reused at once. The block itself (its siblings point at it) is
    /// freed with the document.
    private static func freeChildren(of node: OpaquePointer) {
        var child = cmark_node_first_child(node)
        while let current = child {
            child = cmark_node_next(current)
            cmark_node_free(current)
        }
    }

    private static func childCount(_ node: OpaquePointer) -> Int {
        var count = 0
        var child = cmark_node_first_child(node)
        while let current = child {
            count += 1
            child = cmark_node_next(current)
        }
        return count
    }

    /// Containers whose content can move into their parent: block quotes, lists
    /// and items, and inline spans. Paragraphs and headings are always kept.
    private static func canFlatten(_ node: OpaquePointer) -> Bool {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_DOCUMENT: false
        default: true
        }
    }

    private static func isLeaf(_ node: OpaquePointer) -> Bool {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK,
             CMARK_NODE_TEXT, CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK,
             CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
            return true
        default:
            return false
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private static func range(_ node: OpaquePointer, lineOffset: Int = 0) -> SourceRange? {
        let startLine = Int(cmark_node_get_start_line(node))
        let startColumn = Int(cmark_node_get_start_column(node))
        guard startLine > 0, startColumn > 0 else { return nil }
        let endLine = max(Int(cmark_node_get_end_line(node)), startLine)
        let endColumn = Int(cmark_node_get_end_column(node))
        return SourceRange(
            start: SourceLocation(line: startLine + lineOffset, column: startColumn),
            end: SourceLocation(line: endLine + lineOffset, column: max(endColumn, 0))
        )
    }

    private static func copyNode(_ node: OpaquePointer, lineOffset: Int) -> MarkdownNode {
        let kind: MarkdownNode.Kind
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: kind = .document
        case CMARK_NODE_BLOCK_QUOTE: kind = .blockQuote
        case CMARK_NODE_LIST:
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            kind = .list(ListInfo(
                ordered: ordered,
                start: Int(cmark_node_get_list_start(node)),
                tight: cmark_node_get_list_tight(node) != 0,
                parenDelimiter: cmark_node_get_list_delim(node) == CMARK_PAREN_DELIM
            ))
        case CMARK_NODE_ITEM: kind = .item(task: nil)
        case CMARK_NODE_CODE_BLOCK:
            kind = .codeBlock(info: string(cmark_node_get_fence_info(node)),
                              literal: string(cmark_node_get_literal(node)))
        case CMARK_NODE_HTML_BLOCK: kind = .htmlBlock(string(cmark_node_get_literal(node)))
        case CMARK_NODE_CUSTOM_BLOCK: kind = .customBlock
        case CMARK_NODE_PARAGRAPH: kind = .paragraph
        case CMARK_NODE_HEADING: kind = .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_THEMATIC_BREAK: kind = .thematicBreak
        case CMARK_NODE_TEXT: kind = .text(string(cmark_node_get_literal(node)))
        case CMARK_NODE_SOFTBREAK: kind = .softBreak
        case CMARK_NODE_LINEBREAK: kind = .lineBreak
        case CMARK_NODE_CODE: kind = .code(string(cmark_node_get_literal(node)))
        case CMARK_NODE_HTML_INLINE: kind = .htmlInline(string(cmark_node_get_literal(node)))
        case CMARK_NODE_CUSTOM_INLINE: kind = .customInline
        case CMARK_NODE_EMPH: kind = .emphasis
        case CMARK_NODE_STRONG: kind = .strong
        case CMARK_NODE_LINK:
            kind = .link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_IMAGE:
            kind = .image(source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        default: kind = .customInline
        }
        return MarkdownNode(kind: kind, range: range(node, lineOffset: lineOffset))
    }
}
