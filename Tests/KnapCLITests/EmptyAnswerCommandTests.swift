import Foundation
import Testing

/// No result is still an answer (issue 17 §3): each query says so on stderr, and stdout stays empty
/// for scripts.
@Suite struct EmptyAnswerCommandTests {
    @Test func emptyResultsSaySo() throws {
        let vault = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: vault) }
        try FileManager.default.createDirectory(at: vault.appendingPathComponent(".obsidian"), withIntermediateDirectories: true)
        try Data("# A\n[[B]]\n".utf8).write(to: vault.appendingPathComponent("A.md"))
        try Data("# B\n[[A]]\n".utf8).write(to: vault.appendingPathComponent("B.md"))
        let expected: [([String], String)] = [
            (["orphans"], "no orphans: every note has a link to it\n"),
            (["tags"], "no tags\n"),
            (["search", "zebra"], "no matches for 'zebra'\n"),
            (["search", "a", "--tag", "x"], "no matches for 'a' with tag #x\n"),
        ]
        for (arguments, message) in expected {
            let result = try KnapBinary.run(arguments, in: vault.path)
            #expect(result.status == 0)
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr == message, "\(arguments)")
        }
        try Data("# C\n".utf8).write(to: vault.appendingPathComponent("C.md"))
        let links = try KnapBinary.run(["links", "C"], in: vault.path)
        #expect(links.stderr == "no links in C.md\n")
        let backlinks = try KnapBinary.run(["backlinks", "C"], in: vault.path)
        #expect(backlinks.stderr == "no links to C.md\n")
    }
}
