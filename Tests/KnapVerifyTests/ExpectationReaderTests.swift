import KnapMarkdown
import Testing
@testable import KnapVerify

/// The exact grammar of expectations written in comments (issue 15, part 1).
@Suite struct ExpectationReaderTests {
    let reader = ExpectationReader(extraMarkers: ["Salida"])

    func python(_ code: String) -> (expectation: KnapVerify.Expectation?, unread: [UnreadExpectation]) {
        reader.read(code, firstLine: 10, prefix: "#", readsPrints: false)
    }

    func swift(_ code: String) -> (expectation: KnapVerify.Expectation?, unread: [UnreadExpectation]) {
        reader.read(code, firstLine: 10, prefix: "//", readsPrints: true)
    }

    @Test(arguments: ["# Output:", "# OUTPUT:", "# Output", "# output", "#Output :", "# Salida:", "# SALIDA"])
    func blockMarkersInAnyCaseWithOrWithoutColon(marker: String) {
        let read = python("print(1)\n\(marker)\n# 1\n")
        #expect(read.expectation?.lines == ["1"])
        #expect(read.expectation?.noteLines == [12])
        #expect(read.unread.isEmpty)
    }

    @Test(arguments: ["# Unordered output:", "# unordered output", "# UNORDERED OUTPUT:"])
    func unorderedBlockMarkers(marker: String) {
        let read = python("print(1)\n\(marker)\n# 1\n")
        #expect(read.expectation?.unordered == true)
        #expect(read.expectation?.lines == ["1"])
    }

    @Test(arguments: ["# output the list to a file", "# Output goes to a file", "# the output:", "# Outputs:", "# prints each item"])
    func ordinaryCommentsAreNotMarkers(comment: String) {
        let read = python("\(comment)\n# a\nprint(1)\n")
        #expect(read.expectation == nil)
        #expect(read.unread.isEmpty)
    }

    @Test func aBlockEndsAtTheFirstLineThatIsNotAComment() {
        let read = python("print(1)\n# Output:\n# 1\n#\nprint(2)\n# not expected\n")
        #expect(read.expectation?.lines == ["1", ""])
        #expect(read.expectation?.source == KnapVerify.Expectation.Source.comments([.init(kind: .block(lastLine: 13, prefix: "#"), line: 11)]))
    }

    @Test func aRunOfInlineMarkersIsOneLineEach() {
        let read = python("print(1)\n# Output: 1\nprint(2)\n# Output: 2\nprint('a: b')\nprint(3)  # output: a: b\n")
        #expect(read.expectation?.lines == ["1", "2", "a: b"])
        #expect(read.expectation?.noteLines == [11, 13, 15])
    }

    @Test func markersInTheMiddleCountInSourceOrder() {
        let read = python("print(1)\n# Output:\n# 1\nprint(2)\n# Output: 2\nprint(3)\n# OUTPUT\n# 3\n")
        #expect(read.expectation?.lines == ["1", "2", "3"])
        #expect(read.expectation?.noteLines == [12, 14, 17])
    }

    @Test func aHashInsideAStringIsNotATrailingMarker() {
        #expect(python("print(\"# Output: x\")\n").expectation == nil)
        #expect(swift("let url = \"http://x\" // prints each item\n").expectation == nil)
    }

    @Test func printsRunToTheLastQuoteAndAreLiteral() {
        let read = swift("""
            print("a") // Prints "a".
            print("b") // Prints "b" and then some prose.
            // Prints "\\(x)"
            // Prints "\\u{2603}"
            // Prints "say "hi""
            """)
        #expect(read.expectation?.lines == ["a", "b", "\\(x)", "\\u{2603}", "say \"hi\""])
        #expect(read.expectation?.noteLines == [10, 11, 12, 13, 14])
    }

    @Test func everyPrintsInALoopBodyCounts() {
        let read = swift("""
            for n in 1...2 {
                print(n)    // Prints "1"
                            // Prints "2"
                // Prints "(done)"
            }
            """)
        #expect(read.expectation?.lines == ["1", "2", "(done)"])
    }

    @Test func printsNeedsAQuoteAfterTheWord() {
        #expect(swift("// prints each item\nfor x in [1] { print(x) } // Prints every item\n").expectation == nil)
        #expect(swift("/// Prints \"x\" when called\nfunc f() {}\n").expectation == nil)
    }

    @Test func printsInPythonIsAnOrdinaryComment() {
        #expect(python("print('x')  # Prints \"x\"\n").expectation == nil)
    }

    @Test func aBlockMarkerWithNoLinesIsUnread() {
        let read = python("print(1)\n# Output:\n\nprint(2)\n")
        #expect(read.expectation == nil)
        #expect(read.unread == [UnreadExpectation(line: 11, message: "`Output` has no comment lines after it, so nothing is expected")])
        let atEnd = swift("print(1)\n// Output\n")
        #expect(atEnd.unread.map(\.line) == [11])
    }

    @Test func aPrintsWithoutClosingQuoteIsUnread() {
        let read = swift("print(1) // Prints \"1\nprint(2) // Prints \"2\"\n")
        #expect(read.expectation?.lines == ["2"])
        #expect(read.unread.map(\.line) == [10])
        #expect(read.unread.first?.message.contains("closing quote") == true)
    }

    @Test func anUnreadMarkerFailsTheSnippetNeverPassesIt() {
        let snippet = Support.extract("```python\nprint(1)\n# Output:\n```\n").snippets[0]
        #expect(snippet.problem?.contains("line 3") == true)
        #expect(snippet.problem?.contains("unread-expectation") == true)
        #expect(snippet.unread.count == 1)
    }

    @Test func markersOutsideTheEntryFileAreUnreadNotDropped() {
        let snippet = Support.extract("""
            ```swift
            // Util.swift
            func greet() { print("hi") } // Prints "hi"
            ```

            ```swift file=main.swift
            greet()
            ```
            """).snippets[0]
        #expect(snippet.unread.map(\.line) == [3])
        #expect(snippet.problem?.contains("markers count only in the program's entry file, main.swift") == true)
    }

    @Test func anOutputFenceWinsOverMarkersInTheCode() {
        let snippet = Support.extract("```python\nprint(1)  # Output: 9\n```\n\n```output\n1\n```\n").snippets[0]
        #expect(snippet.expectation.lines == ["1"])
        #expect(snippet.expectation.noteLines == [6])
    }

    @Test func customMarkersComeFromTheExtractor() {
        let note = "```python\nprint(1)\n# Sortie :\n# 1\n```\n"
        #expect(Support.extract(note).snippets[0].expectation.isNone)
        let extractor = SnippetExtractor(registry: .standard, outputMarkers: ["Sortie"])
        let snippet = extractor.extract(NoteParser.parse(note, path: "N.md"), text: note).snippets[0]
        #expect(snippet.expectation.lines == ["1"])
    }
}

/// Hostile comments: huge lines, many candidates, control characters. Each must be read in
/// about linear time and never crash.
@Suite struct ExpectationReaderHostileTests {
    let reader = ExpectationReader()

    /// Lines of hundreds of KB, full of marker candidates: each is read for what it is, within
    /// the time limit (the reader searches on from each candidate, never from the line's start).
    @Test(.timeLimit(.minutes(1))) func longLinesFullOfCandidatesAreReadForWhatTheyAre() {
        let lines = [
            ("x" + String(repeating: " # a: b", count: 40_000), "#"),
            ("print(1)" + String(repeating: " // Prints \"", count: 25_000), "//"),
            ("#" + String(repeating: " Output:", count: 30_000), "#"),
            ("// Prints \"" + String(repeating: "\"", count: 250_000), "//"),
        ]
        var expected: [[String]?] = []
        for (line, prefix) in lines {
            expected.append(reader.read(line + "\n", firstLine: 1, prefix: prefix, readsPrints: true).expectation?.lines.map { String($0.prefix(8)) })
        }
        // Nothing; a `Prints` running to the last quote; an inline marker; quotes.
        #expect(expected == [nil, [" // Prin"], ["Output: "], ["\"\"\"\"\"\"\"\""]])
    }

    @Test func aHundredThousandLineBlockAndControlCharacters() {
        let block = "# Output:\n" + String(repeating: "# line\u{1B}[2J\u{0}\r\n", count: 100_000)
        let read = reader.read(block, firstLine: 1, prefix: "#", readsPrints: false)
        #expect(read.expectation?.lines.count == 100_000)
        #expect(read.expectation?.lines.first == "line\u{1B}[2J\u{0}")
        let odd = reader.read("// Prints \"\u{0}\u{7}\"\n//\u{202E} Output\n// \u{FEFF}\n", firstLine: 1, prefix: "//", readsPrints: true)
        #expect(odd.expectation?.lines.first == "\u{0}\u{7}")
    }
}
