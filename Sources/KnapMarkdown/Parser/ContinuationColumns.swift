/// Corrects the columns cmark gives inlines on a paragraph's continuation lines.
///
/// libcmark (0.30) counts an inline's column from the paragraph's first column on every
/// line, but a continuation line's content starts after its own indentation and `>`
/// markers: `para\n  text` reports `text` at column 1, `> a\n>b` reports `b` at column 3.
/// The Obsidian passes check text against the file, so such lines lost their wikilinks,
/// tags and block ids. This shifts every inline that starts or ends on such a line to
/// where the line's content really starts. Running it twice changes nothing.
enum ContinuationColumns {
    /// Fixes the inline ranges of a paragraph or heading (`block`) in place.
    static func fix(_ block: inout MarkdownNode, source: SourceText) {
        guard let range = block.range, range.end.line > range.start.line else { return }
        let firstLine = range.start.line
        var deltas = [Int](repeating: 0, count: range.end.line - firstLine + 1)
        var afterBreak = false
        var changed = false
        for index in block.children.indices {
            measure(block.children[index], firstLine: firstLine, source: source,
                    afterBreak: &afterBreak, deltas: &deltas, changed: &changed)
        }
        guard changed else { return }
        for index in block.children.indices {
            shift(&block.children[index], firstLine: firstLine, deltas: deltas)
        }
    }

    /// Finds, in document order, the first node after each line break, and how far it is off.
    private static func measure(_ node: MarkdownNode, firstLine: Int, source: SourceText,
                                afterBreak: inout Bool, deltas: inout [Int], changed: inout Bool) {
        switch node.kind {
        case .softBreak, .lineBreak:
            afterBreak = true
            return
        default:
            break
        }
        if afterBreak, let start = node.range?.start {
            afterBreak = false
            let slot = start.line - firstLine
            if slot > 0, slot < deltas.count, let column = contentColumn(of: node, line: start.line, source: source) {
                deltas[slot] = column - start.column
                if deltas[slot] != 0 { changed = true }
            }
        }
        for child in node.children {
            measure(child, firstLine: firstLine, source: source, afterBreak: &afterBreak, deltas: &deltas, changed: &changed)
        }
    }

    /// The column where `line`'s content starts: after indentation and `>` markers, unless
    /// the node's own text starts with a `>` that is content (`a\n    > b`).
    private static func contentColumn(of node: MarkdownNode, line number: Int, source: SourceText) -> Int? {
        let line = source.line(number)
        var at = line.startIndex
        var lastMarker: Int?
        while at < line.endIndex {
            let byte = line[at]
            if byte == UInt8(ascii: ">") { lastMarker = at } else if byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t") { break }
            at += 1
        }
        if case .text(let literal) = node.kind, let first = literal.utf8.first, first == UInt8(ascii: ">"),
           at >= line.endIndex || line[at] != first, let lastMarker {
            at = lastMarker
        }
        guard at < line.endIndex else { return nil }
        return at - line.startIndex + 1
    }

    private static func shift(_ node: inout MarkdownNode, firstLine: Int, deltas: [Int]) {
        if var range = node.range {
            let startSlot = range.start.line - firstLine
            let endSlot = range.end.line - firstLine
            if startSlot > 0, startSlot < deltas.count {
                range.start = SourceLocation(line: range.start.line, column: range.start.column + deltas[startSlot])
            }
            if endSlot > 0, endSlot < deltas.count {
                range.end = SourceLocation(line: range.end.line, column: range.end.column + deltas[endSlot])
            }
            node.range = range
        }
        for index in node.children.indices {
            shift(&node.children[index], firstLine: firstLine, deltas: deltas)
        }
    }
}
