/// POSIX shell (`sh`, `shell`) or bash (`bash`): the entry file runs with the shell.
public struct ShellRunner: Runner {
    public let name: String
    public let languages: [String]
    let shell: String
    public let fileExtensions = ["sh", "bash"]
    public let defaultFileName = "main.sh"
    public let commentPrefix = "#"

    public static let sh = ShellRunner(name: "sh", languages: ["sh", "shell"], shell: "sh")
    public static let bash = ShellRunner(name: "bash", languages: ["bash"], shell: "bash")

    public var versionCommand: Command {
        shell == "bash" ? Command("bash", ["--version"]) : Command("sh", ["-c", "readlink -f \"$(command -v sh)\""])
    }

    public func build(files: [String], entry: String, directory: String) -> Command? { nil }

    public func check(files: [String], entry: String, directory: String) -> Command {
        Command(shell, ["-n", entry])
    }

    public func run(entry: String, directory: String) -> Command {
        Command(shell, [entry])
    }
}
