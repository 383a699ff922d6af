import Foundation

/// Runs one session: its members in one program (one interpreter or shell), with a marker line
/// after each, and judges each member by what it printed after the previous one.
///
/// When the program ends before a member's marker (a crash, `os._exit`, `exit` in a shell
/// snippet, a timeout), that member fails with how the program ended, and the session runs again
/// from a fresh process without it, for the members after it. A member that does not compile is
/// reported by the driver and skipped; the others run without it.
struct SessionRun {
    let session: Session
    let options: VerifyOptions
    let environment: [String: String]
    let interpreters: [String: String]
    /// For Swift sessions: the toolchain (part of the binary's cache key) and the binary cache.
    var toolchain = ""
    var binaryCache: BinaryCache?
    /// The sandbox; nil with `--no-sandbox`. A member whose fence says `network` opens it to the session.
    var isolation: SnippetIsolation?

    /// One result per member, in member order.
    func run() -> [SnippetResult] {
        let members = session.members
        if session.kind == .shellTranscript {
            return members.map { ShellTranscriptRun(transcript: $0, options: options, environment: environment, isolation: isolation).run() }
        }
        var results = [SnippetResult?](repeating: nil, count: members.count)
        var excluded = Set<Int>()
        while results.contains(where: { $0 == nil }) {
            let active = members.indices.filter { !excluded.contains($0) }
            switch attempt(active.map { members[$0] }) {
            case .failure(let message):
                for index in results.indices where results[index] == nil {
                    results[index] = base(members[index], message: message)
                }
            case .compileErrors(let blamed):
                // Each member the compiler blames fails with its own errors; the rest compile again without them.
                for (position, errors) in blamed {
                    var result = base(members[active[position]], message: "does not compile")
                    result.details = errors.isEmpty ? [] : [errors]
                    results[active[position]] = result
                    excluded.insert(active[position])
                }
            case .ran(let attempt):
                var fatal: Int?
                for (position, index) in active.enumerated() {
                    let judged = attempt.judge(position, members[index])
                    if results[index] == nil { results[index] = judged.result }
                    if judged.ended { fatal = index; break }
                }
                if let fatal {
                    excluded.insert(fatal)
                } else {
                    // Every active member was judged; any other would be a member lost to a driver bug.
                    for index in results.indices where results[index] == nil {
                        results[index] = base(members[index], message: "the session ended before this snippet ran")
                    }
                }
            }
        }
        return results.map { $0 ?? base(members[0], message: "not run") }
    }

    enum Attempt {
        case ran(SessionAttempt)
        /// Swift: member positions the compiler's errors point at, with the errors.
        case compileErrors([Int: String])
        case failure(String)
    }

    func base(_ snippet: Snippet, message: String = "") -> SnippetResult {
        SnippetResult(path: snippet.path, line: snippet.line, language: snippet.language, status: .fail,
                      message: message, snippet: snippet)
    }

    /// The file a member is written to in the session's folder.
    static func fileName(_ member: Snippet, fileExtension: String) -> String {
        "snippet_\(member.line).\(fileExtension)"
    }

    /// Runs the session once over `members` (compiling it first for Swift); the outcome split at the markers.
    private func attempt(_ members: [Snippet]) -> Attempt {
        guard let directory = TemporaryFolders.make(prefix: "knap-session-") else { return .failure("cannot create a temporary folder") }
        defer { TemporaryFolders.remove(directory) }
        let markers = SessionMarkers()
        let program: SessionProgram
        do {
            program = try session.kind == .swift
                ? SessionProgram.writeInputs(members, directory: directory)
                : SessionProgram.write(session.kind, runner: session.runner, members: members, directory: directory,
                                       nonce: markers.nonce, options: options)
        } catch {
            return .failure(error.message)
        }
        var mapper = DiagnosticMapper(directory: directory, notePath: members[0].path, files: program.files)
        var executable = interpreters[program.executable] ?? Toolchain.resolve(program.executable, path: environment["PATH"])
        var runEnvironment = ["HOME": directory, "LANG": environment["LANG"] ?? "C.UTF-8"]
        runEnvironment["PATH"] = isolation?.path ?? environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let timeouts = members.map { $0.attributes.timeout ?? options.timeout }
        if session.kind == .swift {
            mapper = DiagnosticMapper(directory: SwiftSessionBuild.folder, notePath: members[0].path, files: program.files)
            let build = SwiftSessionBuild(toolchain: toolchain, binaryCache: binaryCache, environment: environment,
                                          compileTimeout: options.compileTimeout, isolation: isolation)
            switch build.build(members, timeouts: timeouts, directory: directory, mapper: mapper) {
            case .built(let binary): executable = binary
            case .errors(let blamed): return .compileErrors(blamed)
            case .failed(let message): return .failure(message)
            }
            runEnvironment["KNAP_SESSION_NONCE"] = markers.nonce
        }
        guard let executable else { return .failure("\(program.executable) is not installed (not found on PATH)") }
        let sandbox = isolation?.snippetSandbox(network: members.contains { $0.attributes.network },
                                                binary: Sandbox.isInside(executable, directory) ? nil : executable)
        let outcome: ProcessOutcome
        do {
            outcome = try SandboxedProcess.run(executable: executable, arguments: program.arguments, environment: runEnvironment,
                                               directory: directory, limits: .snippet(timeout: timeouts.reduce(2, +)),
                                               homeIsPrivate: true, sandbox: sandbox)
        } catch {
            return .failure(error.description)
        }
        return .ran(SessionAttempt(kind: session.kind, outcome: outcome, markers: markers, mapper: mapper,
                                   options: options, count: members.count))
    }
}

struct SessionError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
