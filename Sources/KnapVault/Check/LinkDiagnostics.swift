import KnapMarkdown

/// Turns link resolutions into the findings `knap check` reports. Codes are stable:
/// `unresolved-link`, `missing-embed`, `unresolved-heading`, `unresolved-block` (errors) and
/// `ambiguous-link` (a warning: Obsidian would pick one, but which one is not clear).
public enum LinkDiagnostics {
    /// The diagnostic for `link` in the note at `source`, or nil when it resolved.
    public static func diagnostic(for link: Link, in source: String, resolution: LinkResolution) -> Diagnostic? {
        let written = written(link)
        func make(_ severity: Diagnostic.Severity, _ code: String, _ message: String, hint: String?) -> Diagnostic {
            Diagnostic(path: source, line: link.line, column: link.column, severity: severity, code: code,
                       message: hint.map { "\(message); \($0)" } ?? message)
        }
        switch resolution {
        case .resolved:
            return nil
        case .ambiguous(let paths):
            return make(.warning, "ambiguous-link",
                        "ambiguous link \(written): matches " + paths.map { "'\($0)'" }.joined(separator: " and "), hint: nil)
        case .unresolved(.noSuchFile, let hint):
            if link.embed {
                return make(.error, "missing-embed", "embedded file \(written) does not exist", hint: hint)
            }
            return make(.error, "unresolved-link", "unresolved link \(written): no note or file by that name", hint: hint)
        case .unresolved(.noSuchHeading(let path, let heading), let hint):
            return make(.error, "unresolved-heading", "link \(written): '\(path)' has no heading '\(heading.replacingOccurrences(of: "#", with: " > "))'", hint: hint)
        case .unresolved(.noSuchBlock(let path, let block), let hint):
            return make(.error, "unresolved-block", "link \(written): '\(path)' has no block ^\(block)", hint: hint)
        }
    }

    /// The link as the user wrote it, near enough: `[[Note#H]]` or `[text](path)` (an image's alt text is left out).
    static func written(_ link: Link) -> String {
        var target = link.target
        if let heading = link.heading { target += "#" + heading }
        if let block = link.block { target += "#^" + block }
        switch link.kind {
        case .wikilink: return (link.embed ? "!" : "") + "[[\(target)]]"
        case .markdown: return (link.embed ? "!" : "") + "[\(link.embed ? "" : link.alias ?? "")](\(target))"
        }
    }
}
