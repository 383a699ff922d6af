import Foundation
import Testing
@testable import KnapRender

@Suite("Rendering the obsidian-fidelity fixture")
struct FidelityRenderTests {
    /// One page of the fixture, rendered afresh.
    static func page(_ name: String) throws -> String {
        let fixture = try RenderFixture("obsidian-fidelity")
        defer { fixture.remove() }
        try fixture.render()
        return try fixture.page(name)
    }

    @Test("links on continuation lines and in tight callouts are drawn, not shown raw")
    func continuationLinks() throws {
        let page = try Self.page("continuation.html")
        #expect(!page.contains("[["), "a wikilink shown raw")
        #expect(page.components(separatedBy: #"href="target.html""#).count - 1 == 2, "both links to Target")
        #expect(page.contains(#"<a class="internal-link broken" href="">Missing</a>"#))
        #expect(page.contains("transclusion"), "the embed on the tab-indented line")
        #expect(page.contains(#"href="tags/cont-tag.html""#))
    }

    @Test("a ^id line right under a quote names the whole quote")
    func blockUnderQuote() throws {
        let linker = try Self.page("linker.html")
        #expect(!linker.contains("not found"), "\(linker)")
        #expect(linker.contains("Worth citing."))
        #expect(linker.contains(#"data-callout="tip""#), "the callout is embedded, not only its paragraph")
    }

    @Test("a mermaid block is left for Mermaid to draw")
    func mermaid() throws {
        let page = try Self.page("continuation.html")
        #expect(page.contains("<pre class=\"mermaid\">graph TD; A--&gt;B &amp; C\n</pre>"))
        #expect(!page.contains("language-mermaid"))
    }
}
