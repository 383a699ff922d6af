import Testing
@testable import KnapMarkdown

@Suite struct CalloutTests {
    @Test func markerTitleAndContent() throws {
        let note = NoteParser.parse("""
        > [!tip]+ Read *this* first
        > The body.
        >
        > More.
        """, path: "n.md")
        let callout = try #require(note.callouts.first)
        #expect(callout.type == "tip")
        #expect(callout.kind == .tip)
        #expect(callout.fold == "+")
        #expect(callout.title == "Read this first")
        #expect(callout.line == 1)
        let html = HTMLRenderer.render(note.document)
        #expect(html.contains("<details open>"))
        #expect(html.contains("<div class=\"callout\" data-callout=\"tip\""))
        #expect(html.contains("Read <em>this</em> first"))
        #expect(html.contains("<p>The body.</p>"))
        #expect(html.contains("<p>More.</p>"))
    }

    @Test func titleOnlyFoldedCallout() throws {
        let note = NoteParser.parse("> [!caution]- Only a title", path: "n.md")
        let callout = try #require(note.callouts.first)
        #expect(callout.fold == "-")
        #expect(callout.title == "Only a title")
        let html = HTMLRenderer.render(note.document)
        #expect(html.contains("<details>\n"))
        #expect(!html.contains("callout-content"))
    }

    @Test func noTitleNoFold() throws {
        let note = NoteParser.parse("> [!NOTE]\n> text", path: "n.md")
        let callout = try #require(note.callouts.first)
        #expect(callout.type == "note")
        #expect(callout.fold == nil)
        #expect(callout.title == "")
        // The default title is the type in title case.
        #expect(HTMLRenderer.render(note.document).contains("callout-title-inner\">Note</span>"))
    }

    @Test func nestedCallouts() {
        let note = NoteParser.parse("""
        > [!question] Outer
        > > [!example] Inner
        > > > [!bug] Innermost
        """, path: "n.md")
        #expect(note.callouts.map(\.type) == ["question", "example", "bug"])
        #expect(note.callouts.map(\.depth) == [0, 1, 2])
        #expect(note.callouts.map(\.line) == [1, 2, 3])
    }

    static let aliases: [(String, CalloutKind)] = [
        ("note", .note), ("abstract", .abstract), ("summary", .abstract), ("tldr", .abstract), ("info", .info),
        ("todo", .todo), ("tip", .tip), ("hint", .tip), ("important", .tip), ("success", .success),
        ("check", .success), ("done", .success), ("question", .question), ("help", .question), ("faq", .question),
        ("warning", .warning), ("caution", .warning), ("attention", .warning), ("failure", .failure),
        ("fail", .failure), ("missing", .failure), ("danger", .danger), ("error", .danger), ("bug", .bug),
        ("example", .example), ("quote", .quote), ("cite", .quote),
    ]

    @Test(arguments: aliases)
    func typesAndAliasesAreCaseInsensitive(_ type: String, _ kind: CalloutKind) throws {
        let note = NoteParser.parse("> [!\(type.uppercased())] T", path: "n.md")
        let callout = try #require(note.callouts.first)
        #expect(callout.type == type)
        #expect(callout.kind == kind)
        #expect(CalloutKind.isKnown(type))
    }

    @Test func unknownTypeIsKeptAndDrawnAsANote() throws {
        let note = NoteParser.parse("> [!recipe] Pancakes", path: "n.md")
        let callout = try #require(note.callouts.first)
        #expect(callout.type == "recipe")
        #expect(callout.kind == .note)
        #expect(!CalloutKind.isKnown("recipe"))
        #expect(HTMLRenderer.render(note.document).contains("data-callout=\"recipe\" data-callout-kind=\"note\""))
    }

    @Test(arguments: ["> plain quote", "> \\[!note] escaped", "> [! note] space", "> [!note]x glued", "text [!note] inline"])
    func notACallout(_ source: String) {
        #expect(NoteParser.parse(source, path: "n.md").callouts.isEmpty)
    }
}
