import KnapMarkdown

/// The fence attributes Knap reads: `ignore`, `no-run`, `compile-fail`, `should-fail`, `exit=N`,
/// `timeout=SECONDS`, `unordered` and `file=NAME`. Other attributes are left to other tools.
public struct SnippetAttributes: Sendable, Hashable {
    public var ignore = false
    public var noRun = false
    public var compileFail = false
    public var shouldFail = false
    public var exitCode: Int32?
    public var timeout: Double?
    public var unordered = false
    public var file: String?
    /// `network`: the snippet asks for the network, which it gets only with `--allow-network`.
    public var network = false
    /// Attribute values that could not be read, such as `exit=x`.
    public var problems: [String] = []

    public init() {}

    public init(_ attributes: [CodeAttribute]) {
        for attribute in attributes {
            switch attribute.key {
            case "ignore": ignore = true
            case "no-run", "no_run": noRun = true
            case "compile-fail", "compile_fail": compileFail = true
            case "should-fail", "should_fail", "should_panic": shouldFail = true
            case "unordered": unordered = true
            case "network": network = true
            case "exit":
                if let value = attribute.value, let code = Int32(value) { exitCode = code }
                else { problems.append("exit=\(attribute.value ?? "") is not a number") }
            case "timeout":
                if let value = attribute.value, let seconds = Double(value), seconds > 0 { timeout = seconds }
                else { problems.append("timeout=\(attribute.value ?? "") is not a positive number of seconds") }
            case "file":
                if let value = attribute.value, !value.isEmpty { file = value }
                else { problems.append("file= needs a name") }
            default: break
            }
        }
    }

    /// Several fences of one program: a flag set on any of them holds for the program.
    mutating func merge(_ other: SnippetAttributes) {
        ignore = ignore || other.ignore
        noRun = noRun || other.noRun
        compileFail = compileFail || other.compileFail
        shouldFail = shouldFail || other.shouldFail
        exitCode = exitCode ?? other.exitCode
        timeout = timeout ?? other.timeout
        unordered = unordered || other.unordered
        network = network || other.network
        problems += other.problems
    }

    /// A stable text for the cache key.
    var canonical: String {
        "ignore=\(ignore) no-run=\(noRun) compile-fail=\(compileFail) should-fail=\(shouldFail) exit=\(exitCode.map(String.init) ?? "-") "
            + "timeout=\(timeout.map { String($0) } ?? "-") unordered=\(unordered)" + (network ? " network" : "")
    }
}
