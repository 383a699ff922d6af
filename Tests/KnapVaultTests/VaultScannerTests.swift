import Foundation
import KnapMarkdown
import Testing
@testable import KnapVault

@Suite struct VaultScannerTests {
    @Test func skipsDotFoldersAndConfiguredIgnores() throws {
        let root = try Fixtures.copy("scan")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/.git/HEAD.md"))
        let config = try VaultConfig.load(vault: root)
        #expect(config.ignore.map(\.pattern) == ["/drafts/", "*.tmp.md", "templates/"])
        let scan = VaultScanner(root: root, config: config).scan()
        #expect(scan.notes.map(\.path) == ["Home.md", "Latin1.md", "notes/Keep.md"])
        #expect(scan.attachments.map(\.path) == ["image.png", "knap.yaml"])
        #expect(scan.notes.first?.size == 26)
    }

    @Test func withoutTheConfigOnlyDotFoldersAreSkipped() throws {
        let scan = VaultScanner(root: Fixtures.path("scan")).scan()
        #expect(scan.notes.map(\.path) == ["Home.md", "Latin1.md", "drafts/Draft.md", "notes/Keep.md",
                                           "notes/scratch.tmp.md", "notes/templates/Weekly.md", "templates/Daily.md"])
    }

    @Test func symlinkLoopsAndBrokenLinksAreReportedAndTheScanGoesOn() throws {
        let root = try Fixtures.copy("scan")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/notes/loop", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: root + "/dangling.md", withDestinationPath: "nowhere.md")
        try FileManager.default.createSymbolicLink(atPath: root + "/alias-of-keep.md", withDestinationPath: "notes/Keep.md")
        let scan = VaultScanner(root: root, config: try VaultConfig.load(vault: root)).scan()
        #expect(scan.diagnostics.map { "\($0.path ?? ""):\($0.code)" } == ["dangling.md:broken-symlink", "notes/loop:symlink-loop"])
        #expect(scan.notes.map(\.path) == ["Home.md", "Latin1.md", "alias-of-keep.md", "notes/Keep.md"])
    }

    @Test func nonUTF8NotesBecomeDiagnosticsNamingTheLine() throws {
        let root = try Fixtures.copy("scan")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let vault = try Vault.load(root: root)
        #expect(vault.notes.map(\.path) == ["Home.md", "notes/Keep.md"])
        #expect(vault.diagnostics.map(\.formatted) == ["Latin1.md:1:1: error: not valid UTF-8; the note is left out"])
        // Home links to an ignored note: that link does not resolve.
        #expect(vault.linkDiagnostics().map { "\($0.line):\($0.column):\($0.code)" } == ["2:10:unresolved-link"])
    }

    @Test func ignoreGlobs() {
        #expect(IgnoreGlob("templates/").matches("a/templates", isDirectory: true))
        #expect(!IgnoreGlob("templates/").matches("a/templates", isDirectory: false))
        #expect(IgnoreGlob("/drafts").matches("drafts", isDirectory: true))
        #expect(!IgnoreGlob("/drafts").matches("a/drafts", isDirectory: true))
        #expect(IgnoreGlob("*.tmp.md").matches("x/y/z.tmp.md", isDirectory: false))
        #expect(!IgnoreGlob("*.tmp.md").matches("x/y/z.md", isDirectory: false))
        #expect(IgnoreGlob("a/**/b.md").matches("a/b.md", isDirectory: false))
        #expect(IgnoreGlob("a/**/b.md").matches("a/x/y/b.md", isDirectory: false))
        #expect(!IgnoreGlob("a/**/b.md").matches("c/a/b.md", isDirectory: false))
        #expect(IgnoreGlob("note?.md").matches("note1.md", isDirectory: false))
    }

    @Test func badConfigIsAnErrorNamingTheFile() {
        #expect(throws: VaultConfigError.self) { try VaultConfig.parse("ignore: [a, [b]]", path: "knap.yaml") }
        #expect(throws: VaultConfigError.self) { try VaultConfig.parse("- just a list", path: "knap.yaml") }
        #expect((try? VaultConfig.parse("ignore: drafts/", path: "knap.yaml"))?.ignore.map(\.pattern) == ["drafts/"])
    }
}
