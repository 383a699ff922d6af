import Foundation

/// One snippet's trip: a fresh folder, the files, the compile or check, the run, the verdict,
/// and the folder removed.
struct SnippetRun {
    let snippet: Snippet
    let runner: any Runner
    let timeout: Double
    let options: VerifyOptions
    let environment: [String: String]
    let toolchain: String
    /// Command names mapped to the real interpreter behind them (`python3` → `/…/bin/python3.11`).
    var interpreters: [String: String] = [:]
    let binaryCache: BinaryCache?
    /// The snippet's binary from a merged build; nil for the standalone path.
    var prepared: PreparedBinary?
    /// The sandboxes; nil with `--no-sandbox`.
    var isolation: SnippetIsolation?

    /// How many stderr lines a failure shows.
    static let stderrTail = 20

    func perform(into base: SnippetResult) -> SnippetResult {
        let start = Date()
        var result = run(into: base)
        result.duration = Date().timeIntervalSince(start)
        return result
    }

    private func run(into base: SnippetResult) -> SnippetResult {
        var result = base
        let directory: String
        do {
            directory = try makeDirectory()
        } catch {
            result.message = "cannot create a temporary folder: \(error.localizedDescription)"
            return result
        }
        defer { TemporaryFolders.remove(directory) }
        let mapper = DiagnosticMapper(directory: directory, notePath: snippet.path, files: snippet.files)
        var paths: [String] = []
        do {
            for file in snippet.files {
                let path = directory + "/" + file.name
                let parent = (path as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                try Data(file.code.utf8).write(to: URL(fileURLWithPath: path))
                paths.append(path)
            }
        } catch {
            result.message = "cannot write the snippet's files: \(error.localizedDescription)"
            return result
        }
        let entry = directory + "/" + snippet.entry
        let files = [entry] + paths.filter { $0 != entry }
        let attributes = snippet.attributes

        // compile-fail and no-run: only the check.
        if attributes.compileFail || attributes.noRun {
            let check = runner.check(files: files, entry: entry, directory: directory)
            guard let outcome = tool(check, directory: directory, into: &result) else { return result }
            if attributes.compileFail {
                if outcome.succeeded {
                    result.message = "compiled, but the fence says compile-fail"
                } else {
                    result.status = .pass
                }
            } else if outcome.succeeded {
                result.status = .pass
            } else {
                compileFailed(outcome, mapper: mapper, timedOut: "the check timed out", into: &result)
            }
            return result
        }

        var command = runner.run(entry: entry, directory: directory)
        if let prepared {
            command = Command(prepared.path)
        } else if let build = runner.build(files: files, entry: entry, directory: directory) {
            // A binary built before from the same files, flags and toolchain is reused.
            let key = SHA256.hex(Array(("standalone\n\(toolchain)\n\(runner.name)\n"
                + build.arguments.map { $0.replacingOccurrences(of: directory, with: "<dir>") }.joined(separator: " ") + "\n"
                + snippet.files.map { "\($0.name)\n\($0.code.utf8.count)\n\($0.code)" }.joined(separator: "\n")).utf8))
            if let cached = binaryCache?.binary(for: key) {
                command.executable = cached
            } else {
                guard let outcome = tool(build, directory: directory, into: &result) else { return result }
                if !outcome.succeeded {
                    compileFailed(outcome, mapper: mapper, timedOut: "the compiler timed out", into: &result)
                    return result
                }
                binaryCache?.store(command.executable, key: key)
            }
        }

        guard let executable = interpreters[command.executable] ?? Toolchain.resolve(command.executable, path: environment["PATH"]) else {
            result.message = "\(command.executable) is not installed (not found on PATH)"
            return result
        }
        // HOME is the snippet's own folder (and so is TMPDIR: see SandboxedProcess).
        var runEnvironment = ["HOME": directory, "LANG": environment["LANG"] ?? "C.UTF-8"]
        runEnvironment["PATH"] = isolation?.path ?? environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        if let prepared { runEnvironment[SwiftMerger.selector] = prepared.selector }
        let binary = Sandbox.isInside(executable, directory) ? nil : executable
        let outcome: ProcessOutcome
        do {
            // `stdin=` or an ```input fence: a file in the folder; otherwise /dev/null.
            let stdinFile = snippet.plan.stdin.map { _ in directory + "/.knap-stdin" }
            if let stdinFile, let stdin = snippet.plan.stdin { try Data(stdin.utf8).write(to: URL(fileURLWithPath: stdinFile)) }
            outcome = try SandboxedProcess.run(executable: executable, arguments: command.arguments, environment: runEnvironment,
                                               directory: directory, limits: .snippet(timeout: timeout), homeIsPrivate: true,
                                               stdinFile: stdinFile,
                                               sandbox: isolation?.snippetSandbox(network: snippet.attributes.network, binary: binary))
        } catch let error as ProcessError {
            result.message = error.description
            return result
        } catch {
            result.message = "cannot write the snippet's stdin: \(error.localizedDescription)"
            return result
        }
        return Self.judge(snippet, outcome: outcome, timeout: timeout, mapper: mapper, into: result)
    }

    /// The verdict on a snippet from how its run ended: the exit status the fence asks for, the
    /// expected output, and the details a failure shows. Sessions judge each of their snippets with it.
    static func judge(_ snippet: Snippet, outcome: ProcessOutcome, timeout: Double, mapper: DiagnosticMapper,
                      into base: SnippetResult) -> SnippetResult {
        var result = base
        let attributes = snippet.attributes
        let stdout = String(decoding: outcome.stdout, as: UTF8.self)
        let fullStderr = mapper.map(String(decoding: outcome.stderr, as: UTF8.self))
        let stderr = FailureCause.withoutCrashDump(fullStderr)
        if !outcome.timedOut { result.actualOutput = stdout }
        result.timedOut = outcome.timedOut

        var problems: [String] = []
        if outcome.timedOut {
            problems.append("timed out after \(ProcessOutcome.seconds(timeout)) s")
        } else if let wanted = attributes.exitCode {
            if outcome.termination != .exited(wanted) {
                problems.append("expected exit status \(wanted), got \(outcome.describeTermination(timeout: timeout))")
            }
        } else if attributes.shouldFail {
            if outcome.termination == .exited(0) { problems.append("exited 0, but the fence says should-fail") }
        } else if outcome.termination != .exited(0) {
            problems.append(outcome.describeTermination(timeout: timeout))
        }
        var details: [String] = []
        let expectation = snippet.expectation
        if !expectation.isNone, !outcome.timedOut,
           !OutputMatcher.matches(expected: expectation.lines, actual: stdout, unordered: expectation.unordered) {
            problems.insert(expectation.unordered ? "output differs (unordered)" : "output differs", at: 0)
            let diff = UnifiedDiff.make(expected: OutputMatcher.normalize(expectation.lines),
                                        actual: OutputMatcher.normalize(OutputMatcher.lines(stdout)))
            details.append(diff)
        }
        if outcome.stdoutTruncated { details.append("stdout was over 1 MiB and was truncated") }
        if problems.isEmpty {
            result.status = snippet.comparesNothing ? .ran : .pass
            return result
        }
        // The cause read from stderr (a trap, an exception, a missing module) comes first.
        if !outcome.timedOut, let cause = FailureCause.run(stderr: fullStderr, notePath: snippet.path, files: snippet.files) {
            result.environmentCause = cause.environment
            problems.insert(cause.summary, at: 0)
        }
        result.message = problems.joined(separator: "; ")
        let termination = outcome.describeTermination(timeout: timeout)
        if !result.message.contains(termination) { details.append(termination) }
        let tail = stderr.split(separator: "\n", omittingEmptySubsequences: false).suffix(Self.stderrTail + 1)
            .joined(separator: "\n").trimmingCharacters(in: .newlines)
        if !tail.isEmpty { details.append("stderr (last lines):\n" + tail) }
        result.details = details
        return result
    }

    /// A failed compile or check: its cause (a link error, a missing module) or "does not compile",
    /// and the compiler's output mapped to the note.
    private func compileFailed(_ outcome: ProcessOutcome, mapper: DiagnosticMapper, timedOut: String, into result: inout SnippetResult) {
        let output = mapper.map(String(decoding: outcome.stderr + outcome.stdout, as: UTF8.self))
        let cause = outcome.timedOut ? nil : FailureCause.compile(output)
        result.environmentCause = cause?.environment
        result.message = outcome.timedOut ? timedOut : cause?.summary ?? "does not compile"
        let shown = FailureCause.withoutDriverNoise(output).trimmingCharacters(in: .newlines)
        result.details = shown.isEmpty ? [] : [shown]
    }

    /// Runs a compiler or checker with Knap's own environment (warm module caches), in its own
    /// session, with a timeout but no resource limits. Nil, with the message set, when it cannot start.
    private func tool(_ command: Command, directory: String, into result: inout SnippetResult) -> ProcessOutcome? {
        guard let executable = interpreters[command.executable] ?? Toolchain.resolve(command.executable, path: environment["PATH"]) else {
            result.message = "\(command.executable) is not installed (not found on PATH)"
            return nil
        }
        // In the sandbox, swiftc keeps its module cache in Knap's folder (its default is under HOME).
        let arguments = (runner.name == "swift" ? isolation?.swiftArguments ?? [] : []) + command.arguments
        do {
            return try SandboxedProcess.run(executable: executable, arguments: arguments,
                                            environment: isolation?.toolEnvironment(directory: directory, from: environment) ?? environment,
                                            directory: directory, limits: .compiler(timeout: options.compileTimeout),
                                            homeIsPrivate: false, sandbox: isolation?.toolSandbox)
        } catch {
            result.message = error.description
            return nil
        }
    }

    private func makeDirectory() throws -> String {
        guard let made = TemporaryFolders.make(prefix: "knap-snippet-") else { throw CocoaError(.fileWriteUnknown) }
        return made
    }
}
