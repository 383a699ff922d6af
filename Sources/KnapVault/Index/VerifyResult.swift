import Foundation

/// A cached result of verifying one snippet, keyed by whatever identifies the run (for example a
/// hash of the language, the code and the runner's version).
public struct VerifyResult: Sendable, Codable, Equatable {
    public var key: String
    public var status: String
    public var output: String
    public var durationMs: Int
    /// When the result was stored, in whole seconds since 1970.
    public var updatedAt: Date

    public init(key: String, status: String, output: String, durationMs: Int, updatedAt: Date) {
        self.key = key
        self.status = status
        self.output = output
        self.durationMs = durationMs
        self.updatedAt = updatedAt
    }
}
