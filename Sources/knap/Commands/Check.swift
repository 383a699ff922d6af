import ArgumentParser
import KnapMarkdown
import KnapRender
import KnapVault

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report broken links, headings, blocks and embeds, ambiguous links, duplicate block ids, bad frontmatter and unreadable files.",
        discussion: """
            One diagnostic per line, `path:line:column: error|warning: message`. Exits 1 if there is any error.
            With --format json: {knap, vault, diagnostics: [{path, line, column, severity, code, message}], errors, warnings}, paths relative to the vault. Codes: unresolved-link, \
            unresolved-heading, unresolved-block, ambiguous-link, missing-embed, duplicate-block-id, \
            invalid-frontmatter, unreadable-file, invalid-utf8, invalid-utf8-name, unreadable-directory, symlink-loop, \
            broken-symlink, external-symlink, duplicate-name, active-attachment, unsafe-svg.
            """
    )

    @OptionGroup var vaultArgument: VaultArgument

    @OptionGroup var vaultOptions: VaultOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var output: OutputOptions

    func run() throws {
        output.apply()
        let vault = try vaultOptions.located(vaultArgument.folder)
        let (index, _) = try vault.openUpToDate()
        var diagnostics = try orFail { () throws(IndexError) in try index.diagnostics() }
        // What the site would not publish: links to HTML pages, SVGs that are not safe to publish.
        let attachmentLinks = try orFail { () throws(IndexError) in try index.attachmentLinks() }
        diagnostics += AttachmentPolicy.diagnostics(vault: vault.path, links: attachmentLinks)
        diagnostics.sort { ($0.path ?? "", $0.line, $0.column, $0.code) < ($1.path ?? "", $1.line, $1.column, $1.code) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        switch format {
        case .json:
            try Terminal.json(CommandJSON.Check(diagnostics: diagnostics.map(CheckJSON.init), errors: errors, warnings: warnings),
                              vault: vault.location.root)
        case .text:
            for var diagnostic in diagnostics {
                diagnostic.path = diagnostic.path.map(vault.displayPath)
                Terminal.out(diagnostic.formatted)
            }
            Terminal.error("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        }
        if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode.failure }
    }
}
