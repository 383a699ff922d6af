import Foundation

/// A program to start: an executable (found on PATH when it has no `/`) and its arguments.
public struct Command: Sendable, Hashable {
    public var executable: String
    public var arguments: [String]

    public init(_ executable: String, _ arguments: [String] = []) {
        self.executable = executable
        self.arguments = arguments
    }
}

/// How one language is verified. Adding a language means adding one type that conforms, and
/// registering it in ``RunnerRegistry/standard``.
public protocol Runner: Sendable {
    /// The runner's name in reports and cache keys (`swift`, `python`).
    var name: String { get }
    /// Fence languages it takes (`python`, `py`, `python3`).
    var languages: [String] { get }
    /// File extensions that a first-line comment may name (`swift`).
    var fileExtensions: [String] { get }
    /// The name of a single unnamed file (`main.swift`).
    var defaultFileName: String { get }
    /// Names that make a file the entry point of a multi-file program.
    var entryNames: [String] { get }
    /// `//` or `#`.
    var commentPrefix: String { get }
    /// Whether `// Prints "text"` comments (the Swift book's convention) are expectations.
    var readsPrintsComments: Bool { get }
    /// The command whose output names the toolchain (`swiftc --version`); part of the cache key.
    var versionCommand: Command { get }
    /// A command that prints the real path of the interpreter, run once per run, so that a
    /// version-manager shim (pyenv, asdf) is not started again for every snippet; nil for none.
    var interpreterProbe: Command? { get }
    /// The compile step, or nil for interpreted languages. `files` are absolute paths, entry first.
    func build(files: [String], entry: String, directory: String) -> Command?
    /// A syntax or type check without running, for `no-run` and `compile-fail` (defaults to ``build``).
    func check(files: [String], entry: String, directory: String) -> Command
    /// The run step, after ``build`` when there is one.
    func run(entry: String, directory: String) -> Command
}

extension Runner {
    public var entryNames: [String] { [defaultFileName] }
    public var readsPrintsComments: Bool { false }
    public var interpreterProbe: Command? { nil }
    public func check(files: [String], entry: String, directory: String) -> Command {
        build(files: files, entry: entry, directory: directory) ?? run(entry: entry, directory: directory)
    }
}
