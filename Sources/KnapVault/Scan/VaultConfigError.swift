/// Why `knap.yaml` could not be used.
public enum VaultConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(String)
    case invalid(String, String)

    public var description: String {
        switch self {
        case .unreadable(let path): "\(path): cannot read the config file"
        case .invalid(let path, let reason): "\(path): invalid config: \(reason)"
        }
    }
}
