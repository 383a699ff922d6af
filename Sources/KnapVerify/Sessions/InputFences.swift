import KnapMarkdown


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

