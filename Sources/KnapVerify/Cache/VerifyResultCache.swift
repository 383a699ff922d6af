import Foundation

/// A stored passing result.
public struct CachedVerifyResult: Sendable, Hashable {
    public var passed: Bool
    public var durationMs: Int
    public var verifiedAt: Date

    public init(passed: Bool, durationMs: Int, verifiedAt: Date = Date()) {
        self.passed = passed
        self.durationMs = durationMs
        self.verifiedAt = verifiedAt
    }
}

/// Where verify results are kept between runs, by ``CacheKey``. The vault's index database is the
/// real store; ``InMemoryVerifyResultCache`` serves tests and runs without a vault.
public protocol VerifyResultCache: Sendable {
    func cachedVerifyResult(key: String) -> CachedVerifyResult?
    func storeVerifyResult(key: String, result: CachedVerifyResult)
}

public final class InMemoryVerifyResultCache: VerifyResultCache, @unchecked Sendable {
    private var results: [String: CachedVerifyResult] = [:]
    private let lock = NSLock()

    public init() {}

    public func cachedVerifyResult(key: String) -> CachedVerifyResult? {
        lock.lock()
        defer { lock.unlock() }
        return results[key]
    }

    public func storeVerifyResult(key: String, result: CachedVerifyResult) {
        lock.lock()
        defer { lock.unlock() }
        results[key] = result
    }

    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return results.count
    }
}
