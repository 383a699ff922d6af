import Foundation

/// A Swift session as one program: the members' code, in order, at the top level of one
/// `main.swift` (so declarations are globals, types and extensions may stand anywhere, and top-level
/// code runs in order), each under `#sourceLocation` so that the compiler's messages and runtime
/// traps name the member's lines, and a marker call after each. One `swiftc` per session.
///
/// Each member runs under `alarm(timeout)`: a member past its timeout ends the program with
/// SIGALRM, which the session reports as that member's timeout. Its stdin is its own file (in the
/// folder the program runs in) or `/dev/null`.
struct SwiftSessionBuild {
    /// The folder name the members' `#sourceLocation` files use, the same on every run so that
    /// the source (and so the binary cache key) does not change with the temporary folder.
    static let folder = "Snippet"
    static let flags = SwiftRunner.flags

    let toolchain: String
    let binaryCache: BinaryCache?
    let environment: [String: String]
    let compileTimeout: Double
    /// The sandbox swiftc runs in; nil with `--no-sandbox`.
    var isolation: SnippetIsolation?

    enum Outcome {
        case built(String)
        /// Positions of the members the compiler's errors point at, with the errors (mapped to the note).
        case errors([Int: String])
        case failed(String)
    }

    static func source(_ members: [Snippet], timeouts: [Double]) -> String {
        var source = "#if canImport(Glibc)\nimport Glibc\n#endif\n"
        source += "let __knapNonce: String = { let value = getenv(\"KNAP_SESSION_NONCE\").map { String(cString: $0) } ?? \"\"; "
            + "unsetenv(\"KNAP_SESSION_NONCE\"); return value }()\n"
        // A name declared again in a later listing replaces the earlier one from there on, as in the REPL.
        let listings = SwiftRedeclarations.rename(members.map { $0.files.first?.code ?? "" })
        for (index, member) in members.enumerated() {
            let code = listings[index]
            let stdin = member.plan.stdin == nil ? "/dev/null" : SessionRun.fileName(member, fileExtension: "stdin")
            source += "__knapStart(\(Int(timeouts[index].rounded(.up))), \"\(stdin)\")\n"
            source += "#sourceLocation(file: \"\(folder)/\(SessionRun.fileName(member, fileExtension: "swift"))\", line: 1)\n"
            source += code + (code.hasSuffix("\n") ? "" : "\n")
            source += "#sourceLocation()\n__knapMark(\(index))\n"
        }
        source += """
            func __knapStart(_ seconds: Int, _ input: String) {
                _ = freopen(input, "r", stdin)
                alarm(UInt32(max(1, seconds)))
            }
            func __knapMark(_ index: Int) {
                alarm(0)
                fflush(stdout)
                let text = "\\n\\u{1}KNAP-\\(__knapNonce) \\(index) ok\\n"
                for fd: Int32 in [1, 2] { _ = text.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) } }
            }

            """
        return source
    }

    /// Compiles the session in `directory` (or takes it from the binary cache).
    func build(_ members: [Snippet], timeouts: [Double], directory: String, mapper: DiagnosticMapper) -> Outcome {
        let source = Self.source(members, timeouts: timeouts)
        let key = SHA256.hex(Array(("session\n\(toolchain)\n\(Self.flags)\n" + source).utf8))
        if let cached = binaryCache?.binary(for: key) { return .built(cached) }
        let main = directory + "/main.swift"
        do { try Data(source.utf8).write(to: URL(fileURLWithPath: main)) } catch {
            return .failed("cannot write the session's source: \(error.localizedDescription)")
        }
        guard let swiftc = Toolchain.resolve("swiftc", path: environment["PATH"]) else { return .failed("swiftc is not installed (not found on PATH)") }
        let binary = directory + "/session"
        let outcome: ProcessOutcome
        do {
            outcome = try SandboxedProcess.run(executable: swiftc,
                                               arguments: (isolation?.swiftArguments ?? []) + Self.flags + ["-g", "-o", binary, main],
                                               environment: isolation?.toolEnvironment(directory: directory, from: environment) ?? environment,
                                               directory: directory, limits: .compiler(timeout: compileTimeout), homeIsPrivate: false,
                                               sandbox: isolation?.toolSandbox)
        } catch {
            return .failed(error.description)
        }
        if outcome.succeeded { return .built(binaryCache?.store(binary, key: key) ?? binary) }
        if outcome.timedOut { return .failed("the compiler timed out") }
        let text = String(decoding: outcome.stderr + outcome.stdout, as: UTF8.self)
        return .errors(blame(text, members: members, mapper: mapper)).orFailure(mapper.map(text))
    }

    /// The compiler's messages by member: each `error:` line and the lines after it, up to the next message.
    private func blame(_ text: String, members: [Snippet], mapper: DiagnosticMapper) -> [Int: String] {
        var positions: [String: Int] = [:]
        for (index, member) in members.enumerated() { positions[SessionRun.fileName(member, fileExtension: "swift")] = index }
        var blamed: [Int: [Substring]] = [:]
        var current: Int?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(Self.folder + "/"), let colon = line.dropFirst(Self.folder.count + 1).firstIndex(of: ":") {
                let name = String(line[line.index(line.startIndex, offsetBy: Self.folder.count + 1)..<colon])
                current = line.contains(": error:") ? positions[name] : (line.contains(": note:") ? current : nil)
            } else if line.contains(": error:") || line.contains(": warning:") {
                current = nil
            }
            if let current { blamed[current, default: []].append(line) }
        }
        return blamed.mapValues { Self.unrename(mapper.map($0.joined(separator: "\n"))).trimmingCharacters(in: .newlines) }
    }

    /// Compiler messages show the names as the note wrote them, without ``SwiftRedeclarations``' suffix.
    static func unrename(_ text: String) -> String {
        text.replacing(/__knap\d+/, with: "")
    }
}

private extension SwiftSessionBuild.Outcome {
    /// Errors that point at no member (a link error, Knap's own glue) fail the whole session.
    func orFailure(_ text: String) -> Self {
        if case .errors(let blamed) = self, blamed.isEmpty {
            return .failed("the session does not compile:\n" + text.trimmingCharacters(in: .newlines))
        }
        return self
    }
}
