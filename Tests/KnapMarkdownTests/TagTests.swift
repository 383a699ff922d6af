import Testing
@testable import KnapMarkdown

@Suite struct TagTests {
    @Test func tagsInBodyText() {
        let note = NoteParser.parse("Some #tag and #nested/tag, #with_under-score and #日本語 #café.", path: "n.md")
        #expect(note.tags.map(\.name) == ["tag", "nested/tag", "with_under-score", "日本語", "café"])
        #expect(note.tags.first?.column == 6)
        #expect(note.tags.allSatisfy { $0.source == .body })
    }

    @Test(arguments: [
        "`#code`",
        "```\n#fenced\n```",
        "# Heading",
        "## Heading two",
        "https://example.com/#anchor",
        "a#glued",
        "#123",
        "#",
        "[link](https://x.org/#frag)",
        "\\#escaped",
    ])
    func notATag(_ source: String) {
        let note = NoteParser.parse(source, path: "n.md")
        #expect(note.tags.isEmpty, "found \(note.tags.map(\.name)) in \(source)")
    }

    @Test func digitsWithALetterAreATag() {
        #expect(NoteParser.parse("#2024 #y2024", path: "n.md").tags.map(\.name) == ["y2024"])
    }

    @Test func tagsInHeadingsAndListsCount() {
        let note = NoteParser.parse("# Title #heading-tag\n\n- item #listed\n", path: "n.md")
        #expect(note.tags.map(\.name) == ["heading-tag", "listed"])
        #expect(note.tags.map(\.line) == [1, 3])
    }

    @Test func comparedCaseInsensitively() {
        let note = NoteParser.parse("#Swift #swift #SWIFT", path: "n.md")
        #expect(Set(note.tags.map(\.normalized)) == ["swift"])
    }
}
