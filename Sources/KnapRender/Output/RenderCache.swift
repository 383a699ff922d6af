import Foundation

/// What the last render knew, kept in `_knap/cache.txt` in the output folder: a fingerprint of
/// everything that affects every page (options, templates, the list of files), and a summary of
/// each note and attachment. A cache whose fingerprint differs is ignored (a full render).
///
/// The format is plain lines of tab-separated fields (with `\t`, `\n`, `\\` escaped), one line
/// per note, because decoding 10,000 summaries with `JSONDecoder` took longer than the rest of an
/// incremental render.
///
/// A note's search entry is not repeated here (it was most of the file): the cache keeps its
/// length, and the entries are read back from the site's search index, which lists them in the
/// same order (by note path). An index that does not match the lengths makes the cache void.
struct RenderCache: Sendable {
    static let path = "_knap/cache.txt"
    static let header = "knap-render-cache 2"

    var fingerprint: String
    var notes: [String: NoteSummary]
    /// Attachment path → "size:mtime".
    var attachments: [String: String]
    /// The file this cache was read from, and each note's line in it: an unchanged note's line is
    /// written again as it was, not encoded again.
    private var source: [UInt8] = []
    private var lines: [String: Range<Int>] = [:]

    init(fingerprint: String, notes: [String: NoteSummary], attachments: [String: String]) {
        self.fingerprint = fingerprint
        self.notes = notes
        self.attachments = attachments
    }

    /// The cache in `output`, if there is one with this fingerprint. A cache that cannot be read
    /// is treated as absent: the render is then full, never wrong.
    static func load(output: String, fingerprint: String) -> RenderCache? {
        load(output: output).flatMap { $0.fingerprint == fingerprint ? $0 : nil }
    }

    /// The cache in `output`, whatever its fingerprint (so that it can be read while the vault
    /// is scanned, before the fingerprint is known).
    static func load(output: String) -> RenderCache? {
        guard let data = FileManager.default.contents(atPath: output + "/" + path) else { return nil }
        let bytes = [UInt8](data)
        var lines = split(bytes, 0..<bytes.count, 0x0A)[...]
        guard let first = lines.popFirst(), string(bytes, first) == header,
              let second = lines.popFirst() else { return nil }
        let fingerprint = string(bytes, second)
        var cache = RenderCache(fingerprint: fingerprint, notes: [:], attachments: [:])
        // Lines are read in chunks on all cores; any line that does not read makes the cache void.
        let all = Array(lines.filter { !$0.isEmpty })
        let chunkSize = max(256, all.count / 8 + 1)
        let chunks = stride(from: 0, to: all.count, by: chunkSize).map { all[$0..<min($0 + chunkSize, all.count)] }
        let parsed = Parallel.map(chunks) { chunk -> [Entry]? in
            var entries: [Entry] = []
            entries.reserveCapacity(chunk.count)
            for line in chunk {
                let fields = split(bytes, line, 0x09)
                let kind = bytes[line.lowerBound]
                if kind == UInt8(ascii: "a"), fields.count == 3 {
                    entries.append(.attachment(unescape(bytes, fields[1]), unescape(bytes, fields[2])))
                } else if kind == UInt8(ascii: "n"), fields.count == 12, let summary = summary(bytes, fields),
                          let searchLength = Int(string(bytes, fields[11])) {
                    entries.append(.note(summary, searchLength, line))
                } else {
                    return nil
                }
            }
            return entries
        }
        cache.notes.reserveCapacity(all.count)
        cache.source = bytes
        var searchLengths: [String: Int] = [:]
        for chunk in parsed {
            guard let chunk else { return nil }
            for entry in chunk {
                switch entry {
                case .attachment(let path, let stamp): cache.attachments[path] = stamp
                case .note(let summary, let searchLength, let line):
                    cache.notes[summary.path] = summary
                    cache.lines[summary.path] = line
                    searchLengths[summary.path] = searchLength
                }
            }
        }
        // The search entries, one per note in path order, each of the length noted.
        guard let data = FileManager.default.contents(atPath: output + "/" + SearchIndex.path) else { return nil }
        let script = [UInt8](data)
        guard let entries = SearchIndex.entries(inScript: script) else { return nil }
        let paths = cache.notes.keys.sorted()
        guard entries.count == paths.count else { return nil }
        for (path, entry) in zip(paths, entries) {
            guard entry.count == searchLengths[path] else { return nil }
            cache.notes[path]?.searchJSON = string(script, entry)
        }
        return cache
    }

    private enum Entry: Sendable {
        case attachment(String, String)
        /// A note's summary (with no search entry yet), the length of its search entry in bytes,
        /// and its line.
        case note(NoteSummary, Int, Range<Int>)
    }

    /// The ranges between `separator` bytes within `range`.
    static func split(_ bytes: [UInt8], _ range: Range<Int>, _ separator: UInt8) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = range.lowerBound
        bytes.withUnsafeBufferPointer { buffer in
            for index in range where buffer[index] == separator {
                parts.append(start..<index)
                start = index + 1
            }
        }
        parts.append(start..<range.upperBound)
        return parts
    }

    private static func string(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    private static func summary(_ bytes: [UInt8], _ fields: [Range<Int>]) -> NoteSummary? {
        guard let size = Int64(string(bytes, fields[2])), let mtime = Int64(string(bytes, fields[3])) else { return nil }
        var headings: [NoteSummary.HeadingSummary] = []
        if !fields[6].isEmpty {
            for item in split(bytes, fields[6], 0x1F) {
                let parts = split(bytes, item, 0x1E)
                guard parts.count == 3, let level = Int(string(bytes, parts[0])) else { return nil }
                headings.append(.init(level: level, text: unescape(bytes, parts[1]), slug: unescape(bytes, parts[2])))
            }
        }
        // The search entry is filled in from the search index.
        return NoteSummary(path: unescape(bytes, fields[1]), size: size, mtime: mtime, title: unescape(bytes, fields[4]),
                           tags: list(bytes, fields[5]), headings: headings, blockIDs: list(bytes, fields[7]),
                           aliases: list(bytes, fields[8]), linksTo: list(bytes, fields[9]), embeds: list(bytes, fields[10]),
                           searchJSON: "")
    }

    /// The cache as the bytes of its file. Notes whose summaries are the same as in `previous`
    /// (the cache this render started from) keep their lines from it.
    func encoded(reusing previous: RenderCache? = nil) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(notes.count * 2048)
        func line(_ fields: [String]) {
            for (index, field) in fields.enumerated() {
                if index > 0 { out.append(0x09) }
                out += field.utf8
            }
            out.append(0x0A)
        }
        line([Self.header])
        line([fingerprint])
        for path in attachments.keys.sorted() {
            line(["a", Self.escape(path), Self.escape(attachments[path] ?? "")])
        }
        // Note lines are encoded in chunks on all cores, then joined in path order.
        let paths = notes.keys.sorted()
        let chunkSize = max(256, paths.count / 8 + 1)
        let chunks = stride(from: 0, to: paths.count, by: chunkSize).map { paths[$0..<min($0 + chunkSize, paths.count)] }
        let notes = self.notes
        let encoded = Parallel.map(chunks) { chunk -> [UInt8] in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(chunk.count * 2048)
            for path in chunk {
                guard let note = notes[path] else { continue }
                if let previous, let line = previous.lines[path], previous.notes[path] == note {
                    bytes += previous.source[line]
                    bytes.append(0x0A)
                    continue
                }
                // Fields are appended as bytes, escaped in place (no string per field).
                bytes.append(UInt8(ascii: "n"))
                for text in [note.path, String(note.size), String(note.mtime), note.title] {
                    bytes.append(0x09)
                    Self.appendEscaped(text, to: &bytes)
                }
                bytes.append(0x09)
                Self.appendList(note.tags, to: &bytes)
                bytes.append(0x09)
                for (index, heading) in note.headings.enumerated() {
                    if index > 0 { bytes.append(0x1F) }
                    Self.appendEscaped(String(heading.level), to: &bytes)
                    bytes.append(0x1E)
                    Self.appendEscaped(heading.text, to: &bytes)
                    bytes.append(0x1E)
                    Self.appendEscaped(heading.slug, to: &bytes)
                }
                for list in [note.blockIDs, note.aliases, note.linksTo, note.embeds] {
                    bytes.append(0x09)
                    Self.appendList(list, to: &bytes)
                }
                bytes.append(0x09)
                Self.appendEscaped(String(note.searchJSON.utf8.count), to: &bytes)
                bytes.append(0x0A)
            }
            return bytes
        }
        var data = Data(out)
        data.reserveCapacity(out.count + encoded.reduce(0) { $0 + $1.count })
        for chunk in encoded { data.append(contentsOf: chunk) }
        return data
    }

    /// Escaping leaves U+001F alone, so a list splits on it before its items are unescaped.
    private static func list(_ bytes: [UInt8], _ range: Range<Int>) -> [String] {
        guard !range.isEmpty else { return [] }
        return split(bytes, range, 0x1F).map { unescape(bytes, $0) }
    }


    /// A list is its escaped items joined by U+001F (unit separator); U+001E separates a heading's parts.
    private static func appendList(_ items: [String], to bytes: inout [UInt8]) {
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(0x1F) }
            appendEscaped(item, to: &bytes)
        }
    }

    /// Appends `text` escaped as ``escape(_:)`` escapes it.
    private static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case 0x5C: bytes += [0x5C, 0x5C]
                case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
                case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
                case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
                default: bytes.append(byte)
                }
            }
        }
    }

    /// Escapes `\\`, tab, LF and CR, working on UTF-8 bytes (Character iteration was too slow here).
    static func escape(_ text: String) -> String {
        let bytes = text.utf8
        guard text.containsUTF8Byte(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
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

    static func unescape(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        guard bytes[range].contains(0x5C) else { return String(decoding: bytes[range], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var escaping = false
        for byte in bytes[range] {
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
