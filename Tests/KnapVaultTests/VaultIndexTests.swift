import Foundation
import GRDB
import KnapMarkdown
import Testing
@testable import KnapVault

@Suite struct VaultIndexTests {
    /// A temporary copy of a fixture vault, with its index inside it.
    struct TempVault: ~Copyable {
        let root: String
        init(_ scenario: String) throws { root = try Fixtures.copy(scenario) }
        deinit { try? FileManager.default.removeItem(atPath: root) }

        func write(_ path: String, _ text: String) throws {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        func open(_ index: String? = nil) throws -> (VaultIndex, [String]) {
            try VaultIndex.open(vault: root, at: index)
        }

        /// The rows of a fresh full index built beside the vault's own.
        func fullRebuildDump() throws -> [String] {
            let fresh = root + "/.knap/fresh-\(UUID().uuidString).sqlite"
            let (index, _) = try open(fresh)
            try index.update()
            return try IndexDump.of(index)
        }
    }

    @Test func indexAgreesWithTheInMemoryVault() throws {
        for scenario in ["headings", "blocks", "aliases", "attachments", "same-name", "case", "unicode", "paths"] {
            let vault = try TempVault(scenario)
            let (index, warnings) = try vault.open()
            #expect(warnings.isEmpty)
            let report = try index.update()
            let memory = try Vault.load(root: vault.root)
            #expect(report.scanned == memory.notes.count)
            #expect(report.changed == memory.notes.count)
            let expected = (memory.diagnostics + memory.notes.flatMap(\.diagnostics) + memory.linkDiagnostics())
                .map(\.formatted).sorted()
            #expect(try index.diagnostics().map(\.formatted).sorted() == expected, "\(scenario)")
        }
    }

    @Test func secondRunReadsNothingAndTouchedFilesAreConfirmedByHash() throws {
        let vault = try TempVault("headings")
        let (index, _) = try vault.open()
        let first = try index.update()
        #expect(first.changed == 2)
        let before = try IndexDump.of(index)
        let second = try index.update()
        #expect(second.changed == 0 && second.removed == 0 && second.relinked == 0)
        // Same bytes, new mtime: read again, but not re-indexed.
        let guide = vault.root + "/Guide.md"
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: guide)
        #expect(try index.update().changed == 0)
        #expect(try IndexDump.of(index) == before)
    }

    @Test func incrementalAddModifyDeleteRenameMatchAFullRebuild() throws {
        let vault = try TempVault("headings")
        try vault.write("Other.md", "Links to [[New Note]] and [[Guide#Brand new]] and [[Renamed#Anchor]] and [[Nick]].\n")
        try vault.write("Before.md", "---\naliases: [Nick]\n---\n# Anchor\n")
        let (index, _) = try vault.open()
        try index.update()

        // Add: a note that an unresolved link was waiting for.
        try vault.write("folder/New Note.md", "# Fresh\n[[Guide#Other]]\n")
        var report = try index.update()
        #expect(report.changed == 1 && report.removed == 0)
        #expect(try IndexDump.of(index) == vault.fullRebuildDump())
        #expect(try index.links(from: "Other.md").first?.resolved == "folder/New Note.md")

        // Modify: a heading appears that a link in another note names.
        try vault.write("Guide.md", "# Brand new\n\n# Other\n")
        report = try index.update()
        #expect(report.changed == 1)
        #expect(try IndexDump.of(index) == vault.fullRebuildDump())
        #expect(try index.diagnostics().contains { $0.path == "Other.md" && $0.code == "unresolved-heading" && $0.message.contains("Brand") } == false)

        // Rename: links follow (to the new name they now resolve; the alias hint moves too).
        try FileManager.default.moveItem(atPath: vault.root + "/Before.md", toPath: vault.root + "/Renamed.md")
        report = try index.update()
        #expect(report.changed == 1 && report.removed == 1)
        #expect(try IndexDump.of(index) == vault.fullRebuildDump())
        #expect(try index.links(from: "Other.md").map(\.problem) == [nil, nil, nil, "unresolved-link"])

        // Delete: links to it become unresolved.
        try FileManager.default.removeItem(atPath: vault.root + "/folder/New Note.md")
        report = try index.update()
        #expect(report.changed == 0 && report.removed == 1)
        #expect(try IndexDump.of(index) == vault.fullRebuildDump())
        #expect(try index.links(from: "Other.md").first?.problem == "unresolved-link")
    }

    @Test func attachmentsComingAndGoingReResolveEmbeds() throws {
        let vault = try TempVault("attachments")
        let (index, _) = try vault.open()
        try index.update()
        try FileManager.default.removeItem(atPath: vault.root + "/assets/Figure 1.png")
        try vault.write("missing.png", "now it exists")
        try index.update()
        #expect(try IndexDump.of(index) == vault.fullRebuildDump())
        #expect(try index.diagnostics().map { "\($0.line):\($0.code)" } == ["1:missing-embed", "3:missing-embed", "9:missing-embed"])
    }

    @Test func corruptOrForeignIndexIsRebuiltWithAWarning() throws {
        let vault = try TempVault("blocks")
        let path = vault.root + "/.knap/index.sqlite"
        try FileManager.default.createDirectory(atPath: vault.root + "/.knap", withIntermediateDirectories: true)
        try Data(String(repeating: "not a database ", count: 500).utf8).write(to: URL(fileURLWithPath: path))
        do {
            let (index, warnings) = try vault.open()
            #expect(warnings.count == 1)
            #expect(warnings.first?.contains("not an SQLite database") == true)
            #expect(try index.update().changed == 2)
        }
        // A foreign SQLite database at the same place.
        try FileManager.default.removeItem(atPath: path)
        let foreign = try DatabaseQueue(path: path)
        try foreign.write { try $0.execute(sql: "CREATE TABLE photos (id INTEGER PRIMARY KEY); INSERT INTO photos VALUES (1)") }
        try foreign.close()
        do {
            let (index, warnings) = try vault.open()
            #expect(warnings.first?.contains("not a Knap index") == true)
            #expect(try index.update().changed == 2)
        }
        // Opening it again (once the first is closed, which lets go of the lock): no warning.
        let (_, again) = try vault.open()
        #expect(again.isEmpty)
    }

    @Test func searchRanksAndMarksAndFiltersByTag() throws {
        let vault = try TempVault("blocks")
        try vault.write("Cooking.md", "---\ntags: [food/baking]\n---\n# Bread\n\nFirst line.\nKneading the dough takes time.\n")
        try vault.write("Running.md", "#sport\n\nI ran and kneaded nothing.\n")
        let (index, _) = try vault.open()
        try index.update()
        let hits = try index.search("knead")
        #expect(hits.map(\.path) == ["Cooking.md", "Running.md"] || hits.map(\.path) == ["Running.md", "Cooking.md"])
        let cooking = try #require(hits.first { $0.path == "Cooking.md" })
        #expect(cooking.line == 7)
        #expect(cooking.snippet.contains("«Kneading»"))
        #expect(try index.search("knead", tag: "food").map(\.path) == ["Cooking.md"])
        #expect(try index.search("knead", tag: "#FOOD/baking").map(\.path) == ["Cooking.md"])
        #expect(try index.search("bread").first?.path == "Cooking.md")
        #expect(try index.search("\"unbalanced -quote:").isEmpty)
    }

    @Test func tagsRollUpAndOrphansAndBacklinks() throws {
        let vault = try TempVault("blocks")
        try vault.write("A.md", "#project/alpha #project/beta [[Source]]\n")
        try vault.write("B.md", "#Project #project/alpha/x\n")
        let (index, _) = try vault.open()
        try index.update()
        let tags = try index.tags()
        #expect(tags.first == TagCount(tag: "project", count: 2))
        #expect(tags.contains(TagCount(tag: "project/alpha", count: 2)))
        #expect(tags.contains(TagCount(tag: "project/alpha/x", count: 1)))
        #expect(tags.contains(TagCount(tag: "project/beta", count: 1)))
        #expect(try index.orphans() == ["A.md", "B.md", "Linker.md"])
        #expect(try index.backlinks(to: "Source.md").map { "\($0.source):\($0.line)" } == ["A.md:1", "Linker.md:1", "Linker.md:2", "Linker.md:3", "Linker.md:4"])
        #expect(try index.note(named: "source") == .success("Source.md"))
        #expect(try index.note(named: "Nope") == .failure(.notFound("Nope")))
    }

    @Test func verifyResultsAreCached() throws {
        let vault = try TempVault("blocks")
        let (index, _) = try vault.open()
        #expect(try index.cachedVerifyResult(key: "k") == nil)
        let stored = try index.storeVerifyResult(key: "k", status: "passed", output: "ok", durationMs: 12)
        #expect(try index.cachedVerifyResult(key: "k") == stored)
        try index.storeVerifyResult(key: "k", status: "failed", output: "boom", durationMs: 3)
        #expect(try index.cachedVerifyResult(key: "k")?.status == "failed")
    }
}
