import Foundation
import Testing

/// The `parse-hostile` and `config-bomb` fixture vaults through the commands, each run under a 1 GiB
/// address-space limit: a regression fails here instead of taking the machine's memory.
@Suite struct HostileParseCommandTests {
    static let addressSpace = 1 << 30

    @Test func parseRefusesTheAliasBombAndPrintsTheRest() throws {
        let vault = KnapBinary.fixtures.appendingPathComponent("parse-hostile").path
        let result = try KnapBinary.run(["parse", "Alias Bomb.md"], in: vault, addressSpace: Self.addressSpace)
        #expect(!result.signalled)
        #expect(result.status == 0)
        #expect(result.stderr.contains("Alias Bomb.md:1:1: error: invalid frontmatter: aliases expand too far"))
        #expect(result.stdout.contains("tags: #body-tag"))
        #expect(result.stdout.contains("[[Deep Frontmatter]]"))
    }

    @Test func checkIndexAndRenderGoOnPastTheHostileFrontmatter() throws {
        let vault = try KnapBinary.copy("parse-hostile")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let check = try KnapBinary.run(["check"], in: vault, addressSpace: Self.addressSpace)
        #expect(!check.signalled)
        #expect(check.status == 1)
        #expect(check.stdout.contains("Alias Bomb.md:1:1: error: invalid frontmatter: aliases expand too far"))
        #expect(check.stdout.contains("Deep Frontmatter.md:2:1: error: invalid frontmatter: nested deeper than 100 levels"))
        let index = try KnapBinary.run(["index"], in: vault, addressSpace: Self.addressSpace)
        #expect(!index.signalled && index.status == 0, "\(index.stderr)")
        let tags = try KnapBinary.run(["tags"], in: vault, addressSpace: Self.addressSpace)
        #expect(tags.stdout.contains("body-tag") && !tags.stdout.contains("lol"))
        let site = vault + "-site"
        defer { try? FileManager.default.removeItem(atPath: site) }
        let render = try KnapBinary.run(["render", "--out", site], in: vault, addressSpace: Self.addressSpace)
        #expect(!render.signalled && render.status == 0, "\(render.stderr)")
        let pages = try FileManager.default.subpathsOfDirectory(atPath: site)
        #expect(pages.contains { $0.hasPrefix("alias-bomb") || $0.hasPrefix("Alias") })
    }

    @Test func aConfigBombIsAClearErrorNamingTheFile() throws {
        let vault = try KnapBinary.copy("config-bomb")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        for command in [["check"], ["index"]] {
            let result = try KnapBinary.run(command, in: vault, addressSpace: Self.addressSpace)
            #expect(!result.signalled)
            #expect(result.status != 0, "\(command)")
            #expect(result.stderr.contains("knap.yaml: invalid config: aliases expand too far"), "\(command): \(result.stderr)")
        }
    }

    /// A note that is a FIFO or a symlink to `/dev/zero` would block or never end: it is refused by name.
    @Test func verifyRefusesFilesThatAreNotRegular() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("notes").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: folder + "/zero.md", withDestinationPath: "/dev/zero")
        #expect(mkfifo(folder + "/pipe.md", 0o600) == 0)
        let result = try KnapBinary.run(["verify", "notes"], in: directory.path, addressSpace: Self.addressSpace)
        #expect(!result.signalled)
        #expect(result.status == 1)
        #expect(result.stderr.contains("notes/zero.md:1:1: error: cannot read: not a regular file"))
        #expect(result.stderr.contains("notes/pipe.md:1:1: error: cannot read: not a regular file"))
    }
}
