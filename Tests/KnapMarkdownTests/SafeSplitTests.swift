import Foundation
import Testing
@testable import KnapMarkdown

/// A large note is cut in two and each half parsed by cmark on its own thread. Every cut the
/// scan accepts must give exactly what cmark gives for the whole text: the same HTML, and the
/// same blocks at the same lines.
@Suite struct SafeSplitTests {
    /// Every spec example (tabs, lazy lines, unclosed fences, HTML blocks …) between plain
    /// paragraphs that the scan may take as cuts, one text per example.
    static let specDocuments: [String] = {
        CommonMarkConformanceTests.examples.enumerated().map { index, example in
            "Before example \(index).\n\n" + example + "\nAfter example \(index).\n\n# Heading \(index)\n\nEnd.\n"
        }
    }()

    /// Hand-made traps: fences in list items, fences closed by a deeper fence, indented fences,
    /// HTML comments and blocks spanning blank lines, lazy lines, setext underlines, tables.
    static let pieces = [
            "- item\n\n  ```\n  code\n\nStill code in the item? No: this closes the list.\n  ```\n",
            "- item\n  ```\n  code\n```\nopened at column 1\n\nLine in the fence\n```\n",
            "1. one\n\n   ```\n# heading\n   ```\n\nAfter\n\nMore text\n",
            "```\nunclosed until the next\n\nText in fence\n````\n",
            "<!--\n\nText in a comment\n\n-->\n\nAfter the comment\n",
            "<div>\n```\n</div>\n\nText\n```\ncode\n\nIn code\n```\n",
            "> quote\nlazy line\n\nOut of the quote\n",
            "Heading\n===\n\nText\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter the table\n",
            "    indented code\n\n    more\n\nText\n",
            "~~~ info\n\n~~~~\n\nAfter tildes\n",
            "- a\n- b\n\n- c\n\nLoose list above\n",
            "#tag line\n\n# Heading\n\nText\n",
            "<span>text</span>\n```\ncode\n\nIn code?\n```\n",
            "<script>\nlet x = 1\n\nnot a cut\n</script>\n\nAfter script\n",
            "<!-- one line -->\n\nAfter a one-line comment\n",
            "<?php\n\necho 1;\n\n?>\n\nAfter php\n",
            "<!DOCTYPE html>\n\nAfter doctype\n",
            "<![CDATA[\n\nx\n\n]]>\n\nAfter cdata\n",
            "<pre>\n\n```\n\n</pre>\n\nAfter pre\n",
            "<del>\n\n*emph*\n\n</del>\n\nAfter del\n",
            "<table><tr><td>\n<pre>\n**x**\n\nAfter the table cell\n",
            "<STYLE>\np { }\n\nstill style\n</style>\n\nAfter style\n",
            "- item\n  <!--\n\n```\n\ncode -->\n\nIn the fence\n```\n",
            "Intro\n\n  <!--\n\nInside the indented comment\n\n-->\n\nAfter it\n",
        ]

    static let trapDocument: String = {
        return (0..<6).map { round in Self.pieces.shuffledDeterministically(seed: round).joined(separator: "\n") }.joined(separator: "\n\n")
    }()

    static let trapPieces: [String] = pieces

    private func lineCount(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    private func blockRanges(_ text: String, lineOffset: Int = 0) -> [SourceRange?] {
        CommonMark.parse(text).children.map { node in
            node.range.map {
                SourceRange(start: SourceLocation(line: $0.start.line + lineOffset, column: $0.start.column),
                            end: SourceLocation(line: $0.end.line + lineOffset, column: $0.end.column))
            }
        }
    }

    /// Checks up to `limit` cuts spread over the text; returns how many were checked.
    private func checkCuts(in text: String, limit: Int) -> Int {
        let bytes = Array(text.utf8)
        let cuts = bytes.withUnsafeBufferPointer { SafeSplit.cuts(in: $0, upTo: $0.count) }
        let step = max(1, cuts.count / limit)
        let whole = CommonMark.renderHTML(text)
        let wholeBlocks = blockRanges(text)
        var checked = 0
        for cut in stride(from: 0, to: cuts.count, by: step).map({ cuts[$0] }) {
            let first = String(decoding: bytes[..<cut], as: UTF8.self)
            let second = String(decoding: bytes[cut...], as: UTF8.self)
            #expect(CommonMark.renderHTML(first) + CommonMark.renderHTML(second) == whole, "cut at byte \(cut)")
            #expect(blockRanges(first) + blockRanges(second, lineOffset: lineCount(bytes[..<cut])) == wholeBlocks,
                    "cut at byte \(cut)")
            checked += 1
        }
        return checked
    }

    @Test func everyCutAroundTheSpecExamplesGivesTheWholeParse() {
        var checked = 0
        var withDefinitions = 0
        for document in Self.specDocuments {
            if Array(document.utf8).withUnsafeBufferPointer({ SafeSplit.mayHoldLinkDefinition($0) }) { withDefinitions += 1 }
            checked += checkCuts(in: document, limit: 10)
        }
        #expect(checked >= 1_000)
        // Examples that define links give no cut at all.
        #expect(withDefinitions > 50)
    }

    @Test func everyCutAmongTheTrapsGivesTheWholeParse() {
        #expect(checkCuts(in: Self.trapDocument, limit: 400) >= 1)
        var checked = 0
        for first in Self.trapPieces {
            for second in Self.trapPieces { checked += checkCuts(in: "Start\n\n" + first + "\n\n" + second + "\n\nEnd\n", limit: 10) }
        }
        #expect(checked >= 300)
    }

    @Test func cutsInRealNotes() throws {
        let seed = try Fixtures.text("Notes/Python - Multiprocessing (seed).md")
        #expect(checkCuts(in: String(repeating: seed + "\n\n", count: 3), limit: 50) >= 3)
    }

    @Test func noCutWhereALinkDefinitionCouldBeUsedAcross() {
        let text = "Text [a].\n\nMore text\n\n[a]: /url\n"
        let cuts = Array(text.utf8).withUnsafeBufferPointer { SafeSplit.cuts(in: $0, upTo: $0.count) }
        #expect(cuts.isEmpty)
        func holds(_ text: String) -> Bool { Array(text.utf8).withUnsafeBufferPointer { SafeSplit.mayHoldLinkDefinition($0) } }
        #expect(holds("Text\n\n- [a\nb]: /url\n"))
        #expect(holds("> [a]:\n> /url\n"))
        #expect(!holds("def f(x: list[int]) -> dict[str, int]:\n\nText [a]\n"))
        #expect(!holds("[a\n\nb]: not a label across a blank line\n"))
        // Linear, however many `]:` a line holds.
        #expect(!holds("word " + String(repeating: "x]: ", count: 200_000)))
    }

    @Test func noCutInsideATopLevelFence() {
        let text = "Intro\n\n```\ncode\n\nNot a cut\n```\n\nA cut\n"
        let cuts = Array(text.utf8).withUnsafeBufferPointer { SafeSplit.cuts(in: $0, upTo: $0.count) }
        #expect(cuts == [Array(text.utf8).firstRange(of: Array("A cut".utf8))?.lowerBound].compactMap { $0 })
    }

    @Test func aLargeNoteParsedInTwoCutsIsTheWholeNote() {
        // The whole pipeline: cmark on each half at once, then the Obsidian rewrite.
        let text = SplitWorkTests.note
        let cut = Array(text.utf8).withUnsafeBufferPointer { SafeSplit.offset(in: $0) }
        #expect(cut != nil)
        let split = NoteParser.parse(text, path: "big.md", split: true)
        let whole = NoteParser.parse(text, path: "big.md", split: false)
        #expect(split.headings == whole.headings)
        #expect(split.links == whole.links)
        #expect(split.codeBlocks == whole.codeBlocks)
        #expect(split.blockIDs == whole.blockIDs)
        #expect(split.diagnostics == whole.diagnostics)
        #expect(split.document.range == whole.document.range)
        #expect(HTMLRenderer.renderBytes(split.document) == HTMLRenderer.renderBytes(whole.document))
    }
}

private extension Array {
    /// The same order for the same seed, so that a failure can be reproduced.
    func shuffledDeterministically(seed: Int) -> [Element] {
        var state = UInt64(seed + 1) &* 0x9E37_79B9_7F4A_7C15
        var copy = self
        for index in copy.indices.reversed() where index > 0 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            copy.swapAt(index, Int(state >> 33) % (index + 1))
        }
        return copy
    }
}
