import Testing
@testable import KnapVerify

@Suite struct MatchingTests {
    @Test func trailingWhitespaceAndFinalNewlinesAreIgnored() {
        #expect(OutputMatcher.matches(expected: ["a", "b"], actual: "a  \nb\t\n\n", unordered: false))
        #expect(!OutputMatcher.matches(expected: ["a", "b"], actual: " a\nb\n", unordered: false))
        #expect(!OutputMatcher.matches(expected: ["a"], actual: "a\nb\n", unordered: false))
    }

    @Test func ellipsisMatchesAnyRunOfLines() {
        #expect(OutputMatcher.matches(expected: ["start", "...", "end"], actual: "start\nx\ny\nend\n", unordered: false))
        #expect(OutputMatcher.matches(expected: ["start", "...", "end"], actual: "start\nend\n", unordered: false))
        #expect(!OutputMatcher.matches(expected: ["start", "...", "end"], actual: "start\nx\n", unordered: false))
        #expect(OutputMatcher.matches(expected: ["...", "b", "...", "b"], actual: "a\nb\nc\nb\n", unordered: false))
        #expect(!OutputMatcher.matches(expected: ["...", "b", "...", "b"], actual: "a\nb\nc\n", unordered: false))
    }

    @Test func unorderedIsAMultiset() {
        #expect(OutputMatcher.matches(expected: ["a", "b", "a"], actual: "b\na\na\n", unordered: true))
        #expect(!OutputMatcher.matches(expected: ["a", "b", "a"], actual: "b\na\nb\n", unordered: true))
        #expect(!OutputMatcher.matches(expected: ["a", "b"], actual: "b\na\nc\n", unordered: true))
        #expect(OutputMatcher.matches(expected: ["a", "..."], actual: "b\na\nc\n", unordered: true))
    }

    @Test func unifiedDiffShowsRemovedThenAddedLinesWithContext() {
        let diff = UnifiedDiff.make(expected: ["1", "2", "3", "4", "5"], actual: ["1", "2", "three", "4", "5", "6"])
        #expect(diff == """
            --- expected
            +++ actual
            @@ -1,5 +1,6 @@
             1
             2
            -3
            +three
             4
             5
            +6
            """)
        #expect(UnifiedDiff.make(expected: ["same"], actual: ["same"]).isEmpty)
    }

    @Test func compilerAndTracebackPathsMapToNoteLines() {
        let file = Snippet.File(name: "main.swift", code: "", firstLine: 47, block: .init(
            language: "swift", attributes: [], line: 47, fenceLine: 46, endLine: 50, code: "", fenced: true))
        let mapper = DiagnosticMapper(directory: "/tmp/knap-x", notePath: "notes/X.md", files: [file])
        #expect(mapper.map("/tmp/knap-x/main.swift:3:5: error: nope") == "notes/X.md:49:5: error: nope")
        #expect(mapper.map("  File \"/tmp/knap-x/main.swift\", line 2, in <module>") == "  File \"notes/X.md\", line 48, in <module>")
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
