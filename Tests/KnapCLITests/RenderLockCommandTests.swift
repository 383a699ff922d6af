import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Renders into one `--out` take turns, and clean up after a render that was killed.
@Suite struct RenderLockCommandTests {
    private struct Setup {
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("knap-render-lock-\(UUID().uuidString)").path
        var vault: String { temp + "/vault" }
        var out: String { temp + "/site" }
        var lockFile: String { temp + "/.site.knap.lock" }

        init() throws {
            try FileManager.default.createDirectory(atPath: temp, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: KnapBinary.fixtures.appendingPathComponent("render-site").path, toPath: vault)
        }

        /// Takes the output's lock as a render would, and gives the descriptor that holds it.
        func holdLock() throws -> Int32 {
            let descriptor = open(lockFile, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
            try #require(descriptor >= 0)
            try #require(flock(descriptor, LOCK_EX) == 0)
            return descriptor
        }
    }

    /// Reads the child's stderr until `text` appears (the child has printed it, so it is waiting).
    private func readUntil(_ text: String, from pipe: Pipe) -> String {
        var seen = ""
        while !seen.contains(text) {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        return seen
    }

    @Test func twoRendersIntoOneFolderWaitTheirTurnAndBothSucceed() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(atPath: setup.temp) }
        let holder = try setup.holdLock()
        let arguments = ["render", "--vault", setup.vault, "--out", setup.out]
        let first = try KnapBinary.start(arguments, in: setup.temp)
        let second = try KnapBinary.start(arguments, in: setup.temp)
        let waiting = "knap: waiting for another knap render into \(setup.out) to finish"
        let firstSaid = readUntil(waiting, from: first.2)
        let secondSaid = readUntil(waiting, from: second.2)
        #expect(firstSaid.contains(waiting))
        #expect(secondSaid.contains(waiting))
        // Neither wrote anything while the lock was held.
        #expect(!FileManager.default.fileExists(atPath: setup.out))
        close(holder)
        let results = [KnapBinary.finish(first), KnapBinary.finish(second)]
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("rendered 15 notes"))
        }
        // One built the site, the other found it up to date.
        #expect(results.contains { $0.stdout.contains("40 files written") })
        #expect(results.contains { $0.stdout.contains("0 files written, 40 unchanged") })
        let beside = try FileManager.default.contentsOfDirectory(atPath: setup.temp).sorted()
        #expect(beside == [".site.knap.lock", "site", "vault"])
    }

    @Test func aRenderRemovesWhatAKilledRenderLeft() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(atPath: setup.temp) }
        let arguments = ["render", "--vault", setup.vault, "--out", setup.out]
        #expect(try KnapBinary.run(arguments, in: setup.temp).status == 0)
        // What a render killed with SIGKILL leaves: its note in the lock file, a staging folder, temporary files.
        try "rendering 999999\n".write(toFile: setup.lockFile, atomically: false, encoding: .utf8)
        let staging = setup.temp + "/.site.knap-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: staging + "/folder", withIntermediateDirectories: true)
        let temporaries = [setup.out + "/.knap-\(UUID().uuidString).tmp", setup.out + "/folder/.knap-\(UUID().uuidString).tmp"]
        for path in temporaries { try "half a page".write(toFile: path, atomically: false, encoding: .utf8) }
        let result = try KnapBinary.run(arguments, in: setup.temp)
        #expect(result.status == 0)
        for path in [staging] + temporaries {
            #expect(!FileManager.default.fileExists(atPath: path), "\(path)")
            #expect(result.stderr.contains("knap: removed \(path), left by a render that was killed"))
        }
        #expect(try String(contentsOfFile: setup.lockFile, encoding: .utf8) == "done\n")
    }

    @Test func filesLikeLeftoversAreLeftAloneWhenTheLastRenderFinished() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(atPath: setup.temp) }
        let arguments = ["render", "--vault", setup.vault, "--out", setup.out]
        #expect(try KnapBinary.run(arguments, in: setup.temp).status == 0)
        let lookalike = setup.out + "/.knap-mine.tmp"
        try "not Knap's".write(toFile: lookalike, atomically: false, encoding: .utf8)
        let result = try KnapBinary.run(arguments, in: setup.temp)
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: lookalike))
        #expect(!result.stderr.contains("removed"))
    }
}
