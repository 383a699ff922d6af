import ArgumentParser
import KnapVault

struct Links: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links",
        abstract: "List the links in a note, with their lines and where they land."
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
        try LinkListing.print(note: note, vault: vault, format: format, noun: "links in") { (index, path) throws(IndexError) in
            try index.links(from: path)
        }
    }
}
