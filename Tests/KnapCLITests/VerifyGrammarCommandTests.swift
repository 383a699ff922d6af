import Foundation
import Testing

/// Issue 15 from the command line: expectations read in every convention, unread ones reported,
/// `RAN` for what compared nothing, knap.yaml's own marker words.
@Suite(.serialized) struct VerifyGrammarCommandTests {
    static func vault(_ name: String) -> String { KnapBinary.fixtures.appendingPathComponent(name).path }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix(" ") }
    }

    @Test func unreadExpectationsAreWarningsAndTheirSnippetsFail() throws {
        let result = try KnapBinary.run(["verify", "--no-cache"], in: Self.vault("verify-unread"))
        #expect(result.status == 1)
        #expect(result.stderr.contains("Unread.md:5:1: warning: `Output` has no comment lines after it, so nothing is expected (unread-expectation)"))
        #expect(result.stderr.contains("Unread.md:11:1: warning: `// Prints \"` has no closing quote (unread-expectation)"))
        let lines = Self.lines(result.stdout)
        #expect(lines.contains { $0.hasPrefix("FAIL Unread.md:3 python (") && $0.hasSuffix("(unread-expectation)") })
        #expect(lines.contains { $0.hasPrefix("FAIL Unread.md:10 swift (") && $0.contains("no closing quote") })
        #expect(lines.last == "0 passed, 2 failed, 0 skipped")
    }

    @Test func markerWordsComeFromKnapYaml() throws {
        let vault = Self.vault("verify-markers-custom")
        for arguments in [["verify", "--no-cache"], ["verify", "--no-cache", "Listas.md", "Listes.md"]] {
            let result = try KnapBinary.run(arguments, in: vault)
            #expect(result.status == 0, "\(result.stdout)")
            #expect(Self.lines(result.stdout).filter { $0.hasPrefix("PASS ") }.count == 5)
            #expect(Self.lines(result.stdout).last == "5 passed, 0 failed, 0 skipped")
        }
        // The same notes without the vault's knap.yaml: the Spanish and French markers are plain
        // comments, so those snippets only ran.
        // (A missing --vault is an error now: an empty folder stands for a vault without knap.yaml.)
        let empty = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let elsewhere = try KnapBinary.run(["verify", "--no-cache", "--vault", empty.path, vault + "/Listas.md"],
                                           in: vault)
        #expect(Self.lines(elsewhere.stdout).filter { $0.hasPrefix("RAN ") }.count == 2)
    }

    @Test func ordinaryCommentsOnlyRunAndStrictFailsThem() throws {
        let vault = Self.vault("verify-not-markers")
        let result = try KnapBinary.run(["verify", "--no-cache"], in: vault)
        #expect(result.status == 0)
        let lines = Self.lines(result.stdout)
        #expect(lines.filter { $0.hasPrefix("RAN Ordinary comments.md:") }.count == 3)
        #expect(lines.contains { $0.hasPrefix("PASS Ordinary comments.md:32 python") })
        #expect(lines.suffix(2) == ["3 of the 4 passed ran without any expected output (not compared; --strict fails them)",
                                    "4 passed, 0 failed, 0 skipped"])
        let strict = try KnapBinary.run(["verify", "--no-cache", "--strict"], in: vault)
        #expect(strict.status == 1)
        #expect(Self.lines(strict.stdout).last == "1 passed, 3 failed, 0 skipped")
    }
}
