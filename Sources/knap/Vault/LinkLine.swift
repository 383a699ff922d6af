import KnapVault

/// One link as a line: `source:line:column: [[target]] -> path#anchor`.
enum LinkLine {
    static func text(_ link: LinkEntry, in vault: VaultLocation) -> String {
        let written = (link.embed ? "!" : "") + "[[\(link.target)]]"
        let landing: String
        if let resolved = link.resolved {
            landing = resolved + (link.anchor.map { "#" + $0 } ?? "")
        } else {
            landing = "(none)"
        }
        let problem = link.problem.map { "  [\($0)]" } ?? ""
        return "\(vault.displayPath(link.source)):\(link.line):\(link.column): \(written) -> \(landing)\(problem)"
    }
}
