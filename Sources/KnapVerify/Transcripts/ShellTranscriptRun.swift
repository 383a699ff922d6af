import KnapMarkdown

/// Verifies one shell transcript: its commands become the steps of a shell session (one `sh`,
/// stdout and stderr together), each compared with its own expected lines; the transcript passes
/// when every command does.
struct ShellTranscriptRun {
    /// Fence languages of terminal transcripts.
    static let languages: Set<String> = ["console", "shell-session", "sh-session"]

    let transcript: Snippet
    let options: VerifyOptions
    let environment: [String: String]
    /// The sandbox its shell runs in, as for any snippet.
    var isolation: SnippetIsolation?

    func run() -> SnippetResult {
        var result = SnippetResult(path: transcript.path, line: transcript.line, language: transcript.language, status: .fail,
                                   snippet: transcript)
        guard let file = transcript.files.first else { return result }
        let parsed = ShellTranscript.parse(file.code, firstLine: file.firstLine)
        if let problem = parsed.problem {
            result.message = "unreadable transcript: \(problem)"
            return result
        }
        let steps = parsed.steps.map { step -> Snippet in
            var member = transcript
            member.line = step.line
            member.files = [Snippet.File(name: "step.sh", code: step.command + "\n", firstLine: step.line, block: file.block)]
            member.plan = SnippetPlan()
            member.plan.role = .shellStep
            member.expectation = .none
            return member
        }
        let session = Session(id: "\(transcript.path):transcript:\(transcript.line)", kind: .script, runner: "sh", members: steps)
        var run = SessionRun(session: session, options: options, environment: environment, interpreters: [:])
        run.isolation = isolation
        let results = run.run()
        var failures: [String] = []
        for (step, stepResult) in zip(parsed.steps, results) {
            let heading = "\(transcript.path):\(step.line): $ \(step.command)"
            guard stepResult.status == .pass, let actual = stepResult.actualOutput else {
                failures.append(([heading, stepResult.message] + stepResult.details).joined(separator: "\n"))
                continue
            }
            if !OutputMatcher.matches(expected: step.expected, actual: actual, unordered: false) {
                let diff = UnifiedDiff.make(expected: OutputMatcher.normalize(step.expected),
                                            actual: OutputMatcher.normalize(OutputMatcher.lines(actual)))
                failures.append(heading + "\n" + diff)
            }
        }
        if failures.isEmpty {
            result.status = .pass
        } else {
            result.message = "\(failures.count) of \(parsed.steps.count) command\(parsed.steps.count == 1 ? "" : "s") differ"
            result.details = failures
        }
        return result
    }

    /// The note's transcript fences that say `verify`, as snippets (taken out of `skipped`).
    static func snippets(from skipped: inout [SkippedBlock], note: Note) -> [Snippet] {
        var snippets: [Snippet] = []
        for block in note.codeBlocks where block.fenced && languages.contains(block.language.lowercased()) {
            guard let position = skipped.firstIndex(where: { $0.line == block.fenceLine }) else { continue }
            guard block.attribute("verify") != nil else {
                skipped[position].reason = "\(block.language) transcript: runs only with `verify`"
                continue
            }
            let headings = skipped[position].headings
            skipped.remove(at: position)
            let file = Snippet.File(name: "transcript.sh", code: block.code, firstLine: block.line, block: block)
            var snippet = Snippet(path: note.path, line: block.fenceLine, language: block.language, files: [file],
                                  entry: file.name, attributes: SnippetAttributes(block.attributes), expectation: .none,
                                  headings: headings, problem: nil)
            snippet.plan.role = .transcript
            if !snippet.attributes.ignore {
                var member = snippet
                member.plan.session = nil
                snippet.plan.session = Session(id: "\(note.path):console:\(block.fenceLine)", kind: .shellTranscript,
                                               runner: "sh", members: [member])
            }
            snippets.append(snippet)
        }
        return snippets
    }
}
