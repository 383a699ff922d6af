import Foundation
import Testing

/// Notes with bad bytes through the commands: invalid UTF-8 is read with U+FFFD and a warning.
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
}
