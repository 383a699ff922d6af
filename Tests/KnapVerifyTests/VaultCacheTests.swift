import Foundation
import KnapVault
import Testing
@testable import KnapVerify

extension ProcessTests {
@Suite struct VaultCacheTests {
    @Test func passingResultsPersistInTheVaultIndex() async throws {
        let vault = try Support.copyFixture("passing")
        defer { Support.removeCopy(vault) }
        let note = vault + "/Multi-file.md"
        do {
            let (index, _) = try VaultIndex.open(vault: vault)
            let results = await Support.verify([note], cache: VaultVerifyResultCache(index: index))
            #expect(results.map(\.status) == [.pass, .pass, .pass])
            #expect(results.allSatisfy { !$0.cached })
        }
        #expect(FileManager.default.fileExists(atPath: vault + "/.knap/index.sqlite"))
        // A new process would open the index again: the stored passes stand in for runs.
        let (reopened, _) = try VaultIndex.open(vault: vault)
        let again = await Support.verify([note], cache: VaultVerifyResultCache(index: reopened))
        #expect(again.map(\.status) == [.pass, .pass, .pass])
        #expect(again.allSatisfy { $0.cached })
    }

    @Test func failuresAreNotStored() throws {
        let vault = try Support.copyFixture("failing")
        defer { Support.removeCopy(vault) }
        let (index, _) = try VaultIndex.open(vault: vault)
        let cache = VaultVerifyResultCache(index: index)
        #expect(cache.cachedVerifyResult(key: "k") == nil)
        cache.storeVerifyResult(key: "k", result: CachedVerifyResult(passed: true, durationMs: 12))
        #expect(cache.cachedVerifyResult(key: "k")?.passed == true)
        #expect(cache.cachedVerifyResult(key: "k")?.durationMs == 12)
    }
}
}
