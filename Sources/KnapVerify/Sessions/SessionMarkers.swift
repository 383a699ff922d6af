import Foundation

/// The lines a session's driver writes to stdout and stderr after each snippet, so that each
/// snippet's output can be told apart: `\n` `\u{1}KNAP-<nonce> <index> <status>` `\n`.
///
/// The nonce is random per run and given to the driver on its command line, so a snippet that
/// prints something marker-like does not end its own segment. (A snippet that reads its own
/// command line could forge one; that is the note's author cheating their own note.)
struct SessionMarkers {
    /// What the driver said about one snippet: `ok`, `exit N`, `syntax`, `timeout` or `report <json>`.
    struct Segment {
        var index: Int
        var status: String
        /// What the snippet wrote between the previous marker and its own.
        var text: String
    }

    let nonce: String

    /// The Python drivers' `mark(index, status)`, indented to sit in their main function (where
    /// `nonce` is bound): flushes every stream, then writes the marker to stdout and stderr.
    static let pythonMark = #"""
        def mark(index, status):
            for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
                try:
                    stream.flush()
                except Exception:
                    pass
            data = ("\n\x01KNAP-%s %d %s\n" % (nonce, index, status)).encode()
            os.write(1, data)
            os.write(2, data)
    """#

    init(nonce: String = Self.makeNonce()) {
        self.nonce = nonce
    }

    static func makeNonce() -> String {
        (0..<4).map { _ in String(UInt32.random(in: 0...UInt32.max), radix: 16) }.joined()
    }

    var prefix: String { "\u{1}KNAP-\(nonce) " }

    /// The segments in order, and what was written after the last marker (the unfinished snippet's).
    func split(_ data: Data) -> (segments: [Segment], rest: String) {
        let text = String(decoding: data, as: UTF8.self)
        var segments: [Segment] = []
        var rest = Substring(text)
        while let range = rest.range(of: prefix) {
            var before = rest[..<range.lowerBound]
            if before.hasSuffix("\n") { before = before.dropLast() }
            let after = rest[range.upperBound...]
            guard let end = after.firstIndex(of: "\n") else { break }
            let words = after[..<end].split(separator: " ", maxSplits: 1)
            guard let first = words.first, let index = Int(first) else { break }
            segments.append(Segment(index: index, status: words.count > 1 ? String(words[1]) : "", text: String(before)))
            rest = after[after.index(after: end)...]
        }
        return (segments, String(rest))
    }
}
