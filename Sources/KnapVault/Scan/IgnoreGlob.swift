/// A gitignore-like glob over vault-relative paths.
///
/// - `*` matches within one path segment, `?` one character, `**` any number of segments.
/// - A glob without `/` (other than a trailing one) matches a file or folder name anywhere.
/// - A glob with a `/` inside, or a leading `/`, matches from the vault root.
/// - A trailing `/` matches folders only. Everything under an ignored folder is ignored.
public struct IgnoreGlob: Hashable, Sendable, CustomStringConvertible {
    public let pattern: String
    private let segments: [Substring]
    private let anchored: Bool
    private let directoryOnly: Bool

    public init(_ pattern: String) {
        self.pattern = pattern
        var body = Substring(pattern)
        directoryOnly = body.hasSuffix("/")
        while body.hasSuffix("/") { body.removeLast() }
        anchored = body.contains("/")
        while body.hasPrefix("/") { body.removeFirst() }
        segments = body.split(separator: "/", omittingEmptySubsequences: true)
    }

    public var description: String { pattern }

    /// Whether the glob matches `path` itself (not its parents; the scanner stops at ignored folders).
    public func matches(_ path: String, isDirectory: Bool) -> Bool {
        if directoryOnly && !isDirectory { return false }
        guard !segments.isEmpty else { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if anchored { return Self.match(segments[...], parts[...]) }
        guard let name = parts.last else { return false }
        return Self.match(segments[...], [name][...])
    }

    private static func match(_ globs: ArraySlice<Substring>, _ parts: ArraySlice<Substring>) -> Bool {
        guard let glob = globs.first else { return parts.isEmpty }
        if glob == "**" {
            let rest = globs.dropFirst()
            for skip in 0...parts.count where match(rest, parts.dropFirst(skip)) { return true }
            return false
        }
        guard let part = parts.first else { return false }
        return matchSegment(Array(glob)[...], Array(part)[...]) && match(globs.dropFirst(), parts.dropFirst())
    }

    private static func matchSegment(_ glob: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let first = glob.first else { return text.isEmpty }
        switch first {
        case "*":
            let rest = glob.dropFirst()
            for skip in 0...text.count where matchSegment(rest, text.dropFirst(skip)) { return true }
            return false
        case "?":
            return !text.isEmpty && matchSegment(glob.dropFirst(), text.dropFirst())
        default:
            return text.first == first && matchSegment(glob.dropFirst(), text.dropFirst())
        }
    }
}
