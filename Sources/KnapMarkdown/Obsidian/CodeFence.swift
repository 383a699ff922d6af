/// The info string of a fenced code block: a language, then attributes.
///
/// Words are separated by spaces or commas (rustdoc writes `rust,ignore`).
/// `key=value` gives a value, and a value may be quoted: `title="A b"`.
/// `{…}` braces around the attributes, as in `swift {timeout=5}`, are allowed.
enum CodeFence {
    static func parseInfo(_ info: String) -> (language: String, attributes: [CodeAttribute]) {
        var words: [String] = []
        var current = ""
        var quote: Character?
        for character in info {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == " " || character == "\t" || character == "," || character == "{" || character == "}" {
                if !current.isEmpty { words.append(current); current = "" }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        guard let first = words.first else { return ("", []) }
        let attributes = words.dropFirst().map { word -> CodeAttribute in
            if let equals = word.firstIndex(of: "=") {
                return CodeAttribute(key: String(word[..<equals]), value: String(word[word.index(after: equals)...]))
            }
            return CodeAttribute(key: word, value: nil)
        }
        return (first, attributes)
    }
}
