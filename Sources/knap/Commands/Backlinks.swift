import ArgumentParser
import KnapVault

struct Backlinks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backlinks",
        abstract: "List the links that land on a note, with the linking note and line."
    )

    @OptionGroup var vaultOptions: VaultOptions

    @Argument(help: "The note: a name, a vault path, or an alias.")
    var note: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var output: OutputOptions

    func run() throws {
        output.apply()
        let vault = try vaultOptions.located()
        try LinkListing.print(note: note, vault: vault, format: format, noun: "links to") { (index, path) throws(IndexError) in
            try index.backlinks(to: path)
        }
    }
}
