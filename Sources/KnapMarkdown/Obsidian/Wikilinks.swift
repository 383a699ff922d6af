/// The parts of a wikilink's inner text: `target#heading#^block|alias`.
enum Wikilinks {
    static func parse(inner raw: String, embed: Bool, line: Int, column: Int) -> Link {
        var bytes = Array(raw.utf8)
        // In tables `\|` stands for `|`.
        if let first = bytes.firstIndex(of: UInt8(ascii: "\\")), first + 1 < bytes.count {
            var unescaped: [UInt8] = []
            unescaped.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "|") {
                    index += 1
                }
                unescaped.append(bytes[index])
                index += 1
            }
            bytes = unescaped
        }
        var body = bytes[...]
        var alias: String?
        if let bar = body.firstIndex(of: UInt8(ascii: "|")) {
            alias = trimmed(body[(bar + 1)...])
            body = body[..<bar]
        }
        var target = body
        var heading: String?
        var block: String?
        if let hash = body.firstIndex(of: UInt8(ascii: "#")) {
            target = body[..<hash]
            let fragment = body[(hash + 1)...]
            if fragment.first == UInt8(ascii: "^") {
                block = trimmed(fragment.dropFirst())
            } else {
                let parts = fragment.split(separator: UInt8(ascii: "#")).map(trimmed).filter { !$0.isEmpty }
                heading = parts.isEmpty ? nil : parts.joined(separator: "#")
            }
        }
        return Link(kind: .wikilink, target: trimmed(target), heading: heading, block: block,
                    alias: alias, embed: embed, line: line, column: column)
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        var slice = bytes
        while let first = slice.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { slice.removeFirst() }
        while let last = slice.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { slice.removeLast() }
        return String(decoding: slice, as: UTF8.self)
    }

    /// A Markdown link or image destination that points into the vault, as a Link; nil for web URLs and anchors.
    static func markdownLink(destination: String, embed: Bool, line: Int, column: Int) -> Link? {
        guard !destination.isEmpty, !hasScheme(destination) else { return nil }
        var path = Substring(destination)
        var heading: String?
        var block: String?
        if let hash = path.firstIndex(of: "#") {
            let fragment = percentDecoded(String(path[path.index(after: hash)...]))
            if fragment.hasPrefix("^") { block = String(fragment.dropFirst()) } else if !fragment.isEmpty { heading = fragment }
            path = path[..<hash]
        }
        if path.isEmpty && heading == nil && block == nil { return nil }
        return Link(kind: .markdown, target: percentDecoded(String(path)), heading: heading, block: block,
                    alias: nil, embed: embed, line: line, column: column)
    }

    /// `scheme:` (a letter, then letters, digits, `+`, `-` or `.`) or `//` at the start.
    static func hasScheme(_ url: String) -> Bool {
        var index = 0
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                break
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if index == 0 { return false }
            case UInt8(ascii: ":"):
                return index > 0
            case UInt8(ascii: "/"):
                return index == 0 && url.utf8.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")])
            default:
                return false
            }
            index += 1
        }
        return false
    }

    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension StringProtocol {
    var trimmingSpaces: String { String(self).trimmedOfSpaces }
}

extension String {
    fileprivate var trimmedOfSpaces: String {
        // Spaces and tabs are single bytes, so trimming bytes keeps whole characters.
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        if first != space, first != tab, last != space, last != tab { return self }
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, utf8[start] == space || utf8[start] == tab { start = utf8.index(after: start) }
        while start < end {
            let before = utf8.index(before: end)
            guard utf8[before] == space || utf8[before] == tab else { break }
            end = before
        }
        return String(self[start..<end])
    }
}
