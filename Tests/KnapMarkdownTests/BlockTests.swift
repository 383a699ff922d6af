import Testing
@testable import KnapMarkdown

@Suite struct BlockIDTests {
    @Test func atTheEndOfAParagraphAndAListItem() {
        let note = NoteParser.parse("A paragraph. ^para-1\n\n- item one ^item1\n- item two\n", path: "n.md")
        #expect(note.blockIDs.map(\.id) == ["para-1", "item1"])
        #expect(note.blockIDs.map(\.line) == [1, 3])
        let html = HTMLRenderer.render(note.document)
        #expect(html.contains("A paragraph.<span class=\"block-id\" id=\"^para-1\"></span>"))
        #expect(!html.contains("^para-1</"))
    }

    @Test func onItsOwnLineAfterABlock() {
        let note = NoteParser.parse("> quoted\n\n^quote-id\n", path: "n.md")
        #expect(note.blockIDs.map(\.id) == ["quote-id"])
        #expect(note.blockIDs.first?.line == 3)
    }

    @Test(arguments: ["x^notid", "^in the middle of text", "`code ^id`", "text ^bad_id!"])
    func notABlockID(_ source: String) {
        #expect(NoteParser.parse(source, path: "n.md").blockIDs.isEmpty)
    }

    @Test func duplicateIDsAreReported() {
        let note = NoteParser.parse("one ^same\n\ntwo ^same\n", path: "d.md")
        #expect(note.diagnostics.map(\.code) == ["duplicate-block-id"])
        #expect(note.diagnostics.first?.line == 3)
    }
}

@Suite struct HeadingTests {
    @Test func levelsTextAndSlugs() {
        let note = NoteParser.parse("""
        # Hello, World!
        ## Hello, World!
        ### `code` and *emph*
        Setext
        ======
        """, path: "n.md")
        #expect(note.headings.map(\.level) == [1, 2, 3, 1])
        #expect(note.headings.map(\.text) == ["Hello, World!", "Hello, World!", "code and emph", "Setext"])
        #expect(note.headings.map(\.slug) == ["hello-world", "hello-world-1", "code-and-emph", "setext"])
        #expect(note.headings.map(\.line) == [1, 2, 3, 4])
        let html = HTMLRenderer.render(note.document)
        #expect(html.contains("<h2 id=\"hello-world-1\">"))
    }
}

@Suite struct InlineMarkTests {
    @Test func highlightStrikeAndNested() {
        let html = HTMLRenderer.render(NoteParser.parse("==marked *text*== and ~~gone~~ but a == b", path: "n.md").document)
        #expect(html == "<p><mark>marked <em>text</em></mark> and <del>gone</del> but a == b</p>\n")
    }

    @Test func notInCode() {
        let html = HTMLRenderer.render(NoteParser.parse("`==x==` ~~~", path: "n.md").document)
        #expect(html == "<p><code>==x==</code> ~~~</p>\n")
    }

    @Test func inlineCommentIsRemovedAndPositionsStay() {
        let note = NoteParser.parse("before %%hidden [[Secret]]%% after [[Shown]]", path: "n.md")
        #expect(note.links.map(\.target) == ["Shown"])
        #expect(note.links.first?.column == 36)
        #expect(!HTMLRenderer.render(note.document).contains("hidden"))
    }

    @Test func commentSpanningLinesAndParagraphs() {
        let note = NoteParser.parse("keep\n\n%%\nhidden #tag\n\nstill hidden\n%%\n\n# After\n", path: "n.md")
        #expect(note.tags.isEmpty)
        #expect(note.headings.map(\.line) == [9])
        let html = HTMLRenderer.render(note.document)
        #expect(!html.contains("hidden"))
        #expect(html.contains("<p>keep</p>"))
    }

    @Test func commentMarkersInCodeAreText() {
        let note = NoteParser.parse("`%%not a comment%%`\n\n```\n%%\n```\n", path: "n.md")
        let html = HTMLRenderer.render(note.document)
        #expect(html.contains("<code>%%not a comment%%</code>"))
        #expect(html.contains("<pre><code>%%\n</code></pre>"))
    }

    @Test func taskItems() {
        let note = NoteParser.parse("- [ ] open\n- [x] done\n- [X] also done\n- plain\n", path: "n.md")
        var tasks: [Bool?] = []
        func collect(_ node: MarkdownNode) {
            if case .item(let task) = node.kind { tasks.append(task) }
            node.children.forEach(collect)
        }
        collect(note.document)
        #expect(tasks == [false, true, true, nil])
        let html = HTMLRenderer.render(note.document)
        #expect(html.contains("disabled /> open</li>"))
        #expect(html.contains("disabled checked /> done</li>"))
    }
}

@Suite struct CodeBlockTests {
    @Test func languageAttributesAndLines() throws {
        let note = NoteParser.parse("""
        text

        ```swift no-run timeout=5 file="main.swift"
        print("hi")
        ```

        ~~~python,ignore
        x = 1
        ~~~

            indented
        """, path: "n.md")
        #expect(note.codeBlocks.count == 3)
        let swift = try #require(note.codeBlocks.first)
        #expect(swift.language == "swift")
        #expect(swift.attributes == [CodeAttribute(key: "no-run", value: nil), CodeAttribute(key: "timeout", value: "5"),
                                     CodeAttribute(key: "file", value: "main.swift")])
        #expect(swift.attribute("timeout") == "5")
        #expect(swift.attribute("no-run") == "")
        #expect(swift.attribute("ignore") == nil)
        #expect(swift.line == 4)
        #expect(swift.fenceLine == 3)
        #expect(swift.endLine == 5)
        #expect(swift.code == "print(\"hi\")\n")
        #expect(note.codeBlocks[1].language == "python")
        #expect(note.codeBlocks[1].attributes.map(\.key) == ["ignore"])
        #expect(note.codeBlocks[1].line == 8)
        #expect(note.codeBlocks[2].fenced == false)
        #expect(note.codeBlocks[2].language == "")
        #expect(note.codeBlocks[2].line == 11)
    }

    @Test func codeInsideACallout() {
        let note = NoteParser.parse("> [!example] Code\n> ```swift\n> let x = 1\n> ```\n", path: "n.md")
        #expect(note.codeBlocks.map(\.line) == [3])
        #expect(note.codeBlocks.first?.code == "let x = 1\n")
    }
}

@Suite struct TableTests {
    @Test func pipeTableFromAParagraph() {
        let note = NoteParser.parse("""
        | Name | Value |
        | :--- | ---: |
        | *a* | `1|2` |
        | b |
        """, path: "n.md")
        let html = HTMLRenderer.render(note.document)
        #expect(html == """
        <table>
        <thead>
        <tr>
        <th style="text-align: left">Name</th>
        <th style="text-align: right">Value</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td style="text-align: left"><em>a</em></td>
        <td style="text-align: right"><code>1|2</code></td>
        </tr>
        <tr>
        <td style="text-align: left">b</td>
        <td style="text-align: right"></td>
        </tr>
        </tbody>
        </table>

        """)
    }

    @Test func notATableWithoutADelimiterRow() {
        let html = HTMLRenderer.render(NoteParser.parse("a | b\nc | d\n", path: "n.md").document)
        #expect(html == "<p>a | b\nc | d</p>\n")
    }
}

@Suite struct TableCellTests {
    @Test func blockSyntaxInACellStaysText() {
        let note = NoteParser.parse("| a | b | c |\n| - | - | - |\n| # not heading | - not list | > not quote |\n", path: "n.md")
        let html = HTMLRenderer.render(note.document)
        #expect(html.contains("<td># not heading</td>"))
        #expect(html.contains("<td>- not list</td>"))
        #expect(html.contains("<td>&gt; not quote</td>"))
        #expect(note.headings.isEmpty)
    }

    @Test func cellPositionsAreTheFiles() {
        let note = NoteParser.parse("| k | v |\n|---|---|\n| x | see [[Target]] and #tag |\n", path: "n.md")
        #expect(note.links.map(\.column) == [11])
        #expect(note.links.map(\.line) == [3])
        #expect(note.tags.map(\.column) == [26])
        #expect(HTMLRenderer.render(note.document).contains("<td>see <a class=\"internal-link\" href=\"Target\">Target</a> and <a class=\"tag\""))
    }
}

@Suite struct AnchorTests {
    @Test func anchorsCanBeTurnedOffForTransclusions() {
        let note = NoteParser.parse("# Title\n\nText ^b1\n\n^b2\n", path: "n.md")
        #expect(HTMLRenderer.render(note.document).contains("<h1 id=\"title\">"))
        var options = HTMLOptions()
        options.anchors = false
        let html = HTMLRenderer.render(note.document, options: options)
        #expect(html == "<h1>Title</h1>\n<p>Text</p>\n")
    }
}
