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

    /// Renders the fixture, applies `change` to its vault, renders again, and expects the site to
    /// be the same as a full render of the changed vault. Returns the second render's report.
    @discardableResult
    private func expectSameAsFull(_ change: (RenderFixture) throws -> Void) throws -> RenderReport {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        try change(fixture)
        let report = try fixture.render()
        let full = fixture.temp + "/full"
        let fullReport = try SiteRenderer(vault: fixture.vault, output: full).render()
        #expect(!fullReport.incremental)
        let incremental = try files(fixture, fixture.output)
        let expected = try files(fixture, full)
        #expect(incremental.keys.sorted() == expected.keys.sorted())
        for (file, data) in expected where incremental[file] != data {
            Issue.record("\(file) differs between the incremental and the full render")
        }
        // The cache written by the incremental render serves the next one as the full render's does.
        try fixture.render()
        let third = try files(fixture, fixture.output)
        for (file, data) in expected where third[file] != data {
            Issue.record("\(file) differs after a third render")
        }
        return report
    }

    private func replace(_ old: String, _ new: String, in note: String, of fixture: RenderFixture) throws {
        let path = fixture.vault + "/" + note
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("changing headings, titles, tags, links and embedded notes redraws exactly what a full render would change",
          arguments: [
            // The quick path (only the cache lines it needs are read):
            ("Folder/Other Note.md", "## Second Part", "## Second Part Renamed", true),   // outline of a linked, embedded note
            ("Folder/Other Note.md", "An introduction that links [[Home]].", "No link any more.", true),  // backlinks of Home
            ("Chain/D9.md", "Level 9.", "Level nine.", true),                            // deep in an embed chain
            ("Cycle B.md", "B embeds A:", "B embeds A and links [[Python Multiprocessing]]:", true),  // a new backlink
            ("Python Multiprocessing.md", "GIL", "global lock", true),                   // the search entry only
            ("Cycle B.md", "![[Cycle A]]", "![[Other Note#Second Part]]", true),         // another embed
            // The full path (index and tag pages change):
            ("Cycle B.md", "B embeds A:", "---\ntitle: Bee\n---\nB embeds A:", true),    // not frontmatter: a rule and text
            // The full path (index and tag pages change):
            ("Cycle B.md", "# Cycle B", "---\ntitle: Bee\n---\n# Cycle B", false),       // title shown in backlinks, index
            ("Folder/Other Note.md", "tags: guide", "tags: [guide, extra]", false),      // a new tag
            ("Folder/Other Note.md", "tags: guide", "tags: []", false),                  // a tag page loses a note
          ])
    func equivalence(_ note: String, _ old: String, _ new: String, quick: Bool) throws {
        let report = try expectSameAsFull { fixture in try replace(old, new, in: note, of: fixture) }
        #expect(report.incremental)
        #expect(report.quick == quick)
        if quick { #expect(report.parsed < report.notes, "unchanged notes are not parsed again") }
    }

    @Test("adding, deleting and renaming notes, and pages removed from the output by hand")
    func fileChanges() throws {
        try expectSameAsFull { fixture in
            try "# New\n\nLinks [[Home]] and embeds ![[Cycle A]].\n".write(toFile: fixture.vault + "/New.md", atomically: true, encoding: .utf8)
        }
        try expectSameAsFull { fixture in try FileManager.default.removeItem(atPath: fixture.vault + "/Chain/D5.md") }
        try expectSameAsFull { fixture in
            try FileManager.default.moveItem(atPath: fixture.vault + "/Cycle A.md", toPath: fixture.vault + "/Cycle Z.md")
        }
        let report = try expectSameAsFull { fixture in
            try FileManager.default.removeItem(atPath: fixture.output + "/chain/d3.html")
            try replace("Level 9.", "Level nine.", in: "Chain/D9.md", of: fixture)
        }
        #expect(report.quick)
        #expect(report.written.contains("chain/d3.html"))
    }

    @Test("a cache cut short (it is written in place) gives a full render, not a wrong one")
    func tornCache() throws {
        let report = try expectSameAsFull { fixture in
            let cache = fixture.output + "/" + RenderCache.path
            let data = try Data(contentsOf: URL(fileURLWithPath: cache))
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cache))
            try replace("Level 9.", "Level nine.", in: "Chain/D9.md", of: fixture)
        }
        #expect(!report.incremental)
    }

    @Test("a damaged search index shard gives a full render, not a wrong one")
    func damagedShard() throws {
        let report = try expectSameAsFull { fixture in
            let shard = fixture.output + "/" + SearchIndex.path(ofShard: SearchIndex.shard(of: "Chain/D9.md"))
            let text = try String(contentsOfFile: shard, encoding: .utf8)
            try text.replacingOccurrences(of: "Level 9", with: "Level 99").write(toFile: shard, atomically: true, encoding: .utf8)
            try replace("Level 9.", "Level nine.", in: "Chain/D9.md", of: fixture)
        }
        #expect(!report.incremental)
    }
}

@Suite("The render cache")
struct RenderCacheTests {
    @Test("summaries survive a round trip, tabs, newlines and backslashes included")
    func roundTrip() throws {
        let summary = NoteSummary(path: "a\tb/c\\d.md", size: 12, mtime: 345, title: "T\nitle\\",
                                  tags: ["x", "y\tz"], headings: [.init(level: 2, text: "H\\\n", slug: "h")],
                                  blockIDs: ["b1"], aliases: [], linksTo: ["o.md"], embeds: [], attachments: ["p.png", "x\ty.pdf"],
                                  searchJSON: #"{"text":"a\\tb"}"#)
        let other = NoteSummary(path: "o.md", size: 1, mtime: 2, title: "O", tags: [], headings: [], blockIDs: [],
                                aliases: ["A"], linksTo: [], embeds: [], attachments: [], searchJSON: "{}")
        let notes = [summary.path: summary, other.path: other]
        let pages = [summary.path: "a-b/c-d.html", other.path: "o.html", "p.png": "p.png"]
        let data = RenderCache.encoded(fingerprint: "f00", notes: notes, attachments: ["p.png": "1:2"], pages: pages,
                                       tagPages: ["x": "tags/x.html"], folderStamps: ["": 7, "a-b": 8], reusing: nil, previousNotes: nil)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knap-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/_knap", withIntermediateDirectories: true)
        try Data(data.bytes).write(to: URL(fileURLWithPath: folder + "/" + RenderCache.path))
        let loaded = try #require(RenderCache.load(output: folder))
        #expect(loaded.fingerprint == "f00")
        #expect(loaded.pages == pages)
        #expect(loaded.attachments == ["p.png": "1:2"])
        #expect(loaded.tagPages == ["x": "tags/x.html"])
        #expect(loaded.folderStamps == ["": 7, "a-b": 8])
        #expect(loaded.order == [summary.path, other.path].sorted())
        var expected = summary
        expected.searchJSON = ""
        #expect(loaded.summary(of: summary.path) == expected)
        #expect(loaded.searchLength(of: summary.path) == summary.searchJSON.utf8.count)
        #expect(loaded.notes(listing: "o.md", in: .linksTo, excluding: []) == [summary.path])
        #expect(loaded.notes(listing: "o.md", in: .linksTo, excluding: [summary.path]) == [])
        #expect(loaded.notes(listing: "o.md", in: .embeds, excluding: []) == [])
        // The search entries are read back from the shards, not kept in the cache.
        #expect(loaded.allSummaries(output: folder) == nil, "no search index: no summaries")
        for shard in 0..<SearchIndex.shardCount {
            let entries = [summary, other].filter { SearchIndex.shard(of: $0.path) == shard }.sorted { $0.path < $1.path }
            try SearchIndex.script(entries.map(\.searchJSON)).write(to: URL(fileURLWithPath: folder + "/" + SearchIndex.path(ofShard: shard)))
        }
        #expect(loaded.allSummaries(output: folder) == notes)
        // A shard whose entry is not of the length the cache noted voids the summaries.
        let shard = SearchIndex.shard(of: other.path)
        let entries = [summary, other].filter { SearchIndex.shard(of: $0.path) == shard }.sorted { $0.path < $1.path }
        try SearchIndex.script(entries.map { $0.path == other.path ? "{ }" : $0.searchJSON })
            .write(to: URL(fileURLWithPath: folder + "/" + SearchIndex.path(ofShard: shard)))
        #expect(loaded.allSummaries(output: folder) == nil)
        // Written again from the loaded cache, unchanged lines are kept byte for byte.
        let again = RenderCache.encoded(fingerprint: "f00", notes: notes, attachments: ["p.png": "1:2"], pages: pages,
                                        tagPages: ["x": "tags/x.html"], folderStamps: ["": 7, "a-b": 8], reusing: loaded, previousNotes: notes)
        #expect(again == data)
        // Replacing a line gives the file a full encoding gives.
        var changed = other
        changed.size = 99
        changed.searchJSON = "{\"x\":1}"
        let replaced = loaded.replacing([changed], folderStamps: ["": 7, "a-b": 9])
        let full = RenderCache.encoded(fingerprint: "f00", notes: [summary.path: summary, other.path: changed],
                                       attachments: ["p.png": "1:2"], pages: pages, tagPages: ["x": "tags/x.html"],
                                       folderStamps: ["": 7, "a-b": 9], reusing: nil, previousNotes: nil)
        #expect(replaced == full)
        #expect(replaced.pieces.count > 2, "unchanged lines are slices of the loaded cache")
    }

    @Test("the checksum of bytes given piece by piece is the checksum of the whole")
    func checksumInPieces() {
        let bytes = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 3) }
        let whole = RenderCache.checksum(bytes, 0..<bytes.count)
        for cuts in [[0], [1], [31], [32], [33], [7, 8, 9, 40], [100, 131, 163, 999], Array(stride(from: 5, to: 1_000, by: 13))] {
            var sum = Checksum(length: bytes.count)
            var start = 0
            for cut in cuts + [bytes.count] {
                bytes.withUnsafeBytes { sum.add(UnsafeRawBufferPointer(rebasing: $0[start..<cut])) }
                start = cut
            }
            #expect(sum.value == whole, "cut at \(cuts)")
        }
        #expect(RenderCache.checksum(bytes, 0..<999) != whole)
        #expect(RenderCache.checksum(bytes, 3..<bytes.count) != RenderCache.checksum(bytes, 0..<bytes.count - 3))
    }

    @Test("a cache with any byte changed, or a line added, is not read")
    func checksum() throws {
        let summary = NoteSummary(path: "n.md", size: 12, mtime: 345, title: "N", tags: [], headings: [], blockIDs: [],
                                  aliases: [], linksTo: ["o.md"], embeds: [], attachments: [], searchJSON: "{}")
        let data = RenderCache.encoded(fingerprint: "f00", notes: [summary.path: summary], attachments: [:],
                                       pages: [summary.path: "n.html"], tagPages: [:], folderStamps: ["": 1], reusing: nil, previousNotes: nil)
        let bytes = data.bytes
        #expect(RenderCache(bytes: bytes) != nil)
        for index in bytes.indices where index > 40 {
            var damaged = bytes
            damaged[index] ^= 0x01
            #expect(RenderCache(bytes: damaged) == nil, "byte \(index) changed")
        }
        #expect(RenderCache(bytes: bytes + Array("n\tx.md\t1\t2\tx.html\n".utf8)) == nil)
    }

    @Test("the search index splits back into its entries, in order")
    func searchEntries() throws {
        let entries = [#"{"a":"x,y"}"#, "{}", #"{"b":"\\n"}"#]
        let script = [UInt8](SearchIndex.script(entries))
        let ranges = try #require(SearchIndex.entries(inScript: script))
        #expect(ranges.map { String(decoding: script[$0], as: UTF8.self) } == entries)
        #expect(SearchIndex.entries(inScript: [UInt8](SearchIndex.script([]))) == [])
        #expect(SearchIndex.entries(inScript: Array("window.KNAP_SEARCH = (window.KNAP_SEARCH || []).concat([{}\n{}]);\n".utf8)) == nil,
                "a comma is missing")
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

@Suite("Incremental rendering when a note gains or loses bad bytes")
struct ReadabilityChangeTests {
    @Test("a note that gains an invalid byte is rendered again with U+FFFD, and links to it still land")
    func readability() throws {
        let fixture = try RenderFixture("render-site")
        defer { fixture.remove() }
        try fixture.render()
        let link = #"<a class="internal-link" href="folder/other-note.html">Other Note</a>"#
        let path = fixture.vault + "/Folder/Other Note.md"
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        try (original + Data([0x0A, 0x7A, 0xFF, 0x0A])).write(to: URL(fileURLWithPath: path))
        let bad = try fixture.render()
        #expect(bad.diagnostics.isEmpty)
        #expect(try fixture.page("home.html").contains(link))
        #expect(try fixture.page("folder/other-note.html").contains("z\u{FFFD}"))
        try original.write(to: URL(fileURLWithPath: path))
        try fixture.render()
        #expect(try fixture.page("home.html").contains(link))
        #expect(try !fixture.page("folder/other-note.html").contains("\u{FFFD}"))
    }
}
