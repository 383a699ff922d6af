import Foundation
import Subprocess
#if canImport(System)
@preconcurrency import System
#else
@preconcurrency import SystemPackage
#endif

/// What the runners' tools are: their version text (for the cache key) and where they live.
public enum Toolchain {
    /// The output of the runner's version command, such as `swiftc --version`; "unavailable: …" when it cannot run.
    /// The command runs with `TMPDIR` set to a folder of its own that is removed afterwards:
    /// `swiftc --version` (swift-driver) leaves an empty `TemporaryDirectory.XXXXXX` behind in
    /// `TMPDIR` every time it runs.
    public static func version(of runner: any Runner) async -> String {
        let command = runner.versionCommand
        let scratch = TemporaryFolders.make(prefix: "knap-version-")
        defer { if let scratch { TemporaryFolders.remove(scratch) } }
        let environment: Environment = scratch.map { .inherit.updating(["TMPDIR": $0]) } ?? .inherit
        do {
            let result = try await Subprocess.run(executable(command.executable), arguments: Arguments(command.arguments),
                                                  environment: environment,
                                                  output: .string(limit: 65_536), error: .string(limit: 65_536))
            let text = result.standardOutput + result.standardError
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            return "unavailable: \(error)"
        }
    }

    /// The interpreter's real path from the runner's probe, when it names an executable file.
    public static func interpreter(of runner: any Runner) async -> String? {
        guard let probe = runner.interpreterProbe else { return nil }
        guard let result = try? await Subprocess.run(executable(probe.executable), arguments: Arguments(probe.arguments),
                                                     output: .string(limit: 65_536), error: .discarded),
              result.terminationStatus.isSuccess else { return nil }
        let path = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        return path.hasPrefix("/") && FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// A command's executable: looked up on `PATH` when it has no `/`, as ``Command`` says.
    private static func executable(_ name: String) -> Executable {
        name.contains("/") ? .path(FilePath(name)) : .name(name)
    }

    /// `name` found on `PATH`, or nil; a name with `/` is returned as is.
    public static func resolve(_ name: String, path: String?) -> String? {
        if name.contains("/") { return name }
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = String(directory) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
