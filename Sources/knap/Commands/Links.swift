import ArgumentParser
import KnapVault

struct Links: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the links in a note, with their lines and where they land."
    )

    @OptionGroup var vault: VaultOptions

    @Argument(help: "The note: a name, a vault path, or an alias.")
    var note: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let (index, _) = try vault.openUpToDate()
        let path = try NoteArgument.path(of: note, in: index)
        let links = try orFail { () throws(IndexError) in try index.links(from: path) }
        switch format {
        case .json:
            try Terminal.json(links)
        case .text:
            for link in links { Terminal.out(LinkLine.text(link, in: vault)) }
        }
    }
}
