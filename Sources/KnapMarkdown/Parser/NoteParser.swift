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
    /// The bytes are not UTF-8; `line` is where the first bad byte is.
    case notUTF8(String, line: Int)

    public var description: String {
        switch self {
        case .missing(let path): "\(path): no such file"
        case .directory(let path): "\(path): is a directory, not a note"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .notUTF8(let path, let line): "\(path):\(line): not valid UTF-8"
        }
    }

    /// What is wrong, without the path (for a diagnostic that names the file already).
    public var reason: String {
        switch self {
        case .missing: "no such file"
        case .directory: "is a directory, not a note"
        case .unreadable(_, let reason): "cannot read: \(reason)"
        case .notUTF8: "not valid UTF-8"
        }
    }

    /// The line the problem is on: the first bad byte's line for UTF-8 errors, else 1.
    public var line: Int {
        if case .notUTF8(_, let line) = self { return line }
        return 1
    }

    public var path: String {
        switch self {
        case .missing(let path), .directory(let path), .unreadable(let path, _), .notUTF8(let path, _): path
        }
    }
}

/// Turns a note's text into a ``Note``: frontmatter, then cmark, then Obsidian's dialect.
public enum NoteParser {
    /// Reads and parses the file at `path`.
    public static func parse(fileAt path: String) throws(NoteReadError) -> Note {
        let text = try read(path)
        return parse(text, path: path)
    }

    /// Reads a note's text, refusing directories and bytes that are not UTF-8.
    public static func read(_ path: String) throws(NoteReadError) -> String {
        let bytes = try FileReader.bytes(atPath: path)
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw .notUTF8(path, line: lineOfFirstInvalidByte(bytes))
    }

    /// Reads a note's bytes, refusing directories and bytes that are not UTF-8. For a command
    /// that parses one note with ``parse(bytes:path:split:)``: no `String` of the whole text is made.
    public static func readBytes(_ path: String) throws(NoteReadError) -> [UInt8] {
        let bytes = try FileReader.bytes(atPath: path)
        if let invalid = bytes.withUnsafeBufferPointer({ UTF8Validation.firstInvalidOffset(in: $0) }) {
            throw .notUTF8(path, line: line(ofOffset: invalid, in: bytes))
        }
        return bytes
    }

    /// The file line of the first byte that is not valid UTF-8 (1 when there is none).
    private static func lineOfFirstInvalidByte(_ bytes: some ContiguousBytes) -> Int {
        bytes.withUnsafeBytes { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            return line(ofOffset: UTF8Validation.firstInvalidOffset(in: buffer) ?? 0, in: buffer)
        }
    }

    /// The 1-based line of a byte offset.
    private static func line(ofOffset offset: Int, in bytes: some Collection<UInt8>) -> Int {
        bytes.prefix(offset).reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    /// Decodes UTF-8, or says on which line the first invalid byte is.
    public static func decode(_ data: Data, path: String) throws(NoteReadError) -> String {
        if let text = String(validating: data, as: UTF8.self) { return text }
        throw .notUTF8(path, line: lineOfFirstInvalidByte(data))
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
    public static func parse(bytes text: [UInt8], path: String, split: Bool) -> Note {
        var bytes = normalizedBytes(text)
        var diagnostics: [Diagnostic] = []

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
