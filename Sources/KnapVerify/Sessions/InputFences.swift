import KnapMarkdown
import KnapVault

/// ```` ```input ```` fences: the stdin of the snippet before them.
enum InputFences {
    /// Splits the input fences off `blocks` and blanks their lines in `lines` (1-based note lines at
    /// index − 1), so that an output fence after an input fence still follows its snippet.
    static func remove(from blocks: [CodeBlock], lines: inout [Substring]) -> (blocks: [CodeBlock], inputs: [CodeBlock]) {
        let inputs = blocks.filter { $0.language == "input" }
        for input in inputs {
            for number in input.fenceLine...max(input.fenceLine, input.endLine) where number - 1 < lines.count && number >= 1 {
                lines[number - 1] = ""
            }
        }
        return (blocks.filter { $0.language != "input" }, inputs)
    }
}

extension SnippetExtractor {
    /// Whether every snippet of the note continues the earlier ones: frontmatter `verify: session`,
    /// or a vault default (`knap.yaml`, `verify: {session: …}`) that covers the note.
    func sessionMode(_ note: Note) -> Bool {
        if let value = note.frontmatter["verify"]?.string?.lowercased() {
            return value == "session"
        }
        return sessionDefaults.covers(note.path)
    }
}

/// The vault's default for sessions (`knap.yaml`: `verify: {session: true}`, or a list of globs
/// of vault-relative note paths): which notes run every snippet in a session.
public struct SessionDefaults: Sendable {
    public var enabled = false
    /// When not empty, only notes that match one of these.
    public var globs: [IgnoreGlob] = []
    /// The vault root, to make note paths vault-relative; nil for paths as given.
    public var root: String?

    public init(enabled: Bool = false, globs: [IgnoreGlob] = [], root: String? = nil) {
        self.enabled = enabled
        self.globs = globs
        self.root = root
    }

    func covers(_ path: String) -> Bool {
        guard enabled else { return false }
        guard !globs.isEmpty else { return true }
        var relative = path
        if let root, !root.isEmpty, root != "." {
            let prefix = root.hasSuffix("/") ? root : root + "/"
            if relative.hasPrefix(prefix) { relative = String(relative.dropFirst(prefix.count)) }
        }
        if relative.hasPrefix("./") { relative = String(relative.dropFirst(2)) }
        return globs.contains { $0.matches(relative, isDirectory: false) }
    }
}
