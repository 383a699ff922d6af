import KnapMarkdown
import Testing
@testable import KnapVault

@Suite struct PreparedNoteTests {
    @Test func titleOnBytesIsTheNotesTitle() {
        let paths = ["Note.md", "a/b/Note 1.md", "UPPER.MD", "x/Mixed.Md", "x/.md", "x/a.md.md", "Caf\u{E9}.md",
                     "d/Cafe\u{301}.md", "\u{600}.md", "a/\u{301}b.md", "no-extension"]
        for path in paths {
            let note = NoteParser.parse("# Title\n", path: path)
            #expect(PreparedNote.title(of: note) == note.title, "\(path)")
        }
    }

    @Test func preparedValuesAreTheNotesOwn() {
        let text = "---\naliases: [Caf\u{E9}, Nick]\nstatus: draft\n---\n# One\n## Two\n[[Target#Two]] [[Other]]\n```swift run\nprint(1)\n```\n"
        let note = NoteParser.parse(text, path: "dir/Note.md")
        let prepared = PreparedNote(note)
        #expect(prepared.note.document.children.isEmpty)
        #expect(prepared.aliasKeys == ["caf\u{E9}", "nick"])
        #expect(prepared.ftsHeadings == "One\nTwo")
        #expect(prepared.linkKeys == ["target", "other"])
        #expect(prepared.codeHashes == [ContentHash.of("print(1)\n")])
        #expect(prepared.files == [nil, nil])
        let resolver = LinkResolver(notePaths: ["dir/Note.md", "Target.md"], attachments: [], aliases: [:])
        let resolved = PreparedNote(note, resolver: resolver)
        #expect(resolved.files.map { $0?.targetPath } == ["Target.md", nil])
    }
}
