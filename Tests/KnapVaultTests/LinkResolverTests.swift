import Foundation
import KnapMarkdown
import Testing
@testable import KnapVault

@Suite struct LinkResolverTests {
    @Test func ownFolderWinsOnANameClash() throws {
        let vault = try Fixtures.load("same-name")
        #expect(try vault.resolution(of: "Note", in: "a/Linker.md") == .resolved(path: "a/Note.md", anchor: nil))
        #expect(try vault.resolution(of: "b/Note", in: "a/Linker.md") == .resolved(path: "b/Note.md", anchor: nil))
    }

    @Test func aClashOutsideBothFoldersIsAmbiguousNamingBoth() throws {
        let vault = try Fixtures.load("same-name")
        #expect(try vault.resolution(of: "Note", in: "c/Outsider.md") == .ambiguous(["a/Note.md", "b/Note.md"]))
        let ambiguity = try Fixtures.load("ambiguity")
        let resolution = try ambiguity.resolution(of: "Topic", in: "z/Linker.md")
        #expect(resolution == .ambiguous(["x/Topic.md", "y/Topic.md"]))
        #expect(try ambiguity.resolution(of: "y/Topic", in: "z/Linker.md") == .resolved(path: "y/Topic.md", anchor: nil))
        #expect(try ambiguity.resolution(of: "x/Topic.md", in: "z/Linker.md") == .resolved(path: "x/Topic.md", anchor: nil))
        let diagnostics = ambiguity.linkDiagnostics()
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.code == "ambiguous-link")
        #expect(diagnostics.first?.message.contains("'x/Topic.md' and 'y/Topic.md'") == true)
        #expect(diagnostics.first?.line == 1 && diagnostics.first?.column == 1)
    }

    @Test func exactVaultPathThenRelativeToTheNotesFolder() throws {
        let vault = try Fixtures.load("paths")
        let from = "sub/Linker.md"
        #expect(try vault.resolution(of: "Index", in: from) == .resolved(path: "Index.md", anchor: nil))
        #expect(try vault.resolution(of: "Index.md", in: from) == .resolved(path: "Index.md", anchor: nil))
        #expect(try vault.resolution(of: "/Index", in: from) == .resolved(path: "Index.md", anchor: nil))
        #expect(try vault.resolution(of: "sub/Index", in: from) == .resolved(path: "sub/Index.md", anchor: nil))
        #expect(try vault.resolution(of: "./Index", in: from) == .resolved(path: "sub/Index.md", anchor: nil))
        #expect(try vault.resolution(of: "../Index", in: from) == .resolved(path: "Index.md", anchor: nil))
        #expect(try vault.resolution(of: "deep/Leaf", in: from) == .resolved(path: "sub/deep/Leaf.md", anchor: nil))
        let leaf = "sub/deep/Leaf.md"
        #expect(try vault.resolution(of: "../Index", in: leaf) == .resolved(path: "sub/Index.md", anchor: nil))
        #expect(try vault.resolution(of: "../../Index", in: leaf) == .resolved(path: "Index.md", anchor: nil))
        #expect(try vault.resolution(of: "../../../Index", in: leaf) == .unresolved(.noSuchFile, hint: nil))
    }

    @Test func joiningRelativePaths() {
        #expect(VaultPath.join("a", "b/c.md") == "a/b/c.md")
        #expect(VaultPath.join("", "b.md") == "b.md")
        #expect(VaultPath.join("a/b", "../c.md") == "a/c.md")
        #expect(VaultPath.join("a", "x/./y.md") == "a/x/y.md")
        #expect(VaultPath.join("a", "x//y.md") == "a/x/y.md")
        #expect(VaultPath.join("a", "x/../y.md") == "a/y.md")
        #expect(VaultPath.join("", "../x.md") == nil)
        #expect(VaultPath.join("a", "./x.md") == "a/x.md")
        #expect(VaultPath.join("a", "/x.md") == "a/x.md")
        #expect(VaultPath.join("a", "x.y/.hidden.md") == "a/x.y/.hidden.md")
        #expect(VaultPath.join("a", "x.y/z.md") == "a/x.y/z.md")
    }

    @Test func pathPartsSplitOnSlashesOnly() {
        #expect(VaultPath.folder(of: "é/ü/Note ñ.md") == "é/ü")
        #expect(VaultPath.name(of: "é/ü/Note ñ.md") == "Note ñ.md")
        #expect(VaultPath.folder(of: "Note.md") == "")
        #expect(VaultPath.name(of: "Note.md") == "Note.md")
        #expect(VaultPath.name(of: "a/") == "")
        #expect(VaultPath.isNote("a/B.MD") && VaultPath.isNote("x.Md") && VaultPath.isNote(".md"))
        #expect(!VaultPath.isNote("md") && !VaultPath.isNote("a.mdx") && !VaultPath.isNote("a.png") && !VaultPath.isNote("a-md"))
    }

    @Test func exactCaseFirstIgnoringCaseOnlyAsAFallback() throws {
        let vault = try Fixtures.load("case")
        // An exact-case suffix match in a folder beats a root file that matches only ignoring case.
        #expect(try vault.resolution(of: "apple", in: "Linker.md") == .resolved(path: "fruit/apple.md", anchor: nil))
        #expect(try vault.resolution(of: "Apple", in: "Linker.md") == .resolved(path: "Apple.md", anchor: nil))
        #expect(try vault.resolution(of: "APPLE", in: "Linker.md") == .resolved(path: "Apple.md", anchor: nil))
        #expect(try vault.resolution(of: "Fruit/Apple", in: "Linker.md") == .resolved(path: "fruit/apple.md", anchor: nil))
        #expect(try vault.resolution(of: "banana split", in: "Linker.md") == .resolved(path: "Banana Split.md", anchor: nil))
    }

    @Test func namesCompareInNFC() throws {
        let vault = try Fixtures.load("unicode")
        let nfdName = "Cafe\u{301}.md"
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("unicode"))
        // The fixture really holds an NFD name (compare bytes, since Swift's == is canonical).
        #expect(onDisk.contains { Array($0.utf8) == Array(nfdName.utf8) })
        let cafe = try vault.resolution(of: "Caf\u{E9}", in: "Linker.md")
        guard case .resolved(let path, nil) = cafe else {
            Issue.record("expected Café to resolve, got \(cafe)")
            return
        }
        #expect(Array(path.utf8) == Array(nfdName.utf8))
        #expect(try vault.resolution(of: "Cre\u{300}me", in: "Linker.md") == .resolved(path: "Cr\u{E8}me.md", anchor: nil))
    }

    @Test func attachmentsNeedTheirExtension() throws {
        let vault = try Fixtures.load("attachments")
        #expect(try vault.resolution(of: "!Figure 1.png", in: "Linker.md") == .resolved(path: "assets/Figure 1.png", anchor: nil))
        #expect(try vault.resolution(of: "!assets/Figure 1.png", in: "Linker.md") == .resolved(path: "assets/Figure 1.png", anchor: nil))
        #expect(try vault.resolution(of: "doc.pdf#page=3", in: "Linker.md") == .resolved(path: "papers/doc.pdf", anchor: nil))
        guard case .unresolved(.noSuchFile, let hint?) = try vault.resolution(of: "!Figure 1", in: "Linker.md") else {
            Issue.record("[[Figure 1]] should not resolve without its extension, and should hint at it")
            return
        }
        #expect(hint.contains("[[Figure 1.png]]"))
        let codes = vault.linkDiagnostics().map { "\($0.line):\($0.code)" }
        #expect(codes == ["3:missing-embed", "7:missing-embed"])
    }

    @Test func aliasesDoNotResolveButHintAtTheirNote() throws {
        let vault = try Fixtures.load("aliases")
        #expect(vault.notes.first { $0.path == "People/Ada Lovelace.md" }?.frontmatter.aliases == ["Ada", "Countess"])
        guard case .unresolved(.noSuchFile, let hint?) = try vault.resolution(of: "Ada", in: "Linker.md") else {
            Issue.record("[[Ada]] must not resolve through the alias")
            return
        }
        #expect(hint.contains("'People/Ada Lovelace.md'"))
        #expect(hint.contains("[[Ada Lovelace|Ada]]"))
        #expect(try vault.resolution(of: "Ada Lovelace", in: "Linker.md") == .resolved(path: "People/Ada Lovelace.md", anchor: nil))
        let diagnostics = vault.linkDiagnostics()
        #expect(diagnostics.map(\.code) == ["unresolved-link", "unresolved-link"])
        #expect(diagnostics.allSatisfy { $0.message.contains("People/Ada Lovelace.md") })
    }

    @Test func headingsWithPunctuationAndChains() throws {
        let vault = try Fixtures.load("headings")
        func anchor(_ written: String) throws -> String? {
            guard case .resolved(_, let anchor) = try vault.resolution(of: written, in: "Linker.md") else { return nil }
            return anchor
        }
        #expect(try anchor("Guide#Setup Linux & macOS") == "setup-linux--macos")
        #expect(try anchor("Guide#Setup: Linux & macOS") == "setup-linux--macos")
        #expect(try anchor("Guide#setup-linux--macos") == "setup-linux--macos")
        #expect(try anchor("Guide#Setup Linux & macOS#Step 1 (optional)") == "step-1-optional")
        // The second "Step 1 (optional)", under "Other", has the de-duplicated slug.
        #expect(try anchor("Guide#Other#Step 1 (optional)") == "step-1-optional-1")
        #expect(try anchor("Guide#What's new?") == "whats-new")
        #expect(try anchor("Guide#C++ / Rust beta") == "c--rust-beta")
        #expect(try anchor("#Local heading") == "local-heading")
        let notUnderOther = try vault.resolution(of: "Guide#Other#What's new?", in: "Linker.md")
        guard case .unresolved(.noSuchHeading(path: "Guide.md", heading: "Other#What's new?"), let hint?) = notUnderOther else {
            Issue.record("What's new? is not under Other: \(notUnderOther)")
            return
        }
        #expect(hint.contains("not under"))
        #expect(try vault.resolution(of: "Guide#No such heading", in: "Linker.md")
            == .unresolved(.noSuchHeading(path: "Guide.md", heading: "No such heading"), hint: nil))
        let diagnostics = vault.linkDiagnostics()
        #expect(diagnostics.map { "\($0.line):\($0.code)" } == ["6:unresolved-heading", "9:unresolved-heading", "11:unresolved-heading"])
    }

    @Test func blockIDs() throws {
        let vault = try Fixtures.load("blocks")
        #expect(try vault.resolution(of: "Source#^para-1", in: "Linker.md") == .resolved(path: "Source.md", anchor: "^para-1"))
        #expect(try vault.resolution(of: "!Source#^para-1", in: "Linker.md") == .resolved(path: "Source.md", anchor: "^para-1"))
        #expect(try vault.resolution(of: "Source#^item2", in: "Linker.md") == .resolved(path: "Source.md", anchor: "^Item2"))
        #expect(try vault.resolution(of: "#^here", in: "Linker.md") == .resolved(path: "Linker.md", anchor: "^here"))
        #expect(try vault.resolution(of: "Source#^missing", in: "Linker.md")
            == .unresolved(.noSuchBlock(path: "Source.md", block: "missing"), hint: nil))
        #expect(vault.linkDiagnostics().map { "\($0.line):\($0.code)" } == ["3:unresolved-block"])
    }
}

@Suite struct RestrictedResolverTests {
    /// A resolver that knows only the files named by `fileNames(forTarget:from:)` resolves each link
    /// exactly as the resolver over every file, hints included, in every fixture vault.
    @Test func resolverOverTheLinksFileNamesResolvesAsTheFullOne() throws {
        for scenario in ["aliases", "ambiguity", "attachments", "blocks", "case", "check", "headings", "paths", "same-name",
                         "scan", "unicode"] {
            let vault = try Fixtures.load(scenario)
            let notePaths = vault.notes.map(\.path)
            var aliases: [String: [String]] = [:]
            for note in vault.notes { aliases[note.path] = note.frontmatter.aliases }
            let full = LinkResolver(notePaths: notePaths, attachments: vault.attachments, aliases: aliases)
            var checked = 0
            for note in vault.notes {
                for link in note.links where !link.target.isEmpty {
                    let names = Set(LinkResolver.fileNames(forTarget: link.target, from: note.path))
                    let restricted = LinkResolver(notePaths: notePaths, attachments: vault.attachments, aliases: aliases, names: names)
                    #expect(restricted.resolveFile(link.target, from: note.path) == full.resolveFile(link.target, from: note.path),
                            "\(scenario): \(note.path) -> \(link.target)")
                    checked += 1
                }
            }
            #expect(checked > 0, "\(scenario)")
        }
    }

    /// The quick filter before the name keys: every file whose name may be one of the names passes
    /// (ASCII in any case; any non-ASCII name, whose key needs NFC), and other ASCII names do not.
    @Test func nameFilterPassesEveryFileThatMayBeNamed() {
        let filter = NameFilter(["note.md", "café.md", "diagram.png"])
        #expect(filter.mayHold("a/Note.md"))
        #expect(filter.mayHold("NOTE.MD"))
        #expect(filter.mayHold("deep/er/Diagram.PNG"))
        #expect(filter.mayHold("b/Cafe\u{301}.md"))
        #expect(filter.mayHold("b/Résumé.md"))
        #expect(!filter.mayHold("a/Other.md"))
        #expect(!filter.mayHold("note.md/inside.md"))
        #expect(!filter.mayHold("a/Note.md.bak"))
    }

    /// The names are what lets it be cheaper: it does not know files no link names.
    @Test func itKnowsOnlyTheNamedFiles() {
        let names = Set(LinkResolver.fileNames(forTarget: "Note", from: "a/Linker.md"))
        let resolver = LinkResolver(notePaths: ["a/Note.md", "b/Other.md"], attachments: [], aliases: [:], names: names)
        #expect(resolver.contains("a/Note.md"))
        #expect(!resolver.contains("b/Other.md"))
        #expect(resolver.resolveFile("Note", from: "a/Linker.md") == .resolved(path: "a/Note.md", anchor: nil))
    }
}

@Suite struct ResolverFastPathTests {
    /// The short cut for a target that only one file's name matches gives what the rules give, for
    /// every link of every fixture vault and for every file's name written in several ways, from
    /// every note.
    @Test func shortCutAgreesWithTheRules() throws {
        var shortCuts = 0
        for scenario in ["aliases", "ambiguity", "attachments", "blocks", "case", "check", "headings", "paths", "same-name",
                         "scan", "unicode"] {
            let vault = try Fixtures.load(scenario)
            let resolver = vault.resolver
            var targets = Set(vault.notes.flatMap { $0.links.map(\.target) })
            for path in vault.notes.map(\.path) + vault.attachments {
                let name = VaultPath.name(of: path)
                let stem = VaultPath.isNote(name) ? String(name.dropLast(3)) : name
                targets.formUnion([name, stem, stem.uppercased(), stem.lowercased(), "/" + stem, "./" + stem, path,
                                   stem + ".MD", "." + stem, stem + "/", "Missing " + stem])
            }
            for note in vault.notes {
                for target in targets where !target.isEmpty {
                    let rules = resolver.resolveFileByRules(target, from: note.path)
                    #expect(resolver.resolveFile(target, from: note.path) == rules, "\(scenario): \(note.path) -> \(target)")
                    if case .resolved = rules { shortCuts += 1 }
                }
            }
        }
        #expect(shortCuts > 100)
    }

    /// It is not taken when another file has the name in another case, or the name without `.md`.
    @Test func notTakenWhenAnotherFileCouldMatch() {
        let resolver = LinkResolver(notePaths: ["a/Note.md", "b/note.md", "c/Plan.md"], attachments: ["d/Plan"], aliases: [:])
        #expect(resolver.resolveFile("Note", from: "c/Plan.md") == .resolved(path: "a/Note.md", anchor: nil))
        #expect(resolver.resolveFile("note", from: "c/Plan.md") == .resolved(path: "b/note.md", anchor: nil))
        #expect(resolver.resolveFile("NOTE", from: "c/Plan.md") == .ambiguous(["a/Note.md", "b/note.md"]))
        #expect(resolver.resolveFile("Plan", from: "a/Note.md") == .resolved(path: "c/Plan.md", anchor: nil))
        #expect(resolver.resolveFile("Plan", from: "a/Note.md") == resolver.resolveFileByRules("Plan", from: "a/Note.md"))
        // A file named `Plan` at the root is an exact path, which comes before the suffix rule.
        let rooted = LinkResolver(notePaths: ["c/Plan.md"], attachments: ["Plan"], aliases: [:])
        #expect(rooted.resolveFile("Plan", from: "c/Plan.md") == .resolved(path: "Plan", anchor: nil))
    }
}

extension NameFilter {
    /// ``mayHold(name:)`` of the file name of `path`.
    func mayHold(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            mayHold(name: bytes[((bytes.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 }) ?? 0)...])
        }
    }
}
