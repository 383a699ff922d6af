import ArgumentParser
import KnapMarkdown

extension OutputFormat: ExpressibleByArgument {}

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse one note and print its model: frontmatter, tags, headings, links, callouts, code blocks, block ids."
    )

    @Argument(help: "The note to parse.")
    var file: String

    @Option(help: "Output format: text (a short summary) or json (the full model).")
    var format: OutputFormat = .text

    @OptionGroup var output: OutputOptions

    func run() throws {
        output.apply()
        let note: Note
        do {
            note = try NoteParser.parse(fileAt: file)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        switch format {
        case .json:
            try Terminal.json(NoteJSON(note), vault: nil)
        case .text:
            Terminal.out(summary(note))
            Terminal.diagnostics(note.diagnostics)
        }
    }

    private func summary(_ note: Note) -> String {
        var lines = ["\(note.path): \(note.title)"]
        if !note.frontmatter.properties.isEmpty {
            lines.append("  frontmatter: " + note.frontmatter.properties.map(\.key).joined(separator: ", "))
        }
        let tags = note.distinctTags.map(\.name)
        if !tags.isEmpty { lines.append("  tags: " + tags.map { "#" + $0 }.joined(separator: " ")) }
        lines.append("  headings: \(note.headings.count)")
        for heading in note.headings {
            lines.append("    \(heading.line): " + String(repeating: "#", count: heading.level) + " " + heading.text)
        }
        lines.append("  links: \(note.links.count)")
        for link in note.links {
            lines.append("    \(link.line):\(link.column): \(link.embed ? "!" : "")[[\(link.displayTarget)]]")
        }
        lines.append("  callouts: \(note.callouts.count)")
        for callout in note.callouts {
            lines.append("    \(callout.line): [!\(callout.type)]\(callout.fold ?? "") \(callout.title)")
        }
        lines.append("  code blocks: \(note.codeBlocks.count)")
        for block in note.codeBlocks {
            lines.append("    \(block.line): \(block.language.isEmpty ? "(none)" : block.language)")
        }
        if !note.blockIDs.isEmpty {
            lines.append("  block ids: " + note.blockIDs.map { "^\($0.id)" }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}

extension Link {
    /// `Note#Heading` or `Note#^id`, as written.
    var displayTarget: String {
        var text = target
        if let heading { text += "#" + heading }
        if let block { text += "#^" + block }
        return text
    }
}
