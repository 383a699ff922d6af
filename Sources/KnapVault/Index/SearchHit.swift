/// A note found by ``VaultIndex/search(_:tag:limit:)``.
public struct SearchHit: Sendable, Codable, Equatable {
    public var path: String
    public var title: String
    /// The line of the best match in the note's file (1 when the match is only in the title or aliases).
    public var line: Int
    /// Text around the match, with matched words between ``SearchHit/markStart`` and ``SearchHit/markEnd``.
    public var snippet: String
    /// bm25 rank: lower is better.
    public var score: Double

    public static let markStart = "«"
    public static let markEnd = "»"
}
