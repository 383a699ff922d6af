import KnapMarkdown

/// The JSON shape of one `knap check` finding; its keys are fixed.
struct CheckJSON: Encodable {
    let path: String
    let line: Int
    let column: Int
    let severity: String
    let code: String
    let message: String

    init(_ diagnostic: Diagnostic) {
        path = diagnostic.path ?? ""
        line = diagnostic.line
        column = diagnostic.column
        severity = diagnostic.severity.rawValue
        code = diagnostic.code
        message = diagnostic.message
    }
}
