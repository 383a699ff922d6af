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
            // ASCII code (most of it) is worked on bytes, each of which is then a Character;
            // anything else on Characters, so a quote that carries a combining mark stays text.
            if code.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\r") }) {
                let bytes = Array(code.utf8)
                var out: [UInt8] = []
                out.reserveCapacity(bytes.count + bytes.count / 2)
                highlight(bytes) { kind, range in
                    if let kind { out += Array("<span class=\"hl-\(kind)\">".utf8) }
                    Self.appendEscaped(bytes[range], to: &out)
                    if kind != nil { out += Array("</span>".utf8) }
                }
                return String(decoding: out, as: UTF8.self)
            }
            return highlightByCharacters(code)
        }

        /// ``highlight(_:)`` on Characters, whatever the text.
        func highlightByCharacters(_ code: String) -> String {
            let chars = Array(code)
            var out = ""
            out.reserveCapacity(code.utf8.count + code.utf8.count / 4)
            highlight(chars) { kind, range in
                let text = HTMLText.escape(String(chars[range]))
                out += kind.map { "<span class=\"hl-\($0)\">" + text + "</span>" } ?? text
            }
            return out
        }

        /// Walks `chars` once, handing each run to `run`: plain text (kind nil) or a `comment`,
        /// `string`, `variable`, `number` or `keyword`.
        private func highlight<Unit: HighlightUnit>(_ chars: [Unit], run: (String?, Range<Int>) -> Void) {
            var index = 0
            var plainStart = 0
            let lineComment = Array(self.lineComment.utf8)
            let blockComment = self.blockComment.map { (open: Array($0.open.utf8), close: Array($0.close.utf8)) }
            let quotes = Array(self.quotes).compactMap(\.asciiValue)
            let newline = Unit.ascii("\n"), backslash = Unit.ascii("\\"), underscore = Unit.ascii("_")

            func flushPlain(to end: Int) {
                if end > plainStart { run(nil, plainStart..<end) }
            }
            func emit(_ kind: String, _ start: Int, _ end: Int) {
                flushPlain(to: start)
                run(kind, start..<end)
                plainStart = end
            }
            func starts(_ text: [UInt8], at position: Int) -> Bool {
                var i = position
                for byte in text {
                    guard i < chars.count, chars[i] == Unit.ascii(byte) else { return false }
                    i += 1
                }
                return true
            }
            func isWordStart(_ position: Int) -> Bool {
                position == 0 || !(chars[position - 1].isLetter || chars[position - 1].isNumber || chars[position - 1] == underscore)
            }

            while index < chars.count {
                let c = chars[index]
                if starts(lineComment, at: index), lineComment != [UInt8(ascii: "#")] || isCommentHash(chars, index) {
                    var end = index
                    while end < chars.count, chars[end] != newline { end += 1 }
                    emit("comment", index, end)
                    index = end
                } else if let block = blockComment, starts(block.open, at: index) {
                    var end = index + block.open.count
                    while end < chars.count, !starts(block.close, at: end) { end += 1 }
                    end = min(end + block.close.count, chars.count)
                    emit("comment", index, end)
                    index = end
                } else if let quote = quotes.first(where: { c == Unit.ascii($0) }) {
                    let triple = tripleQuotes && starts([quote, quote, quote], at: index)
                    let closing = triple ? [quote, quote, quote] : [quote]
                    var end = index + closing.count
                    while end < chars.count {
                        if chars[end] == backslash && quote != UInt8(ascii: "'") || chars[end] == backslash && !variables { end += 2; continue }
                        if starts(closing, at: end) { end += closing.count; break }
                        if chars[end] == newline && !triple && !variables { break }
                        end += 1
                    }
                    end = min(end, chars.count)
                    emit("string", index, end)
                    index = end
                } else if variables, c == Unit.ascii("$"), index + 1 < chars.count,
                          chars[index + 1] == Unit.ascii("{") || chars[index + 1].isLetter || chars[index + 1] == underscore {
                    var end = index + 1
                    if chars[end] == Unit.ascii("{") {
                        while end < chars.count, chars[end] != Unit.ascii("}"), chars[end] != newline { end += 1 }
                        end = min(end + 1, chars.count)
                    } else {
                        while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == underscore { end += 1 }
                    }
                    emit("variable", index, end)
                    index = end
                } else if c.isASCII, c.isNumber, isWordStart(index) {
                    var end = index
                    while end < chars.count, chars[end].isHexDigit || chars[end] == Unit.ascii(".") || chars[end] == underscore
                            || chars[end] == Unit.ascii("x") || chars[end] == Unit.ascii("o") || chars[end] == Unit.ascii("b") {
                        end += 1
                    }
                    if end < chars.count, chars[end].isLetter { index = end; continue }
                    emit("number", index, end)
                    index = end
                } else if c.isLetter || c == underscore, isWordStart(index) {
                    var end = index
                    while end < chars.count,
                          chars[end].isLetter || chars[end].isNumber || chars[end] == underscore || (variables && chars[end] == Unit.ascii("-")) {
                        end += 1
                    }
                    if keywords.contains(Unit.text(chars[index..<end])) { emit("keyword", index, end) }
                    index = end
                } else {
                    index += 1
                }
            }
            flushPlain(to: chars.count)
        }

        /// ``HTMLText/escape(_:)`` of ASCII text without `\r`, on bytes.
        private static func appendEscaped(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "&"): out += Array("&amp;".utf8)
                case UInt8(ascii: "<"): out += Array("&lt;".utf8)
                case UInt8(ascii: ">"): out += Array("&gt;".utf8)
                case UInt8(ascii: "\""): out += Array("&quot;".utf8)
                case UInt8(ascii: "'"): out += Array("&#39;".utf8)
                case 0x09, 0x0A: out.append(byte)
                case 0x00..<0x20, 0x7F: out += [0xEF, 0xBF, 0xBD]
                default: out.append(byte)
                }
            }
        }

        /// In shell, `#` starts a comment only at the start of a word (`a#b` and `$#` are not comments).
        private func isCommentHash<Unit: HighlightUnit>(_ chars: [Unit], _ index: Int) -> Bool {
            guard variables else { return true }
            return index == 0 || chars[index - 1] == Unit.ascii(" ") || chars[index - 1] == Unit.ascii("\t")
                || chars[index - 1] == Unit.ascii("\n") || chars[index - 1] == Unit.ascii(";")
        }
    }
}

/// What the highlighter walks: Characters, or the bytes of ASCII text (each its own Character).
private protocol HighlightUnit: Equatable {
    /// The unit that is the ASCII character `byte`.
    static func ascii(_ byte: UInt8) -> Self
    static func text(_ units: ArraySlice<Self>) -> String
    var isLetter: Bool { get }
    var isNumber: Bool { get }
    var isHexDigit: Bool { get }
    var isASCII: Bool { get }
}

extension HighlightUnit {
    static func ascii(_ character: Unicode.Scalar) -> Self { ascii(UInt8(character.value)) }
}

extension Character: HighlightUnit {
    fileprivate static func ascii(_ byte: UInt8) -> Character { Character(Unicode.Scalar(byte)) }
    fileprivate static func text(_ units: ArraySlice<Character>) -> String { String(units) }
}

/// For ASCII bytes, the same answers as their Characters give.
extension UInt8: HighlightUnit {
    fileprivate static func ascii(_ byte: UInt8) -> UInt8 { byte }
    fileprivate static func text(_ units: ArraySlice<UInt8>) -> String { String(decoding: units, as: UTF8.self) }
    fileprivate var isLetter: Bool { (self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "z") }
    fileprivate var isNumber: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    fileprivate var isHexDigit: Bool { isNumber || ((self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "f")) }
    fileprivate var isASCII: Bool { self < 0x80 }
}
