import Foundation

/// The one shape of every `--format json` output: `{"knap": VERSION, "vault": PATH, …}`, then the
/// command's own keys (its `body`, encoded into the same object). `vault` is the vault's absolute
/// path, or null for commands that read single files; every other path is relative to the vault.
struct JSONEnvelope<Body: Encodable>: Encodable {
    let vault: String?
    let body: Body

    private enum Key: String, CodingKey { case knap, vault }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(Knap.version, forKey: .knap)
        try container.encode(vault, forKey: .vault)  // An optional: nil is written as null.
        try body.encode(to: encoder)
    }
}
