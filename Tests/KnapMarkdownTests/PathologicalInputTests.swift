import Testing
@testable import KnapMarkdown

/// Inputs that break naive parsers. Each must finish (their linear time is
/// checked by `bench/pathological.sh`, not by a timed test) and give sane results.
@Suite struct PathologicalInputTests {
    @Test func fiftyThousandNestedQuotes() {
        let note = NoteParser.parse(String(repeating: ">", count: 50_000) + " deep [[Link]]\n", path: "n.md")
        #expect(note.links.map(\.target) == ["Link"])
        #expect(note.diagnostics.map(\.code) == ["too-deep"])
        #expect(HTMLRenderer.render(note.document).contains("deep"))
    }

    @Test func fiftyThousandOpenBrackets() {
        let note = NoteParser.parse(String(repeating: "[", count: 50_000) + "x", path: "n.md")
        #expect(note.links.isEmpty)
        #expect(HTMLRenderer.render(note.document).hasSuffix("[x</p>\n"))
    }

    @Test func tenThousandUnclosedWikilinks() {
        let note = NoteParser.parse(String(repeating: "[[a ", count: 10_000) + "\n\nthen [[Real]]", path: "n.md")
        #expect(note.links.map(\.target) == ["Real"])
    }

    @Test func tenMegabyteSingleLine() {
        let unit = "word [[Link]] #tag ==mark== "
        let line = String(repeating: unit, count: 10_000_000 / unit.utf8.count)
        let note = NoteParser.parse(line, path: "n.md")
        #expect(note.links.count == 10_000_000 / unit.utf8.count)
        #expect(note.links.last?.line == 1)
        #expect(note.links.last?.column == (10_000_000 / unit.utf8.count - 1) * unit.utf8.count + 6)
        #expect(note.tags.count == note.links.count)
    }

    @Test func fiveThousandNestedCallouts() {
        var text = ""
        for depth in 1...5_000 {
            text += String(repeating: "> ", count: depth) + "[!note] Level \(depth)\n"
        }
        let note = NoteParser.parse(text, path: "n.md")
        // Containers deeper than the limit are flattened into their parent, with a warning.
        #expect(note.callouts.count == NoteParser.maxDepth - 1)
        #expect(note.diagnostics.map(\.code) == ["too-deep"])
        let html = HTMLRenderer.render(note.document)
        #expect(html.contains("Level 5000"))
    }

    @Test func deepNestingOnAWorkerThread() async {
        // Tasks run on threads with smaller stacks than the main thread.
        let count = await Task.detached {
            var text = ""
            for depth in 1...300 { text += String(repeating: "> ", count: depth) + "[!note] *a **b ==c [[d]]==** e*\n" }
            text += String(repeating: "*", count: 5_000) + "x" + String(repeating: "*", count: 5_000) + "\n"
            let note = NoteParser.parse(text, path: "n.md")
            return HTMLRenderer.render(note.document).count
        }.value
        #expect(count > 0)
    }
}

@Suite struct LineEndingTests {
    @Test func crlfAndBOMKeepLineNumbers() throws {
        let text = "\u{FEFF}---\r\ntags: [a]\r\n---\r\n# Title\r\n\r\nSee [[Other]] #b\r\n```swift\r\nlet x = 1\r\n```\r\n"
        let note = NoteParser.parse(text, path: "n.md")
        #expect(note.frontmatter.tags == ["a"])
        #expect(note.headings.map(\.line) == [4])
        #expect(note.links.map(\.line) == [6])
        #expect(note.links.first?.column == 5)
        #expect(note.codeBlocks.first?.line == 8)
        #expect(note.codeBlocks.first?.code == "let x = 1\n")
        #expect(note.tags.map(\.name) == ["a", "b"])
    }

    @Test func invalidUTF8IsReplacedOncePerBadSequenceAndWarnedAtItsPlace() throws {
        // A lone continuation byte, a truncated 3-byte sequence, an overlong form, a surrogate.
        let data = Array("ok\nstill ok\nx".utf8) + [0x80, 0x61, 0xE2, 0x82, 0x62, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0x0A]
        let source = NoteParser.decode(data)
        #expect(source.text == "ok\nstill ok\nx\u{FFFD}a\u{FFFD}b\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\n")
        #expect(source.firstInvalidByte == SourceLocation(line: 3, column: 2))
        let note = NoteParser.parse(source, path: "x.md")
        #expect(note.diagnostics.map { "\($0.line):\($0.column):\($0.severity):\($0.code)" } == ["3:2:warning:invalid-utf8"])
        #expect(NoteParser.decode(Array("fine\n".utf8)) == NoteText(text: "fine\n"))
        #expect(NoteParser.parse(NoteParser.decode(Array("fine\n".utf8)), path: "y.md").diagnostics.isEmpty)
    }
}
