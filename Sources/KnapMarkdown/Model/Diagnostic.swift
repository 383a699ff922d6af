/// A finding about a note: where it is, how bad it is, and what it says.
///
/// Library stages return diagnostics; only the CLI prints them, in compiler
/// format: `path:line:column: severity: message`.
public struct Diagnostic: Hashable, Sendable, Codable {
    public enum Severity: String, Hashable, Sendable, Codable, Comparable {
        case error, warning, note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// The file, as the user named it; nil until a caller that knows it sets it.
    public var path: String?
    public var line: Int
    public var column: Int
    public var severity: Severity
    /// A stable identifier such as `invalid-frontmatter` or `unresolved-link`.
    public var code: String
    public var message: String

    public init(path: String? = nil, line: Int, column: Int, severity: Severity, code: String, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.severity = severity
        self.code = code
        self.message = message
    }

    /// `path:line:column: severity: message`, the format editors and CI link.
    public var formatted: String {
        "\(path ?? "<input>"):\(line):\(column): \(severity.rawValue): \(message)"
    }
}
