import Foundation
import Testing

/// How every command finds its vault (issue 17 §1), through the built binary.
@Suite struct VaultDiscoveryTests {
    private let manager = FileManager.default

    /// A temporary folder holding `files` (relative path → text), removed by the caller.
    private func folder(_ files: [String: String]) throws -> String {
        let root = try TestPaths.temporaryDirectory()
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root.path
    }

    @Test func aMarkedVaultIsFoundFromANestedFolder() throws {
        let root = try folder(["vault/.obsidian/app.json": "{}", "vault/Home.md": "# Home\n",
                               "vault/deep/er/Note.md": "# Note\n[[Home]]\n"])
        defer { try? manager.removeItem(atPath: root) }
        let result = try KnapBinary.run(["orphans"], in: root + "/vault/deep/er")
        #expect(result.status == 0)
        // Paths are written from the current folder, so they can be opened from there.
        #expect(result.stdout == "../../deep/er/Note.md\n")
        #expect(!result.stderr.contains("current folder"))
        #expect(manager.fileExists(atPath: root + "/vault/.knap/index.sqlite"))
        #expect(!manager.fileExists(atPath: root + "/vault/deep/er/.knap"))
    }

    @Test func knapYAMLIsAMarkerAndAnOldKnapFolderIsNot() throws {
        let root = try folder(["knap.yaml": "ignore: []\n", "Home.md": "# Home\n", "sub/.knap/stale": "",
                               "sub/Note.md": "# Note\n"])
        defer { try? manager.removeItem(atPath: root) }
        let result = try KnapBinary.run(["tags"], in: root + "/sub")
        #expect(result.status == 0)
        #expect(manager.fileExists(atPath: root + "/.knap/index.sqlite"))
        #expect(!manager.fileExists(atPath: root + "/sub/.knap/index.sqlite"))
    }

    @Test func withoutAMarkerTheCurrentFolderIsTheVaultAndStderrSaysSo() throws {
        let root = try folder(["Home.md": "# Home\n"])
        defer { try? manager.removeItem(atPath: root) }
        let result = try KnapBinary.run(["orphans"], in: root)
        #expect(result.status == 0)
        #expect(result.stdout == "Home.md\n")
        #expect(result.stderr.components(separatedBy: "\n").filter { $0.contains("using the current folder") }.count == 1)
    }

    @Test func theRootAndHomeFoldersAreRefusedWithExitTwo() throws {
        let fromRoot = try KnapBinary.run(["orphans"], in: "/")
        #expect(fromRoot.status == 2)
        #expect(fromRoot.stderr.hasPrefix("error: / has no .obsidian/ or knap.yaml"))
        #expect(fromRoot.stderr.contains("--vault DIR"))
        let home = try folder(["Home.md": "# Home\n"])
        defer { try? manager.removeItem(atPath: home) }
        let fromHome = try KnapBinary.run(["index"], in: home, environment: ["HOME": home])
        #expect(fromHome.status == 2)
        #expect(fromHome.stderr.contains("your home folder"))
        #expect(!manager.fileExists(atPath: home + "/.knap"))
    }

    @Test func theVaultIsAPositionalArgumentOrVaultButNotBoth() throws {
        let root = try folder(["notes/Home.md": "# Home\n#topic\n"])
        defer { try? manager.removeItem(atPath: root) }
        for command in ["index", "check", "tags", "orphans", "graph"] {
            let positional = try KnapBinary.run([command, "notes"], in: root)
            let option = try KnapBinary.run([command, "--vault", "notes"], in: root)
            #expect(positional.status == 0, "\(command): \(positional.stderr)")
            #expect(option.status == 0)
            if command != "index" { #expect(positional.stdout == option.stdout, "\(command)") }
        }
        #expect(try KnapBinary.run(["tags", "notes"], in: root).stdout == "1  #topic\n")
        #expect(!manager.fileExists(atPath: root + "/.knap"))
        let both = try KnapBinary.run(["tags", "notes", "--vault", "notes"], in: root)
        #expect(both.status == 2)
        #expect(both.stderr.contains("not both"))
    }

    @Test func aMissingPathOrAFileAsTheVaultSaysWhich() throws {
        let root = try folder(["Home.md": "# Home\n"])
        defer { try? manager.removeItem(atPath: root) }
        let missing = try KnapBinary.run(["check", "nowhere"], in: root)
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: nowhere: no such file or folder\n")
        let file = try KnapBinary.run(["search", "--vault", "Home.md", "home"], in: root)
        #expect(file.status == 2)
        #expect(file.stderr == "error: Home.md is a file, not a folder: give the folder that holds the notes\n")
    }

    @Test func aFolderWithoutNotesIsAnErrorAndGetsNoIndex() throws {
        let root = try folder(["empty/readme.txt": "not a note"])
        defer { try? manager.removeItem(atPath: root) }
        for arguments in [["index", "empty"], ["check", "empty"], ["search", "--vault", "empty", "x"], ["orphans", "empty"]] {
            let result = try KnapBinary.run(arguments, in: root)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("error: no notes in empty"))
        }
        #expect(!manager.fileExists(atPath: root + "/empty/.knap"))
    }

    /// The README's flow: verify a folder of notes, then render it; they share one `.knap`.
    @Test func verifyThenRenderOfTheSameFolderShowsBadges() throws {
        let vault = try KnapBinary.copy("render-verify")
        let parent = (vault as NSString).deletingLastPathComponent
        let name = (vault as NSString).lastPathComponent
        let site = name + "-site"
        defer {
            try? manager.removeItem(atPath: vault)
            try? manager.removeItem(atPath: parent + "/" + site)
        }
        let verify = try KnapBinary.run(["verify", name, "-j", "1"], in: parent)
        #expect(verify.stdout.hasSuffix("1 passed, 1 failed, 1 skipped\n"))
        #expect(manager.fileExists(atPath: vault + "/.knap/index.sqlite"))
        #expect(!manager.fileExists(atPath: parent + "/.knap/index.sqlite") || manager.fileExists(atPath: parent + "/.obsidian"))
        let render = try KnapBinary.run(["render", name, "--out", site], in: parent)
        #expect(render.status == 0)
        let page = try String(contentsOfFile: parent + "/" + site + "/snippets.html", encoding: .utf8)
        #expect(page.components(separatedBy: "class=\"verify-badge").count - 1 == 2)
    }

    @Test func notesOutsideTheVaultAreVerifiedButNotRecorded() throws {
        let root = try folder(["vault/knap.yaml": "ignore: []\n", "vault/In.md": "# In\n", "Outside.md": "# Out\n\n```sh\necho hi\n```\n\n```output\nhi\n```\n"])
        defer { try? manager.removeItem(atPath: root) }
        let result = try KnapBinary.run(["verify", "--vault", "vault", "Outside.md"], in: root)
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("1 passed, 0 failed, 0 skipped\n"))
        let render = try KnapBinary.run(["render", "vault", "--out", "site"], in: root)
        #expect(render.status == 0)
        #expect(!manager.fileExists(atPath: root + "/.knap"))
    }

    @Test func anOutputFolderInsideTheVaultIsLeftOutOfTheScan() throws {
        let root = try folder(["Home.md": "# Home\n", "knap.yaml": "ignore: []\n"])
        defer { try? manager.removeItem(atPath: root) }
        let first = try KnapBinary.run(["render", "--out", "site"], in: root)
        #expect(first.status == 0)
        #expect(first.stderr.components(separatedBy: "\n").filter { $0.contains("inside the vault") }.count == 1)
        let again = try KnapBinary.run(["render", ".", "--out", "site"], in: root)
        #expect(again.stdout.contains("rendered 1 notes"))
    }

    @Test func aFileAsTheOutputFolderOrAnOutputHoldingTheVaultSaysWhatToDo() throws {
        let root = try folder(["notes/Home.md": "# Home\n", "taken": "a file"])
        defer { try? manager.removeItem(atPath: root) }
        let file = try KnapBinary.run(["render", "notes", "--out", "taken"], in: root)
        #expect(file.status == 2)
        #expect(file.stderr == "error: --out taken is a file: give a folder for the site (it is created when missing)\n")
        let holding = try KnapBinary.run(["render", "notes", "--out", "."], in: root)
        #expect(holding.status == 2)
        #expect(holding.stderr.hasPrefix("error: --out . holds the vault notes"))
    }

    @Test func aFolderWhereANoteIsExpectedSaysWhatToGive() throws {
        let root = try folder(["notes/Home.md": "# Home\n"])
        defer { try? manager.removeItem(atPath: root) }
        let result = try KnapBinary.run(["parse", "notes"], in: root)
        #expect(result.status == 1)
        #expect(result.stderr == "error: notes: is a folder, not a note: give a .md file (for a whole vault, use knap check DIR)\n")
    }
}
