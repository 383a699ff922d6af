import Foundation
import Testing
import KnapRender

/// The site in a real browser: headless Chromium loads pages from file:// and dumps the DOM
/// after scripts ran. Skipped (and said so in the test output) where chromium is missing.
@Suite("In a real browser", .enabled(if: Tools.chromium != nil, "SKIPPED: chromium is not installed (Debian: apt-get install chromium)"))
struct BrowserTests {
    private func dumpDOM(_ url: String) throws -> String {
        let chromium = try #require(Tools.chromium)
        var arguments = ["--headless", "--disable-gpu", "--no-first-run", "--dump-dom", url]
        if getuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
        return try Tools.run(chromium, arguments).stdout
    }

    @Test("search.html?q=… lists the matching note on load, and not the others")
    func search() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        let dom = try dumpDOM("file://" + fixture.output + "/search.html?q=multiprocessing%20daemon")
        let results = try #require(dom.range(of: "<ol id=\"search-results\">").map { dom[$0.upperBound...] })
        let list = results.prefix { _ in true }.components(separatedBy: "</ol>")[0]
        #expect(list.contains("<a href=\"python-multiprocessing.html\">Python Multiprocessing</a>"))
        #expect(!list.contains("home.html"))
        #expect(dom.contains("1 note found"))
    }

    @Test("a folded callout's <details> is closed; an open one is open")
    func foldedCallout() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        let dom = try dumpDOM("file://" + fixture.output + "/home.html")
        let folded = try #require(dom.range(of: "data-callout-fold=\"-\">"))
        let foldedDetails = dom[folded.upperBound...].drop { $0.isWhitespace }.prefix(while: { $0 != ">" })
        #expect(foldedDetails == "<details")
        let open = try #require(dom.range(of: "data-callout-fold=\"+\">"))
        let openDetails = dom[open.upperBound...].drop { $0.isWhitespace }.prefix(while: { $0 != ">" })
        #expect(openDetails == "<details open=\"\"")
    }

    @Test("no script from an attachment runs: the hostile fixture's pages and published SVGs, loaded in Chromium")
    func attachmentScriptsDoNotRun() throws {
        let fixture = try RenderFixture("render-attachments-hostile")
        defer { fixture.remove() }
        try fixture.render()
        // The scripts mark the document when they run (an attribute on the root, the title): this is
        // what the vault's own SVG does in this browser.
        let marker = #"data-pwned="KNAP-PWNED"#
        let original = try dumpDOM("file://" + fixture.vault + "/files/evil.svg")
        #expect(original.contains(marker), "the control: the unsanitised SVG's script runs here")
        let loaded = fixture.outputFiles().filter { ($0.hasSuffix(".html") || $0.hasSuffix(".svg")) && !$0.hasPrefix("tags/") }
        #expect(loaded.contains("files/evil.svg"))
        for file in loaded {
            let dom = try dumpDOM("file://" + fixture.output + "/" + file)
            #expect(!dom.isEmpty, "\(file)")
            #expect(!dom.contains(marker), "\(file)")
            #expect(!dom.contains("<title>KNAP-PWNED"), "\(file)")
        }
    }
}
