import Foundation
import Testing
import KnapRender

/// Every page parses without a single error in html5lib, a strict HTML5 parser.
/// Skipped (and said so in the test output) where python3 or html5lib is missing.
@Suite("Pages parse as HTML5")
struct HTMLValidityTests {
    static let checker = RenderFixture.support + "/check_html.py"
    static let quartzDocsPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("../shared/corpora/quartz-docs")
        .standardizedFileURL.path

    private func check(_ fixture: RenderFixture) throws {
        let python3 = try #require(Tools.python3)
        let result = try Tools.run(python3, [Self.checker, fixture.output])
        #expect(result.status == 0, "html5lib found errors:\n\(result.stdout)")
        #expect(result.stdout.contains("checked "), "the checker ran")
    }

    @Test("fixture pages", .enabled(if: Tools.hasHTML5Lib, "SKIPPED: python3 with html5lib is not installed (pip install html5lib)"),
          arguments: ["render-site", "render-hostile"])
    func fixtures(_ name: String) throws {
        let fixture = try RenderFixture(name)
        defer { fixture.remove() }
        try "<b>bold</b> <img src=x onerror=1>\n<div>\nunclosed\n".write(toFile: fixture.vault + "/Raw \u{01}.md", atomically: true, encoding: .utf8)
        try fixture.render()
        try check(fixture)
    }

    @Test("a copy of the quartz-docs corpus",
          .enabled(if: Tools.hasHTML5Lib, "SKIPPED: python3 with html5lib is not installed (pip install html5lib)"),
          .enabled(if: FileManager.default.fileExists(atPath: quartzDocsPath), "SKIPPED: ../shared/corpora/quartz-docs is not there"))
    func quartzDocs() throws {
        let fixture = try RenderFixture(Self.quartzDocsPath)
        defer { fixture.remove() }
        let report = try fixture.render()
        #expect(report.notes > 50)
        try check(fixture)
    }

    @Test("the checker reports a broken page (so the checks above can fail)",
          .enabled(if: Tools.hasHTML5Lib, "SKIPPED: python3 with html5lib is not installed (pip install html5lib)"))
    func checkerFails() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try FileManager.default.createDirectory(atPath: fixture.output, withIntermediateDirectories: true)
        try "<!DOCTYPE html><title>x</title><p><div>x</div></p>".write(toFile: fixture.output + "/bad.html", atomically: true, encoding: .utf8)
        let python3 = try #require(Tools.python3)
        let result = try Tools.run(python3, [Self.checker, fixture.output])
        #expect(result.status == 1)
        #expect(result.stdout.contains("bad.html:"))
    }
}
