/// A snippet's binary built ahead of its run: the merged program and the selector that picks the snippet.
public struct PreparedBinary: Sendable, Hashable {
    public var path: String
    /// The value of ``SwiftMerger/selector`` for this snippet.
    public var selector: String
}
