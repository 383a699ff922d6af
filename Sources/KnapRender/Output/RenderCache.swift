import Foundation
import KnapMarkdown

/// What the last render knew, kept in `_knap/cache.txt` in the output folder: a fingerprint of
/// everything that affects every page (options, templates, the list of files), the site path of
/// every file, the tag pages, and a summary of each note. A cache whose fingerprint differs is
/// ignored (a full render).
///
/// The format is plain lines of tab-separated fields (with `\t`, `\n`, `\r`, `\\` escaped), one
/// line per note, sorted by path. Loading reads only what an incremental render needs for every
/// note (path, size, modification time, site path); the rest of a note's line is decoded when it
/// is asked for, so a render after one change does not decode 10,000 summaries. The second line
/// holds a checksum of the lines after it: a damaged cache is not read at all, and a line that
/// still does not decode makes the render fall back to a full one.
///
/// A note's search entry is not repeated here: the cache keeps its length, and the entries are
/// read back from the site's search index shards, which list them in path order. A shard that
/// does not match the lengths makes the cache void.
struct RenderCache: Sendable {
    static let path = "_knap/cache.txt"
    static let header = "knap-render-cache 5"

    /// Where a note's line is, and the fields every render reads.
    struct Entry: Sendable {
        var line: Range<Int>
        var size: Int64
        var mtime: Int64
    }

    /// The fields of a note's line.
    enum Field: Int {
        case kind, path, size, mtime, page, title, tags, headings, blockIDs, aliases, linksTo, embeds, attachments, searchLength
        static let count = 14
    }

    var fingerprint: String
    /// Note paths in the order of their lines (sorted, as the vault scan sorts them).
    private(set) var order: [String] = []
    /// Each note's line, in the same order.
    private(set) var entries: [Entry] = []
    /// The site path of every note and attachment.
    private(set) var pages: [String: String] = [:]
    /// Attachment path → "size:mtime" when the last render published it, ``privateStamp`` when not.
    private(set) var attachments: [String: String] = [:]
    /// Normalized tag → its page's site path.
    private(set) var tagPages: [String: String] = [:]
    /// Site folder of note pages → its modification time when the last render had written its
    /// pages: a folder whose time is the same still holds them (no file was added or removed).
    private(set) var folderStamps: [String: Int64] = [:]
    /// The bytes of the file.
    private(set) var source: [UInt8] = []

    private init(fingerprint: String) {
        self.fingerprint = fingerprint
    }

    /// The cache in `output`, whatever its fingerprint (so that it can be read while the vault
    /// is scanned, before the fingerprint is known). A cache that cannot be read is treated as
    /// absent: the render is then full, never wrong.
    static func load(output: String) -> RenderCache? {
        guard let bytes = try? FileReader.bytes(atPath: output + "/" + path) else { return nil }
        return RenderCache(bytes: bytes)
    }

    /// The stamp of an attachment the last render did not publish (nothing linked to it, or it was refused).
    static let privateStamp = "private"

    init?(bytes: [UInt8]) {
        let lines = ByteLines.split(bytes, 0..<bytes.count, 0x0A)
        guard lines.count >= 2, Self.string(bytes, lines[0]) == Self.header else { return nil }
        let top = ByteLines.split(bytes, lines[1], 0x09)
        guard top.count == 2, let checksum = UInt64(Self.string(bytes, top[1]), radix: 16) else { return nil }
        let body = lines[1].upperBound + 1
        guard body <= bytes.count, Self.checksum(bytes, body..<bytes.count) == checksum else { return nil }
        fingerprint = Self.string(bytes, top[0])
        source = bytes
        entries.reserveCapacity(lines.count)
        order.reserveCapacity(lines.count)
        pages.reserveCapacity(lines.count)
        for line in lines.dropFirst(2) where !line.isEmpty {
            switch bytes[line.lowerBound] {
            case UInt8(ascii: "n"):
                // The first fields only; the rest waits until the note's summary is asked for.
                let fields = ByteLines.split(bytes, line, 0x09, limit: Field.page.rawValue + 1)
                guard fields.count == Field.page.rawValue + 1,
                      let size = ByteLines.integer(bytes, fields[Field.size.rawValue]),
                      let mtime = ByteLines.integer(bytes, fields[Field.mtime.rawValue]) else { return nil }
                let path = Self.unescape(bytes, fields[Field.path.rawValue])
                // Sorted, so that a note is found by a binary search.
                if let last = order.last, !(last < path) { return nil }
                entries.append(Entry(line: line, size: size, mtime: mtime))
                order.append(path)
                pages[path] = Self.unescape(bytes, fields[Field.page.rawValue])
            case UInt8(ascii: "a"):
                let fields = ByteLines.split(bytes, line, 0x09)
                guard fields.count == 4 else { return nil }
                let path = Self.unescape(bytes, fields[1])
                attachments[path] = Self.unescape(bytes, fields[2])
                pages[path] = Self.unescape(bytes, fields[3])
            case UInt8(ascii: "t"):
                let fields = ByteLines.split(bytes, line, 0x09)
                guard fields.count == 3 else { return nil }
                tagPages[Self.unescape(bytes, fields[1])] = Self.unescape(bytes, fields[2])
            case UInt8(ascii: "f"):
                let fields = ByteLines.split(bytes, line, 0x09)
                guard fields.count == 3, let stamp = ByteLines.integer(bytes, fields[2]) else { return nil }
                folderStamps[Self.unescape(bytes, fields[1])] = stamp
            default:
                return nil
            }
        }
    }

    /// The line of the note at `path`.
    func entry(of path: String) -> Entry? {
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            if order[middle] < path { low = middle + 1 } else { high = middle }
        }
        return low < order.count && order[low] == path ? entries[low] : nil
    }

    /// Whether the cache has a line for the note at `path`.
    func contains(_ path: String) -> Bool {
        entry(of: path) != nil
    }

    // MARK: - Summaries

    /// The summary of the note at `path` (its search entry left empty), or nil when the cache has
    /// no such note or its line does not decode.
    func summary(of path: String) -> NoteSummary? {
        entry(of: path).flatMap { summary(line: $0) }
    }

    /// The length in bytes of the note's search entry.
    func searchLength(of path: String) -> Int? {
        entry(of: path).flatMap(searchLength(line:))
    }

    private func searchLength(line entry: Entry) -> Int? {
        guard let tab = ByteLines.lastIndex(of: 0x09, in: source, entry.line) else { return nil }
        return ByteLines.integer(source, (tab + 1)..<entry.line.upperBound).map(Int.init)
    }

    private func summary(line entry: Entry) -> NoteSummary? {
        let bytes = source
        let fields = ByteLines.split(bytes, entry.line, 0x09)
        guard fields.count == Field.count else { return nil }
        func field(_ name: Field) -> Range<Int> { fields[name.rawValue] }
        var headings: [NoteSummary.HeadingSummary] = []
        if !field(.headings).isEmpty {
            for item in ByteLines.split(bytes, field(.headings), 0x1F) {
                let parts = ByteLines.split(bytes, item, 0x1E)
                guard parts.count == 3, let level = Int(Self.string(bytes, parts[0])) else { return nil }
                headings.append(.init(level: level, text: Self.unescape(bytes, parts[1]), slug: Self.unescape(bytes, parts[2])))
            }
        }
        return NoteSummary(path: Self.unescape(bytes, field(.path)), size: entry.size, mtime: entry.mtime,
                           title: Self.unescape(bytes, field(.title)), tags: Self.list(bytes, field(.tags)),
                           headings: headings, blockIDs: Self.list(bytes, field(.blockIDs)),
                           aliases: Self.list(bytes, field(.aliases)), linksTo: Self.list(bytes, field(.linksTo)),
                           embeds: Self.list(bytes, field(.embeds)), attachments: Self.list(bytes, field(.attachments)),
                           searchJSON: "")
    }

    /// Every note's summary with its search entry (read from the shards in `output`); nil when a
    /// line does not decode or the shards do not match the lengths noted.
    func allSummaries(output: String) -> [String: NoteSummary]? {
        let chunkSize = max(256, order.count / 8 + 1)
        let chunks = stride(from: 0, to: order.count, by: chunkSize).map { order[$0..<min($0 + chunkSize, order.count)] }
        let decoded = Parallel.map(chunks) { chunk -> [NoteSummary]? in
            var summaries: [NoteSummary] = []
            summaries.reserveCapacity(chunk.count)
            for path in chunk {
                guard let summary = summary(of: path), summary.path == path else { return nil }
                summaries.append(summary)
            }
            return summaries
        }
        var all: [String: NoteSummary] = [:]
        all.reserveCapacity(order.count)
        for chunk in decoded {
            guard let chunk else { return nil }
            for summary in chunk { all[summary.path] = summary }
        }
        for shard in 0..<SearchIndex.shardCount {
            guard let entries = searchEntries(output: output, shard: shard) else { return nil }
            for (path, json) in entries { all[path]?.searchJSON = json }
        }
        return all
    }

    /// The entries of one search index shard, by note path; nil when the shard is missing or does
    /// not hold the notes of the cache, in order, with the lengths noted.
    func searchEntries(output: String, shard: Int) -> [(path: String, json: String)]? {
        guard let (script, entries) = searchEntryRanges(output: output, shard: shard) else { return nil }
        return entries.map { ($0.path, Self.string(script, $0.range)) }
    }

    /// ``searchEntries(output:shard:)`` as the shard's bytes and each entry's range in them.
    func searchEntryRanges(output: String, shard: Int) -> (script: [UInt8], entries: [(path: String, range: Range<Int>)])? {
        let lines = order.indices.filter { SearchIndex.shard(of: order[$0]) == shard }
        guard let script = try? FileReader.bytes(atPath: output + "/" + SearchIndex.path(ofShard: shard)),
              let ranges = SearchIndex.entries(inScript: script), ranges.count == lines.count else { return nil }
        var result: [(path: String, range: Range<Int>)] = []
        result.reserveCapacity(lines.count)
        for (line, range) in zip(lines, ranges) {
            guard searchLength(line: entries[line]) == range.count else { return nil }
            result.append((order[line], range))
        }
        return (script, result)
    }

    /// The notes (other than `excluded` ones) whose `field` list (``Field/linksTo`` or
    /// ``Field/embeds``) holds `path`, sorted; nil when a line does not decode. The lines are
    /// found by a byte search for the path, then decoded.
    func notes(listing path: String, in field: Field, excluding excluded: Set<String>) -> [String]? {
        notes(listing: path, in: field, excluding: excluded, among: lines(mentioning: path))
    }

    /// The lines of this cache in which `path` (escaped) appears: a byte search of the whole cache,
    /// which ``notes(listing:in:excluding:among:)`` can then use for either field.
    func lines(mentioning path: String) -> [Range<Int>] {
        var needle: [UInt8] = []
        Self.appendEscaped(path, to: &needle)
        var hits: [Range<Int>] = []
        let skips = ByteLines.skips(for: needle)
        source.withUnsafeBufferPointer { buffer in
            var start = 0
            while let at = ByteLines.firstIndex(of: needle, in: buffer, from: start, skips: skips) {
                var lineStart = at
                while lineStart > 0 && buffer[lineStart - 1] != 0x0A { lineStart -= 1 }
                var lineEnd = at
                while lineEnd < buffer.count && buffer[lineEnd] != 0x0A { lineEnd += 1 }
                hits.append(lineStart..<lineEnd)
                start = lineEnd + 1
            }
        }
        return hits
    }

    /// ``notes(listing:in:excluding:)`` among the lines that `lines(mentioning: path)` found.
    func notes(listing path: String, in field: Field, excluding excluded: Set<String>, among hits: [Range<Int>]) -> [String]? {
        var found: [String] = []
        for line in hits where source[line.lowerBound] == UInt8(ascii: "n") {
            let fields = ByteLines.split(source, line, 0x09)
            guard fields.count == Field.count else { return nil }
            let owner = Self.unescape(source, fields[Field.path.rawValue])
            if !excluded.contains(owner), Self.list(source, fields[field.rawValue]).contains(path) { found.append(owner) }
        }
        return found.sorted()
    }

    // MARK: - Writing

    /// The cache file for a render: every note's summary (with its search entry) and site path,
    /// every attachment's stamp and site path, every tag's page. Notes whose summaries are the
    /// same as in `previous` keep their lines from it.
    static func encoded(fingerprint: String, notes: [String: NoteSummary], attachments: [String: String],
                        pages: [String: String], tagPages: [String: String], folderStamps: [String: Int64],
                        reusing previous: RenderCache?, previousNotes: [String: NoteSummary]?) -> CacheFile {
        // Note lines are encoded in chunks on all cores, then joined in path order.
        let paths = notes.keys.sorted()
        let chunkSize = max(256, paths.count / 8 + 1)
        let chunks = stride(from: 0, to: paths.count, by: chunkSize).map { paths[$0..<min($0 + chunkSize, paths.count)] }
        let encoded = Parallel.map(chunks) { chunk -> [UInt8] in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(chunk.count * 400)
            for path in chunk {
                guard let note = notes[path] else { continue }
                if let previous, let entry = previous.entry(of: path), previousNotes?[path] == note,
                   previous.pages[path] == pages[path] {
                    bytes += previous.source[entry.line]
                    bytes.append(0x0A)
                    continue
                }
                appendLine(note, page: pages[path] ?? "", to: &bytes)
            }
            return bytes
        }
        var tables: [UInt8] = []
        appendTables(attachments: attachments, pages: pages, tagPages: tagPages, folderStamps: folderStamps, to: &tables)
        return CacheFile(fingerprint: fingerprint, body: [tables[...]] + encoded.map { $0[...] })
    }

    /// This cache with the lines of `fresh` notes (already in it, at the same site paths) replaced,
    /// and new folder stamps.
    /// The unchanged lines are slices of this cache's bytes, not copied.
    func replacing(_ fresh: [NoteSummary], folderStamps: [String: Int64]) -> CacheFile {
        let replaced = fresh.compactMap { summary in entry(of: summary.path).map { ($0.line, summary) } }
            .sorted { $0.0.lowerBound < $1.0.lowerBound }
        var tables: [UInt8] = []
        Self.appendTables(attachments: attachments, pages: pages, tagPages: tagPages, folderStamps: folderStamps, to: &tables)
        var body = [tables[...]]
        // Note lines come after the tables; each is kept, or encoded again if replaced.
        var copied = entries.first?.line.lowerBound ?? source.count
        for (line, summary) in replaced {
            body.append(source[copied..<line.lowerBound])
            var encoded: [UInt8] = []
            Self.appendLine(summary, page: pages[summary.path] ?? "", to: &encoded)
            body.append(encoded[...])
            copied = min(line.upperBound + 1, source.count)
        }
        body.append(source[copied...])
        return CacheFile(fingerprint: fingerprint, body: body)
    }

    /// The lines of attachments, tags and folders, each sorted.
    private static func appendTables(attachments: [String: String], pages: [String: String], tagPages: [String: String],
                                     folderStamps: [String: Int64], to out: inout [UInt8]) {
        func line(_ fields: [String]) {
            for (index, field) in fields.enumerated() {
                if index > 0 { out.append(0x09) }
                appendEscaped(field, to: &out)
            }
            out.append(0x0A)
        }
        for path in attachments.keys.sorted() {
            line(["a", path, attachments[path] ?? "", pages[path] ?? ""])
        }
        for tag in tagPages.keys.sorted() {
            line(["t", tag, tagPages[tag] ?? ""])
        }
        for folder in folderStamps.keys.sorted() {
            line(["f", folder, String(folderStamps[folder] ?? 0)])
        }
    }

    /// A note's line. Fields are appended as bytes, escaped in place (no string per field).
    private static func appendLine(_ note: NoteSummary, page: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "n"))
        for text in [note.path, String(note.size), String(note.mtime), page, note.title] {
            bytes.append(0x09)
            appendEscaped(text, to: &bytes)
        }
        bytes.append(0x09)
        appendList(note.tags, to: &bytes)
        bytes.append(0x09)
        for (index, heading) in note.headings.enumerated() {
            if index > 0 { bytes.append(0x1F) }
            appendEscaped(String(heading.level), to: &bytes)
            bytes.append(0x1E)
            appendEscaped(heading.text, to: &bytes)
            bytes.append(0x1E)
            appendEscaped(heading.slug, to: &bytes)
        }
        for list in [note.blockIDs, note.aliases, note.linksTo, note.embeds, note.attachments] {
            bytes.append(0x09)
            appendList(list, to: &bytes)
        }
        bytes.append(0x09)
        appendEscaped(String(note.searchJSON.utf8.count), to: &bytes)
        bytes.append(0x0A)
    }

    // MARK: - Bytes

    private static func string(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// Escaping leaves U+001F alone, so a list splits on it before its items are unescaped.
    private static func list(_ bytes: [UInt8], _ range: Range<Int>) -> [String] {
        guard !range.isEmpty else { return [] }
        return ByteLines.split(bytes, range, 0x1F).map { unescape(bytes, $0) }
    }

    /// A list is its escaped items joined by U+001F (unit separator); U+001E separates a heading's parts.
    private static func appendList(_ items: [String], to bytes: inout [UInt8]) {
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(0x1F) }
            appendEscaped(item, to: &bytes)
        }
    }

    /// Appends `text` with `\\`, tab, LF and CR escaped.
    private static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            // Most fields need no escape: copied whole.
            if !utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                bytes.append(contentsOf: utf8)
                return
            }
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

    /// A hash of `range` taken eight bytes at a time: cheap enough to check the whole cache on
    /// every render, and any damaged byte changes it.
    static func checksum(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
        var sum = Checksum(length: range.count)
        bytes.withUnsafeBytes { raw in sum.add(UnsafeRawBufferPointer(rebasing: raw[range])) }
        return sum.value
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

/// A cache file as pieces of bytes (slices of the last cache's bytes, mostly): its first line, then
/// its fingerprint and the checksum of the body, then the body. Written piece by piece.
struct CacheFile: Equatable, Sendable {
    var pieces: [ArraySlice<UInt8>]

    init(fingerprint: String, body: [ArraySlice<UInt8>]) {
        var sum = Checksum(length: body.reduce(0) { $0 + $1.count })
        for piece in body { piece.withUnsafeBytes { sum.add($0) } }
        let digits = String(sum.value, radix: 16)
        let top = RenderCache.header + "\n" + fingerprint + "\t" + String(repeating: "0", count: 16 - digits.count) + digits + "\n"
        pieces = [Array(top.utf8)[...]] + body
    }

    /// The whole file in one array.
    var bytes: [UInt8] { Array(pieces.joined()) }

    static func == (lhs: CacheFile, rhs: CacheFile) -> Bool { lhs.bytes == rhs.bytes }
}

/// ``RenderCache/checksum(_:_:)`` taken over bytes given piece by piece: four lanes of eight
/// bytes, mixed into one at the end (four times the speed of one lane), then the last words and
/// bytes. The length is part of the hash, so it is given first.
struct Checksum {
    private var hash: UInt64
    private var lanes: (UInt64, UInt64, UInt64, UInt64)
    /// Bytes not yet hashed: fewer than a block of 32.
    private var carry: [UInt8] = []

    init(length: Int) {
        hash = 0xcbf2_9ce4_8422_2325 ^ UInt64(length)
        lanes = (hash, hash &+ 1, hash &+ 2, hash &+ 3)
        carry.reserveCapacity(32)
    }

    private static func mix(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        let product = (lane ^ word) &* 0x100_0000_01b3
        return product ^ (product >> 29)
    }

    private mutating func block(_ raw: UnsafeRawBufferPointer, at index: Int) {
        lanes.0 = Self.mix(lanes.0, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        lanes.1 = Self.mix(lanes.1, raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self))
        lanes.2 = Self.mix(lanes.2, raw.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self))
        lanes.3 = Self.mix(lanes.3, raw.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self))
    }

    mutating func add(_ raw: UnsafeRawBufferPointer) {
        var index = 0
        if !carry.isEmpty {
            let taken = min(32 - carry.count, raw.count)
            carry += raw[0..<taken]
            index = taken
            guard carry.count == 32 else { return }
            let full = carry
            full.withUnsafeBytes { block($0, at: 0) }
            carry.removeAll(keepingCapacity: true)
        }
        while index + 32 <= raw.count {
            block(raw, at: index)
            index += 32
        }
        carry += raw[index...]
    }

    var value: UInt64 {
        var hash = Self.mix(Self.mix(Self.mix(Self.mix(self.hash, lanes.0), lanes.1), lanes.2), lanes.3)
        carry.withUnsafeBytes { raw in
            var index = 0
            while index + 8 <= raw.count {
                hash = Self.mix(hash, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                index += 8
            }
            while index < raw.count {
                hash = (hash ^ UInt64(raw[index])) &* 0x100_0000_01b3
                index += 1
            }
        }
        return hash
    }
}
