import Testing
@testable import KnapRender

@Suite("Slug paths of ASCII names, on bytes")
struct SitePathsTests {
    static let names = [
        "Note.md", "Folder/My Note?.md", "a/b/c/Deep Note.MD", "./x/../y/z.md", ".md", "md", ".hidden", "x.",
        "Pic.PNG", "archive.tar.gz", "a//b.md", "/lead.md", "trail/", "", "/", "A_B-C 1.md", "ctrl\u{0E}md",
        "--x--.md", "!!!.md", "dir.name/file", "CAPS/ÄSCII? no: ascii only/x.md".filter(\.isASCII),
        "tab\there.md", "line\r\nbreak.md", "q\"<>#%&'.md", "../../etc/passwd", "a/./b/../c.md",
    ]

    @Test("the byte version gives what the Unicode version gives", arguments: names)
    func same(_ name: String) {
        #expect(SitePaths.slugPath(for: name) == SitePaths.unicodeSlugPath(name))
        #expect(SitePaths.slug(name, fallback: "f") == SitePaths.unicodeSlug(name, fallback: "f"))
    }

    @Test("site path depth counts folders, empty parts left out")
    func depth() {
        #expect(SitePaths.depth(of: "a.html") == 0)
        #expect(SitePaths.depth(of: "a/b/c.html") == 2)
        #expect(SitePaths.depth(of: "a//b.html") == 1)
        #expect(SitePaths.relative(from: "a/b/c.html", to: "x.html") == "../../x.html")
        #expect(SitePaths.root(from: "index.html") == "")
    }
}
