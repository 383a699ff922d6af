import KnapMarkdown

/// A whole vault read into memory: every note parsed, every attachment listed, and a resolver
/// over them. For commands that need the notes themselves (render); queries go through the index.
public struct Vault: Sendable {
    public var root: String
    public var config: VaultConfig
    /// Parsed notes, sorted by path; each note's path is vault-relative.
    public var notes: [Note]
    /// Vault-relative paths of the other files, sorted.
    public var attachments: [String]
    public var resolver: LinkResolver
    /// Scan and read problems (not link problems: see ``linkDiagnostics()``).
    public var diagnostics: [Diagnostic]

    /// Scans `root`, reads every note, and builds the resolver.
    public static func load(root: String, followExternalSymlinks: Bool = false) throws(VaultConfigError) -> Vault {
        let config = try VaultConfig.load(vault: root)
        let scan = VaultScanner(root: root, config: config, followExternalSymlinks: followExternalSymlinks).scan()
        var notes: [Note] = []
        var diagnostics = scan.diagnostics
        for file in scan.notes {
            switch VaultReader.read(file.path, root: root) {
            case .parsed(let note, _): notes.append(note)
            case .failed(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        let attachments = scan.attachments.map(\.path)
        var outlines: [String: NoteOutline] = [:]
        for note in notes { outlines[note.path] = NoteOutline(note) }
        let resolver = LinkResolver(notes: outlines, attachments: attachments)
        return Vault(root: root, config: config, notes: notes, attachments: attachments,
                     resolver: resolver, diagnostics: diagnostics)
    }

    /// Every link problem in every note, in note and source order.
    public func linkDiagnostics() -> [Diagnostic] {
        notes.flatMap { note in
            note.links.compactMap { link in
                LinkDiagnostics.diagnostic(for: link, in: note.path, resolution: resolver.resolve(link, from: note.path))
            }
        }
    }
}
