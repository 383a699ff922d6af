/// Rewrites cmark's tree into Knap's: callouts, tables, task items, block ids,
/// wikilinks, embeds, highlights, strikethrough and tags, collecting what it
/// finds for the ``Note``.
///
/// One pass over the tree; each Obsidian feature's syntax lives in its own
/// file under `Obsidian/`.
struct ObsidianRewriter {
    let source: SourceText
    var links: [Link] = []
    var tags: [Tag] = []
    var headings: [Heading] = []
    var callouts: [Callout] = []
    var codeBlocks: [CodeBlock] = []
    var blockIDs: [BlockID] = []
    private var slugger = Slugger()
    private var calloutDepth = 0

    init(source: SourceText) {
        self.source = source
    }

    // MARK: - Blocks

    /// Adds what another rewriter found in the blocks that follow this one's. Heading slugs
    /// are made unique again, in order, as if one rewriter had seen every heading.
    mutating func append(_ other: ObsidianRewriter) {
        links += other.links
        tags += other.tags
        callouts += other.callouts
        codeBlocks += other.codeBlocks
        blockIDs += other.blockIDs
        for var heading in other.headings {
            heading.slug = slugger.unique(heading.text)
            headings.append(heading)
        }
    }

    mutating func rewrite(document: MarkdownNode) -> MarkdownNode {
        var document = document
        rewriteBlocks(&document.children)
        return document
    }

    /// Rewrites blocks in place: the tree from cmark is uniquely owned, so no arrays are copied.
    private mutating func rewriteBlocks(_ blocks: inout [MarkdownNode]) {
        for index in blocks.indices { rewriteBlock(&blocks[index]) }
    }

    private mutating func rewriteBlock(_ node: inout MarkdownNode) {
        switch node.kind {
        case .document, .list:
            rewriteBlocks(&node.children)
        case .item:
            rewriteItem(&node)
        case .blockQuote:
            if let callout = rewriteCallout(node) {
                node = callout
            } else {
                rewriteBlocks(&node.children)
            }
        case .paragraph:
            ContinuationColumns.fix(&node, source: source)
            if let table = Tables.table(from: node, source: source) {
                node = rewriteTable(table)
            } else if let math = displayMath(node) {
                node = math
            } else {
                node.children = rewriteInlines(node.children, allowBlockID: true)
            }
        case .heading(let level):
            ContinuationColumns.fix(&node, source: source)
            node.children = rewriteInlines(node.children, allowBlockID: false)
            let text = node.plainText.trimmingSpaces
            let start = node.range?.start ?? SourceLocation(line: 1, column: 1)
            headings.append(Heading(level: level, text: text, slug: slugger.unique(text), line: start.line, column: start.column))
        case .codeBlock(let info, let literal):
            codeBlocks.append(codeBlock(info: info, literal: literal, range: node.range))
        default:
            break
        }
    }

    private func codeBlock(info: String, literal: String, range: SourceRange?) -> CodeBlock {
        let (language, attributes) = CodeFence.parseInfo(info)
        let startLine = range?.start.line ?? 1
        var fenced = false
        if let range {
            let lineBytes = source.line(range.start.line)
            let from = lineBytes.startIndex + range.start.column - 1
            if from >= lineBytes.startIndex, from < lineBytes.endIndex {
                let first = lineBytes[from...].first(where: { $0 != UInt8(ascii: " ") })
                fenced = first == UInt8(ascii: "`") || first == UInt8(ascii: "~")
            }
        }
        return CodeBlock(language: language, attributes: attributes, line: fenced ? startLine + 1 : startLine,
                         fenceLine: startLine, endLine: range?.end.line ?? startLine, code: literal, fenced: fenced)
    }

    private mutating func rewriteItem(_ item: inout MarkdownNode) {
        if var first = item.children.first, case .paragraph = first.kind,
           let firstInline = first.children.first, case .text(let text) = firstInline.kind {
            let checked: Bool?
            if text.hasPrefix("[ ] ") || text == "[ ]" { checked = false }
            else if text.hasPrefix("[x] ") || text.hasPrefix("[X] ") || text == "[x]" || text == "[X]" { checked = true }
            else { checked = nil }
            if let checked {
                let rest = String(text.dropFirst(min(4, text.count)))
                var replaced = firstInline
                replaced.kind = .text(rest)
                replaced.range = firstInline.range.map {
                    SourceRange(start: $0.start.advanced(by: 4), end: $0.end)
                }
                if rest.isEmpty { first.children.removeFirst() } else { first.children[0] = replaced }
                item.children[0] = first
                item.kind = .item(task: checked)
            }
        }
        rewriteBlocks(&item.children)
    }

    // MARK: - Callouts

    private mutating func rewriteCallout(_ quote: MarkdownNode) -> MarkdownNode? {
        guard var paragraph = quote.children.first, case .paragraph = paragraph.kind else { return nil }
        ContinuationColumns.fix(&paragraph, source: source)
        guard let firstInline = paragraph.children.first, case .text(let text) = firstInline.kind,
              let start = firstInline.range?.start,
              source.byte(line: start.line, column: start.column) == UInt8(ascii: "["),
              let marker = CalloutMarker(Substring(text))
        else { return nil }

        // The title is the rest of the first line; what follows the first line break is content.
        var titleInlines: [MarkdownNode] = []
        var contentInlines: [MarkdownNode] = []
        var inTitle = true
        for (index, inline) in paragraph.children.enumerated() {
            if inTitle, case .softBreak = inline.kind { inTitle = false; continue }
            if inTitle, case .lineBreak = inline.kind { inTitle = false; continue }
            if index == 0 {
                let rest = String(decoding: Array(text.utf8)[marker.titleOffset...], as: UTF8.self)
                if !rest.isEmpty {
                    titleInlines.append(MarkdownNode(kind: .text(rest), range: SourceRange(
                        start: start.advanced(by: marker.titleOffset), end: firstInline.range?.end ?? start)))
                }
                continue
            }
            if inTitle { titleInlines.append(inline) } else { contentInlines.append(inline) }
        }

        let depth = calloutDepth
        let calloutIndex = callouts.count
        callouts.append(Callout(type: marker.type, kind: CalloutKind(type: marker.type), title: "", fold: marker.fold,
                                line: quote.range?.start.line ?? start.line,
                                column: quote.range?.start.column ?? start.column, depth: depth))
        let title = rewriteInlines(titleInlines, allowBlockID: false)
        let titleNode = MarkdownNode(kind: .calloutTitle, children: title, range: paragraph.range)
        callouts[calloutIndex].title = titleNode.plainText.trimmingSpaces

        calloutDepth += 1
        var content: [MarkdownNode] = []
        if !contentInlines.isEmpty {
            let contentStart = contentInlines.first?.range?.start
            let contentRange = contentStart.map { SourceRange(start: $0, end: paragraph.range?.end ?? $0) }
            var paragraph = MarkdownNode(kind: .paragraph, children: contentInlines, range: contentRange)
            rewriteBlock(&paragraph)
            content.append(paragraph)
        }
        var rest = Array(quote.children.dropFirst())
        rewriteBlocks(&rest)
        content += rest
        calloutDepth -= 1
        return MarkdownNode(kind: .callout(callouts[calloutIndex]), children: [titleNode] + content, range: quote.range)
    }

    // MARK: - Tables and math

    private mutating func rewriteTable(_ table: MarkdownNode) -> MarkdownNode {
        var table = table
        table.children = table.children.map { row in
            var row = row
            row.children = row.children.map { cell in
                var cell = cell
                cell.children = rewriteInlines(cell.children, allowBlockID: false)
                return cell
            }
            return row
        }
        return table
    }

    private func displayMath(_ paragraph: MarkdownNode) -> MarkdownNode? {
        guard let range = paragraph.range,
              let first = paragraph.children.first, case .text(let text) = first.kind, text.hasPrefix("$$")
        else { return nil }
        var lines: [String] = []
        for number in range.start.line...range.end.line {
            let line = source.line(number)
            let from = min(line.startIndex + range.start.column - 1, line.endIndex)
            lines.append(String(decoding: line[from...], as: UTF8.self))
        }
        let joined = lines.joined(separator: "\n").trimmingSpaces
        guard joined.count >= 4, joined.hasPrefix("$$"), joined.hasSuffix("$$") else { return nil }
        let body = String(joined.dropFirst(2).dropLast(2))
        return MarkdownNode(kind: .displayMath(body), range: range)
    }

    // MARK: - Inlines

    mutating func rewriteInlines(_ nodes: [MarkdownNode], allowBlockID: Bool) -> [MarkdownNode] {
        // Which Obsidian syntax can appear at all: most text has none, and skips the passes.
        var triggers = Triggers()
        for index in nodes.indices {
            if case .text(let text) = nodes[index].kind { triggers.scan(text) }
        }
        var pieces: [InlinePiece]
        if triggers.any {
            pieces = InlinePiece.pieces(from: nodes, source: source)
            if triggers.brackets { pieces = extractPairs(consume pieces, open: Self.wikiOpen, close: Self.wikiClose, kind: .wikilink) }
            if triggers.dollar { pieces = extractPairs(consume pieces, open: Self.dollar, close: Self.dollar, kind: .math) }
            if triggers.equals { pieces = extractPairs(consume pieces, open: Self.doubleEquals, close: Self.doubleEquals, kind: .highlight) }
            if triggers.tildes { pieces = extractPairs(consume pieces, open: Self.doubleTilde, close: Self.doubleTilde, kind: .strikethrough) }
            if triggers.hash { pieces = extractTags(pieces) }
            if allowBlockID, triggers.caret { pieces = extractBlockID(pieces) }
        } else {
            pieces = nodes.map { .node($0) }
        }
        for index in pieces.indices {
            guard case .node(var node) = pieces[index] else { continue }
            switch node.kind {
            case .emphasis, .strong, .highlight, .strikethrough:
                node.children = rewriteInlines(node.children, allowBlockID: false)
            case .link(let destination, _):
                if let start = node.range?.start,
                   var link = Wikilinks.markdownLink(destination: destination, embed: false, line: start.line, column: start.column) {
                    // The link's text, so that findings show `[Custom name](Example.md)` as written.
                    let text = node.plainText
                    link.alias = text.isEmpty ? nil : text
                    links.append(link)
                }
                node.children = rewriteInlines(node.children, allowBlockID: false)
            case .image(let destination, _):
                if let start = node.range?.start,
                   let link = Wikilinks.markdownLink(destination: destination, embed: true, line: start.line, column: start.column) {
                    links.append(link)
                }
            default:
                continue
            }
            pieces[index] = .node(node)
        }
        return InlinePiece.nodes(from: pieces)
    }

    private enum PairKind { case wikilink, highlight, strikethrough, math }

    private static let wikiOpen = Array("[[".utf8), wikiClose = Array("]]".utf8)
    private static let doubleEquals = Array("==".utf8), doubleTilde = Array("~~".utf8), dollar = Array("$".utf8)

    /// The bytes that can start Obsidian inline syntax, found in one scan.
    private struct Triggers {
        var brackets = false, equals = false, tildes = false, hash = false, caret = false, dollar = false
        var any: Bool { brackets || equals || tildes || hash || caret || dollar }

        private static let table: [UInt8] = {
            var table = [UInt8](repeating: 0, count: 256)
            table[Int(UInt8(ascii: "["))] = 1
            table[Int(UInt8(ascii: "="))] = 2
            table[Int(UInt8(ascii: "~"))] = 4
            table[Int(UInt8(ascii: "#"))] = 8
            table[Int(UInt8(ascii: "^"))] = 16
            table[Int(UInt8(ascii: "$"))] = 32
            return table
        }()

        mutating func scan(_ text: String) {
            var text = text
            // Bits 1, 2, 4: `[[`, `==`, `~~` (a byte seen twice in a row); 8: `#`; 16: `^`; 32: `$`.
            let found: UInt8 = text.withUTF8 { bytes in
                Self.table.withUnsafeBufferPointer { table in
                    var found: UInt8 = 0
                    var previous: UInt8 = 0
                    for byte in bytes {
                        let bit = table[Int(byte)]
                        if bit != 0 {
                            if bit >= 8 { found |= bit } else if byte == previous { found |= bit }
                        }
                        previous = byte
                    }
                    return found
                }
            }
            brackets = brackets || found & 1 != 0
            equals = equals || found & 2 != 0
            tildes = tildes || found & 4 != 0
            hash = hash || found & 8 != 0
            caret = caret || found & 16 != 0
            dollar = dollar || found & 32 != 0
        }
    }

    /// Finds `open … close` pairs across pieces. A pair never crosses a line
    /// break, and a failed search skips to where it stopped, so the pass stays linear.
    private mutating func extractPairs(_ input: consuming [InlinePiece], open: [UInt8], close: [UInt8], kind: PairKind) -> [InlinePiece] {
        var work = input
        // Most paragraphs have no opener for a given pass: then nothing is copied.
        guard let first = work.firstIndex(where: { piece in
            guard case .text(let bytes, _, true) = piece else { return false }
            return find(open, in: bytes, from: 0, kind: kind, opening: true) != nil
        }) else { return work }
        var out: [InlinePiece] = []
        // Each construct found adds up to two pieces (the text before it, and itself): room for a few.
        out.reserveCapacity(2 * work.count + 6)
        out.append(contentsOf: work[..<first])
        var i = first
        while i < work.count {
            guard case .text(let bytes, let location, true) = work[i],
                  let openAt = find(open, in: bytes, from: 0, kind: kind, opening: true)
            else { out.append(work[i]); i += 1; continue }

            // Look for the close: first in this piece, then in the following ones up to a line break.
            var found: (piece: Int, offset: Int)?
            if let at = find(close, in: bytes, from: openAt + open.count, kind: kind, opening: false) {
                found = (i, at)
            } else {
                var j = i + 1
                while j < work.count, !work[j].isLineBreak {
                    if case .text(let later, _, true) = work[j], let at = find(close, in: later, from: 0, kind: kind, opening: false) {
                        found = (j, at)
                        break
                    }
                    j += 1
                }
                if found == nil {
                    // No close before the line break: nothing up to there can pair.
                    out.append(work[i])
                    i += 1
                    while i < j { out.append(work[i]); i += 1 }
                    continue
                }
            }
            guard let (j, closeAt) = found else { continue }
            var openStart = openAt
            if j == i, kind == .wikilink {
                // `[[a [[b]]`: the link is the innermost one.
                var scan = openAt + 1
                while let next = find(open, in: bytes, from: scan, kind: kind, opening: true), next + open.count <= closeAt {
                    openStart = next
                    scan = next + 1
                }
            }
            let innerStart = openStart + open.count
            var embed = false
            var constructStart = openStart
            if kind == .wikilink, openStart > 0, bytes[offset: openStart - 1] == UInt8(ascii: "!") {
                embed = true
                constructStart -= 1
            }
            let closeBytes: ArraySlice<UInt8>
            let closeLocation: SourceLocation?
            var inner: [InlinePiece] = []
            if j == i {
                inner.append(.text(bytes.bytes(from: innerStart, to: closeAt), location?.advanced(by: innerStart), verbatim: true))
                closeBytes = bytes
                closeLocation = location
            } else {
                inner.append(.text(bytes.bytes(from: innerStart), location?.advanced(by: innerStart), verbatim: true))
                inner += work[(i + 1)..<j]
                guard case .text(let last, let lastLocation, _) = work[j] else { continue }
                inner.append(.text(last.bytes(from: 0, to: closeAt), lastLocation, verbatim: true))
                closeBytes = last
                closeLocation = lastLocation
            }
            let start = location?.advanced(by: constructStart)
            let end = closeLocation?.advanced(by: closeAt + close.count - 1)
            let built = buildPair(kind: kind, inner: inner, embed: embed, start: start, innerStart: location?.advanced(by: innerStart),
                                  innerEnd: closeLocation?.advanced(by: closeAt), end: end)
            guard let built else {
                // Not a valid construct (an empty wikilink): keep the opener as text and go on after it.
                out.append(.text(bytes.bytes(from: 0, to: innerStart), location, verbatim: true))
                work[i] = .text(bytes.bytes(from: innerStart), location?.advanced(by: innerStart), verbatim: true)
                continue
            }
            if constructStart > 0 { out.append(.text(bytes.bytes(from: 0, to: constructStart), location, verbatim: true)) }
            out.append(.node(built))
            let suffixStart = closeAt + close.count
            work[j] = .text(closeBytes.bytes(from: suffixStart), closeLocation?.advanced(by: suffixStart), verbatim: true)
            i = j
        }
        return out
    }

    /// The 0-based offset of the first valid `needle` at or after `from`.
    private func find(_ needle: [UInt8], in bytes: ArraySlice<UInt8>, from: Int, kind: PairKind, opening: Bool) -> Int? {
        let first = needle[0]
        let second: UInt8? = needle.count > 1 ? needle[1] : nil
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            let count = buffer.count
            guard needle.count <= count else { return nil }
            var index = from
            while index + needle.count <= count {
                // Jump to the next candidate byte.
                guard let hit = buffer.index(of: first, from: index) else { return nil }
                index = hit
                guard index + needle.count <= count else { return nil }
                if let second, buffer[index + 1] != second { index += 1; continue }
                switch kind {
                case .wikilink:
                    return index
                case .math:
                    // `$x$` as Obsidian (and Pandoc) read it: no `$$`, the opener not followed by
                    // white space, the closer not preceded by white space nor followed by a digit.
                    let before = index > 0 ? buffer[index - 1] : nil
                    let after = index + 1 < count ? buffer[index + 1] : nil
                    if before == UInt8(ascii: "$") || after == UInt8(ascii: "$") { index += 1; continue }
                    // At a piece's edge (nil) the neighbour is an escaped character, not white space.
                    if opening {
                        if after != space, after != tab { return index }
                    } else if before != space, before != tab,
                              !(after.map { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? false) {
                        return index
                    }
                case .highlight, .strikethrough:
                    // `==x==`: the opener is not followed by white space, the closer not preceded by it,
                    // and neither is part of a longer run. At a piece's edge the neighbour is another node.
                    let before = index > 0 ? buffer[index - 1] : nil
                    let after = index + 2 < count ? buffer[index + 2] : nil
                    if before == first || after == first { index += 1; continue }
                    if opening {
                        if let after, after != space, after != tab { return index }
                    } else if before == nil || (before != space && before != tab) {
                        return index
                    }
                }
                index += 1
            }
            return nil
        }
    }

    private mutating func buildPair(kind: PairKind, inner: [InlinePiece], embed: Bool, start: SourceLocation?,
                                    innerStart: SourceLocation?, innerEnd: SourceLocation?, end: SourceLocation?) -> MarkdownNode? {
        let range = start.map { SourceRange(start: $0, end: end ?? $0) }
        switch kind {
        case .highlight:
            return MarkdownNode(kind: .highlight, children: InlinePiece.nodes(from: inner), range: range)
        case .strikethrough:
            return MarkdownNode(kind: .strikethrough, children: InlinePiece.nodes(from: inner), range: range)
        case .math:
            // The source as written: cmark would have dropped the backslash of `\{`.
            guard let innerStart, let innerEnd, innerStart.line == innerEnd.line,
                  let raw = source.slice(line: innerStart.line, fromColumn: innerStart.column, toColumn: innerEnd.column),
                  !raw.isEmpty else { return nil }
            return MarkdownNode(kind: .inlineMath(raw), range: range)
        case .wikilink:
            var raw: String
            if let innerStart, let innerEnd, innerStart.line == innerEnd.line,
               let slice = source.slice(line: innerStart.line, fromColumn: innerStart.column, toColumn: innerEnd.column) {
                raw = slice
            } else {
                raw = InlinePiece.nodes(from: inner).map(\.plainText).joined()
            }
            if raw.trimmingSpaces.isEmpty { return nil }
            let at = start ?? SourceLocation(line: 1, column: 1)
            let link = Wikilinks.parse(inner: raw, embed: embed, line: at.line, column: at.column)
            if link.target.isEmpty, link.heading == nil, link.block == nil { return nil }
            links.append(link)
            return MarkdownNode(kind: .wikilink(link), children: [MarkdownNode(kind: .text(link.displayText), range: nil)], range: range)
        }
    }

    // MARK: - Tags and block ids

    private mutating func extractTags(_ pieces: [InlinePiece]) -> [InlinePiece] {
        var out: [InlinePiece] = []
        out.reserveCapacity(pieces.count + 4)
        var previousEndsInSpace = true
        for piece in pieces {
            defer {
                switch piece {
                case .text(let bytes, _, _):
                    if let last = bytes.last { previousEndsInSpace = last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") }
                case .node(let node):
                    previousEndsInSpace = piece.isLineBreak || { if case .blockID = node.kind { return true }; return false }()
                }
            }
            guard case .text(let bytes, let location, true) = piece, bytes.contains(UInt8(ascii: "#")) else {
                out.append(piece)
                continue
            }
            var found = Tags.scan(bytes)
            if !previousEndsInSpace, let first = found.first, first.offset == 0 { found.removeFirst() }
            guard !found.isEmpty else { out.append(piece); continue }
            var cursor = 0
            for tag in found {
                if tag.offset > cursor { out.append(.text(bytes.bytes(from: cursor, to: tag.offset), location?.advanced(by: cursor), verbatim: true)) }
                let at = location?.advanced(by: tag.offset)
                tags.append(Tag(name: tag.name, line: at?.line ?? 0, column: at?.column ?? 0, source: .body))
                let range = at.map { SourceRange(start: $0, end: $0.advanced(by: tag.length - 1)) }
                out.append(.node(MarkdownNode(kind: .tag(tag.name), range: range)))
                cursor = tag.offset + tag.length
            }
            if cursor < bytes.count { out.append(.text(bytes.bytes(from: cursor), location?.advanced(by: cursor), verbatim: true)) }
        }
        return out
    }

    /// `^block-id` at the very end of a paragraph, after white space or alone.
    private mutating func extractBlockID(_ pieces: [InlinePiece]) -> [InlinePiece] {
        guard case .text(let slice, let location, true)? = pieces.last,
              let caretIndex = slice.lastIndex(of: UInt8(ascii: "^"))
        else { return pieces }
        let bytes = Array(slice[caretIndex...])
        let caret = caretIndex - slice.startIndex
        guard bytes.count > 1 else { return pieces }
        let idBytes = bytes.dropFirst()
        guard idBytes.allSatisfy({ isBlockIDByte($0) }) else { return pieces }
        let alone = caret == 0 && (pieces.count == 1 || pieces[pieces.count - 2].isLineBreak)
        let afterSpace = caret > 0 && (slice[offset: caret - 1] == UInt8(ascii: " ") || slice[offset: caret - 1] == UInt8(ascii: "\t"))
        guard alone || afterSpace else { return pieces }
        let id = String(decoding: idBytes, as: UTF8.self)
        let at = location?.advanced(by: caret)
        blockIDs.append(BlockID(id: id, line: at?.line ?? 0, column: at?.column ?? 0))
        var out = Array(pieces.dropLast())
        var keep = caret
        while keep > 0, slice[offset: keep - 1] == UInt8(ascii: " ") || slice[offset: keep - 1] == UInt8(ascii: "\t") { keep -= 1 }
        if keep > 0 { out.append(.text(slice.bytes(from: 0, to: keep), location, verbatim: true)) }
        let range = at.map { SourceRange(start: $0, end: $0.advanced(by: idBytes.count)) }
        out.append(.node(MarkdownNode(kind: .blockID(id), range: range)))
        return out
    }

    private func isBlockIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
