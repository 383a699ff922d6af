import KnapMarkdown
import Testing

@Suite struct SetupFenceTests {
    @Test func aSetupFenceIsDrawnFoldedAndLabelled() {
        let markdown = "```python setup\nimport math\n```\n\n```python\nprint(math.pi)\n```\n\n```text\nsetupish words only\n```\n"
        let html = HTMLRenderer.render(NoteParser.parse(markdown, path: "n.md").document)
        #expect(html.contains("<details class=\"setup\"><summary>setup</summary>\n<pre><code class=\"language-python\">import math\n</code></pre>\n</details>"))
        // Only the fence whose attributes say `setup` is folded.
        #expect(html.components(separatedBy: "<details").count == 2)
    }
}
