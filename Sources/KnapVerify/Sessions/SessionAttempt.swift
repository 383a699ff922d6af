import Foundation

/// One run of a session's driver, split at its markers, and the verdict on each member.
struct SessionAttempt {
    let kind: Session.Kind
    let outcome: ProcessOutcome
    let options: VerifyOptions
    let mapper: DiagnosticMapper
    /// The members' segments by their position in this run.
    private let stdout: [Int: SessionMarkers.Segment]
    private let stderr: [Int: SessionMarkers.Segment]
    private let stdoutRest: String
    private let stderrRest: String

    init(kind: Session.Kind, outcome: ProcessOutcome, markers: SessionMarkers, mapper: DiagnosticMapper,
         options: VerifyOptions, count: Int) {
        self.kind = kind
        self.outcome = outcome
        self.options = options
        self.mapper = mapper
        let out = markers.split(outcome.stdout)
        let err = markers.split(outcome.stderr)
        stdout = Dictionary(out.segments.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        stderr = Dictionary(err.segments.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        stdoutRest = out.rest
        stderrRest = err.rest
    }

    /// The verdict on the member at `position`, and whether the program ended in it.
    func judge(_ position: Int, _ member: Snippet) -> (result: SnippetResult, ended: Bool) {
        let base = SnippetResult(path: member.path, line: member.line, language: member.language, status: .fail, snippet: member)
        let timeout = member.attributes.timeout ?? options.timeout
        let errText = stderr[position]?.text ?? stderrRest
        guard let segment = stdout[position] else {
            // The program ended in this member: judge it by how the program ended.
            var ended = outcome
            ended.stdout = Data(stdoutRest.utf8)
            ended.stderr = Data(errText.utf8)
            // A Swift session ends a member at its timeout with SIGALRM (``SwiftSessionBuild``).
            if kind == .swift, outcome.termination == .signaled(SIGALRM) { ended.timedOut = true }
            var result = SnippetRun.judge(member, outcome: ended, timeout: timeout, mapper: mapper, into: base)
            if outcome.stdoutTruncated {
                result.status = .fail
                result.message = "stdout went over 1 MiB in this snippet, so the session lost track of its output"
            } else if result.status == .pass, member.plan.role == .transcript {
                result.status = .fail
                result.message = "the interpreter exited during the transcript (\(outcome.describeTermination(timeout: timeout)))"
            }
            return (finish(result, member), true)
        }
        let status = segment.status
        if status == "timeout" {
            var ended = outcome
            ended.stdout = Data(segment.text.utf8)
            ended.stderr = Data(errText.utf8)
            ended.timedOut = true
            return (finish(SnippetRun.judge(member, outcome: ended, timeout: timeout, mapper: mapper, into: base), member), true)
        }
        if status == "syntax" {
            var result = base
            result.message = "does not compile"
            let output = mapper.map(errText).trimmingCharacters(in: .newlines)
            result.details = output.isEmpty ? [] : [output]
            return (finish(result, member), false)
        }
        if status.hasPrefix("report ") {
            return (DoctestReport.judge(String(status.dropFirst(7)), member: member, base: base, stderr: mapper.map(errText)), false)
        }
        var code: Int32 = 0
        // A transcript's command is judged by its output only; its exit status is not compared.
        if status.hasPrefix("exit "), let value = Int32(status.dropFirst(5)), member.plan.role != .shellStep { code = value }
        let step = ProcessOutcome(termination: .exited(code), stdout: Data(segment.text.utf8), stderr: Data(errText.utf8),
                                  stdoutTruncated: false, stderrTruncated: false, timedOut: false, duration: 0)
        var result = SnippetRun.judge(member, outcome: step, timeout: timeout, mapper: mapper, into: base)
        if member.plan.role == .transcript, result.status == .pass {
            result.status = .fail
            result.message = "the transcript was not run by doctest"
        }
        return (finish(result, member), false)
    }

    /// A setup's or a transcript's output is never blessed into the note.
    private func finish(_ result: SnippetResult, _ member: Snippet) -> SnippetResult {
        var result = result
        if member.plan.role == .setup || member.plan.role == .transcript { result.actualOutput = nil }
        return result
    }
}
