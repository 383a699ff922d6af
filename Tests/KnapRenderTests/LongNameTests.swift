import Foundation
import Testing
@testable import KnapRender

/// Names too long for a file system (a 300-character tag, a note with a legal 251-byte name, a folder
/// with a 250-byte name, long Unicode names) get shortened, stable file names, and every page is
/// written with its links landing.
@Suite("Long names")
struct LongNameTests {
    /// The `render-long-names` fixture plus the notes whose names are too long to commit comfortably.
    private func fixture() throws -> (fixture: RenderFixture, longNote: String, longFolder: String) {
        let fixture = try RenderFixture("render-long-names")
        let longNote = String(repeating: "n", count: 251)
        let longFolder = String(repeating: "é", count: 125)
        try FileManager.default.createDirectory(atPath: fixture.vault + "/" + longFolder, withIntermediateDirectories: true)
        try "# Deep\n\nBack to [[\(longNote)]].\n".write(toFile: fixture.vault + "/\(longFolder)/Deep.md", atomically: true, encoding: .utf8)
        try "# Long\n\nSee [[Deep]] and ![[\(longFolder)/picture.png]].\n"
            .write(toFile: fixture.vault + "/\(longNote).md", atomically: true, encoding: .utf8)
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: URL(fileURLWithPath: fixture.vault + "/\(longFolder)/picture.png"))
        try "# Home\n\n[[Long Tag]], [[\(longNote)]], [[\(longFolder)/Deep]].\n"
            .write(toFile: fixture.vault + "/Home.md", atomically: true, encoding: .utf8)
        return (fixture, longNote, longFolder)
    }

    /// Every relative href of the page at `page` in the site, resolved against the page's folder.
    private func localTargets(of page: String, in fixture: RenderFixture) throws -> [String] {
        let html = try fixture.page(page)
        let folder = (page as NSString).deletingLastPathComponent
        return html.components(separatedBy: "href=\"").dropFirst().compactMap { rest -> String? in
            let href = String(rest.prefix { $0 != "\"" && $0 != "#" })
            guard !href.isEmpty, !href.contains(":"), let decoded = href.removingPercentEncoding else { return nil }
            var parts: [Substring] = folder.isEmpty ? [] : folder.split(separator: "/")
            for part in decoded.split(separator: "/") {
                if part == ".." { parts = parts.dropLast() } else { parts.append(part) }
            }
            return parts.joined(separator: "/")
        }
    }

    @Test("every page is written, every name fits, and links land on files that are there")
    func rendersWithShortenedNames() throws {
        let (fixture, longNote, _) = try fixture()
        defer { fixture.remove() }
        let report = try fixture.render()
        #expect(report.notes == 4)
        #expect(report.attachments == 1)
        let files = fixture.outputFiles()
        for file in files {
            for part in file.split(separator: "/") { #expect(part.utf8.count <= 255, "\(file)") }
        }
        let pages = files.filter { $0.hasSuffix(".html") && !$0.hasPrefix("tags/") && !["index.html", "search.html", "404.html"].contains($0) }
        #expect(pages.count == 4)
        let longPage = try #require(pages.first { $0.hasPrefix(String(repeating: "n", count: 100)) })
        #expect(longPage.utf8.count < longNote.utf8.count)
        let tagPages = files.filter { $0.hasPrefix("tags/") }
        #expect(tagPages.count == 2, "the long tag and its nested tag")
        for page in pages + ["index.html"] + tagPages {
            for target in try localTargets(of: page, in: fixture) where !target.hasPrefix("_knap") && target != "search.html" {
                #expect(files.contains(target), "\(page) links to \(target)")
            }
        }
        #expect(try localTargets(of: "long-tag.html", in: fixture).contains { $0.hasPrefix("tags/long") })
    }

    @Test("the shortened names are the same on every render, and the second render writes nothing")
    func stable() throws {
        let (fixture, _, _) = try fixture()
        defer { fixture.remove() }
        try fixture.render()
        let first = fixture.outputFiles()
        let again = try fixture.render()
        #expect(again.written.isEmpty)
        #expect(fixture.outputFiles() == first)
    }

    @Test("a long name keeps its start, a hash and its extension; names that fit are unchanged", arguments: [
        String(repeating: "a", count: 300) + ".html", String(repeating: "b", count: 201), "short.html",
        String(repeating: "ü", count: 150) + ".png", String(repeating: "c", count: 250) + "." + String(repeating: "d", count: 40),
    ])
    func fitted(name: String) {
        let fitted = SitePaths.fitted(name)
        if name.utf8.count <= SitePaths.maxNameBytes {
            #expect(fitted == name)
            return
        }
        #expect(fitted.utf8.count <= SitePaths.maxNameBytes)
        #expect(fitted.first == name.first)
        #expect(fitted != SitePaths.fitted(name.dropLast() + "z"), "a hash of the whole name")
        if let dot = name.lastIndex(of: "."), name.distance(from: dot, to: name.endIndex) <= 17 {
            #expect(fitted.hasSuffix(String(name[dot...])))
        }
    }
}
