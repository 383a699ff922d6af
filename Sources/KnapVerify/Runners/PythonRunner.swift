/// Python 3: files side by side in one folder, `python3 main.py`.
public struct PythonRunner: Runner {
    public init() {}
    public let name = "python"
    public let languages = ["python", "py", "python3"]
    public let fileExtensions = ["py"]
    public let defaultFileName = "main.py"
    public let commentPrefix = "#"
    public let versionCommand = Command("python3", ["--version"])
    public var interpreterProbe: Command? { Command("python3", ["-c", "import sys; sys.stdout.write(sys.executable)"]) }

    public func build(files: [String], entry: String, directory: String) -> Command? { nil }

    public func check(files: [String], entry: String, directory: String) -> Command {
        Command("python3", ["-m", "py_compile"] + files)
    }

    public func run(entry: String, directory: String) -> Command {
        Command("python3", [entry])
    }
}
