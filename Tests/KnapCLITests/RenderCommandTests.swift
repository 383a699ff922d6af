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
        #expect(result.status == 1)
        #expect(result.stderr.contains("must not be the vault or contain it"))
    }

    /// A note that cannot be read is reported and the rest is rendered; the exit status says so.
    @Test func anUnreadableNoteIsAnErrorButTheSiteIsWritten() throws {
        let temp = try tempFolder()
        defer { try? FileManager.default.removeItem(at: temp) }
        let vault = temp.appendingPathComponent("vault").path
        try FileManager.default.copyItem(atPath: fixture, toPath: vault)
        try Data([0x61, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: vault + "/Broken.md"))
        let out = temp.appendingPathComponent("site").path
        let result = try KnapBinary.run(["render", "--vault", vault, "--out", out])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Broken.md:1:1: error: not valid UTF-8"))
        #expect(result.stdout.contains("rendered 15 notes"))
        #expect(FileManager.default.fileExists(atPath: out + "/home.html"))
    }

    @Test func outIsRequired() throws {
        let result = try KnapBinary.run(["render", "--vault", fixture])
        #expect(result.status == 2)
    }
}
