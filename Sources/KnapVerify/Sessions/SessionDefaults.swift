import Foundation
import KnapMarkdown
import KnapVault
import Yams

/// The vault's default for sessions, from `knap.yaml`: `verify: {session: true}`, or
/// `verify: {session: [globs]}` for the notes whose vault-relative path matches one of the globs
/// (the globs of `ignore:`). A note's frontmatter `verify:` wins over it.
public struct SessionDefaults: Sendable {
    public var enabled = false
    /// When not empty, only notes that match one of these.
    public var globs: [IgnoreGlob] = []
    /// The vault root, to make note paths vault-relative; nil for paths as given.
    public var root: String?

    public init(enabled: Bool = false, globs: [IgnoreGlob] = [], root: String? = nil) {
        self.enabled = enabled
        self.globs = globs
        self.root = root
    }

    /// Reads `verify.session` from the vault's `knap.yaml`; no file or no key gives the default (off).
    public static func load(vault root: String) throws(VaultConfigError) -> SessionDefaults {
        let path = (root as NSString).appendingPathComponent(VaultConfig.fileName)
        guard FileManager.default.fileExists(atPath: path) else { return SessionDefaults(root: root) }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > BoundedYAML.maxBytes {
            throw .invalid(path, "larger than 1 MiB (\(size) bytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        guard let text = String(data: data, encoding: .utf8) else { throw .invalid(path, "not valid UTF-8") }
        return try parse(text, path: path, root: root)
    }

    static func parse(_ text: String, path: String, root: String?) throws(VaultConfigError) -> SessionDefaults {
        var defaults = SessionDefaults(root: root)
        let node: Node?
        // Within the limits of every YAML document Knap reads (size, depth, alias expansion).
        do { node = try BoundedYAML.compose(text) } catch { throw .invalid(path, "\(error)") }
        guard let value = node?.mapping?["verify"]?.mapping?["session"] else { return defaults }
        if let flag = value.bool {
            defaults.enabled = flag
        } else if let sequence = value.sequence {
            defaults.enabled = true
            for item in sequence {
                guard let glob = item.string else { throw .invalid(path, "`verify.session` globs must be strings") }
                defaults.globs.append(IgnoreGlob(glob))
            }
        } else if let glob = value.string {
            defaults.enabled = true
            defaults.globs = [IgnoreGlob(glob)]
        } else {
            throw .invalid(path, "`verify.session` must be true, false, or a list of globs")
        }
        return defaults
    }

    func covers(_ path: String) -> Bool {
        guard enabled else { return false }
        guard !globs.isEmpty else { return true }
        var relative = path
        if let root, !root.isEmpty, root != "." {
            let prefix = root.hasSuffix("/") ? root : root + "/"
            if relative.hasPrefix(prefix) { relative = String(relative.dropFirst(prefix.count)) }
        }
        if relative.hasPrefix("./") { relative = String(relative.dropFirst(2)) }
        return globs.contains { $0.matches(relative, isDirectory: false) }
    }
}
