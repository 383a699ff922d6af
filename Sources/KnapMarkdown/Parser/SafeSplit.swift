/// Where a large note can be cut in two so that cmark parses the halves apart and gives
/// exactly the blocks it gives for the whole: the start of a line, after a blank line, that
/// begins at column 1 with a letter or `#`, outside any top-level fenced code block.
///
/// Such a line closes every open container (a list item needs indentation, a block quote
/// needs `>`, and after a blank line there is no paragraph to continue lazily), and so every
/// fenced code block or HTML block inside one. What could still run across it is a top-level
/// fenced code block, or an HTML block that ends at a marker rather than at a blank line
/// (`<!--`, `<script`, …), and link reference definitions apply to the whole document. The
/// scan follows top-level fences and raw HTML that starts at column 1, and stays conservative:
/// a line that looks like a link reference definition anywhere gives no cut at all, and a fence
/// or raw HTML indented by one to three spaces, or a fence inside raw HTML, gives no cut after it.
enum SafeSplit {
    /// The byte offset of the start of the cut line closest to the middle, or nil. Only cuts
    /// that leave at least a quarter of the bytes on each side are considered.
    static func offset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        let middle = count / 2
        return cuts(in: bytes, upTo: count - count / 4)
            .filter { $0 >= count / 4 }
            .min { abs($0 - middle) < abs($1 - middle) }
    }

    /// Every offset where the note can be cut, in order, up to `limit`.
    static func cuts(in bytes: UnsafeBufferPointer<UInt8>, upTo limit: Int) -> [Int] {
        var found: [Int] = []
        guard bytes.count >= 8 else { return found }
        let count = bytes.count
        // Link reference definitions are global: give up if anything may be one.
        if mayHoldLinkDefinition(bytes) { return found }
        var fence: (byte: UInt8, length: Int)?
        // Raw HTML that began at column 1: up to the line holding an end marker (`-->`, …),
        // or up to a blank line (an HTML block that ends there, or a paragraph).
        var html: HTMLRun?
        var previousBlank = true
        var lineStart = 0
        lines: while lineStart < count, lineStart <= limit {
            let lineEnd = bytes.index(of: UInt8(ascii: "\n"), from: lineStart) ?? count
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            let blank = line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
            var indent = 0
            while indent < line.count, indent < 4, line[indent] == UInt8(ascii: " ") { indent += 1 }
            let marker = fenceMarker(line, from: indent)
            if let run = html {
                // Inside raw HTML no line is a cut. A fence-like line, or the start of an HTML
                // block that runs to a marker, means the scan may not know what cmark sees.
                if marker != nil, indent <= 3 { break lines }
                switch run {
                case .untilBlankLine:
                    if blank { html = nil } else if indent == 0, line.first == UInt8(ascii: "<"), endMarker(line) != nil { break lines }
                case .untilMarker(let end):
                    if contains(line, end) { html = nil }
                }
            } else if let open = fence {
                // Inside a top-level fence: only its closer matters.
                if indent <= 3, let marker, marker.byte == open.byte, marker.length >= open.length, marker.bareCloser {
                    fence = nil
                }
            } else if let marker, indent <= 3 {
                // A fence at column 1 always opens a top-level block; one indented by one to
                // three spaces may belong to a list item, which the scan does not follow.
                guard indent == 0 else { break lines }
                fence = (marker.byte, marker.length)
            } else if indent == 0, line.first == UInt8(ascii: "<") {
                // Raw HTML at column 1 is at the top level (a list item would need indentation,
                // and an HTML block interrupts a quote's paragraph). An HTML block of types 1–5
                // runs to its end marker, whatever comes before; the others, and a paragraph
                // that starts with a tag, end at a blank line.
                if let end = endMarker(line) {
                    if !contains(line, end) { html = .untilMarker(end) }
                } else {
                    html = .untilBlankLine
                }
            } else if indent <= 3, indent < line.count, line[indent] == UInt8(ascii: "<") {
                // Indented raw HTML may belong to a list item, which the scan does not follow.
                break lines
            } else if previousBlank, lineStart > 0, !blank, let first = line.first, isCutStart(first) {
                found.append(lineStart)
            }
            previousBlank = blank
            lineStart = lineEnd + 1
        }
        return found
    }

    private enum HTMLRun {
        case untilBlankLine
        case untilMarker([UInt8])
    }

    /// The end marker of an HTML block of types 1 to 5 that this line (starting with `<`)
    /// opens: `</script>` (lower-case; matched ignoring case), `-->`, `?>`, `>` or `]]>`.
    private static func endMarker(_ line: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        func startsWith(_ prefix: String, at offset: Int) -> Bool {
            let wanted = Array(prefix.utf8)
            guard offset + wanted.count <= line.count else { return false }
            for index in wanted.indices where line[offset + index] | 0x20 != wanted[index] | 0x20 { return false }
            return true
        }
        for name in ["script", "pre", "style", "textarea"] where startsWith(name, at: 1) {
            let after = 1 + name.utf8.count
            if after == line.count || [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ">")].contains(line[after]) {
                return Array("</\(name)>".utf8)
            }
        }
        if startsWith("<!--", at: 0) { return Array("-->".utf8) }
        if startsWith("<?", at: 0) { return Array("?>".utf8) }
        if startsWith("<![CDATA[", at: 0) { return Array("]]>".utf8) }
        if line.count > 2, line[1] == UInt8(ascii: "!"),
           (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(line[2] & 0xDF) { return Array(">".utf8) }
        return nil
    }

    /// Whether `line` holds `marker`, ignoring ASCII case.
    private static func contains(_ line: UnsafeBufferPointer<UInt8>, _ marker: [UInt8]) -> Bool {
        guard marker.count <= line.count else { return false }
        for start in 0...(line.count - marker.count) {
            var index = 0
            while index < marker.count, line[start + index] | 0x20 == marker[index] | 0x20 { index += 1 }
            if index == marker.count { return true }
        }
        return false
    }

    /// Whether some line starts (after spaces, `>` and list markers) with `[` and a `]:`
    /// follows before the next blank line: the shape of a link reference definition.
    static func mayHoldLinkDefinition(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 2 else { return false }
        // Each `]:` (rare in prose), then back over its lines to a `[` or a blank line.
        var search = 0
        // The previous `]:`: its walk looked at every line before it (and found no `[`), so
        // a later walk stops there, and each byte is walked over at most twice.
        var examined = -1
        while let at = bytes.index(of: UInt8(ascii: "]"), then: UInt8(ascii: ":"), from: search) {
            search = at + 1
            var lineEnd = at
            let walkFloor = examined
            while true {
                var lineStart = lineEnd
                while lineStart > 0, lineStart > walkFloor, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
                // Back at the previous `]:`: its walk already looked at everything before it.
                if lineStart <= walkFloor { break }
                var index = lineStart
                while index < lineEnd, isMarkerByte(bytes[index]) { index += 1 }
                // The line that holds the `]:` counts up to it; earlier lines count whole.
                let stop = lineEnd == at ? at : lineEnd
                if index >= stop, lineEnd != at { break }  // a blank line: no label runs across it
                if index < stop, bytes[index] == UInt8(ascii: "[") { return true }
                guard lineStart > 0 else { break }
                lineEnd = lineStart - 1
            }
            examined = at
        }
        return false
    }

    /// Spaces, block quote markers and list markers, which may come before a definition.
    private static func isMarkerByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "+"),
             UInt8(ascii: "*"), UInt8(ascii: "."), UInt8(ascii: ")"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: false
        }
    }

    private static func isCutStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "#"): true
        default: false
        }
    }

    /// Three or more backticks or tildes at `from`; `bareCloser` when only spaces follow.
    private static func fenceMarker(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> (byte: UInt8, length: Int, bareCloser: Bool)? {
        guard from < line.count, line[from] == UInt8(ascii: "`") || line[from] == UInt8(ascii: "~") else { return nil }
        let byte = line[from]
        var end = from
        while end < line.count, line[end] == byte { end += 1 }
        guard end - from >= 3 else { return nil }
        let rest = line[end...]
        // A backtick fence's info string cannot hold a backtick: then it is not a fence.
        if byte == UInt8(ascii: "`"), rest.contains(UInt8(ascii: "`")) { return nil }
        let bare = rest.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
        return (byte, end - from, bare)
    }
}
