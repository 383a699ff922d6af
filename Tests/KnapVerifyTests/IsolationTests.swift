import Foundation
import Testing
@testable import KnapVerify

extension ProcessTests {
/// What a snippet may do to Knap and the machine.
@Suite struct IsolationTests {
    @Test func hungSnippetWhoseGrandchildHoldsThePipeEndsAtTheTimeout() async throws {
        let marker = Support.marker()
        let started = Date()
        let results = try await Support.verify(markdown: """
            ```sh timeout=1
            sleep 1\(marker) &
            python3 -c "
            import os, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    os.execv('/bin/sleep', ['sleep', '2\(marker)'])
                os._exit(0)
            "
            sleep 3\(marker)
            ```
            """)
        let elapsed = Date().timeIntervalSince(started)
        #expect(results.count == 1)
        #expect(results[0].status == .fail)
        #expect(results[0].message.contains("timed out after 1 s"))
        // The timeout, the 1 s grace, and slack for a busy machine; the sleeps last a day.
        #expect(elapsed < 8)
        #expect(Support.processes(containing: marker).isEmpty)
        #expect(Support.zombieChildren().isEmpty)
    }

    /// A snippet's temporary files go in its own folder, which is removed after the run.
    @Test func snippetTemporaryFilesAreRemovedWithItsFolder() async throws {
        let results = try await Support.verify(markdown: """
            ```sh
            made=$(mktemp)
            dirname "$made"
            ```
            """)
        let made = try #require(results.first?.actualOutput).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(results.first?.status == .ran)
        #expect(!made.isEmpty && made != "/tmp")
        #expect(!FileManager.default.fileExists(atPath: made))
    }

    /// The version command's temporary files (swift-driver leaves a `TemporaryDirectory.XXXXXX`
    /// for every `swiftc --version`) are removed.
    @Test func toolchainVersionLeavesNoTemporaryFolder() async throws {
        struct Probe: Runner {
            let name = "probe", languages = ["probe"], fileExtensions = ["probe"], defaultFileName = "main.probe"
            let commentPrefix = "#"
            let versionCommand = Command("/bin/sh", ["-c", "mkdir \"$TMPDIR/left\" && echo \"$TMPDIR\""])
            func build(files: [String], entry: String, directory: String) -> Command? { nil }
            func run(entry: String, directory: String) -> Command { Command("/bin/true") }
        }
        let folder = await Toolchain.version(of: Probe())
        #expect(folder.hasPrefix("/"))
        #expect(!folder.hasPrefix("unavailable"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/left"))
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    /// A compiler's temporary files go in the snippet's folder (`swiftc -typecheck` leaves an
    /// empty `TemporaryDirectory.XXXXXX` in TMPDIR every time).
    @Test func buildToolTemporaryFilesAreRemovedWithTheSnippetFolder() async throws {
        struct Probe: Runner {
            let name = "probe", languages = ["probe"], fileExtensions = ["probe"], defaultFileName = "main.probe"
            let commentPrefix = "#"
            let versionCommand = Command("/bin/true")
            func build(files: [String], entry: String, directory: String) -> Command? {
                Command("/bin/sh", ["-c", "mkdir \"$TMPDIR/left\" && echo \"$TMPDIR\" > seen"])
            }
            func run(entry: String, directory: String) -> Command { Command("/bin/cat", ["seen"]) }
        }
        let directory = NSTemporaryDirectory() + "knap-verify-tool-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("```probe\nanything\n```\n".utf8).write(to: URL(fileURLWithPath: directory + "/Note.md"))
        let registry = RunnerRegistry([Probe()])
        let collector = NoteCollector(extractor: SnippetExtractor(registry: registry))
        let items = collector.items(files: collector.noteFiles([directory + "/Note.md"]).files).items
        var options = VerifyOptions(jobs: 1)
        options.useCache = false
        let verifier = Verifier(registry: registry, options: options, cache: nil)
        let results = await verifier.run(verifier.select(items)) { _, _ in }
        let seen = try #require(results.first?.actualOutput).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(results.first?.status == .ran)
        #expect(seen.hasPrefix("/") && seen != NSTemporaryDirectory())
        #expect(!FileManager.default.fileExists(atPath: seen + "/left"))
    }

    @Test func snippetIgnoringSigtermIsKilledAfterTheGrace() async throws {
        let started = Date()
        let results = try await Support.verify(markdown: """
            ```python timeout=1
            import signal, time
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            while True:
                time.sleep(0.01)
            ```
            """)
        #expect(results.first?.message == "timed out after 1 s")
        // The 1 s timeout, the 1 s grace, then SIGKILL; the loop itself never ends.
        #expect(Date().timeIntervalSince(started) < 8)
    }

    @Test func daemonHoldingThePipeAfterTheSnippetExitsIsKilledAtOnce() async throws {
        let marker = Support.marker()
        let started = Date()
        let results = try await Support.verify(markdown: """
            ```python timeout=30
            import os
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    os.execv("/bin/sleep", ["sleep", "4\(marker)"])
                os._exit(0)
            print("parent leaves")
            # Output:
            # parent leaves
            ```
            """)
        #expect(results.map(\.status) == [.pass])
        // Far below the 30 s timeout: Knap does not wait for the daemon's copy of the pipe.
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(Support.processes(containing: marker).isEmpty)
        #expect(Support.zombieChildren().isEmpty)
    }

    @Test func forkBombIsContained() async throws {
        let marker = Support.marker()
        let results = try await Support.verify(markdown: """
            ```python timeout=5
            import os
            started = 0
            for _ in range(2000):
                try:
                    pid = os.fork()
                except OSError:
                    break
                if pid == 0:
                    os.execv("/bin/sleep", ["sleep", "5\(marker)"])
                started += 1
            print(started)
            ```
            """)
        let started = Int(results.first?.actualOutput?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? -1
        #expect(started >= 0)
        #expect(started < 300, "the snippet started \(started) processes; the cap is 256 tasks")
        #expect(Support.processes(containing: marker).isEmpty)
        #expect(Support.zombieChildren().isEmpty)
    }

    @Test func recursiveShellForkBombEndsAndLeavesNothing() async throws {
        let marker = Support.marker()
        let started = Date()
        let results = try await Support.verify(markdown: """
            ```bash timeout=2
            bomb() { sleep 6\(marker) & bomb | bomb & }
            bomb
            wait
            ```
            """)
        #expect(results.count == 1)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(Support.processes(containing: marker).isEmpty)
        #expect(Support.zombieChildren().isEmpty)
    }

    /// Without a cgroup, escaped processes are found through `/proc`: by session and group, and
    /// once re-parented to Knap, by the run's private HOME.
    @Test func withoutCgroupEscapedDaemonsAreStillKilledAndReaped() throws {
        let marker = Support.marker()
        let home = NSTemporaryDirectory() + "knap-home-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        var limits = ProcessLimits.snippet(timeout: 1)
        limits.useCgroup = false
        let script = """
            import os, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    os.execv("/bin/sleep", ["sleep", "7\(marker)"])
                os._exit(0)
            os.system("sleep 8\(marker) &")
            time.sleep(9\(marker))
            """
        let python = try #require(Toolchain.resolve("python3", path: ProcessInfo.processInfo.environment["PATH"]))
        let started = Date()
        let outcome = try SandboxedProcess.run(executable: python, arguments: ["-c", script],
                                               environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                                                             "HOME": home],
                                               directory: home, limits: limits, homeIsPrivate: true)
        #expect(outcome.timedOut)
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(Support.processes(containing: marker).isEmpty)
        #expect(Support.zombieChildren().isEmpty)
    }

    /// As root without a cgroup, RLIMIT_NPROC does not apply; the watchdog holds the fork bomb.
    @Test(.enabled(if: getuid() == 0, "needs root: only root is exempt from RLIMIT_NPROC")) func withoutCgroupRootForkBombIsStoppedByTheWatchdog() throws {
        let marker = Support.marker()
        let home = NSTemporaryDirectory() + "knap-home-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        var limits = ProcessLimits.snippet(timeout: 20)
        limits.useCgroup = false
        let script = """
            import os, time
            for _ in range(3000):
                if os.fork() == 0:
                    os.execv("/bin/sleep", ["sleep", "3\(marker)"])
            time.sleep(60)
            """
        let python = try #require(Toolchain.resolve("python3", path: ProcessInfo.processInfo.environment["PATH"]))
        let started = Date()
        let outcome = try SandboxedProcess.run(executable: python, arguments: ["-c", script],
                                               environment: ["PATH": "/usr/bin:/bin", "HOME": home],
                                               directory: home, limits: limits, homeIsPrivate: true)
        #expect(outcome.tooManyProcesses)
        #expect(!outcome.timedOut)
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(Support.processes(containing: marker).isEmpty)
        #expect(Support.zombieChildren().isEmpty)
    }

    @Test func hundredMegabyteFloodIsCappedWithoutGrowingMemory() throws {
        let before = Self.residentBytes()
        let outcome = try SandboxedProcess.run(
            executable: "/bin/sh", arguments: ["-c", "head -c 104857600 /dev/zero"],
            environment: ["PATH": "/usr/bin:/bin"], directory: "/tmp", limits: .snippet(timeout: 30), homeIsPrivate: false)
        let after = Self.residentBytes()
        #expect(outcome.termination == .exited(0))
        #expect(!outcome.timedOut)
        #expect(outcome.stdoutTruncated)
        #expect(outcome.stdout.count == (1 << 20) + ProcessOutcome.truncationMark.utf8.count)
        #expect(after - before < 48 << 20, "resident memory grew by \(after - before) bytes")
    }

    @Test func endlessPrintLoopEndsAtTheTimeout() async throws {
        let results = try await Support.verify(markdown: """
            ```python timeout=1
            while True:
                print("spam " * 20)
            ```
            """)
        #expect(results[0].status == .fail)
        #expect(results[0].message.contains("timed out"))
        #expect(results[0].details.contains { $0.contains("truncated") })
    }

    @Test func snippetGetsItsOwnSessionFolderEnvironmentAndLimits() async throws {
        // A variable of Knap's own environment must not reach the snippet. (python3 may be a
        // shim that adds its own variables, so the test looks for this one and the three kept.)
        setenv("KNAP_LEAK_CHECK", "leaked", 1)
        let results = try await Support.verify(markdown: """
            ```python
            import os, resource, sys
            print("KNAP_LEAK_CHECK" in os.environ, all(key in os.environ for key in ["HOME", "LANG", "PATH"]))
            print(os.environ["HOME"] == os.getcwd(), os.path.basename(os.getcwd()).startswith("knap-snippet-"))
            print(repr(sys.stdin.read()))
            print(os.path.exists("/proc/\(getpid())"), os.getsid(0) != \(getsid(0)) and os.getpgrp() != \(getpgrp()))
            print(resource.getrlimit(resource.RLIMIT_AS)[0] == 2 << 30, resource.getrlimit(resource.RLIMIT_FSIZE)[0] == 64 << 20)
            print(0 < resource.getrlimit(resource.RLIMIT_CPU)[0] <= 10 * os.cpu_count() + 2)
            print(os.getcwd())
            # Output:
            # False True
            # True True
            # ''
            # False True
            # True True
            # True
            # ...
            ```
            """)
        #expect(results.map(\.status) == [.pass], "\(results.first?.message ?? "") \(results.first?.details ?? [])")
        let folder = results.first?.actualOutput?.split(separator: "\n").last.map(String.init) ?? ""
        #expect(folder.contains("knap-snippet-"))
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func fileSizeLimitStopsAHugeFile() async throws {
        let results = try await Support.verify(markdown: """
            ```sh
            head -c 100000000 /dev/zero > big
            ```
            """)
        #expect(results[0].status == .fail)
        #expect(results[0].message.contains("exit status") || results[0].message.contains("signal 25"))
    }

    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }
}
}
