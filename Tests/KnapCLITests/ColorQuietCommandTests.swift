import Foundation
import Testing

/// `--color`, `NO_COLOR`, `--quiet` (issue 17 §3), through the built binary.
@Suite struct ColorQuietCommandTests {
    @Test func pipedOutputHasNoEscapesAndAlwaysColoursSeverityAndPath() throws {
        let vault = try KnapBinary.copy("check")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let piped = try KnapBinary.run(["check"], in: vault)
        #expect(!piped.stdout.contains("\u{1B}") && !piped.stderr.contains("\u{1B}"))
        let coloured = try KnapBinary.run(["check", "--color", "always"], in: vault, environment: ["NO_COLOR": "1"])
        #expect(coloured.stdout.contains("\u{1B}[1mHome.md:7:5\u{1B}[0m: \u{1B}[31merror\u{1B}[0m: unresolved link"))
        #expect(coloured.stdout.contains("\u{1B}[33mwarning\u{1B}[0m: ambiguous link"))
        let json = try KnapBinary.run(["check", "--color", "always", "--format", "json"], in: vault)
        #expect(!json.stdout.contains("\u{1B}"))
        let never = try KnapBinary.run(["check", "--color", "never"], in: vault)
        #expect(never.stdout == piped.stdout)
    }

    /// `auto` colours only a terminal and never when NO_COLOR is set: run under `script` for a terminal.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"))
    func noColorTurnsColourOffOnATerminal() throws {
        let vault = try KnapBinary.copy("check")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        func onTerminal(_ environment: [String: String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", "'\(KnapBinary.path)' check --color auto", "/dev/null"]
            process.currentDirectoryURL = URL(fileURLWithPath: vault)
            var base = ProcessInfo.processInfo.environment
            base["NO_COLOR"] = nil
            process.environment = base.merging(environment) { $1 }
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        #expect(try onTerminal([:]).contains("\u{1B}[31merror"))
        #expect(!(try onTerminal(["NO_COLOR": "1"])).contains("\u{1B}[31m"))
    }

    @Test func quietPrintsOnlyErrorsAndVerifysCountLine() throws {
        let vault = try KnapBinary.copy("render-verify")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let verify = try KnapBinary.run(["verify", "--quiet", "-j", "1"], in: vault)
        #expect(verify.status == 1)
        // The failure with its details, and the count line: no PASS or SKIP lines.
        let lines = verify.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("FAIL Snippets.md:15 sh") == true)
        #expect(!lines.contains { $0.hasPrefix("PASS ") || $0.hasPrefix("SKIP ") })
        #expect(lines.last == "1 passed, 1 failed, 1 skipped")
        // No "no .obsidian/ … current folder" notice: it is not an error.
        #expect(verify.stderr.isEmpty)
        let tags = try KnapBinary.run(["tags", "-q"], in: vault)
        #expect(tags.stdout.isEmpty && tags.stderr.isEmpty)
        let missing = try KnapBinary.run(["check", "--quiet", "nowhere"], in: vault)
        #expect(missing.stderr == "error: nowhere: no such file or folder\n")
        let both = try KnapBinary.run(["tags", "-q", "-v"], in: vault)
        #expect(both.status == 2)
    }
}
