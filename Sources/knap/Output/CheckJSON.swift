import KnapMarkdown

/// The JSON shape of one finding (`knap check`, `knap render`); its keys are fixed.
struct CheckJSON: Encodable {
    let path: String?
    let line: Int
    let column: Int
    let severity: String
    let code: String
    let message: String

    init(_ diagnostic: Diagnostic) {
        path = diagnostic.path
        line = diagnostic.line
        column = diagnostic.column
        severity = diagnostic.severity.rawValue
        code = diagnostic.code
        message = diagnostic.message
    }

    private enum CodingKeys: String, CodingKey { case path, line, column, severity, code, message }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)  // null for a finding about no one file
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(severity, forKey: .severity)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
    }
}
