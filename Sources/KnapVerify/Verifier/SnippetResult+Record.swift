import Foundation
import KnapVault

extension SnippetResult {
    /// This verdict as the index keeps it for `knap render`'s badges, under the vault-relative
    /// `path`; nil for a fence that is not a snippet (another language, an orphan output fence).
    public func record(path: String, at date: Date = Date()) -> SnippetRecord? {
        guard let snippet else { return nil }
        var blocks = snippet.files.map(\.block)
        if case .outputFence(let output) = snippet.expectation.source { blocks.append(output) }
        return SnippetRecord(path: path, line: snippet.line, endLine: blocks.map(\.endLine).max() ?? snippet.line,
                             language: language, status: status.rawValue, durationMs: Int(duration * 1000),
                             hash: SnippetRecord.hash(of: blocks), updatedAt: date)
    }
}
