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
/// other byte of the note. The place is the output fence's body, or the lines after the
/// `// Output:` marker, or the `// Prints "…"` strings when there are as many as printed lines;
/// otherwise an output fence is added after the code. Snippets whose output already matches are
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
        case .commentBlock(let markerLine, let lastLine, let commentPrefix):
            let markerIndex = markerLine - 1
            guard markerIndex >= 0, lastLine - 1 < lines.count else { return false }
            let markerText = String(decoding: lines[markerIndex].content, as: UTF8.self)
            let indent = String(markerText.prefix { $0 == " " || $0 == "\t" || $0 == ">" })
            let marker = snippet.expectation.unordered && markerText.contains("Unordered") ? "Unordered output:" : "Output:"
            var replacement = [markerText.trimmingCharacters(in: .whitespaces).hasSuffix(":") ? lines[markerIndex]
                                                                                              : make(indent + commentPrefix + " " + marker)]
            replacement[0].ending = lines[markerIndex].ending.isEmpty ? eol : lines[markerIndex].ending
            replacement += actual.map { make(indent + commentPrefix + ($0.isEmpty ? "" : " " + $0)) }
            if lines[lastLine - 1].ending.isEmpty { replacement[replacement.count - 1].ending = [] }
            lines.replaceSubrange(markerIndex...(lastLine - 1), with: replacement)
            return true
        case .prints(let printLines) where printLines.count == actual.count:
            for (number, text) in zip(printLines, actual) {
                let index = number - 1
                let original = String(decoding: lines[index].content, as: UTF8.self)
                guard let range = original.range(of: "// Prints \"") else { return false }
                let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                lines[index].content = Array((original[..<range.upperBound] + escaped + "\"").utf8)
            }
            return true
        case .prints, .none:
            let block = snippet.lastBlock
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
