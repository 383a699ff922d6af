import Foundation
import GRDB
import KnapMarkdown
import Testing
@testable import KnapVault

/// The `verify_last` table: each snippet's last verdict, and telling a stale one.
@Suite struct SnippetRecordTests {
    private func record(_ line: Int, _ status: String, hash: String = "h") -> SnippetRecord {
        SnippetRecord(path: "Note.md", line: line, endLine: line + 2, language: "sh", status: status, durationMs: 5, hash: hash,
                      updatedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test func verifyingAgainReplacesTheVerdictAtTheSamePlace() throws {
        let vault = try VaultIndexTests.TempVault("blocks")
        let (index, _) = try vault.open()
        try index.storeSnippetRecords([record(3, "pass"), record(9, "fail")])
        try index.storeSnippetRecords([record(9, "pass", hash: "h2")])
        let stored = try index.snippetRecords()
        #expect(stored == [record(3, "pass"), record(9, "pass", hash: "h2")])
        // Read without the lock, while this index (and its lock) is still open.
        #expect(try VaultIndex.snippetRecords(indexAt: index.path) == stored)
    }

    @Test func readingAVaultWithoutAnIndexCreatesNothing() throws {
        let vault = try VaultIndexTests.TempVault("blocks")
        let path = VaultIndex.defaultPath(vault: vault.root)
        #expect(try VaultIndex.snippetRecords(indexAt: path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func anIndexFromBeforeTheTableGainsItAndKeepsItsCache() throws {
        let vault = try VaultIndexTests.TempVault("blocks")
        let path = VaultIndex.defaultPath(vault: vault.root)
        try FileManager.default.createDirectory(atPath: vault.root + "/.knap", withIntermediateDirectories: true)
        do {
            let queue = try DatabaseQueue(path: path)
            try IndexSchema.migrator.migrate(queue, upTo: "v1")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO verify_results VALUES ('k', 'pass', '', 7, 0)")
            }
            try queue.close()
        }
        #expect(try VaultIndex.snippetRecords(indexAt: path).isEmpty)
        let (index, warnings) = try vault.open()
        #expect(warnings.isEmpty)
        #expect(try index.cachedVerifyResult(key: "k")?.durationMs == 7)
        try index.storeSnippetRecords([record(1, "fail")])
        #expect(try index.snippetRecords() == [record(1, "fail")])
    }

    @Test func aRecordIsCurrentOnlyWhileItsFencesAreUnchanged() throws {
        let text = "# N\n\n```sh\necho a\n```\n\n```output\na\n```\n"
        let note = NoteParser.parse(text, path: "N.md")
        let fresh = SnippetRecord(path: "N.md", line: 3, endLine: 9, language: "sh", status: "pass", durationMs: 1,
                                  hash: SnippetRecord.hash(of: note.codeBlocks))
        #expect(fresh.isCurrent(in: note))
        for edited in [text.replacingOccurrences(of: "echo a", with: "echo b"),
                       text.replacingOccurrences(of: "```sh", with: "```sh timeout=5"),
                       text.replacingOccurrences(of: "```output\na", with: "```output\nb"),
                       "\n" + text] {
            #expect(!fresh.isCurrent(in: NoteParser.parse(edited, path: "N.md")), "\(edited)")
        }
    }
}
