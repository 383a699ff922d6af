/// Server-side highlighting for Swift, Python and shell: keywords, strings, comments and
/// numbers become `<span class="hl-…">`. Everything is escaped; the spans are the only markup.
public enum Highlighter {
    /// The languages drawn, by the names a fence may use.
    static let grammars: [String: Grammar] = [
        "swift": .swift,
        "python": .python, "py": .python, "python3": .python,
        "shell": .shell, "sh": .shell, "bash": .shell, "zsh": .shell, "console": .shell,
    ]

    /// Highlighted HTML for `code`, or nil when the language is not one Knap highlights.
    public static func highlight(language: String, code: String) -> String? {
        guard let grammar = grammars[language.lowercased()] else { return nil }
        // Code in ASCII without carriage returns (each byte a Character of its own) is read as bytes.
        if !code.containsUTF8Byte(where: { $0 >= 0x80 || $0 == 0x0D }) { return grammar.highlightASCII(code) }
        return grammar.highlight(code)
    }

    struct Grammar: Sendable {
        var keywords: Set<String>
        var lineComment: String
        var blockComment: (open: String, close: String)?
        /// Python's `"""` and `'''`.
        var tripleQuotes: Bool
        var quotes: Set<Character>
        /// `$name` and `${…}` in shell.
        var variables: Bool

        static let swift = Grammar(
            keywords: ["actor", "any", "as", "associatedtype", "async", "await", "break", "case", "catch", "class",
                       "continue", "default", "defer", "deinit", "do", "else", "enum", "extension", "fallthrough",
                       "false", "fileprivate", "for", "func", "guard", "if", "import", "in", "init", "inout",
                       "internal", "is", "let", "nil", "nonisolated", "open", "operator", "private", "protocol",
                       "public", "repeat", "rethrows", "return", "self", "Self", "some", "static", "struct",
                       "subscript", "super", "switch", "throw", "throws", "true", "try", "typealias", "var",
                       "where", "while", "mutating", "override", "final", "lazy", "weak", "convenience", "required"],
            lineComment: "//", blockComment: ("/*", "*/"), tripleQuotes: true, quotes: ["\""], variables: false)

        static let python = Grammar(
            keywords: ["False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
                       "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
                       "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
                       "with", "yield", "match", "case", "self"],
            lineComment: "#", blockComment: nil, tripleQuotes: true, quotes: ["\"", "'"], variables: false)

        static let shell = Grammar(
            keywords: ["if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
                       "in", "function", "return", "exit", "export", "local", "readonly", "set", "unset", "shift",
                       "source", "echo", "cd", "test", "true", "false", "select", "time"],
            lineComment: "#", blockComment: nil, tripleQuotes: false, quotes: ["\"", "'"], variables: true)

        func highlight(_ code: String) -> String {
            let chars = Array(code)
            var out = ""
            out.reserveCapacity(code.utf8.count + code.utf8.count / 4)
            var index = 0
            var plainStart = 0

            func flushPlain(to end: Int) {
                if end > plainStart { out += HTMLText.escape(String(chars[plainStart..<end])) }
            }
            func emit(_ kind: String, _ start: Int, _ end: Int) {
                flushPlain(to: start)
                out += "<span class=\"hl-\(kind)\">" + HTMLText.escape(String(chars[start..<end])) + "</span>"
                plainStart = end
            }
            func starts(_ text: String, at position: Int) -> Bool {
                var i = position
                for c in text {
                    guard i < chars.count, chars[i] == c else { return false }
                    i += 1
                }
                return true
            }
            func isWordStart(_ position: Int) -> Bool {
                position == 0 || !(chars[position - 1].isLetter || chars[position - 1].isNumber || chars[position - 1] == "_")
            }

            while index < chars.count {
                let c = chars[index]
                if starts(lineComment, at: index), lineComment != "#" || isCommentHash(chars, index) {
                    var end = index
                    while end < chars.count, chars[end] != "\n" { end += 1 }
                    emit("comment", index, end)
                    index = end
                } else if let block = blockComment, starts(block.open, at: index) {
                    var end = index + block.open.count
                    while end < chars.count, !starts(block.close, at: end) { end += 1 }
                    end = min(end + block.close.count, chars.count)
                    emit("comment", index, end)
                    index = end
                } else if quotes.contains(c) {
                    let triple = tripleQuotes && starts(String(repeating: c, count: 3), at: index)
                    let closing = triple ? String(repeating: c, count: 3) : String(c)
                    var end = index + closing.count
                    while end < chars.count {
                        if chars[end] == "\\" && c != "'" || chars[end] == "\\" && !variables { end += 2; continue }
                        if starts(closing, at: end) { end += closing.count; break }
                        if chars[end] == "\n" && !triple && !variables { break }
                        end += 1
                    }
                    end = min(end, chars.count)
                    emit("string", index, end)
                    index = end
                } else if variables, c == "$", index + 1 < chars.count,
                          chars[index + 1] == "{" || chars[index + 1].isLetter || chars[index + 1] == "_" {
                    var end = index + 1
                    if chars[end] == "{" {
                        while end < chars.count, chars[end] != "}", chars[end] != "\n" { end += 1 }
                        end = min(end + 1, chars.count)
                    } else {
                        while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" { end += 1 }
                    }
                    emit("variable", index, end)
                    index = end
                } else if c.isASCII, c.isNumber, isWordStart(index) {
                    var end = index
                    while end < chars.count, chars[end].isHexDigit || chars[end] == "." || chars[end] == "_"
                            || chars[end] == "x" || chars[end] == "o" || chars[end] == "b" {
                        end += 1
                    }
                    if end < chars.count, chars[end].isLetter { index = end; continue }
                    emit("number", index, end)
                    index = end
                } else if c.isLetter || c == "_", isWordStart(index) {
                    var end = index
                    while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" || (variables && chars[end] == "-") {
                        end += 1
                    }
                    if keywords.contains(String(chars[index..<end])) { emit("keyword", index, end) }
                    index = end
                } else {
                    index += 1
                }
            }
            flushPlain(to: chars.count)
            return out
        }

        /// ``highlight(_:)`` for code whose every Character is one ASCII byte other than CR: the same
        /// steps on bytes (reading Characters was most of the time spent highlighting).
        func highlightASCII(_ code: String) -> String {
            let bytes = Array(code.utf8)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 2)
            var index = 0
            var plainStart = 0
            let lineComment = Array(self.lineComment.utf8)
            let blockComment = self.blockComment.map { (open: Array($0.open.utf8), close: Array($0.close.utf8)) }
            let quotes = Set(self.quotes.compactMap(\.asciiValue))

            func escape(_ start: Int, _ end: Int) {
                for byte in bytes[start..<end] {
                    switch byte {
                    case UInt8(ascii: "&"): out += "&amp;".utf8
                    case UInt8(ascii: "<"): out += "&lt;".utf8
                    case UInt8(ascii: ">"): out += "&gt;".utf8
                    case UInt8(ascii: "\""): out += "&quot;".utf8
                    case UInt8(ascii: "'"): out += "&#39;".utf8
                    case 0x09, 0x0A: out.append(byte)
                    case 0..<0x20, 0x7F: out += "\u{FFFD}".utf8
                    default: out.append(byte)
                    }
                }
            }
            func flushPlain(to end: Int) {
                if end > plainStart { escape(plainStart, end) }
            }
            func emit(_ kind: String, _ start: Int, _ end: Int) {
                flushPlain(to: start)
                out += "<span class=\"hl-".utf8
                out += kind.utf8
                out += "\">".utf8
                escape(start, end)
                out += "</span>".utf8
                plainStart = end
            }
            func starts(_ text: [UInt8], at position: Int) -> Bool {
                position + text.count <= bytes.count && bytes[position..<(position + text.count)].elementsEqual(text)
            }
            func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }
            func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
            func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 6 }
            func isWordStart(_ position: Int) -> Bool {
                position == 0 || !(isLetter(bytes[position - 1]) || isDigit(bytes[position - 1]) || bytes[position - 1] == UInt8(ascii: "_"))
            }
            func isCommentHash(_ index: Int) -> Bool {
                guard variables else { return true }
                return index == 0 || [UInt8(ascii: " "), 0x09, 0x0A, UInt8(ascii: ";")].contains(bytes[index - 1])
            }

            while index < bytes.count {
                let c = bytes[index]
                if starts(lineComment, at: index), lineComment != [UInt8(ascii: "#")] || isCommentHash(index) {
                    var end = index
                    while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                    emit("comment", index, end)
                    index = end
                } else if let block = blockComment, starts(block.open, at: index) {
                    var end = index + block.open.count
                    while end < bytes.count, !starts(block.close, at: end) { end += 1 }
                    end = min(end + block.close.count, bytes.count)
                    emit("comment", index, end)
                    index = end
                } else if quotes.contains(c) {
                    let triple = tripleQuotes && starts([c, c, c], at: index)
                    let closing = triple ? [c, c, c] : [c]
                    var end = index + closing.count
                    while end < bytes.count {
                        let backslash = bytes[end] == UInt8(ascii: "\\")
                        if backslash && c != UInt8(ascii: "'") || backslash && !variables { end += 2; continue }
                        if starts(closing, at: end) { end += closing.count; break }
                        if bytes[end] == 0x0A && !triple && !variables { break }
                        end += 1
                    }
                    end = min(end, bytes.count)
                    emit("string", index, end)
                    index = end
                } else if variables, c == UInt8(ascii: "$"), index + 1 < bytes.count,
                          bytes[index + 1] == UInt8(ascii: "{") || isLetter(bytes[index + 1]) || bytes[index + 1] == UInt8(ascii: "_") {
                    var end = index + 1
                    if bytes[end] == UInt8(ascii: "{") {
                        while end < bytes.count, bytes[end] != UInt8(ascii: "}"), bytes[end] != 0x0A { end += 1 }
                        end = min(end + 1, bytes.count)
                    } else {
                        while end < bytes.count, isLetter(bytes[end]) || isDigit(bytes[end]) || bytes[end] == UInt8(ascii: "_") { end += 1 }
                    }
                    emit("variable", index, end)
                    index = end
                } else if isDigit(c), isWordStart(index) {
                    var end = index
                    while end < bytes.count, isHexDigit(bytes[end]) || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "x"),
                                                                        UInt8(ascii: "o"), UInt8(ascii: "b")].contains(bytes[end]) {
                        end += 1
                    }
                    if end < bytes.count, isLetter(bytes[end]) { index = end; continue }
                    emit("number", index, end)
                    index = end
                } else if isLetter(c) || c == UInt8(ascii: "_"), isWordStart(index) {
                    var end = index
                    while end < bytes.count, isLetter(bytes[end]) || isDigit(bytes[end]) || bytes[end] == UInt8(ascii: "_")
                            || (variables && bytes[end] == UInt8(ascii: "-")) {
                        end += 1
                    }
                    if keywords.contains(String(decoding: bytes[index..<end], as: UTF8.self)) { emit("keyword", index, end) }
                    index = end
                } else {
                    index += 1
                }
            }
            flushPlain(to: bytes.count)
            return String(decoding: out, as: UTF8.self)
        }

        /// In shell, `#` starts a comment only at the start of a word (`a#b` and `$#` are not comments).
        private func isCommentHash(_ chars: [Character], _ index: Int) -> Bool {
            guard variables else { return true }
            return index == 0 || chars[index - 1] == " " || chars[index - 1] == "\t" || chars[index - 1] == "\n"
                || chars[index - 1] == ";"
        }
    }
}
