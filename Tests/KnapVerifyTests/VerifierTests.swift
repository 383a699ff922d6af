import Foundation
import Testing
@testable import KnapVerify

extension ProcessTests {
@Suite struct VerifierTests {
    @Test func everyConventionAndAttributePasses() async {
        let path = Support.fixtures + "/passing"
        let results = await Support.verify([path], jobs: 2)
        let failures = results.filter { $0.status == .fail }.map { "\($0.path):\($0.line) \($0.message) \($0.details)" }
        #expect(failures.isEmpty, "\(failures)")
        #expect(results.filter { $0.status == .pass }.count == 18)
        // `true` with no expected output ran, but compared nothing.
        #expect(results.filter { $0.status == .ran }.map(\.line) == [49])
        #expect(results.filter { $0.status == .skip }.map(\.message) == ["ignore", "no runner for json", "no language"])
    }

    @Test func failuresSayWhy() async {
        let path = Support.fixtures + "/failing/Failures.md"
        let results = await Support.verify([path])
        #expect(results.map(\.status) == [.fail, .fail, .fail, .fail, .fail, .fail])
        #expect(results.map(\.line) == [5, 11, 17, 22, 26, 30])

        // The compiler error points at the note's line and column.
        #expect(results[0].message == "does not compile")
        #expect(results[0].details.first?.hasPrefix("\(path):7:17: error: cannot convert value of type 'Int' to specified type 'String'") == true)
        // A wrong output shows a diff.
        #expect(results[1].message == "output differs")
        #expect(results[1].details.first == "--- expected\n+++ actual\n@@ -1,1 +1,1 @@\n-expected line\n+actual line")
        // A non-zero exit shows the status and the stderr tail.
        #expect(results[2].message == "exit status 2")
        #expect(results[2].details.contains("stderr (last lines):\nto stderr"))
        #expect(results[3].message == "expected exit status 1, got exit status 0")
        #expect(results[4].message == "compiled, but the fence says compile-fail")
        // A traceback names the note and its line.
        #expect(results[5].details.contains { $0.contains("File \"\(path)\", line 32") })
        #expect(results[5].message == "RuntimeError: boom (at \(path):32); exit status 1")
    }

    @Test func failureMessagesNameTheCause() async {
        let path = Support.fixtures + "/causes/Causes.md"
        let results = await Support.verify([path])
        #expect(results.map(\.status) == [.fail, .fail, .fail, .fail])
        #expect(results[0].message.hasPrefix("Fatal error: Index out of range (at \(path):8: print(\"third:\", scores[2]))"))
        #expect(!results[0].details.joined().contains("Registers"))
        #expect(results[1].message.hasPrefix("missing module 'knap_no_such_module_here': it is not installed here"))
        #expect(results[2].message.hasPrefix("input() read end of file"))
        #expect(results[3].message == "KeyError: 'bob' (at \(path):29); exit status 1")

        let skipping = await Support.verify([path]) { $0.skipMissingModules = true }
        #expect(skipping.map(\.status) == [.fail, .skip, .fail, .fail])
        #expect(skipping[1].message == "missing module 'knap_no_such_module_here' (--skip-missing-modules)")
    }

    @Test func resultsComeInNoteOrderWhateverTheJobs() async {
        let path = Support.fixtures + "/passing"
        let serial = await Support.verify([path], jobs: 1).map { "\($0.path):\($0.line)" }
        let parallel = await Support.verify([path], jobs: 4).map { "\($0.path):\($0.line)" }
        #expect(serial == parallel)
        let lines = parallel.filter { $0.contains("Conventions.md") }.compactMap { Int($0.split(separator: ":").last ?? "") }
        #expect(lines == lines.sorted())
        #expect(lines.count == 9)
    }

    @Test func unchangedPassingSnippetsComeFromTheCache() async throws {
        let folder = try Support.copyFixture("passing")
        defer { Support.removeCopy(folder) }
        let note = folder + "/Conventions.md"
        let cache = InMemoryVerifyResultCache()
        let first = await Support.verify([note], cache: cache)
        #expect(first.allSatisfy { !$0.cached })
        #expect(cache.count == 7)

        let second = await Support.verify([note], cache: cache)
        #expect(second.filter(\.cached).count == 7)
        #expect(second.filter { $0.status == .pass }.count == 6)
        // A cached `ran` comes back as `ran`, never as a compared pass.
        #expect(second.filter { $0.status == .ran }.map(\.line) == first.filter { $0.status == .ran }.map(\.line))
        #expect(second.filter { $0.status == .ran }.count == 1)

        let uncached = await Support.verify([note], cache: cache) { $0.useCache = false }
        #expect(uncached.allSatisfy { !$0.cached })

        // Changing one snippet's expected output runs it again, and it fails.
        var text = try String(contentsOfFile: note, encoding: .utf8)
        text = text.replacingOccurrences(of: "fence two\n```", with: "fence 2\n```")
        try text.write(toFile: note, atomically: true, encoding: .utf8)
        let third = await Support.verify([note], cache: cache)
        #expect(third[0].status == .fail)
        #expect(!third[0].cached)
        #expect(third.filter(\.cached).count == 6)
    }

    @Test func failingSnippetsAreNeverCached() async {
        let cache = InMemoryVerifyResultCache()
        let results = await Support.verify([Support.fixtures + "/failing"], cache: cache)
        // Snippets ran and failed: an empty cache means something only when there were failures.
        #expect(results.contains { $0.status == .fail })
        #expect(cache.count == 0)
    }

    @Test func filterSelectsByPathOrHeading() async {
        let path = Support.fixtures + "/passing"
        let byPath = await Support.verify([path]) { $0.filter = "multi-FILE" }
        #expect(byPath.count == 3)
        #expect(byPath.allSatisfy { $0.path.hasSuffix("Multi-file.md") })
        let byHeading = await Support.verify([path]) { $0.filter = "Unordered comment" }
        #expect(byHeading.map(\.line) == [29])
    }

    @Test func shardsSplitTheSnippetsWithoutOverlap() async throws {
        let collector = NoteCollector(extractor: SnippetExtractor(registry: .standard))
        let items = collector.items(files: collector.noteFiles([Support.fixtures + "/passing"]).files).items
        var seen: [String] = []
        for index in 1...3 {
            var options = VerifyOptions(jobs: 1)
            options.shard = (index, 3)
            let part = Verifier(options: options, cache: nil).select(items).map { "\($0.path):\($0.line)" }
            #expect(!part.isEmpty)
            seen += part
        }
        #expect(seen.sorted() == items.map { "\($0.path):\($0.line)" }.sorted())
    }

    @Test func timeoutAttributeOverridesTheDefault() async throws {
        let results = try await Support.verify(markdown: """
            ```sh timeout=0.5
            sleep 5
            ```

            ```sh
            sleep 0.1
            ```
            """, timeout: 3)
        #expect(results[0].message == "timed out after 0.5 s")
        #expect(results[1].status == .ran)
    }

    @Test func strictFailsWhatRanWithoutExpectedOutput() async throws {
        let directory = NSTemporaryDirectory() + "knap-verify-strict-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let note = directory + "/Note.md"
        try Data("```sh\necho hi\n```\n\n```sh\necho hi\n# Output: hi\n```\n".utf8).write(to: URL(fileURLWithPath: note))
        let cache = InMemoryVerifyResultCache()
        let relaxed = await Support.verify([note], cache: cache)
        #expect(relaxed.map(\.status) == [.ran, .pass])
        for useCache in [true, false] {
            let strict = await Support.verify([note], cache: cache) { $0.strict = true; $0.useCache = useCache }
            #expect(strict.map(\.status) == [.fail, .pass])
            #expect(strict[0].message.contains("--strict"))
        }
    }
}
}
