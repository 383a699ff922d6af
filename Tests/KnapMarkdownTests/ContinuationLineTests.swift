import Testing
@testable import KnapMarkdown

/// Obsidian syntax on a paragraph's continuation lines (indented, lazy, or inside a quote or
/// callout with any spacing after `>`) is found, at its exact place, and drawn.
@Suite struct ContinuationLineTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let source: String
        /// Each wikilink as `line:column:target`.
        let links: [String]
        var testDescription: String { source.debugDescription }
    }

    static let cases: [Case] = [
        Case(source: "para\n  text [[N]] mid", links: ["2:8:N"]),
        Case(source: "para\n   ![[N]] x", links: ["2:4:N"]),
        Case(source: "para\n\ttext [[N]]", links: ["2:7:N"]),
        Case(source: "para\n        deep [[N]]", links: ["2:14:N"]),
        Case(source: "para\n    > q [[N]]", links: ["2:9:N"]),
        Case(source: "> [!note] T\n>b [[X]] c\n>   d [[Y]]", links: ["2:4:X", "3:7:Y"]),
        Case(source: ">[!note]\n> e [[Z]]\n>f [[W]]", links: ["2:5:Z", "3:4:W"]),
        Case(source: "> a\n>b [[X]]", links: ["2:4:X"]),
        Case(source: "> > a\n> >  b [[X]]\nlazy [[Y]]", links: ["2:8:X", "3:6:Y"]),
        Case(source: "- item\n lazy [[X]]\n  *em [[Y]]*", links: ["2:7:X", "3:7:Y"]),
        Case(source: "> [!tip] T [[A]]\n>  [[B]] and `code`\n>[[C]]", links: ["1:12:A", "2:4:B", "3:2:C"]),
        Case(source: "Setext\n  with [[H]]\n===", links: ["2:8:H"]),
    ]

    @Test(arguments: cases)
    func linksAreFoundWhereTheyAre(_ testCase: Case) {
        let note = NoteParser.parse(testCase.source, path: "n.md")
        #expect(note.links.map { "\($0.line):\($0.column):\($0.target)" } == testCase.links)
        let html = HTMLRenderer.render(note.document)
        #expect(!html.contains("[["), "drawn raw: \(html)")
        #expect(html.components(separatedBy: "<a ").count - 1 == testCase.links.count, "\(html)")
    }

    @Test func tagsHighlightsAndBlockIDsOnContinuationLines() throws {
        let source = ">[!note]\n>  a #topic and ==mark==\n   ^blk"
        let note = NoteParser.parse(source, path: "n.md")
        let tag = try #require(note.tags.first)
        #expect("\(tag.line):\(tag.column)" == "2:6")
        let id = try #require(note.blockIDs.first)
        #expect("\(id.id) \(id.line):\(id.column)" == "blk 3:4")
        #expect(HTMLRenderer.render(note.document).contains("<mark>mark</mark>"))
    }

    /// The `>` that is the text of an indented continuation line is not taken for a marker.
    @Test func quoteMarkAsText() {
        let note = NoteParser.parse("para\n    > [[N]]", path: "n.md")
        #expect(note.links.map(\.column) == [7])
    }
}

/// Hostile continuation lines: huge indentation, runs of `>`, control characters and thousands
/// of lines in one paragraph. Parsing finishes, and every link found points at its `[[`.
@Suite struct HostileContinuationTests {
    @Test func everyLinkStillPointsAtItsBrackets() {
        var text = "start\n" + String(repeating: " ", count: 100_000) + "wide [[W]]\n"
        for i in 0..<5_000 {
            let indent = String(repeating: i % 2 == 0 ? " " : "\t", count: i % 9)
            let quote = i % 5 == 0 ? String(repeating: "> ", count: i % 40) : ""
            text += quote + indent + (i % 11 == 0 ? "\u{1}\u{7f}" : "") + "x [[L\(i)]] ^b\(i)\n"
        }
        let note = NoteParser.parse(text, path: "hostile.md")
        _ = HTMLRenderer.render(note.document)
        let source = SourceText(text)
        #expect(note.links.count > 5_000 / 2)
        for link in note.links {
            #expect(source.slice(line: link.line, fromColumn: link.column, toColumn: link.column + 2) == "[[", "\(link)")
        }
        for id in note.blockIDs {
            #expect(source.slice(line: id.line, fromColumn: id.column, toColumn: id.column + 1) == "^", "\(id)")
        }
    }
}
