import Foundation
import Testing
@testable import KnapRender

@Suite("Rendering the site fixture")
struct SiteRenderTests {
    @Test("every note gets a page at a slug path, plus index, search, 404, tag pages, assets and attachments")
    func siteLayout() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        let report = try fixture.render()
        let files = Set(fixture.outputFiles())
        for expected in ["home.html", "folder/other-note.html", "python-multiprocessing.html", "cycle-a.html",
                         "chain/d1.html", "index.html", "search.html", "404.html", "tags/guide.html",
                         "tags/site-home.html", "_knap/style.css", "_knap/search.js", "_knap/search-index-00.js", "_knap/search-index-15.js",
                         "attachments/pic.png"] {
            #expect(files.contains(expected), "missing \(expected)")
        }
        #expect(report.notes == 15)
        let original = try Data(contentsOf: URL(fileURLWithPath: fixture.vault + "/attachments/pic.png"))
        let copied = try Data(contentsOf: URL(fileURLWithPath: fixture.output + "/attachments/pic.png"))
        #expect(original == copied)
    }

    @Test("links become relative hrefs with anchors; unresolved links stay visible and are marked broken")
    func links() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        let home = try fixture.page("home.html")
        #expect(home.contains(#"<a class="internal-link" href="folder/other-note.html">Other Note</a>"#))
        #expect(home.contains(#"href="folder/other-note.html#second-part""#))
        #expect(home.contains(#"href="folder/other-note.html#%5Ekey-point""#))
        #expect(home.contains(#"<a href="folder/other-note.html">other</a>"#), "Markdown link to a note")
        #expect(home.contains(#"<a class="internal-link broken" href="">Missing Note</a>"#))
        #expect(home.contains(#"<a class="internal-link broken" href="">gone</a>"#))
        #expect(home.contains(#"<a href="https://example.com">example</a>"#))
        // From a page one folder down, links climb back up.
        let other = try fixture.page("folder/other-note.html")
        #expect(other.contains(#"href="../home.html#links""#))
        #expect(other.contains(#"href="../_knap/style.css""#))
        // The anchors the links point at exist.
        #expect(other.contains(#"<h2 id="second-part">"#))
        #expect(other.contains(#"id="^key-point""#))
    }

    @Test("callouts: folded closed, + open, nested, title-only with the default title row")
    func callouts() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        let home = try fixture.page("home.html")
        #expect(home.contains("data-callout-fold=\"-\">\n<details>\n<summary class=\"callout-title\">"))
        #expect(home.contains("data-callout-fold=\"+\">\n<details open>"))
        #expect(home.contains(#"<span class="callout-title-inner">Note</span>"#), "default title is the type in title case")
        #expect(home.contains(#"data-callout="example""#))
        #expect(home.contains(#"<span class="callout-title-inner">Title only</span></div>"#))
    }

    @Test("embeds: a heading's section, a block, sized images; cycles and deep chains give placeholders")
    func embeds() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        let home = try fixture.page("home.html")
        #expect(home.contains("Text of the second part"))
        #expect(home.contains("Still in the second part."), "subsections belong to the section")
        #expect(!home.contains("Not in the section embed."), "the next same-level heading ends the section")
        #expect(home.contains(#"<img src="attachments/pic.png" alt="pic.png" width="120" />"#))
        #expect(home.contains(#"<img src="attachments/pic.png" alt="pic.png" width="100" height="50" />"#))
        #expect(home.contains(#"class="transclusion transclusion-cycle""#))
        #expect(home.contains("Level 5."))
        #expect(!home.contains("Level 7."))
        #expect(home.contains(#"class="transclusion transclusion-too-deep""#))
        // A transcluded note is never put inside a <p>.
        #expect(!home.contains("<p><div"))
    }

    @Test("no page holds an id twice, even with embedded notes (their headings carry no ids)")
    func idsAreUnique() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        let pattern = try Regex(#" id="([^"]*)""#)
        for file in fixture.outputFiles() where file.hasSuffix(".html") {
            let page = try fixture.page(file)
            let ids = page.matches(of: pattern).map { String(page[$0.range]) }
            #expect(Set(ids).count == ids.count, "\(file) repeats ids: \(ids.filter { id in ids.filter { $0 == id }.count > 1 })")
        }
        let home = try fixture.page("home.html")
        #expect(home.contains("transclusion-content"))
    }

    @Test("page furniture: title, table of contents, tags linking to tag pages, backlinks, properties")
    func pageFurniture() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        let home = try fixture.page("home.html")
        #expect(home.contains("<title>Welcome home · vault</title>"))
        #expect(home.contains(##"<li class="toc-level-2"><a href="#tasks">Tasks</a></li>"##))
        #expect(home.contains(#"<a class="tag" href="tags/guide.html">#guide</a>"#))
        #expect(home.contains("<dt>status</dt><dd>draft</dd>"))
        let other = try fixture.page("folder/other-note.html")
        #expect(other.contains(#"<li><a class="internal-link" href="../home.html">Welcome home</a></li>"#), "backlink")
        let tag = try fixture.page("tags/guide.html")
        #expect(tag.contains(#"href="../home.html""#) && tag.contains(#"href="../folder/other-note.html""#))
        let index = try fixture.page("index.html")
        #expect(index.contains("<h2>Folder</h2>") && index.contains("<h2>Chain</h2>"))
    }

    @Test("code blocks: language class and highlighting of keywords, strings, comments, numbers")
    func code() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        let home = try fixture.page("home.html")
        #expect(home.contains(#"<pre><code class="language-swift"><span class="hl-comment">// Greets.</span>"#))
        #expect(home.contains(#"<span class="hl-keyword">def</span> square(x):"#))
        #expect(home.contains(#"<span class="hl-string">&quot;$HOME&quot;</span> <span class="hl-comment"># home</span>"#))
        #expect(home.contains(#"<span class="hl-number">2</span>"#))
    }

    @Test("the search index is split into scripts that together hold every note once, each in path order")
    func searchIndex() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        var entries: [SearchIndex.Entry] = []
        for shard in 0..<SearchIndex.shardCount {
            let script = try fixture.page(SearchIndex.path(ofShard: shard))
            let start = "window.KNAP_SEARCH = (window.KNAP_SEARCH || []).concat("
            #expect(script.hasPrefix(start) && script.hasSuffix(");\n"))
            let json = script.dropFirst(start.count).dropLast(3)
            let shardEntries = try JSONDecoder().decode([SearchIndex.Entry].self, from: Data(json.utf8))
            entries += shardEntries
        }
        #expect(entries.count == 15)
        #expect(Set(entries.map(\.url)).count == 15)
        #expect(entries.contains { $0.url == "python-multiprocessing.html" && $0.text.contains("GIL") })
        let search = try fixture.page("search.html")
        for shard in 0..<SearchIndex.shardCount {
            #expect(search.contains("<script src=\"\(SearchIndex.path(ofShard: shard))\"></script>"))
        }
    }

    @Test("a template in .knap/templates replaces the built-in one")
    func templateOverride() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try FileManager.default.createDirectory(atPath: fixture.vault + "/.knap/templates", withIntermediateDirectories: true)
        try "<p class=\"custom\">{{title}}</p>{{{body}}}".write(toFile: fixture.vault + "/.knap/templates/note.mustache",
                                                               atomically: true, encoding: .utf8)
        let report = try fixture.render()
        #expect(report.overriddenTemplates == ["note"])
        let home = try fixture.page("home.html")
        #expect(home.contains(#"<p class="custom">Welcome home</p>"#))
        #expect(!home.contains("Backlinks"))
    }

    @Test("a template that does not parse is reported with its path")
    func badTemplate() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try FileManager.default.createDirectory(atPath: fixture.vault + "/.knap/templates", withIntermediateDirectories: true)
        try "{{#open}} never closed".write(toFile: fixture.vault + "/.knap/templates/tag.mustache", atomically: true, encoding: .utf8)
        #expect(throws: RenderError.self) { try fixture.render() }
    }
}

@Suite("Rendering with awkward vaults")
struct AwkwardVaultTests {
    @Test("an output folder inside the vault is not rendered as part of it")
    func outputInsideVault() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        let inside = fixture.vault + "/site"
        try SiteRenderer(vault: fixture.vault, output: inside).render()
        let second = try SiteRenderer(vault: fixture.vault, output: inside).render()
        #expect(second.notes == 15)
        #expect(second.attachments == 1, "the site's own files are not attachments")
        #expect(second.written.isEmpty)
    }

    @Test("a note that is not UTF-8 is rendered with U+FFFD in place of the bad bytes")
    func badNote() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try Data("# Fine\nline two \u{FF}\n".utf8 + [0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: fixture.vault + "/Broken.md"))
        let report = try fixture.render()
        #expect(report.notes == 16)
        #expect(report.diagnostics.isEmpty)
        #expect(FileManager.default.fileExists(atPath: fixture.output + "/home.html"))
        #expect(try fixture.page("broken.html").contains("line two \u{FF}\n\u{FFFD}\u{FFFD}"))
    }
}

@Suite("Frontmatter cssclasses")
struct CSSClassTests {
    @Test("a note's cssclasses go on its <article>, escaped")
    func cssClassesOnTheArticle() throws {
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("knap-css-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: source) }
        try "---\ncssclasses: [wide, \"x\\\"><script>\"]\n---\n# Wide\n".write(to: source.appendingPathComponent("Wide.md"), atomically: true, encoding: .utf8)
        try "# Plain\n".write(to: source.appendingPathComponent("Plain.md"), atomically: true, encoding: .utf8)
        let fixture = try RenderFixture(source.path)
        defer { fixture.remove() }
        try fixture.render()
        let wide = try fixture.page("wide.html")
        #expect(wide.contains(#"<article class="note wide x&quot;&gt;&lt;script&gt;">"#))
        #expect(!wide.contains("<script>"))
        #expect(try fixture.page("plain.html").contains(#"<article class="note">"#))
    }
}

@Suite("The 404 page")
struct NotFoundPageTests {
    @Test("links are relative by default, and from --site-url when given, so a server can show it at any address")
    func siteURL() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        #expect(try fixture.page("404.html").contains(#"href="_knap/style.css""#))
        try fixture.render(RenderOptions(siteURL: "https://example.org/notes"))
        let page = try fixture.page("404.html")
        #expect(page.contains(#"href="https://example.org/notes/_knap/style.css""#))
        #expect(page.contains(#"href="https://example.org/notes/index.html""#))
        // Other pages stay relative.
        #expect(try fixture.page("index.html").contains(#"href="_knap/style.css""#))
    }
}
