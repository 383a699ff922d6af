/// Why a link did not resolve.
public enum UnresolvedReason: Hashable, Sendable {
    /// No note or attachment has that name or path.
    case noSuchFile
    /// The file exists but has no heading (or heading chain) `heading`.
    case noSuchHeading(path: String, heading: String)
    /// The note exists but has no block `^block`.
    case noSuchBlock(path: String, block: String)
}
