/// One entry of a verify run, in note order: a snippet to run, or a fence that is skipped.
public enum VerifyItem: Sendable {
    case snippet(Snippet)
    case skipped(SkippedBlock)

    public var path: String {
        switch self {
        case .snippet(let snippet): snippet.path
        case .skipped(let block): block.path
        }
    }

    public var line: Int {
        switch self {
        case .snippet(let snippet): snippet.line
        case .skipped(let block): block.line
        }
    }

    public var headings: [String] {
        switch self {
        case .snippet(let snippet): snippet.headings
        case .skipped(let block): block.headings
        }
    }
}
