/// A file found by ``VaultScanner``: where it is and what `stat` said about it.
public struct ScannedFile: Hashable, Sendable {
    /// Vault-relative, `/`-separated, as on disk.
    public var path: String
    public var size: Int64
    /// Modification time in nanoseconds since 1970.
    public var mtime: Int64

    public init(path: String, size: Int64, mtime: Int64) {
        self.path = path
        self.size = size
        self.mtime = mtime
    }

    /// Every `.md` file is a note; every other file is an attachment.
    public var isNote: Bool { VaultPath.isNote(path) }
}
