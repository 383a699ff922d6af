import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a note could not be read. Each case names the file.
public enum NoteReadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No file at the path.
    case missing(String)
    /// The path is a directory.
    case directory(String)
    /// The file exists but could not be read (permissions, I/O).
    case unreadable(String, reason: String)

    public var description: String {
        "\(path): \(reason)"
    }

    /// What is wrong, without the path (for a diagnostic that names the file already).
    public var reason: String {
        switch self {
        case .missing: "no such file"
        case .directory: "is a folder, not a note: give a .md file (for a whole vault, use knap check DIR)"
        case .unreadable(_, let reason): "cannot read: \(reason)"
        }
    }

    public var path: String {
        switch self {
        case .missing(let path), .directory(let path), .unreadable(let path, _): path
        }
    }
}

/// A note file's text: its bytes as UTF-8, each invalid sequence read as U+FFFD, and where the
/// first invalid byte was (line, and column in bytes) when there was one.
public struct NoteText: Hashable, Sendable {
    public var text: String
    public var firstInvalidByte: SourceLocation?

    public init(text: String, firstInvalidByte: SourceLocation? = nil) {
        self.text = text
        self.firstInvalidByte = firstInvalidByte
    }
}

/// Turns a note's text into a ``Note``: frontmatter, then cmark, then Obsidian's dialect.
public enum NoteParser {
    /// Reads and parses the file at `path`.
    public static func parse(fileAt path: String) throws(NoteReadError) -> Note {
        parse(try read(path), path: path)
    }

    /// Reads a note's text, refusing directories. Bytes that are not UTF-8 are read as U+FFFD.
    public static func read(_ path: String) throws(NoteReadError) -> NoteText {
        decode(try FileReader.bytes(atPath: path))
    }

    /// A note's text from its bytes: each invalid UTF-8 sequence becomes U+FFFD (one per maximal
    /// invalid subpart, as Unicode recommends), and the first one's place is kept.
    public static func decode(_ bytes: [UInt8]) -> NoteText {
        if let text = String(validating: bytes, as: UTF8.self) { return NoteText(text: text) }
        return NoteText(text: String(decoding: bytes, as: UTF8.self), firstInvalidByte: firstInvalidByte(in: bytes))
    }

    /// Reads a note's bytes, refusing directories; invalid UTF-8 is replaced as ``read(_:)`` does.
    /// For a command that parses one note with ``parse(bytes:path:split:firstInvalidByte:)``:
    /// no `String` of the whole text is made when the bytes are valid.
    public static func readBytes(_ path: String) throws(NoteReadError) -> (bytes: [UInt8], firstInvalidByte: SourceLocation?) {
        let bytes = try FileReader.bytes(atPath: path)
        guard let location = firstInvalidByte(in: bytes) else { return (bytes, nil) }
        return (Array(String(decoding: bytes, as: UTF8.self).utf8), location)
    }

    /// The line and column (in bytes) of the first byte that is not valid UTF-8, or nil.
    static func firstInvalidByte(in bytes: [UInt8]) -> SourceLocation? {
        guard let offset = bytes.withUnsafeBufferPointer({ UTF8Validation.firstInvalidOffset(in: $0) }) else { return nil }
        let lineStart = bytes[..<offset].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let line = bytes[..<offset].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        return SourceLocation(line: line, column: offset - lineStart + 1)
    }

    /// Parses a note read by ``read(_:)``, with an `invalid-utf8` warning when it had bad bytes.
    public static func parse(_ note: NoteText, path: String) -> Note {
        parse(bytes: Array(note.text.utf8), path: path, split: false, firstInvalidByte: note.firstInvalidByte)
    }

    /// Parses a note's text. Never fails: problems become diagnostics.
    public static func parse(_ text: String, path: String) -> Note {
        parse(text, path: path, split: false)
    }

    /// The same; with `split`, a large note (``TwoWay/minimumBytes`` or more) is copied from
    /// cmark and rewritten in two halves at once, on two threads. The note is the same.
    /// For a command that parses one note; a vault already parses notes on every core.
    public static func parse(_ text: String, path: String, split: Bool) -> Note {
        parse(bytes: Array(text.utf8), path: path, split: split)
    }

    /// The same from the note's bytes, which must be valid UTF-8 (as ``readBytes(_:)`` returns them).
    /// With `firstInvalidByte`, where the file's first invalid byte was, the note gets an
    /// `invalid-utf8` warning there.
    public static func parse(bytes text: [UInt8], path: String, split: Bool, firstInvalidByte: SourceLocation? = nil) -> Note {
        var bytes = normalizedBytes(text)
        var diagnostics: [Diagnostic] = []
        if let place = firstInvalidByte {
            diagnostics.append(Diagnostic(line: place.line, column: place.column, severity: .warning, code: "invalid-utf8",
                                          message: "not valid UTF-8: each invalid byte sequence is read as U+FFFD"))
        }

        // Frontmatter: its lines become blank for cmark, so file lines stay the same.
        var frontmatter = Frontmatter()
        if let block = Frontmatter.block(in: bytes) {
            let yaml = String(decoding: bytes[block.yaml], as: UTF8.self)
            let (read, problems) = Frontmatter.read(yaml: yaml, firstLine: 2, lines: 1...(block.closing + 1))
            frontmatter = read
            diagnostics += problems
            for index in 0..<block.end where bytes[index] != UInt8(ascii: "\n") { bytes[index] = UInt8(ascii: " ") }
        }

        Comments.blankOut(&bytes)  // looks for `%%` with memchr first
        let source = SourceText(bytes: bytes)
        // A large note in two halves, each with its own rewriter; the second's findings follow
        // the first's, and its heading slugs are made unique after them.
        let halves = split && bytes.count >= TwoWay.minimumBytes
        let (parts, empty, flattened) = CommonMark.parseInHalves(
            bytes: bytes, maxDepth: NoteParser.maxDepth, cutText: halves,
            minimumBlocks: halves ? TwoWay.minimumBlocks : Int.max
        ) { half -> (MarkdownNode, ObsidianRewriter) in
            var rewriter = ObsidianRewriter(source: source)
            return (rewriter.rewrite(document: half), rewriter)
        }
        if let line = flattened {
            diagnostics.append(Diagnostic(line: line, column: 1, severity: .warning, code: "too-deep",
                                          message: "blocks nested deeper than \(NoteParser.maxDepth) levels are flattened"))
        }
        var document: MarkdownNode
        var rewriter: ObsidianRewriter
        if parts.count == 2 {
            document = empty
            document.children = parts[0].0.children + parts[1].0.children
            rewriter = parts[0].1
            rewriter.append(parts[1].1)
        } else {
            document = parts.first?.0 ?? empty
            rewriter = parts.first?.1 ?? ObsidianRewriter(source: source)
        }

        var tags = frontmatter.tags.map { Tag(name: $0, line: frontmatter.lines?.lowerBound ?? 1, column: 1, source: .frontmatter) }
        tags += rewriter.tags
        diagnostics += duplicateBlockIDs(rewriter.blockIDs)
        for index in diagnostics.indices { diagnostics[index].path = path }

        return Note(path: path, frontmatter: frontmatter, tags: tags, headings: rewriter.headings, links: rewriter.links,
                    callouts: rewriter.callouts, codeBlocks: rewriter.codeBlocks, blockIDs: rewriter.blockIDs,
                    diagnostics: diagnostics, document: document)
    }

    /// How deep blocks may nest before deeper containers are flattened into their parent.
    public static let maxDepth = 100

    /// UTF-8 bytes with a byte-order mark dropped and CRLF or CR line endings made LF.
    static func normalizedBytes(_ text: [UInt8]) -> [UInt8] {
        var bytes = text
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let hasCarriageReturn = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { memchr($0, Int32(UInt8(ascii: "\r")), buffer.count) != nil } ?? false
        }
        guard hasCarriageReturn else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\r") {
                out.append(UInt8(ascii: "\n"))
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    private static func duplicateBlockIDs(_ ids: [BlockID]) -> [Diagnostic] {
        var seen: [String: BlockID] = [:]
        var found: [Diagnostic] = []
        for id in ids {
            if let first = seen[id.id.lowercased()] {
                found.append(Diagnostic(line: id.line, column: id.column, severity: .error, code: "duplicate-block-id",
                                        message: "duplicate block id ^\(id.id) (first at line \(first.line))"))
            } else {
                seen[id.id.lowercased()] = id
            }
        }
        return found
    }
}
