import Foundation
import KnapMarkdown
@testable import KnapVault

/// The fixture vaults under Tests/Fixtures/Vaults, read in place (tests that write copy them first).
enum Fixtures {
    static let vaults: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("Vaults")

    static func path(_ scenario: String) -> String {
        vaults.appendingPathComponent(scenario).path
    }

    static func load(_ scenario: String) throws -> Vault {
        try Vault.load(root: path(scenario))
    }

    /// A fresh temporary copy of a fixture vault; the caller deletes it.
    static func copy(_ scenario: String) throws -> String {
        let destination = FileManager.default.temporaryDirectory
            .appendingPathComponent("knap-\(scenario)-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: vaults.appendingPathComponent(scenario), to: destination)
        return destination.path
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
}

extension Vault {
    /// How the link written as `written` (`Note#H1#H2`, `Note#^id`, `!Figure.png` for an embed) in `source` resolves.
    func resolution(of written: String, in source: String) throws -> LinkResolution {
        guard let note = notes.first(where: { $0.path == source }) else {
            throw FixtureError(description: "no note \(source) in \(notes.map(\.path))")
        }
        let embed = written.hasPrefix("!")
        let wanted = embed ? String(written.dropFirst()) : written
        guard let link = note.links.first(where: { $0.embed == embed && $0.spelled == wanted }) else {
            throw FixtureError(description: "no link \(written) in \(source): \(note.links.map(\.spelled))")
        }
        return resolver.resolve(link, from: source)
    }
}

extension Link {
    var spelled: String {
        var text = target
        if let heading { text += "#" + heading }
        if let block { text += "#^" + block }
        return text
    }
}
