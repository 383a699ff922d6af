import Foundation
import Testing
@testable import KnapRender

@Suite("Incremental rendering")
struct IncrementalRenderTests {
    private func modified(_ path: String) throws -> Date {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return attributes[.modificationDate] as? Date ?? .distantPast
    }

    @Test("a second render of an unchanged vault writes nothing")
    func unchanged() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        let first = try fixture.render()
        #expect(!first.written.isEmpty)
        let second = try fixture.render()
        #expect(second.written.isEmpty)
        #expect(second.unchanged == first.written.count)
    }

    @Test("changing one note rewrites its page, not unrelated ones")
    func oneChange() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        let untouched = try modified(fixture.output + "/python-multiprocessing.html")
        let path = fixture.vault + "/Cycle B.md"
        try (String(contentsOfFile: path, encoding: .utf8) + "\nA new line.\n").write(toFile: path, atomically: true, encoding: .utf8)
        let report = try fixture.render()
        #expect(report.written.contains("cycle-b.html"))
        #expect(report.written.contains("cycle-a.html"), "Cycle A embeds Cycle B")
        #expect(!report.written.contains("python-multiprocessing.html"))
        #expect(try modified(fixture.output + "/python-multiprocessing.html") == untouched)
        #expect(try fixture.page("cycle-b.html").contains("A new line."))
    }

    @Test("a deleted note's page is removed; files Knap did not write are left alone")
    func deletion() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        try "keep me".write(toFile: fixture.output + "/mine.txt", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: fixture.vault + "/Folder/Other Note.md")
        let report = try fixture.render()
        #expect(report.removed == ["folder/other-note.html"])
        #expect(!FileManager.default.fileExists(atPath: fixture.output + "/folder/other-note.html"))
        #expect(FileManager.default.fileExists(atPath: fixture.output + "/mine.txt"))
        #expect(try fixture.page("home.html").contains(#"<a class="internal-link broken" href="">Other Note</a>"#))
    }

    @Test("the output folder may not be the vault or contain it")
    func outputContainsVault() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        #expect(throws: RenderError.self) {
            try SiteRenderer(vault: fixture.vault, output: fixture.vault).render()
        }
        #expect(throws: RenderError.self) {
            try SiteRenderer(vault: fixture.vault, output: fixture.temp).render()
        }
    }
}

@Suite("Incremental rendering matches a full one")
struct IncrementalEquivalenceTests {
    private func files(_ fixture: RenderFixture, _ output: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let paths = FileManager.default.enumerator(atPath: output)?.compactMap { $0 as? String } ?? []
        for path in paths where path != "_knap/cache.txt" {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: output + "/" + path, isDirectory: &isFolder)
            if !isFolder.boolValue { result[path] = try Data(contentsOf: URL(fileURLWithPath: output + "/" + path)) }
        }
        return result
    }

    @Test("changing headings, titles, links and embedded notes redraws exactly what a full render would change",
          arguments: [
            ("Folder/Other Note.md", "## Second Part", "## Second Part Renamed"),   // outline of a linked, embedded note
            ("Folder/Other Note.md", "An introduction that links [[Home]].", "No link any more."),  // backlinks of Home
            ("Chain/D9.md", "Level 9.", "Level nine."),                            // deep in an embed chain
            ("Cycle B.md", "B embeds A:", "---\ntitle: Bee\n---\nB embeds A:"),   // title shown in backlinks
          ])
    func equivalence(_ note: String, _ old: String, _ new: String) throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        let path = fixture.vault + "/" + note
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
        let report = try fixture.render()
        #expect(report.incremental)
        #expect(report.parsed < report.notes, "unchanged notes are not parsed again")
        let full = fixture.temp + "/full"
        let fullReport = try SiteRenderer(vault: fixture.vault, output: full).render()
        #expect(!fullReport.incremental)
        let incremental = try files(fixture, fixture.output)
        let expected = try files(fixture, full)
        #expect(incremental.keys.sorted() == expected.keys.sorted())
        for (file, data) in expected where incremental[file] != data {
            Issue.record("\(file) differs between the incremental and the full render")
        }
    }
}

@Suite("The render cache")
struct RenderCacheTests {
    @Test("summaries survive a round trip, tabs, newlines and backslashes included")
    func roundTrip() throws {
        let summary = NoteSummary(path: "a\tb/c\\d.md", size: 12, mtime: 345, title: "T\nitle\\",
                                  tags: ["x", "y\tz"], headings: [.init(level: 2, text: "H\\\n", slug: "h")],
                                  blockIDs: ["b1"], aliases: [], linksTo: ["o.md"], embeds: [],
                                  searchJSON: #"{"text":"a\\tb"}"#)
        let cache = RenderCache(fingerprint: "f00", notes: [summary.path: summary], attachments: ["p.png": "1:2"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knap-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/_knap", withIntermediateDirectories: true)
        try cache.encoded().write(to: URL(fileURLWithPath: folder + "/" + RenderCache.path))
        // The search entries are read back from the search index, not kept in the cache.
        #expect(RenderCache.load(output: folder, fingerprint: "f00") == nil, "no search index: no cache")
        try SearchIndex.script([summary.searchJSON]).write(to: URL(fileURLWithPath: folder + "/" + SearchIndex.path))
        let loaded = try #require(RenderCache.load(output: folder, fingerprint: "f00"))
        #expect(loaded.notes[summary.path] == summary)
        #expect(loaded.attachments == ["p.png": "1:2"])
        #expect(RenderCache.load(output: folder, fingerprint: "other") == nil)
        // A search index whose entry is not of the length the cache noted voids the cache.
        try SearchIndex.script([#"{"text":"another"}"#]).write(to: URL(fileURLWithPath: folder + "/" + SearchIndex.path))
        #expect(RenderCache.load(output: folder, fingerprint: "f00") == nil)
        // Written again from the loaded cache, unchanged lines are kept byte for byte.
        #expect(cache.encoded() == loaded.encoded(reusing: loaded))
    }

    @Test("the search index splits back into its entries, in order")
    func searchEntries() throws {
        let entries = [#"{"a":"x,y"}"#, "{}", #"{"b":"\\n"}"#]
        let script = [UInt8](SearchIndex.script(entries))
        let ranges = try #require(SearchIndex.entries(inScript: script))
        #expect(ranges.map { String(decoding: script[$0], as: UTF8.self) } == entries)
        #expect(SearchIndex.entries(inScript: [UInt8](SearchIndex.script([]))) == [])
        #expect(SearchIndex.entries(inScript: Array("window.KNAP_SEARCH = [{}\n{}];\n".utf8)) == nil, "a comma is missing")
        #expect(SearchIndex.entries(inScript: Array("something else".utf8)) == nil)
    }

    @Test("a damaged cache gives a full render, not a wrong one")
    func damaged() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        let path = fixture.output + "/" + RenderCache.path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try (text + "garbage line\n").write(toFile: path, atomically: true, encoding: .utf8)
        let report = try fixture.render()
        #expect(!report.incremental)
        #expect(report.parsed == report.notes)
    }
}

@Suite("Incremental rendering when a note stops or starts being readable")
struct ReadabilityChangeTests {
    @Test("a note that becomes unreadable, then readable again: links to it follow")
    func readability() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        let path = fixture.vault + "/Folder/Other Note.md"
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        try (original + Data([0xFF, 0x0A])).write(to: URL(fileURLWithPath: path))
        let broken = try fixture.render()
        #expect(broken.diagnostics.count == 1)
        #expect(try fixture.page("home.html").contains(#"<a class="internal-link broken" href="">Other Note</a>"#))
        #expect(!FileManager.default.fileExists(atPath: fixture.output + "/folder/other-note.html"))
        try original.write(to: URL(fileURLWithPath: path))
        try fixture.render()
        #expect(try fixture.page("home.html").contains(#"<a class="internal-link" href="folder/other-note.html">Other Note</a>"#))
    }
}
