import Testing
import KnapMarkdown

@Suite("Inline math")
struct InlineMathTests {
    private func html(_ text: String) -> String {
        HTMLRenderer.render(NoteParser.parse(text, path: "t.md").document)
    }

    @Test("$…$ becomes a math span with the source as written, backslashes kept")
    func span() {
        #expect(html("A $e^{i\\pi}$ and $\\{x\\}$.") ==
                "<p>A <span class=\"math math-inline\">\\(e^{i\\pi}\\)</span> and <span class=\"math math-inline\">\\(\\{x\\}\\)</span>.</p>\n")
    }

    @Test("prices, spaced dollars and escaped dollars stay text", arguments: [
        "costs $5 and $10.", "x $ y $ z", "a \\$b$ c", "`$code$`",
    ])
    func notMath(_ text: String) {
        #expect(!html(text).contains("math-inline"))
    }
}
