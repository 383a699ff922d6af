import Foundation
import Testing

/// `knap render`, `check` and `index` on a vault with symlinks out of it, as a user runs them: what
/// the symlinks point to is never read, unless `--follow-external-symlinks` is given (the vault's
/// own `knap.yaml` asks for it, and is ignored).
@Suite struct RenderSafetyCommandTests {
    /// The hostile-attachments fixture, a canary file and a canary folder outside it, and symlinks to both.
    private struct Setup {
        let temp: String
        let vault: String
        let out: String
        let secret = "KNAP-CANARY-" + UUID().uuidString

        init() throws {
            temp = FileManager.default.temporaryDirectory.appendingPathComponent("knap-symlink-cli-\(UUID().uuidString)").path
            vault = temp + "/vault"
            out = temp + "/site"
            try FileManager.default.createDirectory(atPath: temp + "/outside", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: KnapBinary.fixtures.appendingPathComponent("render-attachments-hostile").path,
                                             toPath: vault)
            try Data(secret.utf8).write(to: URL(fileURLWithPath: temp + "/canary.txt"))
            try Data("# Leaked\n\n\(secret)\n".utf8).write(to: URL(fileURLWithPath: temp + "/outside/Leaked.md"))
            try FileManager.default.createSymbolicLink(atPath: vault + "/shadow.txt", withDestinationPath: temp + "/canary.txt")
            try FileManager.default.createSymbolicLink(atPath: vault + "/outside-folder", withDestinationPath: temp + "/outside")
        }

        /// The site's files that hold the secret.
        func leaks() throws -> [String] {
            let files = FileManager.default.enumerator(atPath: out)?.compactMap { $0 as? String } ?? []
            return try files.filter { file in
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: out + "/" + file, isDirectory: &isFolder), !isFolder.boolValue else { return false }
                return String(decoding: try Data(contentsOf: URL(fileURLWithPath: out + "/" + file)), as: UTF8.self).contains(secret)
            }
        }
    }

    @Test func symlinksOutOfTheVaultAreNeitherRenderedNorIndexedAndCheckWarnsOnce() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(atPath: setup.temp) }
        let render = try KnapBinary.run(["render", "--vault", setup.vault, "--out", setup.out])
        #expect(render.status == 0, "\(render.stderr)")
        #expect(try setup.leaks().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: setup.out + "/shadow.txt"))
        #expect(!FileManager.default.fileExists(atPath: setup.out + "/outside-folder"))
        #expect(render.stderr.contains("shadow.txt:1:1: warning: symbolic link to a file that is not part of the vault"))

        let check = try KnapBinary.run(["check", "--vault", setup.vault, "--index", setup.temp + "/index.sqlite"])
        let warnings = check.stdout.split(separator: "\n").filter { $0.contains("symbolic link") }
        #expect(warnings == [
            "\(setup.vault)/outside-folder:1:1: warning: symbolic link to a folder that is not part of the vault: it points "
                + "outside the vault (\(setup.temp)/outside); skipped (--follow-external-symlinks includes it)",
            "\(setup.vault)/shadow.txt:1:1: warning: symbolic link to a file that is not part of the vault: it points "
                + "outside the vault (\(setup.temp)/canary.txt); skipped (--follow-external-symlinks includes it)",
        ])
        #expect(check.stdout.contains("Home.md:11:29: warning: link to files/page.html: a .html attachment is not published"))
        #expect(check.stdout.contains("files/entity.svg:1:1: warning: the SVG is not published: it has a DTD"))
        let index = try KnapBinary.run(["index", "--vault", setup.vault, "--index", setup.temp + "/index.sqlite"])
        #expect(index.stdout.hasPrefix("indexed 1 notes and 8 attachments"), "\(index.stdout)")
    }

    @Test func onlyTheCommandLineFollowsThem() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(atPath: setup.temp) }
        // The fixture's knap.yaml says `follow-external-symlinks: true`: it changes nothing (checked above).
        let yaml = try String(contentsOfFile: setup.vault + "/knap.yaml", encoding: .utf8)
        #expect(yaml.contains("follow-external-symlinks: true"))
        let render = try KnapBinary.run(["render", "--vault", setup.vault, "--out", setup.out, "--follow-external-symlinks"])
        #expect(render.status == 0, "\(render.stderr)")
        let leaks = Set(try setup.leaks())
        #expect(leaks.contains("shadow.txt"))
        #expect(leaks.contains("outside-folder/leaked.html"))
        let index = try KnapBinary.run(["index", "--vault", setup.vault, "--index", setup.temp + "/index.sqlite",
                                        "--follow-external-symlinks"])
        #expect(index.stdout.hasPrefix("indexed 2 notes and 9 attachments"), "\(index.stdout)")
        let check = try KnapBinary.run(["check", "--vault", setup.vault, "--index", setup.temp + "/index.sqlite",
                                        "--follow-external-symlinks"])
        #expect(!check.stdout.contains("symbolic link"))
    }

    /// The vault's templates are its author's code: `--no-vault-templates` draws without them, and a
    /// template that is a symlink out of the vault is refused (its text would be published).
    @Test func vaultTemplatesCanBeTurnedOffAndCannotReachOutOfTheVault() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(atPath: setup.temp) }
        let templates = setup.vault + "/.knap/templates"
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        try "<script>KNAP-TEMPLATE-SCRIPT</script>{{{body}}}".write(toFile: templates + "/note.mustache", atomically: true, encoding: .utf8)
        let with = try KnapBinary.run(["render", "--vault", setup.vault, "--out", setup.out])
        #expect(with.stdout.contains("templates from .knap/templates: note"))
        #expect(try String(contentsOfFile: setup.out + "/home.html", encoding: .utf8).contains("KNAP-TEMPLATE-SCRIPT"))
        let without = try KnapBinary.run(["render", "--vault", setup.vault, "--out", setup.out, "--no-vault-templates"])
        #expect(without.status == 0)
        #expect(!without.stdout.contains("templates from"))
        #expect(!(try String(contentsOfFile: setup.out + "/home.html", encoding: .utf8).contains("KNAP-TEMPLATE-SCRIPT")))

        try FileManager.default.removeItem(atPath: templates + "/note.mustache")
        try FileManager.default.createSymbolicLink(atPath: templates + "/layout.mustache", withDestinationPath: setup.temp + "/canary.txt")
        let linked = try KnapBinary.run(["render", "--vault", setup.vault, "--out", setup.temp + "/site2"])
        #expect(linked.status == 1)
        #expect(linked.stderr.contains("layout.mustache"))
        #expect(linked.stderr.contains("a symbolic link to a file outside the vault"))
        #expect(!FileManager.default.fileExists(atPath: setup.temp + "/site2/home.html"))
    }
}
