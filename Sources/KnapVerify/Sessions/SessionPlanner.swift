import KnapMarkdown

/// Decides, for the snippets of one note, which are doctest transcripts and `setup` fences, what
/// each reads on stdin, and which run in a session after the snippets before them.
///
/// - Python blocks whose first non-blank line starts with `>>>` are transcripts; the transcripts
///   of a note form one doctest session (after the note's Python `setup` fences before them).
/// - A snippet with `continue`, or every snippet of a note in session mode, runs after all the
///   earlier snippets of its language in the note, as one program (a script session). Snippets
///   that are `isolated`, `ignore`d, only checked (`no-run`, `compile-fail`) or multi-file stay out.
/// - A snippet outside a session runs after the `setup` fences of its language before it.
public struct SessionPlanner: Sendable {
    /// Runners whose snippets can share one interpreter, shell or program.
    static let scriptRunners: Set<String> = ["python", "sh", "bash", "swift"]

    public var registry: RunnerRegistry

    public init(registry: RunnerRegistry) {
        self.registry = registry
    }

    /// `inputs` are the note's ```` ```input ```` fences; `sessionMode` is true when the note (its
    /// frontmatter `verify: session`) or the vault's `knap.yaml` puts every snippet in a session.
    public func plan(_ snippets: [Snippet], inputs: [CodeBlock], sessionMode: Bool) -> [Snippet] {
        var planned = snippets.map { snippet -> Snippet in
            var snippet = snippet
            snippet.plan.role = role(of: snippet)
            if snippet.plan.role != .program { snippet.expectation = .none }
            snippet.plan.stdin = stdin(of: snippet, inputs: inputs, next: snippets.first { $0.line > snippet.line })
            return snippet
        }
        for runner in Self.scriptRunners {
            let indices = planned.indices.filter { self.registry.runner(for: planned[$0].language)?.name == runner }
            guard !indices.isEmpty else { continue }
            planTranscripts(&planned, indices: indices, runner: runner)
            planScripts(&planned, indices: indices, runner: runner, sessionMode: sessionMode)
        }
        return planned
    }

    func role(of snippet: Snippet) -> SnippetPlan.Role {
        let blocks = snippet.files.map(\.block)
        if blocks.contains(where: { $0.attribute("setup") != nil }) { return .setup }
        guard registry.runner(for: snippet.language)?.name == "python", snippet.files.count == 1,
              let first = snippet.files[0].code.split(separator: "\n").first(where: { !$0.allSatisfy(\.isWhitespace) })
        else { return .program }
        let text = first.drop { $0 == " " || $0 == "\t" }
        return text == ">>>" || text.hasPrefix(">>> ") ? .transcript : .program
    }

    /// `stdin=TEXT` (with `\n` for a line break, and a final line break added), or the code of the
    /// first ```` ```input ```` fence between the snippet and the next one.
    func stdin(of snippet: Snippet, inputs: [CodeBlock], next: Snippet?) -> String? {
        if let text = snippet.files.lazy.compactMap({ $0.block.attribute("stdin") }).first {
            return text.replacingOccurrences(of: "\\n", with: "\n") + "\n"
        }
        let end = snippet.lastBlock.endLine
        let limit = next?.line ?? Int.max
        return inputs.first { $0.fenceLine > end && $0.fenceLine < limit }?.code
    }

    /// The note's transcripts of this runner form one doctest session, with the setups before them.
    private func planTranscripts(_ planned: inout [Snippet], indices: [Int], runner: String) {
        guard let last = indices.last(where: { planned[$0].plan.role == .transcript }) else { return }
        let members = indices.filter { $0 <= last && runs(planned[$0]) && planned[$0].plan.role != .program }
        let session = Session(id: "\(planned[last].path):\(runner):doctest", kind: .doctest, runner: runner,
                              members: members.map { plain(planned[$0]) })
        for index in members where planned[index].plan.role == .transcript { planned[index].plan.session = session }
    }

    /// The script session of this runner (up to its last continuing snippet), and the setups that
    /// run before each snippet outside it.
    private func planScripts(_ planned: inout [Snippet], indices: [Int], runner: String, sessionMode: Bool) {
        let eligible = indices.filter { sessionable(planned[$0]) }
        let continuing = eligible.filter { sessionMode || planned[$0].files.contains { $0.block.attribute("continue") != nil } }
        if let last = continuing.last {
            let members = eligible.filter { $0 <= last }
            let session = Session(id: "\(planned[last].path):\(runner):session", kind: kind(runner), runner: runner,
                                  members: members.map { plain(planned[$0]) })
            for index in members where index == members[0] || continuing.contains(index) {
                planned[index].plan.session = session
            }
        }
        for index in indices where planned[index].plan.session == nil && planned[index].plan.role != .transcript
            && runs(planned[index]) && planned[index].files.count == 1 {
            let setups = indices.filter { $0 < index && planned[$0].plan.role == .setup && runs(planned[$0]) && planned[$0].files.count == 1 }
            guard !setups.isEmpty else { continue }
            let snippet = planned[index]
            planned[index].plan.session = Session(id: "\(snippet.path):\(runner):\(snippet.line)", kind: kind(runner), runner: runner,
                                                  members: (setups + [index]).map { plain(planned[$0]) })
        }
    }

    /// A snippet that runs at all: not ignored, readable, not only checked.
    private func runs(_ snippet: Snippet) -> Bool {
        !snippet.attributes.ignore && snippet.problem == nil && !snippet.attributes.noRun && !snippet.attributes.compileFail
    }

    private func sessionable(_ snippet: Snippet) -> Bool {
        runs(snippet) && snippet.plan.role != .transcript && snippet.files.count == 1
            && !snippet.files.contains { $0.block.attribute("isolated") != nil }
            && !(snippet.language == "swift" && snippet.files[0].code.contains("@main"))
    }

    private func kind(_ runner: String) -> Session.Kind {
        runner == "swift" ? .swift : .script
    }

    private func plain(_ snippet: Snippet) -> Snippet {
        var copy = snippet
        copy.plan.session = nil
        return copy
    }
}
