import KnapMarkdown

/// What a snippet is expected to print on stdout, and where in the note that is written.
public struct Expectation: Sendable, Hashable {
    /// One marker written in the code: a block marker with its comment lines, an inline marker,
    /// or a `// Prints "…"` comment.
    public struct Mark: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// `// Output:` then comment lines, up to `lastLine`; `prefix` is `//` or `#`.
            case block(lastLine: Int, prefix: String)
            /// `# Output: text`: one expected line on the marker's own line.
            case inline
            /// `// Prints "text"`: one expected line.
            case prints
        }

        public var kind: Kind
        /// The marker's note line.
        public var line: Int
    }

    public enum Source: Sendable, Hashable {
        /// An ```` ```output ```` fence right after the code.
        case outputFence(CodeBlock)
        /// Markers in the code's comments, in source order; their lines together are the output.
        case comments([Mark])
        /// Nothing: the snippet must compile and exit 0, and is reported as `ran`.
        case none
    }

    public var source: Source
    /// The expected lines; empty for `.none`.
    public var lines: [String]
    /// The note line each expected line is written on (as many as `lines`).
    public var noteLines: [Int]
    /// `// Unordered output:` or the `unordered` attribute.
    public var unordered: Bool

    public init(source: Source, lines: [String], noteLines: [Int], unordered: Bool) {
        self.source = source
        self.lines = lines
        self.noteLines = noteLines
        self.unordered = unordered
    }

    public static let none = Expectation(source: .none, lines: [], noteLines: [], unordered: false)

    public var isNone: Bool { if case .none = source { true } else { false } }
}

/// A marker that looks like an expectation but cannot be read, such as `// Output:` with no
/// comment lines after it: the snippet fails with this message instead of passing unread.
public struct UnreadExpectation: Sendable, Hashable {
    /// The marker's note line.
    public var line: Int
    public var message: String
}
