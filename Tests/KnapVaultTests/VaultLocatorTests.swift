import Foundation
import Testing
@testable import KnapVault

/// Finding the vault (issue 17 §1): markers upward, the unmarked fallbacks and their refusals.
@Suite struct VaultLocatorTests {
    private func tree(_ files: [String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("knap-locate-\(UUID().uuidString)")
        for file in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !file.hasSuffix("/") { try Data("# x\n".utf8).write(to: url) }
        }
        return root.standardizedFileURL.path
    }

    @Test func theNearestMarkerWinsAndPathsAreWrittenFromTheCurrentFolder() throws {
        let root = try tree(["outer/.obsidian/", "outer/inner/knap.yaml", "outer/inner/a/b/Note.md"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let locator = VaultLocator(currentFolder: root + "/outer/inner/a/b", homeFolder: nil)
        let found = try locator.locate(given: nil)
        #expect(found == .init(root: root + "/outer/inner", path: "../..", origin: .marker))
        let fromOuter = VaultLocator(currentFolder: root + "/outer", homeFolder: nil)
        #expect(try fromOuter.locate(given: nil).path == ".")
        #expect(try fromOuter.locate(paths: ["inner/a/b/Note.md"]).path == "inner")
    }

    @Test func anUnmarkedFolderPathIsItsOwnVault() throws {
        let root = try tree(["notes/sub/Note.md"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let locator = VaultLocator(currentFolder: root, homeFolder: nil)
        #expect(try locator.locate(paths: ["notes"]) == .init(root: root + "/notes", path: "notes", origin: .unmarked))
        #expect(try locator.locate(paths: ["notes/sub/Note.md"]).root == root)
        #expect(throws: VaultLocatorError.missing("gone")) { try locator.locate(paths: ["gone"]) }
    }

    @Test func tooBroadFoldersAreRefused() throws {
        let root = try tree(["a.md", "b.md", "c.md"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        var locator = VaultLocator(currentFolder: root, homeFolder: nil)
        locator.fileLimit = 2
        #expect(throws: VaultLocatorError.tooBroad(root, reason: "it holds more than 2 files")) { try locator.locate(given: nil) }
        locator.fileLimit = 3
        #expect(try locator.locate(given: nil).origin == .unmarked)
        #expect(throws: VaultLocatorError.self) { try VaultLocator(currentFolder: root, homeFolder: root).locate(given: nil) }
        #expect(throws: VaultLocatorError.self) { try VaultLocator(currentFolder: "/", homeFolder: nil).locate(given: nil) }
        // A folder given is taken as it is.
        #expect(try locator.locate(given: root).origin == .given)
        #expect(throws: VaultLocatorError.notAFolder(root + "/a.md")) { try locator.locate(given: root + "/a.md") }
    }
}
