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

    /// Stored notes are matched with scanned ones by bytes in byte order; NFD names (not in Swift's string
    /// order) and NFC names side by side are each matched with their own row.
    @Test func unchangedNotesWithNonASCIINamesAreMatchedWithTheirRows() throws {
        let vault = try TempVault("unicode")
        try vault.write("Zebra.md", "z\n")
        try vault.write("e\u{301}t\u{E9}/A.md", "a\n")
        try vault.write("\u{E9}t\u{E9}/B.md", "b\n")
        // `e` + U+0301 sorts before `f` by bytes, after it as Swift compares strings (as `é`).
        try vault.write("e\u{301}x.md", "ex\n")
        try vault.write("f.md", "f\n")
        let scanned = VaultScanner(root: vault.root).scan().notes.map { Array($0.path.utf8) }
        #expect(scanned != scanned.sorted { $0.lexicographicallyPrecedes($1) })
        let (index, _) = try vault.open()
        let first = try index.update()
        #expect(first.changed >= 5)
        let before = try IndexDump.of(index)
        let second = try index.update()
        #expect(second.changed == 0 && second.removed == 0 && second.relinked == 0)
        try vault.write("e\u{301}t\u{E9}/A.md", "a changed\n")
        let third = try index.update()
        #expect(third.changed == 1 && third.removed == 0)
        #expect(try IndexDump.of(index) != before)
        #expect(try IndexDump.of(index) == vault.fullRebuildDump())
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

    @Test func folderHintsFollowTheFolderComingAndGoing() throws {
        let vault = try TempVault("blocks")
        try vault.write("Folders.md", "[[projects/]] and [[archive]]\n")
        try vault.write("archive/Old.md", "# Old\n")
        let (index, _) = try vault.open()
        try index.update()
        #expect(try index.diagnostics().filter { $0.message.contains("is a folder") }.count == 1)
        try FileManager.default.removeItem(atPath: vault.root + "/archive/Old.md")
        try vault.write("projects/deep/Plan.md", "# Plan\n")
        try index.update()
        #expect(try IndexDump.of(index) == vault.fullRebuildDump())
        let hints = try index.diagnostics().filter { $0.message.contains("is a folder") }
        #expect(hints.map(\.column) == [1])
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

    /// The bytes of the index file and of its WAL (nil when absent).
    private static func files(_ path: String) -> (index: Data?, wal: Data?) {
        (FileManager.default.contents(atPath: path), FileManager.default.contents(atPath: path + "-wal"))
    }

    /// Opening the index and finding nothing to do writes nothing: no page of the index and no frame of the
    /// WAL (looked at while the index is still open), even with scan findings stored.
    @Test func anUpdateWithNothingToDoWritesNothing() throws {
        let vault = try TempVault("headings")
        try FileManager.default.createSymbolicLink(atPath: vault.root + "/dangling.md", withDestinationPath: "nowhere.md")
        let path = VaultIndex.defaultPath(vault: vault.root)
        do {
            let (_, first, _) = try VaultIndex.openUpToDate(vault: vault.root)
            #expect(first.changed == 2)
        }
        let before = Self.files(path)
        #expect(before.index != nil)
        let (index, report, warnings) = try VaultIndex.openUpToDate(vault: vault.root)
        #expect(report.changed == 0 && report.removed == 0 && report.relinked == 0 && warnings.isEmpty)
        let during = Self.files(path)
        #expect(during.wal == before.wal)
        #expect(during.index == before.index)
        #expect(try index.diagnostics().contains { $0.code == "broken-symlink" })
        // A change is written (so the comparison above can see one).
        try vault.write("Guide.md", "# Changed\n")
        #expect(try index.update().changed == 1)
        let after = Self.files(path)
        #expect(after.wal != before.wal || after.index != before.index)
    }

    /// Each run is a process of its own, which reads every frame left in the WAL when it opens the index:
    /// closing the index copies the WAL into the file and leaves it empty (but in place), however many
    /// runs changed notes, and the changes are in the file.
    @Test func closingTheIndexLeavesItsWALEmpty() throws {
        let vault = try TempVault("headings")
        let path = VaultIndex.defaultPath(vault: vault.root)
        for run in 0..<4 {
            try vault.write("Run.md", "# Run \(run)\n\nText of run \(run).\n")
            do {
                let (index, report, _) = try VaultIndex.openUpToDate(vault: vault.root)
                #expect(report.changed == (run == 0 ? 3 : 1))
                #expect((Self.files(path).wal?.count ?? 0) > 0, "the run wrote to the WAL first")
                _ = index
            }
            #expect(Self.files(path).wal == Data(), "run \(run)")
        }
        // The last change is in the index file itself, read without the WAL.
        let file = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        let heading = try file.read { db in
            try String.fetchOne(db, sql: "SELECT text FROM headings JOIN notes ON notes.id = note_id WHERE path = 'Run.md'")
        }
        #expect(heading == "Run 3")
    }

    /// A large vault with no index is built in the temporary file and moved into place, in WAL mode, with
    /// the same rows as an update of an existing (empty) index; opening it again writes nothing.
    @Test func aVaultWithNoIndexIsBuiltFromNothingLikeAnUpdate() throws {
        let vault = try TempVault("blocks")
        let count = IndexUpdater.bulkThreshold + 10
        for number in 0..<count {
            try vault.write("bulk/n\(number % 7)/Note \(number).md", "# Note \(number)\n[[Note \((number + 3) % count)]] #t\(number % 5)\n")
        }
        // Links resolved where parsed: an alias hint (aliases are known only once every note is in), missing
        // files, headings and blocks, an ambiguous name.
        try vault.write("Aliased.md", "---\naliases: [Nick]\n---\n# Aliased\n")
        try vault.write("Linking.md", "[[Nick]] [[Missing]] [[Note 1#Note 1]] [[Note 2#Nope]] [[Note 3#^none]] [[Twin]]\n")
        try vault.write("a/Twin.md", "a\n")
        try vault.write("b/Twin.md", "b\n")
        let path = VaultIndex.defaultPath(vault: vault.root)
        #expect(!FileManager.default.fileExists(atPath: path))
        let (index, report, _) = try VaultIndex.openUpToDate(vault: vault.root)
        #expect(report.changed == count + 6)
        let messages = try index.diagnostics().filter { $0.path == "Linking.md" }.map(\.message)
        #expect(messages.contains { $0.contains("alias of 'Aliased.md'") })
        #expect(messages.count == 5)
        #expect(!FileManager.default.fileExists(atPath: path + ".build"))
        #expect(try index.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try IndexDump.of(index) == vault.fullRebuildDump())
        #expect(Self.files(path).wal?.isEmpty ?? true)
    }

    @Test func aBulkBuildEndsWithEveryIndexInPlaceAndTheSameContent() throws {
        let vault = try TempVault("blocks")
        let count = IndexUpdater.bulkThreshold + 20
        for number in 0..<count {
            try vault.write("bulk/n\(number % 9)/Note \(number).md",
                            "# Note \(number)\n[[Note \((number + 1) % count)]] [[Note \(number)#Missing]] #t\(number % 4)\n")
        }
        let (index, _) = try vault.open()
        #expect(try index.update().changed == count + 2)
        let names = try index.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        }
        #expect(names == IndexSchema.secondaryIndexes.map(\.name).sorted())
        let memory = try Vault.load(root: vault.root)
        let expected = (memory.notes.flatMap(\.diagnostics) + memory.linkDiagnostics()).map(\.formatted).sorted()
        #expect(try index.diagnostics().map(\.formatted).sorted() == expected)
        // An incremental change after the bulk build still matches a full rebuild.
        try vault.write("bulk/n0/Note 0.md", "# Note 0\n[[Note 5#Note 5]]\n")
        try index.update()
        #expect(try IndexDump.of(index) == vault.fullRebuildDump())
    }

    @Test func damagedPagesAreFoundByTheUpdateAndRebuilt() throws {
        let vault = try TempVault("blocks")
        let path = vault.root + "/.knap/index.sqlite"
        let (notesPage, pageSize): (Int, Int)
        do {
            let (index, _) = try vault.open()
            try index.update()
            (notesPage, pageSize) = try index.pool.read { db in
                (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'notes'") ?? 0,
                 try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096)
            }
            // Closing the index (at the end of this block) copies its WAL into the file, so the page damaged below
            // is the one read.
        }
        // Overwrite the notes table's root page: the schema still reads, the first update does not.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((notesPage - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: pageSize))
        try handle.close()
        let (index, report, warnings) = try VaultIndex.openUpToDate(vault: vault.root)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("corrupt") == true, "\(warnings)")
        #expect(report.changed == 2)
        #expect(try IndexDump.of(index) == vault.fullRebuildDump())
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

    @Test func theIndexResolverResolvesLikeTheInMemoryOne() throws {
        for scenario in ["headings", "blocks", "aliases", "attachments", "same-name", "unicode"] {
            let vault = try TempVault(scenario)
            let (index, _) = try vault.open()
            try index.update()
            let fromIndex = try index.resolver()
            let memory = try Vault.load(root: vault.root)
            for note in memory.notes {
                for link in note.links {
                    #expect(fromIndex.resolve(link, from: note.path) == memory.resolver.resolve(link, from: note.path),
                            "\(scenario): \(note.path):\(link.line):\(link.column)")
                }
            }
        }
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
