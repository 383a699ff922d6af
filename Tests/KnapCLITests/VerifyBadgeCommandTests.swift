import Foundation
import Testing

/// `knap verify` then `knap render`, through the built binary: the real verifier's verdicts
/// become badges, and a snippet edited since loses its badge.
@Suite struct VerifyBadgeCommandTests {
    private func badges(_ page: String) throws -> [String] {
        try String(contentsOfFile: page, encoding: .utf8).components(separatedBy: "\n")
            .filter { $0.contains("class=\"verify-badge") }
    }

    @Test func verifiedSnippetsGetBadgesUntilTheyChange() throws {
        let vault = try KnapBinary.copy("render-verify")
        let out = vault + "-site"
        defer {
            try? FileManager.default.removeItem(atPath: vault)
            try? FileManager.default.removeItem(atPath: out)
        }
        // Run from the parent folder, so that note paths as reported are not vault-relative.
        let parent = (vault as NSString).deletingLastPathComponent
        let name = (vault as NSString).lastPathComponent
        let verify = try KnapBinary.run(["verify", "--vault", name, name, "-j", "1"], in: parent)
        #expect(verify.status == 1)
        #expect(verify.stdout.split(separator: "\n").last == "1 passed, 1 failed, 1 skipped")

        let first = try KnapBinary.run(["render", "--vault", vault, "--out", out], in: parent)
        #expect(first.status == 0)
        let drawn = try badges(out + "/snippets.html")
        #expect(drawn.count == 2)
        #expect(drawn.first?.hasPrefix("<div class=\"verify-badge pass\"") == true)
        #expect(drawn.last?.hasPrefix("<div class=\"verify-badge fail\"") == true)

        // Fix the failing snippet's expected output: its old verdict is stale, so it has no badge…
        let note = vault + "/Snippets.md"
        let text = try String(contentsOfFile: note, encoding: .utf8)
        try text.replacingOccurrences(of: "```output\nyes\n```", with: "```output\nno\n```")
            .write(toFile: note, atomically: true, encoding: .utf8)
        _ = try KnapBinary.run(["render", "--vault", vault, "--out", out], in: parent)
        #expect(try badges(out + "/snippets.html").count == 1)

        // …until verify runs again and it passes.
        let again = try KnapBinary.run(["verify", "--vault", vault], in: parent)
        #expect(again.status == 0)
        _ = try KnapBinary.run(["render", "--vault", vault, "--out", out], in: parent)
        let passing = try badges(out + "/snippets.html")
        #expect(passing.count == 2 && passing.allSatisfy { $0.hasPrefix("<div class=\"verify-badge pass\"") })
    }
}
