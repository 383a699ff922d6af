import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `knap verify` end to end, through the built binary.
@Suite(.serialized) struct VerifyCommandTests {
    /// The `knap` binary next to the test bundle.
    static var knap: String? {
        let candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                          Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        return candidates.map { $0.appendingPathComponent("knap").path }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Vaults/verify").path

    static func run(_ arguments: [String], in directory: String = fixtures) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let knap else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: knap)
        // --no-cache: the fixtures folder must not be written to.
        process.arguments = arguments + ["--no-cache"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test func textReportEndsWithTheSummaryAndFailsWithStatusOne() throws {
        let (status, stdout, _) = try Self.run(["verify", "failing", "passing/Multi-file.md", "-j", "2"])
        #expect(status == 1)
        let lines = stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == "3 passed, 6 failed, 0 skipped")
        #expect(lines.first?.hasPrefix("FAIL failing/Failures.md:5 swift (") == true)
        #expect(lines.contains("failing/Failures.md:7:17: error: cannot convert value of type 'Int' to specified type 'String'"))
        #expect(lines.contains { $0.hasPrefix("PASS passing/Multi-file.md:44 python (") && $0.hasSuffix(" s)") })
    }

    @Test func passingRunExitsZero() throws {
        let (status, stdout, _) = try Self.run(["verify", "passing/Multi-file.md"])
        #expect(status == 0)
        #expect(stdout.split(separator: "\n").last == "3 passed, 0 failed, 0 skipped")
    }

    @Test func jsonReportHasTheDocumentedShape() throws {
        let (status, stdout, _) = try Self.run(["verify", "--format", "json", "failing", "passing/Conventions.md"])
        #expect(status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
        #expect(Set(object?.keys ?? [:].keys) == ["knap", "vault", "results", "summary"])
        let summary = object?["summary"] as? [String: Int]
        #expect(summary == ["passed": 7, "ran": 1, "failed": 6, "skipped": 2])
        let results = object?["results"] as? [[String: Any]] ?? []
        #expect(results.count == 15)
        let first = results.first ?? [:]
        #expect(Set(first.keys) == ["path", "line", "language", "status", "cached", "durationMs", "message"])
        // Relative to the vault, `failing` (the first path); a note outside it keeps the path it was given by.
        #expect(first["path"] as? String == "Failures.md")
        #expect(results.last?["path"] as? String == "passing/Conventions.md")
        #expect(first["line"] as? Int == 5)
        #expect(first["status"] as? String == "fail")
        #expect(results.compactMap { $0["status"] as? String }.filter { $0 == "skip" }.count == 2)
        #expect(results.filter { $0["status"] as? String == "ran" }.compactMap { $0["line"] as? Int } == [49])
    }

    @Test func aSnippetWithoutExpectedOutputIsReportedAsRan() throws {
        let file = NSTemporaryDirectory() + "knap-junit-\(UUID().uuidString).xml"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let (status, stdout, _) = try Self.run(["verify", "passing/Conventions.md", "--junit", file])
        #expect(status == 0)
        let lines = stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("RAN passing/Conventions.md:49 sh (") && $0.hasSuffix(" s)") })
        #expect(!lines.contains { $0.hasPrefix("PASS passing/Conventions.md:49 ") })
        #expect(lines.suffix(2) == ["1 of the 7 passed ran without any expected output (not compared; --strict fails them)",
                                    "7 passed, 0 failed, 2 skipped"])
        let xml = try String(contentsOfFile: file, encoding: .utf8)
        #expect(xml.contains("line=\"49\" time=") && xml.contains("<property name=\"knap.compared\" value=\"false\"/>"))
        #expect(xml.components(separatedBy: "knap.compared").count == 2)
        #expect(XMLParser(data: Data(xml.utf8)).parse())

        let strict = try Self.run(["verify", "passing/Conventions.md", "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("FAIL passing/Conventions.md:49 sh ("))
        #expect(strict.stdout.split(separator: "\n").last == "6 passed, 1 failed, 2 skipped")
    }

    @Test func junitReportIsWritten() throws {
        let file = NSTemporaryDirectory() + "knap-junit-\(UUID().uuidString).xml"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let (status, _, _) = try Self.run(["verify", "--junit", file, "failing"])
        #expect(status == 1)
        let xml = try String(contentsOfFile: file, encoding: .utf8)
        #expect(xml.contains("<testsuites name=\"knap verify\" tests=\"6\" failures=\"6\" skipped=\"0\">"))
        #expect(xml.contains("<failure message=\"output differs\">"))
        #expect(XMLParser(data: Data(xml.utf8)).parse())
    }

    @Test func blessWritesTheNoteAndTheNextRunPasses() throws {
        let directory = NSTemporaryDirectory() + "knap-cli-bless-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: Self.fixtures + "/bless/Bless.md", toPath: directory + "/Bless.md")
        let (blessStatus, blessOut, blessErr) = try Self.run(["verify", "--bless", "Bless.md"], in: directory)
        #expect(blessStatus == 1) // the report is that of the run before blessing
        #expect(blessOut.split(separator: "\n").last == "3 passed, 2 failed, 0 skipped")
        #expect(blessErr.contains("blessed Bless.md: 3 snippets"))
        let (status, stdout, _) = try Self.run(["verify", "Bless.md"], in: directory)
        #expect(status == 0)
        #expect(stdout.split(separator: "\n").last == "5 passed, 0 failed, 0 skipped")
    }

    @Test func badShardIsAUsageError() throws {
        let (status, _, stderr) = try Self.run(["verify", "--shard", "3/2", "passing"])
        #expect(status == 2)
        #expect(stderr.contains("--shard"))
    }
}
