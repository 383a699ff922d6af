import KnapMarkdown

/// One program to verify: one fence, or several consecutive fences that name files.
public struct Snippet: Sendable {
    /// One source file of the program, and where its first line is in the note.
    public struct File: Sendable, Hashable {
        public var name: String
        public var code: String
        /// The note line of the file's first line.
        public var firstLine: Int
        /// The fence (for bless and messages).
        public var block: CodeBlock
    }

    /// The note, as the user named it (`notes/X.md`).
    public var path: String
    /// The line of the (first) opening fence; what reports show.
    public var line: Int
    /// The fence's language as written (`py`, `swift`).
    public var language: String
    public var files: [File]
    /// The entry point (`main.swift`, `main.py`, or the only file).
    public var entry: String
    public var attributes: SnippetAttributes
    public var expectation: Expectation
    /// The headings the snippet is under, outermost first.
    public var headings: [String]
    /// Why the snippet cannot run, such as a multi-file program without a `main`; it then fails with this message.
    public var problem: String?
    /// Markers that could not be read; each is also in `problem`, so the snippet fails.
    public var unread: [UnreadExpectation] = []
    /// Transcript, setup, stdin and session (see ``SessionPlanner``).
    public var plan = SnippetPlan()

    public var lastBlock: CodeBlock { files[files.count - 1].block }

    /// Whether a clean run compares nothing: no expected output, no exit status or failure asked
    /// for, and a real run (not `no-run` or `compile-fail`) of a program (not a transcript, which
    /// doctest compares, nor a `setup`, which is not meant to be). Such a run is reported as `ran`.
    public var comparesNothing: Bool {
        plan.role == .program && expectation.isNone && attributes.exitCode == nil && !attributes.shouldFail && !attributes.noRun && !attributes.compileFail
    }
}

/// A fence that is not verified, and why (another language, `ignore`).
public struct SkippedBlock: Sendable {
    public var path: String
    public var line: Int
    public var language: String
    public var reason: String
    public var headings: [String]
}
