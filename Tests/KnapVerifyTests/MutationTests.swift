import Foundation
import KnapMarkdown
import KnapVault
import Testing
@testable import KnapVerify

extension ProcessTests {
/// No expectation is dropped anywhere: in every fixture vault of expectation conventions, each
/// expected line is changed, one change per copy of its snippet, and every copy of a passing
/// snippet must fail; a comment line of a snippet that only `ran` is changed too, and its copy
/// must still only run. All the copies of a vault are verified in one run (Swift ones in one
/// merged build), so that the test stays fast. A snippet of a session cannot be copied alone:
/// each of its changes is a copy of the whole note instead.
@Suite struct MutationTests {
    static let vaults = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Vaults").path

    /// One changed copy of a snippet: the note lines it spans, with one line changed, or for a
    /// session's snippet the whole note (and the line of the snippet to look at).
    struct Mutant {
        var lines: [String]
        var expected: SnippetResult.Status
        var what: String
        var wholeNoteLine: Int?
    }

    @Test(arguments: ["verify-swift-book", "verify-go-style", "verify-python-course", "verify-markers-custom", "verify-not-markers",
                      "verify/passing", "verify-sessions"])
    func everyExpectedLineIsCompared(vault name: String) async throws {
        let vault = Self.vaults + "/" + name
        let markers = try VaultConfig.load(vault: vault).outputMarkers
        let baseline = await Self.verify([vault], markers: markers)
        #expect(!baseline.isEmpty)
        #expect(baseline.filter { $0.status == .fail }.isEmpty, "\(baseline.filter { $0.status == .fail }.map { "\($0.line) \($0.message)" })")

        var mutants: [Mutant] = []
        for result in baseline {
            guard let snippet = result.snippet, snippet.plan.role == .program else { continue }
            mutants += try Self.mutants(of: snippet, status: result.status)
        }
        #expect(mutants.contains { $0.expected == .fail } || name == "verify-not-markers")
        #expect(mutants.contains { $0.expected == .ran } || name != "verify-not-markers")
        #expect(mutants.contains { $0.wholeNoteLine != nil } == (name == "verify-sessions"))

        // One note holding every mutant, each under a heading of its own (so that multi-file
        // programs never join), in a vault with the same knap.yaml.
        let folder = NSTemporaryDirectory() + "knap-mutants-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let note = folder + "/Mutants.md"
        var text: [String] = ["# Mutants of \(name)", ""]
        var places: [String] = []
        for (index, mutant) in mutants.enumerated() {
            if let line = mutant.wholeNoteLine {
                let copy = folder + "/Whole note \(index + 1).md"
                try Data(mutant.lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: copy))
                places.append("\(copy):\(line)")
                continue
            }
            text += ["## Mutant \(index + 1)", ""]
            places.append("\(note):\(text.count + 1)")
            text += mutant.lines + [""]
        }
        try Data(text.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: note))
        let results = await Self.verify([folder], markers: markers)
        var byPlace: [String: SnippetResult] = [:]
        for result in results { byPlace["\(result.path):\(result.line)"] = result }
        for (mutant, place) in zip(mutants, places) {
            let status = byPlace[place]?.status
            #expect(status == mutant.expected, "\(name): \(mutant.what) gave \(String(describing: status)), not \(mutant.expected)")
        }
    }

    /// The copies of one snippet: one per expected line of a passing snippet (each must fail), one
    /// per comment line of a snippet that only ran (each must still only run).
    static func mutants(of snippet: Snippet, status: SnippetResult.Status) throws -> [Mutant] {
        let noteLines = try String(contentsOfFile: snippet.path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var end = snippet.lastBlock.endLine
        if case .outputFence(let output) = snippet.expectation.source { end = max(end, output.endLine) }
        let whole = snippet.plan.session != nil
        let first = whole ? 1 : snippet.line
        let region = whole ? noteLines : Array(noteLines[(snippet.line - 1)..<min(end, noteLines.count)])
        func mutant(_ noteLine: Int, _ expected: SnippetResult.Status) -> Mutant {
            var lines = region
            lines[noteLine - first] = mutate(lines[noteLine - first])
            return Mutant(lines: lines, expected: expected,
                          what: "\(snippet.path):\(noteLine) `\(noteLines[noteLine - 1].trimmingCharacters(in: .whitespaces))`",
                          wholeNoteLine: whole ? snippet.line : nil)
        }
        switch status {
        case .pass:
            return snippet.expectation.noteLines.map { mutant($0, .fail) }
        case .ran:
            let prefix = RunnerRegistry.standard.runner(for: snippet.language)?.commentPrefix ?? "#"
            return snippet.files.flatMap { file in
                SnippetExtractor.lines(of: file.code).enumerated().compactMap { offset, line in
                    line.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) ? mutant(file.firstLine + offset, .ran) : nil
                }
            }
        case .fail, .skip:
            return []
        }
    }

    /// The line with `~mutant` added to its expected text: before the closing quote of a
    /// `// Prints "…"`, else at the end.
    static func mutate(_ line: String) -> String {
        if case .some(.some) = ExpectationReader.prints(in: line), let quote = line.lastIndex(of: "\"") {
            return String(line[..<quote]) + "~mutant" + String(line[quote...])
        }
        var trimmed = Substring(line)
        while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
        return trimmed + "~mutant"
    }

    static func verify(_ paths: [String], markers: [String]) async -> [SnippetResult] {
        var options = VerifyOptions(jobs: 2)
        options.useCache = false
        let collector = NoteCollector(extractor: SnippetExtractor(registry: .standard, outputMarkers: markers))
        let items = collector.items(files: collector.noteFiles(paths).files).items
        return await Verifier(options: options, cache: nil).run(items) { _, _ in }
    }

    @Test func theMutationOfAPrintsLineChangesItsText() {
        #expect(Self.mutate("print(1) // Prints \"1\".") == "print(1) // Prints \"1~mutant\".")
        #expect(Self.mutate("# 1  ") == "# 1~mutant")
        #expect(Self.mutate("") == "~mutant")
    }
}
}
