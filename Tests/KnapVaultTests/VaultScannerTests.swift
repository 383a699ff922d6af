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

    /// A symlink whose real path is outside the vault (or in a hidden folder of it) is skipped with one
    /// warning; symlinks within the vault are still followed; the scanner's option (the command line's
    /// `--follow-external-symlinks`) follows them all.
    @Test func symlinksOutOfTheVaultAreSkippedUnlessAskedFor() throws {
        let root = try Fixtures.copy("scan")
        let outside = root + "-outside"
        defer {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: outside)
        }
        try FileManager.default.createDirectory(atPath: outside + "/notes", withIntermediateDirectories: true)
        try Data("canary".utf8).write(to: URL(fileURLWithPath: outside + "/canary.txt"))
        try Data("# Outside".utf8).write(to: URL(fileURLWithPath: outside + "/notes/Outside.md"))
        try FileManager.default.createDirectory(atPath: root + "/.obsidian", withIntermediateDirectories: true)
        try Data("token".utf8).write(to: URL(fileURLWithPath: root + "/.obsidian/data.json"))
        let links = ["shadow.txt": outside + "/canary.txt", "ext": outside + "/notes",
                     "notes/relative.txt": "../../" + (outside as NSString).lastPathComponent + "/canary.txt",
                     "token.json": ".obsidian/data.json", "alias-of-keep.md": "notes/Keep.md", "inner": "notes"]
        for (link, target) in links {
            try FileManager.default.createSymbolicLink(atPath: root + "/" + link, withDestinationPath: target)
        }
        let config = try VaultConfig.load(vault: root)
        let scan = VaultScanner(root: root, config: config).scan()
        #expect(scan.diagnostics.map { "\($0.path ?? ""):\($0.code)" }
                == ["ext:external-symlink", "inner/relative.txt:external-symlink", "notes/relative.txt:external-symlink",
                    "shadow.txt:external-symlink", "token.json:external-symlink"])
        #expect(scan.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(scan.diagnostics.first?.message.contains("--follow-external-symlinks") == true)
        #expect(scan.notes.map(\.path) == ["Home.md", "Latin1.md", "alias-of-keep.md", "inner/Keep.md", "notes/Keep.md"])
        #expect(scan.attachments.map(\.path) == ["image.png", "knap.yaml"])

        let followed = VaultScanner(root: root, config: config, followExternalSymlinks: true).scan()
        #expect(followed.diagnostics.isEmpty)
        #expect(followed.notes.map(\.path).contains("ext/Outside.md"))
        #expect(Set(followed.attachments.map(\.path)) == ["image.png", "inner/relative.txt", "knap.yaml", "notes/relative.txt", "shadow.txt", "token.json"])
    }

    /// The vault root reached through a symlink is still the vault: what is inside it is inside.
    @Test func aVaultReachedThroughASymlinkKeepsItsInnerSymlinks() throws {
        let root = try Fixtures.copy("scan")
        let link = root + "-link"
        defer {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: link)
        }
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: root)
        try FileManager.default.createSymbolicLink(atPath: root + "/alias.md", withDestinationPath: root + "/Home.md")
        let scan = VaultScanner(root: link).scan()
        #expect(scan.diagnostics.isEmpty)
        #expect(scan.notes.map(\.path).contains("alias.md"))
    }

    @Test func nonUTF8NotesAreReadWithAWarningAtTheFirstBadByte() throws {
        let root = try Fixtures.copy("scan")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let vault = try Vault.load(root: root)
        #expect(vault.notes.map(\.path) == ["Home.md", "Latin1.md", "notes/Keep.md"])
        let latin1 = try #require(vault.notes.first { $0.path == "Latin1.md" })
        #expect(latin1.diagnostics.map(\.formatted) == ["Latin1.md:1:4: warning: not valid UTF-8: each invalid byte sequence is read as U+FFFD"])
        #expect(vault.diagnostics.isEmpty)
        // Home links to an ignored note: that link does not resolve.
        #expect(vault.linkDiagnostics().map { "\($0.line):\($0.column):\($0.code)" } == ["2:10:unresolved-link"])
    }

    @Test func namesThatDifferOnlyInNormalizationAreReportedOnce() throws {
        let root = try Fixtures.copy("scan")
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Two distinct files on Linux; one name as far as links (compared in NFC) are concerned.
        try Data("nfc".utf8).write(to: URL(fileURLWithPath: root + "/notes/Caf\u{E9}.md"))
        try Data("nfd".utf8).write(to: URL(fileURLWithPath: root + "/notes/Cafe\u{301}.md"))
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: root + "/notes").filter { $0.hasPrefix("Caf") }
        try #require(onDisk.count == 2, "this file system merges the two names")
        let scan = VaultScanner(root: root, config: try VaultConfig.load(vault: root)).scan()
        #expect(scan.notes.filter { $0.path.hasPrefix("notes/Caf") }.count == 1)
        #expect(scan.diagnostics.map(\.code) == ["duplicate-name"])
        // The first in byte order (NFD "e" + U+0301 < NFC U+00E9) is kept.
        #expect(scan.notes.contains { Array($0.path.utf8) == Array("notes/Cafe\u{301}.md".utf8) })
    }

    /// What a scan found, in full, for comparing two scanners.
    private static func summary(_ scan: VaultScan) -> [String] {
        scan.notes.map { "note \(Array($0.path.utf8)) \($0.size) \($0.mtime)" }
            + scan.attachments.map { "attachment \(Array($0.path.utf8)) \($0.size) \($0.mtime)" }
            + scan.diagnostics.map { "\($0.code) \(Array(($0.path ?? "").utf8)) \($0.formatted)" }
    }

    @Test func findsWhatTheReferenceScannerFindsInEveryFixtureVault() throws {
        let scenarios = try FileManager.default.contentsOfDirectory(atPath: Fixtures.vaults.path).sorted()
        #expect(scenarios.count >= 10)
        for scenario in scenarios {
            let root = Fixtures.path(scenario)
            let config = (try? VaultConfig.load(vault: root)) ?? VaultConfig()
            let new = VaultScanner(root: root, config: config).scan()
            #expect(Self.summary(new) == Self.summary(ReferenceScanner(root: root, config: config).scan()), "\(scenario)")
            #expect(!new.notes.isEmpty, "\(scenario)")
        }
    }

    /// Loops through symlinks two levels up, symlinked folders that do not loop, names that differ only in
    /// normalization in two folders and against ASCII (the Kelvin sign is K in NFC), a name that is not UTF-8,
    /// names that sort differently as whole paths, hidden and not-quite-hidden names, and a socket.
    @Test func findsWhatTheReferenceScannerFindsInAHostileVault() throws {
        let root = try Fixtures.copy("scan")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = FileManager.default
        for folder in ["deep/er/est", "Caf\u{E9}", "Cafe\u{301}", "a", "elsewhere/sub"] {
            try files.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        for file in ["deep/er/est/Leaf.md", "Caf\u{E9}/x.md", "Cafe\u{301}/x.md", "K.md", "\u{212A}.md", "a b.md", "a/x.md",
                     ".\u{301}combining.md", ".hidden.md", "elsewhere/sub/Far.md", "UPPER.MD", "data.json"] {
            try Data("# \(file)\n".utf8).write(to: URL(fileURLWithPath: root + "/" + file))
        }
        try files.createSymbolicLink(atPath: root + "/deep/er/est/up", withDestinationPath: "../..")
        try files.createSymbolicLink(atPath: root + "/deep/er/root", withDestinationPath: "../..")
        try files.createSymbolicLink(atPath: root + "/deep/far", withDestinationPath: "../elsewhere")
        try files.createSymbolicLink(atPath: root + "/deep/gone", withDestinationPath: "../nowhere")
        try files.createSymbolicLink(atPath: root + "/leaf-link.md", withDestinationPath: "deep/er/est/Leaf.md")
        // A name that is not UTF-8 (Latin-1 "é").
        let latin1: [CChar] = Array((root + "/caf").utf8CString.dropLast()) + [CChar(bitPattern: 0xE9), 0x2E, 0x6D, 0x64, 0]
        let descriptor = open(latin1, O_CREAT | O_WRONLY, 0o644)
        try #require(descriptor >= 0)
        close(descriptor)
        let socketPath = root + "/socket"
        let socketDescriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        defer { close(socketDescriptor) }

        let config = try VaultConfig.load(vault: root)
        let new = VaultScanner(root: root, config: config).scan()
        // The one difference: the reference skipped the name that is not UTF-8 without a word.
        var expected = ReferenceScanner(root: root, config: config).scan()
        // In walk order: `caf` comes after `Caf` and before `deep`.
        let place = try #require(expected.diagnostics.firstIndex { $0.code == "symlink-loop" })
        expected.diagnostics.insert(Diagnostic(path: "caf\u{FFFD}.md", line: 1, column: 1, severity: .warning,
                                               code: "invalid-utf8-name", message: "the name is not valid UTF-8; skipped"), at: place)
        #expect(Self.summary(new) == Self.summary(expected))
        // What the comparison covers.
        let codes = new.diagnostics.map(\.code)
        #expect(codes.filter { $0 == "symlink-loop" }.count == 2)
        #expect(codes.filter { $0 == "duplicate-name" }.count == 2)
        #expect(codes.contains("broken-symlink"))
        #expect(new.notes.contains { $0.path == "deep/far/sub/Far.md" })
        #expect(new.notes.contains { $0.path == "UPPER.MD" })
        #expect(new.notes.contains { $0.path == ".\u{301}combining.md" })
        #expect(!new.notes.contains { $0.path == ".hidden.md" })
        #expect(!new.notes.contains { $0.path.hasPrefix("caf") })
        if bound == 0 { #expect(!new.attachments.contains { $0.path == "socket" }) }
    }

    @Test(.enabled(if: geteuid() != 0, "root can list any folder"))
    func anUnreadableFolderIsReportedAndTheScanGoesOn() throws {
        let root = try Fixtures.copy("scan")
        defer {
            chmod(root + "/locked", 0o755)
            try? FileManager.default.removeItem(atPath: root)
        }
        try FileManager.default.createDirectory(atPath: root + "/locked", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/locked/Secret.md"))
        chmod(root + "/locked", 0)
        let config = try VaultConfig.load(vault: root)
        let new = VaultScanner(root: root, config: config).scan()
        #expect(new.diagnostics.map { "\($0.path ?? ""):\($0.code)" } == ["locked:unreadable-directory"])
        #expect(Self.summary(new) == Self.summary(ReferenceScanner(root: root, config: config).scan()))
        #expect(new.notes.map(\.path) == ["Home.md", "Latin1.md", "notes/Keep.md"])
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

    @Test func verifyOutputMarkersAreRead() throws {
        let config = try VaultConfig.parse("verify:\n  outputMarkers: [Salida, \"Sortie\"]\n  other: 1\n", path: "knap.yaml")
        #expect(config.outputMarkers == ["Salida", "Sortie"])
        #expect(try VaultConfig.parse("verify: {outputMarkers: Ausgabe}", path: "knap.yaml").outputMarkers == ["Ausgabe"])
        #expect(try VaultConfig.parse("ignore: [a]", path: "knap.yaml").outputMarkers.isEmpty)
        #expect(throws: VaultConfigError.self) { try VaultConfig.parse("verify: {outputMarkers: [[a]]}", path: "knap.yaml") }
        #expect(throws: VaultConfigError.self) { try VaultConfig.parse("verify: [a]", path: "knap.yaml") }
    }
}
