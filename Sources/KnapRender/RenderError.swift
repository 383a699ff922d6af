/// Why a render could not run. Each case names the folder or file.
public enum RenderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The vault folder does not exist or is not a folder.
    case noVault(String)
    /// `--out` is the vault itself, or a folder that contains the vault.
    case outputContainsVault(output: String, vault: String)
    /// A folder could not be created.
    case cannotCreate(String, reason: String)
    /// A file could not be written, copied or removed.
    case cannotWrite(String, reason: String)
    /// A template (built in or from `.knap/templates/`) does not parse.
    case badTemplate(String, reason: String)

    public var description: String {
        switch self {
        case .noVault(let path): "\(path): no such vault folder"
        case .outputContainsVault(let output, let vault):
            "\(output): the output folder must not be the vault or contain it (vault: \(vault))"
        case .cannotCreate(let path, let reason): "\(path): cannot create the folder: \(reason)"
        case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
        case .badTemplate(let path, let reason): "\(path): template does not parse: \(reason)"
        }
    }
}
