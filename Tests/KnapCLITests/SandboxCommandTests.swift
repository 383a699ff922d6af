import Foundation
import Testing

/// `knap verify` against the hostile vault (`Tests/Fixtures/Vaults/sandbox-hostile`): every attack
/// fails under the sandbox, as root and as an ordinary user, and the safe ones are shown to work
/// with `--no-sandbox`, so that a sandbox that did nothing would be caught.
@Suite(.serialized) struct SandboxCommandTests {
    static var sandboxWorks: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/bwrap") && ProcessInfo.processInfo.environment["KNAP_BWRAP"] == nil
    }

    /// A copy of the hostile vault with its `@…@` words filled in, the files it attacks, and a
    /// loopback listener.
    final class Scene {
        let root: String
        let vault: String
        let canary: String
        let secret: String
        let secretText = "secret-\(UUID().uuidString)"
        let marker = String(UInt32.random(in: 100_000...999_999))
        let listener: TestListener

        init(owner: uid_t? = nil) throws {
            root = try TestPaths.temporaryDirectory().path
            vault = root + "/sandbox-hostile"
            canary = root + "/canary"
            secret = root + "/secret"
            listener = try TestListener()
            try FileManager.default.copyItem(atPath: KnapBinary.fixtures.appendingPathComponent("sandbox-hostile").path, toPath: vault)
            try Data("canary\n".utf8).write(to: URL(fileURLWithPath: canary))
            try Data(secretText.utf8).write(to: URL(fileURLWithPath: secret))
            chmod(secret, 0o600)
            let words = ["@CANARY@": canary, "@SECRET@": secret, "@VAULT@": vault, "@PORT@": String(listener.port), "@MARKER@": marker]
            for name in try FileManager.default.contentsOfDirectory(atPath: vault) where name.hasSuffix(".md") {
                let path = vault + "/" + name
                var text = try String(contentsOfFile: path, encoding: .utf8)
                for (word, value) in words { text = text.replacingOccurrences(of: word, with: value) }
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            }
            if let owner {
                // The ordinary user owns the files it attacks, so that only the sandbox keeps them safe.
                chmod(root, 0o755)
                for path in [root, canary, secret, vault] + (try FileManager.default.subpathsOfDirectory(atPath: vault)).map({ vault + "/" + $0 }) {
                    chown(path, owner, owner)
                }
            }
        }

        func note(_ name: String) -> String { (try? String(contentsOfFile: vault + "/" + name, encoding: .utf8)) ?? "" }

        /// Live processes that carry the marker (the lingering sleeps).
        func lingering() -> [String] {
            var found: [String] = []
            for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int32(name) != nil {
                guard let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"),
                      let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                      let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] != "Z" else { continue }
                let command = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
                if command.contains(marker) { found.append(name + " " + command) }
            }
            return found
        }

        /// Asserts that no attack got through.
        func expectUnharmed(_ result: KnapBinary.Result) {
            #expect(!result.signalled, "knap was killed")
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stdout.split(separator: "\n").last?.hasSuffix("failed, 0 skipped") == true, "\(result.stdout)")
            #expect((try? String(contentsOfFile: canary, encoding: .utf8)) == "canary\n")
            #expect(!FileManager.default.fileExists(atPath: vault + "/Pwned.md"))
            #expect(!note("Other note.md").contains("pwned"))
            #expect(!result.stdout.contains(secretText))
            if let shadow = try? String(contentsOfFile: "/etc/shadow", encoding: .utf8), let first = shadow.split(separator: "\n").first {
                #expect(!result.stdout.contains(String(first)))
            }
            #expect(!result.stdout.contains("connected"))
            #expect(!listener.accepted(), "a snippet reached the test's loopback listener")
            #expect(!result.stdout.contains("left for"), "a snippet left its cgroup")
            #expect(!result.stdout.contains("killed knap"))
            #expect(lingering().isEmpty, "\(lingering())")
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test(.enabled(if: sandboxWorks && getuid() == 0)) func asRootEveryAttackFails() throws {
        let scene = try Scene()
        let result = try KnapBinary.run(["verify", "--no-cache", scene.vault], in: scene.root)
        scene.expectUnharmed(result)
        #expect(result.stdout.contains("PASS") && result.stdout.contains("Trivial.md"))
    }

    /// As an ordinary user (the test is root: knap runs through setpriv as `nobody`, with a PATH
    /// such a user can use), bubblewrap makes a user namespace.
    @Test(.enabled(if: sandboxWorks && getuid() == 0)) func asAnOrdinaryUserEveryAttackFails() throws {
        let nobody: uid_t = 65534
        let scene = try Scene(owner: nobody)
        let home = scene.root + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        chown(home, nobody, nobody)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups", "--", KnapBinary.path,
                             "verify", "--no-cache", scene.vault]
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8"]
        process.currentDirectoryURL = URL(fileURLWithPath: scene.root)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let result = KnapBinary.finish((process, out, err))
        scene.expectUnharmed(result)
        #expect(result.stdout.contains("PASS") && result.stdout.contains("Trivial.md"), "\(result.stdout)\n\(result.stderr)")
    }

    /// The same safe attacks succeed with `--no-sandbox`: the assertions above would catch a
    /// sandbox that does nothing. The report's first line says the run is unconfined.
    @Test func withoutTheSandboxTheSafeAttacksSucceed() throws {
        let scene = try Scene()
        let result = try KnapBinary.run(["verify", "--no-cache", "--no-sandbox", scene.vault + "/Safe attacks.md"], in: scene.root)
        #expect(result.stdout.hasPrefix("warning: --no-sandbox"))
        #expect(try String(contentsOfFile: scene.canary, encoding: .utf8) == "canary\npwned\n")
        #expect(FileManager.default.fileExists(atPath: scene.vault + "/Pwned.md"))
        #expect(scene.note("Other note.md").hasSuffix("pwned\n"))
        #expect(scene.listener.accepted())
        if getuid() == 0 { #expect(result.stdout.contains(scene.secretText)) }
    }

    /// Only with `--allow-network` on the command line does a `network` fence get the network.
    @Test(.enabled(if: sandboxWorks)) func allowNetworkOpensItToNetworkFencesOnly() throws {
        let scene = try Scene()
        let note = scene.root + "/Network.md"
        try Data("""
            ```bash
            exec 3<>/dev/tcp/127.0.0.1/\(scene.listener.port) && echo connected
            ```

            ```output
            connected
            ```

            ```bash network
            exec 3<>/dev/tcp/127.0.0.1/\(scene.listener.port) && echo connected
            ```

            ```output
            connected
            ```
            """.utf8).write(to: URL(fileURLWithPath: note))
        let closed = try KnapBinary.run(["verify", "--no-cache", note], in: scene.root)
        #expect(closed.stdout.contains("0 passed, 2 failed"), "\(closed.stdout)")
        #expect(!scene.listener.accepted())
        let opened = try KnapBinary.run(["verify", "--no-cache", "--allow-network", note], in: scene.root)
        #expect(opened.stdout.contains("FAIL \(note):1 bash") && opened.stdout.contains("PASS \(note):9 bash"), "\(opened.stdout)")
        #expect(scene.listener.accepted())
    }

    /// Knap killed with SIGKILL mid-run: no snippet keeps running, and the next run removes the
    /// folders (and cgroups) the killed one left, but not those of a run that is still alive.
    @Test(.enabled(if: sandboxWorks)) func afterSigkillNoSnippetRunsAndTheNextRunCleansUp() throws {
        let scene = try Scene()
        let note = scene.root + "/Linger.md"
        try Data("""
            ```sh timeout=60
            setsid sleep 7\(scene.marker) > /dev/null 2>&1 &
            sleep 9\(scene.marker)
            ```
            """.utf8).write(to: URL(fileURLWithPath: note))
        let started = try KnapBinary.start(["verify", "--no-cache", note], in: scene.root)
        let knap = started.0.processIdentifier
        Self.waitUntil(seconds: 60) { scene.lingering().count == 2 }
        #expect(scene.lingering().count == 2, "the snippet did not start")
        kill(knap, SIGKILL)
        _ = KnapBinary.finish(started)
        Self.waitUntil(seconds: 10) { scene.lingering().isEmpty }
        #expect(scene.lingering().isEmpty, "\(scene.lingering())")
        let left = Self.leftovers(of: knap)
        #expect(!left.isEmpty, "the killed run left no folder, so the clean-up is not tested")
        // A folder of a run that is still alive (this test's own pid) must survive.
        let alive = NSTemporaryDirectory() + "/knap-snippet-\(getpid())-zzzzzz"
        try FileManager.default.createDirectory(atPath: alive, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: alive) }
        let next = try KnapBinary.run(["verify", "--no-cache", scene.vault + "/Trivial.md"], in: scene.root)
        #expect(next.status == 0, "\(next.stdout)\(next.stderr)")
        #expect(Self.leftovers(of: knap).isEmpty, "\(Self.leftovers(of: knap))")
        #expect(FileManager.default.fileExists(atPath: alive))
    }

    /// Temporary folders and cgroups named after Knap process `pid`.
    static func leftovers(of pid: Int32) -> [String] {
        var found: [String] = []
        for base in [NSTemporaryDirectory(), "/sys/fs/cgroup/pids", "/sys/fs/cgroup"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
            where name.hasPrefix("knap-") && (name.contains("-\(pid)-") || name.hasPrefix("knap-\(pid)-")) {
                found.append(base + "/" + name)
            }
        }
        return found
    }

    /// Polls `condition` every 20 ms until it holds or the time is up (an outside process's state,
    /// which the test cannot be told about).
    static func waitUntil(seconds: Double, _ condition: () -> Bool) {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() && Date() < deadline { usleep(20_000) }
    }

    /// Where no sandbox can be made, verify refuses to run snippets, says why and how to fix it, and exits 2.
    @Test func withoutBubblewrapVerifyRefusesAndExitsTwo() throws {
        let scene = try Scene()
        let result = try KnapBinary.run(["verify", "--no-cache", scene.vault + "/Safe attacks.md"], in: scene.root,
                                        environment: ["KNAP_BWRAP": scene.root + "/no-such-bwrap"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bubblewrap is not installed") && result.stderr.contains("apt-get install bubblewrap"))
        #expect(result.stderr.contains("--no-sandbox"))
        #expect(result.stdout.isEmpty)
        #expect(try String(contentsOfFile: scene.canary, encoding: .utf8) == "canary\n")
    }
}

/// A loopback listener in the test process; ``accepted()`` says whether anything connected.
final class TestListener {
    let fd: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        port = UInt16(bigEndian: address.sin_port)
        guard fd >= 0, ready else { throw CocoaError(.fileWriteUnknown) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    func accepted() -> Bool {
        let client = accept(fd, nil, nil)
        if client >= 0 { close(client) }
        return client >= 0
    }

    deinit { close(fd) }
}
