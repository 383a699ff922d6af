import Foundation
import KnapMarkdown
import KnapVault

/// Finds the notes under the paths given to `knap verify` and reads their snippets.
public struct NoteCollector: Sendable {
    public var extractor: SnippetExtractor

    public init(extractor: SnippetExtractor) {
        self.extractor = extractor
    }

    /// Markdown files under `paths` (files as given; folders walked, hidden folders skipped), sorted
    /// per argument; a missing path becomes a diagnostic.
    public func noteFiles(_ paths: [String]) -> (files: [String], problems: [Diagnostic]) {
        var files: [String] = []
        var problems: [Diagnostic] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(Diagnostic(path: path, line: 1, column: 1, severity: .error, code: "missing-path",
                                           message: "no such file or folder"))
                continue
            }
            if !isDirectory.boolValue { files.append(path); continue }
            var found: [String] = []
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let enumerator = FileManager.default.enumerator(atPath: path)
            while let relative = enumerator?.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    if let attributes = enumerator?.fileAttributes, attributes[.type] as? FileAttributeType == .typeDirectory {
                        enumerator?.skipDescendants()
                    }
                    continue
                }
                if name.lowercased().hasSuffix(".md") { found.append(base == "." ? relative : base + "/" + relative) }
            }
            files += found.sorted()
        }
        return (files, problems)
    }

    /// The vault's notes as the vault sees them: hidden folders and what `knap.yaml` ignores are left out.
    /// Symlinks whose real path is outside the vault are skipped unless `followExternalSymlinks`.
    public func vaultNoteFiles(root: String, followExternalSymlinks: Bool = false) -> (files: [String], problems: [Diagnostic]) {
        let config: VaultConfig
        do {
            config = try VaultConfig.load(vault: root)
        } catch {
            return ([], [Diagnostic(path: (root as NSString).appendingPathComponent("knap.yaml"), line: 1, column: 1,
                                    severity: .error, code: "invalid-config", message: "\(error)")])
        }
        let scan = VaultScanner(root: root, config: config, followExternalSymlinks: followExternalSymlinks).scan()
        let files = scan.notes.map { root == "." || root.isEmpty ? $0.path : (root as NSString).appendingPathComponent($0.path) }
        return (files, scan.diagnostics.filter { $0.severity == .error })
    }

    /// The snippets and skipped fences of the notes, in note order, and the notes that could not be
    /// read (errors) and the expectations that could not be read (`unread-expectation` warnings).
    public func items(files: [String]) -> (items: [VerifyItem], problems: [Diagnostic]) {
        var items: [VerifyItem] = []
        var problems: [Diagnostic] = []
        for file in files {
            let source: NoteText
            do {
                source = try NoteParser.read(file)
            } catch {
                problems.append(Diagnostic(path: error.path, line: 1, column: 1, severity: .error,
                                           code: "unreadable-note", message: error.reason))
                continue
            }
            let note = NoteParser.parse(source, path: file)
            let normalized = source.text.replacingOccurrences(of: "\r\n", with: "\n")
            let (snippets, skipped) = extractor.extract(note, text: normalized)
            for snippet in snippets {
                problems += snippet.unread.map {
                    Diagnostic(path: file, line: $0.line, column: 1, severity: .warning, code: "unread-expectation",
                           message: $0.message + " (unread-expectation)")
                }
            }
            var noteItems = snippets.map(VerifyItem.snippet) + skipped.map(VerifyItem.skipped)
            noteItems.sort { $0.line < $1.line }
            items += noteItems
        }
        return (items, problems)
    }
}
