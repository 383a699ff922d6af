import Foundation
import Testing
import KnapMarkdown
@testable import KnapVault

/// The `obsidian-fidelity` fixture: links on continuation lines and in tight callouts are indexed
/// and checked, a `^id` under a quote is found, `check` keeps a Markdown link's text, and search
/// snippets leave the frontmatter out.
@Suite struct FidelityVaultTests {
    @Test func continuationLinksAreIndexedAndChecked() throws {
        let vault = try VaultIndexTests.TempVault("obsidian-fidelity")
        let (index, _) = try vault.open()
        try index.update()
        let links = try index.links(from: "Continuation.md").map { "\($0.line):\($0.column):\($0.target)" }
        #expect(links == ["2:28:Target", "3:26:Target#Section", "6:17:Target", "7:9:Missing"])
        let findings = try index.diagnostics().map(\.formatted).sorted()
        #expect(findings.count == 2, "\(findings)")
        #expect(findings.contains { $0.contains("Continuation.md:7:9") && $0.contains("unresolved link [[Missing]]") }, "\(findings)")
        #expect(findings.contains { $0.contains("Linker.md:1:34") && $0.contains("unresolved link [Custom name](Nothing.md)") },
                "\(findings)")
        // The block under the quote resolves: no `unresolved-block` for `![[Continuation#^cited]]`.
        #expect(!findings.contains { $0.contains("unresolved-block") })
    }

    @Test func searchSnippetsComeFromTheBody() throws {
        let vault = try VaultIndexTests.TempVault("obsidian-fidelity")
        let (index, _) = try vault.open()
        try index.update()
        let hit = try #require(try index.search("penguin").first)
        #expect(hit.path == "Front.md")
        #expect(hit.line == 5)
        #expect(hit.snippet.contains("«Penguins» live"), "\(hit.snippet)")
        #expect(!hit.snippet.contains("summary") && !hit.snippet.contains("---"), "\(hit.snippet)")
        // A word only in the frontmatter is not body text.
        #expect(try index.search("facts").isEmpty)
    }

    @Test func searchBodyKeepsLinesAndDropsOnlyTheFrontmatter() {
        #expect(PreparedNote.searchBody("---\na: b\n---\nText\n", frontmatter: 1...3) == "\n\n\nText\n")
        #expect(PreparedNote.searchBody("Text ---\n", frontmatter: nil) == "Text ---\n")
        #expect(PreparedNote.searchBody("---\n---", frontmatter: 1...2) == "\n")
    }
}
