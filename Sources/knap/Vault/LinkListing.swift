import KnapVault

/// What `knap links` and `knap backlinks` share: find the note, ask the index, print the links.
enum LinkListing {
    static func print(note: String, vault: VaultLocation, format: OutputFormat, noun: String,
                      query: (VaultIndex, String) throws(IndexError) -> [LinkEntry]) throws {
        let (index, _) = try vault.openUpToDate()
        let path = try NoteArgument.path(of: note, in: index)
        let links = try orFail { () throws(IndexError) in try query(index, path) }
        switch format {
        case .json:
            try Terminal.json(CommandJSON.Links(path: path, links: links.map(CommandJSON.Links.Link.init)), vault: vault.location.root)
        case .text:
            if links.isEmpty { Terminal.error("no \(noun) \(path)") }
            for link in links { Terminal.out(LinkLine.text(link, in: vault)) }
        }
    }
}
