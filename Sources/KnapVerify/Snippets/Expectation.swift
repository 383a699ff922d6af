import KnapMarkdown

/// What a snippet is expected to print on stdout, and where in the note that is written.
public struct Expectation: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// An ```` ```output ```` fence right after the code.
        case outputFence(CodeBlock)
        /// A trailing `// Output:` / `# Output:` comment block: the marker's note line, the last
        /// comment line's note line, and the comment prefix (`//` or `#`).
        case commentBlock(markerLine: Int, lastLine: Int, prefix: String)
        /// `// Prints "text"` comments, with their note lines.
        case prints(lines: [Int])
        /// Nothing: the snippet must compile and exit 0.
        case none
    }

    public var source: Source
    /// The expected lines; empty for `.none`.
    public var lines: [String]
    /// `// Unordered output:` or the `unordered` attribute.
    public var unordered: Bool

    public static let none = Expectation(source: .none, lines: [], unordered: false)

    public var isNone: Bool { if case .none = source { true } else { false } }
}
