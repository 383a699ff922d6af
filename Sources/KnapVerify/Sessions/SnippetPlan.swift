/// How a snippet takes part in its note beyond its own fence: whether it is a doctest transcript
/// or a `setup` fence, what it reads on stdin, and the session whose program it runs in.
public struct SnippetPlan: Sendable {
    public enum Role: String, Sendable, Hashable {
        /// An ordinary program, compared with its expectation.
        case program
        /// A Python `>>>` transcript, verified with `doctest`.
        case transcript
        /// A `setup` fence: it runs, but its output is not compared.
        case setup
        /// One command of a shell transcript (``ShellTranscript``): stdout and stderr together.
        case shellStep
    }

    public var role: Role = .program
    /// What the program reads on stdin (`stdin=TEXT`, or a following ```` ```input ```` fence);
    /// nil for `/dev/null`.
    public var stdin: String?
    /// The session that runs this snippet after the ones before it; nil when it runs alone.
    public var session: Session?

    public init() {}

    /// What the plan adds to a snippet's cache key: its role, its stdin, and every snippet that
    /// runs before it in its session.
    func cacheText(line: Int) -> String {
        var text = "role=\(role.rawValue)\nstdin=\(stdin.map { "\($0.utf8.count)\n\($0)" } ?? "-")\n"
        guard let session else { return text }
        text += "session=\(session.kind.rawValue)\n"
        // Each earlier member by its digest (computed once per session), so a note of n listings
        // hashes O(n²) short lines, not O(n²) listings.
        for (member, digest) in zip(session.members, session.digests) {
            text += "member=\(member.line) \(digest)\n"
            if member.line == line { break }
        }
        return text
    }
}

/// Snippets of one note that run as one program, in note order. Every member is a plain copy
/// (its own `plan.session` is nil); the snippets reported from the session point at it.
public final class Session: Sendable {
    public enum Kind: String, Sendable {
        /// Python `>>>` transcripts, sharing their globals as `doctest.testfile` does.
        case doctest
        /// Python or shell snippets run by one interpreter or shell.
        case script
        /// Swift snippets compiled as one program (``SwiftSessionBuild``).
        case swift
        /// A `console` transcript with `verify`, its commands run by one `sh` (``ShellTranscriptRun``).
        case shellTranscript
    }

    /// `notes/X.md:python:12` (note, runner, first member's line): unique in a run.
    public let id: String
    public let kind: Kind
    /// The runner's name (`python`, `sh`, `bash`).
    public let runner: String
    public let members: [Snippet]

    /// SHA-256 of each member's role, attributes, stdin and code, in member order.
    let digests: [String]

    init(id: String, kind: Kind, runner: String, members: [Snippet]) {
        self.id = id
        self.kind = kind
        self.runner = runner
        self.members = members
        digests = members.map { member in
            var text = "role=\(member.plan.role.rawValue) attributes=\(member.attributes.canonical)\n"
            text += "stdin=\(member.plan.stdin.map { "\($0.utf8.count)\n\($0)" } ?? "-")\n"
            for file in member.files { text += "\(file.code.utf8.count)\n\(file.code)\n" }
            return SHA256.hex(Array(text.utf8))
        }
    }
}
