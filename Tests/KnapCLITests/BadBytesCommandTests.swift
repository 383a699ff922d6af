import Foundation
import Testing

/// Notes with bad bytes through the commands: invalid UTF-8 is read with U+FFFD and a warning, and
/// control characters from notes and file names are printed escaped.
@Suite struct BadBytesCommandTests {
    static let warning = "Bad Byte.md:3:4: warning: not valid UTF-8: each invalid byte sequence is read as U+FFFD"

    @Test func aNoteWithAnInvalidByteIsCheckedIndexedSearchedVerifiedAndRendered() throws {
        let vault = try KnapBinary.copy("parse-hostile")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let check = try KnapBinary.run(["check"], in: vault)
        #expect(check.stdout.split(separator: "\n").contains { $0 == Self.warning[...] }, "\(check.stdout)")
        let search = try KnapBinary.run(["search", "lait"], in: vault)
        #expect(search.status == 0)
        #expect(search.stdout.contains("Bad Byte.md:3"))
        #expect(search.stdout.contains("Caf\u{FFFD} au"))
        let tags = try KnapBinary.run(["tags"], in: vault)
        #expect(tags.stdout.contains("latin-tag"))
        let backlinks = try KnapBinary.run(["backlinks", "Alias Bomb"], in: vault)
        #expect(backlinks.stdout.contains("Bad Byte.md"))
        let verify = try KnapBinary.run(["verify", "Bad Byte.md"], in: vault)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("1 passed, 0 failed"))
        let site = vault + "-site"
        defer { try? FileManager.default.removeItem(atPath: site) }
        let render = try KnapBinary.run(["render", "--out", site], in: vault)
        #expect(render.status == 0, "\(render.stderr)")
        let page = try String(contentsOfFile: site + "/bad-byte.html", encoding: .utf8)
        #expect(page.contains("Caf\u{FFFD} au lait"))
    }

    @Test func blessRefusesToWriteIntoANoteWithInvalidUTF8() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("Latin.md")
        // A lone 0xEF: "naïve" in Latin-1 would be 0xEF too.
        let original = Data(Array("# Latin\n\nna".utf8) + [0xEF] + Array("ve\n\n```sh\necho new\n```\n\n```output\nold\n```\n".utf8))
        try original.write(to: file)
        let result = try KnapBinary.run(["verify", "--bless", "Latin.md"], in: directory.path)
        #expect(result.stdout.contains("0 passed, 1 failed"))
        #expect(result.stderr.contains("Latin.md:3:3: not blessed: the note is not valid UTF-8"), "\(result.stderr)")
        #expect(!result.stderr.contains("blessed Latin.md"))
        #expect(try Data(contentsOf: file) == original)
    }

    /// Control characters a terminal acts on: C0 but tab and newline, DEL, C1.
    private static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\t" && $0 != "\n") || (0x7F..<0xA0).contains($0.value) }
    }

    @Test func controlCharactersFromNotesAndNamesArePrintedEscaped() throws {
        let vault = try KnapBinary.copy("parse-hostile")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        // A name with BEL and ESC, made here: git and some file systems take such names badly.
        let name = "Bell\u{7}Esc\u{1B}[31m.md"
        try Data("# Name\n\n[[Control Characters]]\n".utf8).write(to: URL(fileURLWithPath: vault + "/" + name))
        let escapedName = "Bell\\u{7}Esc\\u{1B}[31m.md"
        let runs: [([String], [String])] = [
            (["index"], []),
            (["check"], [#"Control Characters.md:6:10: error: unresolved link [[Missing \u{1B}[2J note]]"#]),
            (["parse", "Control Characters.md"], [#"4: # Heading \u{1B}]0;retitled\u{7}"#, #"tags: #red\u{1B}[31m #bell\u{7}"#]),
            (["links", "Control Characters"], [#"[[Missing \u{1B}[2J note]] -> (none)"#]),
            (["backlinks", "Control Characters"], [escapedName + ":3:1: [[Control Characters]]"]),
            (["search", "escapology"], [#"«escapology» \u{1B}[5m blink \u{7F} and \u{9B}31m"#]),
            (["tags"], [#"#red\u{1B}[31m"#, #"#bell\u{7}"#]),
            (["orphans"], [escapedName]),
            (["graph"], ["\"\(escapedName)\" -> \"Control Characters.md\""]),
            (["verify", "Control Characters.md"], [#"+out\u{1B}[31m"#]),
        ]
        for (arguments, expected) in runs {
            let result = try KnapBinary.run(arguments, in: vault)
            let output = result.stdout + result.stderr
            #expect(!Self.hasControlCharacters(output), "\(arguments): \(output.debugDescription)")
            for line in expected { #expect(output.contains(line), "\(arguments): \(output)") }
        }
    }

    @Test func jsonOutputEscapesControlCharactersAsJSONDoes() throws {
        let vault = try KnapBinary.copy("parse-hostile")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        for arguments in [["parse", "Control Characters.md"], ["search", "escapology"], ["tags"], ["check"]] {
            let result = try KnapBinary.run(arguments + ["--format", "json"], in: vault)
            #expect(!Self.hasControlCharacters(result.stdout), "\(arguments): \(result.stdout.debugDescription)")
            // Still JSON: the escapes are JSON's own.
            #expect(throws: Never.self, "\(arguments)") { try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) }
            #expect(result.stdout.lowercased().contains("\\u001b"), "\(arguments)")
        }
        let search = try KnapBinary.run(["search", "escapology", "--format", "json"], in: vault)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [String: Any])
        let hits = try #require(object["results"] as? [[String: Any]])
        // The strings are the note's own, control characters included.
        let snippet = try #require(hits.first?["snippet"] as? String)
        #expect(snippet.contains("\u{1B}[5m blink \u{7F} and \u{9B}31m"))
    }
}
