import Foundation
import KnapMarkdown
import Yams

/// The vault's Knap settings, read from `knap.yaml` at the vault root:
///
/// ```yaml
/// ignore:            # globs of vault-relative paths to leave out of the vault
///   - templates/     # a folder (trailing /): anywhere in the vault
///   - "*.excalidraw.md"
///   - /drafts/**     # a leading / anchors the glob at the vault root
/// verify:
///   outputMarkers: [Salida, Sortie]   # marker words besides `Output` (`# Salida:`)
/// ```
///
/// The file is optional; a missing file means no extra ignores.
public struct VaultConfig: Hashable, Sendable {
    /// The config file's name, at the vault root.
    public static let fileName = "knap.yaml"

    public var ignore: [IgnoreGlob]
    /// `verify: {outputMarkers: [...]}`: extra words that mark expected output in snippet comments.
    public var outputMarkers: [String] = []

    public init(ignore: [IgnoreGlob] = []) {
        self.ignore = ignore
    }

    /// Reads `knap.yaml` in `root`. A missing file gives the defaults; a bad one throws.
    public static func load(vault root: String) throws(VaultConfigError) -> VaultConfig {
        let path = (root as NSString).appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: path) else { return VaultConfig() }
        // Not read at all past the size limit of every YAML document Knap reads.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > BoundedYAML.maxBytes {
            throw .invalid(path, "larger than 1 MiB (\(size) bytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        guard let text = String(data: data, encoding: .utf8) else { throw .invalid(path, "not valid UTF-8") }
        return try parse(text, path: path)
    }

    /// Parses the text of a config file; `path` only names it in errors.
    public static func parse(_ text: String, path: String) throws(VaultConfigError) -> VaultConfig {
        let node: Node?
        do {
            node = try BoundedYAML.compose(text)
        } catch {
            throw .invalid(path, "\(error)")
        }
        guard let node else { return VaultConfig() }
        guard let mapping = node.mapping else { throw .invalid(path, "expected a mapping with an `ignore:` list") }
        var config = VaultConfig()
        for (key, value) in mapping {
            switch key.string {
            case "ignore":
                if let scalar = value.scalar {
                    config.ignore.append(IgnoreGlob(scalar.string))
                } else if let sequence = value.sequence {
                    for item in sequence {
                        guard let scalar = item.scalar else {
                            throw .invalid(path, "line \(item.mark?.line ?? 0): `ignore` entries must be strings")
                        }
                        config.ignore.append(IgnoreGlob(scalar.string))
                    }
                } else if value != Node("") {
                    throw .invalid(path, "`ignore` must be a list of globs")
                }
            case "verify":
                try parseVerify(value, into: &config, path: path)
            default:
                continue // Other keys belong to other parts of Knap.
            }
        }
        return config
    }

    /// The `verify:` mapping; keys other than `outputMarkers` belong to other parts of verify.
    private static func parseVerify(_ value: Node, into config: inout VaultConfig, path: String) throws(VaultConfigError) {
        guard value != Node("") else { return }
        guard let mapping = value.mapping else { throw .invalid(path, "`verify` must be a mapping") }
        for (key, item) in mapping where key.string == "outputMarkers" {
            let words = item.sequence.map(Array.init) ?? [item]
            for word in words {
                guard let scalar = word.scalar, !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw .invalid(path, "line \((word.mark?.line ?? 0)): `verify.outputMarkers` entries must be words")
                }
                config.outputMarkers.append(scalar.string)
            }
        }
    }

    /// Whether the vault-relative `path` is ignored by one of the globs.
    public func ignores(_ path: String, isDirectory: Bool) -> Bool {
        ignore.contains { $0.matches(path, isDirectory: isDirectory) }
    }
}
