import Foundation
import KnapMarkdown

/// Why a note could not be blessed.
public enum BlessError: Error, Sendable, CustomStringConvertible {
    case unreadable(String, reason: String)
    case unwritable(String, reason: String)
    /// The note has bytes that are not UTF-8 (the first at `at`): its snippets were read with U+FFFD in
    /// their place, and writing the note back could change bytes that were not meant to change.
    case notUTF8(String, at: SourceLocation)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .unwritable(let path, let reason): "\(path): cannot write: \(reason)"
        case .notUTF8(let path, let place):
            "\(path):\(place.line):\(place.column): not blessed: the note is not valid UTF-8, and --bless changes no "
                + "byte it does not mean to; fix the invalid bytes first"
        }
    }
}

/// `--bless`: writes each snippet's actual stdout into its expected-output place, changing no
/// other byte of the note. The place is the output fence's body, or the lines after a lone
/// `// Output:` block marker, or the inline markers' and `// Prints "…"` texts when there are as
/// many as printed lines; otherwise an output fence is added after the code (and, being an output
/// fence, it is then the expectation). Snippets whose output already matches are
/// left alone, so `...` lines stay. CRLF files get CRLF lines; the file is replaced atomically.
public enum Blesser {
    /// Blesses one note with the results of its snippets; returns how many snippets changed.
    @discardableResult
    public static func bless(path: String, results: [SnippetResult]) throws(BlessError) -> Int {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path, reason: error.localizedDescription)
        }
        var changed = 0
        let blessed = blessed(Array(data), results: results, changed: &changed)
        guard changed > 0 else { return 0 }
        if let place = NoteParser.decode(Array(data)).firstInvalidByte { throw .notUTF8(path, at: place) }
        do { try Data(blessed).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw .unwritable(path, reason: error.localizedDescription)
        }
        return changed
    }

    /// The note's bytes with the results written in.
    public static func blessed(_ bytes: [UInt8], results: [SnippetResult], changed: inout Int) -> [UInt8] {
        var lines = splitLines(bytes)
        let eol: [UInt8] = lines.first.map { $0.ending }.flatMap { $0.isEmpty ? nil : $0 } ?? [10]
        let edits = results.compactMap { result -> (Snippet, [String])? in
            guard let snippet = result.snippet, let output = result.actualOutput else { return nil }
            let actual = OutputMatcher.normalize(OutputMatcher.lines(output))
            let expectation = snippet.expectation
            if expectation.isNone && actual.isEmpty { return nil }
            if !expectation.isNone, OutputMatcher.matches(expected: expectation.lines, actual: output, unordered: expectation.unordered) {
                return nil
            }
            return (snippet, actual)
        }
        // Bottom-up, so earlier line numbers stay valid.
        for (snippet, actual) in edits.sorted(by: { $0.0.line > $1.0.line }) {
            if apply(snippet, actual, to: &lines, eol: eol) { changed += 1 }
        }
        return lines.flatMap { $0.content + $0.ending }
    }

    struct Line {
        var content: [UInt8]
        /// `\n`, `\r\n`, or empty for a last line without one.
        var ending: [UInt8]
    }

    static func splitLines(_ bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 10 {
            var end = index
            var ending: [UInt8] = [10]
            if end > start, bytes[end - 1] == 13 { end -= 1; ending = [13, 10] }
            lines.append(Line(content: Array(bytes[start..<end]), ending: ending))
            start = index + 1
        }
        if start < bytes.count { lines.append(Line(content: Array(bytes[start...]), ending: [])) }
        return lines
    }

    private static func apply(_ snippet: Snippet, _ actual: [String], to lines: inout [Line], eol: [UInt8]) -> Bool {
        func make(_ text: String) -> Line { Line(content: Array(text.utf8), ending: eol) }
        switch snippet.expectation.source {
        case .outputFence(let block):
            // Body lines are fenceLine+1 ..< endLine (1-based); the closing fence must be there.
            let fenceIndex = block.fenceLine - 1, closeIndex = block.endLine - 1
            guard closeIndex > fenceIndex, closeIndex < lines.count, isFence(lines[closeIndex].content) else { return false }
            let prefix = containerPrefix(lines[fenceIndex].content)
            lines.replaceSubrange((fenceIndex + 1)..<closeIndex, with: actual.map { make(prefix + $0) })
            return true
        case .comments(let marks):
            if marks.count == 1, case .block(let lastLine, let commentPrefix) = marks[0].kind {
                return rewriteBlock(marker: marks[0].line, lastLine: lastLine, prefix: commentPrefix, actual, in: &lines, eol: eol)
            }
            if marks.allSatisfy({ $0.kind == .inline || $0.kind == .prints }), marks.count == actual.count,
               rewriteInPlace(marks, expected: snippet.expectation.lines, actual, in: &lines) {
                return true
            }
            return addOutputFence(after: snippet.lastBlock, actual, to: &lines, eol: eol)
        case .none:
            return addOutputFence(after: snippet.lastBlock, actual, to: &lines, eol: eol)
        }
    }

    /// The lines after a block marker, replaced by the actual output.
    private static func rewriteBlock(marker markerLine: Int, lastLine: Int, prefix commentPrefix: String, _ actual: [String], in lines: inout [Line], eol: [UInt8]) -> Bool {
        func make(_ text: String) -> Line { Line(content: Array(text.utf8), ending: eol) }
        let markerIndex = markerLine - 1
        guard markerIndex >= 0, lastLine - 1 < lines.count else { return false }
        let markerText = String(decoding: lines[markerIndex].content, as: UTF8.self)
        let indent = String(markerText.prefix { $0 == " " || $0 == "\t" || $0 == ">" })
        var replacement = [lines[markerIndex]]
        replacement[0].ending = lines[markerIndex].ending.isEmpty ? eol : lines[markerIndex].ending
        replacement += actual.map { make(indent + commentPrefix + ($0.isEmpty ? "" : " " + $0)) }
        if lines[lastLine - 1].ending.isEmpty { replacement[replacement.count - 1].ending = [] }
        lines.replaceSubrange(markerIndex...(lastLine - 1), with: replacement)
        return true
    }

    /// One-line markers (`# Output: x`, `// Prints "x"`), one per printed line: each text is
    /// replaced where it stands, and what follows a `Prints` closing quote stays. False, with
    /// nothing changed, when a line no longer holds its expected text.
    private static func rewriteInPlace(_ marks: [Expectation.Mark], expected: [String], _ actual: [String],
                                       in lines: inout [Line]) -> Bool {
        var rewritten: [(Int, String)] = []
        for ((mark, old), new) in zip(zip(marks, expected), actual) {
            let index = mark.line - 1
            guard index >= 0, index < lines.count else { return false }
            let original = String(decoding: lines[index].content, as: UTF8.self)
            var end = original.endIndex
            if mark.kind == .prints {
                guard let quote = original.lastIndex(of: "\"") else { return false }
                end = quote
            }
            let head = original[..<end]
            guard head.hasSuffix(old) else { return false }
            rewritten.append((index, String(head.dropLast(old.count)) + new + original[end...]))
        }
        for (index, text) in rewritten { lines[index].content = Array(text.utf8) }
        return true
    }

    /// An output fence holding the actual output, added after the snippet's last fence.
    private static func addOutputFence(after block: CodeBlock, _ actual: [String], to lines: inout [Line], eol: [UInt8]) -> Bool {
        func make(_ text: String) -> Line { Line(content: Array(text.utf8), ending: eol) }
        let closeIndex = block.endLine - 1
        guard closeIndex < lines.count, isFence(lines[closeIndex].content) else { return false }
        let prefix = containerPrefix(lines[block.fenceLine - 1].content)
        var added = [make(prefix.trimmingCharacters(in: .whitespaces)), make(prefix + "```output")]
        added += actual.map { make(prefix + $0) }
        added.append(make(prefix + "```"))
        if lines[closeIndex].ending.isEmpty {
            lines[closeIndex].ending = eol
            added[added.count - 1].ending = []
        }
        lines.insert(contentsOf: added, at: closeIndex + 1)
        return true
    }

    /// What comes before the fence characters on a fence line: indentation and `>` markers.
    static func containerPrefix(_ content: [UInt8]) -> String {
        let text = String(decoding: content, as: UTF8.self)
        return String(text.prefix { $0 == " " || $0 == "\t" || $0 == ">" })
    }

    static func isFence(_ content: [UInt8]) -> Bool {
        let text = String(decoding: content, as: UTF8.self).drop { $0 == " " || $0 == "\t" || $0 == ">" }
        return text.hasPrefix("```") || text.hasPrefix("~~~")
    }
}
