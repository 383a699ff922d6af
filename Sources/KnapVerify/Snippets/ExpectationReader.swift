import Foundation

/// Reads the expected output written in a snippet's comments. The grammar is exact, so that
/// ordinary comments never become expectations, and a marker that cannot be read is reported
/// instead of dropped:
///
/// - **Block marker**: a comment whose whole text is `Output` or `Unordered output` (any letter
///   case, optional trailing colon). The comment lines right after it are the expected lines, up to
///   the first line that is not a comment, another block marker, or the end of the snippet.
/// - **Inline marker**: `# Output: text`: the marker word, a colon, text; one expected line. It
///   may also end a code line (`print(3)  # Output: 3`), after a space.
/// - **`// Prints "text"`** (Swift): only when `"` follows `Prints`; the text runs from that quote
///   to the last `"` on the line, taken literally (backslashes stay).
///
/// Every marker counts, in source order. Extra marker words come from `knap.yaml`
/// (`verify: {outputMarkers: [Salida]}`).
public struct ExpectationReader: Sendable {
    /// Marker words, lower-cased: `output` and the vault's own.
    public let words: [String]

    public init(extraMarkers: [String] = []) {
        var words = ["output"]
        for word in extraMarkers {
            let word = word.trimmingCharacters(in: .whitespaces).lowercased()
            if !word.isEmpty, !words.contains(word) { words.append(word) }
        }
        self.words = words
    }

    /// The expectation in `code` (whose first line is note line `firstLine`), nil when it has none,
    /// and the markers that could not be read.
    public func read(_ code: String, firstLine: Int, prefix: String, readsPrints: Bool)
        -> (expectation: Expectation?, unread: [UnreadExpectation]) {
        let lines = SnippetExtractor.lines(of: code)
        var marks: [Expectation.Mark] = []
        var expected: [String] = []
        var noteLines: [Int] = []
        var unread: [UnreadExpectation] = []
        var unordered = false
        var index = 0
        while index < lines.count {
            let noteLine = firstLine + index
            let content = Self.commentContent(lines[index], prefix: prefix)
            if let content, let marker = blockMarker(content) {
                var end = index + 1
                while end < lines.count, let line = Self.commentContent(lines[end], prefix: prefix), blockMarker(line) == nil {
                    expected.append(line)
                    noteLines.append(firstLine + end)
                    end += 1
                }
                if end == index + 1 {
                    unread.append(UnreadExpectation(line: noteLine,
                                                    message: "`\(marker)` has no comment lines after it, so nothing is expected"))
                } else {
                    marks.append(.init(kind: .block(lastLine: firstLine + end - 1, prefix: prefix), line: noteLine))
                    unordered = unordered || marker.lowercased().hasPrefix("unordered ")
                }
                index = end
                continue
            }
            if let (text, isUnordered) = trailingInlineMarker(lines[index], prefix: prefix, whole: content) {
                marks.append(.init(kind: .inline, line: noteLine))
                expected.append(text)
                noteLines.append(noteLine)
                unordered = unordered || isUnordered
            } else if readsPrints, let prints = Self.prints(in: lines[index]) {
                if let text = prints {
                    marks.append(.init(kind: .prints, line: noteLine))
                    expected.append(text)
                    noteLines.append(noteLine)
                } else {
                    unread.append(UnreadExpectation(line: noteLine, message: "`// Prints \"` has no closing quote"))
                }
            }
            index += 1
        }
        guard !marks.isEmpty else { return (nil, unread) }
        return (Expectation(source: .comments(marks), lines: expected, noteLines: noteLines, unordered: unordered), unread)
    }

    /// The marker as written (`Output`, `Unordered output`) when the comment's whole text is one.
    func blockMarker(_ content: String) -> String? {
        var text = content.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix(":") { text.removeLast() }
        text = text.trimmingCharacters(in: .whitespaces)
        return isMarker(text.lowercased()) != nil ? text : nil
    }

    /// `Output: text` → (text, unordered); nil when the comment is not an inline marker.
    func inlineMarker(_ content: Substring) -> (String, Bool)? {
        guard let colon = content.prefix(Self.longestHead).firstIndex(of: ":") else { return nil }
        let head = content[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        guard let unordered = isMarker(head) else { return nil }
        let text = content[content.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return (String(text), unordered)
    }

    /// The inline marker a line holds: the whole line when it is a comment, else the first text after
    /// a ` //` or ` #` that follows a space (so `"http://x"` and `"#1"` inside strings are left
    /// alone). Only a short head is looked at for each candidate, so a long line costs linear time.
    func trailingInlineMarker(_ line: String, prefix: String, whole: String?) -> (String, Bool)? {
        if let whole { return inlineMarker(Substring(whole)) }
        var rest = Substring(line)
        while let range = rest.firstRange(of: prefix) {
            defer { rest = rest[range.upperBound...] }
            guard range.lowerBound > line.startIndex, " \t".contains(line[line.index(before: range.lowerBound)]) else { continue }
            var text = line[range.upperBound...]
            if prefix == "//" && text.hasPrefix("/") { continue }
            if text.hasPrefix(" ") { text = text.dropFirst() }
            guard text.prefix(Self.longestHead).contains(":") else { continue }
            if let found = inlineMarker(text) { return found }
        }
        return nil
    }

    /// Longer than any marker word and its colon (`Unordered output:` and the vault's own words).
    static let longestHead = 80

    /// For a lower-cased word: nil when it is no marker, else whether it says `unordered`.
    private func isMarker(_ word: String) -> Bool? {
        if words.contains(word) { return false }
        if word.hasPrefix("unordered "), words.contains(String(word.dropFirst("unordered ".count))) { return true }
        return nil
    }

    /// `// Prints "text"` anywhere on the line (not `///`): `.some(text)`, `.some(nil)` when the
    /// quote is never closed, nil when the line has no such comment.
    static func prints(in line: String) -> String?? {
        var rest = Substring(line)
        while let slashes = rest.firstRange(of: "//") {
            var after = rest[slashes.upperBound...]
            rest = after
            if after.hasPrefix("/") { return nil }
            after = after.drop { $0 == " " || $0 == "\t" }
            guard after.prefix(6).lowercased() == "prints" else { continue }
            after = after.dropFirst("prints".count).drop { $0 == " " || $0 == "\t" }
            guard after.first == "\"" else { continue }
            let open = after.index(after: after.startIndex)
            guard let close = after.lastIndex(of: "\""), close >= open else { return .some(nil) }
            return .some(String(after[open..<close]))
        }
        return nil
    }

    /// The text of a comment line without the prefix and one space; nil when the line is not a comment.
    static func commentContent(_ line: String, prefix: String) -> String? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix(prefix) else { return nil }
        var rest = trimmed.dropFirst(prefix.count)
        if prefix == "//" && rest.hasPrefix("/") { return nil } // `///` is documentation, not output
        if rest.hasPrefix(" ") { rest = rest.dropFirst() }
        var text = String(rest)
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}
