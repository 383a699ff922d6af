/// What a link points to, as ``LinkResolver`` decides it.
public enum LinkResolution: Hashable, Sendable {
    /// The link names `path` (vault-relative, as on disk). `anchor` is the target heading's
    /// slug, or `^id` for a block; nil when the link names the whole file.
    case resolved(path: String, anchor: String?)
    /// Nothing matches. `hint` says what the user may have meant, when Knap can tell.
    case unresolved(UnresolvedReason, hint: String?)
    /// More than one file matches equally well; the paths, sorted.
    case ambiguous([String])

    /// The file the link lands on, when there is exactly one (even if its heading or block is missing).
    public var targetPath: String? {
        switch self {
        case .resolved(let path, _): path
        case .unresolved(.noSuchHeading(let path, _), _), .unresolved(.noSuchBlock(let path, _), _): path
        case .unresolved(.noSuchFile, _), .ambiguous: nil
        }
    }

    public var isResolved: Bool {
        if case .resolved = self { return true }
        return false
    }
}

/// Why a link did not resolve.
public enum UnresolvedReason: Hashable, Sendable {
    /// No note or attachment has that name or path.
    case noSuchFile
    /// The file exists but has no heading (or heading chain) `heading`.
    case noSuchHeading(path: String, heading: String)
    /// The note exists but has no block `^block`.
    case noSuchBlock(path: String, block: String)
}
