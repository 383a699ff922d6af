import Testing
@testable import KnapMarkdown

/// The original multiprocessing note, with exact expectations.
@Suite struct SeedNoteTests {
    let note: Note

    init() throws {
        note = try NoteParser.parse(fileAt: Fixtures.seedPath)
    }

    @Test func oneWikilinkOnLineSix() {
        #expect(note.links.count == 1)
        let link = note.links.first
        #expect(link?.target == "108 Python Index")
        #expect(link?.line == 6)
        #expect(link?.column == 12)
        #expect(link?.embed == false)
        #expect(link?.heading == nil && link?.alias == nil && link?.block == nil)
    }

    /// The issue names two callouts (caution, important); the seed also has a third,
    /// `[!note]-` under "Locks, Queues and Pipes". All three are folded and title-only.
    @Test func calloutsAreFoldedAndTitleOnly() {
        #expect(note.callouts.map(\.type) == ["caution", "important", "note"])
        #expect(note.callouts.map(\.kind) == [.warning, .tip, .note])
        #expect(note.callouts.allSatisfy { $0.fold == "-" })
        #expect(note.callouts.map(\.line) == [29, 59, 138])
        #expect(note.callouts[0].title.hasPrefix("The main difference is that"))
        #expect(note.callouts[0].title.hasSuffix("otherwise we get a RuntimeError"))
        // Title-only: the callout node holds its title and nothing else.
        var calloutNodes: [MarkdownNode] = []
        func collect(_ node: MarkdownNode) {
            if case .callout = node.kind { calloutNodes.append(node) }
            node.children.forEach(collect)
        }
        collect(note.document)
        #expect(calloutNodes.count == 3)
        #expect(calloutNodes.allSatisfy { $0.children.count == 1 })
    }

    @Test func fourPythonCodeBlocks() {
        #expect(note.codeBlocks.count == 4)
        #expect(note.codeBlocks.allSatisfy { $0.language == "python" && $0.fenced })
        #expect(note.codeBlocks.map(\.line) == [14, 33, 66, 110])
        #expect(note.codeBlocks.first?.code.hasPrefix("import time\nfrom multiprocessing import Process\n") == true)
    }

    @Test func frontmatterValuesStayStrings() {
        #expect(note.frontmatter["created"] == .scalar("2022-11-09 19:20", plain: true))
        #expect(note.frontmatter["updated"] == .scalar("2022-11-09 21:46", plain: true))
        #expect(note.frontmatter.lines == 1...4)
        #expect(note.diagnostics.isEmpty)
    }

    @Test func headings() {
        #expect(note.headings.map(\.text) == [
            "Multiprocessing", "Simple Example", "Multiple processes", "Child Processes and Daemons",
            "Contexts", "Locks, Queues and Pipes", "References",
        ])
        #expect(note.headings.map(\.level) == [2, 3, 3, 3, 3, 3, 2])
        #expect(note.headings.map(\.line) == [9, 12, 31, 55, 92, 131, 140])
        #expect(note.headings[5].slug == "locks-queues-and-pipes")
    }

    @Test func thematicBreakAfterFrontmatterStays() {
        guard case .thematicBreak = note.document.children.first?.kind else {
            Issue.record("expected a thematic break first, got \(String(describing: note.document.children.first?.kind))")
            return
        }
        #expect(note.document.children.first?.range?.start.line == 5)
    }
}
