import Testing
@testable import KnapMarkdown

@Suite struct WikilinkTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let source: String
        let target: String
        var heading: String? = nil
        var block: String? = nil
        var alias: String? = nil
        var embed = false
        var testDescription: String { source }
    }

    static let cases: [Case] = [
        Case(source: "[[Note]]", target: "Note"),
        Case(source: "[[Note.md]]", target: "Note.md"),
        Case(source: "[[folder/Note]]", target: "folder/Note"),
        Case(source: "[[Note|shown text]]", target: "Note", alias: "shown text"),
        Case(source: "[[Note#Heading]]", target: "Note", heading: "Heading"),
        Case(source: "[[Note#H1#H2]]", target: "Note", heading: "H1#H2"),
        Case(source: "[[#Heading]]", target: "", heading: "Heading"),
        Case(source: "[[Note#^block-id]]", target: "Note", block: "block-id"),
        Case(source: "![[Note]]", target: "Note", embed: true),
        Case(source: "![[Note#Heading]]", target: "Note", heading: "Heading", embed: true),
        Case(source: "![[Note#^id]]", target: "Note", block: "id", embed: true),
        Case(source: "![[image.png]]", target: "image.png", embed: true),
        Case(source: "![[image.png|100]]", target: "image.png", alias: "100", embed: true),
        Case(source: "![[image.png|100x145]]", target: "image.png", alias: "100x145", embed: true),
        Case(source: "[[a *b* c]]", target: "a *b* c"),
        Case(source: "[[Note#Some *emph* heading|a `code` alias]]", target: "Note", heading: "Some *emph* heading", alias: "a `code` alias"),
    ]

    @Test(arguments: cases)
    func parsesEveryForm(_ testCase: Case) throws {
        let note = NoteParser.parse("Text before \(testCase.source) after.", path: "n.md")
        #expect(note.links.count == 1)
        let link = try #require(note.links.first)
        #expect(link.target == testCase.target)
        #expect(link.heading == testCase.heading)
        #expect(link.block == testCase.block)
        #expect(link.alias == testCase.alias)
        #expect(link.embed == testCase.embed)
        #expect(link.line == 1)
        #expect(link.column == 13)
        #expect(link.kind == .wikilink)
    }

    @Test func imageSizes() {
        let note = NoteParser.parse("![[a.png|100]] ![[b.png|100x145]] ![[c.png|caption]]", path: "n.md")
        #expect(note.links.map { $0.imageSize?.width } == [100, 100, nil])
        #expect(note.links.map { $0.imageSize?.height ?? nil } == [nil, 145, nil])
    }

    @Test func splitByCmarkIsStillOneLinkAndRendersOnce() {
        let note = NoteParser.parse("x [[a *b* c]] y", path: "n.md")
        #expect(note.links.map(\.target) == ["a *b* c"])
        let html = HTMLRenderer.render(note.document)
        #expect(html.contains(">a *b* c</a>"))
        #expect(!html.contains("<em>"))
    }

    @Test(arguments: [
        "`[[Not a link]]`",
        "```\n[[Not a link]]\n```",
        "    [[indented code]]",
        "\\[[Escaped]]",
        "[\\[Escaped second]]",
        "&#91;[Entity]]",
        "[[]]",
        "[[ ]]",
        "[[unclosed",
        "[[across\nlines]]",
    ])
    func notALink(_ source: String) {
        let note = NoteParser.parse(source, path: "n.md")
        #expect(note.links.isEmpty, "found \(note.links) in \(source)")
    }

    @Test func escapedLinkKeepsItsText() {
        let note = NoteParser.parse("\\[[x]]", path: "n.md")
        #expect(HTMLRenderer.render(note.document) == "<p>[[x]]</p>\n")
    }

    @Test func positionsOfSeveralLinksOnSeveralLines() {
        let note = NoteParser.parse("a [[One]] b ![[Two]]\n\n- item [[Three|3]]\n", path: "n.md")
        #expect(note.links.map(\.target) == ["One", "Two", "Three"])
        #expect(note.links.map(\.line) == [1, 1, 3])
        #expect(note.links.map(\.column) == [3, 13, 8])
    }

    @Test func linksAfterAnEscapeOnTheSameLineKeepTheirColumn() {
        let note = NoteParser.parse("\\* star [[Target]]", path: "n.md")
        #expect(note.links.first?.column == 9)
    }

    @Test func innermostLinkWins() {
        let note = NoteParser.parse("[[a [[b]]", path: "n.md")
        #expect(note.links.map(\.target) == ["b"])
    }

    @Test func markdownLinksToNotesAreLinks() {
        let note = NoteParser.parse("""
        [t](Note%20x.md) [u](<Note y.md>) [w](https://example.com/a.md) [h](#local) [s](Other.md#Some%20Heading) ![i](pic.png)
        """, path: "n.md")
        // Web URLs are not vault links; `#local` is a link to this note's own heading, like `[[#local]]`.
        #expect(note.links.map(\.target) == ["Note x.md", "Note y.md", "", "Other.md", "pic.png"])
        #expect(note.links.allSatisfy { $0.kind == .markdown })
        #expect(note.links[2].heading == "local")
        #expect(note.links[3].heading == "Some Heading")
        #expect(note.links.map(\.embed) == [false, false, false, false, true])
        #expect(note.links.map(\.column) == [1, 18, 65, 77, 106])
    }

    @Test func pipeInTableRowsIsEscaped() {
        let note = NoteParser.parse("""
        | Link | n |
        | --- | --- |
        | [[Note\\|text]] | 2 |
        """, path: "n.md")
        #expect(note.links.count == 1)
        #expect(note.links.first?.target == "Note")
        #expect(note.links.first?.alias == "text")
        #expect(note.links.first?.line == 3)
        #expect(note.links.first?.column == 3)
    }

    /// A `#` that carries a combining mark is one character with it, not a separator.
    @Test func displayTextShowsTheHeadingChain() {
        let note = NoteParser.parse("[[Note#A#B]] [[#Only]] [[N#Ü#ß]] [[N#x#\u{301}y]] [[N#H#^b]] [[N|Shown#as#is]]\n", path: "n.md")
        #expect(note.links.map(\.displayText) == ["Note > A > B", "Only", "N > Ü > ß", "N > x#\u{301}y", "N > H > ^b", "Shown#as#is"])
    }
}
