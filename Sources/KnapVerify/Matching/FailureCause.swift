import Foundation

/// Why a snippet failed, read from what its compiler or its run printed, so that the report names
/// the cause: a Swift trap's `Fatal error:` line and the note line it happened at, a Python
/// exception and its note line, a link error and its symbol, or an environment cause (a module that
/// is not installed, `input()` at end of file, no display, no network) with how to mark the snippet.
public struct FailureCause: Sendable, Hashable {
    /// A cause outside the note: the machine lacks something the snippet needs.
    public enum Environment: Sendable, Hashable {
        case missingModule(String)
        case inputAtEndOfFile
        case noDisplay
        case noNetwork
    }

    /// One line for the report.
    public var summary: String
    public var environment: Environment?

    /// The cause of a failed compile (`output` already mapped to the note), or nil when it is an
    /// ordinary compile error.
    public static func compile(_ output: String) -> FailureCause? {
        if let module = quoted(after: "error: no such module ", in: output) {
            return environment(.missingModule(module))
        }
        let symbols = output.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "undefined reference to ") else { return nil }
            let rest = line[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "'`\"‘’ "))
            return rest.isEmpty ? nil : rest
        }
        if let symbol = symbols.first {
            let more = Set(symbols).count > 1 ? " (and \(Set(symbols).count - 1) more)" : ""
            return FailureCause(summary: "does not link: undefined symbol \(symbol)\(more)", environment: nil)
        }
        if output.contains("error: link command failed") || output.contains("linker command failed") {
            return FailureCause(summary: "does not link", environment: nil)
        }
        return nil
    }

    /// The cause of a failed run, from its stderr (already mapped to the note, `notePath:LINE`).
    /// `files` maps the snippet's file names to the note line of their first line, for the
    /// `Snippet/main.swift:3` a Swift `Fatal error:` names.
    public static func run(stderr: String, notePath: String, files: [Snippet.File]) -> FailureCause? {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let module = quoted(after: "ModuleNotFoundError: No module named ", in: stderr) {
            return environment(.missingModule(module))
        }
        if lines.contains(where: { $0.hasPrefix("EOFError") }) { return environment(.inputAtEndOfFile) }
        if lines.contains(where: { $0.contains("TclError") && $0.contains("display") })
            || stderr.contains("cannot open display") || stderr.contains("Can't connect to display") {
            return environment(.noDisplay)
        }
        let network = ["Temporary failure in name resolution", "Network is unreachable", "Could not resolve host",
                       "Name or service not known", "No address associated with hostname"]
        if network.contains(where: stderr.contains) { return environment(.noNetwork) }
        if let trap = swiftTrap(lines, notePath: notePath, files: files) { return trap }
        return pythonException(lines, notePath: notePath)
    }

    /// `Fatal error: …` (or `Precondition failed: …`, `Assertion failed: …`) and where: the file and
    /// line it names when that is the snippet's, else the first backtrace frame in the note.
    static func swiftTrap(_ lines: [String], notePath: String, files: [Snippet.File]) -> FailureCause? {
        let kinds = ["Fatal error:", "Precondition failed:", "Assertion failed:"]
        guard let line = lines.first(where: { line in kinds.contains { line.contains($0) } }),
              let range = kinds.lazy.compactMap({ line.range(of: $0) }).first else {
            return nil
        }
        var place: String?
        let named = line[..<range.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: ": "))
        for file in files {
            let prefix = "Snippet/\(file.name):"
            if named.hasPrefix(prefix), let number = Int(named.dropFirst(prefix.count)) {
                place = "\(notePath):\(file.firstLine + number - 1)"
            }
        }
        if place == nil, let frame = lines.first(where: { $0.contains(" at \(notePath):") }),
           let at = frame.range(of: " at \(notePath):") {
            let number = frame[at.upperBound...].prefix { $0.isNumber }
            if !number.isEmpty { place = "\(notePath):\(number)" }
        }
        let message = String(line[range.lowerBound...]).trimmingCharacters(in: .whitespaces)
        return FailureCause(summary: message + (place.map { " (at \($0)\(code(at: $0, notePath: notePath, files: files)))" } ?? ""),
                            environment: nil)
    }

    /// `: print(a[i])`: the snippet's code on the note line that `place` (`notePath:LINE`) names.
    static func code(at place: String, notePath: String, files: [Snippet.File]) -> String {
        guard let number = Int(place.dropFirst(notePath.count + 1)) else { return "" }
        for file in files {
            let lines = SnippetExtractor.lines(of: file.code)
            let index = number - file.firstLine
            if index >= 0, index < lines.count {
                let text = lines[index].trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? "" : ": " + text
            }
        }
        return ""
    }

    /// A Python traceback's last line, and the last frame in the note.
    static func pythonException(_ lines: [String], notePath: String) -> FailureCause? {
        guard let start = lines.lastIndex(where: { $0.hasPrefix("Traceback (most recent call last):") }) else { return nil }
        let traceback = lines[(start + 1)...]
        guard let last = traceback.last(where: { !$0.isEmpty && !$0.hasPrefix(" ") }) else { return nil }
        var place: String?
        let marker = "File \"\(notePath)\", line "
        if let frame = traceback.last(where: { $0.contains(marker) }), let range = frame.range(of: marker) {
            let number = frame[range.upperBound...].prefix { $0.isNumber }
            if !number.isEmpty { place = "\(notePath):\(number)" }
        }
        return FailureCause(summary: last + (place.map { " (at \($0))" } ?? ""), environment: nil)
    }

    static func environment(_ cause: Environment) -> FailureCause {
        let summary = switch cause {
        case .missingModule(let name):
            "missing module '\(name)': it is not installed here (the environment, not the note); install it, "
                + "mark the fence `ignore`, or run with --skip-missing-modules"
        case .inputAtEndOfFile:
            "input() read end of file: a snippet's stdin is empty (the environment, not the note); "
                + "give the fence its input (`stdin=TEXT`) or mark it `no-run`"
        case .noDisplay:
            "no display: snippets run without one (the environment, not the note); mark the fence `no-run`"
        case .noNetwork:
            "no network: snippets run without network access (the environment, not the note); "
                + "mark the fence `network` and run with --allow-network, or mark it `no-run`"
        }
        return FailureCause(summary: summary, environment: cause)
    }

    /// The text in quotes right after `lead` on its line: `No module named 'numpy'` → `numpy`.
    static func quoted(after lead: String, in text: String) -> String? {
        guard let range = text.range(of: lead) else { return nil }
        let rest = text[range.upperBound...].prefix { $0 != "\n" }
        let name = rest.trimmingCharacters(in: CharacterSet(charactersIn: "'\"‘’` "))
        let module = name.prefix { $0 != "'" && $0 != "\"" && $0 != "’" && $0 != " " }
        return module.isEmpty ? nil : String(module)
    }

    /// A Swift crash report cut off: the backtracer's `*** Signal …` dump, its registers and images
    /// say nothing about the note once the cause is known.
    public static func withoutCrashDump(_ stderr: String) -> String {
        guard let range = stderr.range(of: "\n*** Signal ") ?? stderr.range(of: "\n*** Program crashed") else { return stderr }
        return String(stderr[..<range.lowerBound])
    }

    /// Compiler output without the driver's `error: emit-module command failed with exit code 1
    /// (use -v to see invocation)` lines, which only repeat that the compile failed.
    public static func withoutDriverNoise(_ output: String) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { !($0.contains(" command failed with exit code ") && $0.hasSuffix("(use -v to see invocation)")) }
        return kept.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ? kept.joined(separator: "\n") : output
    }
}
