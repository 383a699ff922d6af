import Foundation
import Testing

@Suite struct ParseCommandTests {
    @Test func jsonHasTheFixedKeys() throws {
        let result = try KnapBinary.run(["parse", TestPaths.seed, "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["vault"] is NSNull)
        #expect(Set(object.keys) == ["knap", "vault", "path", "frontmatter", "tags", "headings", "links", "callouts", "codeBlocks", "blockIds", "diagnostics"])
        let frontmatter = try #require(object["frontmatter"] as? [String: Any])
        #expect(frontmatter["created"] as? String == "2022-11-09 19:20")
        let links = try #require(object["links"] as? [[String: Any]])
        #expect(links.count == 1)
        let link = try #require(links.first)
        #expect(link["target"] as? String == "108 Python Index")
        #expect(link["line"] as? Int == 6)
        #expect(link["embed"] as? Bool == false)
        // Absent parts are present as null.
        #expect(link.keys.contains("heading") && link["heading"] is NSNull)
        #expect(link["alias"] is NSNull && link["block"] is NSNull)
        let callouts = try #require(object["callouts"] as? [[String: Any]])
        #expect(callouts.compactMap { $0["type"] as? String } == ["caution", "important", "note"])
        #expect(callouts.compactMap { $0["fold"] as? String } == ["-", "-", "-"])
        let headings = try #require(object["headings"] as? [[String: Any]])
        #expect(headings.first?["slug"] as? String == "multiprocessing")
        #expect(Set(headings.first?.keys ?? [:].keys) == ["level", "text", "slug", "line"])
        let blocks = try #require(object["codeBlocks"] as? [[String: Any]])
        #expect(blocks.compactMap { $0["line"] as? Int } == [14, 33, 66, 110])
        #expect(Set(blocks.first?.keys ?? [:].keys) == ["language", "attributes", "line", "code"])
    }

    @Test func nullFoldAndEmptyTitle() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("c.md")
        try "> [!info]\n> body\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try KnapBinary.run(["parse", file.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let callout = try #require((object["callouts"] as? [[String: Any]])?.first)
        #expect(callout["fold"] is NSNull)
        #expect(callout["title"] as? String == "")
    }

    @Test func textSummaryByDefault() throws {
        let result = try KnapBinary.run(["parse", TestPaths.seed])
        #expect(result.status == 0)
        #expect(result.stdout.contains("6:12: [[108 Python Index]]"))
        #expect(result.stdout.contains("code blocks: 4"))
    }

    @Test func missingFileIsOneLineAndStatusOne() throws {
        let result = try KnapBinary.run(["parse", "/nonexistent/note.md"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: /nonexistent/note.md: no such file\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func directoryIsRefused() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try KnapBinary.run(["html", directory.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("is a folder, not a note: give a .md file"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func notUTF8IsAWarningAtTheByteAndTheNoteIsParsed() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("latin1.md")
        try Data("# Title\n".utf8 + [0x63, 0x61, 0x66, 0xE9, 0x20, 0x23, 0x74, 0x0A]).write(to: file)
        let result = try KnapBinary.run(["parse", file.path])
        #expect(result.status == 0)
        #expect(result.stderr == "\(file.path):2:4: warning: not valid UTF-8: each invalid byte sequence is read as U+FFFD\n")
        #expect(result.stdout.contains("tags: #t"))
        let html = try KnapBinary.run(["html", file.path])
        #expect(html.stdout.contains("caf\u{FFFD}"))
        #expect(html.stderr.contains(":2:4: warning: not valid UTF-8"))
    }

    @Test(.enabled(if: getuid() != 0, "root reads every file: no unreadable file can be made"))
    func unreadableFileIsRefused() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("secret.md")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0)
        let result = try KnapBinary.run(["parse", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot read"))
    }

    @Test(arguments: [["parse"], ["parse", "a.md", "--format", "yaml"], ["nosuchcommand"], ["html", "--bogus", "x.md"]])
    func usageErrorsExitTwo(_ arguments: [String]) throws {
        let result = try KnapBinary.run(arguments)
        #expect(result.status == 2)
        #expect(!result.stderr.isEmpty)
    }
}

@Suite struct HTMLCommandTests {
    @Test func commonmarkModeMatchesTheCmarkCLI() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("mixed.md")
        let markdown = try String(contentsOfFile: TestPaths.seed, encoding: .utf8)
            + "\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) ==hl== [[Link]] #tag\n"
        try markdown.write(to: file, atomically: true, encoding: .utf8)
        let cmark = try #require(["/usr/bin/cmark", "/usr/local/bin/cmark"].first { FileManager.default.isExecutableFile(atPath: $0) })
        for unsafe in [false, true] {
            let ours = try KnapBinary.run(["html", "--commonmark"] + (unsafe ? ["--unsafe-html"] : []) + [file.path])
            let process = Process()
            process.executableURL = URL(fileURLWithPath: cmark)
            process.arguments = (unsafe ? ["--unsafe"] : []) + [file.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let theirs = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(ours.status == 0)
            #expect(ours.stdout == theirs)
        }
    }

    @Test func obsidianModeDrawsLinksAndCallouts() throws {
        let result = try KnapBinary.run(["html", TestPaths.seed])
        #expect(result.status == 0)
        #expect(result.stdout.contains("<a class=\"internal-link\" href=\"108%20Python%20Index\">108 Python Index</a>"))
        #expect(result.stdout.contains("<div class=\"callout\" data-callout=\"caution\""))
        #expect(result.stdout.contains("<h3 id=\"locks-queues-and-pipes\">Locks, Queues and Pipes</h3>"))
    }

    @Test func rawHTMLIsEscapedUnlessAsked() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("raw.md")
        try "<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b> [j](javascript:alert(1))\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let safe = try KnapBinary.run(["html", file.path]).stdout
        #expect(!safe.contains("<script"))
        #expect(!safe.contains("<b "))
        #expect(safe.contains("&lt;script&gt;"))
        #expect(!safe.contains("javascript:"))
        let unsafe = try KnapBinary.run(["html", "--unsafe-html", file.path]).stdout
        #expect(unsafe.contains("<script>alert(1)</script>"))
    }
}
