import Foundation
import Testing
@testable import KnapVault

/// Random edits to a small vault full of name clashes; after every edit the incrementally updated
/// index must equal a fresh full build. Seeded, so a failure replays.
@Suite struct IncrementalFuzzTests {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let names = ["Alpha", "alpha", "Beta", "Gamma", "Café", "Cafe\u{301}"]
    static let folders = ["", "a/", "b/", "a/deep/"]

    func randomNote(_ rng: inout SplitMix) -> String {
        let name = Self.names.randomElement(using: &rng) ?? "Alpha"
        var text = ""
        if Bool.random(using: &rng) { text += "---\naliases: [\(["Nick", "Alpha", "Other"].randomElement(using: &rng) ?? "Nick")]\n---\n" }
        text += "# \(["Intro", "Setup: one", "Notes"].randomElement(using: &rng) ?? "Intro")\n\nText. ^\(["b1", "b2"].randomElement(using: &rng) ?? "b1")\n\n"
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let target = (Self.folders.randomElement(using: &rng) ?? "") + (Self.names.randomElement(using: &rng) ?? "")
            let suffix = ["", "#Intro", "#Setup one", "#^b1", "#^b2", ".md", "|shown"].randomElement(using: &rng) ?? ""
            let embed = Int.random(in: 0..<6, using: &rng) == 0 ? "![[pic.png]] " : ""
            text += "\(embed)[[\(Bool.random(using: &rng) ? name : target)\(suffix)]] [[Nick]] [[a/]]\n"
        }
        return text
    }

    @Test(arguments: Array(1...5) as [UInt64])
    func randomEditsMatchAFullRebuild(seed: UInt64) throws {
        var rng = SplitMix(state: seed)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("knap-fuzz-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        func path(_ relative: String) -> String { root + "/" + relative }
        func write(_ relative: String, _ text: String) throws {
            try FileManager.default.createDirectory(atPath: (path(relative) as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path(relative)))
        }
        func files() -> [String] { VaultScanner(root: root).scan().notes.map(\.path) + VaultScanner(root: root).scan().attachments.map(\.path) }
        func randomPath(_ rng: inout SplitMix) -> String {
            (Self.folders.randomElement(using: &rng) ?? "") + (Self.names.randomElement(using: &rng) ?? "") + ".md"
        }

        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for _ in 0..<6 { try write(randomPath(&rng), randomNote(&rng)) }
        let (index, _) = try VaultIndex.open(vault: root)
        try index.update()

        for step in 0..<25 {
            let existing = files()
            switch Int.random(in: 0..<6, using: &rng) {
            case 0, 1:
                try write(randomPath(&rng), randomNote(&rng))  // add (or overwrite)
            case 2:
                if let victim = existing.randomElement(using: &rng) { try write(victim, randomNote(&rng)) }
            case 3:
                if let victim = existing.randomElement(using: &rng) { try FileManager.default.removeItem(atPath: path(victim)) }
            case 4:
                if let victim = existing.randomElement(using: &rng) {
                    let target = randomPath(&rng)
                    if !FileManager.default.fileExists(atPath: path(target)) {
                        try FileManager.default.createDirectory(atPath: (path(target) as NSString).deletingLastPathComponent,
                                                                withIntermediateDirectories: true)
                        try FileManager.default.moveItem(atPath: path(victim), toPath: path(target))
                    }
                }
            default:
                let picture = (Self.folders.randomElement(using: &rng) ?? "") + "pic.png"
                if FileManager.default.fileExists(atPath: path(picture)) {
                    try FileManager.default.removeItem(atPath: path(picture))
                } else {
                    try write(picture, "png")
                }
            }
            try index.update()
            let fresh = root + "/.knap/fresh-\(step).sqlite"
            let (full, _) = try VaultIndex.open(vault: root, at: fresh)
            try full.update()
            let incremental = try IndexDump.of(index)
            let expected = try IndexDump.of(full)
            #expect(incremental == expected, "seed \(seed) step \(step): \(Set(incremental).symmetricDifference(expected).sorted().prefix(6))")
            if incremental != expected { return }
        }
    }
}
