import Foundation
import KnapMarkdown
import Testing
@testable import KnapVerify

/// The suites that start processes run one at a time, one test at a time: they count processes
/// and zombies, which a test running beside them would change.
@Suite(.serialized) enum ProcessTests {}

/// Helpers shared by the verify tests.
enum Support {
    /// `Tests/Fixtures/Vaults/verify`.
    static let fixtures: String = {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/Vaults/verify").path
    }()

    /// A copy of a fixture folder in a fresh temporary folder; returns the copy's path.
    static func copyFixture(_ name: String) throws -> String {
        let base = NSTemporaryDirectory() + "knap-verify-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let target = base + "/" + name
        try FileManager.default.copyItem(atPath: fixtures + "/" + name, toPath: target)
        return target
    }

    /// Removes a copy made by ``copyFixture(_:)``, with the temporary folder around it.
    static func removeCopy(_ copy: String) {
        try? FileManager.default.removeItem(atPath: (copy as NSString).deletingLastPathComponent)
    }

    static func extract(_ markdown: String, path: String = "Note.md") -> (snippets: [Snippet], skipped: [SkippedBlock]) {
        let note = NoteParser.parse(markdown, path: path)
        return SnippetExtractor(registry: .standard).extract(note, text: markdown)
    }

    /// Verifies notes under `paths` and returns the results in note order.
    static func verify(_ paths: [String], jobs: Int = 2, timeout: Double = 10, cache: (any VerifyResultCache)? = nil,
                       configure: (inout VerifyOptions) -> Void = { _ in }) async -> [SnippetResult] {
        var options = VerifyOptions(jobs: jobs)
        options.timeout = timeout
        configure(&options)
        let collector = NoteCollector(extractor: SnippetExtractor(registry: .standard))
        let files = collector.noteFiles(paths).files
        let items = collector.items(files: files).items
        let verifier = Verifier(options: options, cache: cache)
        return await verifier.run(verifier.select(items)) { _, _ in }
    }

    /// Verifies one note written from `markdown` in a temporary folder.
    static func verify(markdown: String, timeout: Double = 10) async throws -> [SnippetResult] {
        let directory = NSTemporaryDirectory() + "knap-verify-note-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/Note.md"
        try Data(markdown.utf8).write(to: URL(fileURLWithPath: path))
        return await verify([path], timeout: timeout)
    }

    /// Pids of live (not zombie) processes whose command line contains `marker`.
    static func processes(containing marker: String) -> [Int32] {
        var found: [Int32] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(name), pid != getpid(),
                  let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { continue }
            let command = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            guard command.contains(marker) else { continue }
            if let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
               let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "Z" { continue }
            found.append(pid)
        }
        return found
    }

    /// Children of this process that have ended but were not reaped.
    static func zombieChildren() -> [Int32] {
        let me = getpid()
        return ProcessTable.read().entries.filter { $0.parent == me && $0.state == "Z" }.map(\.pid)
    }

    /// A marker unlikely to appear in any other process's command line.
    static func marker() -> String { String(UInt32.random(in: 100_000...999_999)) }
}
