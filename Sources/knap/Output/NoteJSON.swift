import KnapMarkdown

/// The JSON shape of `knap parse --format json`. Its keys are fixed: later tools read them.
struct NoteJSON: Encodable {
    struct HeadingJSON: Encodable { let level: Int; let text: String; let slug: String; let line: Int }
    struct LinkJSON: Encodable {
        let target: String; let heading: String?; let block: String?; let alias: String?
        let embed: Bool; let line: Int; let column: Int; let kind: String
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(target, forKey: .target)
            try container.encode(heading, forKey: .heading)
            try container.encode(block, forKey: .block)
            try container.encode(alias, forKey: .alias)
            try container.encode(embed, forKey: .embed)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
            try container.encode(kind, forKey: .kind)
        }
        enum CodingKeys: String, CodingKey { case target, heading, block, alias, embed, line, column, kind }
    }
    struct CalloutJSON: Encodable {
        let type: String; let kind: String; let title: String; let fold: String?; let line: Int
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
            try container.encode(kind, forKey: .kind)
            try container.encode(title, forKey: .title)
            try container.encode(fold, forKey: .fold)
            try container.encode(line, forKey: .line)
        }
        enum CodingKeys: String, CodingKey { case type, kind, title, fold, line }
    }
    struct CodeBlockJSON: Encodable { let language: String; let attributes: [String: String]; let line: Int; let code: String }
    struct BlockIDJSON: Encodable { let id: String; let line: Int }
    struct DiagnosticJSON: Encodable { let line: Int; let column: Int; let severity: String; let code: String; let message: String }

    let path: String
    let frontmatter: FrontmatterJSON
    let tags: [String]
    let headings: [HeadingJSON]
    let links: [LinkJSON]
    let callouts: [CalloutJSON]
    let codeBlocks: [CodeBlockJSON]
    let blockIds: [BlockIDJSON]
    let diagnostics: [DiagnosticJSON]

    init(_ note: Note) {
        path = note.path
        frontmatter = .map(note.frontmatter.properties.map { ($0.key, FrontmatterJSON($0.value)) })
        tags = note.distinctTags.map(\.name)
        headings = note.headings.map { HeadingJSON(level: $0.level, text: $0.text, slug: $0.slug, line: $0.line) }
        links = note.links.map {
            LinkJSON(target: $0.target, heading: $0.heading, block: $0.block, alias: $0.alias, embed: $0.embed,
                     line: $0.line, column: $0.column, kind: $0.kind.rawValue)
        }
        callouts = note.callouts.map {
            CalloutJSON(type: $0.type, kind: $0.kind.rawValue, title: $0.title, fold: $0.fold, line: $0.line)
        }
        codeBlocks = note.codeBlocks.map { block in
            var attributes: [String: String] = [:]
            for attribute in block.attributes { attributes[attribute.key] = attribute.value ?? "" }
            return CodeBlockJSON(language: block.language, attributes: attributes, line: block.line, code: block.code)
        }
        blockIds = note.blockIDs.map { BlockIDJSON(id: $0.id, line: $0.line) }
        diagnostics = note.diagnostics.map {
            DiagnosticJSON(line: $0.line, column: $0.column, severity: $0.severity.rawValue, code: $0.code, message: $0.message)
        }
    }
}

/// A frontmatter value in JSON: plain YAML numbers and booleans keep their type,
/// everything else (dates included) stays the string that was written.
indirect enum FrontmatterJSON: Encodable {
    case string(String)
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case list([FrontmatterJSON])
    case map([(String, FrontmatterJSON)])
    case null

    init(_ value: FrontmatterValue) {
        switch value {
        case .scalar(let text, let plain):
            if plain, ["true", "false"].contains(text) { self = .bool(text == "true") }
            else if plain, let integer = Int(text) { self = .integer(integer) }
            else if plain, text.contains("."), let number = Double(text), number.isFinite, text.first != "." { self = .number(number) }
            else { self = .string(text) }
        case .list(let items): self = .list(items.map(FrontmatterJSON.init))
        case .map(let properties): self = .map(properties.map { ($0.key, FrontmatterJSON($0.value)) })
        case .null: self = .null
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .string(let text): var c = encoder.singleValueContainer(); try c.encode(text)
        case .bool(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .integer(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .number(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
        case .list(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .map(let pairs):
            var c = encoder.container(keyedBy: Key.self)
            for (key, value) in pairs { try c.encode(value, forKey: Key(stringValue: key)) }
        }
    }
}
