/// Swift: `swiftc` builds the files into one module (entry `main.swift`), then the binary runs.
public struct SwiftRunner: Runner {
    public init() {}
    public let name = "swift"
    public let languages = ["swift"]
    public let fileExtensions = ["swift"]
    public let defaultFileName = "main.swift"
    public let commentPrefix = "//"
    public var readsPrintsComments: Bool { true }
    public let versionCommand = Command("swiftc", ["--version"])

    /// The binary's name inside the snippet's folder.
    static let binary = "snippet"
    /// Classic one-line diagnostics (`file:line:col: error: …`), which Knap maps to note lines.
    static let flags = ["-module-name", "Snippet", "-diagnostic-style", "llvm"]

    public func build(files: [String], entry: String, directory: String) -> Command? {
        // swiftc treats a lone file, whatever its name, as the main file. `-g` lets a crash's
        // backtrace name the source line (it costs no measurable compile time).
        Command("swiftc", Self.flags + ["-g", "-o", directory + "/" + Self.binary] + files)
    }

    public func check(files: [String], entry: String, directory: String) -> Command {
        Command("swiftc", ["-typecheck"] + Self.flags + files)
    }

    public func run(entry: String, directory: String) -> Command {
        Command(directory + "/" + Self.binary)
    }
}
