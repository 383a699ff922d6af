import Foundation
import Testing

/// Knap on a real vault: the Quartz documentation (see /work/shared/corpora/README.md).
@Suite struct QuartzDocsTests {
    static let corpus = KnapBinary.packageRoot.appendingPathComponent("../shared/corpora/quartz-docs").standardizedFileURL

    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpus.path), "the Quartz docs corpus is not in ../shared/corpora/quartz-docs"))
    func reportsOnlyRealProblems() throws {
        let vault = FileManager.default.temporaryDirectory.appendingPathComponent("knap-quartz-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.corpus, to: vault)
        defer { try? FileManager.default.removeItem(at: vault) }
        let result = try KnapBinary.run(["check", "--format", "json"], in: vault.path)
        #expect(result.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let items = object?["diagnostics"] as? [[String: Any]] ?? []
        let found = items.map { "\($0["path"] ?? ""):\($0["line"] ?? 0):\($0["code"] ?? "")" }
        // Each checked by hand against the notes (see docs/README-vault.md, "Quartz docs"):
        #expect(found == [
            // configuration.md has no "Layout" heading (it moved to layout.md).
            "advanced/creating components.md:212:unresolved-heading",
            // Quartz's generated tag pages: no such notes in the vault.
            "configuration.md:74:unresolved-link",
            "configuration.md:75:unresolved-link",
            "configuration.md:76:unresolved-link",
            "configuration.md:83:unresolved-link",
            // Links to folders (Quartz folder pages), not files.
            "features/folder and tag listings.md:15:unresolved-link",
            // There is no "quartz layout.png"; the images are quartz-layout-desktop.png and so on.
            "features/popover previews.md:11:unresolved-link",
            "index.md:34:unresolved-link",
            "index.md:40:unresolved-link",
            "plugins/FolderPage.md:9:unresolved-link",
        ])
        let index = try KnapBinary.run(["index", "--format", "json"], in: vault.path)
        #expect(index.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(index.stdout.utf8)) as? [String: Any]
        #expect(report?["scanned"] as? Int == 70 && report?["changed"] as? Int == 0)
    }
}
