import Foundation
import KnapMarkdown
import KnapRender
import KnapVault
import Testing

/// Badges after code blocks, drawn from the verdicts `knap verify` keeps in the index (written
/// here through KnapVault's public API; KnapCLITests runs the real verifier).
@Suite struct VerifyBadgeTests {
    /// Records a verdict for the snippet whose opening fence is at `line` in `note` (its fences
    /// are those from `line` to `endLine`), as `knap verify` does.
    private func record(_ fixture: RenderFixture, note: String, line: Int, endLine: Int, status: String,
                        language: String = "sh") throws {
        let parsed = try NoteParser.parse(fileAt: fixture.vault + "/" + note)
        let blocks = parsed.codeBlocks.filter { (line...endLine).contains($0.fenceLine) }
        let (index, _) = try VaultIndex.open(vault: fixture.vault)
        try index.storeSnippetRecords([SnippetRecord(path: note, line: line, endLine: endLine, language: language,
                                                     status: status, durationMs: 12, hash: SnippetRecord.hash(of: blocks))])
    }

    private func badges(_ html: String) -> [String] {
        html.components(separatedBy: "\n").filter { $0.contains("class=\"verify-badge") }
    }

    @Test func passAndFailBadgesFollowTheirCodeBlocksOnly() throws {
        let fixture = try RenderFixture("render-verify")
        defer { fixture.remove() }
        try record(fixture, note: "Snippets.md", line: 5, endLine: 11, status: "pass")
        try record(fixture, note: "Snippets.md", line: 15, endLine: 21, status: "fail")
        try fixture.render()
        let page = try fixture.page("snippets.html")
        #expect(badges(page) == [
            "<div class=\"verify-badge pass\" title=\"Last knap verify: passed\">verified ✓ <span class=\"verify-language\">sh</span></div>",
            "<div class=\"verify-badge fail\" title=\"Last knap verify: failed\">failed ✗ <span class=\"verify-language\">sh</span></div>",
        ])
        // Each badge comes right after its own code block.
        let hello = try #require(page.range(of: "echo</span> hello"))
        let pass = try #require(page.range(of: "verify-badge pass"))
        let no = try #require(page.range(of: "echo</span> no"))
        let fail = try #require(page.range(of: "verify-badge fail"))
        #expect(hello.upperBound < pass.lowerBound && pass.upperBound < no.lowerBound && no.upperBound < fail.lowerBound)
        #expect(!page[fail.upperBound...].contains("verify-badge"))
        // A transcluded snippet shows its badge too; the stylesheet has both themes' colours.
        #expect(badges(try fixture.page("plain.html")).count == 2)
        let css = try fixture.page("_knap/style.css")
        #expect(css.contains(".verify-badge.pass") && css.components(separatedBy: "--verify-pass:").count == 3)
    }

    @Test func aRanSnippetIsNotDrawnAsAComparedPass() throws {
        let fixture = try RenderFixture("render-verify")
        defer { fixture.remove() }
        try record(fixture, note: "Snippets.md", line: 5, endLine: 11, status: "ran")
        try fixture.render()
        let page = try fixture.page("snippets.html")
        #expect(badges(page) == [
            "<div class=\"verify-badge ran\" title=\"Last knap verify: ran without any expected output, so nothing was compared\">"
                + "ran, not compared <span class=\"verify-language\">sh</span></div>",
        ])
    }

    @Test func noIndexNoBadges() throws {
        let fixture = try RenderFixture("render-verify")
        defer { fixture.remove() }
        let report = try fixture.render()
        #expect(badges(try fixture.page("snippets.html")).isEmpty)
        #expect(report.diagnostics.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.vault + "/.knap/index.sqlite"))
    }

    @Test func anEditedSnippetLosesItsBadge() throws {
        let fixture = try RenderFixture("render-verify")
        defer { fixture.remove() }
        try record(fixture, note: "Snippets.md", line: 5, endLine: 11, status: "pass")
        try record(fixture, note: "Snippets.md", line: 15, endLine: 21, status: "fail")
        try fixture.render()
        #expect(badges(try fixture.page("snippets.html")).count == 2)

        // The passing snippet's code changes: its verdict no longer applies; the other one's does.
        let notePath = fixture.vault + "/Snippets.md"
        let text = try String(contentsOfFile: notePath, encoding: .utf8)
        try text.replacingOccurrences(of: "echo hello\n", with: "echo hello, world\n")
            .write(toFile: notePath, atomically: true, encoding: .utf8)
        try fixture.render()
        let edited = badges(try fixture.page("snippets.html"))
        #expect(edited.count == 1)
        #expect(edited.first?.contains("verify-badge fail") == true)

        // Changing only the expected output makes the verdict stale too.
        let again = try String(contentsOfFile: notePath, encoding: .utf8)
        try again.replacingOccurrences(of: "```output\nyes\n```", with: "```output\nno\n```")
            .write(toFile: notePath, atomically: true, encoding: .utf8)
        try fixture.render()
        #expect(badges(try fixture.page("snippets.html")).isEmpty)
    }

    @Test func aSnippetMovedDownShowsNoBadgeAtItsOldOrNewPlace() throws {
        let fixture = try RenderFixture("render-verify")
        defer { fixture.remove() }
        try record(fixture, note: "Snippets.md", line: 5, endLine: 11, status: "pass")
        let notePath = fixture.vault + "/Snippets.md"
        let text = try String(contentsOfFile: notePath, encoding: .utf8)
        try text.replacingOccurrences(of: "# Snippets\n", with: "# Snippets\n\nA new paragraph.\n")
            .write(toFile: notePath, atomically: true, encoding: .utf8)
        try fixture.render()
        #expect(badges(try fixture.page("snippets.html")).isEmpty)
    }

    @Test func aNewVerdictRedrawsTheCachedPageAndTheLanguageIsEscaped() throws {
        let fixture = try RenderFixture("render-verify")
        defer { fixture.remove() }
        try fixture.render()
        #expect(badges(try fixture.page("snippets.html")).isEmpty)
        try record(fixture, note: "Snippets.md", line: 5, endLine: 11, status: "pass", language: "sh<b>\"x\"")
        let report = try fixture.render()
        #expect(report.written.contains("snippets.html"))
        #expect(badges(try fixture.page("snippets.html")) == [
            "<div class=\"verify-badge pass\" title=\"Last knap verify: passed\">verified ✓ "
                + "<span class=\"verify-language\">sh&lt;b&gt;&quot;x&quot;</span></div>",
        ])
    }
}
