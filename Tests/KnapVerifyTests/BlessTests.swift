import Foundation
import Testing
@testable import KnapVerify

extension ProcessTests {
@Suite struct BlessTests {
    @Test func blessedNotePassesAndTheRestIsUnchanged() async throws {
        let folder = try Support.copyFixture("bless")
        defer { Support.removeCopy(folder) }
        let note = folder + "/Bless.md"
        let before = try String(contentsOfFile: note, encoding: .utf8)
        let results = await Support.verify([note])
        #expect(results.map(\.status) == [.fail, .fail, .ran, .pass, .pass])

        let changed = try Blesser.bless(path: note, results: results)
        #expect(changed == 3)
        let after = try String(contentsOfFile: note, encoding: .utf8)
        let expected = before
            .replacingOccurrences(of: "```output\nold\n```", with: "```output\nnew 1\nnew 2\n```")
            .replacingOccurrences(of: "// Output:\n// stale\n// lines\n", with: "// Output:\n// swift says hi\n")
            .replacingOccurrences(of: "echo created\n```\n", with: "echo created\n```\n\n```output\ncreated\n```\n")
        #expect(after == expected)

        let again = await Support.verify([note])
        #expect(again.allSatisfy { $0.status == .pass })
        // Nothing left to bless: the file stays byte for byte, `...` lines included.
        #expect(try Blesser.bless(path: note, results: again) == 0)
        #expect(try String(contentsOfFile: note, encoding: .utf8) == expected)
    }

    @Test func crlfNoteKeepsItsLineEndings() async throws {
        let directory = NSTemporaryDirectory() + "knap-bless-crlf-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let note = directory + "/Windows.md"
        let lines = ["# Windows", "", "```python", "print('one')", "print('two')", "# Output:", "# nope", "```", "",
                     "```sh", "echo fresh", "```", "", "Tail without newline"]
        try Data(lines.joined(separator: "\r\n").utf8).write(to: URL(fileURLWithPath: note))

        let results = await Support.verify([note])
        #expect(results.map(\.status) == [.fail, .ran])
        #expect(try Blesser.bless(path: note, results: results) == 2)

        let blessed = try String(contentsOfFile: note, encoding: .utf8)
        let expected = ["# Windows", "", "```python", "print('one')", "print('two')", "# Output:", "# one", "# two", "```", "",
                        "```sh", "echo fresh", "```", "", "```output", "fresh", "```", "", "Tail without newline"]
        #expect(blessed == expected.joined(separator: "\r\n"))
        let again = await Support.verify([note])
        #expect(again.map(\.status) == [.pass, .pass])
    }

    @Test func printsCommentsAreRewrittenInPlace() {
        let markdown = "```swift\nprint(\"a\") // Prints \"x\"\n```\n"
        let snippets = Support.extract(markdown).snippets
        let result = SnippetResult(path: "Note.md", line: 1, language: "swift", status: .fail, actualOutput: "say \"hi\"\n",
                                   snippet: snippets[0])
        var changed = 0
        let blessed = Blesser.blessed(Array(markdown.utf8), results: [result], changed: &changed)
        #expect(changed == 1)
        // Literal, as the reader reads it: the text runs to the last quote, so no escaping is needed.
        #expect(String(decoding: blessed, as: UTF8.self) == "```swift\nprint(\"a\") // Prints \"say \"hi\"\"\n```\n")
    }

    @Test func inlineMarkersAndPrintsWithATailAreRewrittenWhereTheyStand() {
        let markdown = "```swift\nprint(1) // Prints \"9\".\nprint(2) // Output: 8\n```\n"
        let snippets = Support.extract(markdown).snippets
        #expect(snippets[0].expectation.lines == ["9", "8"])
        let result = SnippetResult(path: "Note.md", line: 1, language: "swift", status: .fail, actualOutput: "1\n2\n",
                                   snippet: snippets[0])
        var changed = 0
        let blessed = Blesser.blessed(Array(markdown.utf8), results: [result], changed: &changed)
        #expect(changed == 1)
        #expect(String(decoding: blessed, as: UTF8.self) == "```swift\nprint(1) // Prints \"1\".\nprint(2) // Output: 2\n```\n")
    }
}
}
