import Foundation
import KnapVault

/// Verify results kept in the vault's index database (`<vault>/.knap/index.sqlite`, table
/// `verify_results`). A database error never fails a run: the result is then simply not cached.
public final class VaultVerifyResultCache: VerifyResultCache {
    private let index: VaultIndex

    public init(index: VaultIndex) {
        self.index = index
    }

    public func cachedVerifyResult(key: String) -> CachedVerifyResult? {
        guard let stored = try? index.cachedVerifyResult(key: key) else { return nil }
        return CachedVerifyResult(passed: stored.status == SnippetResult.Status.pass.rawValue, durationMs: stored.durationMs,
                                  verifiedAt: stored.updatedAt)
    }

    public func storeVerifyResult(key: String, result: CachedVerifyResult) {
        _ = try? index.storeVerifyResult(key: key, status: result.passed ? SnippetResult.Status.pass.rawValue : SnippetResult.Status.fail.rawValue,
                                         output: "", durationMs: result.durationMs, at: result.verifiedAt)
    }
}
