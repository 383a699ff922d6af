/// A fast reader for the frontmatter most notes have: one `key: value` per line, where a value is a
/// plain scalar, a quoted one without escapes, a flow list of plain words (`[a, b]`) or a block list
/// (`key:` then `- item` lines). It gives exactly what Yams would (values kept as written, the same
/// nulls), and gives up (nil) on anything else, which then goes to Yams: comments, anchors, tags,
/// block scalars, nested maps, continuation lines, escapes, duplicate keys, tabs, control characters
/// and every error. `FlatFrontmatterTests` checks it against Yams on many generated blocks.
enum FlatFrontmatter {
    /// The properties of `yaml`, in order, or nil when it is not in the flat form this reader knows.
    static func read(_ yaml: String) -> [FrontmatterProperty]? {
        var yaml = yaml
        return yaml.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            return reader.read()
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        /// Each line's bytes, without its `\n`.
        var lines: [Range<Int>] = []

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func read() -> [FrontmatterProperty]? {
            guard allPrintable() else { return nil }
            var start = 0
            for index in 0..<bytes.count where bytes[index] == newline {
                lines.append(start..<index)
                start = index + 1
            }
            lines.append(start..<bytes.count)

            var properties: [FrontmatterProperty] = []
            var keys = Set<String>()  // filled only for a frontmatter with many keys
            var number = 0
            while number < lines.count {
                let line = lines[number]
                number += 1
                if line.isEmpty { continue }
                guard let colon = keyEnd(line) else { return nil }
                let key = text(line.lowerBound..<colon)
                // Most frontmatters have a handful of keys: comparing with each is cheaper than hashing.
                if properties.count < 32 {
                    guard !properties.contains(where: { $0.key == key }) else { return nil }
                } else {
                    if keys.isEmpty { keys = Set(properties.map(\.key)) }
                    guard keys.insert(key).inserted else { return nil }
                }
                var valueStart = colon + 1
                if valueStart < line.upperBound {
                    guard bytes[valueStart] == space else { return nil }
                    while valueStart < line.upperBound, bytes[valueStart] == space { valueStart += 1 }
                }
                let value = trimmed(valueStart..<line.upperBound)
                if value.isEmpty {
                    guard let list = blockList(from: &number) else { return nil }
                    properties.append(FrontmatterProperty(key: key, value: list))
                } else {
                    guard let scalar = inlineValue(value) else { return nil }
                    properties.append(FrontmatterProperty(key: key, value: scalar))
                }
            }
            return properties
        }

        /// Where the key of a `key: value` line ends (its colon): the key starts at column 1 with a
        /// letter, digit or `_`, holds only ASCII letters, digits, `_`, `-`, `.` and inner spaces, and the
        /// colon is followed by a space or the end of the line.
        private func keyEnd(_ line: Range<Int>) -> Int? {
            guard isKeyStart(bytes[line.lowerBound]) else { return nil }
            var index = line.lowerBound + 1
            while index < line.upperBound {
                let byte = bytes[index]
                if byte == colon {
                    guard bytes[index - 1] != space else { return nil }
                    return index + 1 == line.upperBound || bytes[index + 1] == space ? index : nil
                }
                guard isKeyStart(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == space else {
                    return nil
                }
                index += 1
            }
            return nil
        }

        private func isKeyStart(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }

        /// After `key:` with nothing after it: the `- item` lines right below (all at one indentation),
        /// or null when the next line is not one.
        private func blockList(from number: inout Int) -> FrontmatterValue? {
            var items: [FrontmatterValue] = []
            var indent: Int?
            while number < lines.count {
                let line = lines[number]
                var dash = line.lowerBound
                while dash < line.upperBound, bytes[dash] == space { dash += 1 }
                guard dash < line.upperBound, bytes[dash] == UInt8(ascii: "-"),
                      dash + 1 == line.upperBound || bytes[dash + 1] == space else { break }
                let width = dash - line.lowerBound
                if let indent, indent != width { return nil }
                indent = width
                number += 1
                var valueStart = dash + 1
                while valueStart < line.upperBound, bytes[valueStart] == space { valueStart += 1 }
                let value = trimmed(valueStart..<line.upperBound)
                if value.isEmpty {
                    items.append(.null)
                } else if bytes[value.lowerBound] == UInt8(ascii: "[") {
                    return nil
                } else {
                    guard let item = inlineValue(value) else { return nil }
                    items.append(item)
                }
            }
            return indent == nil ? .null : .list(items)
        }

        /// A value on the key's line: quoted, a flow list, or plain.
        private func inlineValue(_ range: Range<Int>) -> FrontmatterValue? {
            switch bytes[range.lowerBound] {
            case UInt8(ascii: "\""): quoted(range, UInt8(ascii: "\""), forbidding: UInt8(ascii: "\\"))
            case UInt8(ascii: "'"): quoted(range, UInt8(ascii: "'"), forbidding: UInt8(ascii: "'"))
            case UInt8(ascii: "["): flowList(range)
            default: plain(range, inFlow: false)
            }
        }

        /// `"text"` without `\` escapes or inner `"`, or `'text'` without inner `'`.
        private func quoted(_ range: Range<Int>, _ quote: UInt8, forbidding other: UInt8) -> FrontmatterValue? {
            guard range.count >= 2, bytes[range.upperBound - 1] == quote else { return nil }
            let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
            for index in inner where bytes[index] == quote || bytes[index] == other { return nil }
            return .scalar(text(inner), plain: false)
        }

        /// `[a, b c, d]`: plain items without flow indicators, quotes, `#` or `:`.
        private func flowList(_ range: Range<Int>) -> FrontmatterValue? {
            guard bytes[range.upperBound - 1] == UInt8(ascii: "]") else { return nil }
            let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
            if trimmedBothEnds(inner).isEmpty { return .list([]) }
            var items: [FrontmatterValue] = []
            var start = inner.lowerBound
            for index in inner.lowerBound...inner.upperBound where index == inner.upperBound || bytes[index] == UInt8(ascii: ",") {
                let item = trimmedBothEnds(start..<index)
                guard !item.isEmpty, let value = plain(item, inFlow: true) else { return nil }
                items.append(value)
                start = index + 1
            }
            return .list(items)
        }

        /// A plain scalar on one line: no indicator first, no `: ` or ` #` inside, no `:` at the end;
        /// in a flow list, none of `[]{},:#'"` at all. `~` and `null` are null, as in `Frontmatter`.
        private func plain(_ range: Range<Int>, inFlow: Bool) -> FrontmatterValue? {
            if Self.isIndicator(bytes[range.lowerBound]) { return nil }
            for index in range {
                let byte = bytes[index]
                if inFlow, Self.isFlowForbidden(byte) { return nil }
                if byte == colon, index + 1 == range.upperBound || bytes[index + 1] == space { return nil }
                if byte == UInt8(ascii: "#"), bytes[index - 1] == space { return nil }
            }
            let value = text(range)
            return Frontmatter.plainScalar(value)
        }

        /// `-?:,[]{}#&*!|>'"%@` and the backquote: a plain scalar cannot start with one.
        private static func isIndicator(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
                 UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
                 UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
                 UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
                true
            default:
                false
            }
        }

        /// `[]{},:#'"`: none may appear in a plain item of a flow list.
        private static func isFlowForbidden(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ","),
                 UInt8(ascii: ":"), UInt8(ascii: "#"), UInt8(ascii: "'"), UInt8(ascii: "\""):
                true
            default:
                false
            }
        }

        /// Only what YAML calls printable, and no tab, carriage return or Unicode line break: Yams treats
        /// those in ways this reader does not follow.
        private func allPrintable() -> Bool {
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    if (byte < 0x20 && byte != newline) || byte == 0x7F { return false }
                } else if byte == 0xC2 {
                    // U+0080...U+009F: C1 controls and NEL.
                    if index + 1 < bytes.count, bytes[index + 1] < 0xA0 { return false }
                } else if byte == 0xE2 {
                    // U+2028, U+2029: line and paragraph separators.
                    if index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                        return false
                    }
                } else if byte == 0xEF {
                    // U+FEFF (byte order mark), U+FFFE, U+FFFF.
                    if index + 2 < bytes.count, (bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF)
                        || (bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE) {
                        return false
                    }
                }
                index += 1
            }
            return true
        }

        private func trimmed(_ range: Range<Int>) -> Range<Int> {
            var end = range.upperBound
            while end > range.lowerBound, bytes[end - 1] == space { end -= 1 }
            return range.lowerBound..<end
        }

        private func trimmedBothEnds(_ range: Range<Int>) -> Range<Int> {
            var start = range.lowerBound
            while start < range.upperBound, bytes[start] == space { start += 1 }
            return trimmed(start..<range.upperBound)
        }

        private func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
    }
}

private let newline = UInt8(ascii: "\n")
private let space = UInt8(ascii: " ")
private let colon = UInt8(ascii: ":")
