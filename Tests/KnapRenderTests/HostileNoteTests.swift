import Foundation
import Testing
@testable import KnapRender

/// Notes written to attack the site: nothing executable may survive, and no name may
/// write outside the output folder or break out of its markup.
@Suite("Hostile notes")
struct HostileNoteTests {
    /// Names no note should be able to abuse. Made at test time, since some are awkward in git.
    static let hostileNames = [
        "<img src=x onerror=alert(1)>.md",
        "a\"b?c#d.md",
        "bell\u{07}and\u{01}ctrl.md",
        "..md",
        "...md",
        "index.md",
        "search.md",
        "_knap.md",
    ]

    private func renderHostile(unsafeHTML: Bool = false) throws -> RenderFixture {
        let fixture = try RenderFixture("render-hostile")
        for name in Self.hostileNames {
            try "# Odd\n\n<script>alert('\(name.count)')</script> back to [[Hostile]]\n"
                .write(toFile: fixture.vault + "/" + name, atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(atPath: fixture.vault + "/..evil dir", withIntermediateDirectories: true)
        try "# Deep\n".write(toFile: fixture.vault + "/..evil dir/x.md", atomically: true, encoding: .utf8)
        // Control characters in the body: a bell, an escape and a C1 control.
        let hostile = fixture.vault + "/Hostile.md"
        try (String(contentsOfFile: hostile, encoding: .utf8) + "\nBell \u{07} escape \u{1B} C1 \u{85} end.\n")
            .write(toFile: hostile, atomically: true, encoding: .utf8)
        try fixture.render(RenderOptions(unsafeHTML: unsafeHTML))
        return fixture
    }

    /// Opening tags in `html` (from `<` to `>`), with their attribute text.
    static func tags(in html: String) -> [String] {
        var found: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            guard let first = after.first, first.isLetter, let close = after.firstIndex(of: ">") else {
                rest = after
                continue
            }
            found.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return found
    }

    /// What would run in a browser: script elements (other than Knap's own search scripts),
    /// event-handler attributes, and script URLs in href/src/action.
    static func executable(in html: String) -> [String] {
        var problems: [String] = []
        for tag in tags(in: html) {
            let lowered = tag.lowercased()
            let name = lowered.prefix { $0.isLetter || $0.isNumber }
            if ["script", "iframe", "object", "embed", "svg", "math", "base", "meta"].contains(String(name)) {
                let allowed = ["script src=\"_knap/search.js\"", "meta charset=\"utf-8\"",
                               "meta name=\"viewport\" content=\"width=device-width, initial-scale=1\""]
                    + (0..<SearchIndex.shardCount).map { "script src=\"\(SearchIndex.path(ofShard: $0))\"" }
                if !allowed.contains(lowered) { problems.append(tag) }
            }
            // Attributes: split on whitespace outside quotes; any `on…=` is a handler.
            var inQuote: Character?
            var word = ""
            var words: [String] = []
            for char in lowered {
                if let quote = inQuote {
                    if char == quote { inQuote = nil }
                    continue
                }
                if char == "\"" || char == "'" { inQuote = char; continue }
                if char.isWhitespace || char == "/" { words.append(word); word = "" } else { word.append(char) }
            }
            words.append(word)
            if words.dropFirst().contains(where: { $0.hasPrefix("on") && $0.contains("=") }) { problems.append(tag) }
            for attribute in ["href=\"", "src=\"", "action=\""] {
                var search = Substring(lowered)
                while let range = search.range(of: attribute) {
                    let value = search[range.upperBound...].prefix { $0 != "\"" }
                    let decoded = value.replacingOccurrences(of: "&#x3a;", with: ":").replacingOccurrences(of: "&colon;", with: ":")
                    if decoded.hasPrefix("javascript:") || decoded.hasPrefix("vbscript:")
                        || (decoded.hasPrefix("data:") && !decoded.hasPrefix("data:image/png")) {
                        problems.append(tag)
                    }
                    search = search[range.upperBound...]
                }
            }
        }
        return problems
    }

    @Test("nothing executable survives in any page")
    func nothingExecutable() throws {
        let fixture = try renderHostile()
        defer { fixture.remove() }
        let pages = fixture.outputFiles().filter { $0.hasSuffix(".html") }
        #expect(pages.count >= 10)
        for page in pages {
            let html = try fixture.page(page)
            #expect(Self.executable(in: html).isEmpty, "\(page): \(Self.executable(in: html))")
        }
        let hostile = try fixture.page("hostile.html")
        #expect(hostile.contains("&lt;script&gt;alert(&quot;block&quot;)&lt;/script&gt;"), "raw HTML is shown escaped")
        #expect(hostile.contains("<title>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"))
        #expect(hostile.contains(#"<img src="data:image/png;base64,iVBORw0KGgo=" alt="ok png" />"#), "data: images stay")
        #expect(hostile.contains("Bell \u{FFFD} escape \u{FFFD} C1 \u{FFFD} end."), "control characters are replaced")
    }

    @Test("the checker finds what --unsafe-html lets through (so the check above can fail)")
    func checkerCatchesUnsafe() throws {
        let fixture = try renderHostile(unsafeHTML: true)
        defer { fixture.remove() }
        let hostile = try fixture.page("hostile.html")
        #expect(hostile.contains(#"<script>alert("block")</script>"#))
        #expect(!Self.executable(in: hostile).isEmpty)
    }

    @Test("hostile names write only inside the output folder, at safe slug paths")
    func names() throws {
        let fixture = try renderHostile()
        defer { fixture.remove() }
        // Nothing was written next to the output folder but the render lock.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: fixture.temp).sorted()
        #expect(siblings == [".site.knap.lock", "site", "vault"])
        for file in fixture.outputFiles() {
            #expect(SiteWriter.isSafe(file))
            #expect(file.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || "0123456789-_./".unicodeScalars.contains($0) },
                    "\(file)")
        }
        let files = Set(fixture.outputFiles())
        #expect(files.contains("img-src-x-onerror-alert-1.html"))
        #expect(files.contains("a-b-c-d.html"))
        #expect(files.contains("index-note.html") && files.contains("search-note.html") && files.contains("_knap.html"))
        // The site's own pages were not overwritten by notes named like them.
        #expect(try fixture.page("index.html").contains("class=\"folder\""))
        #expect(try fixture.page("search.html").contains("id=\"search-results\""))
        // The odd names appear escaped in the index.
        let index = try fixture.page("index.html")
        #expect(index.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(index.contains("a&quot;b?c#d"))
        #expect(index.contains("bell\u{FFFD}and\u{FFFD}ctrl"))
    }

    @Test("site paths never climb out or carry markup", arguments: [
        ("../../etc/passwd.md", "etc/passwd.html"),
        ("a/../../b.md", "a/b.html"),
        ("<script>.md", "script.html"),
        ("q?x#y\".md", "q-x-y.html"),
        ("\u{01}\u{1B}.md", "note.html"),
        ("Café Crème.md", "café-crème.html"),
        ("img/Figure 1.PNG", "img/figure-1.png"),
        ("dir.with.dots/x.tar.gz", "dir-with-dots/x-tar.gz"),
    ])
    func slugPaths(_ input: String, _ expected: String) {
        #expect(SitePaths.slugPath(for: input) == expected)
    }

    @Test("colliding slugs get numbers; the site's own names are kept free")
    func collisions() {
        let paths = SitePaths(vaultPaths: ["A b.md", "a-b.md", "A_B?.md", "index.md", "tags/x.md", "404.md"])
        #expect(paths.pages["A b.md"] == "a-b.html")
        #expect(paths.pages["a-b.md"] == "a-b-2.html")
        #expect(paths.pages["index.md"] == "index-note.html")
        #expect(paths.pages["tags/x.md"] == "tags-note/x.html")
        #expect(paths.pages["404.md"] == "404-note.html")
        #expect(Set(paths.pages.values).count == 6)
    }
}
