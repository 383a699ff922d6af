import Foundation

/// What the last render knew, kept in `_knap/cache.txt` in the output folder: a fingerprint of
/// everything that affects every page (options, templates, the list of files), and a summary of
/// each note and attachment. A cache whose fingerprint differs is ignored (a full render).
///
/// The format is plain lines of tab-separated fields (with `\t`, `\n`, `\\` escaped), one line
/// per note, because decoding 10,000 summaries with `JSONDecoder` took longer than the rest of an
/// incremental render.
struct RenderCache: Sendable {
    static let path = "_knap/cache.txt"
    static let header = "knap-render-cache 1"

    var fingerprint: String
    var notes: [String: NoteSummary]
    /// Attachment path → "size:mtime".
    var attachments: [String: String]

    /// The cache in `output`, if there is one with this fingerprint. A cache that cannot be read
    /// is treated as absent: the render is then full, never wrong.
    static func load(output: String, fingerprint: String) -> RenderCache? {
        guard let data = FileManager.default.contents(atPath: output + "/" + path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        var lines = Self.split(Substring(text), 0x0A)[...]
        guard lines.popFirst() == Substring(header), lines.popFirst() == Substring(fingerprint) else { return nil }
        var cache = RenderCache(fingerprint: fingerprint, notes: [:], attachments: [:])
        for line in lines where !line.isEmpty {
            let fields = Self.split(line, 0x09)
            if fields.first == "a", fields.count == 3 {
                cache.attachments[unescape(fields[1])] = unescape(fields[2])
            } else if fields.first == "n", fields.count == 12, let summary = summary(fields) {
                cache.notes[summary.path] = summary
            } else {
                return nil
            }
        }
        return cache
    }

    /// Splits on one ASCII byte, by UTF-8 (`Substring.split` compares Characters, which is slow).
    static func split(_ text: Substring, _ separator: UInt8) -> [Substring] {
        var parts: [Substring] = []
        var start = text.utf8.startIndex
        var index = start
        let end = text.utf8.endIndex
        while index < end {
            if text.utf8[index] == separator {
                parts.append(Substring(text.utf8[start..<index]))
                start = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        parts.append(Substring(text.utf8[start..<end]))
        return parts
    }

    private static func summary(_ fields: [Substring]) -> NoteSummary? {
        guard let size = Int64(fields[2]), let mtime = Int64(fields[3]) else { return nil }
        var headings: [NoteSummary.HeadingSummary] = []
        for item in list(fields[6]) {
            let parts = split(Substring(item), 0x1E)
            guard parts.count == 3, let level = Int(parts[0]) else { return nil }
            headings.append(.init(level: level, text: String(parts[1]), slug: String(parts[2])))
        }
        return NoteSummary(path: unescape(fields[1]), size: size, mtime: mtime, title: unescape(fields[4]),
                           tags: list(fields[5]), headings: headings, blockIDs: list(fields[7]), aliases: list(fields[8]),
                           linksTo: list(fields[9]), embeds: list(fields[10]), searchJSON: unescape(fields[11]))
    }

    func encoded() -> Data {
        var out = Self.header + "\n" + fingerprint + "\n"
        for path in attachments.keys.sorted() {
            out += "a\t" + Self.escape(path) + "\t" + Self.escape(attachments[path] ?? "") + "\n"
        }
        for path in notes.keys.sorted() {
            guard let note = notes[path] else { continue }
            let headings = note.headings.map { "\($0.level)\u{1E}\($0.text)\u{1E}\($0.slug)" }
            let fields = ["n", Self.escape(note.path), String(note.size), String(note.mtime), Self.escape(note.title),
                          Self.list(note.tags), Self.list(headings), Self.list(note.blockIDs), Self.list(note.aliases),
                          Self.list(note.linksTo), Self.list(note.embeds), Self.escape(note.searchJSON)]
            out += fields.joined(separator: "\t") + "\n"
        }
        return Data(out.utf8)
    }

    /// A list is its escaped items joined by U+001F (unit separator); U+001E separates a heading's parts.
    private static func list(_ items: [String]) -> String {
        escape(items.joined(separator: "\u{1F}"))
    }

    private static func list(_ field: Substring) -> [String] {
        field.isEmpty ? [] : split(Substring(unescape(field)), 0x1F).map(String.init)
    }

    /// Escapes `\\`, tab, LF and CR, working on UTF-8 bytes (Character iteration was too slow here).
    static func escape(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for byte in bytes {
            switch byte {
            case 0x5C: out += [0x5C, 0x5C]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unescape(_ text: Substring) -> String {
        let bytes = text.utf8
        guard bytes.contains(0x5C) else { return String(text) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var escaping = false
        for byte in bytes {
            if escaping {
                switch byte {
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                default: out.append(byte)
                }
                escaping = false
            } else if byte == 0x5C {
                escaping = true
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// FNV-1a over the parts, as 16 hex digits: stable across runs, unlike `Hasher`.
    static func fingerprint(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= 0xFF
            hash = hash &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
