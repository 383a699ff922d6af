/// A shell transcript, as terminals show one: `$ command` lines, each followed by its output.
/// Verified only when its fence (`console`, `shell-session`, `sh-session`) says `verify`.
///
/// The rules, exactly:
/// 1. A line that starts with `$ ` (or is only `$`) is a command; the prompt is `$` and one space.
/// 2. While a command line ends with `\`, the next line belongs to the command, as the shell reads
///    it; a `> ` prompt at the start of such a line is dropped.
/// 3. Every other line, up to the next command, is that command's expected output: stdout and
///    stderr together, as the terminal showed them. Knap's matching applies (trailing whitespace
///    and trailing empty lines ignored, a line `...` matches any run of lines).
/// 4. Only blank lines may stand before the first command.
/// 5. The commands run in order in one `sh` in the snippet's folder, so `cd`, variables and files
///    carry over; each is compared with its own output. The exit status is not compared.
struct ShellTranscript: Sendable {
    struct Step: Sendable {
        var command: String
        /// The note line of the `$` line.
        var line: Int
        var expected: [String]
    }

    var steps: [Step] = []
    /// Why the transcript cannot be read; nil when it can.
    var problem: String?

    static func parse(_ code: String, firstLine: Int) -> ShellTranscript {
        var transcript = ShellTranscript()
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard line == "$" || line.hasPrefix("$ ") else {
                if transcript.steps.isEmpty {
                    if !line.allSatisfy(\.isWhitespace) {
                        transcript.problem = "line \(firstLine + index): output before the first `$ ` command"
                        return transcript
                    }
                } else {
                    transcript.steps[transcript.steps.count - 1].expected.append(line)
                }
                index += 1
                continue
            }
            var command = String(line.dropFirst(min(2, line.count)))
            let start = index
            while command.hasSuffix("\\"), index + 1 < lines.count {
                index += 1
                var next = Substring(lines[index])
                if next.hasPrefix("> ") { next = next.dropFirst(2) }
                command += "\n" + next
            }
            transcript.steps.append(Step(command: command, line: firstLine + start, expected: []))
            index += 1
        }
        if transcript.steps.isEmpty { transcript.problem = "no `$ ` command in the transcript" }
        return transcript
    }
}
