/// Inline content as the Obsidian passes see it: runs of text with the file
/// position of their first byte, and nodes that are not text.
///
/// `verbatim` is true when the text is exactly what the file says at that
/// position. Text that came from a backslash escape or an entity is not
/// verbatim, so `\[[x]]` never opens a wikilink even though cmark drops the
/// backslash.
enum InlinePiece {
    case text(ArraySlice<UInt8>, SourceLocation?, verbatim: Bool)
    case node(MarkdownNode)

    var isLineBreak: Bool {
        if case .node(let node) = self {
            switch node.kind {
            case .softBreak, .lineBreak: return true
            default: return false
            }
        }
        return false
    }
}

extension SourceLocation {
    func advanced(by bytes: Int) -> SourceLocation {
        SourceLocation(line: line, column: column + bytes)
    }
}

extension InlinePiece {
    /// Splits cmark's inline nodes into pieces, checking each text node against the source.
    static func pieces(from nodes: [MarkdownNode], source: SourceText) -> [InlinePiece] {
        var pieces: [InlinePiece] = []
        pieces.reserveCapacity(nodes.count)
        for node in nodes {
            guard case .text(let literal) = node.kind else {
                pieces.append(.node(node))
                continue
            }
            guard let start = node.range?.start else {
                pieces.append(.text(Array(literal.utf8)[...], nil, verbatim: true))
                continue
            }
            // Fast path: the literal is exactly the source there, so the piece shares the source's bytes.
            if let verbatim = source.slice(matching: literal, at: start) {
                pieces.append(.text(verbatim, start, verbatim: true))
                continue
            }
            align(Array(literal.utf8), at: start, source: source, into: &pieces)
        }
        return pieces
    }

    /// Walks a text node's literal against the file from its start, splitting
    /// off what came from escapes and entities.
    private static func align(_ literal: [UInt8], at start: SourceLocation, source: SourceText, into pieces: inout [InlinePiece]) {
        let line = source.line(start.line)
        var j = line.startIndex + start.column - 1
        guard j >= line.startIndex, j <= line.endIndex else {
            pieces.append(.text(literal[...], start, verbatim: false))
            return
        }
        var i = 0
        var runStart = 0
        var runLocation = start
        func flushRun(upTo end: Int) {
            if end > runStart { pieces.append(.text(literal[runStart..<end], runLocation, verbatim: true)) }
        }
        while i < literal.count {
            let column = j - line.startIndex + 1
            if j < line.endIndex, line[j] == literal[i] {
                if i == runStart { runLocation = SourceLocation(line: start.line, column: column) }
                i += 1
                j += 1
                continue
            }
            flushRun(upTo: i)
            let here = SourceLocation(line: start.line, column: column)
            if j + 1 < line.endIndex, line[j] == UInt8(ascii: "\\"), line[j + 1] == literal[i] {
                pieces.append(.text(literal[i..<(i + 1)], here, verbatim: false))
                i += 1
                j += 2
            } else if j < line.endIndex, line[j] == UInt8(ascii: "&"),
                      let semicolon = line[j..<min(j + 40, line.endIndex)].firstIndex(of: UInt8(ascii: ";")) {
                // An entity: the literal holds its decoded bytes, up to where the source resumes.
                let after = semicolon + 1
                var end = i + 1
                if after < line.endIndex {
                    while end < literal.count, literal[end] != line[after] { end += 1 }
                } else {
                    end = literal.count
                }
                pieces.append(.text(literal[i..<end], here, verbatim: false))
                i = end
                j = after
            } else {
                // The source and the literal part ways: keep the rest, not verbatim.
                pieces.append(.text(literal[i...], here, verbatim: false))
                return
            }
            runStart = i
        }
        flushRun(upTo: literal.count)
    }

    /// Turns pieces back into nodes, merging neighbouring text.
    static func nodes(from pieces: [InlinePiece]) -> [MarkdownNode] {
        var nodes: [MarkdownNode] = []
        nodes.reserveCapacity(pieces.count)
        // The text run being gathered: its first slice alone (the common case), or its bytes merged.
        var single: ArraySlice<UInt8> = []
        var merged: [UInt8] = []
        var slices = 0
        var pendingStart: SourceLocation?
        var pendingEnd: SourceLocation?
        func flush() {
            guard slices > 0 else { return }
            let range = pendingStart.map { SourceRange(start: $0, end: pendingEnd ?? $0) }
            let text = slices == 1 ? String(decoding: single, as: UTF8.self) : String(decoding: merged, as: UTF8.self)
            nodes.append(MarkdownNode(kind: .text(text), range: range))
            merged.removeAll(keepingCapacity: true)
            slices = 0
            pendingStart = nil
        }
        for piece in pieces {
            switch piece {
            case .text(let bytes, let location, _):
                if bytes.isEmpty { continue }
                switch slices {
                case 0: pendingStart = location; single = bytes
                case 1: merged += single; merged += bytes
                default: merged += bytes
                }
                slices += 1
                pendingEnd = location.map { $0.advanced(by: max(bytes.count - 1, 0)) }
            case .node(let node):
                flush()
                nodes.append(node)
            }
        }
        flush()
        return nodes
    }
}

extension ArraySlice where Element == UInt8 {
    /// The byte at a 0-based offset from the start of the slice.
    subscript(offset offset: Int) -> UInt8 { self[startIndex + offset] }

    /// A sub-slice between 0-based offsets, sharing storage.
    func bytes(from: Int, to: Int? = nil) -> ArraySlice<UInt8> {
        self[(startIndex + from)..<(startIndex + (to ?? count))]
    }
}
