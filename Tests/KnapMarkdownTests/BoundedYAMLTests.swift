import Foundation
import Testing
@testable import KnapMarkdown

/// Frontmatter past the YAML limits (alias expansion, depth, size) is refused with a diagnostic at
/// once, and the rest of the note is read as usual.
@Suite struct BoundedYAMLTests {
    private func frontmatterErrors(_ note: Note) -> [Diagnostic] {
        note.diagnostics.filter { $0.code == "invalid-frontmatter" && $0.severity == .error }
    }

    @Test func theAliasBombIsRefusedAndTheBodyStillParses() throws {
        let note = try NoteParser.parse(fileAt: Fixtures.path("Vaults/parse-hostile/Alias Bomb.md"))
        let errors = frontmatterErrors(note)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 1)
        #expect(errors.first?.message.contains("aliases expand too far") == true)
        #expect(note.frontmatter.properties.isEmpty && note.frontmatter.tags.isEmpty)
        #expect(note.headings.map(\.text) == ["Alias bomb"])
        #expect(note.links.map(\.target) == ["Deep Frontmatter"])
        #expect(note.tags.map(\.name) == ["body-tag"])
    }

    @Test func aliasesWithinTheBudgetAreExpanded() {
        let note = NoteParser.parse("---\nbase: &b [x, y]\nmore: &m [*b, *b]\ntags: *b\nall: *m\n---\n", path: "n.md")
        #expect(frontmatterErrors(note).isEmpty)
        #expect(note.frontmatter.tags == ["x", "y"])
        #expect(note.frontmatter["all"]?.strings == ["x", "y", "x", "y"])
    }

    @Test func theBudgetCountsExpandedNodes() throws {
        // Two levels of 120 aliases: 14,400 expanded nodes from a few hundred bytes.
        let aliases = Array(repeating: "*a", count: 120).joined(separator: ",")
        let yaml = "a: &a [\(aliases.replacingOccurrences(of: "*a", with: "x"))]\nb: &b [\(aliases)]\n"
        #expect(throws: YAMLLimitError.self) { try BoundedYAML.compose(yaml) }
        // The same count without aliases, written out, is more bytes and within the budget.
        let written = Array(repeating: "x", count: 12_000).joined(separator: ",")
        #expect(try BoundedYAML.compose("# a comment\nbig: [\(written)]\n") != nil)
    }

    @Test func deepNestingIsRefusedAtItsLine() throws {
        let note = try NoteParser.parse(fileAt: Fixtures.path("Vaults/parse-hostile/Deep Frontmatter.md"))
        let errors = frontmatterErrors(note)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 2)
        #expect(errors.first?.message.contains("nested deeper than 100 levels") == true)
        #expect(note.tags.map(\.name) == ["deep-tag"])
        // 90 levels are fine.
        let shallow = NoteParser.parse("---\nd: " + String(repeating: "[", count: 90) + "x"
                                       + String(repeating: "]", count: 90) + "\n---\n", path: "s.md")
        #expect(frontmatterErrors(shallow).isEmpty)
    }

    @Test func frontmatterOverOneMiBIsRefusedOnTheFastPathToo() {
        let long = String(repeating: "a", count: BoundedYAML.maxBytes)
        let note = NoteParser.parse("---\ntitle: \(long)\n---\n# Body\n", path: "big.md")
        let errors = frontmatterErrors(note)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 1)
        #expect(errors.first?.message.contains("larger than 1 MiB") == true)
        #expect(note.frontmatter.properties.isEmpty)
        #expect(note.headings.map(\.text) == ["Body"])
        // Just under the limit, the same form is read.
        let fits = NoteParser.parse("---\ntitle: \(long.dropFirst(20))\n---\n", path: "fits.md")
        #expect(frontmatterErrors(fits).isEmpty)
        #expect(fits.frontmatter["title"]?.string?.count == BoundedYAML.maxBytes - 20)
    }

    @Test func keysThatCouldExpandThroughAliasesAreRefusedBeforeYams() {
        // Yams hashes mapping keys while composing: an alias of a bomb as a key would take minutes there.
        for yaml in ["a: &a [x]\n*a: 1", "a: &a [x]\n*a : 1", "a: &a [x]\n[*a]: 1", "a: &a [x]\n{k: *a}: 1",
                     "a: &a [x]\n? *a\n: 1", "a: &a [x]\nb: {? *a : 1}", "a: &a [x]\nb:\n  - ? *a\n    : 1", "a: &a [x]\nb: [x, ? *a : 1]"] {
            #expect(BoundedYAML.mayHaveCollectionKeysWithAliases(yaml), "\(yaml.debugDescription)")
            #expect(throws: YAMLLimitError.self, "\(yaml.debugDescription)") { try BoundedYAML.compose(yaml) }
        }
        // Without aliases such keys are fine, and so are aliases as values and `*` in text.
        for yaml in ["[a]: 1\n? b\n: 2", "a: &a [x]\nb: *a", "title: \"*bold*: yes?\"\nwhy: what? *x", "why: see ? here *x", "a: &a [x]\nb: [*a, *a]"] {
            #expect(!BoundedYAML.mayHaveCollectionKeysWithAliases(yaml), "\(yaml.debugDescription)")
        }
    }
}
