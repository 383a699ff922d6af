/// GFM pipe tables, which plain cmark reads as a paragraph: a header row, a
/// delimiter row (`|---|:-:|`), then body rows. Cells are split on `|` outside
/// code spans; `\|` (as in `[[Note\|text]]`) does not split. Each cell's text
/// is parsed as inline Markdown at its real file position.
enum Tables {
    static func table(from paragraph: MarkdownNode, source: SourceText) -> MarkdownNode? {
        guard let range = paragraph.range, range.end.line > range.start.line else { return nil }
        let column = range.start.column
        let delimiterLine = source.line(range.start.line + 1)
        guard let delimiterBounds = cellBounds(in: delimiterLine, fromColumn: column),
              let alignments = alignments(delimiterLine, delimiterBounds)
        else { return nil }
        guard let headerCells = cells(in: source.line(range.start.line), fromColumn: column),
              headerCells.count == alignments.count
        else { return nil }

        var cellRows: [(cells: [Cell], line: Int)] = [(headerCells, range.start.line)]
        if range.end.line >= range.start.line + 2 {
            for number in (range.start.line + 2)...range.end.line {
                cellRows.append((cells(in: source.line(number), fromColumn: column) ?? [], number))
            }
        }
        let inlines = parseCells(cellRows.flatMap { row in row.cells.prefix(alignments.count).map { ($0, row.line) } })
        var next = 0
        var rows: [MarkdownNode] = []
        for (index, cellRow) in cellRows.enumerated() {
            var nodes: [MarkdownNode] = []
            for position in 0..<alignments.count {
                guard position < cellRow.cells.count else {
                    nodes.append(MarkdownNode(kind: .tableCell, range: nil))
                    continue
                }
                let cell = cellRow.cells[position]
                let end = SourceLocation(line: cellRow.line, column: cell.column + max(cell.text.utf8.count - 1, 0))
                let range = SourceRange(start: SourceLocation(line: cellRow.line, column: cell.column), end: end)
                nodes.append(MarkdownNode(kind: .tableCell, children: inlines[next], range: range))
                next += 1
            }
            let rowRange = SourceRange(start: SourceLocation(line: cellRow.line, column: 1),
                                       end: SourceLocation(line: cellRow.line, column: 1))
            rows.append(MarkdownNode(kind: .tableRow(header: index == 0), children: nodes, range: rowRange))
        }
        return MarkdownNode(kind: .table(alignments: alignments), children: rows, range: range)
    }

    private struct Cell {
        var text: String
        var column: Int
    }

    /// Cells hold inline Markdown only. All cells of a table that need it are
    /// parsed in one cmark document, each as its own paragraph behind a `.`
    /// (so that `# x` or `- x` stays text), and their positions are moved back
    /// to the file. Plain cells become one text node without cmark.
    private static func parseCells(_ cells: [(Cell, Int)]) -> [[MarkdownNode]] {
        var results = [[MarkdownNode]](repeating: [], count: cells.count)
        var document = ""
        var lineToCell: [Int: Int] = [:]
        var line = 1
        for (index, (cell, row)) in cells.enumerated() where !cell.text.isEmpty {
            if isPlain(cell.text) {
                let start = SourceLocation(line: row, column: cell.column)
                let end = SourceLocation(line: row, column: cell.column + cell.text.utf8.count - 1)
                results[index] = [MarkdownNode(kind: .text(cell.text), range: SourceRange(start: start, end: end))]
                continue
            }
            document += "." + cell.text + "\n\n"
            lineToCell[line] = index
            line += 2
        }
        guard !document.isEmpty else { return results }
        for paragraph in CommonMark.parse(document).children {
            guard case .paragraph = paragraph.kind, let start = paragraph.range?.start.line,
                  let index = lineToCell[start] else { continue }
            let (cell, row) = cells[index]
            var inlines = paragraph.children.map { shifted($0, line: row, column: cell.column - 1) }
            // Drop the leading `.`.
            if let first = inlines.first, case .text(let text) = first.kind {
                let rest = String(text.dropFirst())
                if rest.isEmpty {
                    inlines.removeFirst()
                } else {
                    inlines[0].kind = .text(rest)
                    inlines[0].range = first.range.map { SourceRange(start: $0.start.advanced(by: 1), end: $0.end) }
                }
            }
            results[index] = inlines
        }
        return results
    }

    /// Text with nothing cmark or Obsidian would read as markup.
    private static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: "."),
                 UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: ";"),
                 UInt8(ascii: "?"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "%"):
                return true
            default:
                return byte >= 0x80
            }
        }
    }

    /// Moves positions parsed in the cells' document to the cell's place in the file.
    private static func shifted(_ node: MarkdownNode, line: Int, column: Int) -> MarkdownNode {
        var node = node
        node.range = node.range.map {
            SourceRange(start: SourceLocation(line: line, column: $0.start.column + column - 1),
                        end: SourceLocation(line: line, column: $0.end.column + column - 1))
        }
        node.children = node.children.map { shifted($0, line: line, column: column) }
        return node
    }

    private static func alignments(_ line: ArraySlice<UInt8>, _ bounds: [Range<Int>]) -> [TableAlignment]? {
        guard !bounds.isEmpty else { return nil }
        var result: [TableAlignment] = []
        result.reserveCapacity(bounds.count)
        for cell in bounds {
            let text = line[cell]
            guard let first = text.first, let last = text.last else { return nil }
            let left = first == UInt8(ascii: ":"), right = last == UInt8(ascii: ":")
            let dashes = text.dropFirst(left ? 1 : 0).dropLast(right && text.count > 1 ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == UInt8(ascii: "-") }) else { return nil }
            result.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return result
    }

    /// Splits a row into cells; nil when the line has no unescaped `|`.
    private static func cells(in line: ArraySlice<UInt8>, fromColumn column: Int) -> [Cell]? {
        guard let bounds = cellBounds(in: line, fromColumn: column) else { return nil }
        let start = min(line.startIndex + column - 1, line.endIndex)
        return bounds.map { Cell(text: String(decoding: line[$0], as: UTF8.self), column: column + $0.lowerBound - start) }
    }

    /// The cells of a row as index ranges into `line`, trimmed of spaces and tabs;
    /// nil when the line has no unescaped `|`.
    private static func cellBounds(in line: ArraySlice<UInt8>, fromColumn column: Int) -> [Range<Int>]? {
        let start = min(line.startIndex + column - 1, line.endIndex)
        let end = line.endIndex
        let pipe = UInt8(ascii: "|"), backslash = UInt8(ascii: "\\"), backtick = UInt8(ascii: "`")
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        var bounds: [Int] = []
        var index = start
        var codeRun = 0
        while index < end {
            let byte = line[index]
            if byte == backslash { index += 2; continue }
            if byte == backtick {
                var run = 0
                while index + run < end, line[index + run] == backtick { run += 1 }
                if codeRun == 0 { codeRun = run } else if codeRun == run { codeRun = 0 }
                index += run
                continue
            }
            if byte == pipe, codeRun == 0 { bounds.append(index) }
            index += 1
        }
        guard !bounds.isEmpty else { return nil }
        var edges = bounds
        var trimmedEnd = end
        while trimmedEnd > start, line[trimmedEnd - 1] == space || line[trimmedEnd - 1] == tab { trimmedEnd -= 1 }
        var leading = start
        while leading < end, line[leading] == space { leading += 1 }
        if edges.first != leading { edges.insert(leading - 1, at: 0) }
        if edges.last != trimmedEnd - 1 { edges.append(trimmedEnd) }
        var cells: [Range<Int>] = []
        cells.reserveCapacity(edges.count - 1)
        for pair in zip(edges, edges.dropFirst()) {
            var from = pair.0 + 1
            var to = pair.1
            while from < to, line[from] == space || line[from] == tab { from += 1 }
            while to > from, line[to - 1] == space || line[to - 1] == tab { to -= 1 }
            cells.append(from..<to)
        }
        return cells
    }
}
