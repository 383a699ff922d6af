import Foundation
import KnapMarkdown

/// Reads and parses one note of a vault; a file that cannot be read becomes a diagnostic.
public enum VaultReader {
    public enum Outcome: Sendable {
        /// The parsed note (its path is the vault-relative path) and its text.
        case parsed(Note, text: String)
        /// Why the file could not be read.
        case failed(Diagnostic)
    }

    /// Reads the note at vault-relative `path` in the vault at `root`.
    public static func read(_ path: String, root: String) -> Outcome {
        do {
            let source = try NoteParser.read(root + "/" + path)
            return .parsed(NoteParser.parse(source, path: path), text: source.text)
        } catch {
            return .failed(diagnostic(for: error, path: path))
        }
    }

    static func diagnostic(for error: NoteReadError, path: String) -> Diagnostic {
        switch error {
        case .unreadable(_, let reason):
            Diagnostic(path: path, line: 1, column: 1, severity: .error, code: "unreadable-file",
                       message: "cannot read the file (\(reason)); the note is left out")
        case .missing:
            Diagnostic(path: path, line: 1, column: 1, severity: .error, code: "unreadable-file",
                       message: "the file disappeared while indexing")
        case .directory:
            Diagnostic(path: path, line: 1, column: 1, severity: .error, code: "unreadable-file",
                       message: "is a directory, not a note")
        }
    }
}
