#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A note's text as UTF-8 bytes with the start of every line, so that
/// positions (1-based line, 1-based byte column) can be checked against the file.
struct SourceText: Sendable {
    let bytes: [UInt8]
    /// Byte offset of the start of each line; `lineStarts[0]` is line 1.
    let lineStarts: [Int]

    init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while let index = buffer.index(of: UInt8(ascii: "\n"), from: offset) {
                starts.append(index + 1)
                offset = index + 1
            }
        }
        lineStarts = starts
    }

    var lineCount: Int { lineStarts.count }

    /// The byte offset of a 1-based line and column, or nil when outside the text.
    func offset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count, column >= 1 else { return nil }
        let offset = lineStarts[line - 1] + column - 1
        return offset < bytes.count ? offset : nil
    }

    func byte(line: Int, column: Int) -> UInt8? {
        offset(line: line, column: column).map { bytes[$0] }
    }

    /// The bytes of a 1-based line, without its newline.
    func line(_ number: Int) -> ArraySlice<UInt8> {
        guard number >= 1, number <= lineStarts.count else { return [] }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end < start { end = start }
        return bytes[start..<end]
    }

    func lineString(_ number: Int) -> String {
        String(decoding: line(number), as: UTF8.self)
    }

    /// The text between two positions on one line (start inclusive, end exclusive).
    func slice(line number: Int, fromColumn: Int, toColumn: Int) -> String? {
        let bytesOfLine = line(number)
        let start = bytesOfLine.startIndex + fromColumn - 1
        let end = bytesOfLine.startIndex + toColumn - 1
        guard fromColumn >= 1, start <= end, end <= bytesOfLine.endIndex else { return nil }
        return String(decoding: bytesOfLine[start..<end], as: UTF8.self)
    }

    /// The source bytes at a position when they are exactly `literal`, sharing the source's storage.
    func slice(matching literal: String, at start: SourceLocation) -> ArraySlice<UInt8>? {
        guard let from = offset(line: start.line, column: start.column) else { return nil }
        var literal = literal
        return literal.withUTF8 { wanted -> ArraySlice<UInt8>? in
            let end = from + wanted.count
            guard end <= bytes.count else { return nil }
            let same = bytes.withUnsafeBufferPointer { all in
                guard let base = all.baseAddress, let other = wanted.baseAddress else { return wanted.isEmpty }
                return memcmp(base + from, other, wanted.count) == 0
            }
            return same ? bytes[from..<end] : nil
        }
    }
}
