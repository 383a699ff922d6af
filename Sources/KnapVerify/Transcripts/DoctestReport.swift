import Foundation

/// What the doctest driver says about one transcript, and the verdict from it: each failing
/// example is shown at its own note line with doctest's expected and actual output.
struct DoctestReport: Decodable {
    struct Failure: Decodable {
        var line: Int
        var source: String
        var want: String
        var got: String
    }

    var attempted: Int?
    var failures: [Failure]?
    /// A transcript doctest could not parse (`>>>` without a space, inconsistent indentation).
    var error: String?

    static func judge(_ json: String, member: Snippet, base: SnippetResult, stderr: String) -> SnippetResult {
        var result = base
        guard let report = try? JSONDecoder().decode(DoctestReport.self, from: Data(json.utf8)) else {
            result.message = "the doctest driver's report could not be read"
            return result
        }
        let firstLine = member.files.first?.firstLine ?? member.line + 1
        if let error = report.error {
            result.message = "doctest cannot read the transcript: \(noteLines(error, path: member.path, firstLine: firstLine))"
            return result
        }
        let failures = report.failures ?? []
        let attempted = report.attempted ?? 0
        guard !failures.isEmpty else {
            result.status = .pass
            return result
        }
        result.message = "\(failures.count) of \(attempted) example\(attempted == 1 ? "" : "s") failed"
        result.details = failures.map { failure in
            "\(member.path):\(firstLine + failure.line): Failed example:\n" + indent(failure.source)
                + (failure.want.isEmpty ? "Expected nothing\n" : "Expected:\n" + indent(failure.want))
                + (failure.got.isEmpty ? "Got nothing" : "Got:\n" + indent(failure.got))
        }
        if !stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            result.details.append("stderr (last lines):\n" + stderr.split(separator: "\n").suffix(SnippetRun.stderrTail).joined(separator: "\n"))
        }
        return result
    }

    /// doctest's `line 7 of the docstring for snippet_12.py` as `notes/X.md:20`.
    static func noteLines(_ message: String, path: String, firstLine: Int) -> String {
        guard let match = message.firstMatch(of: /line (\d+) of the docstring for snippet_\d+\.py/), let number = Int(match.1) else {
            return message
        }
        return message.replacingCharacters(in: match.range, with: "\(path):\(firstLine + number - 1)")
    }

    private static func indent(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.map { "    " + $0 + "\n" }.joined()
    }
}
