import Testing
@testable import KnapMarkdown

@Suite struct FrontmatterTests {
    @Test func recognisedKeysInAnyCaseButNoLookalikes() {
        let note = NoteParser.parse("""
        ---
        TAGS: "#one, two #three"
        Alias: Ünïcode Name
        CssClass: a b
        tagz: no
        aliasez: no
        "tag s": no
        ---
        """, path: "n.md")
        #expect(note.frontmatter.tags == ["one", "two", "three"])
        #expect(note.frontmatter.aliases == ["Ünïcode Name"])
        #expect(note.frontmatter.cssClasses == ["a", "b"])
        // Non-ASCII keys are lower-cased as Unicode; non-ASCII tags split on whole characters.
        let other = NoteParser.parse("---\nTAGſ: x\ntags: \"é,#ü  ǅ\"\n---\n", path: "m.md")
        #expect(other.frontmatter.tags == ["é", "ü", "ǅ"])
    }

    @Test func duplicateKeysAmongManyAreStillFound() {
        // Past 32 keys the fast reader checks duplicates with a set: either way the block goes to
        // Yams, which rejects a duplicate key.
        let keys = (1...40).map { "key\($0): \($0)" }
        let unique = NoteParser.parse("---\n" + keys.joined(separator: "\n") + "\n---\n", path: "a.md")
        #expect(unique.frontmatter.properties.count == 40)
        #expect(unique.diagnostics.isEmpty)
        for duplicate in ["key3: again", "key39: again"] {
            let note = NoteParser.parse("---\n" + (keys + [duplicate]).joined(separator: "\n") + "\n---\n", path: "b.md")
            #expect(note.diagnostics.contains { $0.code == "invalid-frontmatter" }, "\(duplicate)")
        }
    }

    @Test func recognisedKeysAsListOrSingleValue() {
        let note = NoteParser.parse("""
        ---
        tags: [alpha, "#beta"]
        alias: Only One
        cssclasses:
          - wide
          - dark
        rating: 5
        ---
        body
        """, path: "n.md")
        #expect(note.frontmatter.tags == ["alpha", "beta"])
        #expect(note.frontmatter.aliases == ["Only One"])
        #expect(note.frontmatter.cssClasses == ["wide", "dark"])
        #expect(note.frontmatter["rating"] == .scalar("5", plain: true))
        #expect(note.frontmatter.properties.map(\.key) == ["tags", "alias", "cssclasses", "rating"])
        #expect(note.tags.map(\.name) == ["alpha", "beta"])
        #expect(note.tags.allSatisfy { $0.source == .frontmatter })
    }

    @Test func singularTagAndPluralAliases() {
        let note = NoteParser.parse("---\ntag: solo\naliases:\n  - A\n  - B\n---\n", path: "n.md")
        #expect(note.frontmatter.tags == ["solo"])
        #expect(note.frontmatter.aliases == ["A", "B"])
    }

    @Test func datesAreKeptAsWritten() {
        let note = NoteParser.parse("---\ncreated: 2022-11-09 19:20\nday: 2024-01-02\n---\n", path: "n.md")
        #expect(note.frontmatter["created"]?.string == "2022-11-09 19:20")
        #expect(note.frontmatter["day"]?.string == "2024-01-02")
    }

    @Test func invalidYAMLGivesADiagnosticWithItsLineAndTheBodyStillParses() {
        let note = NoteParser.parse("""
        ---
        title: ok
        bad: [unclosed
        ---
        # Heading
        [[Link]]
        """, path: "bad.md")
        #expect(note.diagnostics.count == 1)
        let diagnostic = note.diagnostics.first
        #expect(diagnostic?.code == "invalid-frontmatter")
        #expect(diagnostic?.severity == .error)
        #expect(diagnostic?.path == "bad.md")
        #expect((3...4).contains(diagnostic?.line ?? 0))
        #expect(note.headings.map(\.line) == [5])
        #expect(note.links.map(\.target) == ["Link"])
        #expect(note.links.first?.line == 6)
    }

    @Test func bodyLinesStayFileLines() {
        let note = NoteParser.parse("---\na: 1\nb: 2\n---\n\n## Title\n", path: "n.md")
        #expect(note.headings.first?.line == 6)
    }

    @Test func noFrontmatterUnlessTheFirstLineIsAFence() {
        let note = NoteParser.parse("text\n---\na: 1\n---\n", path: "n.md")
        #expect(note.frontmatter.lines == nil)
        #expect(note.frontmatter.properties.isEmpty)
    }

    @Test func thematicBreakRightAfterFrontmatterStaysABreak() {
        let note = NoteParser.parse("---\na: 1\n---\n---\ntext\n", path: "n.md")
        guard case .thematicBreak = note.document.children.first?.kind else {
            Issue.record("no thematic break")
            return
        }
        #expect(note.document.children.first?.range?.start.line == 4)
    }

    @Test func closingFenceAtTheEndOfTheFile() {
        let note = NoteParser.parse("---\ntags: [x]\n---", path: "n.md")
        #expect(note.frontmatter.tags == ["x"])
        #expect(note.frontmatter.lines == 1...3)
    }

    @Test func unclosedFrontmatterIsBody() {
        let note = NoteParser.parse("---\ntitle: x\n\n# Heading\n", path: "n.md")
        #expect(note.frontmatter.lines == nil)
        #expect(note.headings.map(\.line) == [4])
    }
}
