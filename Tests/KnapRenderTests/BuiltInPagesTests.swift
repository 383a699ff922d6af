import Foundation
import Testing
@testable import KnapRender

@Suite("Built-in templates drawn in Swift")
struct BuiltInPagesTests {
    /// Renders `vault` with the built-in templates drawn in Swift and again with Mustache, and
    /// returns the files that differ (and those only one side has). The cache is left out: it
    /// holds the modification times of the site's folders.
    func differences(_ vault: String) throws -> [String] {
        let fixture = try RenderFixture(vault)
        defer { fixture.remove() }
        let swift = fixture.temp + "/swift"
        let mustache = fixture.temp + "/mustache"
        _ = try SiteRenderer(vault: fixture.vault, output: swift).render()
        var renderer = SiteRenderer(vault: fixture.vault, output: mustache)
        renderer.mustacheOnly = true
        _ = try renderer.render()
        let files = { (root: String) in
            Set((FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []).filter { path in
                var isFolder: ObjCBool = false
                FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isFolder)
                return !isFolder.boolValue
            })
        }
        let swiftFiles = files(swift)
        let mustacheFiles = files(mustache)
        #expect(swiftFiles.count > 5)
        var differing = swiftFiles.symmetricDifference(mustacheFiles).sorted()
        for path in swiftFiles.intersection(mustacheFiles).sorted() where path != RenderCache.path {
            let left = FileManager.default.contents(atPath: swift + "/" + path)
            let right = FileManager.default.contents(atPath: mustache + "/" + path)
            if left != right { differing.append(path) }
        }
        return differing
    }

    @Test("every page of the fixture vaults is byte-identical to Mustache's drawing of the built-in templates",
          arguments: ["render-site", "render-hostile", "render-verify", "unicode", "paths", "blocks", "aliases",
                      "headings", "attachments", "same-name", "case", "ambiguity"])
    func sameBytes(_ vault: String) throws {
        #expect(try differences(vault) == [])
    }

    @Test("aliases, css classes, properties, tags, a table of contents and backlinks draw the same both ways")
    func everySection() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knap-builtin-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        try """
        ---
        title: "Full <note> & 'quotes'"
        aliases: [One & Two, "\\"Three\\""]
        cssclasses: [wide, "a\\"b"]
        status: draft
        list: [x, y]
        ---
        # Head & <shoulders>
        Text with #tag/one and #Tag2 and a link to [[sub/Other]].
        ## Second
        """.write(toFile: folder + "/Full.md", atomically: true, encoding: .utf8)
        try "Back to [[Full]]. #tag/one\n".write(toFile: folder + "/sub/Other.md", atomically: true, encoding: .utf8)
        try "Nothing here.\n".write(toFile: folder + "/Plain.md", atomically: true, encoding: .utf8)
        #expect(try differences(folder) == [])
    }

    @Test("a css class with a quote and a combining mark cannot add an attribute to the page")
    func cssClassInjection() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knap-builtin-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/vault", withIntermediateDirectories: true)
        try "---\ncssclasses: ['x\"\u{301} onclick=alert(1) y']\n---\n# Hi\n"
            .write(toFile: folder + "/vault/Note.md", atomically: true, encoding: .utf8)
        try SiteRenderer(vault: folder + "/vault", output: folder + "/site").render()
        let page = try String(contentsOfFile: folder + "/site/note.html", encoding: .utf8)
        // Mustache drew `class="note x"́ onclick=alert(1) y"`: the quote ended the attribute.
        #expect(page.range(of: "<article class=\"note x&quot;\u{301} onclick=alert(1) y\">", options: .literal) != nil)
        #expect(page.range(of: "x\"\u{301}", options: .literal) == nil)
    }

    @Test("a vault's own template (drawn by Mustache) cannot be given an attribute by a combining mark either")
    func cssClassInjectionInOverriddenTemplate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knap-builtin-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/vault/.knap/templates", withIntermediateDirectories: true)
        try "<article class=\"{{#cssClasses}}{{.}} {{/cssClasses}}\" title=\"{{title}}\">{{{body}}}</article>\n"
            .write(toFile: folder + "/vault/.knap/templates/note.mustache", atomically: true, encoding: .utf8)
        try "---\ncssclasses: ['x\"\u{301} onclick=alert(1) y']\ntitle: \"a'\u{301} onmouseover=alert(2)\"\n---\n# Hi\n"
            .write(toFile: folder + "/vault/Note.md", atomically: true, encoding: .utf8)
        try SiteRenderer(vault: folder + "/vault", output: folder + "/site").render()
        let page = try String(contentsOfFile: folder + "/site/note.html", encoding: .utf8)
        #expect(page.contains("<article class=\"x&quot;\u{200B}\u{301} onclick=alert(1) y \""))
        #expect(page.range(of: "x\"\u{301}", options: .literal) == nil)
        #expect(page.range(of: "a'\u{301}", options: .literal) == nil)
        #expect(page.contains("<h1"))
    }

    @Test("unlike Mustache's per-Character escaping, a quote followed by a combining mark is escaped")
    func combiningMark() {
        var out = ""
        BuiltInPages.escape("a\"\u{301} onclick=x <\u{338}b> &\u{301}", into: &out)
        #expect(out == "a&quot;\u{301} onclick=x &lt;\u{338}b&gt; &amp;\u{301}")
    }
}

@Suite("The search index's JSON")
struct SearchIndexJSONTests {
    @Test("hand-built entries are the bytes JSONEncoder with sorted keys writes")
    func sameAsEncoder() throws {
        let every = String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init)))
        let entries = [
            SearchIndex.Entry(title: every, url: "a/b%20c.html", headings: ["", every, "é ü 中文 🙂"], tags: ["x/y", "z"],
                              text: "line\nnext\t\"quoted\" \\ back/slash \u{2028} \u{FEFF} 🙂"),
            SearchIndex.Entry(title: "", url: "", headings: [], tags: [], text: ""),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for entry in entries {
            let expected = String(decoding: try encoder.encode(entry), as: UTF8.self)
            #expect(entry.json() == expected)
        }
    }

    @Test("every character to escape, at every place in an eight-byte word, as JSONEncoder escapes it")
    func escapesAtEveryOffset() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for special in ["\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "\u{2028}"] {
            for offset in 0..<17 {
                let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 16 - offset)
                let entry = SearchIndex.Entry(title: text, url: "", headings: [text], tags: [], text: text + special + text)
                #expect(entry.json() == String(decoding: try encoder.encode(entry), as: UTF8.self), "\(special.debugDescription) at \(offset)")
            }
        }
    }
}

@Suite("Rendering into a new folder")
struct StagedRenderTests {
    @Test("a site rendered into a missing folder appears whole, with no staging folder left beside it")
    func staged() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        let output = fixture.temp + "/deep/er/site"
        let report = try SiteRenderer(vault: fixture.vault, output: output).render()
        #expect(report.written.count > 20)
        for path in report.written {
            #expect(FileManager.default.fileExists(atPath: output + "/" + path), "missing \(path)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.temp + "/deep/er").sorted() == [".site.knap.lock", "site"])
        // The next render goes into the existing folder, file by file, and rewrites nothing.
        let again = try SiteRenderer(vault: fixture.vault, output: output).render()
        #expect(again.written.isEmpty)
        #expect(again.incremental)
    }
}
