import Foundation
import KnapMarkdown
import Testing
@testable import KnapVerify

/// Failure messages name the cause (issue 15, part 4), from stderr as the tools really print it.
@Suite struct FailureCauseTests {
    static let block = CodeBlock(language: "swift", attributes: [], line: 11, fenceLine: 10, endLine: 15, code: "", fenced: true)
    static let files = [Snippet.File(name: "main.swift", code: "let a = [1]\nprint(\"x\")\nprint(a[3])\n", firstLine: 11, block: block)]

    @Test func aSwiftTrapShowsTheFatalErrorAndTheNoteLineOfTheFrame() {
        let stderr = """
            Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range

            *** Signal 4: Backtracing from 0x7f9489f6df7f... done ***

            *** Program crashed: Illegal instruction at 0x00007f9489f6df7f ***

              2 [ra] 0x00007f948a725f65 specialized Array.subscript.getter + 84 in libswiftSwiftOnoneSupport.so
              3 [ra] 0x0000555d9bed605b main + 298 in snippet at notes/X.md:13:7

            Registers:

            rax 0x0000000000000000  0
            """
        let cause = FailureCause.run(stderr: stderr, notePath: "notes/X.md", files: Self.files)
        #expect(cause?.summary == "Fatal error: Index out of range (at notes/X.md:13: print(a[3]))")
        #expect(cause?.environment == nil)
        let tail = FailureCause.withoutCrashDump(stderr)
        #expect(tail == "Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range\n")
        #expect(!tail.contains("rax"))
    }

    @Test func aFatalErrorInTheSnippetNamesItsOwnLine() {
        let stderr = "Snippet/main.swift:2: Fatal error: too big: 3\n\n*** Signal 4: Backtracing\n"
        let cause = FailureCause.run(stderr: stderr, notePath: "notes/X.md", files: Self.files)
        #expect(cause?.summary == "Fatal error: too big: 3 (at notes/X.md:12: print(\"x\"))")
        let precondition = FailureCause.run(stderr: "Snippet/main.swift:1: Precondition failed: no\n", notePath: "notes/X.md",
                                            files: Self.files)
        #expect(precondition?.summary == "Precondition failed: no (at notes/X.md:11: let a = [1])")
    }

    @Test func aPythonExceptionIsItsLastTracebackLineAtTheLastNoteFrame() {
        let stderr = """
            Traceback (most recent call last):
              File "notes/X.md", line 30, in <module>
                print(f(0))
              File "notes/X.md", line 29, in f
                return 1 / x
                       ~~^~~
            ZeroDivisionError: division by zero

            """
        let cause = FailureCause.run(stderr: stderr, notePath: "notes/X.md", files: [])
        #expect(cause?.summary == "ZeroDivisionError: division by zero (at notes/X.md:29)")
    }

    @Test func aLinkFailureSaysSoWithTheSymbol() {
        let output = """
            error: link command failed with exit code 1 (use -v to see invocation)
            /tmp/TemporaryDirectory.Ed/main-1.o:main-1.o:function main: error: undefined reference to 'knap_missing'
            clang: error: linker command failed with exit code 1 (use -v to see invocation)
            """
        #expect(FailureCause.compile(output)?.summary == "does not link: undefined symbol knap_missing")
        #expect(FailureCause.compile("notes/X.md:3:5: error: cannot find 'x' in scope") == nil)
        let shown = FailureCause.withoutDriverNoise("error: emit-module command failed with exit code 1 (use -v to see invocation)\n"
            + "notes/X.md:3:5: error: cannot find 'x' in scope")
        #expect(shown == "notes/X.md:3:5: error: cannot find 'x' in scope")
    }

    @Test(arguments: [
        ("ModuleNotFoundError: No module named 'numpy'", FailureCause.Environment.missingModule("numpy"), "--skip-missing-modules"),
        ("ModuleNotFoundError: No module named 'scipy.linalg'", .missingModule("scipy.linalg"), "install it"),
        ("EOFError: EOF when reading a line", .inputAtEndOfFile, "stdin=TEXT"),
        ("_tkinter.TclError: no display name and no $DISPLAY environment variable", .noDisplay, "no-run"),
        ("urllib.error.URLError: <urlopen error [Errno -3] Temporary failure in name resolution>", .noNetwork, "--allow-network"),
        ("curl: (6) Could not resolve host: example.com", .noNetwork, "no network"),
    ])
    func environmentCausesSayWhichAndHowToMarkTheSnippet(line: String, environment: FailureCause.Environment, advice: String) {
        let cause = FailureCause.run(stderr: "Traceback (most recent call last):\n  File \"x\", line 1\n\(line)\n", notePath: "notes/X.md",
                                     files: [])
        #expect(cause?.environment == environment)
        #expect(cause?.summary.contains(advice) == true)
        #expect(cause?.summary.contains("the environment, not the note") == true)
    }

    @Test func aMissingSwiftModuleIsAnEnvironmentCause() {
        let cause = FailureCause.compile("notes/X.md:3:8: error: no such module 'Alamofire'\nimport Alamofire\n")
        #expect(cause?.environment == .missingModule("Alamofire"))
    }

    @Test func plainStderrHasNoCause() {
        #expect(FailureCause.run(stderr: "to stderr\n", notePath: "notes/X.md", files: []) == nil)
    }
}
