import Yams

/// A YAML value from the frontmatter, kept as written: `2022-11-09 19:20` stays a string.
public indirect enum FrontmatterValue: Hashable, Sendable {
    /// A scalar as written. `plain` is false when it was quoted or a block scalar.
    case scalar(String, plain: Bool)
    case list([FrontmatterValue])
    case map([FrontmatterProperty])
    case null

    /// The scalar's text, or nil for lists, maps and null.
    public var string: String? {
        if case .scalar(let text, _) = self { return text }
        return nil
    }

    /// A single value or a list of values, as strings: how Obsidian reads `tags`, `aliases` and `cssclasses`.
    public var strings: [String] {
        switch self {
        case .scalar(let text, _): [text]
        case .list(let items): items.flatMap(\.strings)
        case .map, .null: []
        }
    }
}

public struct FrontmatterProperty: Hashable, Sendable {
    public var key: String
    public var value: FrontmatterValue

    public init(key: String, value: FrontmatterValue) {
        self.key = key
        self.value = value
    }
}

/// The YAML block between a first line `---` and the next `---`.
public struct Frontmatter: Hashable, Sendable {
    /// Every key, in file order, `tags`, `aliases` and `cssclasses` included.
    public var properties: [FrontmatterProperty]
    public var tags: [String]
    public var aliases: [String]
    public var cssClasses: [String]
    /// The file lines from the opening `---` to the closing one; nil when the note has none.
    public var lines: ClosedRange<Int>?

    public init(properties: [FrontmatterProperty] = [], tags: [String] = [], aliases: [String] = [],
                cssClasses: [String] = [], lines: ClosedRange<Int>? = nil) {
        self.properties = properties
        self.tags = tags
        self.aliases = aliases
        self.cssClasses = cssClasses
        self.lines = lines
    }

    public subscript(key: String) -> FrontmatterValue? {
        properties.first(where: { $0.key == key })?.value
    }
}

extension Frontmatter {
    /// Where a note's frontmatter is: its first line is exactly `---` (trailing spaces or tabs
    /// allowed), and so is one of its next 4,095 lines. Gives the byte range of the YAML between
    /// them, the closing line's index (the opening line being 0) and the offset where it ends.
    static func block(in bytes: [UInt8]) -> (yaml: Range<Int>, closing: Int, end: Int)? {
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            var line = 0
            var yamlStart = 0
            while start <= buffer.count, line < 4096 {
                let end = buffer.index(of: UInt8(ascii: "\n"), from: start) ?? buffer.count
                if isFence(buffer[start..<end]) {
                    if line > 0 { return (yamlStart..<max(yamlStart, start - 1), line, end) }
                    yamlStart = end + 1
                } else if line == 0 {
                    return nil
                }
                line += 1
                start = end + 1
            }
            return nil
        }
    }

    /// `---` and trailing spaces or tabs, on bytes (no other characters are canonically equivalent to those).
    private static func isFence(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == UInt8(ascii: " ") || line[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return end - line.startIndex == 3 && line[line.startIndex] == UInt8(ascii: "-")
            && line[line.startIndex + 1] == UInt8(ascii: "-") && line[line.startIndex + 2] == UInt8(ascii: "-")
    }

    /// Reads the YAML text of a frontmatter block whose first YAML line is file line `firstLine`.
    /// Invalid YAML gives a diagnostic at its file line and an empty frontmatter.
    /// The common flat form is read by ``FlatFrontmatter`` (with the same result); the rest by Yams.
    /// A block past ``BoundedYAML``'s limits (size, depth, alias expansion) gives an error at the
    /// frontmatter's first line and an empty frontmatter; the note's body is read as usual.
    static func read(yaml: String, firstLine: Int, lines: ClosedRange<Int>) -> (Frontmatter, [Diagnostic]) {
        do {
            try BoundedYAML.checkSize(yaml)
        } catch {
            return (Frontmatter(lines: lines), [limitDiagnostic(error, firstLine: firstLine, lines: lines)])
        }
        if let properties = FlatFrontmatter.read(yaml) {
            return (Frontmatter(lines: lines, properties), [])
        }
        return readWithYams(yaml: yaml, firstLine: firstLine, lines: lines)
    }

    /// ``read(yaml:firstLine:lines:)`` through Yams alone.
    static func readWithYams(yaml: String, firstLine: Int, lines: ClosedRange<Int>) -> (Frontmatter, [Diagnostic]) {
        let node: Node?
        do {
            node = try BoundedYAML.compose(yaml)
        } catch let error as YAMLLimitError {
            return (Frontmatter(lines: lines), [limitDiagnostic(error, firstLine: firstLine, lines: lines)])
        } catch let error as YamlError {
            return (Frontmatter(lines: lines), [diagnostic(for: error, firstLine: firstLine, fallbackLine: lines.lowerBound)])
        } catch {
            return (Frontmatter(lines: lines), [Diagnostic(line: lines.lowerBound, column: 1, severity: .error,
                                                           code: "invalid-frontmatter", message: "invalid frontmatter: \(error)")])
        }
        guard let node else { return (Frontmatter(lines: lines), []) }
        guard case .mapping(let mapping) = node else {
            let line = (node.mark?.line ?? 1) + firstLine - 1
            return (Frontmatter(lines: lines), [Diagnostic(line: line, column: 1, severity: .error, code: "invalid-frontmatter",
                                                           message: "invalid frontmatter: expected key: value pairs")])
        }
        let properties = mapping.map { FrontmatterProperty(key: $0.key.scalar?.string ?? "", value: convert($0.value)) }
        return (Frontmatter(lines: lines, properties), [])
    }

    /// A frontmatter with `properties`, and the tags, aliases and CSS classes they name.
    private init(lines: ClosedRange<Int>, _ properties: [FrontmatterProperty]) {
        self.init(properties: properties, lines: lines)
        for property in properties {
            switch Self.listKey(property.key) {
            case .tags?:
                tags += property.value.strings.flatMap(Self.splitTags)
            case .aliases?:
                aliases += property.value.strings.filter { !$0.isEmpty }
            case .cssClasses?:
                cssClasses += property.value.strings.flatMap { $0.split(separator: " ").map(String.init) }
            case nil:
                break
            }
        }
    }

    /// The keys whose values Obsidian reads itself.
    private enum ListKey { case tags, aliases, cssClasses }

    /// Which of `tags`/`tag`, `aliases`/`alias` and `cssclasses`/`cssclass` `key` is, in any case.
    private static func listKey(_ key: String) -> ListKey? {
        guard key.utf8.allSatisfy({ $0 < 0x80 }) else {
            switch key.lowercased() {
            case "tags", "tag": return .tags
            case "aliases", "alias": return .aliases
            case "cssclasses", "cssclass": return .cssClasses
            default: return nil
            }
        }
        // ASCII: compared without lower-casing a copy. `byte | 0x20` is a lower-case letter only
        // for that letter in either case.
        func named(_ name: StaticString) -> Bool {
            key.utf8.count == name.utf8CodeUnitCount
                && zip(key.utf8, UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)).allSatisfy { $0 | 0x20 == $1 }
        }
        if named("tags") || named("tag") { return .tags }
        if named("aliases") || named("alias") { return .aliases }
        if named("cssclasses") || named("cssclass") { return .cssClasses }
        return nil
    }

    /// A plain (unquoted) scalar as written: empty, `~` and `null` are null.
    static func plainScalar(_ text: String) -> FrontmatterValue {
        text.isEmpty || text == "~" || text == "null" ? .null : .scalar(text, plain: true)
    }

    /// `tags: a, b` and `tags: "#a"` are both accepted by Obsidian.
    private static func splitTags(_ text: String) -> [String] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: every byte is a Character, so the same split on bytes.
            return text.utf8.split(whereSeparator: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: " ") }).compactMap { part in
                let name = part.first == UInt8(ascii: "#") ? part.dropFirst() : part
                return name.isEmpty ? nil : String(Substring(name))
            }
        }
        return text.split(whereSeparator: { $0 == "," || $0 == " " }).map { part in
            var tag = String(part)
            if tag.hasPrefix("#") { tag.removeFirst() }
            return tag
        }.filter { !$0.isEmpty }
    }

    private static func convert(_ node: Node) -> FrontmatterValue {
        switch node {
        case .scalar(let scalar):
            return scalar.style == .plain ? plainScalar(scalar.string) : .scalar(scalar.string, plain: false)
        case .sequence(let sequence):
            return .list(sequence.map(convert))
        case .mapping(let mapping):
            return .map(mapping.map { FrontmatterProperty(key: $0.key.scalar?.string ?? "", value: convert($0.value)) })
        case .alias:
            return .null
        }
    }

    /// At the YAML line the limit shows on when there is one, else at the opening `---`.
    private static func limitDiagnostic(_ error: YAMLLimitError, firstLine: Int, lines: ClosedRange<Int>) -> Diagnostic {
        Diagnostic(line: error.line.map { $0 + firstLine - 1 } ?? lines.lowerBound, column: 1, severity: .error,
                   code: "invalid-frontmatter", message: "invalid frontmatter: \(error.reason)")
    }

    private static func diagnostic(for error: YamlError, firstLine: Int, fallbackLine: Int) -> Diagnostic {
        var line = fallbackLine
        var column = 1
        var problem = "\(error)"
        switch error {
        case let .scanner(_, text, mark, _), let .parser(_, text, mark, _), let .composer(_, text, mark, _):
            line = mark.line + firstLine - 1
            column = mark.column
            problem = text
        case let .duplicatedKeysInMapping(duplicates, context):
            line = context.mark.line + firstLine - 1
            column = context.mark.column
            problem = "duplicated keys \(duplicates.joined(separator: ", "))"
        default:
            break
        }
        return Diagnostic(line: line, column: column, severity: .error, code: "invalid-frontmatter",
                          message: "invalid frontmatter: \(problem)")
    }
}
