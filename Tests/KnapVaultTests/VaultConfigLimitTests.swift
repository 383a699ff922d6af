import Foundation
import KnapMarkdown
import Testing
@testable import KnapVault

/// `knap.yaml` is read within the same YAML limits as frontmatter.
@Suite struct VaultConfigLimitTests {
    @Test func anAliasBombInTheConfigIsAClearErrorNamingTheFile() {
        let root = Fixtures.path("config-bomb")
        do {
            _ = try VaultConfig.load(vault: root)
            Issue.record("the config bomb was accepted")
        } catch {
            guard case .invalid(let path, let reason) = error else { Issue.record("\(error)"); return }
            #expect(path.hasSuffix("config-bomb/knap.yaml"))
            #expect(reason.contains("aliases expand too far"))
        }
    }

    @Test func aConfigOverOneMiBIsNotRead() throws {
        let root = try Fixtures.copy("config-bomb")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let big = "ignore:\n" + String(repeating: "  - x\n", count: BoundedYAML.maxBytes / 6 + 1)
        try Data(big.utf8).write(to: URL(fileURLWithPath: root + "/knap.yaml"))
        #expect(throws: VaultConfigError.invalid(root + "/knap.yaml", "larger than 1 MiB (\(big.utf8.count) bytes)")) {
            try VaultConfig.load(vault: root)
        }
    }

    @Test func aliasesWithinTheBudgetStillWork() throws {
        let config = try VaultConfig.parse("globs: &g [a/, b/]\nignore: *g\n", path: "knap.yaml")
        #expect(config.ignore.map(\.pattern) == ["a/", "b/"])
    }
}
