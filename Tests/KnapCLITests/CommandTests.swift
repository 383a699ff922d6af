import Foundation
import Testing

@Suite struct CommandTests {
    @Test func checkPrintsOneCompilerStyleDiagnosticPerLineAndExitsOne() throws {
        let vault = try KnapBinary.copy("check")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let result = try KnapBinary.run(["check"], in: vault)
        #expect(result.status == 1)
        #expect(result.stdout.split(separator: "\n") == [
            "Binary.md:2:1: warning: not valid UTF-8: each invalid byte sequence is read as U+FFFD",
            "Broken frontmatter.md:3:1: error: invalid frontmatter: did not find expected ',' or ']'",
            "Guide.md:7:7: error: duplicate block id ^intro (first at line 3)",
            "Home.md:7:5: error: unresolved link [[Missing note]]: no note or file by that name",
            "Home.md:7:26: warning: ambiguous link [[Topic]]: matches 'a/Topic.md' and 'b/Topic.md'",
            "Home.md:7:40: error: link [[Guide#Nope]]: 'Guide.md' has no heading 'Nope'",
            "Home.md:8:1: error: embedded file ![[diagram.png]] does not exist",
            "Home.md:9:1: error: link [[Guide#^gone]]: 'Guide.md' has no block ^gone",
        ])
        #expect(result.stderr.contains("6 errors, 2 warnings"))
        // The notes themselves are never written.
        let home = try String(contentsOfFile: vault + "/Home.md", encoding: .utf8)
        let original = try String(contentsOf: KnapBinary.fixtures.appendingPathComponent("check/Home.md"), encoding: .utf8)
        #expect(home == original)
    }

    /// A subcommand is parsed on its own when its arguments parse; usage errors and help still come
    /// from the whole command tree, naming `knap SUBCOMMAND`.
    @Test func usageErrorsAndHelpNameTheWholeCommand() throws {
        let vault = try KnapBinary.copy("check")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let indexed = try KnapBinary.run(["index", "--vault", vault, "--format", "json"], in: vault)
        #expect(indexed.status == 0)
        #expect(indexed.stdout.contains("\"scanned\""))
        let unknown = try KnapBinary.run(["index", "--bogus"], in: vault)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Unknown option '--bogus'"))
        #expect(unknown.stderr.contains("Usage: knap index"))
        let help = try KnapBinary.run(["tags", "--help"], in: vault)
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: knap tags"))
    }

    /// The format options name their values in usage errors and help, and their shell completions.
    @Test func formatValuesAreListed() throws {
        let vault = try KnapBinary.copy("check")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let check = try KnapBinary.run(["check", "--format", "xml"], in: vault)
        #expect(check.status == 2)
        #expect(check.stderr.contains("Please provide one of 'text' and 'json'"))
        let graph = try KnapBinary.run(["graph", "--format", "svg"], in: vault)
        #expect(graph.status == 2)
        #expect(graph.stderr.contains("Please provide one of 'dot' and 'json'"))
        let completion = try KnapBinary.run(["--generate-completion-script", "bash"], in: vault)
        #expect(completion.stdout.contains("-W 'text'$'\\n''json'"))
        #expect(completion.stdout.contains("-W 'dot'$'\\n''json'"))
    }

    @Test func checkJSONHasStableCodesAndPathsRelativeToTheVault() throws {
        let vault = try KnapBinary.copy("check")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let parent = (vault as NSString).deletingLastPathComponent
        let name = (vault as NSString).lastPathComponent
        let result = try KnapBinary.run(["check", "--vault", name, "--format", "json"], in: parent)
        #expect(result.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(Set(object.keys) == ["knap", "vault", "diagnostics", "errors", "warnings"])
        #expect(object["errors"] as? Int == 6 && object["warnings"] as? Int == 2)
        let items = object["diagnostics"] as? [[String: Any]] ?? []
        #expect(items.map { $0["code"] as? String ?? "" } == [
            "invalid-utf8", "invalid-frontmatter", "duplicate-block-id", "unresolved-link", "ambiguous-link",
            "unresolved-heading", "missing-embed", "unresolved-block",
        ])
        #expect(items.first?["path"] as? String == "Binary.md")
        #expect(Set(items.flatMap { $0.keys }) == ["path", "line", "column", "severity", "code", "message"])
    }

    @Test func checkExitsZeroWhenThereAreOnlyWarnings() throws {
        let vault = try KnapBinary.copy("ambiguity")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let result = try KnapBinary.run(["check"], in: vault)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("z/Linker.md:1:1: warning: ambiguous link [[Topic]]"))
    }

    @Test func linksBacklinksByNamePathOrAlias() throws {
        let vault = try KnapBinary.copy("check")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let links = try KnapBinary.run(["links", "Start"], in: vault)  // an alias of Home
        #expect(links.status == 0)
        #expect(links.stdout.split(separator: "\n").first == "Home.md:7:5: [[Missing note]] -> (none)  [unresolved-link]")
        #expect(links.stdout.contains("Home.md:9:21: [[Guide#Usage]] -> Guide.md#usage\n"))
        let backlinks = try KnapBinary.run(["backlinks", "a/Topic.md", "--format", "json"], in: vault)
        // The only link to it is ambiguous, so it lands nowhere.
        #expect(backlinks.status == 0 && backlinks.stdout.contains("\"links\" : []"))
        let home = try KnapBinary.run(["backlinks", "home"], in: vault)
        #expect(home.stdout == "a/Topic.md:2:1: [[Home]] -> Home.md\n")
        let missing = try KnapBinary.run(["links", "Nobody"], in: vault)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no note named 'Nobody'"))
    }

    @Test func searchTagsOrphansGraph() throws {
        let vault = try KnapBinary.copy("check")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let search = try KnapBinary.run(["search", "intro", "--limit", "1"], in: vault)
        #expect(search.stdout == "Guide.md:3: Guide\n    # Guide «Intro» text. ^«intro» ## Usage More. ^«intro» #project/beta\n")
        let tags = try KnapBinary.run(["tags"], in: vault)
        #expect(tags.stdout == "2  #project\n1  #project/alpha\n1  #project/beta\n")
        let tagged = try KnapBinary.run(["search", "topic", "--tag", "project/alpha"], in: vault)
        #expect(tagged.stdout.hasPrefix("Home.md:"))
        let orphans = try KnapBinary.run(["orphans"], in: vault)
        // a/Topic.md too: the only link to it is ambiguous.
        #expect(orphans.stdout == "Binary.md\nBroken frontmatter.md\na/Topic.md\nb/Topic.md\n")
        let dot = try KnapBinary.run(["graph"], in: vault)
        #expect(dot.stdout.contains("\"Home.md\" -> \"Guide.md\" [weight=4];"))
        #expect(dot.stdout.contains("\"a/Topic.md\" -> \"Home.md\";"))
        let json = try KnapBinary.run(["graph", "--format", "json"], in: vault)
        let graph = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((graph?["nodes"] as? [Any])?.count == 6)
    }

    @Test func indexReportsScannedChangedRemoved() throws {
        let vault = try KnapBinary.copy("check")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let first = try KnapBinary.run(["index", "--format", "json"], in: vault)
        let report = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        #expect(report?["scanned"] as? Int == 6 && report?["changed"] as? Int == 6)
        try FileManager.default.removeItem(atPath: vault + "/b/Topic.md")
        let second = try KnapBinary.run(["index"], in: vault)
        #expect(second.stdout.hasPrefix("indexed 5 notes and 0 attachments: 0 changed, 1 removed,"))
        // Topic is no longer ambiguous.
        let check = try KnapBinary.run(["check"], in: vault)
        #expect(!check.stdout.contains("ambiguous"))
    }

    @Test func corruptIndexIsRebuiltWithAWarning() throws {
        let vault = try KnapBinary.copy("check")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        try FileManager.default.createDirectory(atPath: vault + "/.knap", withIntermediateDirectories: true)
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: vault + "/.knap/index.sqlite"))
        let result = try KnapBinary.run(["index"], in: vault)
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning: .knap/index.sqlite: not an SQLite database; rebuilding the index")
                || result.stderr.contains("not an SQLite database; rebuilding the index"))
        #expect(result.stdout.contains("6 changed"))
    }
}
