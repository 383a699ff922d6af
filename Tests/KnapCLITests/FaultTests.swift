import Foundation
import Testing

@Suite struct FaultTests {
    /// The check output of a fresh index built elsewhere: what any sound index must report.
    private func freshCheck(_ vault: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fresh-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        return try KnapBinary.run(["check", "--format", "json", "--index", path], in: vault).stdout
    }

    @Test func sigkillMidIndexLeavesAnIndexTheNextRunUses() throws {
        let vault = try KnapBinary.generated(60)
        defer { try? FileManager.default.removeItem(atPath: vault) }
        // A first full index, then changes, then an update killed half-way through its transaction.
        #expect(try KnapBinary.run(["index"], in: vault).status == 0)
        for number in 0..<40 {
            let path = vault + "/f\(number % 7)/Note \(number).md"
            try Data("# Rewritten \(number)\n[[Note \(number + 100)]]\n".utf8).write(to: URL(fileURLWithPath: path))
        }
        let killed = try KnapBinary.run(["index"], in: vault, environment: ["KNAP_TEST_KILL_AFTER": "20"])
        #expect(killed.signalled && killed.status == SIGKILL)
        let next = try KnapBinary.run(["index", "--format", "json"], in: vault)
        #expect(next.status == 0)
        #expect(next.stderr.isEmpty)
        let report = try JSONSerialization.jsonObject(with: Data(next.stdout.utf8)) as? [String: Any]
        // The killed run's work was rolled back, so all 40 changes are picked up now.
        #expect(report?["changed"] as? Int == 40)
        #expect(try KnapBinary.run(["check", "--format", "json"], in: vault).stdout == freshCheck(vault))
    }

    @Test func sigkillDuringTheFirstIndexLeavesAnIndexTheNextRunFills() throws {
        let vault = try KnapBinary.generated(30)
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let killed = try KnapBinary.run(["index"], in: vault, environment: ["KNAP_TEST_KILL_AFTER": "1"])
        #expect(killed.signalled)
        let next = try KnapBinary.run(["index"], in: vault)
        #expect(next.status == 0 && next.stderr.isEmpty)
        #expect(next.stdout.contains("30 changed"))
    }

    /// From 500 notes, a build from nothing is written to `index.sqlite.build` and moved into place.
    @Test func sigkillDuringABuildFromNothingLeavesAnIndexTheNextRunBuilds() throws {
        let vault = try KnapBinary.generated(520)
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let index = vault + "/.knap/index.sqlite"
        let killed = try KnapBinary.run(["index"], in: vault, environment: ["KNAP_TEST_KILL_AFTER": "300"])
        #expect(killed.signalled && killed.status == SIGKILL)
        // The kill left the half-written temporary file beside the (empty) index.
        #expect(FileManager.default.fileExists(atPath: index + ".build"))
        let next = try KnapBinary.run(["index", "--format", "json"], in: vault)
        #expect(next.status == 0)
        #expect(next.stderr.isEmpty)
        let report = try JSONSerialization.jsonObject(with: Data(next.stdout.utf8)) as? [String: Any]
        #expect(report?["changed"] as? Int == 520)
        #expect(!FileManager.default.fileExists(atPath: index + ".build"))
        // The moved file is a sound index that later runs update in place.
        #expect(try KnapBinary.run(["check", "--format", "json"], in: vault).stdout == freshCheck(vault))
        try Data("# Changed\n[[Note 1]]\n".utf8).write(to: URL(fileURLWithPath: vault + "/f0/Note 0.md"))
        let again = try KnapBinary.run(["index", "--format", "json"], in: vault)
        #expect((try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])?["changed"] as? Int == 1)
        #expect(try KnapBinary.run(["check", "--format", "json"], in: vault).stdout == freshCheck(vault))
    }

    /// 600 notes take a build from nothing (written to a temporary file, then renamed); 400 take
    /// the ordinary update. Either way one run does the work, the other waits for it and finds
    /// nothing left to do, and the index is the one a fresh run would write.
    @Test(arguments: [600, 400])
    func twoIndexRunsAtOnceNeverCorruptTheIndex(notes: Int) throws {
        let vault = try KnapBinary.generated(notes)
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let first = try KnapBinary.start(["index", "--format", "json"], in: vault)
        let second = try KnapBinary.start(["index", "--format", "json"], in: vault)
        let results = [KnapBinary.finish(first), KnapBinary.finish(second)]
        #expect(results.allSatisfy { $0.status == 0 })
        let changed = results.compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.stdout.utf8)) as? [String: Any])?["changed"] as? Int
        }
        #expect(changed.sorted() == [0, notes])
        #expect(try KnapBinary.run(["check", "--format", "json"], in: vault).stdout == freshCheck(vault))
    }
}
