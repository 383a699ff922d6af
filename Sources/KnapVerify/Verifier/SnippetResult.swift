/// The verdict on one snippet or skipped fence.
public struct SnippetResult: Sendable {
    /// `ran`: it ran cleanly but nothing was compared (no expected output); it counts as passed
    /// unless `--strict` says otherwise.
    public enum Status: String, Sendable, Codable {
        case pass, ran, fail, skip

        /// `pass` or `ran`.
        public var passed: Bool { self == .pass || self == .ran }
    }

    public var path: String
    public var line: Int
    public var language: String
    public var status: Status
    /// Whether a stored passing result was used instead of running.
    public var cached: Bool
    public var duration: Double
    /// One line: why it failed or was skipped; "" for a pass or a `ran`.
    public var message: String
    /// The details of a failure, in order: mapped compiler errors, the diff, the exit status, the stderr tail.
    public var details: [String]
    /// What the snippet printed on stdout, for `--bless`; nil when it did not run to the end.
    public var actualOutput: String?
    /// The snippet, when this is one (nil for a skipped fence).
    public var snippet: Snippet?
    /// Whether the run was ended by its timeout.
    public var timedOut = false
    /// A failure's cause outside the note (a missing module, no display…), when one was recognised.
    public var environmentCause: FailureCause.Environment?

    public init(path: String, line: Int, language: String, status: Status, cached: Bool = false, duration: Double = 0,
                message: String = "", details: [String] = [], actualOutput: String? = nil, snippet: Snippet? = nil) {
        self.path = path
        self.line = line
        self.language = language
        self.status = status
        self.cached = cached
        self.duration = duration
        self.message = message
        self.details = details
        self.actualOutput = actualOutput
        self.snippet = snippet
    }
}
