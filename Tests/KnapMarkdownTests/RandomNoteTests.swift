import Testing
@testable import KnapMarkdown

/// Notes stitched at random (fixed seed) from Obsidian and CommonMark pieces.
/// Whatever the mix, parsing and rendering finish, and every position Knap
/// reports points at the syntax it names in the file.
@Suite struct RandomNoteTests {
    static let pieces = [
        "[[Note]]", "![[img.png|100]]", "[[a *b* c|alias]]", "[[Note#Head#Sub]]", "[[#Local]]", "\\[[escaped]]",
        "#tag", "#nested/tag", "#123", "==mark==", "~~del~~", "%%hidden%%", "`code [[x]]`", "*emph*", "**strong**",
        "[link](Other%20note.md)", "<b>raw</b>", "&amp;", "&#91;[x]]", "^block-1", " ", " ", " ", "text", "word",
        "\\*", "é", "日本", "$x^2$", "[", "]", "|", "!", "#", "=", "~",
    ]
    static let lineStarts = ["", "", "", "> ", "> [!note]- ", "- ", "- [ ] ", "1. ", "# ", "## ", "    ", "| a | b |\n| - | - |\n| ", "```\n", "> > ",
                              "  ", "\t", ">", ">   ", ">[!tip] ", "    > "]

    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test(arguments: 0..<40)
    func positionsPointAtTheSyntax(seed: Int) {
        var random = Generator(state: UInt64(seed) &+ 12345)
        var text = ""
        for _ in 0..<(20 + random.next(40)) {
            text += Self.lineStarts[random.next(Self.lineStarts.count)]
            for _ in 0..<random.next(8) { text += Self.pieces[random.next(Self.pieces.count)] + (random.next(3) == 0 ? "" : " ") }
            text += random.next(4) == 0 ? "\n\n" : "\n"
        }
        let note = NoteParser.parse(text, path: "random.md")
        _ = HTMLRenderer.render(note.document)
        let source = SourceText(text)
        func at(_ line: Int, _ column: Int, _ length: Int) -> String {
            source.slice(line: line, fromColumn: column, toColumn: column + length) ?? "<outside>"
        }
        for link in note.links where link.kind == .wikilink {
            let found = link.embed ? at(link.line, link.column, 3) : at(link.line, link.column, 2)
            #expect(found == (link.embed ? "![[" : "[["), "\(link) in:\n\(text)")
        }
        for tag in note.tags where tag.source == .body {
            #expect(at(tag.line, tag.column, tag.name.utf8.count + 1) == "#" + tag.name, "\(tag) in:\n\(text)")
        }
        for id in note.blockIDs {
            #expect(at(id.line, id.column, id.id.utf8.count + 1) == "^" + id.id, "\(id) in:\n\(text)")
        }
        for heading in note.headings {
            #expect(source.lineString(heading.line).contains("#"), "\(heading) in:\n\(text)")
        }
    }
}
