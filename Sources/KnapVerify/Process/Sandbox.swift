import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a process runs under bubblewrap: what it sees and whether it has the network.
///
/// The process sees, read-only, the system folders (`/usr`, `/bin`, `/sbin`, `/lib*`, and `/etc`
/// with every file that is not world-readable masked), plus ``readOnly`` at their own paths; its
/// own folder and ``writable`` are the only places it can write, besides a private `/tmp` and
/// `/dev/shm`. It gets its own PID, IPC, UTS and cgroup namespaces and, unless ``network``, a
/// network namespace with only loopback, and dies with Knap. Started by root, it runs as an
/// otherwise unused uid (``SandboxUsers``) with no capabilities and no-new-privileges; started by
/// another user, it runs in a user namespace that may not make more of them.
public struct Sandbox: Sendable, Hashable {
    /// Who runs inside: a compiler or checker (one shared uid, which owns the module cache) or a
    /// snippet (a uid of its own while it runs).
    public enum Role: Sendable, Hashable {
        case tool
        case snippet
    }

    public var role: Role
    /// Files and folders visible read-only at their own paths (toolchains, a prebuilt binary).
    public var readOnly: [String]
    /// Folders visible read-write at their own paths (the Swift module cache), besides the process's folder.
    public var writable: [String]
    public var network: Bool

    public init(role: Role, readOnly: [String] = [], writable: [String] = [], network: Bool = false) {
        self.role = role
        self.readOnly = readOnly
        self.writable = writable
        self.network = network
    }

    /// bubblewrap, Debian's `bubblewrap`; `KNAP_BWRAP` in Knap's environment (the user's, never the
    /// vault's) names another one.
    public static let bwrap = ProcessInfo.processInfo.environment["KNAP_BWRAP"] ?? "/usr/bin/bwrap"
    /// util-linux's `setpriv`, which drops root to the sandbox's uid inside the sandbox.
    public static let setpriv = "/usr/bin/setpriv"

    /// Folders the sandbox shows anyway: binding inside them again is not needed.
    static let systemFolders = ["/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]

    /// bwrap's arguments (without `bwrap` itself) to run `command` in `directory`, as `user` when
    /// Knap is root (nil: a user namespace, for an ordinary user).
    func arguments(directory: String, command: [String], user: uid_t?) -> [String] {
        var arguments = ["--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup", "--die-with-parent",
                         "--new-session"]
        if !network { arguments.append("--unshare-net") }
        if user == nil { arguments += ["--unshare-user", "--disable-userns"] }
        arguments += HostLayout.shared.systemArguments
        arguments += ["--proc", "/proc", "--dev", "/dev",
                      "--perms", "1777", "--tmpfs", "/tmp", "--perms", "1777", "--tmpfs", "/dev/shm"]
        arguments += bindArguments(directory: directory)
        arguments += ["--chdir", directory, "--"]
        if let user {
            arguments += [Self.setpriv, "--reuid=\(user)", "--regid=\(user)", "--clear-groups", "--inh-caps=-all",
                          "--bounding-set=-all", "--no-new-privs", "--"]
        }
        return arguments + command
    }

    /// `--ro-bind`/`--bind` for each extra path at its own path, parents first, each missing parent
    /// made as a 0755 folder (bwrap's own would be 0700, closed to the sandbox's uid).
    private func bindArguments(directory: String) -> [String] {
        var binds: [(path: String, writable: Bool)] = []
        for path in readOnly { binds.append((Self.normalized(path), false)) }
        for path in writable + [directory] { binds.append((Self.normalized(path), true)) }
        binds = binds.filter { bind in !Self.systemFolders.contains { Self.isInside(bind.path, $0) } }
        binds.sort { $0.path < $1.path }
        var present: Set<String> = ["/", "/tmp", "/dev", "/dev/shm", "/proc"]
        var bound: [String] = []
        var arguments: [String] = []
        for bind in binds where !present.contains(bind.path) {
            // A read-only path inside one already bound is visible; a writable one is bound again.
            if !bind.writable, bound.contains(where: { Self.isInside(bind.path, $0) }) { continue }
            guard let source = Self.realPath(bind.path) else { continue }
            var ancestor = ""
            for component in bind.path.split(separator: "/").dropLast() {
                ancestor += "/" + component
                if present.contains(ancestor) || bound.contains(where: { Self.isInside(ancestor, $0) }) { continue }
                arguments += ["--perms", "0755", "--dir", ancestor]
                present.insert(ancestor)
            }
            arguments += [bind.writable ? "--bind" : "--ro-bind", source, bind.path]
            bound.append(bind.path)
            present.insert(bind.path)
        }
        return arguments
    }

    static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// `path` without `.`, `..`, doubled or trailing slashes.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// The host's system folders as the sandbox shows them, read once: `/usr` read-only, `/bin`,
/// `/sbin` and `/lib*` as the symlinks or folders they are, `/etc` read-only with every entry that
/// is not world-readable (`/etc/shadow`, `/etc/gshadow`, ssh host keys, `/etc/ssl/private`)
/// replaced by an empty file or folder.
struct HostLayout: Sendable {
    let systemArguments: [String]

    static let shared = HostLayout()

    private init() {
        var arguments = ["--ro-bind", "/usr", "/usr"]
        for name in ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"] {
            var info = stat()
            guard lstat(name, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFLNK, let target = Self.linkTarget(name) {
                arguments += ["--symlink", target, name]
            } else if info.st_mode & S_IFMT == S_IFDIR {
                arguments += ["--ro-bind", name, name]
            }
        }
        arguments += ["--ro-bind", "/etc", "/etc"]
        for (path, isFolder) in Self.privateEntries(in: "/etc") {
            arguments += isFolder ? ["--perms", "0755", "--tmpfs", path] : ["--ro-bind", "/dev/null", path]
        }
        systemArguments = arguments
    }

    private static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Files under `folder` that others may not read and folders they may not enter, not
    /// following symlinks; a private folder is listed alone, not what is inside it.
    static func privateEntries(in folder: String) -> [(path: String, isFolder: Bool)] {
        var found: [(String, Bool)] = []
        var pending = [folder]
        var visited = 0
        while let current = pending.popLast(), visited < 20_000 {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: current)) ?? [] {
                visited += 1
                let path = current + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                let type = info.st_mode & S_IFMT
                if type == S_IFDIR {
                    if info.st_mode & 0o005 != 0o005 { found.append((path, true)) } else { pending.append(path) }
                } else if type == S_IFREG, info.st_mode & 0o004 == 0 {
                    found.append((path, false))
                }
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }
}

extension Sandbox {
    /// Why no sandbox can be made here, with how to fix it; nil when one can. Tried once: a
    /// sandboxed `/usr/bin/true` must run.
    public static var problem: String? { probed }

    private static let probed: String? = {
        #if os(Linux)
        let skip = "or pass --no-sandbox to run snippets unconfined, with all your rights"
        guard FileManager.default.isExecutableFile(atPath: bwrap) else {
            return "bubblewrap is not installed (no \(bwrap)): install it with `apt-get install bubblewrap`, \(skip)"
        }
        if SandboxUsers.dropsFromRoot, !FileManager.default.isExecutableFile(atPath: setpriv) {
            return "setpriv is not installed (no \(setpriv)): install it with `apt-get install util-linux`, \(skip)"
        }
        guard let folder = TemporaryFolders.make(prefix: "knap-probe-") else {
            return "cannot make a temporary folder in \(NSTemporaryDirectory()) to try the sandbox"
        }
        defer { TemporaryFolders.remove(folder) }
        let outcome: ProcessOutcome
        do {
            outcome = try SandboxedProcess.run(executable: "/usr/bin/true", arguments: [], environment: ["PATH": "/usr/bin:/bin"],
                                               directory: folder, limits: .compiler(timeout: 30), homeIsPrivate: false,
                                               sandbox: Sandbox(role: .snippet))
        } catch {
            return "\(error), \(skip)"
        }
        if outcome.succeeded { return nil }
        let said = String(decoding: outcome.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return "bubblewrap cannot make a sandbox here (\(said.isEmpty ? outcome.describeTermination(timeout: 30) : said)). "
            + (SandboxUsers.dropsFromRoot ? "" : "If user namespaces are turned off, turn them on "
                + "(`sysctl -w kernel.unprivileged_userns_clone=1`, `sysctl -w user.max_user_namespaces=15000`, or on Ubuntu "
                + "`sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`), ")
            + skip
        #else
        return "the snippet sandbox (bubblewrap) needs Linux: pass --no-sandbox to run snippets unconfined, with all your rights"
        #endif
    }()
}
