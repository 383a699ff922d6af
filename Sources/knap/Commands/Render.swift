import ArgumentParser
import Foundation
import KnapMarkdown
import KnapRender

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write the vault as a static HTML site: one page per note, tag pages, an index and a search page.",
        discussion: """
        Raw HTML in notes is shown escaped unless --unsafe-html is given. Templates in \
        <vault>/.knap/templates/ (layout, note, index, tag, search, notfound .mustache) replace the built-in ones \
        (unless --no-vault-templates: they are the vault author's code). Only attachments that notes link to are \
        published; HTML attachments never, SVGs sanitised. \
        Pages whose content did not change are not rewritten; pages of deleted notes are removed.
        """
    )

    @OptionGroup var vaultArgument: VaultArgument

    @Option(help: "The vault folder (default: found as for every command; see knap index --help).")
    var vault: String?

    @Option(help: "The folder to write the site into (created when missing).")
    var out: String

    @Flag(help: "Keep raw HTML from notes (it is escaped by default).")
    var unsafeHTML = false

    @Option(help: "The site's name (default: the vault folder's name).")
    var title: String?

    @Option(help: "Where the site is served from, such as https://example.org/notes/; the 404 page links from there.")
    var siteURL: String?

    @OptionGroup var scan: ScanOptions

    @Flag(name: .customLong("no-vault-templates"),
          help: "Ignore the vault's own templates in .knap/templates/ (they are the vault author's code and may hold scripts).")
    var noVaultTemplates = false


    @Option(help: "Output format: text or json (pages written and unchanged, diagnostics, time).")
    var format: OutputFormat = .text

    @OptionGroup var output: OutputOptions

    func run() throws {
        output.apply()
        if vaultArgument.folder != nil, vault != nil {
            Terminal.error("error: give the vault either as an argument or with --vault, not both")
            throw ExitCode(2)
        }
        let location = try VaultOptions.locate(given: vaultArgument.folder ?? vault)
        try OutputFolder.check(out, vault: location)
        let renderer = SiteRenderer(vault: location.path, output: out,
                                    options: RenderOptions(unsafeHTML: unsafeHTML, siteTitle: title, siteURL: siteURL,
                                                           followExternalSymlinks: scan.followExternalSymlinks,
                                                           vaultTemplates: !noVaultTemplates))
        let report: RenderReport
        let started = Date()
        let progress = ProgressLine()
        progress.ticking { [out] seconds in "rendering into \(out)… \(seconds) s" }
        do {
            report = try renderer.render(waiting: {
                Terminal.error("knap: waiting for another knap render into \(out) to finish…")
            })
        } catch {
            progress.clear()
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        progress.clear()
        if format == .json {
            try Terminal.json(RenderJSON(out: out, report: report, seconds: Date().timeIntervalSince(started)), vault: location.root)
        } else {
            printText(report)
        }
        // The notes and pages the render built are freed with the process, not one by one.
        let status: Int32 = report.diagnostics.contains(where: { $0.severity == .error }) ? 1 : 0
        withExtendedLifetime(report) { Terminal.exitNow(status) }
    }

    private func printText(_ report: RenderReport) {
        Terminal.diagnostics(report.diagnostics)
        for path in report.leftovers { Terminal.error("knap: removed \(path), left by a render that was killed") }
        if output.verbose {
            for path in report.written { Terminal.out("wrote \(path)") }
            for path in report.removed { Terminal.out("removed \(path)") }
        }
        if !report.overriddenTemplates.isEmpty {
            Terminal.out("templates from .knap/templates: " + report.overriddenTemplates.joined(separator: ", "))
        }
        Terminal.out("rendered \(report.notes) notes and \(report.attachments) attachments to \(out): "
                     + "\(report.written.count) files written, \(report.unchanged) unchanged, \(report.removed.count) removed")
    }
}
