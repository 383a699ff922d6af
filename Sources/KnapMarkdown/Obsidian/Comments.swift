/// `%%comments%%`, inline or spanning lines, are blanked out of the source
/// before cmark reads it: every byte of a comment becomes a space (newlines
/// stay), so every other position in the file is unchanged.
///
/// Comments are not recognised inside fenced code blocks or code spans.
enum Comments {
    static func blankOut(_ bytes: inout [UInt8]) {
        guard containsDoublePercent(bytes) else { return }
        bytes.withUnsafeMutableBufferPointer { blankOut(in: $0) }
    }

    private static func containsDoublePercent(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { $0.index(of: UInt8(ascii: "%"), then: UInt8(ascii: "%"), from: 0) != nil }
    }

    private static func blankOut(in bytes: UnsafeMutableBufferPointer<UInt8>) {
        let percent = UInt8(ascii: "%"), newline = UInt8(ascii: "\n"), backtick = UInt8(ascii: "`")
        guard bytes.count >= 4 else { return }
        var index = 0
        var fence: (byte: UInt8, length: Int)?
        var atLineStart = true
        while index < bytes.count {
            if atLineStart {
                atLineStart = false
                if let found = fenceAt(bytes, lineStart: index) {
                    if let open = fence {
                        if found.byte == open.byte, found.length >= open.length, found.infoEmpty { fence = nil }
                    } else {
                        fence = (found.byte, found.length)
                    }
                    index = endOfLine(bytes, from: index)
                    continue
                }
            }
            // Most bytes are none of the three that matter: jump to the first `%` or backtick
            // on this line (memchr), else to its end.
            index = nextSpecial(bytes, from: index)
            guard index < bytes.count else { return }
            let byte = bytes[index]
            if byte == newline {
                atLineStart = true
                index += 1
                continue
            }
            if fence != nil {
                index = endOfLine(bytes, from: index)
                continue
            }
            if byte == backtick {
                // Skip a code span on this line: a run of N backticks up to the next run of exactly N.
                var run = 0
                while index + run < bytes.count, bytes[index + run] == backtick { run += 1 }
                var scan = index + run
                var closed = false
                while scan < bytes.count, bytes[scan] != newline {
                    if bytes[scan] == backtick {
                        var other = 0
                        while scan + other < bytes.count, bytes[scan + other] == backtick { other += 1 }
                        if other == run { closed = true; scan += other; break }
                        scan += other
                    } else {
                        scan += 1
                    }
                }
                index = closed ? scan : index + run
                continue
            }
            if byte == percent, index + 1 < bytes.count, bytes[index + 1] == percent {
                if let end = closingComment(bytes, from: index + 2) {
                    for position in index..<end where bytes[position] != newline {
                        bytes[position] = UInt8(ascii: " ")
                    }
                    index = end
                    continue
                }
                return  // An unclosed comment: leave the rest as text.
            }
            index += 1
        }
    }

    /// The offset of the first `%` or backtick at or after `from` on its line, else of the
    /// line's newline (or the end).
    private static func nextSpecial(_ bytes: UnsafeMutableBufferPointer<UInt8>, from: Int) -> Int {
        let bytes = UnsafeBufferPointer(bytes)
        let lineEnd = bytes.index(of: UInt8(ascii: "\n"), from: from) ?? bytes.count
        let percent = bytes.index(of: UInt8(ascii: "%"), from: from, to: lineEnd) ?? lineEnd
        return bytes.index(of: UInt8(ascii: "`"), from: from, to: percent) ?? percent
    }

    /// The offset just past the `%%` that closes a comment opened before `from`.
    private static func closingComment(_ bytes: UnsafeMutableBufferPointer<UInt8>, from: Int) -> Int? {
        UnsafeBufferPointer(bytes).index(of: UInt8(ascii: "%"), then: UInt8(ascii: "%"), from: from).map { $0 + 2 }
    }

    private static func endOfLine(_ bytes: UnsafeMutableBufferPointer<UInt8>, from: Int) -> Int {
        UnsafeBufferPointer(bytes).index(of: UInt8(ascii: "\n"), from: from) ?? bytes.count
    }

    /// A code fence at the start of a line, after blockquote markers and up to
    /// a few spaces of indentation (list items): ``` or ~~~, three or more.
    private static func fenceAt(_ bytes: UnsafeMutableBufferPointer<UInt8>, lineStart: Int) -> (byte: UInt8, length: Int, infoEmpty: Bool)? {
        var index = lineStart
        var spaces = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") { spaces += 1; index += 1 }
            else if byte == UInt8(ascii: ">") { spaces = 0; index += 1 }
            else if byte == UInt8(ascii: "\t") { spaces += 4; index += 1 }
            else { break }
            if spaces > 12 { return nil }
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "`") || bytes[index] == UInt8(ascii: "~") else { return nil }
        let fenceByte = bytes[index]
        var length = 0
        while index < bytes.count, bytes[index] == fenceByte { length += 1; index += 1 }
        guard length >= 3 else { return nil }
        var infoEmpty = true
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
            if bytes[index] != UInt8(ascii: " ") && bytes[index] != UInt8(ascii: "\t") && bytes[index] != UInt8(ascii: "\r") {
                infoEmpty = false
                if fenceByte == UInt8(ascii: "`"), bytes[index] == UInt8(ascii: "`") { return nil }
            }
            index += 1
        }
        return (fenceByte, length, infoEmpty)
    }
}
