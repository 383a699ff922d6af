import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The sandboxes of one verify run, worked out once: which toolchain folders the compilers and
/// snippets see, where Swift's module cache is, and the `PATH` inside.
struct SnippetIsolation: Sendable {
    /// Toolchain prefixes, read-only at their own paths (`/opt/swift/usr`, a pyenv version).
    var toolchains: [String]
    /// Swift's module cache, kept between runs (a cold one costs about a second a compile).
    var moduleCache: String
    /// `PATH` inside: the interpreters' own folders first, then the user's.
    var path: String
    /// Whether `network` fences get the network (`--allow-network`).
    var allowNetwork: Bool

    /// Compilers and checkers: the toolchains and the module cache.
    var toolSandbox: Sandbox {
        Sandbox(role: .tool, readOnly: toolchains, writable: [moduleCache])
    }

    /// A snippet: the toolchains and, when it lives outside the snippet's folder, its prebuilt binary.
    func snippetSandbox(network: Bool, binary: String?) -> Sandbox {
        Sandbox(role: .snippet, readOnly: toolchains + (binary.map { [$0] } ?? []), network: network && allowNetwork)
    }

    /// What swiftc is told on top of its command: the module cache.
    var swiftArguments: [String] { ["-module-cache-path", moduleCache] }

    /// The environment of a compiler in the sandbox: nothing of Knap's but `PATH` and `LANG`.
    func toolEnvironment(directory: String, from environment: [String: String]) -> [String: String] {
        ["PATH": path, "LANG": environment["LANG"] ?? "C.UTF-8", "HOME": directory]
    }

    /// Works out the toolchains from `interpreters` (command → real interpreter), the runners'
    /// tools found on `PATH`, and the `PATH` folders outside the user's home. No folder that holds
    /// the home folder, the temporary folder or one of `notes` is ever shown.
    static func make(environment: [String: String], interpreters: [String: String], tools: [String],
                     notes: [String], allowNetwork: Bool) -> SnippetIsolation {
        let home = environment["HOME"].map(Sandbox.normalized)
        let current = FileManager.default.currentDirectoryPath
        let protected = ([home, Sandbox.realPath(NSTemporaryDirectory())].compactMap { $0 }
            + notes.map { Sandbox.realPath($0) ?? Sandbox.normalized($0.hasPrefix("/") ? $0 : current + "/" + $0) })
        var prefixes: [String] = []
        var binFolders: [String] = []
        func add(_ prefix: String?) {
            guard let prefix, prefix != "/", !prefixes.contains(prefix),
                  !Sandbox.systemFolders.contains(where: { Sandbox.isInside(prefix, $0) }) else { return }
            if protected.contains(where: { Sandbox.isInside($0, prefix) }) { return }
            prefixes.append(prefix)
        }
        for interpreter in interpreters.values.sorted() {
            for executable in Set([interpreter, Sandbox.realPath(interpreter) ?? interpreter]).sorted() {
                add(prefix(of: executable))
                let folder = (executable as NSString).deletingLastPathComponent
                if !binFolders.contains(folder) { binFolders.append(folder) }
            }
        }
        // Tools and PATH folders inside the home folder stay hidden (a pyenv shim, ~/.cargo).
        func outsideHome(_ path: String) -> Bool { home.map { !Sandbox.isInside(path, $0) } ?? true }
        for tool in tools {
            guard let found = Toolchain.resolve(tool, path: environment["PATH"]), let real = Sandbox.realPath(found),
                  outsideHome(Sandbox.normalized(found)), outsideHome(real) else { continue }
            add(prefix(of: real))
        }
        for entry in (environment["PATH"] ?? "").split(separator: ":").map(String.init) where entry.hasPrefix("/") {
            guard let real = Sandbox.realPath(entry), outsideHome(Sandbox.normalized(entry)), outsideHome(real) else { continue }
            add(prefix(ofFolder: real))
        }
        let userPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return SnippetIsolation(toolchains: prefixes, moduleCache: moduleCacheFolder(environment: environment),
                                path: (binFolders + [userPath]).joined(separator: ":"), allowNetwork: allowNetwork)
    }

    /// The folder a toolchain's executable belongs to: `/opt/swift/usr` for `/opt/swift/usr/bin/swiftc`.
    static func prefix(of executable: String) -> String {
        prefix(ofFolder: (Sandbox.normalized(executable) as NSString).deletingLastPathComponent)
    }

    /// A `bin` folder's parent, or the folder itself.
    static func prefix(ofFolder folder: String) -> String {
        (folder as NSString).lastPathComponent == "bin" ? (folder as NSString).deletingLastPathComponent : folder
    }

    /// `~/.cache/knap/swift-module-cache` (`$XDG_CACHE_HOME` when set), made if missing; as root a
    /// folder of its own, owned by the compilers' uid.
    static func moduleCacheFolder(environment: [String: String]) -> String {
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? environment["HOME"].map { $0 + "/.cache" } ?? NSTemporaryDirectory() + "knap-cache-\(getuid())"
        let root = SandboxUsers.dropsFromRoot
        let folder = Sandbox.normalized(cache + "/knap/" + (root ? "swift-module-cache-sandbox" : "swift-module-cache"))
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var info = stat()
        if root, stat(folder, &info) == 0, info.st_uid != SandboxUsers.compiler {
            SandboxUsers.own(folder, by: SandboxUsers.compiler)
        }
        return folder
    }
}
