import ArgumentParser
import KnapVault

struct Tags: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tags",
        abstract: "Count the notes per tag; a nested tag (#a/b) also counts for its parents (#a)."
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
        let tags = try orFail { () throws(IndexError) in try index.tags() }
        switch format {
        case .json:
            try Terminal.json(CommandJSON.Tags(tags: tags), vault: vault.location.root)
        case .text:
            if tags.isEmpty { Terminal.error("no tags") }
            let width = String(tags.first?.count ?? 0).count
            for tag in tags {
                let count = String(tag.count)
                Terminal.out(String(repeating: " ", count: width - count.count) + count + "  #" + tag.tag)
            }
        }
    }
}
