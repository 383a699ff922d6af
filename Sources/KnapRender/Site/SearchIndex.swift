import Foundation
import KnapMarkdown

/// The search page's data: one entry per note, written as scripts that fill `window.KNAP_SEARCH`
/// (scripts, not fetched JSON files, so the search works from `file://`). The entries are spread
/// over ``shardCount`` scripts by a hash of the note's path; within a shard they are in path order.
struct SearchIndex {
    struct Entry: Codable, Sendable {
        var title: String
        /// The page, relative to the site root.
        var url: String
        var headings: [String]
        var tags: [String]
        var text: String

        /// The entry as `JSONEncoder` with sorted keys writes it (a test holds the two to the same
        /// bytes), built by hand: the encoder took a tenth of a full render.
        func json() -> String {
            var out: [UInt8] = []
            out.reserveCapacity(text.utf8.count + title.utf8.count + url.utf8.count + 256)
            out += #"{"headings":["#.utf8
            for (index, heading) in headings.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.append(heading, to: &out)
            }
            out += #"],"tags":["#.utf8
            for (index, tag) in tags.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.append(tag, to: &out)
            }
            out += #"],"text":"#.utf8
            Self.append(text, to: &out)
            out += #","title":"#.utf8
            Self.append(title, to: &out)
            out += #","url":"#.utf8
            Self.append(url, to: &out)
            out.append(UInt8(ascii: "}"))
            return String(decoding: out, as: UTF8.self)
        }

        private static let hex = Array("0123456789abcdef".utf8)

        /// A JSON string literal, escaped as `JSONEncoder` escapes it (`/` as `\/` too).
        static func append(_ string: String, to out: inout [UInt8]) {
            out.append(UInt8(ascii: "\""))
            var string = string
            string.withUTF8 { bytes in
                // Runs of bytes that need no escape are copied whole; eight bytes are passed at a
                // time while none of them needs a look.
                let count = bytes.count
                var start = 0
                var index = 0
                while index < count {
                    index = WordBytes.skip(bytes, from: index, whilePlain: { !mayNeedEscape($0) })
                    let end = min(index + 8, count)
                    while index < end {
                        let byte = bytes[index]
                        index += 1
                        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == 0x5C || byte == UInt8(ascii: "/") else { continue }
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]))
                        start = index
                        out.append(0x5C)
                        switch byte {
                        case 0x0A: out.append(UInt8(ascii: "n"))
                        case 0x0D: out.append(UInt8(ascii: "r"))
                        case 0x09: out.append(UInt8(ascii: "t"))
                        case 0x08: out.append(UInt8(ascii: "b"))
                        case 0x0C: out.append(UInt8(ascii: "f"))
                        case 0..<0x20:
                            out.append(UInt8(ascii: "u"))
                            out.append(UInt8(ascii: "0"))
                            out.append(UInt8(ascii: "0"))
                            out.append(hex[Int(byte >> 4)])
                            out.append(hex[Int(byte & 0xF)])
                        default: out.append(byte)
                        }
                    }
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<count]))
            }
            out.append(UInt8(ascii: "\""))
        }

        /// Whether any of eight bytes is below 0x20, `"`, `\` or `/` (exactly: no false answers).
        @inline(__always)
        private static func mayNeedEscape(_ word: UInt64) -> Bool {
            WordBytes.containsByte(word, below: 0x20) || WordBytes.contains(word, 0x22) || WordBytes.contains(word, 0x5C)
                || WordBytes.contains(word, 0x2F)
        }
    }

    /// How much of a note's text goes into the index.
    static let maxText = 20_000

    /// A note's entry as JSON. `url` is the page's site path.
    static func json(for note: Note, title: String, url: String) -> String {
        var bytes: [UInt8] = []
        appendText(of: note.document, to: &bytes)
        var text = String(decoding: bytes, as: UTF8.self)
        if text.utf8.count > maxText && text.count > maxText { text = String(text.prefix(maxText)) }
        let entry = Entry(title: PlainText.clean(title), url: URLText.href(url),
                          headings: note.headings.map { PlainText.clean($0.text) },
                          tags: Array(Set(note.tags.map(\.normalized))).sorted(), text: PlainText.clean(text))
        return entry.json()
    }

    /// Block texts separated by spaces, code included.
    private static func appendText(of node: MarkdownNode, to text: inout [UInt8]) {
        switch node.kind {
        case .paragraph, .heading, .tableCell, .calloutTitle:
            node.appendPlainText(to: &text)
        case .codeBlock(_, let literal):
            text += literal.utf8
        case .displayMath(let math):
            text += math.utf8
        default:
            for child in node.children { appendText(of: child, to: &text) }
            return
        }
        text.append(UInt8(ascii: " "))
    }

    /// The index is split into this many scripts (shards), each loaded by its own `<script>` tag,
    /// so that a change to one note rewrites one shard, not the whole index.
    static let shardCount = 16

    /// The site path of shard `shard`: `_knap/search-index-07.js`.
    static func path(ofShard shard: Int) -> String {
        "_knap/search-index-" + (shard < 10 ? "0" : "") + String(shard) + ".js"
    }

    /// The shard a note's entry is in: a hash of its vault path (stable across runs and machines).
    static func shard(of notePath: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in notePath.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash % UInt32(shardCount))
    }

    /// The `<script>` tags of every shard, for the search page.
    static let scriptTags = (0..<shardCount).map { "<script src=\"\(path(ofShard: $0))\"></script>" }.joined(separator: "\n")

    /// Each shard adds its entries to `window.KNAP_SEARCH`.
    private static let scriptStart = Array("window.KNAP_SEARCH = (window.KNAP_SEARCH || []).concat([".utf8)
    private static let scriptEnd = Array("]);\n".utf8)

    /// The entries of a script that ``script(_:)`` wrote, in order; nil when it is not such a
    /// script. (Entries are JSON with no raw newline, so each is one line.)
    static func entries(inScript script: [UInt8]) -> [Range<Int>]? {
        let end = script.count - scriptEnd.count
        guard end >= scriptStart.count, script.starts(with: scriptStart),
              script[end...].elementsEqual(scriptEnd) else { return nil }
        var entries: [Range<Int>] = []
        var start = scriptStart.count
        guard start < end else { return [] }
        script.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            // memchr: a byte loop over the whole index took a tenth of an incremental render.
            while start < end, let found = memchr(base + start, 0x0A, end - start) {
                let index = found.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base)
                entries.append(start..<index)
                start = index + 1
            }
        }
        entries.append(start..<end)
        for (number, entry) in entries.enumerated().dropLast() {
            guard let last = entry.last, script[last] == UInt8(ascii: ",") else { return nil }
            entries[number] = entry.dropLast()
        }
        return entries
    }

    /// ``script(_:)`` for entries given as bytes.
    static func script(bytes entries: [ArraySlice<UInt8>]) -> Data {
        var data = Data()
        data.reserveCapacity(entries.reduce(64) { $0 + $1.count + 2 })
        data.append(contentsOf: scriptStart)
        for (index, entry) in entries.enumerated() {
            if index > 0 { data.append(contentsOf: [UInt8(ascii: ","), 0x0A]) }
            data.append(contentsOf: entry)
        }
        data.append(contentsOf: scriptEnd)
        return data
    }

    /// The script that adds the entries (each already JSON), one per line, to `window.KNAP_SEARCH`.
    static func script(_ entries: [String]) -> Data {
        var data = Data()
        data.reserveCapacity(entries.reduce(64) { $0 + $1.utf8.count + 2 })
        data.append(contentsOf: scriptStart)
        for (index, entry) in entries.enumerated() {
            if index > 0 { data.append(contentsOf: [UInt8(ascii: ","), 0x0A]) }
            var entry = entry
            entry.withUTF8 { data.append($0) }
        }
        data.append(contentsOf: scriptEnd)
        return data
    }
}
