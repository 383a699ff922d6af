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
    /// The sandbox; nil with `--no-sandbox`. A member whose fence says `network` opens it to the session.
    var isolation: SnippetIsolation?

    /// One result per member, in member order.
    func run() -> [SnippetResult] {
        let members = session.members
        var results = [SnippetResult?](repeating: nil, count: members.count)
        var excluded = Set<Int>()
        while results.contains(where: { $0 == nil }) {
            let active = members.indices.filter { !excluded.contains($0) }
            switch attempt(active.map { members[$0] }) {
            case .failure(let error):
                for index in results.indices where results[index] == nil {
                    results[index] = base(members[index], message: error.message)
                }
            case .success(let attempt):
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

    func base(_ snippet: Snippet, message: String = "") -> SnippetResult {
        SnippetResult(path: snippet.path, line: snippet.line, language: snippet.language, status: .fail,
                      message: message, snippet: snippet)
    }

    /// The file a member is written to in the session's folder.
    static func fileName(_ member: Snippet, fileExtension: String) -> String {
        "snippet_\(member.line).\(fileExtension)"
    }

    /// Runs the driver once over `members`; the outcome split at the markers.
    private func attempt(_ members: [Snippet]) -> Result<SessionAttempt, SessionError> {
        guard let directory = TemporaryFolders.make(prefix: "knap-session-") else {
            return .failure(SessionError("cannot create a temporary folder"))
        }
        defer { TemporaryFolders.remove(directory) }
        let markers = SessionMarkers()
        let program: SessionProgram
        do {
            program = try SessionProgram.write(session.kind, runner: session.runner, members: members, directory: directory,
                                               nonce: markers.nonce, options: options)
        } catch {
            return .failure(error)
        }
        guard let executable = interpreters[program.executable] ?? Toolchain.resolve(program.executable, path: environment["PATH"]) else {
            return .failure(SessionError("\(program.executable) is not installed (not found on PATH)"))
        }
        var runEnvironment = ["HOME": directory, "LANG": environment["LANG"] ?? "C.UTF-8"]
        runEnvironment["PATH"] = isolation?.path ?? environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let sandbox = isolation?.snippetSandbox(network: members.contains { $0.attributes.network }, binary: nil)
        let timeout = members.reduce(2) { $0 + ($1.attributes.timeout ?? options.timeout) }
        let outcome: ProcessOutcome
        do {
            outcome = try SandboxedProcess.run(executable: executable, arguments: program.arguments, environment: runEnvironment,
                                               directory: directory, limits: .snippet(timeout: timeout), homeIsPrivate: true,
                                               sandbox: sandbox)
        } catch {
            return .failure(SessionError(error.description))
        }
        let mapper = DiagnosticMapper(directory: directory, notePath: members[0].path, files: program.files)
        return .success(SessionAttempt(kind: session.kind, outcome: outcome, markers: markers, mapper: mapper,
                                       options: options, count: members.count))
    }
}

struct SessionError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
