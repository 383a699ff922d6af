import Foundation
import KnapMarkdown

/// The last verdict of `knap verify` on one snippet, kept in the index (table `verify_last`) by
/// note path and fence line, so that `knap render` can draw it as a badge. `hash` covers the
/// snippet's fences (language, attributes, code, and its output fence), so a record whose note
/// changed since is recognised as stale and not shown.
public struct SnippetRecord: Sendable, Hashable {
    /// The note, vault-relative.
    public var path: String
    /// The snippet's (first) opening fence line.
    public var line: Int
    /// The last line of the snippet's last fence (its output fence included).
    public var endLine: Int
    public var language: String
    /// `pass`, `fail` or `skip`.
    public var status: String
    public var durationMs: Int
    /// ``hash(of:)`` of the snippet's fences when it was verified.
    public var hash: String
    public var updatedAt: Date

    public init(path: String, line: Int, endLine: Int, language: String, status: String, durationMs: Int,
                hash: String, updatedAt: Date = Date()) {
        self.path = path
        self.line = line
        self.endLine = endLine
        self.language = language
        self.status = status
        self.durationMs = durationMs
        self.hash = hash
        self.updatedAt = updatedAt
    }

    /// A hash of fences: their languages, attributes and code, in order.
    public static func hash(of blocks: [CodeBlock]) -> String {
        var text = ""
        for block in blocks {
            text += block.language + "\u{1}"
            for attribute in block.attributes { text += attribute.key + (attribute.value.map { "=" + $0 } ?? "") + "\u{1}" }
            text += "\u{2}" + block.code + "\u{3}"
        }
        return ContentHash.of(text)
    }

    /// Whether the note's fences at `line…endLine` are still the ones this record judged.
    public func isCurrent(in note: Note) -> Bool {
        let blocks = note.codeBlocks.filter { (line...max(line, endLine)).contains($0.fenceLine) }
        return !blocks.isEmpty && blocks[0].fenceLine == line && Self.hash(of: blocks) == hash
    }
}
