import Foundation

/// What the last render knew, kept in `_knap/cache.json` in the output folder: a fingerprint of
/// everything that affects every page (options, templates, the list of files), and a summary of
/// each note and attachment. A cache whose fingerprint differs is ignored (a full render).
struct RenderCache: Codable, Sendable {
    static let path = "_knap/cache.json"
    static let version = 1

    var version = RenderCache.version
    var fingerprint: String
    var notes: [String: NoteSummary]
    /// Attachment path → "size:mtime".
    var attachments: [String: String]

    /// The cache in `output`, if there is one with this fingerprint. A cache that cannot be read
    /// is treated as absent: the render is then full, never wrong.
    static func load(output: String, fingerprint: String) -> RenderCache? {
        guard let data = FileManager.default.contents(atPath: output + "/" + path),
              let cache = try? JSONDecoder().decode(RenderCache.self, from: data),
              cache.version == version, cache.fingerprint == fingerprint else { return nil }
        return cache
    }

    func encoded() throws(RenderError) -> Data {
        do {
            return try JSONEncoder().encode(self)
        } catch {
            throw .cannotWrite(Self.path, reason: "\(error)")
        }
    }

    /// FNV-1a over the parts, as 16 hex digits: stable across runs, unlike `Hasher`.
    static func fingerprint(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= 0xFF
            hash = hash &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
