import Foundation
import Testing

@Suite struct RenderCommandTests {
    private func tempFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("knap-render-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private var fixture: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/Vaults/render-site").path
    }

    @Test func rendersAndSaysWhatItDid() throws {
        let temp = try tempFolder()
        defer { try? FileManager.default.removeItem(at: temp) }
        let vault = temp.appendingPathComponent("vault").path
        try FileManager.default.copyItem(atPath: fixture, toPath: vault)
        let out = temp.appendingPathComponent("site").path
        let first = try KnapBinary.run(["render", "--vault", vault, "--out", out])
        #expect(first.status == 0)
        // 15 pages, 3 tag pages, index, search, 404, style, script, 16 search index shards, 1 attachment.
        #expect(first.stdout.contains("rendered 15 notes and 1 attachments to \(out): 40 files written, 0 unchanged, 0 removed"))
        #expect(FileManager.default.fileExists(atPath: out + "/home.html"))
        let second = try KnapBinary.run(["render", "--vault", vault, "--out", out])
        #expect(second.stdout.contains("0 files written, 40 unchanged"))
    }

    @Test func refusesToWriteOverTheVault() throws {
        let temp = try tempFolder()
        defer { try? FileManager.default.removeItem(at: temp) }
        let result = try KnapBinary.run(["render", "--vault", temp.path, "--out", temp.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("holds the vault") && result.stderr.contains("give a folder inside it or beside it"))
    }

    /// A note with invalid UTF-8 is rendered with U+FFFD in place of the bad bytes (`check` warns about it).
    @Test func aNoteWithInvalidUTF8IsRenderedWithAWarning() throws {
        let temp = try tempFolder()
        defer { try? FileManager.default.removeItem(at: temp) }
        let vault = temp.appendingPathComponent("vault").path
        try FileManager.default.copyItem(atPath: fixture, toPath: vault)
        try Data([0x61, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: vault + "/Broken.md"))
        let out = temp.appendingPathComponent("site").path
        let result = try KnapBinary.run(["render", "--vault", vault, "--out", out])
        #expect(result.status == 0)
        #expect(result.stdout.contains("rendered 16 notes"))
        #expect(FileManager.default.fileExists(atPath: out + "/home.html"))
        let page = try String(contentsOfFile: out + "/broken.html", encoding: .utf8)
        #expect(page.contains("a\u{FFFD}"))
    }

    @Test func outIsRequired() throws {
        let result = try KnapBinary.run(["render", "--vault", fixture])
        #expect(result.status == 2)
    }
}
