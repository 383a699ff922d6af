/// Why `NOTE` on the command line names no single note.
public enum NoteLookupError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(String)
    case ambiguous(String, [String])

    public var description: String {
        switch self {
        case .notFound(let name): "no note named '\(name)' (by name, path or alias)"
        case .ambiguous(let name, let paths): "'\(name)' names more than one note: " + paths.joined(separator: ", ")
        }
    }
}
