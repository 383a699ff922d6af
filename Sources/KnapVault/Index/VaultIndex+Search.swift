import Foundation

extension VaultIndex {
    /// The user's words as an FTS5 query: each word quoted (so `-`, `:` and `"` are just text),
    /// all required; a trailing `*` keeps prefix matching.
    static func ftsQuery(_ query: String) -> String {
        query.split(whereSeparator: { $0.isWhitespace }).map { word in
            let prefix = word.hasSuffix("*") && word.count > 1
            let text = prefix ? word.dropLast() : word[...]
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (prefix ? "*" : "")
        }.joined(separator: " ")
    }

    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    /// The line in `body` of the first marked word of the snippet; 1 when it is not in the body.
    static func lineOfFirstMark(_ snippet: String, in body: String) -> Int {
        guard let start = snippet.firstIndex(of: "\u{2}"),
              let end = snippet[start...].firstIndex(of: "\u{3}") else { return 1 }
        // The marked word with the text before it on the snippet's line pins the place better than the word alone.
        let lineStart = snippet[..<start].lastIndex(of: "\n").map { snippet.index(after: $0) } ?? snippet.startIndex
        let before = snippet[lineStart..<start].replacingOccurrences(of: "\u{2}", with: "").replacingOccurrences(of: "\u{3}", with: "")
            .replacingOccurrences(of: "…", with: "")
        let word = String(snippet[snippet.index(after: start)..<end])
        let found = body.range(of: before + word) ?? body.range(of: word) ?? body.range(of: word, options: .caseInsensitive)
        guard let found else { return 1 }
        return body[..<found.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }

    /// The snippet with the internal markers made visible and line breaks made spaces.
    static func displayed(_ snippet: String) -> String {
        snippet.replacingOccurrences(of: "\u{2}", with: SearchHit.markStart)
            .replacingOccurrences(of: "\u{3}", with: SearchHit.markEnd)
            .split(whereSeparator: { $0.isNewline }).joined(separator: " ")
    }
}
