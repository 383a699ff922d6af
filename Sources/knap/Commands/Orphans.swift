import ArgumentParser
import KnapVault

struct Orphans: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orphans",
        abstract: "List the notes that no other note links to."
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
        let orphans = try orFail { () throws(IndexError) in try index.orphans() }
        switch format {
        case .json:
            try Terminal.json(CommandJSON.Orphans(orphans: orphans.map(CommandJSON.Path.init)), vault: vault.location.root)
        case .text:
            for path in orphans { Terminal.out(vault.displayPath(path)) }
            if orphans.isEmpty { Terminal.error("no orphans: every note has a link to it") }
        }
    }
}
