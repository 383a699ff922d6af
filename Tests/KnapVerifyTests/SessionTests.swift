import Foundation
import KnapMarkdown
import KnapVault
import Testing
@testable import KnapVerify

extension ProcessTests {
/// Doctest transcripts, script sessions, setup and stdin, run from the fixture vaults.
@Suite struct SessionTests {
    static let vaults = (Support.fixtures as NSString).deletingLastPathComponent

    static func verify(_ name: String, timeout: Double = 10) async -> [SnippetResult] {
        await Support.verify([vaults + "/" + name], jobs: 2, timeout: timeout)
    }

    static func summary(_ results: [SnippetResult]) -> [String] {
        results.map { "\($0.line) \($0.status.rawValue)" }
    }

    @Test func doctestTranscriptsShareGlobalsAndPass() async {
        let results = await Self.verify("verify-doctest")
        let failures = results.filter { !$0.status.passed }.map { "\($0.path):\($0.line) \($0.message) \($0.details)" }
        #expect(failures.isEmpty, "\(failures)")
        #expect(results.count == 8)
    }

    @Test func aFailingExampleIsShownAtItsNoteLineWithDoctestsOutput() async throws {
        let results = try await Support.verify(markdown: """
            # Note

            ```python
            >>> x = 2
            >>> x + 1
            4
            >>> 1 / 0
            3
            ```

            ```python
            >>> x
            2
            >>>print(x)
            ```
            """)
        #expect(Self.summary(results) == ["3 fail", "11 fail"])
        #expect(results[0].message == "2 of 3 examples failed")
        #expect(results[0].details.first?.hasSuffix(":5: Failed example:\n    x + 1\nExpected:\n    4\nGot:\n    3\n") == true,
                "\(results[0].details)")
        #expect(results[0].details.count == 2)
        #expect(results[0].details[1].contains(":7: Failed example:\n    1 / 0\n"))
        #expect(results[0].details[1].contains("ZeroDivisionError: division by zero"))
        // doctest's own parse error, with its line mapped to the note.
        #expect(results[1].message.hasPrefix("doctest cannot read the transcript: "))
        #expect(results[1].message.contains("Note.md:14 lacks blank after >>>"), "\(results[1].message)")
    }

    @Test func pythonAndShellSessionsCarryStateAcrossListings() async {
        let results = await Self.verify("verify-sessions")
        let failures = results.filter { !$0.status.passed }.map { "\($0.path):\($0.line) \($0.message) \($0.details)" }
        #expect(failures.isEmpty, "\(failures)")
        #expect(results.count == 26)
        // Listings that only declare (no expected output) ran, but compared nothing.
        let ran = results.filter { $0.status == .ran }
        #expect(!ran.isEmpty && ran.allSatisfy { $0.snippet?.expectation.isNone == true })
    }

    @Test func aBrokenOrCrashingListingFailsAloneAndTheRestRunWithoutIt() async {
        let results = await Self.verify("verify-sessions-failing")
        #expect(Self.summary(results.filter { $0.path.hasSuffix("Middle.md") })
                == ["6 pass", "14 fail", "22 pass", "30 fail", "38 pass", "46 fail", "51 pass", "58 fail",
                    "62 pass", "70 fail", "74 fail", "78 pass"])
        #expect(results[1].message == "does not compile")
        #expect(results[1].details.first?.contains("Middle.md\", line 15") == true, "\(results[1].details)")
        #expect(results[3].message == "exit status 7")
        #expect(results[5].details.contains { $0.contains("RuntimeError: bad") && $0.contains("line 48") })
        #expect(results[7].details.contains { $0.contains("NameError: name 'broken' is not defined") })
        #expect(results[9].message == "does not compile")
        #expect(results[10].message == "exit status 9")
    }

    @Test func hostileTranscriptsAndSessionsCannotFakeAVerdict() async {
        let results = await Self.verify("verify-sessions-hostile", timeout: 2)
        #expect(Self.summary(results) == ["3 fail", "12 fail", "17 fail", "21 pass", "26 fail", "32 fail", "37 pass",
                                          "42 fail", "46 fail", "51 pass"])
        // Printed fake markers are output like any other; `1 + 1` is still compared.
        #expect(results[0].message == "2 of 4 examples failed")
        #expect(results[1].details.first.map { $0.count < 6_000 } == true)
        #expect(results[2].message.hasPrefix("the interpreter exited during the transcript"))
        #expect(results[4].message == "output differs")
        #expect(results[5].message == "timed out after 2 s")
        #expect(results[7].message.hasPrefix("stdout went over 1 MiB"))
        #expect(results[8].message == "timed out after 2 s")
    }

    @Test func sessionResultsAreCachedAndAnEarlierChangeRunsTheLaterAgain() async throws {
        let base = NSTemporaryDirectory() + "knap-session-tests-" + UUID().uuidString
        let folder = base + "/verify-sessions"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.copyItem(atPath: Self.vaults + "/verify-sessions", toPath: folder)
        let note = folder + "/python/A bank account.md"
        let cache = InMemoryVerifyResultCache()
        let first = await Support.verify([note], cache: cache)
        #expect(first.allSatisfy { $0.status.passed && !$0.cached })
        let second = await Support.verify([note], cache: cache)
        #expect(second.allSatisfy { $0.status.passed && $0.cached })
        // A cached listing without expected output stays `ran`.
        #expect(second.map(\.status) == first.map(\.status))

        // The first listing changes: the listings that continue it are no longer cached.
        let text = try String(contentsOfFile: note, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "self.balance = 0", with: "self.balance = 1").utf8)
            .write(to: URL(fileURLWithPath: note))
        let third = await Support.verify([note], cache: cache)
        #expect(third.filter(\.cached).map(\.line) == [38])
        #expect(Self.summary(third) == ["6 ran", "19 fail", "27 fail", "38 pass", "48 fail"])
    }

    @Test func plannerRolesSessionsAndStdin() {
        let (snippets, skipped) = Support.extract("""
            ```python setup
            import math
            ```

            ```python
            >>> math.pi > 3
            True
            ```

            ```python
            a = 1
            ```

            ```python
            b = 2
            ```

            ```python continue
            print(a + b)
            ```

            ```input
            ignored: the next fence is not this one's
            ```

            ```python isolated stdin="x\\ny"
            print(input())
            ```
            """)
        #expect(skipped.isEmpty)
        #expect(snippets.map(\.plan.role) == [.setup, .transcript, .program, .program, .program, .program])
        // The transcripts' session holds the setup before them.
        #expect(snippets[1].plan.session?.kind == .doctest)
        #expect(snippets[1].plan.session?.members.map(\.line) == [1, 5])
        // `continue` runs after every earlier script snippet; the first member and the continuing one report from it.
        let session = snippets[4].plan.session
        #expect(session?.members.map(\.line) == [1, 10, 14, 18])
        #expect(snippets[0].plan.session === session)
        #expect(snippets[2].plan.session?.members.map(\.line) == [1, 10])
        #expect(snippets[3].plan.session?.members.map(\.line) == [1, 14])
        #expect(snippets[4].plan.stdin == "ignored: the next fence is not this one's\n")
        // `isolated` stays out of the session, after the setup; `stdin=` turns `\n` into a line break.
        #expect(snippets[5].plan.session?.members.map(\.line) == [1, 26])
        #expect(snippets[5].plan.stdin == "x\ny\n")
    }

    @Test func knapYamlSetsTheSessionDefaultFrontmatterWins() throws {
        let all = try SessionDefaults.parse("verify:\n  session: true\n", path: "knap.yaml", root: "vault")
        #expect(all.covers("vault/notes/a.md"))
        let some = try SessionDefaults.parse("verify:\n  session: [\"python/**\"]\n", path: "knap.yaml", root: "vault")
        #expect(some.covers("vault/python/deep/a.md"))
        #expect(!some.covers("vault/shell/a.md"))
        #expect(!(try SessionDefaults.parse("ignore: [x]\n", path: "knap.yaml", root: nil)).covers("a.md"))
        #expect(throws: VaultConfigError.self) { try SessionDefaults.parse("verify:\n  session: {a: 1}\n", path: "knap.yaml", root: nil) }

        var extractor = SnippetExtractor(registry: .standard)
        extractor.sessionDefaults = all
        let markdown = "```python\nx = 1\n```\n\n```python\nprint(x)\n```\n"
        let inSession = extractor.extract(NoteParser.parse(markdown, path: "vault/a.md"), text: markdown).snippets
        #expect(inSession[1].plan.session?.members.count == 2)
        let optedOut = "---\nverify: isolated\n---\n" + markdown
        let alone = extractor.extract(NoteParser.parse(optedOut, path: "vault/a.md"), text: optedOut).snippets
        #expect(alone.allSatisfy { $0.plan.session == nil })
    }

    @Test func blessWritesEachSessionSnippetsOwnOutputInItsOwnPlace() async throws {
        let directory = NSTemporaryDirectory() + "knap-bless-session-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let note = directory + "/Steps.md"
        let before = """
            ---
            verify: session
            ---
            ```python setup
            print("setup output is never blessed")
            ```

            ```python
            n = 1
            print(n)
            # Output:
            # stale
            ```

            ```python
            n += 1
            print(n)
            ```

            ```output
            old
            ```

            ```sh
            echo shell
            ```

            """
        try Data(before.utf8).write(to: URL(fileURLWithPath: note))
        let results = await Support.verify([note])
        #expect(Self.summary(results) == ["4 pass", "8 fail", "15 fail", "24 ran"])
        #expect(try Blesser.bless(path: note, results: results) == 3)
        let after = try String(contentsOfFile: note, encoding: .utf8)
        #expect(after == before.replacingOccurrences(of: "# stale", with: "# 1")
            .replacingOccurrences(of: "```output\nold\n```", with: "```output\n2\n```")
            .replacingOccurrences(of: "echo shell\n```\n", with: "echo shell\n```\n\n```output\nshell\n```\n"))
        let again = await Support.verify([note])
        #expect(again.allSatisfy { $0.status == .pass })
    }

    @Test func aSwiftSessionIsOneCompileAndBrokenListingsFailAlone() async throws {
        let cacheDirectory = NSTemporaryDirectory() + "knap-session-bin-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: cacheDirectory) }
        let chapter = Self.vaults + "/verify-sessions/swift/Structures and Classes.md"
        let passing = await Support.verify([chapter]) { $0.binaryCacheDirectory = cacheDirectory }
        // The first two listings only declare: they ran, but compared nothing.
        #expect(passing.map(\.status) == [.ran, .ran, .pass, .pass, .pass, .pass], "\(passing.map(\.details))")
        // Six listings, one program: one binary in the cache.
        let binaries = try FileManager.default.contentsOfDirectory(atPath: cacheDirectory).filter { $0.hasPrefix("bin-") }
        #expect(binaries.count == 1)

        let results = await Support.verify([Self.vaults + "/verify-sessions-failing/Swift.md"])
        #expect(Self.summary(results) == ["6 pass", "13 fail", "17 pass", "25 fail", "29 pass", "34 fail", "38 fail", "42 pass"])
        #expect(results[1].message == "does not compile")
        #expect(results[1].details.first?.contains("Swift.md:14:28: error: cannot convert value of type 'Int' to specified type 'String'") == true)
        // A trap names its `Fatal error:` line and the note line it happened at (the session build has `-g`).
        #expect(results[3].message.hasPrefix("Fatal error: Index out of range (at \(Self.vaults)/verify-sessions-failing/Swift.md:26: print(scores[10]))"),
                "\(results[3].message)")
        // It used what the broken listing declared: it fails at its own line, the others pass.
        #expect(results[5].details.first?.contains("Swift.md:35:7: error: cannot find 'label' in scope") == true)
        #expect(results[6].message == "timed out after 1 s")
    }

    @Test func aSwiftRedeclarationRenamesTheEarlierDeclarationAndItsPlainReferences() {
        let listings = SwiftRedeclarations.rename([
            "let x = 1\nprint(x, \"\\(x)\")\n",
            "print(x + 1)\nstruct P { var x = 0 }\nlet p = P()\nprint(p.x, P(x: 2).x)\n",
            "let x = \"two\"\nprint(x)\n",
            "struct Point { var x = 0 }\nlet a: Point = Point()\nextension Point { static let origin = Point() }\n",
            "struct Point { var y = 1 }\nprint(Point().y)\n",
        ])
        #expect(listings[0] == "let x__knap0 = 1\nprint(x__knap0, \"\\(x__knap0)\")\n")
        // Member accesses, member declarations and argument labels keep their names.
        #expect(listings[1] == "print(x__knap0 + 1)\nstruct P { var x = 0 }\nlet p = P()\nprint(p.x, P(x: 2).x)\n")
        #expect(listings[2] == "let x = \"two\"\nprint(x)\n")
        #expect(listings[3] == "struct Point__knap3 { var x = 0 }\nlet a: Point__knap3 = Point__knap3()\n"
            + "extension Point__knap3 { static let origin = Point__knap3() }\n")
        #expect(listings[4] == "struct Point { var y = 1 }\nprint(Point().y)\n")
        // Overloads with other labels are not redeclarations.
        let overloads = ["func f(a: Int) {}\n", "func f(b: Int) {}\nf(a: 1)\n"]
        #expect(SwiftRedeclarations.rename(overloads) == overloads)
    }

    @Test func shellTranscriptsRunOnlyWithVerifyAndCompareEachCommand() async throws {
        let results = await Self.verify("verify-shell-transcripts")
        #expect(Self.summary(results) == ["5 skip", "12 pass", "25 pass"], "\(results.map(\.details))")
        #expect(results[0].message == "console transcript: runs only with `verify`")

        let failing = await Support.verify([Self.vaults + "/verify-sessions-failing/Transcript.md"], timeout: 2)
        #expect(Self.summary(failing) == ["3 fail", "12 fail"])
        #expect(failing[0].message == "3 of 4 commands differ")
        #expect(failing[0].details.count == 3)
        #expect(failing[0].details[0].hasPrefix("\(Self.vaults)/verify-sessions-failing/Transcript.md:4: $ echo one\n--- expected"))
        #expect(failing[0].details[1].contains("Transcript.md:6: $ exit 3\nexit status 3"))
        #expect(failing[0].details[2].contains("Transcript.md:9: $ sleep 30\ntimed out after 2 s"))
        #expect(failing[1].message == "unreadable transcript: line 13: output before the first `$ ` command")
        #expect(ShellTranscript.parse("$ a \\\n> b\nout\n$\n", firstLine: 1).steps.map(\.command) == ["a \\\nb", ""])
    }
}
}
