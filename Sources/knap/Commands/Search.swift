import ArgumentParser
import KnapVault

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search over titles, aliases, headings and text, best match first."
    )

    @OptionGroup var vaultOptions: VaultOptions

    @Argument(help: "Words to find (all must match; `word*` matches a prefix).")
    var query: [String]

    @Option(help: "Only notes with this tag (or a tag nested under it).")
    var tag: String?

    @Option(help: "At most this many results.")
    var limit: Int = 20

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if query.isEmpty { throw ValidationError("give the words to search for") }
    }

    @OptionGroup var output: OutputOptions

    func run() throws {
        output.apply()
        let vault = try vaultOptions.located()
        let (index, _) = try vault.openUpToDate()
        let hits = try orFail { () throws(IndexError) in try index.search(query.joined(separator: " "), tag: tag, limit: limit) }
        switch format {
        case .json:
            try Terminal.json(CommandJSON.Search(query: query.joined(separator: " "), tag: tag, results: hits.map(CommandJSON.Search.Hit.init)),
                              vault: vault.location.root)
        case .text:
            if hits.isEmpty { Terminal.error("no matches for '\(query.joined(separator: " "))'" + (tag.map { " with tag #\($0)" } ?? "")) }
            for hit in hits {
                Terminal.out("\(vault.displayPath(hit.path)):\(hit.line): \(hit.title)\n    \(hit.snippet)")
            }
        }
    }
}
