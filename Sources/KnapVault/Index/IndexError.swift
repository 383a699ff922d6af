/// Why the index could not be opened or updated. Each case names the index file.
public enum IndexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The index folder or file could not be created.
    case cannotCreate(String, reason: String)
    /// Another process holds the index lock and did not let go in time.
    case locked(String)
    /// SQLite failed in a way a rebuild did not fix.
    case database(String, reason: String)
    /// `knap.yaml` is unreadable or invalid.
    case config(VaultConfigError)
    /// The vault folder does not exist.
    case noVault(String)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let reason): "\(path): cannot create the index: \(reason)"
        case .locked(let path): "\(path): another knap process is updating this index; try again when it is done"
        case .database(let path, let reason): "\(path): index error: \(reason)"
        case .config(let error): error.description
        case .noVault(let path): "\(path): no such vault folder"
        }
    }
}
