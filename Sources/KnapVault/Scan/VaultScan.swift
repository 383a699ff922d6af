import KnapMarkdown

/// What a scan of a vault found.
public struct VaultScan: Sendable {
    /// The notes (`.md` files), sorted by path.
    public var notes: [ScannedFile]
    /// Every other file, sorted by path.
    public var attachments: [ScannedFile]
    /// Symlink loops, broken symlinks, unreadable folders. The scan went on past each.
    public var diagnostics: [Diagnostic]

    public init(notes: [ScannedFile] = [], attachments: [ScannedFile] = [], diagnostics: [Diagnostic] = []) {
        self.notes = notes
        self.attachments = attachments
        self.diagnostics = diagnostics
    }
}
