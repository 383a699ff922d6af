import Foundation

/// A session's files in its folder: the driver and one file per member (plus its stdin), and the
/// command line that runs them.
struct SessionProgram {
    var executable: String
    var arguments: [String]
    /// The members' files as the diagnostic mapper sees them (name → note line).
    var files: [Snippet.File]

    static func write(_ kind: Session.Kind, runner: String, members: [Snippet], directory: String, nonce: String,
                      options: VerifyOptions) throws(SessionError) -> SessionProgram {
        let driver: ScriptDriver
        switch kind {
        case .script:
            guard let found = ScriptDriver.forRunner(runner) else { throw SessionError("\(runner) snippets cannot run in a session") }
            driver = found
        case .doctest:
            driver = DoctestDriver.driver
        case .swift, .shellTranscript:
            throw SessionError("\(kind.rawValue) sessions are not driven by a script")
        }
        var files: [Snippet.File] = []
        var arguments = [directory + "/" + driver.fileName, nonce]
        var source = driver.source
        for (index, member) in members.enumerated() {
            guard let first = member.files.first else { continue }
            let name = SessionRun.fileName(member, fileExtension: driver.fileExtension)
            let path = directory + "/" + name
            try save(first.code, to: path)
            var stdinPath: String?
            if let stdin = member.plan.stdin {
                stdinPath = path + ".stdin"
                try save(stdin, to: path + ".stdin")
            }
            files.append(Snippet.File(name: name, code: first.code, firstLine: first.firstLine, block: first.block))
            let timeout = member.attributes.timeout ?? options.timeout
            switch (kind, driver.executable) {
            case (.doctest, _):
                arguments += [member.plan.role == .transcript ? "transcript" : "setup", path, String(timeout), stdinPath ?? "-"]
            case (.script, "python3"):
                arguments += [path, String(timeout), stdinPath ?? "-"]
            case (.swift, _), (.shellTranscript, _):
                break
            case (.script, let shell):
                source += ScriptDriver.shellStep(shell, index: index, file: path, timeout: timeout, stdin: stdinPath,
                                                 mergeStderr: member.plan.role == .shellStep)
            }
        }
        try save(source, to: arguments[0])
        return SessionProgram(executable: driver.executable, arguments: arguments, files: files)
    }

    /// Swift: only the members' stdin files (the source is ``SwiftSessionBuild``'s); the binary takes no arguments.
    static func writeInputs(_ members: [Snippet], directory: String) throws(SessionError) -> SessionProgram {
        var files: [Snippet.File] = []
        for member in members {
            guard let first = member.files.first else { continue }
            if let stdin = member.plan.stdin {
                try save(stdin, to: directory + "/" + SessionRun.fileName(member, fileExtension: "stdin"))
            }
            files.append(Snippet.File(name: SessionRun.fileName(member, fileExtension: "swift"), code: first.code,
                                      firstLine: first.firstLine, block: first.block))
        }
        return SessionProgram(executable: "swift-session", arguments: [], files: files)
    }

    private static func save(_ text: String, to path: String) throws(SessionError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw SessionError("cannot write the session's files: \(error.localizedDescription)")
        }
    }
}
