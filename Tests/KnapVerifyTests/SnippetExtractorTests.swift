import Testing
@testable import KnapVerify

@Suite struct SnippetExtractorTests {
    @Test func outputFenceAfterBlankLinesIsTheExpectation() {
        let (snippets, skipped) = Support.extract("""
            ```python
            print(1)
            ```


            ```output
            1
            ```
            """)
        #expect(snippets.count == 1)
        #expect(skipped.isEmpty)
        #expect(snippets[0].expectation.lines == ["1"])
        guard case .outputFence(let block) = snippets[0].expectation.source else {
            Issue.record("expected an output fence")
            return
        }
        #expect(block.fenceLine == 6)
    }

    @Test func outputFenceAfterProseIsNotTheExpectation() {
        let (snippets, skipped) = Support.extract("""
            ```python
            print(1)
            ```
            Some prose.
            ```output
            1
            ```
            """)
        #expect(snippets[0].expectation.isNone)
        #expect(skipped.map(\.language) == ["output"])
    }

    @Test func trailingCommentBlockInSwiftAndPython() {
        let swift = Support.extract("""
            ```swift
            print("a")
            // Output:
            // a
            //
            // b
            ```
            """).snippets[0]
        #expect(swift.expectation.lines == ["a", "", "b"])
        #expect(!swift.expectation.unordered)
        #expect(swift.expectation.source == .comments([.init(kind: .block(lastLine: 6, prefix: "//"), line: 3)]))
        #expect(swift.expectation.noteLines == [4, 5, 6])

        let python = Support.extract("""
            ```py
            print("x")
            # Unordered output:
            # y
            # x
            ```
            """).snippets[0]
        #expect(python.expectation.lines == ["y", "x"])
        #expect(python.expectation.unordered)
    }

    @Test func anInlineMarkerBeforeCodeIsStillAnExpectation() {
        let snippet = Support.extract("""
            ```swift
            // Output: a
            print("a")
            ```
            """).snippets[0]
        #expect(snippet.expectation.lines == ["a"])
        #expect(snippet.expectation.noteLines == [2])
    }

    @Test func printsCommentsOnTheirOwnLineAndAtTheEndOfACodeLine() {
        let snippet = Support.extract("""
            ```swift
            print("one") // Prints "one"
            print("say \\"two\\"")
            // Prints "say \\"two\\""
            ```
            """).snippets[0]
        // Literal text up to the last quote: the backslashes stay.
        #expect(snippet.expectation.lines == ["one", "say \\\"two\\\""])
        #expect(snippet.expectation.source == .comments([.init(kind: .prints, line: 2), .init(kind: .prints, line: 4)]))
    }

    @Test func attributesAreRead() {
        let snippet = Support.extract("""
            ```sh exit=3 timeout=2.5 unordered should-fail no-run compile-fail
            exit 3
            ```
            """).snippets[0]
        let attributes = snippet.attributes
        #expect(attributes.exitCode == 3)
        #expect(attributes.timeout == 2.5)
        #expect(attributes.unordered && attributes.shouldFail && attributes.noRun && attributes.compileFail)
        #expect(snippet.expectation.unordered)
    }

    @Test func badAttributeValuesBecomeAProblem() {
        let snippet = Support.extract("""
            ```sh exit=x
            true
            ```
            """).snippets[0]
        #expect(snippet.problem?.contains("exit=x") == true)
    }

    @Test func consecutiveNamedFencesFormOneProgramUpToAHeading() {
        let (snippets, _) = Support.extract("""
            ```swift
            // Util.swift
            func f() -> Int { 1 }
            ```

            ```swift file=main.swift
            print(f())
            ```

            # Next

            ```swift
            // main.swift
            print(2)
            ```
            """)
        #expect(snippets.count == 2)
        #expect(snippets[0].files.map(\.name) == ["Util.swift", "main.swift"])
        #expect(snippets[0].entry == "main.swift")
        #expect(snippets[0].files.map(\.firstLine) == [2, 7])
        #expect(snippets[1].files.map(\.name) == ["main.swift"])
        #expect(snippets[1].headings == ["Next"])
    }

    @Test func fileNamesMayNotLeaveTheSnippetFolder() {
        let snippet = Support.extract("""
            ```python file=../../escape.py
            print(1)
            ```
            """).snippets[0]
        #expect(snippet.problem == "file=../../escape.py is not a plain relative file name")
        #expect(SnippetExtractor.isPlainFileName("pkg/helper.py"))
        #expect(!SnippetExtractor.isPlainFileName("/etc/passwd"))
    }

    @Test func aProgramWithoutMainIsAProblem() {
        let snippets = Support.extract("""
            ```python
            # a.py
            ```
            ```python
            # b.py
            ```
            """).snippets
        #expect(snippets.count == 1)
        #expect(snippets[0].problem?.contains("main.py") == true)
    }

    @Test func otherLanguagesAreSkippedAndCounted() {
        let (snippets, skipped) = Support.extract("""
            ```rust
            fn main() {}
            ```

            ```
            plain
            ```

                indented code is not a fence
            """)
        #expect(snippets.isEmpty)
        #expect(skipped.map(\.reason) == ["no runner for rust", "no language"])
    }

    @Test func languagesMapToRunners() {
        let registry = RunnerRegistry.standard
        #expect(registry.runner(for: "py")?.name == "python")
        #expect(registry.runner(for: "python3")?.name == "python")
        #expect(registry.runner(for: "Swift")?.name == "swift")
        #expect(registry.runner(for: "shell")?.name == "sh")
        #expect(registry.runner(for: "bash")?.name == "bash")
        #expect(registry.runner(for: "go") == nil)
    }
}
