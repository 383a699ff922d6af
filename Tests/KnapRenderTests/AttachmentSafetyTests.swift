import Foundation
import KnapVault
import Testing
@testable import KnapRender

/// The site publishes only the attachments notes link to, never an active one as it is: the
/// `render-attachments-hostile` fixture's SVGs with scripts and entities, its HTML page, its
/// unlinked PDF.
@Suite("Attachments a site publishes")
struct AttachmentSafetyTests {
    private static let fixture = "render-attachments-hostile"

    /// A file whose content only this test knows, for an entity to try to read.
    private func canary(in folder: String) throws -> (path: String, secret: String) {
        let secret = "KNAP-CANARY-" + UUID().uuidString
        let path = folder + "/canary-\(UUID().uuidString).txt"
        try Data(secret.utf8).write(to: URL(fileURLWithPath: path))
        return (path, secret)
    }

    @Test("only linked attachments are published; the HTML page, the unlinked PDF and refused SVGs are not")
    func onlyLinkedAndSafe() throws {
        let fixture = try RenderFixture(Self.fixture)
        defer { fixture.remove() }
        let report = try fixture.render()
        let files = fixture.outputFiles().filter { !$0.hasPrefix("_knap/") && !$0.hasPrefix("tags/") }
        #expect(files == ["404.html", "files/clean.svg", "files/evil.svg", "files/linked.pdf", "home.html", "index.html", "search.html"])
        #expect(report.attachments == 3)
        #expect(report.diagnostics.filter { $0.code == "unsafe-svg" }.map(\.path) == ["files/broken.svg", "files/entity.svg"])
        let home = try fixture.page("home.html")
        let why = "a .html attachment is not published: a browser would run its scripts on the site"
        #expect(home.contains(#"<a class="internal-link broken" title="\#(why)" href="">page.html</a>"#))
        #expect(home.contains(#"<a class="internal-link broken" href="" title="\#(why)">the same</a>"#))
        #expect(home.contains(#"<a class="internal-link" href="files/linked.pdf">"#))
    }

    @Test("the published SVG keeps the drawing and loses every script, handler, foreign object and outside reference")
    func svgSanitized() throws {
        let fixture = try RenderFixture(Self.fixture)
        defer { fixture.remove() }
        try fixture.render()
        let svg = try fixture.page("files/evil.svg")
        for banned in ["script", "KNAP-PWNED", "onload", "onclick", "onmouseover", "foreignObject", "javascript", "JaVaScRiPt",
                       "evil.example", "animate", "<set", "iframe", "handler", "@import", "xhtml", "alert"] {
            #expect(!svg.contains(banned), "\(banned)")
        }
        for kept in [##"fill="url(#g)""##, ##"<use href="#box" x="1"></use>"##, #"style="stroke: black; stroke-width: 2""#,
                     "<linearGradient id=\"g\">", "<text x=\"10\" y=\"20\">click</text>"] {
            #expect(svg.contains(kept), "\(kept)")
        }
        // What the sanitizer writes is XML it accepts again, unchanged.
        #expect(try SVGSanitizer.sanitize(Data(svg.utf8)).get() == Data(svg.utf8))
    }

    @Test("an SVG with an external entity never leaks the file it names, whether or not the check before parsing runs")
    func externalEntity() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knap-svg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (path, secret) = try canary(in: folder)
        let documents = [
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file://\(path)\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text></svg>",
            "<!DOCTYPE svg [<!ENTITY % p SYSTEM \"file://\(path)\"> %p;]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>a</text></svg>",
            "<!DOCTYPE svg SYSTEM \"file://\(path)\"><svg xmlns=\"http://www.w3.org/2000/svg\"><text>a</text></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file://\(path)\" parse=\"text\"/></svg>",
        ]
        for document in documents {
            let data = Data(document.utf8)
            if case .success(let out) = SVGSanitizer.sanitize(data) {
                #expect(!String(decoding: out, as: UTF8.self).contains(secret))
            }
            if case .success(let out) = SVGSanitizer.rewrite(data) {
                #expect(!String(decoding: out, as: UTF8.self).contains(secret), "the parser read the entity: \(document)")
            }
        }
        #expect(throws: SVGSanitizer.Refusal.self) { try SVGSanitizer.sanitize(Data(documents[0].utf8)).get() }
        // UTF-16 or a declared foreign encoding could hide a DTD from the check: refused.
        let utf16 = try #require(documents[0].data(using: .utf16))
        #expect(throws: SVGSanitizer.Refusal.self) { try SVGSanitizer.sanitize(utf16).get() }
        let ebcdic = Data("<?xml version=\"1.0\" encoding=\"EBCDIC-US\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)
        #expect(throws: SVGSanitizer.Refusal.self) { try SVGSanitizer.sanitize(ebcdic).get() }
    }

    @Test("a rendered vault with an entity SVG pointing at a canary holds the canary nowhere")
    func renderedEntityCanary() throws {
        let fixture = try RenderFixture(Self.fixture)
        defer { fixture.remove() }
        let (path, secret) = try canary(in: fixture.temp)
        try Data("""
            <?xml version="1.0"?>
            <!DOCTYPE svg [<!ENTITY canary SYSTEM "file://\(path)">]>
            <svg xmlns="http://www.w3.org/2000/svg"><text>&canary;</text></svg>
            """.utf8).write(to: URL(fileURLWithPath: fixture.vault + "/files/entity.svg"))
        try fixture.render()
        for file in fixture.outputFiles() {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.output + "/" + file))
            #expect(!String(decoding: bytes, as: UTF8.self).contains(secret), "\(file)")
        }
        #expect(!fixture.outputFiles().contains("files/entity.svg"))
    }

    @Test("an attachment becomes public when a note links to it, and private again when none does")
    func linkingAndUnlinking() throws {
        let fixture = try RenderFixture(Self.fixture)
        defer { fixture.remove() }
        try fixture.render()
        #expect(!fixture.outputFiles().contains("files/private.pdf"))
        let note = fixture.vault + "/Other.md"
        try "Now shared: [[private.pdf]]\n".write(toFile: note, atomically: true, encoding: .utf8)
        let linked = try fixture.render()
        #expect(linked.written.contains("files/private.pdf"))
        #expect(fixture.outputFiles().contains("files/private.pdf"))
        try "No longer shared.\n".write(toFile: note, atomically: true, encoding: .utf8)
        let unlinked = try fixture.render()
        #expect(!unlinked.quick, "a change to the attachments a note links to goes through the full render")
        #expect(unlinked.removed.contains("files/private.pdf"))
        #expect(!fixture.outputFiles().contains("files/private.pdf"))
        // A change that links the same attachments takes the quick path and publishes nothing new.
        try "Still not shared, in other words.\n".write(toFile: note, atomically: true, encoding: .utf8)
        let quick = try fixture.render()
        #expect(quick.quick)
        #expect(!fixture.outputFiles().contains("files/private.pdf"))
        // An edit of a note (no file added, so the cache's fingerprint holds) that links it publishes it.
        try "Shared again: ![[private.pdf]]\n".write(toFile: note, atomically: true, encoding: .utf8)
        let relinked = try fixture.render()
        #expect(relinked.incremental && !relinked.quick)
        #expect(relinked.written.contains("files/private.pdf"))
    }

    @Test("an SVG that becomes unsafe after it was published is taken down")
    func svgTurnsHostile() throws {
        let fixture = try RenderFixture(Self.fixture)
        defer { fixture.remove() }
        try fixture.render()
        #expect(fixture.outputFiles().contains("files/clean.svg"))
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x</script".utf8)
            .write(to: URL(fileURLWithPath: fixture.vault + "/files/clean.svg"))
        let report = try fixture.render()
        #expect(report.diagnostics.contains { $0.code == "unsafe-svg" && $0.path == "files/clean.svg" })
        #expect(report.removed.contains("files/clean.svg"))
        #expect(!fixture.outputFiles().contains("files/clean.svg"))
    }

    @Test("check warns at each link to an HTML attachment and about each SVG it would not publish")
    func checkDiagnostics() throws {
        let fixture = try RenderFixture(Self.fixture)
        defer { fixture.remove() }
        let (index, _, _) = try VaultIndex.openUpToDate(vault: fixture.vault, at: fixture.temp + "/index.sqlite")
        let diagnostics = AttachmentPolicy.diagnostics(vault: fixture.vault, links: try index.attachmentLinks())
        #expect(diagnostics.map { "\($0.path ?? ""):\($0.line):\($0.column):\($0.code)" } == [
            "Home.md:11:29:active-attachment", "Home.md:11:47:active-attachment",
            "files/broken.svg:1:1:unsafe-svg", "files/entity.svg:1:1:unsafe-svg",
        ])
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test("active document types are blocked, SVGs sanitised, others copied", arguments: [
        ("a/page.html", "block"), ("PAGE.HTM", "block"), ("x.xhtml", "block"), ("feed.xml", "block"), ("s.svgz", "block"),
        ("pic.svg", "svg"), ("Pic.SVG", "svg"), ("doc.pdf", "copy"), ("image.png", "copy"), ("README", "copy"), (".html", "copy"),
    ])
    func treatments(path: String, expected: String) {
        let treatment = AttachmentPolicy.treatment(of: path)
        switch treatment {
        case .block: #expect(expected == "block")
        case .sanitizeSVG: #expect(expected == "svg")
        case .copy: #expect(expected == "copy")
        }
    }
}
