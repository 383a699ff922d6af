import Testing
@testable import KnapMarkdown

/// Large notes are rewritten and drawn in two halves at once. Whatever the note,
/// the result must be exactly the one-pass result.
@Suite struct SplitWorkTests {
    static let note: String = {
        var text = "---\ntags: [big]\n---\n"
        for index in 0..<3_300 {
            // Repeated heading texts across the halves test the unique slugs; repeated
            // block ids test the duplicate diagnostic across the halves.
            text += "## Section \(index % 7)\n\nSee [[Note \(index)#Section \(index % 3)]] and #tag\(index % 5). ^id\(index % 900)\n\n"
            text += index % 10 == 0 ? "> [!tip]- Folded \(index)\n> ## Inner heading\n\n" : "- [x] task ==\(index)==\n\n"
            if index % 50 == 0 { text += "| a | b |\n|---|:-:|\n| [[x\\|y]] | `z` |\n\n```swift\nlet x = \(index)\n```\n\n" }
        }
        return text
    }()

    @Test func bigEnoughToSplit() {
        #expect(Self.note.utf8.count >= TwoWay.minimumBytes)
        #expect(CommonMark.parse(Self.note).children.count >= TwoWay.minimumBlocks)
    }

    @Test func copyingInHalvesKeepsEveryBlockInOrder() {
        let whole = CommonMark.parse(Self.note)
        let (parts, document, flattened) = CommonMark.parseInHalves(
            bytes: Array(Self.note.utf8), maxDepth: NoteParser.maxDepth, cutText: false, minimumBlocks: TwoWay.minimumBlocks
        ) { half in half.children.compactMap { $0.range } }
        #expect(parts.count == 2)
        #expect(parts.allSatisfy { !$0.isEmpty })
        #expect(parts.flatMap { $0 } == whole.children.compactMap { $0.range })
        #expect(document.range == whole.range)
        #expect(flattened == nil)
    }

    @Test func rewritingInTwoHalvesGivesTheOnePassNote() {
        let split = NoteParser.parse(Self.note, path: "big.md", split: true)
        let whole = NoteParser.parse(Self.note, path: "big.md", split: false)
        #expect(split.headings == whole.headings)
        #expect(Set(split.headings.map(\.slug)).count == split.headings.count)
        #expect(split.links == whole.links)
        #expect(split.tags == whole.tags)
        #expect(split.callouts == whole.callouts)
        #expect(split.codeBlocks == whole.codeBlocks)
        #expect(split.blockIDs == whole.blockIDs)
        #expect(split.diagnostics == whole.diagnostics)
        #expect(!split.diagnostics.isEmpty)
        let splitHTML = HTMLRenderer.renderBytes(split.document, options: HTMLOptions(), split: false)
        let wholeHTML = HTMLRenderer.renderBytes(whole.document, options: HTMLOptions(), split: false)
        #expect(splitHTML == wholeHTML)
    }

    @Test func drawingInTwoHalvesGivesTheOnePassBytes() {
        let note = NoteParser.parse(Self.note, path: "big.md")
        let split = HTMLRenderer.renderBytes(note.document, options: HTMLOptions(), split: true)
        let whole = HTMLRenderer.renderBytes(note.document, options: HTMLOptions(), split: false)
        #expect(split == whole)
        // Heading ids stay unique across the halves.
        let html = String(decoding: split, as: UTF8.self)
        #expect(html.contains("id=\"section-0-1\""))
        // The parser's heading ids, given to the renderer, draw the same bytes, split or not.
        var withIDs = HTMLOptions()
        withIDs.headingIDs = note.headings.map(\.slug)
        #expect(HTMLRenderer.renderBytes(note.document, options: withIDs, split: true) == whole)
        #expect(HTMLRenderer.renderBytes(note.document, options: withIDs, split: false) == whole)
        var withoutAnchors = HTMLOptions()
        withoutAnchors.anchors = false
        #expect(HTMLRenderer.renderBytes(note.document, options: withoutAnchors, split: true)
                == HTMLRenderer.renderBytes(note.document, options: withoutAnchors, split: false))
    }
}
